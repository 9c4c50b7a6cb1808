package disclosure

import (
	"os/exec"
	"strings"
	"testing"
)

// The audit is plain Go over counts: it depends on neither the database nor GraphQL, so that it is
// tested and benchmarked alone and can be reasoned about apart from both.
func TestImportBoundary(t *testing.T) {
	forbidden := []string{"github.com/neo4j/neo4j-go-driver", "github.com/99designs/gqlgen", "github.com/vektah/gqlparser"}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("depends on %s (through %s); see the package doc for what it must not import", f, dep)
			}
		}
	}
}
