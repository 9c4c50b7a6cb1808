package store

import (
	"errors"
	"testing"
)

func TestBadRowsAreReportedNeverAPanic(t *testing.T) {
	cases := []struct {
		name   string
		decode func() error
		field  string
	}{
		{"a search hit without a kind", func() error {
			_, err := decodeSearchHit(map[string]any{"row": map[string]any{}}, 1.5)
			return err
		}, "object.kind"},
		{"a search hit whose row is not a map", func() error {
			_, err := decodeSearchHit(map[string]any{"kind": "Finding", "row": "x"}, 1.5)
			return err
		}, "object.row"},
		{"a search hit with an integer score", func() error {
			_, err := decodeSearchHit(map[string]any{"kind": "Finding", "row": map[string]any{}}, int64(2))
			return err
		}, "score"},
		{"a total that is missing", func() error { _, err := decodeInt(nil, "total"); return err }, "total"},
		{"a page that is not a list", func() error { _, err := decodeList[map[string]any]("x", "page"); return err }, "page"},
		{"a list with one element of the wrong type", func() error {
			_, err := decodeList[string]([]any{"KEN", int64(3)}, "country")
			return err
		}, "country[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.decode()
			var bad *BadRowError
			if !errors.As(err, &bad) {
				t.Fatalf("got %v, want a BadRowError", err)
			}
			if bad.Field != c.field {
				t.Fatalf("the error names %q, want %q (%v)", bad.Field, c.field, err)
			}
		})
	}
}

func TestGoodRowsDecodeAsBefore(t *testing.T) {
	h, err := decodeSearchHit(map[string]any{"kind": "Finding", "row": map[string]any{"key": "f1"}}, 2.5)
	if err != nil || h.Kind != "Finding" || h.Row["key"] != "f1" || h.Score != 2.5 {
		t.Fatalf("got %+v, %v", h, err)
	}
	if n, err := decodeInt(int64(42), "total"); err != nil || n != 42 {
		t.Fatalf("got %d, %v", n, err)
	}
	keys, err := decodeList[string]([]any{"KEN", "BRA"}, "country")
	if err != nil || len(keys) != 2 || keys[0] != "KEN" || keys[1] != "BRA" {
		t.Fatalf("got %v, %v", keys, err)
	}
	if empty, err := decodeList[string]([]any{}, "country"); err != nil || empty != nil {
		t.Fatalf("an empty list decodes to nil, as appending did; got %#v, %v", empty, err)
	}
}
