// Package explore serves the explorer page at /explore: a coverage heat map, a network, a world
// map and ratification timelines, drawn in the browser from the public GraphQL API alone (the
// page POSTs to the endpoint it is given, as any frontend would; it has no other way in). Its
// libraries (d3, topojson-client, world-atlas's countries-110m.json) are vendored in assets/ by
// scripts/explore-assets.sh and embedded, so the page works with no internet access.
//
// It imports the standard library and package webasset (which serves its files).
//
// Routes (Handler is meant to be mounted at "/explore" and "/explore/"):
//
//	/explore and /explore/     the page
//	/explore/assets/{name}     the vendored libraries, the world map, and the page's own scripts and stylesheet
//	anything else              404
package explore

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/mnrgraph/mnrgraph/webasset"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page.html").Parse(pageHTML))

// Handler serves the page and its assets. endpoint is the GraphQL URL the page queries (a path on
// this server, "/graphql"); graphiql is the GraphiQL page's URL ("/"), which the page links each
// view's query to as graphiql?query=...&variables=....
//
// Everything it serves is embedded and checked here: a bad template or a missing asset panics at
// start-up rather than failing for the first visitor.
func Handler(endpoint, graphiql string) http.Handler {
	p := newPage(endpoint, graphiql)
	mux := http.NewServeMux()
	mux.Handle("GET /explore", p)
	mux.Handle("GET /explore/{$}", p)
	mux.Handle("GET "+assets.Prefix()+"{name}", assets)
	return mux
}

// pageData is what page.html is rendered with.
type pageData struct {
	Endpoint, GraphiQL string
	D3, TopoJSON, CSS  webasset.Ref
	// Scripts are the page's own, in pageScripts' order.
	Scripts  []webasset.Ref
	WorldURL string
}

func newPage(endpoint, graphiql string) webasset.Page {
	data := pageData{
		Endpoint: endpoint,
		GraphiQL: graphiql,
		D3:       assets.Ref("d3.min.js"),
		TopoJSON: assets.Ref("topojson-client.min.js"),
		CSS:      assets.Ref("explore.css"),
		WorldURL: assets.Ref("countries-110m.json").URL,
	}
	for _, name := range pageScripts {
		data.Scripts = append(data.Scripts, assets.Ref(name))
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, data); err != nil {
		panic(err)
	}
	return webasset.Page{HTML: b.Bytes(), CSP: contentSecurityPolicy}
}

// contentSecurityPolicy lets the page load only what this server serves and talk only to this
// server, so "built on the public API, works offline" is enforced by the browser. No inline
// script or style: the page's script sets styles through the DOM, which the policy allows, and
// its tooltips are SVG <title> elements.
var contentSecurityPolicy = strings.Join([]string{
	"default-src 'none'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data:",
	"connect-src 'self'",
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors 'none'",
}, "; ")
