package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// rawPost sends a body as-is and returns the status, headers and decoded body.
func rawPost(t *testing.T, body string, headers map[string]string) (int, http.Header, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := serveTest(req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, rec.Header(), out
}

func firstCode(body map[string]any) string {
	return fmt.Sprint(at(body, "errors.0.extensions.code"))
}

func TestQueryLimitsRefuseWithTheirCodes(t *testing.T) {
	deep := "{ capability(key: \"child-helpline\") { " + strings.Repeat("domain { capabilities { ", 10) + "key" + strings.Repeat(" } }", 10) + " } }"
	var aliases strings.Builder
	aliases.WriteString(`{ country(iso3: "KEN") {`)
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&aliases, " a%d: name", i)
	}
	aliases.WriteString(" } }")
	var roots strings.Builder
	roots.WriteString("{")
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&roots, " r%d: meta { apiVersion }", i)
	}
	roots.WriteString(" }")
	costly := `{ countries(first: 100) { nodes { peers(sharing: [REGION]) { peers(sharing: [REGION]) { peers(sharing: [REGION]) { iso3 } } } } } }`
	cases := []struct{ name, query, code string }{
		{"a depth-20 query", deep, "QUERY_TOO_DEEP"},
		{"a 500-alias query", aliases.String(), "TOO_MANY_ALIASES"},
		{"25 root fields", roots.String(), "TOO_MANY_ROOT_FIELDS"},
		{"first: 100000", `{ countries(first: 100000) { totalCount } }`, "BAD_USER_INPUT"},
		{"last: 100000 as a variable", `query($n: Int) { countries(last: $n) { totalCount } }`, "BAD_USER_INPUT"},
		{"search first over its cap", `{ search(text: "x", first: 1000) { score } }`, "BAD_USER_INPUT"},
		{"nested lists multiply", costly, "COMPLEXITY_LIMIT_EXCEEDED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": map[string]any{"n": 100000}})
			status, _, out := rawPost(t, string(body), nil)
			if status < 400 || status >= 500 {
				t.Errorf("HTTP %d, want 4xx", status)
			}
			if firstCode(out) != c.code {
				t.Errorf("code %s (%v), want %s", firstCode(out), at(out, "errors.0.message"), c.code)
			}
			if out["data"] != nil {
				t.Errorf("a refused operation returned data")
			}
		})
	}
	// first: null is the default page, not "everything".
	d := query(t, `{ countries(first: null) { totalCount nodes { iso3 } } }`)
	if n := len(at(d, "countries.nodes").([]any)); n != 42 {
		t.Errorf("first: null gave %d countries, want the default page (all 42 here)", n)
	}
	// A parser token limit holds too.
	huge := "{ meta { " + strings.Repeat("apiVersion ", 20000) + "} }"
	body, _ := json.Marshal(map[string]any{"query": huge})
	if status, _, out := rawPost(t, string(body), nil); out["errors"] == nil || status >= 500 {
		t.Errorf("a 20,000-token query: HTTP %d %v", status, out)
	}
}

func TestRequestBodyLimitIs413(t *testing.T) {
	big := `{"query": "{ meta { apiVersion } }", "variables": {"pad": "` + strings.Repeat("x", 2<<20) + `"}}`
	status, _, out := rawPost(t, big, nil)
	if status != http.StatusRequestEntityTooLarge || firstCode(out) != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("a 2 MB body: HTTP %d %v", status, out)
	}
}

func TestGraphQLOverHTTPBasics(t *testing.T) {
	// GET for queries, never for mutations.
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape("{ meta { dataVersion } }"), nil)
	if rec := serveTest(req); rec.Code != 200 || !strings.Contains(rec.Body.String(), filepath.Base(releaseDir)) {
		t.Errorf("GET: %d %s", rec.Code, rec.Body.String())
	}
	req = httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape("mutation { recordAssessments(input: []) { ok } }"), nil)
	if rec := serveTest(req); rec.Code < 400 || rec.Code >= 500 {
		t.Errorf("a mutation over GET: %d", rec.Code)
	}
	// application/graphql-response+json is mirrored, and a bad document is a 400 without data.
	status, h, _ := rawPost(t, `{"query": "{ meta { dataVersion } }"}`, map[string]string{"Accept": "application/graphql-response+json"})
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/graphql-response+json") {
		t.Errorf("graphql-response+json: %d %s", status, h.Get("Content-Type"))
	}
	status, _, out := rawPost(t, `{"query": "{ nope }"}`, map[string]string{"Accept": "application/graphql-response+json"})
	if _, hasData := out["data"]; status != 400 || hasData {
		t.Errorf("invalid document under graphql-response+json: %d %v", status, out)
	}
	// Under application/json the same is a 200 with a validation error.
	status, _, out = rawPost(t, `{"query": "{ nope }"}`, nil)
	if status != 200 || firstCode(out) != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("invalid document under application/json: %d %v", status, out)
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	q := "{ meta { dataVersion } }"
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	body, _ := json.Marshal(map[string]any{"extensions": ext})
	_, _, out := rawPost(t, string(body), nil)
	if firstCode(out) != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %v", out)
	}
	body, _ = json.Marshal(map[string]any{"query": q, "extensions": ext})
	if _, _, out = rawPost(t, string(body), nil); at(out, "data.meta.dataVersion") != filepath.Base(releaseDir) {
		t.Fatalf("registering: %v", out)
	}
	body, _ = json.Marshal(map[string]any{"extensions": ext})
	if _, _, out = rawPost(t, string(body), nil); at(out, "data.meta.dataVersion") != filepath.Base(releaseDir) {
		t.Fatalf("by hash alone: %v", out)
	}
}

// Without MNRGRAPH_CORS_ORIGINS no origin is allowed (rs/cors alone would allow every one).
func TestNoCORSOriginsAllowsNone(t *testing.T) {
	cfg := testConfig
	cfg.corsOrigins = nil
	h := apiHandler(cfg, testStore)
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		req := httptest.NewRequest(method, "/graphql", strings.NewReader(`{"query":"{ meta { role } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for k, v := range rec.Header() {
			if strings.HasPrefix(k, "Access-Control-Allow") {
				t.Errorf("%s with no allowed origins: %s: %v", method, k, v)
			}
		}
	}
}

func TestCORS(t *testing.T) {
	for _, c := range []struct {
		origin  string
		allowed bool
	}{{"https://app.example.org", true}, {"https://evil.example", false}} {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", c.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type") // as browsers send it: lower case, sorted
		rec := serveTest(req)
		got := rec.Header().Get("Access-Control-Allow-Origin")
		if c.allowed && (got != c.origin || rec.Header().Get("Access-Control-Max-Age") == "" || rec.Code >= 300) {
			t.Errorf("preflight from %s: %d %v", c.origin, rec.Code, rec.Header())
		}
		if !c.allowed && got != "" {
			t.Errorf("%s got CORS headers: %v", c.origin, rec.Header())
		}
		req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ meta { role } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", c.origin)
		rec = serveTest(req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); (got != "") != c.allowed {
			t.Errorf("POST from %s: Access-Control-Allow-Origin %q", c.origin, got)
		}
		for k := range rec.Header() {
			if !c.allowed && strings.HasPrefix(k, "Access-Control-") {
				t.Errorf("%s got %s", c.origin, k)
			}
		}
	}
}

func TestMetricsAndReadiness(t *testing.T) {
	query(t, `query CountCountries { countries { totalCount } }`)
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	rec := httptest.NewRecorder()
	testMetrics.ServeHTTP(rec, req)
	body := rec.Body.String()
	for _, want := range []string{
		`mnrgraph_graphql_requests_total{operation="CountCountries",outcome="ok"}`,
		"mnrgraph_graphql_request_duration_seconds_bucket", "mnrgraph_neo4j_statement_duration_seconds_bucket",
		"mnrgraph_graphql_query_cost_bucket", "mnrgraph_http_requests_total",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "test-key") {
		t.Errorf("/metrics mentions a key")
	}
	// Operation names say what every role asks for: the API's address does not serve them.
	if rec := serveTest(httptest.NewRequest(http.MethodGet, "/metrics", nil)); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "mnrgraph_") {
		t.Errorf("/metrics on the API's address: %d %.200s", rec.Code, rec.Body.String())
	}
	req = httptest.NewRequest(http.MethodGet, "/readyz", nil)
	rec = serveTest(req)
	var ready map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &ready)
	if rec.Code != 200 || ready["dataVersion"] != filepath.Base(releaseDir) {
		t.Errorf("/readyz: %d %v", rec.Code, ready)
	}
}

// The graphql-http audit suite (scripts/audit) runs against a real listening server.
func TestGraphQLOverHTTPAuditSuite(t *testing.T) {
	if _, err := os.Stat("scripts/audit/node_modules/graphql-http"); err != nil {
		t.Fatal("the audit suite is not installed: run `npm ci --prefix scripts/audit` (make test does)")
	}
	srv := httptest.NewServer(testHandler)
	defer srv.Close()
	out, err := exec.Command("node", "scripts/audit/audit.mjs", srv.URL+"/graphql").CombinedOutput()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	var counts map[string]int
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	last := lines[len(lines)-1]
	if i := strings.Index(last, "{"); i < 0 || json.Unmarshal([]byte(last[i:]), &counts) != nil {
		t.Fatalf("audit output: %s", out)
	}
	if counts["error"] != 0 || counts["warn"] != 0 {
		t.Fatalf("MUST failures %d, SHOULD warnings %d:\n%s", counts["error"], counts["warn"], out)
	}
	t.Logf("graphql-http audit: %s", last)
}

// Requests gqlgen's transports refuse before any GraphQL runs still get a coded, actionable error
// as JSON with a 4xx status, and never an echo of what was sent.
func TestRefusedRequestsCarryACode(t *testing.T) {
	big := `{"query": "` + strings.Repeat("x", 5000)
	cases := []struct {
		name, method, contentType, target, body string
		status                                  int
		code                                    string
	}{
		{"an empty body", "POST", "application/json", "/graphql", "", 400, "BAD_REQUEST"},
		{"a body cut short", "POST", "application/json", "/graphql", big, 400, "BAD_REQUEST"},
		{"a batch", "POST", "application/json", "/graphql", `[{"query":"{ meta { role } }"},{"query":"{ meta { role } }"}]`, 400, "BAD_REQUEST"},
		{"a query that is a number", "POST", "application/json", "/graphql", `{"query": 5}`, 400, "BAD_REQUEST"},
		{"text/plain", "POST", "text/plain", "/graphql", `{"query":"{ meta { role } }"}`, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"a form", "POST", "application/x-www-form-urlencoded", "/graphql", `query=x`, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"PUT", "PUT", "application/json", "/graphql", `{"query":"{ meta { role } }"}`, 405, "METHOD_NOT_ALLOWED"},
		{"DELETE", "DELETE", "", "/graphql", ``, 405, "METHOD_NOT_ALLOWED"},
		{"a mutation over GET", "GET", "", "/graphql?query=" + url.QueryEscape("mutation { recordAssessments(input: []) { ok } }"), ``, 405, "METHOD_NOT_ALLOWED"},
		{"GET variables that are not JSON", "GET", "", "/graphql?query=" + url.QueryEscape("{ meta { role } }") + "&variables=%7Bnope", ``, 400, "BAD_REQUEST"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			rec := serveTest(req)
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("%d, not JSON: %s", rec.Code, rec.Body.String())
			}
			if rec.Code != c.status || firstCode(out) != c.code {
				t.Fatalf("%d %s, want %d %s: %v", rec.Code, firstCode(out), c.status, c.code, out)
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
			}
			if len(c.body) > 100 && strings.Contains(rec.Body.String(), c.body[:100]) {
				t.Errorf("the body is echoed back: %.200s", rec.Body.String())
			}
		})
	}
}
