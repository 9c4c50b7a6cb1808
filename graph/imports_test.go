package graph

import (
	osexec "os/exec"
	"strings"
	"testing"
)

// Package graph knows Neo4j and not GraphQL: requests reach it as Field trees and Permissions, never
// as gqlgen or gqlparser values, and the packages above it (access, resolvers, httpapi) call it,
// never the other way round.
func TestImportBoundary(t *testing.T) {
	forbidden := []string{"github.com/99designs/gqlgen", "github.com/vektah/gqlparser", "github.com/mnrgraph/mnrgraph/access", "github.com/mnrgraph/mnrgraph/resolvers", "github.com/mnrgraph/mnrgraph/httpapi"}
	out, err := osexec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
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
