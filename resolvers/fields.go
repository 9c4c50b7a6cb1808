package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// selection returns the fields selected below the current field, as the compiler wants them,
// with fragments resolved for the concrete type typeName.
func (r *Resolver) selection(ctx context.Context, typeName string) ([]cypher.Field, error) {
	oc := graphql.GetOperationContext(ctx)
	return r.convert(oc, graphql.GetFieldContext(ctx).Field.Selections, typeName)
}

// convert turns a selection into Field trees: response keys, schema names, typed arguments
// (decodeArgs) and, for a union or an interface, the selection of each concrete type.
func (r *Resolver) convert(oc *graphql.OperationContext, sel ast.SelectionSet, typeName string) ([]cypher.Field, error) {
	var out []cypher.Field
	for _, cf := range graphql.CollectFields(oc, sel, r.satisfies(typeName)) {
		f := cypher.Field{Key: cf.Alias, Name: cf.Name}
		if err := r.decodeArgs(oc, cf, &f.Args); err != nil {
			return nil, err
		}
		if len(cf.Selections) > 0 && cf.Definition != nil {
			var err error
			child := r.schema.Types[cf.Definition.Type.Name()]
			if child != nil && child.IsAbstractType() {
				f.ByType = map[string][]cypher.Field{}
				for _, t := range r.schema.GetPossibleTypes(child) {
					if f.ByType[t.Name], err = r.convert(oc, cf.Selections, t.Name); err != nil {
						return nil, err
					}
				}
			} else if f.Children, err = r.convert(oc, cf.Selections, cf.Definition.Type.Name()); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// satisfies lists the type and the interfaces and unions it belongs to, so that fragments on
// any of them apply.
func (r *Resolver) satisfies(typeName string) []string {
	out := []string{typeName}
	if def := r.schema.Types[typeName]; def != nil {
		for _, d := range r.schema.GetImplements(def) {
			out = append(out, d.Name)
		}
	}
	return out
}

// Reading a field from its row. The compiler projects every selected field under its response
// key; a missing key is a compiler defect, reported as an internal error, never a panic.

type rowed interface {
	Values() model.Row
	Refused() model.Refused
}

// adopt gives a model object the refusals of the statement its row came from, so that its
// fields can tell a refused null from a real one.
func adopt[T any](x *T, r model.Refused) *T {
	if a, ok := any(x).(interface{ Adopt(model.Refused) }); ok {
		a.Adopt(r)
	}
	return x
}

// refusedSet is a statement's Refused as the model objects carry it.
func refusedSet(st cypher.Statement) model.Refused {
	if len(st.Refused) == 0 {
		return nil
	}
	r := model.Refused{}
	for _, f := range st.Refused {
		r[f] = true
	}
	return r
}

func value(ctx context.Context, o rowed) (any, bool) {
	f := graphql.GetFieldContext(ctx).Field
	if v, ok := o.Values()[f.Alias]; ok {
		return v, true
	}
	// A type's argument-free scalars are projected once each under their canonical key, whatever
	// the selection calls them (cypher.Type.Scalars).
	v, ok := o.Values()[cypher.CanonicalKey(f.Name)]
	return v, ok
}

// refusal is the FORBIDDEN error of the field being resolved when the statement o came from
// withheld it from the caller, or nil. A refused field resolves to null with that error (GraphQL
// then nulls the nearest nullable field around it), never to a value a client could take, or
// cache, as real.
func refusal(ctx context.Context, o rowed) error {
	fc := graphql.GetFieldContext(ctx)
	what := fc.Object + "." + fc.Field.Name
	if !o.Refused()[what] {
		return nil
	}
	return &graph.Error{Code: graph.CodeForbidden, Argument: what, Message: access.From(ctx).Deny(access.ReadAssessments, what)}
}

func missing(ctx context.Context) error {
	fc := graphql.GetFieldContext(ctx)
	return fmt.Errorf("field %s.%s was not projected", fc.Object, fc.Field.Name)
}

func str(ctx context.Context, o rowed) (string, error) {
	v, _ := value(ctx, o)
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", missing(ctx)
}

func optStr(ctx context.Context, o rowed) (*string, error) {
	v, _ := value(ctx, o)
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok {
		return &s, nil
	}
	return nil, missing(ctx)
}

func boolean(ctx context.Context, o rowed) (bool, error) {
	v, _ := value(ctx, o)
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, missing(ctx)
}

func integer(ctx context.Context, o rowed) (int, error) {
	v, _ := value(ctx, o)
	if n, ok := v.(int64); ok {
		return int(n), nil
	}
	return 0, missing(ctx)
}

func optInt(ctx context.Context, o rowed) (*int, error) {
	v, _ := value(ctx, o)
	if v == nil {
		return nil, nil
	}
	if n, ok := v.(int64); ok {
		i := int(n)
		return &i, nil
	}
	return nil, missing(ctx)
}

func optDate(ctx context.Context, o rowed) (*model.Date, error) {
	s, err := optStr(ctx, o)
	if s == nil || err != nil {
		return nil, err
	}
	d := model.Date(*s)
	return &d, nil
}

func enum[T ~string](ctx context.Context, o rowed) (T, error) {
	s, err := str(ctx, o)
	return T(s), err
}

func optEnum[T ~string](ctx context.Context, o rowed) (*T, error) {
	s, err := optStr(ctx, o)
	if s == nil || err != nil {
		return nil, err
	}
	t := T(*s)
	return &t, nil
}

func object[T any](ctx context.Context, o rowed, wrap func(model.Row) *T) (*T, error) {
	v, _ := value(ctx, o)
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, missing(ctx)
	}
	return adopt(wrap(m), o.Refused()), nil
}

func list[T any](ctx context.Context, o rowed, wrap func(model.Row) *T) ([]*T, error) {
	v, ok := value(ctx, o)
	if !ok {
		return nil, missing(ctx)
	}
	if err := refusal(ctx, o); err != nil {
		return nil, err
	}
	items, _ := v.([]any)
	out := make([]*T, 0, len(items))
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, missing(ctx)
		}
		out = append(out, adopt(wrap(m), o.Refused()))
	}
	return out, nil
}

func wrapAll[T any](rows []cypher.Row, refused model.Refused, wrap func(model.Row) *T) []*T {
	out := make([]*T, len(rows))
	for i, r := range rows {
		out[i] = adopt(wrap(r), refused)
	}
	return out
}

// countRange reads a CountRange projected as {min, max}.
func countRange(ctx context.Context, o rowed) (*model.CountRange, error) {
	v, _ := value(ctx, o)
	m, ok := v.(map[string]any)
	if !ok {
		return nil, missing(ctx)
	}
	lo, ok1 := m["min"].(int64)
	hi, ok2 := m["max"].(int64)
	if !ok1 || !ok2 {
		return nil, missing(ctx)
	}
	return &model.CountRange{Min: int(lo), Max: int(hi)}, nil
}

// publication converts a graph publication for the API.
func publication(p *store.Publication) *model.Publication {
	if p == nil {
		return nil
	}
	return &model.Publication{Number: p.Number, PublishedAt: model.DateTime(p.PublishedAt), AsOf: model.Date(p.AsOf),
		DataVersion: p.DataVersion, Threshold: p.Threshold, Hidden: p.Hidden, Cells: p.Cells, Illustrative: p.Illustrative}
}
