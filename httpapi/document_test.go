package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/mnrgraph/mnrgraph/resolvers"
)

// fragmentBomb is a document of levels fragments, each spreading the next one twice: about 50
// bytes a level, and 2^(levels-1) copies of the last fragment once expanded.
func fragmentBomb(levels int) string {
	var b strings.Builder
	b.WriteString(`{ country(iso3: "KEN") { ...F0 } }`)
	for i := 0; i < levels-1; i++ {
		fmt.Fprintf(&b, "\nfragment F%d on Country { ...F%d ...F%d }", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "\nfragment F%d on Country { name }", levels-1)
	return b.String()
}

// fieldFlood is one selection set repeating one field n times.
func fieldFlood(n int) string {
	return "{ meta { " + strings.Repeat("role ", n) + "} } #random"
}

func parse(t testing.TB, q string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDocumentSizeCountsFragmentsAtEverySpread(t *testing.T) {
	cases := []struct {
		name, query string
		size        int
	}{
		{"fields at every depth", `{ meta { role apiVersion } countries { totalCount } }`, 5},
		{"a fragment counts at each spread and where it is defined",
			`{ a: country(iso3: "KEN") { ...C } b: country(iso3: "FRA") { ...C } } fragment C on Country { name iso3 }`,
			2*(1+1+2) + 2},
		{"a field counts once more for each inline fragment it is in", `{ node(id: "x") { id ... on Country { name ... on Country { iso3 } } } }`, 1 + 1 + 2 + 3},
		{"so does a spread", `{ node(id: "x") { ... on Country { ...C } } } fragment C on Country { name }`, 1 + (2 + 1) + 1},
		{"a spread of an unknown fragment counts one", `{ meta { ...Nope } }`, 2},
		{"fragments that spread each other terminate", `{ meta { ...A } } fragment A on Meta { ...B } fragment B on Meta { role ...A }`, 10},
		{"each level of the bomb doubles", fragmentBomb(3), 1 + (1 + 2*(1+2*(1+1))) + 2*(1+2*(1+1)) + 2*(1+1) + 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := newDocumentMeasure(parse(t, c.query)).size(); got != c.size {
				t.Errorf("size %d, want %d", got, c.size)
			}
		})
	}
}

// The 25-level bomb expands to tens of millions of fields; its size is computed from 25 memoised
// fragment sizes, without expanding anything.
func TestFragmentBombSizeIsComputedWithoutExpanding(t *testing.T) {
	m := newDocumentMeasure(parse(t, fragmentBomb(25)))
	if n := m.size(); n < 1<<25 {
		t.Fatalf("the 25-level bomb measures %d", n)
	}
	if len(m.sizes) != 25 {
		t.Errorf("%d fragment sizes computed, want each of the 25 once", len(m.sizes))
	}
	// A bomb deep enough to overflow an int is capped, not wrapped around.
	if n := newDocumentMeasure(parse(t, fragmentBomb(80))).size(); n != sizeCap {
		t.Errorf("the 80-level bomb measures %d, want the cap %d", n, sizeCap)
	}
}

func TestDocumentLimitsRefuseBeforeValidation(t *testing.T) {
	l := Limits{}.withDefaults()
	cases := []struct {
		name, query, want string
	}{
		{"the fragment bomb", fragmentBomb(25), "fields, counting a fragment's fields at every spread"},
		{"the field flood", fieldFlood(14_900), "the document selects 14,901 fields"},
		{"one field repeated past the limit", fieldFlood(101), `the selection of meta in the operation selects "role" 101 times`},
		{"a name repeated through fragments", `{ meta { ...A ...B } } fragment A on Meta { ` + strings.Repeat("r: role ", 60) + ` } fragment B on Meta { ` + strings.Repeat("r: apiVersion ", 60) + ` }`,
			`the selection of meta in the operation selects "r" 120 times`},
		{"fields nested in many inline fragments", `{ meta { ` + strings.Repeat("... on Meta { role ", 100) + strings.Repeat("} ", 100) + `} }`,
			"the document selects 5,151 fields"},
		{"fragment spreads nested in many inline fragments", `{ meta { ` + strings.Repeat("... on Meta { ...M ", 100) + strings.Repeat("} ", 100) + `} } fragment M on Meta { role }`,
			"the document selects 5,252 fields"},
		{"selections merged under one response name", `{ ` + strings.Repeat(`c: country(iso3: "KEN") { `+strings.Repeat("a: name ", 60)+`} `, 2) + `}`,
			`the selection of c in the operation selects "a" 120 times`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := l.measureDocument(parse(t, c.query))
			if err == nil {
				t.Fatal("not refused")
			}
			if err.Extensions["code"] != CodeTooManyFields || !strings.Contains(err.Message, c.want) {
				t.Errorf("%v: %s, want %q", err.Extensions["code"], err.Message, c.want)
			}
		})
	}
	for _, ok := range []string{fieldFlood(100), introspectionQuery, fragmentBomb(7)} {
		if err := l.measureDocument(parse(t, ok)); err != nil {
			t.Errorf("refused %.60s...: %s", ok, err.Message)
		}
	}
}

// A fragment that spreads itself is refused with validation's error before anything expands it,
// whatever it repeats.
func TestFragmentCyclesAreRefusedAsValidationWould(t *testing.T) {
	q := `{ meta { ...A } } fragment A on Meta { ` + strings.Repeat("a: role a: apiVersion ", 450) + ` ...B } fragment B on Meta { ...A }`
	err := Limits{}.withDefaults().measureDocument(parse(t, q))
	if err == nil || err.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || err.Message != `Cannot spread fragment "A" within itself.` {
		t.Fatalf("%v", err)
	}
	if len(err.Locations) != 1 || err.Locations[0].Line != 1 {
		t.Errorf("locations %v", err.Locations)
	}
}

// The extension skips a document the query cache holds, and leaves one that does not parse to gqlgen.
func TestIntrospectionIsWellWithinTheLimit(t *testing.T) {
	if n := newDocumentMeasure(parse(t, introspectionQuery)).size(); n != 489 {
		t.Errorf("GraphiQL's introspection query measures %d", n)
	}
}

func TestDocumentLimitsExtension(t *testing.T) {
	d := DocumentLimits{Limits: Limits{MaxFields: 2}, Cache: graphql.MapCache[*ast.QueryDocument]{}}
	ctx := context.Background()
	if err := d.MutateOperationParameters(ctx, &graphql.RawParams{Query: "{ meta { role apiVersion } }"}); err == nil {
		t.Error("a document of 3 fields passed a limit of 2")
	}
	d.Cache.Add(ctx, "{ meta { role apiVersion } }", &ast.QueryDocument{})
	if err := d.MutateOperationParameters(ctx, &graphql.RawParams{Query: "{ meta { role apiVersion } }"}); err != nil {
		t.Errorf("a cached document was measured again: %s", err.Message)
	}
	if err := d.MutateOperationParameters(ctx, &graphql.RawParams{Query: "{ meta { "}); err != nil {
		t.Errorf("a document that does not parse: %s", err.Message)
	}
}

// introspectionQuery is GraphiQL's (graphql-js's getIntrospectionQuery with every option), the
// largest document a client sends routinely.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    description
    queryType { name kind } mutationType { name kind } subscriptionType { name kind }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// Benchmarks: what a refusal costs (parse and measure), and what validation costs for the worst
// documents the limits let through. go test -run '^$' -bench . ./httpapi
func BenchmarkRefuse(b *testing.B) {
	d := DocumentLimits{TokenLimit: 15000}
	for name, q := range map[string]string{"fragment-bomb-25": fragmentBomb(25), "field-flood-14900": fieldFlood(14_900)} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := d.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: q}); err == nil {
					b.Fatal("not refused")
				}
			}
		})
	}
}

// worstPassing are documents built to make validation work hardest within the default limits.
var worstPassing = map[string]string{
	// 2,000 fields sharing no name: linear.
	"distinct-2000": "{ meta { " + numbered("a%d: role ", 1999) + "} }",
	// 100 fields of one name in each of 19 selection sets: pairs compared within each.
	"same-name-100x19": "{ " + numbered(`c%d: country(iso3: "KEN") { `+strings.Repeat("a: name ", 100)+"} ", 19) + "}",
	// The same, every pair conflicting: validation reports one error per pair.
	"conflicting-100x19": "{ " + numbered(`c%d: country(iso3: "KEN") { `+strings.Repeat("a: name a: iso3 ", 50)+"} ", 19) + "}",
	// Fragments are compared pairwise where they are spread together.
	"fragments-666": "{ meta { " + numbered("...M%d ", 666) + "} }" + numbered2("fragment M%d on Meta { a%d: role } ", 666),
	// Inline fragments nested in each other, one field of one name in each: validation compares
	// each one's fields among themselves, those of the ones inside included.
	"nested-inline-fragments-61": "{ meta { " + strings.Repeat("... on Meta { role ", 61) + strings.Repeat("} ", 61) + "} }",
	// The same with a fragment spread in each: the spreads of each one are compared pairwise.
	"nested-inline-spreads-60": "{ meta { " + strings.Repeat("... on Meta { ...M ", 60) + strings.Repeat("} ", 60) + "} } fragment M on Meta { role }",
	// Two chains of fragments: every pair of their links is compared (a chain's size grows with
	// the square of its length, since every fragment counts with its spreads expanded).
	"fragment-chains-2x30": "{ meta { ...A0 ...B0 } }" + chains(30),
}

func numbered(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

func numbered2(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i, i)
	}
	return b.String()
}

func chains(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "fragment A%d on Meta { ...A%d } fragment B%d on Meta { ...B%d } ", i, i+1, i, i+1)
	}
	fmt.Fprintf(&b, "fragment A%d on Meta { role } fragment B%d on Meta { role }", n, n)
	return b.String()
}

func TestWorstPassingDocumentsPass(t *testing.T) {
	l := Limits{}.withDefaults()
	for name, q := range worstPassing {
		m := newDocumentMeasure(parse(t, q))
		if err := l.measureDocument(parse(t, q)); err != nil {
			t.Errorf("%s (size %d) is refused: %s", name, m.size(), err.Message)
		}
	}
}

func BenchmarkValidateWorstPassing(b *testing.B) {
	schema := resolvers.NewSchema(nil, resolvers.Options{}).Schema()
	for name, q := range worstPassing {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: q}, 15000)
				if err != nil {
					b.Fatal(err)
				}
				if err := (Limits{}.withDefaults()).measureDocument(doc); err != nil {
					b.Fatal(err)
				}
				_ = validator.ValidateWithRules(schema, doc, rules.NewDefaultRules())
			}
		})
	}
}
