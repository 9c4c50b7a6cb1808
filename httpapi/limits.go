// Package httpapi is the HTTP face of the API: the GraphQL handler and its limits, the health,
// readiness and metrics endpoints, CORS, request logging and the small HTTP adjustments the
// GraphQL-over-HTTP specification asks for.
//
// It owns the HTTP transport and the request limits. It does not import the Neo4j driver or the
// resolvers: it serves whatever executable schema it is given and reaches the database only
// through package graph/store (readiness and statement metrics).
package httpapi

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Stable codes of requests refused before they run (HTTP 4xx).
const (
	CodeTooDeep          = "QUERY_TOO_DEEP"
	CodeTooManyAliases   = "TOO_MANY_ALIASES"
	CodeTooManyRoots     = "TOO_MANY_ROOT_FIELDS"
	CodeTooComplex       = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeTooManyFields    = "TOO_MANY_FIELDS"
	CodePageTooLarge     = "BAD_USER_INPUT"
	CodePayloadTooLarge  = "PAYLOAD_TOO_LARGE"
	CodeRequestTimedOut  = "REQUEST_TIMEOUT"
	CodeBadRequest       = "BAD_REQUEST"
	costStatsKey         = "mnrgraph.cost"
	introspectionPrefix  = "__"
	defaultListEstimate  = 20
	connectionPageAssume = 50
)

func init() {
	for _, code := range []string{CodeTooDeep, CodeTooManyAliases, CodeTooManyRoots, CodeTooComplex, CodeTooManyFields, CodePageTooLarge, CodeBadRequest} {
		// Refusals before execution are protocol errors: HTTP 4xx (400, see specShim), not 200.
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Limits bound what one operation may ask for. Zero means the default.
type Limits struct {
	MaxDepth      int
	MaxAliases    int
	MaxRootFields int
	MaxCost       int
	// MaxFields bounds the fields of a document, each fragment counted at every spread, and
	// MaxSameName how many fields of one selection set may share a response name (validation
	// compares those pairwise). Both are checked before the document is validated: see
	// DocumentLimits.
	MaxFields   int
	MaxSameName int
}

// DefaultLimits are the limits a zero field of Limits stands for, and the defaults of their
// settings (server.go).
var DefaultLimits = Limits{MaxDepth: 12, MaxAliases: 50, MaxRootFields: 20, MaxCost: 200_000, MaxFields: 2_000, MaxSameName: 100}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	for _, f := range []struct{ v, def *int }{
		{&l.MaxDepth, &d.MaxDepth}, {&l.MaxAliases, &d.MaxAliases}, {&l.MaxRootFields, &d.MaxRootFields},
		{&l.MaxCost, &d.MaxCost}, {&l.MaxFields, &d.MaxFields}, {&l.MaxSameName, &d.MaxSameName},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	return l
}

// sizeArgs are the size arguments of list fields, by "Type.field", and the range each accepts:
// the ranges package graph/cypher enforces when it compiles the field, checked here as well so that
// `first: 100000` or `first: -1` is refused with a 4xx before anything runs, whatever the selection.
var sizeArgs = map[string]map[string]sizeRange{
	"Query.countries": {"first": {0, cypher.MaxPageSize}, "last": {0, cypher.MaxPageSize}},
	"Query.search":    {"first": {1, cypher.MaxSearchHits}},
	"Query.graph":     {"limit": {1, cypher.MaxGraphLimit}, "depth": {1, cypher.MaxGraphDepth}},
	"Query.changes":   {"first": {0, cypher.MaxPageSize}},
}

type sizeRange struct{ min, max int }

// sizeAdvice says what to do instead of asking for a larger page.
var sizeAdvice = map[string]string{
	"Query.countries": "page through with cursors instead",
	"Query.changes":   "page through with cursors (after) instead",
	"Query.search":    "ask a narrower question instead",
	"Query.graph":     "start from a node nearer to what you need, or ask for less depth",
}

// listEstimates are the expected lengths of lists of the types the compiler does not describe
// (package cypher's Type.Size and Type.Sizes give the others).
var listEstimates = map[string]int{"GraphNode": 200, "GraphEdge": 400}

// listEstimate is the expected length of the list field parentType.field of type named.
func listEstimate(parentType, field, named string) int {
	est := defaultListEstimate
	if n, ok := listEstimates[named]; ok {
		est = n
	}
	if t, ok := cypher.TypeOf(named); ok && t.Size > 0 {
		est = t.Size
	}
	if t, ok := cypher.TypeOf(parentType); ok && t.FieldSize(field) > 0 {
		est = t.FieldSize(field)
	}
	return est
}

// QueryLimits is the gqlgen extension that enforces Limits on every operation.
type QueryLimits struct{ Limits Limits }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = QueryLimits{}

func (QueryLimits) ExtensionName() string                          { return "QueryLimits" }
func (QueryLimits) Validate(schema graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation and refuses it when it is over a limit.
func (q QueryLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	l := q.Limits.withDefaults()
	w := &walker{oc: oc}
	roots := w.fields(oc.Operation.SelectionSet)
	if len(roots) > l.MaxRootFields {
		return refuse(CodeTooManyRoots, "the operation has %d root fields; the limit is %d", len(roots), l.MaxRootFields)
	}
	if err := w.sizeArgs(oc.Operation.SelectionSet); err != nil {
		return err
	}
	depth := w.depth(oc.Operation.SelectionSet, 0)
	if depth > l.MaxDepth {
		return refuse(CodeTooDeep, "the operation is %d levels deep; the limit is %d", depth, l.MaxDepth)
	}
	if w.aliases > l.MaxAliases {
		return refuse(CodeTooManyAliases, "the operation uses %d aliases; the limit is %d", w.aliases, l.MaxAliases)
	}
	cost := w.cost(oc.Operation.SelectionSet, "Query")
	oc.Stats.SetExtension(costStatsKey, cost)
	if cost > l.MaxCost {
		return refuse(CodeTooComplex, "the operation's estimated cost is %d; the limit is %d (ask for smaller pages or fewer nested lists)", cost, l.MaxCost)
	}
	return nil
}

// CostOf returns the cost the limits computed for the operation in ctx (0 when unknown).
func CostOf(oc *graphql.OperationContext) int {
	if oc == nil {
		return 0
	}
	c, _ := oc.Stats.GetExtension(costStatsKey).(int)
	return c
}

func refuse(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

// sizeArgs refuses the first size argument, at any depth, outside its range.
func (w *walker) sizeArgs(set ast.SelectionSet) *gqlerror.Error {
	for _, f := range w.fields(set) {
		if f.ObjectDefinition != nil {
			key := f.ObjectDefinition.Name + "." + f.Name
			if ranges, ok := sizeArgs[key]; ok {
				args := f.ArgumentMap(w.oc.Variables)
				for _, name := range slices.Sorted(maps.Keys(ranges)) {
					n, ok := asInt(args[name])
					if !ok {
						continue
					}
					if err := ranges[name].check(key, name, n); err != nil {
						return err
					}
				}
			}
		}
		if err := w.sizeArgs(f.SelectionSet); err != nil {
			return err
		}
	}
	return nil
}

func (r sizeRange) check(field, arg string, n int) *gqlerror.Error {
	var e *gqlerror.Error
	switch {
	case n > r.max:
		e = refuse(CodePageTooLarge, "%s: %d is over the maximum of %d for %s; %s", arg, n, r.max, field[strings.IndexByte(field, '.')+1:], sizeAdvice[field])
	case n < r.min && r.min == 0:
		e = refuse(CodePageTooLarge, "%s must not be negative (got %d)", arg, n)
	case n < r.min:
		e = refuse(CodePageTooLarge, "%s must be between %d and %d (got %d)", arg, r.min, r.max, n)
	default:
		return nil
	}
	e.Extensions["argument"] = arg
	return e
}

// walker visits an operation's selections with fragments expanded.
type walker struct {
	oc      *graphql.OperationContext
	aliases int
}

// fields flattens a selection set into its fields, expanding fragments.
func (w *walker) fields(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, w.fields(s.SelectionSet)...)
		case *ast.FragmentSpread:
			if frag := w.oc.Doc.Fragments.ForName(s.Name); frag != nil {
				out = append(out, w.fields(frag.SelectionSet)...)
			}
		}
	}
	return out
}

func (w *walker) depth(set ast.SelectionSet, level int) int {
	deepest := level
	for _, f := range w.fields(set) {
		if f.Alias != "" && f.Alias != f.Name {
			w.aliases++
		}
		if strings.HasPrefix(f.Name, introspectionPrefix) {
			continue // introspection (GraphiQL's docs) is not data
		}
		if d := w.depth(f.SelectionSet, level+1); d > deepest {
			deepest = d
		}
	}
	return deepest
}

// cost weighs every field 1, and a list field's selection by the list's size: its first, last
// or limit argument (a schema default counts; an explicit null falls back to the server's
// default page size), or the expected size of such lists in the graph.
func (w *walker) cost(set ast.SelectionSet, parentType string) int {
	total := 0
	for _, f := range w.fields(set) {
		if strings.HasPrefix(f.Name, introspectionPrefix) || f.Definition == nil {
			continue
		}
		mult := 1
		typ := f.Definition.Type
		named := typ.Name()
		args := f.ArgumentMap(w.oc.Variables)
		switch {
		case strings.HasSuffix(named, "Connection"):
			mult = connectionPageAssume
			for _, a := range []string{"first", "last"} {
				if n, ok := asInt(args[a]); ok {
					mult = n
				}
			}
		case typ.Elem != nil && !strings.HasSuffix(parentType, "Connection"):
			mult = listEstimate(parentType, f.Name, named)
			for _, a := range []string{"first", "last", "limit"} {
				if n, ok := asInt(args[a]); ok {
					mult = n
				}
			}
		}
		mult = max(mult, 1)
		sub := w.cost(f.SelectionSet, named)
		total += 1 + mult*sub
		if total > 1<<40 {
			return total
		}
	}
	return total
}

func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
