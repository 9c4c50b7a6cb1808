package mcpserver

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The resources' addresses.
const (
	schemaURI    = "mnrgraph://schema.graphql"
	examplesURI  = "mnrgraph://examples/"
	citationURI  = "mnrgraph://release/citation"
	changelogURI = "mnrgraph://release/changelog"
)

func addResources(s *mcp.Server, api http.Handler, auth credentials, o Options) {
	if len(o.Schema) > 0 {
		var sdl strings.Builder
		for _, f := range o.Schema {
			sdl.WriteString("# " + f.Name + "\n\n" + strings.TrimSpace(f.Text) + "\n\n")
		}
		text := sdl.String()
		s.AddResource(&mcp.Resource{URI: schemaURI, Name: "schema", Title: "The GraphQL schema (SDL)", MIMEType: "application/graphql",
			Description: "Every type, field and argument of the API with its description: what the graphql tool can ask. " +
				"Fields marked ANALYST or EDITOR are refused (FORBIDDEN) to a lesser key.", Size: int64(len(text))},
			fixedText(text, "application/graphql"))
	}
	for _, ex := range o.Examples {
		s.AddResource(&mcp.Resource{URI: examplesURI + ex.Name, Name: "example " + ex.Name, Title: ex.Title, MIMEType: "application/graphql",
			Description: ex.About + " (Least role for a full answer: " + ex.Role + ". Run it with the graphql tool.)", Size: int64(len(ex.Query))},
			fixedText(ex.Query, "application/graphql"))
	}
	s.AddResource(&mcp.Resource{URI: citationURI, Name: "citation", Title: "How to cite the loaded data release", MIMEType: "text/plain",
		Description: "The complete citation and the licence of the data release the API serves."},
		releaseText(api, auth, func(r releaseInfo) string { return r.Citation + "\n\nLicence: " + r.Licence + "\n" }, "text/plain"))
	s.AddResource(&mcp.Resource{URI: changelogURI, Name: "changelog", Title: "What changed in the loaded data release", MIMEType: "text/markdown",
		Description: "What changed since the previous release and why (Markdown)."},
		releaseText(api, auth, func(r releaseInfo) string { return r.Changelog }, "text/markdown"))
}

func fixedText(text, mime string) mcp.ResourceHandler {
	return func(_ context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, MIMEType: mime, Text: text}}}, nil
	}
}

type releaseInfo struct {
	Version, Citation, Licence, Changelog string
}

// releaseText reads the loaded release's metadata through the API, as the caller.
func releaseText(api http.Handler, auth credentials, text func(releaseInfo) string, mime string) mcp.ResourceHandler {
	return func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		ans, err := runGraphQL(ctx, api, auth(req.Extra), request{Query: releaseDocument})
		if err != nil {
			return nil, err
		}
		if len(ans.Errors) > 0 {
			return nil, &toolError{Code: ans.Errors[0].code(), Message: ans.Errors[0].Message}
		}
		var data struct {
			Meta struct {
				Release *releaseInfo `json:"release"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(ans.Data, &data); err != nil || data.Meta.Release == nil {
			// A release without release metadata has nothing to cite here.
			return nil, mcp.ResourceNotFoundError(req.Params.URI)
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, MIMEType: mime, Text: text(*data.Meta.Release)}}}, nil
	}
}
