package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"os"

	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/mnrgraph/mnrgraph/graphiql"
	"github.com/mnrgraph/mnrgraph/mcpserver"
)

// The schema as written, comments and descriptions included: the MCP server serves it to
// assistants as a resource.
//
//go:embed schema/*.graphqls
var schemaFiles embed.FS

// mcpOptions are what the MCP server serves besides the API: the schema and the saved examples.
func mcpOptions() mcpserver.Options {
	o := mcpserver.Options{Version: apiVersion}
	names, _ := fs.Glob(schemaFiles, "schema/*.graphqls")
	for _, n := range names {
		b, _ := schemaFiles.ReadFile(n)
		o.Schema = append(o.Schema, mcpserver.File{Name: n, Text: string(b)})
	}
	// graphiql's tests hold every example readable.
	examples, _ := graphiql.Examples()
	for _, ex := range examples {
		o.Examples = append(o.Examples, mcpserver.Example{Name: ex.Name, Title: ex.Title, Role: ex.Role, About: ex.About, Query: ex.Query})
	}
	return o
}

// mcpHTTP is the /mcp handler: the MCP server reading through the /graphql stack.
func mcpHTTP(graphql http.Handler) http.Handler { return mcpserver.HTTPHandler(graphql, mcpOptions()) }

// serveMCP serves one assistant over stdin and stdout, reading through the API's own handler with
// the key in MNRGRAPH_API_KEY (none: PUBLIC). A key the API refuses stops it at once.
func serveMCP(ctx context.Context, cfg config, db *store.Store) error {
	api, _ := newHandler(cfg, db)
	key := os.Getenv("MNRGRAPH_API_KEY")
	if err := mcpserver.CheckKey(ctx, api, key); err != nil {
		return fmt.Errorf("MNRGRAPH_API_KEY: %w", err)
	}
	return mcpserver.ServeStdio(ctx, api, mcpOptions(), key)
}
