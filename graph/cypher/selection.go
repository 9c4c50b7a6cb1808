package cypher

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Field is one selected GraphQL field, independent of gqlgen: its response key, its schema
// name, its arguments (defaults applied; enums as strings, input objects as maps) and the fields
// selected below it. The resolvers package builds these from a request; the compiler turns
// them into Cypher. Keeping them plain makes the compiler testable with golden files.
type Field struct {
	Key      string         `json:"key"`
	Name     string         `json:"name"`
	Args     map[string]any `json:"args,omitempty"`
	Children []Field        `json:"children,omitempty"`
	// ByType holds the selection for each concrete type when the field's type is a union or an
	// interface (search hits, node).
	ByType map[string][]Field `json:"byType,omitempty"`
}

// mergeFields folds fields that share a response key into one, merging their children, so that
// `edges { node { name } } nodes { iso3 }` projects each country once. Two fields with the same
// key but a different name or different arguments cannot share one projection.
func mergeFields(fields []Field) ([]Field, error) {
	var out []Field
	index := map[string]int{}
	for _, f := range fields {
		i, seen := index[f.Key]
		if !seen {
			index[f.Key] = len(out)
			out = append(out, f)
			continue
		}
		prev := out[i]
		if prev.Name != f.Name || !reflect.DeepEqual(prev.Args, f.Args) {
			return nil, graph.BadInput("", "the response key %q is used for two different fields or arguments in one list; give them different aliases", f.Key)
		}
		children, err := mergeFields(append(append([]Field{}, prev.Children...), f.Children...))
		if err != nil {
			return nil, err
		}
		prev.Children = children
		out[i] = prev
	}
	return out, nil
}

// Arguments arrive from gqlgen as JSON-like values; these helpers read them strictly.

func argString(f Field, name string) (string, bool) {
	s, ok := f.Args[name].(string)
	return s, ok
}

func argStrings(v any, what string) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		if ss, ok := v.([]string); ok {
			return ss, nil
		}
		return nil, graph.BadInput(what, "%s must be a list", what)
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, graph.BadInput(what, "%s must be a list of strings", what)
		}
		out = append(out, s)
	}
	return out, nil
}

func argInt(v any, what string) (int, bool, error) {
	switch n := v.(type) {
	case nil:
		return 0, false, nil
	case int:
		return n, true, nil
	case int64:
		return int(n), true, nil
	case int32:
		return int(n), true, nil
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return int(i), true, nil
		}
	case float64:
		if n == float64(int(n)) {
			return int(n), true, nil
		}
	}
	return 0, false, graph.BadInput(what, "%s must be an integer", what)
}

func describe(v any) string { return fmt.Sprintf("%v", v) }
