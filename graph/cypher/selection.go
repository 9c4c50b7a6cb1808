package cypher

import (
	"reflect"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Field is one selected GraphQL field, independent of gqlgen: its response key, its schema
// name, its typed arguments (defaults applied) and the fields selected below it. The resolvers package builds these from a request; the compiler turns
// them into Cypher. Keeping them plain makes the compiler testable with golden files.
type Field struct {
	Key      string  `json:"key"`
	Name     string  `json:"name"`
	Args     Args    `json:"args,omitempty"`
	Children []Field `json:"children,omitempty"`
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
