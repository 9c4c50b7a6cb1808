// Package graphiql serves the MNR Graph GraphiQL page: GraphiQL 4 with the project's saved
// example queries, entirely from the binary. Nothing is loaded from a CDN, so the page works on a
// machine with no internet access, and the browser fetches nothing but this server.
//
// Routes (Handler is meant to be mounted at "/" and so receives every path nothing else claims):
//
//	/ and /index.html          the page
//	/graphiql/assets/{name}    GraphiQL, React and the page's own script and stylesheet
//	/graphiql/examples.json    the saved examples (examples/*.graphql)
//	anything else              404
package graphiql

import (
	"net/http"
	"net/url"
)

// Handler serves the page, its assets and the examples; endpoint is the GraphQL URL the page
// queries, a path on the same server ("/graphql") or an absolute URL.
//
// Everything it serves is embedded, so it is checked once here: a bad template or example file
// panics at start-up (and in every test) rather than failing for the first visitor.
func Handler(endpoint string) http.Handler {
	examples, err := Examples()
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	page := newPage(endpoint)
	mux.Handle("GET /{$}", page)
	mux.Handle("GET /index.html", page)
	mux.Handle("GET "+assets.Prefix()+"{name}", assets)
	mux.Handle("GET "+examplesPath, examplesHandler(examples))
	return mux
}

// endpointOrigin is the origin the page must be allowed to connect to besides its own: empty for
// a path on this server.
func endpointOrigin(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
