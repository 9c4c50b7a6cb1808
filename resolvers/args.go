package resolvers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/graph"
)

// decodeArgs puts the arguments of a selected field into the compiler's typed arguments (into
// points to cypher.Args for a field below the root, or to the root field's own type, such as
// cypher.CountryPageArgs). This is the one place arguments are read: gqlgen has validated them
// against the schema and applied the defaults; what is left is the GraphQL specification's
// coercion of integers given for an ID, and putting each value in its typed place, which the
// typed arguments' JSON names (the schema's names) do. An argument the schema declares and the
// typed arguments have no place for is a defect the schema test reports (TestEverySchemaField...).
func (r *Resolver) decodeArgs(oc *graphql.OperationContext, f graphql.CollectedField, into any) error {
	if f.Definition == nil || len(f.Definition.Arguments) == 0 {
		return nil
	}
	raw := f.ArgumentMap(oc.Variables)
	for _, def := range f.Definition.Arguments {
		if v, ok := raw[def.Name]; ok {
			raw[def.Name] = r.coerceIDs(def.Type, v)
		}
	}
	return decodeJSON(raw, into, f.Name)
}

// decodeJSON fills into from raw by JSON names, refusing names into has no place for.
func decodeJSON(raw map[string]any, into any, field string) error {
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Errorf("arguments of %s: %w", field, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return graph.BadInput(typeErr.Field, "%s.%s: %s is not a valid %s here", field, typeErr.Field, typeErr.Value, typeErr.Type)
		}
		return fmt.Errorf("arguments of %s: %w", field, err)
	}
	return nil
}

// coerceIDs applies the specification's input coercions that gqlgen's argument map leaves
// undone: an integer given for an ID is its decimal string, and a single value given for a list
// is a list of one (anywhere in lists and input objects).
func (r *Resolver) coerceIDs(t *ast.Type, v any) any {
	switch {
	case v == nil:
		return nil
	case t.Elem != nil:
		list, ok := v.([]any)
		if !ok {
			list = []any{v} // a single value given for a list is a list of one
		}
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = r.coerceIDs(t.Elem, x)
		}
		return out
	case t.NamedType == "ID":
		switch n := v.(type) {
		case int64:
			return strconv.FormatInt(n, 10)
		case int:
			return strconv.Itoa(n)
		case json.Number:
			return n.String()
		}
		return v
	}
	def := r.schema.Types[t.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return v
	}
	out := make(map[string]any, len(obj))
	for k, x := range obj {
		if fd := def.Fields.ForName(k); fd != nil {
			x = r.coerceIDs(fd.Type, x)
		}
		out[k] = x
	}
	return out
}
