package resolvers

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// assembled are the object types the compiler does not project, and who builds them instead.
var assembled = map[string]string{
	"Query": "the root", "Mutation": "the root",
	"CountryConnection": "roots.go, from the countries statement", "CountryEdge": "roots.go", "PageInfo": "roots.go",
	"SearchHit": "roots.go, from the search statement's hits",
	"GraphView": "store.Graph",
	"GraphNode": "store.Graph",
	"GraphEdge": "store.Graph",
	"Meta":      "store.State", "Publication": "store.State and store.PublishedCoverage",
	"CountRange":   "a {min, max} map inside a coverage cell",
	"RecordResult": "writes.go", "AssessmentProblem": "writes.go",
	"Change": "store.Changes", "ChangeConnection": "store.Changes", "ChangeEdge": "store.Changes",
	"AssessmentSnapshot": "store.Changes",
	"Release":            "store.State",
	"EnumLabel":          "labels.go, without the graph",
}

// rootArgs are the typed arguments the root fields CompileRoot names decode into; the lists and
// lookups of described types decode into ListArgs and LookupArgs (rootKind).
var rootArgs = map[string]any{
	"countries": cypher.CountryPageArgs{}, "countryGroups": cypher.GroupArgs{}, "coverage": cypher.CoverageArgs{},
	"search": cypher.SearchArgs{}, "graph": cypher.GraphArgs{},
}

// Adding a type or a field to the schema is adding its description to package cypher (one Type,
// or one projection in it): this walks the loaded schema and names whatever has none, every
// argument the typed arguments have no place for, and every description the schema lost.
func TestEverySchemaFieldIsProjected(t *testing.T) {
	schema := NewSchema(nil, Options{APIVersion: "test"}).Schema()
	for _, def := range schema.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") || assembled[def.Name] != "" {
			continue
		}
		typ, ok := cypher.TypeOf(def.Name)
		if !ok {
			t.Errorf("the schema type %s has no description in package cypher (types.go) and is not assembled elsewhere", def.Name)
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if !typ.Projects(f.Name) {
				t.Errorf("%s.%s has no projection in package cypher", def.Name, f.Name)
			}
			for _, a := range f.Arguments {
				if !hasPlace(reflect.TypeOf(cypher.Args{}), a.Name) {
					t.Errorf("%s.%s(%s:) has no place in cypher.Args", def.Name, f.Name, a.Name)
				}
			}
		}
		for _, name := range slices.Sorted(maps.Keys(typ.Fields)) {
			if def.Fields.ForName(name) == nil {
				t.Errorf("package cypher projects %s.%s, which the schema does not have", def.Name, name)
			}
		}
		if typ.Label != "" && typ.Key != "" && slices.Contains(def.Interfaces, "Node") && !wraps(def.Name) {
			t.Errorf("%s is a Node that model.Wrap does not make (resolvers/model/objects.go)", def.Name)
		}
		if typ.Searchable && !wraps(def.Name) {
			t.Errorf("%s is searchable, and model.Wrap does not make it (resolvers/model/objects.go)", def.Name)
		}
	}
	for _, name := range cypher.TypeNames() {
		if schema.Types[name] == nil {
			t.Errorf("package cypher describes %s, which the schema does not have", name)
		}
	}
	for _, f := range schema.Query.Fields {
		args, compiled := rootArgs[f.Name]
		switch rootKind(graphql.CollectedField{Field: &ast.Field{Name: f.Name, Definition: f}}) {
		case rootListField:
			args, compiled = cypher.ListArgs{}, true
		case rootLookupField:
			args, compiled = cypher.LookupArgs{}, true
		}
		if !compiled {
			continue
		}
		for _, a := range f.Arguments {
			if !hasPlace(reflect.TypeOf(args), a.Name) {
				t.Errorf("Query.%s(%s:) has no place in %T", f.Name, a.Name, args)
			}
		}
	}
	for name := range rootArgs {
		if schema.Query.Fields.ForName(name) == nil {
			t.Errorf("rootArgs names Query.%s, which the schema does not have", name)
		}
	}
}

// wraps says whether model.Wrap makes objects of the type.
func wraps(typ string) bool {
	_, ok := model.Wrap(typ, model.Row{}, nil)
	return ok
}

// hasPlace says whether the struct type has a field whose JSON name is name.
func hasPlace(st reflect.Type, name string) bool {
	for i := range st.NumField() {
		if tag, _, _ := strings.Cut(st.Field(i).Tag.Get("json"), ","); tag == name {
			return true
		}
	}
	return false
}

// The schema explains itself: every type, field, argument, input field and enum value has a
// description (GraphiQL's documentation explorer shows them).
func TestEverySchemaElementIsDescribed(t *testing.T) {
	schema := NewSchema(nil, Options{APIVersion: "test"}).Schema()
	builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	var missing []string
	described, total := 0, 0
	check := func(what, description string) {
		total++
		if strings.TrimSpace(description) == "" {
			missing = append(missing, what)
			return
		}
		described++
	}
	for _, name := range slices.Sorted(maps.Keys(schema.Types)) {
		def := schema.Types[name]
		if strings.HasPrefix(name, "__") || builtin[name] {
			continue
		}
		if name != "Query" && name != "Mutation" {
			check(name, def.Description)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			check(name+"."+f.Name, f.Description)
			for _, a := range f.Arguments {
				check(name+"."+f.Name+"("+a.Name+":)", a.Description)
			}
		}
		for _, v := range def.EnumValues {
			check(name+"."+v.Name, v.Description)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d schema elements described (%.0f %%); undescribed:\n  %s",
			described, total, 100*float64(described)/float64(total), strings.Join(missing, "\n  "))
	}
}

// A type's canonical scalars (cypher.Type.Scalars, projected whatever the selection) are fields
// of the schema that take no argument and return a scalar or an enum, so that reading them by
// field name is always right and never reads something the caller did not ask for.
func TestCanonicalScalarsAreArgumentFreeScalars(t *testing.T) {
	schema := NewSchema(nil, Options{APIVersion: "test"}).Schema()
	checked := 0
	for _, name := range cypher.TypeNames() {
		typ, _ := cypher.TypeOf(name)
		for _, field := range typ.Scalars {
			def := schema.Types[name]
			var f *ast.FieldDefinition
			if def != nil {
				f = def.Fields.ForName(field)
			}
			if f == nil {
				t.Errorf("%s.%s is listed in Scalars but the schema has no such field", name, field)
				continue
			}
			kind := schema.Types[f.Type.Name()].Kind
			if len(f.Arguments) > 0 || (kind != ast.Scalar && kind != ast.Enum) || f.Type.Elem != nil {
				t.Errorf("%s.%s is listed in Scalars but takes arguments or is not a scalar", name, field)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("only %d canonical scalars checked", checked)
	}
}
