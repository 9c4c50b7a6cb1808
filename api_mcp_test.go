package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mnrgraph/mnrgraph/graphiql"
	"github.com/mnrgraph/mnrgraph/mcpserver"
)

// The MCP server promises what /graphql promises: the same key gets the same answer, byte for
// byte, and the same refusals. The tests drive it with the SDK's own client over both transports:
// streamable HTTP at /mcp (the key in each request's Authorization header) and stdio (the built
// binary as `mnrgraph mcp`, the key in MNRGRAPH_API_KEY).

var mcpTransports = []string{"http", "stdio"}

// mcpHTTPServer is testHandler on a real listener, shared by the HTTP sessions.
var (
	mcpHTTPOnce   sync.Once
	mcpHTTPServer *httptest.Server
)

// authorizing sends every request with the Authorization header of its current role.
type authorizing struct {
	mu   sync.Mutex
	role string
}

func (a *authorizing) setRole(role string) {
	a.mu.Lock()
	a.role = role
	a.mu.Unlock()
}

func (a *authorizing) RoundTrip(r *http.Request) (*http.Response, error) {
	a.mu.Lock()
	role := a.role
	a.mu.Unlock()
	if role != "PUBLIC" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+roleKey(role))
	}
	return http.DefaultTransport.RoundTrip(r)
}

// roleKey is the test key of role; a role not in testKeys is sent as a key the server does not know.
func roleKey(role string) string {
	if k, ok := testKeys[role]; ok {
		return k
	}
	return role
}

func mcpClient() *mcp.Client {
	return mcp.NewClient(&mcp.Implementation{Name: "mnrgraph-tests", Version: "0"}, nil)
}

// mcpHTTPSession connects to /mcp as role; the returned authorizing changes the role of the
// session's later requests.
func mcpHTTPSession(t *testing.T, role string) (*mcp.ClientSession, *authorizing, error) {
	t.Helper()
	mcpHTTPOnce.Do(func() { mcpHTTPServer = httptest.NewServer(testHandler) })
	auth := &authorizing{role: role}
	cs, err := mcpClient().Connect(testContext(t), &mcp.StreamableClientTransport{
		Endpoint: mcpHTTPServer.URL + "/mcp", HTTPClient: &http.Client{Transport: auth}, MaxRetries: -1,
	}, nil)
	if err == nil {
		t.Cleanup(func() { cs.Close() })
	}
	return cs, auth, err
}

// mcpStdioCommand is `mnrgraph mcp` with the test database and keys, and role's key.
func mcpStdioCommand(t *testing.T, role string) *exec.Cmd {
	t.Helper()
	keysFile, err := writeTestKeys()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(keysFile) })
	cmd := exec.Command(mnrgraphBinary(t), "mcp")
	cmd.Env = append(os.Environ(), "MNRGRAPH_API_KEYS_FILE="+keysFile, "MNRGRAPH_API_KEY=", "MNRGRAPH_ILLUSTRATIVE=off")
	if role != "PUBLIC" {
		cmd.Env = append(cmd.Env, "MNRGRAPH_API_KEY="+roleKey(role))
	}
	return cmd
}

func mcpSession(t *testing.T, transport, role string) *mcp.ClientSession {
	t.Helper()
	var (
		cs  *mcp.ClientSession
		err error
	)
	switch transport {
	case "http":
		cs, _, err = mcpHTTPSession(t, role)
	case "stdio":
		cs, err = mcpClient().Connect(testContext(t), &mcp.CommandTransport{Command: mcpStdioCommand(t, role)}, nil)
		if err == nil {
			t.Cleanup(func() { cs.Close() })
		}
	}
	if err != nil {
		t.Fatalf("connecting over %s as %s: %v", transport, role, err)
	}
	return cs
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// graphqlBody is /graphql's body for a query as role, exactly as sent.
func graphqlBody(t *testing.T, role, query string, vars map[string]any) string {
	t.Helper()
	return graphqlOperationBody(t, role, query, vars, "")
}

func graphqlOperationBody(t *testing.T, role, query string, vars map[string]any, operation string) string {
	t.Helper()
	doc := map[string]any{"query": query, "variables": vars}
	if operation != "" {
		doc["operationName"] = operation
	}
	body, _ := json.Marshal(doc)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if role != "PUBLIC" {
		req.Header.Set("Authorization", "Bearer "+roleKey(role))
	}
	return strings.TrimSpace(serveTest(req).Body.String())
}

// callTool calls a tool that must answer (possibly with an error result) and returns its text.
func callTool(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (string, *mcp.CallToolResult) {
	t.Helper()
	res, err := cs.CallTool(testContext(t), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	if len(res.Content) == 0 {
		t.Fatalf("%s %v: no content", name, args)
	}
	text, ok := res.Content[0].(*mcp.TextContent)
	if !ok {
		t.Fatalf("%s: content is %T, not text", name, res.Content[0])
	}
	return text.Text, res
}

// sameJSON asserts that the structured content holds the same value as the text.
func sameJSON(t *testing.T, res *mcp.CallToolResult, text string) {
	t.Helper()
	var b any
	if err := json.Unmarshal([]byte(text), &b); err != nil {
		t.Fatalf("text content is not JSON: %v\n%s", err, text)
	}
	if a := structured(t, res); !reflect.DeepEqual(a, b) {
		t.Errorf("structured content differs from the text:\n%v\n%s", a, text)
	}
}

// structured is the structured content as the client decoded it, read as JSON.
func structured(t *testing.T, res *mcp.CallToolResult) any {
	t.Helper()
	var v any
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("structured content: %v", err)
	}
	return v
}

func decode(t *testing.T, text string) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatalf("not a GraphQL response: %v\n%s", err, text)
	}
	return r
}

func exampleQuery(t *testing.T, name string) string {
	t.Helper()
	examples, err := graphiql.Examples()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		if ex.Name == name {
			return ex.Query
		}
	}
	t.Fatalf("no example %s", name)
	return ""
}

func TestMCPListsItsToolsAndResources(t *testing.T) {
	examples, err := graphiql.Examples()
	if err != nil {
		t.Fatal(err)
	}
	wantResources := []string{"mnrgraph://release/changelog", "mnrgraph://release/citation", "mnrgraph://schema.graphql"}
	for _, ex := range examples {
		wantResources = append(wantResources, "mnrgraph://examples/"+ex.Name)
	}
	sort.Strings(wantResources)
	for _, transport := range mcpTransports {
		t.Run(transport, func(t *testing.T) {
			cs := mcpSession(t, transport, "PUBLIC")
			var tools []string
			for tool, err := range cs.Tools(testContext(t), nil) {
				if err != nil {
					t.Fatal(err)
				}
				// Only graphql runs mutations (for EDITOR keys and above, as /graphql does).
				if len(tool.Description) < 40 || tool.InputSchema == nil || tool.Annotations == nil || tool.Annotations.ReadOnlyHint == (tool.Name == "graphql") {
					t.Errorf("tool %s: a description an assistant can choose it by, an input schema, read-only unless graphql: %+v", tool.Name, tool)
				}
				tools = append(tools, tool.Name)
			}
			sort.Strings(tools)
			if want := []string{"country_groups", "country_profile", "coverage", "describe", "graphql", "search"}; !equalStrings(tools, want) {
				t.Errorf("tools: %v, want %v", tools, want)
			}
			var resources []string
			for r, err := range cs.Resources(testContext(t), nil) {
				if err != nil {
					t.Fatal(err)
				}
				if r.Description == "" || r.MIMEType == "" {
					t.Errorf("resource %s: no description or MIME type", r.URI)
				}
				resources = append(resources, r.URI)
			}
			sort.Strings(resources)
			if !equalStrings(resources, wantResources) {
				t.Errorf("resources: %v, want %v", resources, wantResources)
			}
		})
	}
}

func TestMCPResourcesHoldTheSchemaExamplesAndRelease(t *testing.T) {
	examples, _ := graphiql.Examples()
	release := queryAs(t, "PUBLIC", `{ meta { release { citation licence changelog } } }`)
	schemaFile, err := os.ReadFile("schema/countries.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]func(string) bool{
		"mnrgraph://schema.graphql": func(s string) bool {
			return strings.Contains(s, strings.TrimSpace(string(schemaFile))) && strings.Contains(s, "type Query")
		},
		"mnrgraph://release/citation": func(s string) bool {
			return strings.HasPrefix(s, at(release, "meta.release.citation").(string)) && strings.Contains(s, at(release, "meta.release.licence").(string))
		},
		"mnrgraph://release/changelog": func(s string) bool { return s == at(release, "meta.release.changelog") && s != "" },
	}
	for _, ex := range examples {
		want["mnrgraph://examples/"+ex.Name] = func(s string) bool { return s == ex.Query }
	}
	for _, transport := range mcpTransports {
		t.Run(transport, func(t *testing.T) {
			cs := mcpSession(t, transport, "PUBLIC")
			for uri, ok := range want {
				res, err := cs.ReadResource(testContext(t), &mcp.ReadResourceParams{URI: uri})
				if err != nil {
					t.Errorf("%s: %v", uri, err)
					continue
				}
				if len(res.Contents) != 1 || !ok(res.Contents[0].Text) {
					t.Errorf("%s holds %+v", uri, res.Contents)
				}
			}
		})
	}
}

// The graphql tool answers exactly what /graphql answers the same key: the headline question, the
// fields PUBLIC is refused, and documents over the limits.
func TestMCPGraphQLAnswersAsGraphQLDoes(t *testing.T) {
	headline := exampleQuery(t, "03-offender-programmes-by-income")
	refusedFields := `{ country(iso3: "KEN") { name om: status(capability: "offender-management") assessments { status } instruments { status } } }`
	for _, transport := range mcpTransports {
		for _, role := range []string{"PUBLIC", "ANALYST"} {
			t.Run(transport+" "+role, func(t *testing.T) {
				cs := mcpSession(t, transport, role)
				for _, c := range []struct {
					name, query string
					vars        map[string]any
					operation   string
				}{
					{"the headline question", headline, nil, ""},
					{"fields PUBLIC is refused", refusedFields, nil, ""},
					{"variables", `query ($iso3: ID!) { country(iso3: $iso3) { name status(capability: "child-helpline") } }`, map[string]any{"iso3": "KEN"}, ""},
					{"one operation of two", `query Role { meta { role } } query Version { meta { dataVersion } }`, nil, "Version"},
					{"a mutation below EDITOR", `mutation { recordAssessments(input: [], dryRun: true) { ok } }`, nil, ""},
					{"a fragment bomb", fragmentBomb(), nil, ""},
					{"a field flood", fieldFlood(), nil, ""},
					{"a document that does not parse", "{ country(", nil, ""},
				} {
					want := graphqlOperationBody(t, role, c.query, c.vars, c.operation)
					args := map[string]any{"query": c.query}
					if c.vars != nil {
						args["variables"] = c.vars
					}
					if c.operation != "" {
						args["operationName"] = c.operation
					}
					got, res := callTool(t, cs, "graphql", args)
					if got != want {
						t.Errorf("%s: /mcp answers\n%.2000s\n/graphql answers\n%.2000s", c.name, got, want)
						continue
					}
					sameJSON(t, res, got)
					if r := decode(t, got); res.IsError != (len(r.Errors) > 0 && r.Data == nil) {
						t.Errorf("%s: isError %v for %.300s", c.name, res.IsError, got)
					}
				}
				headlineAnswer := decode(t, graphqlBody(t, role, headline, nil))
				refusedAnswer := decode(t, graphqlBody(t, role, refusedFields, nil))
				if role == "PUBLIC" {
					forbiddenAt(t, headlineAnswer, "[countryGroups]")
					forbiddenAt(t, refusedAnswer, "[country om]")
					forbiddenAt(t, refusedAnswer, "[country assessments]")
				} else if len(headlineAnswer.Errors) > 0 || len(at(headlineAnswer.Data, "countryGroups").([]any)) == 0 ||
					len(refusedAnswer.Errors) > 0 || len(at(refusedAnswer.Data, "country.assessments").([]any)) == 0 {
					t.Errorf("ANALYST is refused: %+v %+v", headlineAnswer, refusedAnswer)
				}
			})
		}
	}
}

// Every side door PUBLIC tries on /graphql is refused over MCP the same way, byte for byte.
func TestMCPPublicSideDoorsAreRefusedAsByGraphQL(t *testing.T) {
	absent := pluck(query(t, `{ capability(key: "child-helpline") { countries(status: [ABSENT]) { iso3 } } }`), "capability.countries", "iso3")
	if len(absent) != 2 {
		t.Fatalf("setup: %v", absent)
	}
	for _, transport := range mcpTransports {
		t.Run(transport, func(t *testing.T) {
			cs := mcpSession(t, transport, "PUBLIC")
			for _, door := range publicSideDoors(absent[0]) {
				got, _ := callTool(t, cs, "graphql", map[string]any{"query": door.query})
				if want := graphqlBody(t, "PUBLIC", door.query, nil); got != want {
					t.Errorf("%s: /mcp answers\n%s\n/graphql answers\n%s", door.name, got, want)
				}
				forbiddenAt(t, decode(t, got), door.path)
			}
		})
	}
}

func TestMCPTaskToolsAnswerAsTheCaller(t *testing.T) {
	for _, transport := range mcpTransports {
		t.Run(transport, func(t *testing.T) {
			public, analyst := mcpSession(t, transport, "PUBLIC"), mcpSession(t, transport, "ANALYST")

			t.Run("search finds the Lanzarote Convention, in French too", func(t *testing.T) {
				text, res := callTool(t, public, "search", map[string]any{"text": "Lanzarote", "kinds": []string{"INSTRUMENT"}, "first": 3})
				sameJSON(t, res, text)
				r := decode(t, text)
				if len(r.Errors) > 0 || at(r.Data, "search.0.object.key") != "lanzarote" {
					t.Errorf("search: %s", text)
				}
				text, _ = callTool(t, public, "search", map[string]any{"text": "terminologie", "lang": "FR"})
				if r := decode(t, text); len(r.Errors) > 0 || len(at(r.Data, "search").([]any)) == 0 {
					t.Errorf("search in French: %s", text)
				}
			})

			t.Run("search refuses a kind the schema does not have", func(t *testing.T) {
				_, res := callTool(t, public, "search", map[string]any{"text": "x", "kinds": []string{"ASSESSMENT"}})
				if !res.IsError {
					t.Errorf("an unknown kind was accepted")
				}
			})

			t.Run("coverage is the published table for PUBLIC", func(t *testing.T) {
				want := queryAs(t, "PUBLIC", `{ coverage(by: INCOME_GROUP, capabilities: ["child-helpline"]) { value inPlace partial absent notAssessed suppressed } }`)
				text, res := callTool(t, public, "coverage", map[string]any{"by": "INCOME_GROUP", "capabilities": []string{"child-helpline"}})
				sameJSON(t, res, text)
				r := decode(t, text)
				rows, _ := at(r.Data, "coverage").([]any)
				if len(r.Errors) > 0 || len(rows) != len(want["coverage"].([]any)) {
					t.Fatalf("coverage: %s", text)
				}
				for i, row := range rows {
					for _, f := range []string{"value", "inPlace", "partial", "absent", "notAssessed", "suppressed"} {
						if at(row, f) != at(want, fmt.Sprintf("coverage.%d.%s", i, f)) {
							t.Errorf("row %d %s: %v, /graphql %v", i, f, at(row, f), at(want, fmt.Sprintf("coverage.%d.%s", i, f)))
						}
					}
				}
				text, res = callTool(t, public, "coverage", map[string]any{"asOf": "2025-01-31"})
				forbiddenAt(t, decode(t, text), "[coverage]")
				if !res.IsError {
					t.Errorf("a refused coverage is not an error result")
				}
			})

			t.Run("country_profile, assessments for ANALYST only", func(t *testing.T) {
				text, res := callTool(t, public, "country_profile", map[string]any{"iso3": "KEN"})
				sameJSON(t, res, text)
				r := decode(t, text)
				if len(r.Errors) > 0 || at(r.Data, "country.name") != "Kenya" || len(at(r.Data, "country.instruments").([]any)) == 0 ||
					at(r.Data, "country.instruments.0.citations.0.source.key") == nil {
					t.Errorf("profile: %.1000s", text)
				}
				text, _ = callTool(t, public, "country_profile", map[string]any{"iso3": "KEN", "assessments": true})
				r = decode(t, text)
				forbiddenAt(t, r, "[country assessments]")
				if at(r.Data, "country.assessments") != nil || at(r.Data, "country.name") != "Kenya" {
					t.Errorf("PUBLIC profile with assessments: %.1000s", text)
				}
				text, _ = callTool(t, analyst, "country_profile", map[string]any{"iso3": "KEN", "assessments": true, "lang": "FR"})
				r = decode(t, text)
				if len(r.Errors) > 0 || len(at(r.Data, "country.assessments").([]any)) == 0 {
					t.Errorf("ANALYST profile with assessments: %.1000s", text)
				}
			})

			t.Run("country_groups is the headline question, refused to PUBLIC", func(t *testing.T) {
				want := query(t, exampleQuery(t, "03-offender-programmes-by-income"))
				text, _ := callTool(t, analyst, "country_groups", map[string]any{"lacks": []string{"offender-management"}})
				r := decode(t, text)
				if len(r.Errors) > 0 || !reflect.DeepEqual(r.Data["countryGroups"], want["countryGroups"]) {
					t.Errorf("country_groups: %s\nwant %v", text, want)
				}
				text, res := callTool(t, public, "country_groups", map[string]any{"lacks": []string{"offender-management"}})
				forbiddenAt(t, decode(t, text), "[countryGroups]")
				if !res.IsError {
					t.Errorf("a refused question is not an error result")
				}
			})

			t.Run("describe a type, a field, an enum", func(t *testing.T) {
				text, res := callTool(t, public, "describe", map[string]any{"name": "Country.status"})
				if res.IsError || !strings.Contains(text, "Country.") || !strings.Contains(text, "capability: ID!") || !strings.Contains(text, "ANALYST") ||
					at(structured(t, res), "field.name") != "status" {
					t.Errorf("describe Country.status: %s", text)
				}
				text, _ = callTool(t, public, "describe", map[string]any{"name": "Facet"})
				if !strings.Contains(text, "enum Facet {") || !strings.Contains(text, "INCOME_GROUP") {
					t.Errorf("describe Facet: %s", text)
				}
				text, _ = callTool(t, public, "describe", map[string]any{"name": "Query"})
				if !strings.Contains(text, "countryGroups(") || !strings.Contains(text, "by: Facet!") {
					t.Errorf("describe Query: %.2000s", text)
				}
				for _, missing := range []string{"Nope", "Country.nope"} {
					text, res = callTool(t, public, "describe", map[string]any{"name": missing})
					if !res.IsError || !strings.Contains(text, `"NOT_FOUND"`) {
						t.Errorf("describe %s: %s", missing, text)
					}
				}
			})
		})
	}
}

// A key /graphql refuses is refused over MCP too, and over HTTP each call reads as the key of the
// request that carries it.
func TestMCPRefusesKeysAsTheAPIDoes(t *testing.T) {
	t.Run("http: a wrong key is refused with /graphql's refusal", func(t *testing.T) {
		mcpHTTPOnce.Do(func() { mcpHTTPServer = httptest.NewServer(testHandler) })
		if _, _, err := mcpHTTPSession(t, "not-a-key"); err == nil {
			t.Fatal("a session opened with a wrong key")
		}
		post := func(path string) (int, string) {
			req, _ := http.NewRequest(http.MethodPost, mcpHTTPServer.URL+path, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			req.Header.Set("Authorization", "Bearer not-a-key")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b bytes.Buffer
			_, _ = b.ReadFrom(res.Body)
			return res.StatusCode, b.String()
		}
		mcpStatus, mcpBody := post("/mcp")
		gqlStatus, gqlBody := post("/graphql")
		if mcpStatus != http.StatusUnauthorized || mcpStatus != gqlStatus || mcpBody != gqlBody {
			t.Errorf("/mcp: %d %s; /graphql: %d %s", mcpStatus, mcpBody, gqlStatus, gqlBody)
		}
	})

	t.Run("http: each call reads as the key of its own request", func(t *testing.T) {
		cs, auth, err := mcpHTTPSession(t, "ANALYST")
		if err != nil {
			t.Fatal(err)
		}
		role := func() string {
			text, _ := callTool(t, cs, "graphql", map[string]any{"query": "{ meta { role } }"})
			return fmt.Sprint(at(decode(t, text).Data, "meta.role"))
		}
		if got := role(); got != "ANALYST" {
			t.Errorf("with the ANALYST key: %s", got)
		}
		auth.setRole("PUBLIC")
		if got := role(); got != "PUBLIC" {
			t.Errorf("the session kept the key of an earlier request: %s", got)
		}
	})

	t.Run("stdio: a wrong key stops the server with the API's refusal", func(t *testing.T) {
		cmd := mcpStdioCommand(t, "not-a-key")
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "UNAUTHENTICATED") || !strings.Contains(string(out), "MNRGRAPH_API_KEY") {
			t.Errorf("mnrgraph mcp with a wrong key: %v\n%s", err, out)
		}
	})

	t.Run("a key server with a wrong key answers every call with the API's refusal", func(t *testing.T) {
		client, server := mcp.NewInMemoryTransports()
		ctx := testContext(t)
		ss, err := mcpserver.NewKeyServer(testHandler, mcpOptions(), "not-a-key").Connect(ctx, server, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ss.Close()
		cs, err := mcpClient().Connect(ctx, client, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cs.Close()
		q := "{ meta { role } }"
		text, res := callTool(t, cs, "graphql", map[string]any{"query": q})
		if want := graphqlBody(t, "not-a-key", q, nil); text != want || !res.IsError || !strings.Contains(text, `"UNAUTHENTICATED"`) {
			t.Errorf("got %s (isError %v), /graphql %s", text, res.IsError, want)
		}
		if _, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "mnrgraph://release/citation"}); err == nil || !strings.Contains(err.Error(), "UNAUTHENTICATED") {
			t.Errorf("the citation read with a wrong key: %v", err)
		}
	})
}
