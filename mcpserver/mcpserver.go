// Package mcpserver serves the graph to AI assistants over the Model Context Protocol: tools that
// run GraphQL (any document, full-text search, a schema description, and a few questions asked as
// one request), and resources holding the schema, the saved example queries and the loaded
// release's citation and changelog.
//
// It owns no access rule. Every tool and every resource read through the API is a GraphQL document
// run through the API's own /graphql handler (keys, role, limits, deadline, refusals), as package
// export does, with the caller's credentials: over HTTP the Authorization header of the request
// carrying the call, over stdio the key the process was started with. So an assistant learns
// exactly what the same key gets from /graphql, and a refusal is the API's refusal, with its
// extensions.code.
//
// It imports the standard library and the MCP SDK only: it knows the API through an http.Handler
// and GraphQL documents, nothing of the packages behind them (imports_test.go checks).
package mcpserver

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Options are what the server says about itself and the documents it serves as resources.
type Options struct {
	// Version is the API's version, announced to clients.
	Version string
	// Schema is the GraphQL schema's SDL, one file at a time, in the order given.
	Schema []File
	// Examples are the saved example queries.
	Examples []Example
}

// File is one named text.
type File struct {
	Name, Text string
}

// Example is one saved query: its file name without extension, what it shows, the least role that
// gets a full answer, and the document.
type Example struct {
	Name, Title, Role, About, Query string
}

// credentials gives the Authorization header values the API is to see for one MCP request.
type credentials func(extra *mcp.RequestExtra) []string

// HTTPHandler serves the streamable HTTP transport. Each call reads with the Authorization header
// of the HTTP request that carries it, never one from an earlier request of the same session.
func HTTPHandler(api http.Handler, o Options) http.Handler {
	srv := newServer(api, o, func(extra *mcp.RequestExtra) []string {
		if extra == nil || extra.Header == nil {
			return nil
		}
		return extra.Header.Values("Authorization")
	})
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{
		// No session outlives its request: nothing to expire, and no state a later request could
		// borrow another's credentials from. The tools never call back to the client.
		Stateless: true,
		// The SDK's guard against DNS rebinding refuses a localhost connection with another Host,
		// which is every request behind a reverse proxy on the same machine. The API holds no
		// ambient credential (no cookie): a rebound page reads as PUBLIC, as it can from /graphql.
		DisableLocalhostProtection: true,
	})
}

// NewKeyServer builds the server of a single client holding one API key ("" for PUBLIC), as the
// stdio transport serves it.
func NewKeyServer(api http.Handler, o Options, key string) *mcp.Server {
	var auth []string
	if key = strings.TrimSpace(key); key != "" {
		auth = []string{"Bearer " + key}
	}
	return newServer(api, o, func(*mcp.RequestExtra) []string { return auth })
}

// CheckKey asks the API whether key ("" for PUBLIC) is accepted, so that a process started with a
// key the API refuses stops at once, with the API's refusal, rather than failing every call.
func CheckKey(ctx context.Context, api http.Handler, key string) error {
	var auth []string
	if key = strings.TrimSpace(key); key != "" {
		auth = []string{"Bearer " + key}
	}
	ans, err := runGraphQL(ctx, api, auth, request{Query: "{ __typename }"})
	if err != nil {
		return err
	}
	if e := ans.refusal(); e != nil {
		return fmt.Errorf("%s (%s)", e.Message, e.Code)
	}
	return nil
}

// ServeStdio serves one client over stdin and stdout with key until the client goes or ctx ends.
func ServeStdio(ctx context.Context, api http.Handler, o Options, key string) error {
	return NewKeyServer(api, o, key).Run(ctx, &mcp.StdioTransport{})
}

const instructions = `MNR Graph: countries' capabilities against the child sexual exploitation and abuse response
framework, their participation in legal instruments, and the evidence behind each fact, as a
GraphQL API. Start with describe (the schema) or the examples resources; ask one question with
coverage, country_profile or country_groups; anything else with graphql. What you may read depends
on the API key you were configured with: a refused field comes back null with a FORBIDDEN error.`

func newServer(api http.Handler, o Options, auth credentials) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "mnrgraph", Title: "MNR Graph", Version: o.Version},
		&mcp.ServerOptions{Instructions: instructions})
	addTools(s, api, auth)
	addResources(s, api, auth, o)
	return s
}
