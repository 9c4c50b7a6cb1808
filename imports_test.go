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
		// The vocabulary every job shares: the standard library only.
		{"./graph", "the standard library only", []string{driver, gqlgen, parser, graphPkg + "/", access, self + "resolvers", self + "httpapi"}},
		// The compiler runs nothing: its statements are pinned by golden files without a database.
		{"./graph/cypher", "no driver, no GraphQL library", []string{driver, gqlgen, parser, graphPkg + "/store", access, self + "resolvers", self + "httpapi"}},
		// The audit is plain Go over counts, tested and benchmarked apart from the database and
		// GraphQL.
		{"./graph/disclosure", "plain Go over counts", []string{driver, gqlgen, parser, graphPkg + "/", access, self + "resolvers", self + "httpapi"}},
		// Reading an import file needs neither the database nor GraphQL.
		{"./graph/importfile", "files in, rows out", []string{driver, gqlgen, parser, graphPkg + "/", access, self + "resolvers", self + "httpapi"}},
		// The jobs that know Neo4j know nothing of GraphQL; the packages above call them, never
		// the other way.
		{"./graph/store", "Neo4j, not GraphQL", []string{gqlgen, parser, access, self + "resolvers", self + "httpapi"}},
		{"./graph/release", "Neo4j, not GraphQL", []string{gqlgen, parser, access, self + "resolvers", self + "httpapi"}},
		{"./graph/illustrative", "Neo4j, not GraphQL", []string{gqlgen, parser, access, self + "resolvers", self + "httpapi"}},
		// The HTTP face serves whatever schema it is given; the resolvers know nothing of HTTP.
		{"./httpapi", "serves any executable schema", []string{self + "resolvers"}},
		{"./resolvers", "gqlgen, not HTTP", []string{self + "httpapi"}},
		// Exports know the API through HTTP and GraphQL documents only.
		{"./export", "the standard library only", []string{driver, gqlgen, parser, graphPkg, access, self + "resolvers", self + "httpapi"}},
		// The MCP server, like exports, knows the API through HTTP and GraphQL documents only.
		{"./mcpserver", "the standard library and the MCP SDK", []string{driver, gqlgen, parser, graphPkg, access, self + "resolvers", self + "httpapi", self + "export", self + "graphiql"}},
		// The explorer page knows the API only as a browser does, through /graphql (its files are
		// served by webasset, as GraphiQL's are).
		{"./explore", "the standard library and webasset", []string{driver, gqlgen, parser, graphPkg, access, self + "resolvers", self + "httpapi"}},
		{"./webasset", "the standard library only", []string{driver, gqlgen, parser, graphPkg, access, self + "resolvers", self + "httpapi", self + "graphiql", self + "explore"}},
		// The authorisation point is tested alone: the standard library only.
		{"./access", "the standard library only", []string{driver, gqlgen, parser, graphPkg, self + "resolvers", self + "httpapi"}},
	} {
		out, err := osexec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", rule.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", rule.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range rule.forbidden {
				if dep != self+strings.TrimPrefix(rule.pkg, "./") && forbids(f, dep) {
					t.Errorf("%s (%s) depends on %s, through %s", rule.pkg, rule.why, f, dep)
				}
			}
		}
	}
}

// forbids says whether the rule entry f covers the package dep: a path covers itself and the
// packages below it; a path ending in "/" only the packages below it.
func forbids(f, dep string) bool {
	if strings.HasSuffix(f, "/") {
		return strings.HasPrefix(dep, f)
	}
	return dep == f || strings.HasPrefix(dep, f+"/")
}
