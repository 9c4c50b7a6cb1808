package store

import (
	"fmt"
)

// A bad row is reported, never a panic: the decoders below read the values of a Neo4j record
// with checked type assertions and name the field that did not hold what the statement returns.
// Such a row means a bug in a statement or data written around the API; callers see an internal
// error for the one request, and the server keeps running.

// BadRowError says which field of a record held an unexpected value.
type BadRowError struct {
	Field string // the column, or column.key / column[i] inside it
	Got   string // the Go type the driver returned
	Want  string // the Go type the decoder expected
}

func (e *BadRowError) Error() string {
	return fmt.Sprintf("unexpected row: %s is %s, want %s", e.Field, e.Got, e.Want)
}

// decodeAs reads v as a T.
func DecodeAs[T any](v any, field string) (T, error) {
	t, ok := v.(T)
	if !ok {
		return t, &BadRowError{Field: field, Got: fmt.Sprintf("%T", v), Want: fmt.Sprintf("%T", t)}
	}
	return t, nil
}

// decodeInt reads an integer (the driver returns every Cypher INTEGER as int64).
func decodeInt(v any, field string) (int, error) {
	n, err := DecodeAs[int64](v, field)
	return int(n), err
}

// decodeList reads a list whose every element is a T.
func decodeList[T any](v any, field string) ([]T, error) {
	items, err := DecodeAs[[]any](v, field)
	if err != nil {
		return nil, err
	}
	var out []T
	for i, item := range items {
		t, err := DecodeAs[T](item, fmt.Sprintf("%s[%d]", field, i))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
