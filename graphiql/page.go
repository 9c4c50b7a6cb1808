package graphiql

import (
	"bytes"
	_ "embed"
	"html/template"
	"strings"

	"github.com/mnrgraph/mnrgraph/webasset"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page.html").Parse(pageHTML))

// pageData is what page.html is rendered with.
type pageData struct {
	Endpoint    string
	ExamplesURL string
	// The stylesheets and scripts, in the order the page loads them.
	CSS, PageCSS        webasset.Ref
	React, ReactDOM, JS webasset.Ref
	PageJS              webasset.Ref
}

// newPage renders the page for endpoint.
func newPage(endpoint string) webasset.Page {
	data := pageData{
		Endpoint:    endpoint,
		ExamplesURL: examplesPath,
		CSS:         assets.Ref("graphiql.min.css"),
		PageCSS:     assets.Ref("page.css"),
		React:       assets.Ref("react.production.min.js"),
		ReactDOM:    assets.Ref("react-dom.production.min.js"),
		JS:          assets.Ref("graphiql.min.js"),
		PageJS:      assets.Ref("page.js"),
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, data); err != nil {
		panic(err)
	}
	return webasset.Page{HTML: b.Bytes(), CSP: contentSecurityPolicy(endpointOrigin(endpoint))}
}

// contentSecurityPolicy lets the page load only what this server serves (GraphiQL's fonts and
// icons are data: URLs inside its stylesheet) and talk only to this server and the GraphQL
// endpoint, so "works offline" is enforced by the browser, not only hoped for. Inline styles stay
// allowed: GraphiQL's dialogs (react-remove-scroll) add a <style> element when they open.
func contentSecurityPolicy(endpointOrigin string) string {
	connect := "'self'"
	if endpointOrigin != "" {
		connect += " " + endpointOrigin
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"font-src 'self' data:",
		"img-src 'self' data:",
		"connect-src " + connect,
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}
