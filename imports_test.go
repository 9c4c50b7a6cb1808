package main

import (
	osexec "os/exec"
	"strings"
	"testing"
)

// The packages' import rules, as their package docs state them. go list -deps sees indirect
// dependencies too, so a rule cannot be broken through another package.
func TestImportBoundaries(t *testing.T) {
	const (
		driver   = "github.com/neo4j/neo4j-go-driver"
		gqlgen   = "github.com/99designs/gqlgen"
		parser   = "github.com/vektah/gqlparser"
		self     = "github.com/mnrgraph/mnrgraph/"
		access   = self + "access"
		graphPkg = self + "graph"
	)
	for _, rule := range []struct {
		pkg, why  string
		forbidden []string
	}{
		// The audit is plain Go over counts, tested and benchmarked apart from the database and
		// GraphQL.
		{"./graph/disclosure", "plain Go over counts", []string{driver, gqlgen, parser}},
		// graph knows Neo4j and not GraphQL; the packages above it call it, never the other way.
		{"./graph", "Neo4j, not GraphQL", []string{gqlgen, parser, access, self + "resolvers", self + "httpapi"}},
		// The authorisation point is tested alone: the standard library only.
		{"./access", "the standard library only", []string{driver, gqlgen, parser, graphPkg, self + "resolvers", self + "httpapi"}},
	} {
		out, err := osexec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", rule.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", rule.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range rule.forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s (%s) depends on %s, through %s", rule.pkg, rule.why, f, dep)
				}
			}
		}
	}
}
