// Package httpapi is the HTTP face of the API: the GraphQL handler and its limits, the health,
// readiness and metrics endpoints, CORS, request logging and the small HTTP adjustments the
// GraphQL-over-HTTP specification asks for.
//
// It owns the HTTP transport and the request limits. It does not import the Neo4j driver or the
// resolvers: it serves whatever executable schema it is given and reaches the database only
// through package graph (readiness and statement metrics).
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
// the ranges package graph enforces when it compiles the field, checked here as well so that
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

// fieldEstimates are the expected sizes of particular list fields in the report's graph (a
// country is party to at most 8 instruments, a capability rests on at most 4 ...); other lists
// are weighed by listEstimates, the expected size of a list of that type.
var fieldEstimates = map[string]int{
	"Country.instruments": 8, "Country.practices": 9, "Country.citations": 3, "Country.peers": 41,
	"Capability.instruments": 4, "Capability.findings": 3, "Capability.challenges": 2, "Capability.practices": 2,
	"Domain.capabilities": 5, "Finding.capabilities": 2, "Challenge.capabilities": 2, "Practice.capabilities": 2,
	"Instrument.capabilities": 2, "Instrument.parties": 42, "Participation.citations": 3,
}

// listEstimates are the expected sizes of lists of a type (42 countries, 21 capabilities, ...).
var listEstimates = map[string]int{
	"Country": 42, "Participation": 42, "Capability": 21, "Assessment": 21, "Domain": 6, "Instrument": 8,
	"Finding": 24, "Challenge": 19, "Practice": 9, "CallToAction": 5, "Source": 50, "Citation": 3,
	"CountryGroup": 7, "CoverageCell": 84, "GraphNode": 200, "GraphEdge": 400,
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
			mult = defaultListEstimate
			if est, ok := listEstimates[named]; ok {
				mult = est
			}
			if est, ok := fieldEstimates[parentType+"."+f.Name]; ok {
				mult = est
			}
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
