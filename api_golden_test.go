package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateAnswers = flag.Bool("update-answers", false, "rewrite resolvers/testdata/golden/*.answer.json from the database")

// The golden queries whose Cypher is pinned in resolvers/testdata/golden also run here, against
// Neo4j with the release and the illustrative assessments loaded; their answers are pinned too.
func TestGoldenQueriesAnswerOnNeo4j(t *testing.T) {
	files, _ := filepath.Glob("resolvers/testdata/golden/*.graphql")
	if len(files) == 0 {
		t.Fatal("no golden queries")
	}
	for _, file := range files {
		base := strings.TrimSuffix(file, ".graphql")
		t.Run(filepath.Base(base), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			vars := map[string]any{}
			if b, err := os.ReadFile(base + ".vars.json"); err == nil {
				if err := json.Unmarshal(b, &vars); err != nil {
					t.Fatal(err)
				}
			}
			got, _ := json.MarshalIndent(query(t, string(src), vars), "", "  ")
			if *updateAnswers {
				if err := os.WriteFile(base+".answer.json", append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(base + ".answer.json")
			if err != nil {
				t.Fatalf("%v (run the tests with -update-answers to write it, then review it)", err)
			}
			if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
				t.Fatalf("answer differs from %s.answer.json:\n%s", base, got)
			}
		})
	}
}
