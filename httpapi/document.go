package httpapi

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// What a document may cost before it is validated.
//
// Validation and everything after it cost more than the document's length: gqlgen's executor, and
// the limits measured after validation, expand a fragment anew at every spread, so n fragments
// that each spread the next one twice make 2^(n-1) copies of the last one; and the validation rule
// that fields of one response name can be merged compares those fields pairwise, so a selection
// set that repeats a field n times costs n²/2 comparisons, each conflicting pair an error. The
// token limit bounds neither. So every document gqlgen has not validated before is parsed and
// measured first, in time linear in its length, and refused before validation when it is over a
// limit.

// maxListedErrors bounds the errors of a refused document: a document that breaks one rule many
// times (every pair of conflicting fields is one error) is told about the first ones, like
// graphql-js's validation does, rather than answered with megabytes of errors.
const maxListedErrors = 100

// DocumentLimits is the gqlgen extension that measures a document before gqlgen validates it.
// It must be used after the persisted-query extension, which supplies the query of a hash.
type DocumentLimits struct {
	Limits Limits
	// Cache is the handler's query cache: gqlgen keeps only documents it validated, which passed
	// these limits, so a document found there is not measured again.
	Cache graphql.Cache[*ast.QueryDocument]
	// TokenLimit is the handler's parser token limit.
	TokenLimit int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.ResponseInterceptor
} = DocumentLimits{}

func (DocumentLimits) ExtensionName() string                          { return "DocumentLimits" }
func (DocumentLimits) Validate(schema graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters parses the query and refuses it when it is over a limit. A query
// that does not parse is left to gqlgen, which reports the error with its code.
func (d DocumentLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil
	}
	if d.Cache != nil {
		if _, ok := d.Cache.Get(ctx, p.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, d.TokenLimit)
	if err != nil {
		return nil
	}
	return d.Limits.withDefaults().measureDocument(doc)
}

// InterceptResponse shortens the error list of a refused document to maxListedErrors.
func (DocumentLimits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || len(resp.Data) != 0 || len(resp.Errors) <= maxListedErrors {
		return resp
	}
	left := len(resp.Errors) - maxListedErrors
	more := &gqlerror.Error{
		Message:    fmt.Sprintf("and %d more errors, not listed; correct the ones above first", left),
		Extensions: resp.Errors[maxListedErrors].Extensions,
	}
	resp.Errors = append(resp.Errors[:maxListedErrors:maxListedErrors], more)
	return resp
}

// measureDocument refuses a document over MaxFields or MaxSameName.
func (l Limits) measureDocument(doc *ast.QueryDocument) *gqlerror.Error {
	m := newDocumentMeasure(doc)
	if n := m.size(); n > l.MaxFields {
		counted := ""
		if len(doc.Fragments) > 0 {
			counted = ", counting a fragment's fields at every spread"
		}
		return refuse(CodeTooManyFields, "the document selects %s fields%s; the limit is %s (ask for less, or split the request)",
			countText(n), counted, countText(l.MaxFields))
	}
	if m.cycle != nil {
		// Validation refuses a fragment that spreads itself; it is refused here with validation's
		// error, since the next measure expands fragments and would not end, and validation
		// would compare whatever the fragment repeats.
		e := gqlerror.Errorf("Cannot spread fragment %q within itself.", m.cycle.Name)
		e.Locations = []gqlerror.Location{{Line: m.cycle.Position.Line, Column: m.cycle.Position.Column}}
		errcode.Set(e, errcode.ValidationFailed)
		return e
	}
	if r := m.repeatedName(l.MaxSameName); r != nil {
		e := refuse(CodeTooManyFields, "%s selects %q %d times; at most %d fields of one selection set may share a response name (ask for it once)",
			r.where, r.name, r.count, l.MaxSameName)
		if r.pos != nil {
			e.Locations = []gqlerror.Location{{Line: r.pos.Line, Column: r.pos.Column}}
		}
		return e
	}
	return nil
}

// sizeCap is where sizes stop counting: far above any limit, and far below overflow.
const sizeCap = 1 << 50

func addCapped(a, b int) int { return min(a+b, sizeCap) }

func countText(n int) string {
	if n >= sizeCap {
		return "more than 10^15"
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// documentMeasure measures one document. Sizes are computed once per fragment, a spread reusing
// what its fragment measured, so a document is measured in time linear in its length whatever it
// expands to.
type documentMeasure struct {
	doc       *ast.QueryDocument
	fragments map[string]*ast.FragmentDefinition
	sizes     map[string]int
	// entered holds the fragments being measured: a fragment that spreads itself, directly or not,
	// counts nothing at the inner spread, and the spread is kept as the document's cycle.
	entered map[string]bool
	cycle   *ast.FragmentSpread
}

func newDocumentMeasure(doc *ast.QueryDocument) *documentMeasure {
	m := &documentMeasure{doc: doc, fragments: map[string]*ast.FragmentDefinition{},
		sizes: map[string]int{}, entered: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, ok := m.fragments[f.Name]; !ok { // the first of a repeated name, as validation reads it
			m.fragments[f.Name] = f
		}
	}
	return m
}

// size is how many fields the document selects with its fragments expanded: every field and
// every fragment spread counts one, and one more for each inline fragment it is in within its
// selection set (validation compares what each inline fragment holds among itself, and again
// with what is around it); a spread also counts the size of its fragment; and every operation
// and every fragment definition counts, as validation visits each.
func (m *documentMeasure) size() int {
	n := 0
	for _, op := range m.doc.Operations {
		n = addCapped(n, m.setSize(op.SelectionSet, 0))
	}
	for _, f := range m.doc.Fragments {
		if m.fragments[f.Name] == f {
			n = addCapped(n, m.fragmentSize(f.Name))
		} else {
			n = addCapped(n, m.setSize(f.SelectionSet, 0))
		}
	}
	return n
}

// setSize is the size of a selection set, inline fragments nested inline deep within it.
func (m *documentMeasure) setSize(set ast.SelectionSet, inline int) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n = addCapped(n, addCapped(1+inline, m.setSize(s.SelectionSet, 0)))
		case *ast.InlineFragment:
			n = addCapped(n, m.setSize(s.SelectionSet, inline+1))
		case *ast.FragmentSpread:
			if m.entered[s.Name] && m.cycle == nil {
				m.cycle = s
			}
			n = addCapped(n, addCapped(1+inline, m.fragmentSize(s.Name)))
		}
	}
	return n
}

func (m *documentMeasure) fragmentSize(name string) int {
	if n, ok := m.sizes[name]; ok {
		return n
	}
	f := m.fragments[name]
	if f == nil {
		return 0
	}
	if m.entered[name] {
		return 0
	}
	m.entered[name] = true
	n := m.setSize(f.SelectionSet, 0)
	delete(m.entered, name)
	m.sizes[name] = n
	return n
}

// repetition is a response name selected too often in one selection set.
type repetition struct {
	where, name string
	count       int
	pos         *ast.Position
}

// repeatedName finds a selection set in which more than max fields share a response name. It
// looks at selection sets as they are merged: inline fragments and fragment spreads merged into
// the set they are in, and the selections of fields that share a response name merged into one,
// as validation compares them. It expands fragments, so it is only for documents whose size is
// known to be within bounds and that have no cycle.
func (m *documentMeasure) repeatedName(max int) *repetition {
	for _, op := range m.doc.Operations {
		where := "the operation"
		if op.Name != "" {
			where = "operation " + op.Name
		}
		if r := m.mergedRepeats([]ast.SelectionSet{op.SelectionSet}, where, "", op.Position, max); r != nil {
			return r
		}
	}
	for _, f := range m.doc.Fragments {
		if r := m.mergedRepeats([]ast.SelectionSet{f.SelectionSet}, "fragment "+f.Name, "", f.Position, max); r != nil {
			return r
		}
	}
	return nil
}

// mergedRepeats checks the selection set that sets merge into, then the merged selections below
// it; path is the response names leading there from where.
func (m *documentMeasure) mergedRepeats(sets []ast.SelectionSet, where, path string, pos *ast.Position, max int) *repetition {
	var names []string
	fields := map[string][]*ast.Field{}
	var collect func(set ast.SelectionSet)
	collect = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				name := responseName(s)
				if _, ok := fields[name]; !ok {
					names = append(names, name)
				}
				fields[name] = append(fields[name], s)
			case *ast.InlineFragment:
				collect(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := m.fragments[s.Name]; f != nil {
					collect(f.SelectionSet)
				}
			}
		}
	}
	for _, set := range sets {
		collect(set)
	}
	for _, name := range names {
		if n := len(fields[name]); n > max {
			at := where
			if path != "" {
				at = "the selection of " + path + " in " + where
			}
			return &repetition{where: at, name: name, count: n, pos: pos}
		}
	}
	for _, name := range names {
		var below []ast.SelectionSet
		for _, f := range fields[name] {
			if len(f.SelectionSet) > 0 {
				below = append(below, f.SelectionSet)
			}
		}
		if len(below) == 0 {
			continue
		}
		sub := name
		if path != "" {
			sub = path + "." + name
		}
		if r := m.mergedRepeats(below, where, sub, fields[name][0].Position, max); r != nil {
			return r
		}
	}
	return nil
}

func responseName(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}
