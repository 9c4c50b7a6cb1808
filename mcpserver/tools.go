package mcpserver

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// answerSchema is the output schema of every tool that returns the API's answer: GraphQL's
// response, data and errors, exactly as /graphql gives them.
var answerSchema = json.RawMessage(`{"type":"object","properties":{` +
	`"data":{"type":["object","null"],"description":"The answer; a refused field is null, with its error."},` +
	`"errors":{"type":"array","items":{"type":"object"},"description":"The API's errors, each with a message, a path and extensions.code (FORBIDDEN, BAD_USER_INPUT, UNAUTHENTICATED, ...)."},` +
	`"extensions":{"type":"object"}}}`)

var (
	readOnly = &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(bool)}
	// anyDocument: a mutation (EDITOR and above) writes, adding to the history, erasing nothing.
	anyDocument = &mcp.ToolAnnotations{DestructiveHint: new(bool), OpenWorldHint: new(bool)}
)

type graphqlInput struct {
	Query         string         `json:"query" jsonschema:"A GraphQL query document, e.g. { meta { dataVersion } }. Mutations need an EDITOR or ADMIN key."`
	Variables     map[string]any `json:"variables,omitempty" jsonschema:"The values of the document's variables, by name."`
	OperationName string         `json:"operationName,omitempty" jsonschema:"Which operation to run when the document holds several."`
}

type searchInput struct {
	Text  string   `json:"text" jsonschema:"What to look for, as plain words (1 to 200 characters): names, titles, statements and summaries in English and French; the last word counts as a prefix and small typos are forgiven."`
	Kinds []string `json:"kinds,omitempty" jsonschema:"Only hits of these kinds (all when omitted)."`
	Lang  string   `json:"lang,omitempty" jsonschema:"Search only the texts in this language, and answer with names in it where the release has them (both languages, English names, when omitted)."`
	First int      `json:"first,omitempty" jsonschema:"How many hits, 1 to 50 (default 10)."`
	After string   `json:"after,omitempty" jsonschema:"The cursor of the last hit of the previous page, for the next page."`
}

type describeInput struct {
	Name string `json:"name" jsonschema:"A type (Country, CountryWhere, Facet, Query) or one field of it (Country.status, Query.coverage)."`
}

type coverageInput struct {
	By           string   `json:"by,omitempty" jsonschema:"The facet to split by: INCOME_GROUP, REGION or POPULATION (one row per capability when omitted)."`
	Capabilities []string `json:"capabilities,omitempty" jsonschema:"Capability keys or ids to keep (all when omitted), e.g. offender-management."`
	Publication  int      `json:"publication,omitempty" jsonschema:"The publication's number to read (the latest when omitted); PUBLIC always reads a publication."`
	AsOf         string   `json:"asOf,omitempty" jsonschema:"ANALYST and above: the live statuses as of this date (YYYY-MM-DD)."`
}

type countryProfileInput struct {
	ISO3        string `json:"iso3" jsonschema:"The country's ISO 3166-1 alpha-3 code, e.g. KEN."`
	Lang        string `json:"lang,omitempty" jsonschema:"The language of names and titles (default EN)."`
	Assessments bool   `json:"assessments,omitempty" jsonschema:"Also read its per-capability assessments with their citations (ANALYST and above; refused as FORBIDDEN below)."`
}

type countryGroupsInput struct {
	Lacks   []string `json:"lacks" jsonschema:"Capability keys the countries lack (status ABSENT; NOT_ASSESSED is not lacking), e.g. offender-management. Status filters need ANALYST."`
	By      string   `json:"by,omitempty" jsonschema:"The facet the countries share (default INCOME_GROUP)."`
	MinSize int      `json:"minSize,omitempty" jsonschema:"The least countries a group must hold to be listed (default 2)."`
}

var (
	facets      = []any{"INCOME_GROUP", "REGION", "POPULATION"}
	langs       = []any{"EN", "FR"}
	searchKinds = []any{"COUNTRY", "CAPABILITY", "DOMAIN", "INSTRUMENT", "FINDING", "CHALLENGE", "PRACTICE", "CALL_TO_ACTION"}
)

// inputSchema infers In's schema and constrains the named properties to their enums (for a list,
// its items).
func inputSchema[In any](enums map[string][]any) *jsonschema.Schema {
	s, err := jsonschema.For[In](nil)
	if err != nil {
		panic(err) // the input types are this package's own: a failure is a programming error
	}
	for name, values := range enums {
		p := s.Properties[name]
		if p.Items != nil {
			p = p.Items
		}
		p.Enum = values
	}
	return s
}

func addTools(s *mcp.Server, api http.Handler, auth credentials) {
	addQueryTool(s, api, auth, anyDocument, &mcp.Tool{
		Name: "graphql",
		Description: "Run any GraphQL query on MNR Graph (countries, capabilities, assessments, instruments, " +
			"participation, coverage, sources) and get the API's answer exactly as /graphql gives it: data, and errors " +
			"with extensions.code. Use describe or the schema resource to learn the fields, and the examples resources " +
			"for ready queries.",
		InputSchema: inputSchema[graphqlInput](nil),
	}, func(in graphqlInput) request {
		return request{Query: in.Query, Variables: in.Variables, OperationName: in.OperationName}
	})

	addQueryTool(s, api, auth, readOnly, &mcp.Tool{
		Name: "search",
		Description: "Full-text search over countries, capabilities, domains, instruments, findings, challenges, " +
			"practices and calls to action, in English and French, best hits first with the matching text highlighted. " +
			"Use it to find the key or ISO3 code of something named in a question.",
		InputSchema: inputSchema[searchInput](map[string][]any{"kinds": searchKinds, "lang": langs}),
	}, func(in searchInput) request {
		return request{Query: searchDocument, Variables: set(map[string]any{"text": in.Text, "kinds": in.Kinds,
			"lang": in.Lang, "first": in.First, "after": in.After})}
	})

	mcp.AddTool(s, &mcp.Tool{
		Name: "describe",
		Description: "Describe a type of the GraphQL schema (its fields with their arguments and descriptions, " +
			"its enum values or input fields), or one field as Type.field. Start with Query for the root fields.",
		InputSchema:  inputSchema[describeInput](nil),
		OutputSchema: json.RawMessage(`{"type":"object"}`),
		Annotations:  readOnly,
	}, func(ctx context.Context, req *mcp.CallToolRequest, in describeInput) (*mcp.CallToolResult, json.RawMessage, error) {
		return describe(ctx, api, auth(req.Extra), in.Name)
	})

	addQueryTool(s, api, auth, readOnly, &mcp.Tool{
		Name: "coverage",
		Description: "How many countries have each capability in place, partly, not at all, or were not assessed, " +
			"overall or per income group, region or population. PUBLIC reads the latest audited publication, where " +
			"small counts are hidden (null, suppressed: true); analysts read live statuses.",
		InputSchema: inputSchema[coverageInput](map[string][]any{"by": facets}),
	}, func(in coverageInput) request {
		return request{Query: coverageDocument, Variables: set(map[string]any{"by": in.By, "capabilities": in.Capabilities,
			"publication": in.Publication, "asOf": in.AsOf})}
	})

	addQueryTool(s, api, auth, readOnly, &mcp.Tool{
		Name: "country_profile",
		Description: "One country's profile: income group and region, its record for every legal instrument " +
			"(party, signed, not party or unknown, with dates), the membership lists that name it, its practices, " +
			"each with the sources it cites; with assessments: true (ANALYST), its status for every capability.",
		InputSchema: inputSchema[countryProfileInput](map[string][]any{"lang": langs}),
	}, func(in countryProfileInput) request {
		doc := countryProfileDocument
		if in.Assessments {
			doc = countryProfileWithAssessmentsDocument
		}
		return request{Query: doc, Variables: set(map[string]any{"iso3": in.ISO3, "lang": in.Lang})}
	})

	addQueryTool(s, api, auth, readOnly, &mcp.Tool{
		Name: "country_groups",
		Description: "Which countries lacking some capabilities share an income group (or region, or population): " +
			"the groups of at least minSize such countries, with their members. Needs an ANALYST key: the lacks " +
			"filter reads assessments.",
		InputSchema: inputSchema[countryGroupsInput](map[string][]any{"by": facets}),
	}, func(in countryGroupsInput) request {
		if in.By == "" {
			in.By = "INCOME_GROUP"
		}
		if in.MinSize == 0 {
			in.MinSize = 2
		}
		return request{Query: countryGroupsDocument, Variables: map[string]any{"lacks": in.Lacks, "by": in.By, "minSize": in.MinSize}}
	})
}

// addQueryTool adds a tool that runs the request its input makes through the API, as the caller,
// and returns the API's answer.
func addQueryTool[In any](s *mcp.Server, api http.Handler, auth credentials, hints *mcp.ToolAnnotations, t *mcp.Tool, build func(In) request) {
	t.OutputSchema = answerSchema
	t.Annotations = hints
	mcp.AddTool(s, t, func(ctx context.Context, req *mcp.CallToolRequest, in In) (*mcp.CallToolResult, json.RawMessage, error) {
		ans, err := runGraphQL(ctx, api, auth(req.Extra), build(in))
		if err != nil {
			return nil, nil, err
		}
		return reply(ans), json.RawMessage(ans.Body), nil
	})
}

// reply is the tool result of an answer: its text is the API's body byte for byte; a request that
// failed as a whole (no data) is an error result, still holding the API's errors.
func reply(ans answer) *mcp.CallToolResult {
	return &mcp.CallToolResult{
		Content: []mcp.Content{&mcp.TextContent{Text: string(ans.Body)}},
		IsError: ans.refusal() != nil,
	}
}

// set keeps the variables given a value: an omitted variable lets its argument take the schema's
// default, where an explicit null would not.
func set(vars map[string]any) map[string]any {
	out := make(map[string]any, len(vars))
	for k, v := range vars {
		switch x := v.(type) {
		case string:
			if x == "" {
				continue
			}
		case int:
			if x == 0 {
				continue
			}
		case []string:
			if x == nil {
				continue
			}
		}
		out[k] = v
	}
	return out
}
