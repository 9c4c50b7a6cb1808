package graphiql

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// loadSchema reads the API's schema from ../schema, the same SDL gqlgen generates from, so an
// example that no longer matches the API fails here.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("../schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files in ../schema (%v)", err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return schema
}

func TestEveryExampleIsValidAgainstTheSchema(t *testing.T) {
	schema := loadSchema(t)
	examples, err := Examples()
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) < 10 {
		t.Fatalf("%d examples; the page promises one per design question plus simple public ones", len(examples))
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(schema, ex.Query)
			if len(errs) > 0 {
				t.Fatalf("does not validate against the schema: %v", errs)
			}
			// A name titles the example's GraphiQL tab and its line in the server's request log.
			if len(doc.Operations) != 1 || doc.Operations[0].Name == "" {
				t.Errorf("want exactly one named operation, got %d (first named %q)", len(doc.Operations), doc.Operations[0].Name)
			}
		})
	}
}

func TestEveryExampleSaysWhatItIsAndWhoMayRunIt(t *testing.T) {
	examples, err := Examples()
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, ex := range examples {
		roles[ex.Role]++
		if ex.Title == "" || ex.About == "" {
			t.Errorf("%s: title %q, about %q; both are required", ex.Name, ex.Title, ex.About)
		}
		if ex.Role != "PUBLIC" && ex.Role != "ANALYST" {
			t.Errorf("%s: role %q, want PUBLIC or ANALYST", ex.Name, ex.Role)
		}
		if ex.Role == "ANALYST" {
			for _, must := range []string{"ANALYST key", "Authorization: Bearer <key>", "Headers pane", "FORBIDDEN"} {
				if !strings.Contains(ex.About, must) {
					t.Errorf("%s: an ANALYST example's about must tell how to send a key; it lacks %q", ex.Name, must)
				}
			}
		}
	}
	if roles["PUBLIC"] == 0 || roles["ANALYST"] == 0 {
		t.Errorf("roles %v: want examples for both PUBLIC and ANALYST", roles)
	}
}

func TestParseExampleRefusesIncompleteHeaders(t *testing.T) {
	for name, text := range map[string]string{
		"no title": "# role: PUBLIC\n# about: x\n{ meta { role } }",
		"no role":  "# title: x\n# about: x\n{ meta { role } }",
		"bad role": "# title: x\n# role: EDITOR\n# about: x\n{ meta { role } }",
		"no about": "# title: x\n# role: PUBLIC\n{ meta { role } }",
		"late":     "{ meta { role } }\n# title: x\n# role: PUBLIC\n# about: x",
	} {
		if _, err := parseExample(name, text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
