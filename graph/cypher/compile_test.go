package cypher

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/compile")

// A golden case: a root field with its arguments and selection in, the Cypher and parameters
// out. The same shapes run against Neo4j in the API tests of the main package.
type goldenCase struct {
	Kind   string          `json:"kind"` // list, lookup, countries
	Root   string          `json:"root"` // root list name, or type for lookups
	Key    any             `json:"key,omitempty"`
	Args   json.RawMessage `json:"args,omitempty"`
	Fields []Field         `json:"fields"`
}

// goldenCompiler compiles the golden cases as of a fixed date, so that the files never change
// with the day they run on.
var goldenCompiler = Compiler{Clock: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}

func compileGolden(c goldenCase) (Statement, error) {
	cp := goldenCompiler
	decode := func(into any) error {
		if len(c.Args) == 0 {
			return nil
		}
		dec := json.NewDecoder(bytes.NewReader(c.Args))
		dec.DisallowUnknownFields()
		return dec.Decode(into)
	}
	switch c.Kind {
	case "list":
		var a ListArgs
		if err := decode(&a); err != nil {
			return Statement{}, err
		}
		return cp.CompileList(Full, c.Root, a, c.Fields)
	case "lookup":
		return cp.CompileLookup(Full, c.Root, c.Key, c.Fields)
	case "countries":
		var a CountryPageArgs
		if err := decode(&a); err != nil {
			return Statement{}, err
		}
		return cp.CompileCountries(Full, a, c.Fields)
	}
	return Statement{}, fmt.Errorf("unknown kind %q", c.Kind)
}

func TestCompilerGoldenFiles(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/compile/*.input.json")
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.json")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var c goldenCase
			dec := json.NewDecoder(strings.NewReader(string(b)))
			if err := dec.Decode(&c); err != nil {
				t.Fatal(err)
			}
			st, err := compileGolden(c)
			var got string
			if err != nil {
				got = "ERROR " + graph.CodeOf(err) + ": " + err.Error() + "\n"
			} else {
				params, _ := json.MarshalIndent(st.Params, "", "  ")
				refs, _ := json.Marshal(st.Refs)
				got = strings.ReplaceAll(st.Cypher, " WITH ", "\nWITH ") + "\n-- params\n" + string(params) + "\n-- refs\n" + string(refs) + "\n"
			}
			golden := filepath.Join("testdata/compile", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./graph -update to create it)", err)
			}
			if got != string(want) {
				t.Fatalf("compiled output differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestUserValuesNeverReachTheCypherText(t *testing.T) {
	hostile := `x"}) DETACH DELETE n //`
	st, err := Compiler{}.CompileCountries(Full, CountryPageArgs{Where: &CountryFilter{
		NameContains: &hostile, Survey: &hostile,
		Or: []CountryFilter{{ISO3In: []string{hostile}}, {PartyTo: []string{hostile}}},
	}}, []Field{{Key: "iso3", Name: "iso3"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(st.Cypher, "DETACH") || strings.Contains(st.Cypher, hostile) {
		t.Fatalf("a user value reached the statement text:\n%s", st.Cypher)
	}
}

func TestConflictingAliasesAreRefused(t *testing.T) {
	_, err := Compiler{}.CompileList(Full, "domains", ListArgs{}, []Field{
		{Key: "caps", Name: "capabilities", Children: []Field{{Key: "x", Name: "key"}}},
		{Key: "caps", Name: "capabilities", Children: []Field{{Key: "x", Name: "number"}}},
	})
	if graph.CodeOf(err) != graph.CodeBadUserInput {
		t.Fatalf("got %v, want BAD_USER_INPUT", err)
	}
}

func TestFiltersAreBoundedInSize(t *testing.T) {
	compile := func(where *CountryFilter) error {
		_, err := Compiler{}.CompileCountries(Full, CountryPageArgs{Where: where}, []Field{{Key: "iso3", Name: "iso3"}})
		return err
	}
	alternatives := func(n int) *CountryFilter {
		var or []CountryFilter
		for i := range n {
			name := fmt.Sprintf("a%d", i)
			or = append(or, CountryFilter{NameContains: &name})
		}
		return &CountryFilter{Or: or}
	}
	nested := func(depth int) *CountryFilter {
		w := &CountryFilter{RegionIn: []string{"SOUTH_ASIA"}}
		for range depth {
			w = &CountryFilter{Not: w}
		}
		return w
	}
	long := strings.Repeat("é", MaxNameContains+1)
	for _, c := range []struct {
		name  string
		where *CountryFilter
		ok    bool
		says  string
	}{
		{"99 alternatives", alternatives(MaxFilterConditions - 1), true, ""},
		{"a thousand alternatives", alternatives(1000), false, "more than 100 conditions"},
		{"many listed keys", &CountryFilter{PartyTo: make([]string, MaxFilterConditions)}, false, "more than 100 conditions"},
		{"nested as deep as allowed", nested(MaxFilterDepth), true, ""},
		{"nested too deep", nested(MaxFilterDepth + 1), false, "levels deep"},
		{"200 nested NOTs", nested(200), false, "levels deep"},
		{"a long name", &CountryFilter{NameContains: &long}, false, "nameContains is 101 characters"},
	} {
		err := compile(c.where)
		if c.ok != (err == nil) || (!c.ok && (graph.CodeOf(err) != graph.CodeBadUserInput || !strings.Contains(err.Error(), c.says))) {
			t.Errorf("%s: got %v", c.name, err)
		}
	}
}

func TestRefusedFieldsAreNullAndListedBesideTheRows(t *testing.T) {
	public := Permissions{Assessments: false}
	capability := "offender-management"
	st, err := Compiler{}.CompileLookup(public, "Country", "KEN", []Field{
		{Key: "iso3", Name: "iso3"},
		{Key: "s", Name: "status", Args: Args{Capability: &capability}},
		{Key: "a", Name: "assessments", Children: []Field{{Key: "status", Name: "status"}}},
		{Key: "peers", Name: "peers", Args: Args{Sharing: []string{"REGION"}}, Children: []Field{{Key: "s", Name: "status", Args: Args{Capability: &capability}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Country.assessments", "Country.status"}; !reflect.DeepEqual(st.Refused, want) {
		t.Errorf("Refused = %v, want %v", st.Refused, want)
	}
	if !strings.Contains(st.Cypher, "`s`: null") || !strings.Contains(st.Cypher, "`a`: null") || strings.Contains(st.Cypher, "Assessment") {
		t.Errorf("refused fields are not null, or the statement still reads assessments:\n%s", st.Cypher)
	}
	full, err := Compiler{}.CompileLookup(Full, "Country", "KEN", []Field{{Key: "s", Name: "status", Args: Args{Capability: &capability}}})
	if err != nil || len(full.Refused) != 0 {
		t.Errorf("an analyst's statement refuses %v (%v)", full.Refused, err)
	}
}
