package resolvers

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

var update = flag.Bool("update", false, "rewrite the golden Cypher files in testdata/golden")

// GraphQL in, Cypher and parameters out: every root field of every testdata/golden/*.graphql is
// compiled exactly as the server compiles it. The main package runs the same files against
// Neo4j and compares the answers (*.answer.json).
func TestGoldenCypher(t *testing.T) {
	r := &Resolver{compiler: cypher.Compiler{Clock: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }}}
	schema := NewSchema(nil, Options{APIVersion: "test"})
	r.schema = schema.Schema()
	files, _ := filepath.Glob("testdata/golden/*.graphql")
	if len(files) == 0 {
		t.Fatal("no golden queries")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".graphql")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, errs := gqlparser.LoadQuery(r.schema, string(src))
			if len(errs) > 0 {
				t.Fatalf("query does not validate: %v", errs)
			}
			vars := map[string]any{}
			if b, err := os.ReadFile(strings.TrimSuffix(file, ".graphql") + ".vars.json"); err == nil {
				if err := json.Unmarshal(b, &vars); err != nil {
					t.Fatal(err)
				}
			}
			oc := &graphql.OperationContext{RawQuery: string(src), Doc: doc, Operation: doc.Operations[0], Variables: vars}
			var out strings.Builder
			for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
				st, err := r.CompileRoot(cypher.Full, oc, f)
				out.WriteString("## " + f.Alias + "\n")
				if err != nil {
					out.WriteString("ERROR " + graph.CodeOf(err) + ": " + err.Error() + "\n\n")
					continue
				}
				params, _ := json.MarshalIndent(st.Params, "", "  ")
				out.WriteString(readable(st.Cypher) + "\n-- params\n" + string(params) + "\n")
				if len(st.Refs) > 0 {
					refs, _ := json.Marshal(st.Refs)
					out.WriteString("-- keys checked first\n" + string(refs) + "\n")
				}
				out.WriteString("\n")
			}
			golden := strings.TrimSuffix(file, ".graphql") + ".cypher"
			if *update {
				if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./resolvers -update writes it)", err)
			}
			if out.String() != string(want) {
				t.Fatalf("compiled Cypher differs from %s:\n--- got\n%s\n--- want\n%s", golden, out.String(), want)
			}
		})
	}
}

// readable breaks a statement before its clauses so that golden diffs are reviewable.
func readable(cypher string) string {
	return strings.NewReplacer(" WITH ", "\nWITH ", " CALL (", "\nCALL (", " RETURN {", "\nRETURN {").Replace(cypher)
}
