package access

import (
	"os/exec"
	"strings"
	"testing"
)

// The authorisation point depends on the standard library only: it knows neither the database nor
// GraphQL, so that its decisions are tested alone.
func TestImportBoundary(t *testing.T) {
	forbidden := []string{"github.com/neo4j/neo4j-go-driver", "github.com/99designs/gqlgen", "github.com/vektah/gqlparser", "github.com/mnrgraph/mnrgraph/graph", "github.com/mnrgraph/mnrgraph/resolvers", "github.com/mnrgraph/mnrgraph/httpapi"}
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
