package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/mnrgraph/mnrgraph/graphiql"
	"github.com/mnrgraph/mnrgraph/httpapi"
)

// getAs sends a GraphQL GET as role with extra headers.
func getAs(h http.Handler, role, query string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
	if role != "PUBLIC" {
		req.Header.Set("Authorization", "Bearer "+testKeys[role])
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const coverageDoc = `{ coverage(capability: "offender-management", by: INCOME_GROUP) { group countries { count range { min max } } } }`

// Answers travel compressed when the client accepts it (zstd or gzip), and decode to the same
// bytes as the plain answer.
func TestAnswersTravelCompressed(t *testing.T) {
	const doc = `{ countries(first: 100) { nodes { iso3 name region incomeGroup instruments { status instrument { key } } } } }`
	plain := getAs(testHandler, "PUBLIC", doc, nil)
	if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("plain: %d %v", plain.Code, plain.Header())
	}
	for _, enc := range []string{"gzip", "zstd"} {
		rec := getAs(testHandler, "PUBLIC", doc, map[string]string{"Accept-Encoding": enc})
		if rec.Header().Get("Content-Encoding") != enc || !strings.Contains(strings.Join(rec.Header().Values("Vary"), ","), "Accept-Encoding") {
			t.Fatalf("%s: Content-Encoding %q, Vary %q", enc, rec.Header().Get("Content-Encoding"), rec.Header().Values("Vary"))
		}
		var r io.Reader
		if enc == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		} else {
			zr, err := zstd.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			r = zr
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Errorf("%s answer decodes to %d bytes, the plain answer is %d", enc, len(body), plain.Body.Len())
		}
		if rec.Header().Get("ETag") == plain.Header().Get("ETag") {
			t.Errorf("%s answer has the plain answer's ETag", enc)
		}
	}
}

// A public GET is cacheable, revalidates with 304, and its tag moves when the data does.
func TestGETAnswersAreCacheableAndMoveWithTheRevision(t *testing.T) {
	defer cleanupWrites(t)
	first := getAs(testHandler, "PUBLIC", coverageDoc, nil)
	tag, rev := first.Header().Get("ETag"), first.Header().Get("X-Data-Revision")
	if first.Code != 200 || !strings.HasPrefix(tag, `"`) || rev == "" ||
		!strings.HasPrefix(first.Header().Get("Cache-Control"), "public, max-age=") {
		t.Fatalf("first GET: %d %v", first.Code, first.Header())
	}
	if got := at(queryAs(t, "PUBLIC", `{ meta { revision } }`), "meta.revision"); got != rev {
		t.Errorf("meta.revision %v, header %s", got, rev)
	}
	again := getAs(testHandler, "PUBLIC", coverageDoc, map[string]string{"If-None-Match": tag})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != tag {
		t.Fatalf("GET with If-None-Match: %d %v %q", again.Code, again.Header(), again.Body.String())
	}
	same := getAs(testHandler, "PUBLIC", coverageDoc, nil)
	if same.Header().Get("ETag") != tag || same.Body.String() != first.Body.String() {
		t.Errorf("the same GET again: tag %s, body equal %v", same.Header().Get("ETag"), same.Body.String() == first.Body.String())
	}

	analyst := getAs(testHandler, "ANALYST", coverageDoc, nil)
	if analyst.Header().Get("ETag") == tag || !strings.HasPrefix(analyst.Header().Get("Cache-Control"), "private") {
		t.Errorf("ANALYST GET: ETag %s (PUBLIC's %s), Cache-Control %q", analyst.Header().Get("ETag"), tag, analyst.Header().Get("Cache-Control"))
	}
	if !strings.Contains(strings.Join(analyst.Header().Values("Vary"), ","), "Authorization") {
		t.Errorf("Vary %v does not name Authorization", analyst.Header().Values("Vary"))
	}

	queryAs(t, "EDITOR", recordMutation, map[string]any{"input": []any{assessment("KEN", "offender-management", "IN_PLACE", "2024-02-01")}})
	after := getAs(testHandler, "PUBLIC", coverageDoc, map[string]string{"If-None-Match": tag})
	if after.Code != 200 || after.Header().Get("ETag") == tag || after.Header().Get("X-Data-Revision") == rev {
		t.Fatalf("after a write: %d, ETag %s (was %s), revision %s (was %s)", after.Code, after.Header().Get("ETag"), tag,
			after.Header().Get("X-Data-Revision"), rev)
	}
	// The live answer an analyst reads changed, and a cached copy must not hide it.
	live := getAs(testHandler, "ANALYST", `{ country(iso3: "KEN") { status(capability: "offender-management", asOf: "2024-06-01") } }`, nil)
	if !strings.Contains(live.Body.String(), "IN_PLACE") {
		t.Errorf("after the write, ANALYST reads %s", live.Body.String())
	}

	// A persisted query the server does not know yet is answered 200 (Apollo then sends the
	// query), but that answer must not be kept: the next client's GET of the hash would get it.
	req := httptest.NewRequest(http.MethodGet, "/graphql?extensions="+url.QueryEscape(
		`{"persistedQuery":{"version":1,"sha256Hash":"0000000000000000000000000000000000000000000000000000000000000001"}}`), nil)
	unknown := httptest.NewRecorder()
	testHandler.ServeHTTP(unknown, req)
	if !strings.Contains(unknown.Body.String(), "PERSISTED_QUERY_NOT_FOUND") || unknown.Header().Get("ETag") != "" ||
		unknown.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("an unknown persisted query: %d %v %s", unknown.Code, unknown.Header(), unknown.Body.String())
	}
	bad := getAs(testHandler, "PUBLIC", `{ countries(first: 100000) { nodes { iso3 } } }`, nil)
	if bad.Code != http.StatusBadRequest || bad.Header().Get("ETag") != "" || bad.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("a refused GET: %d, ETag %q, Cache-Control %q", bad.Code, bad.Header().Get("ETag"), bad.Header().Get("Cache-Control"))
	}
}

// What browsers send: trace context, Apollo's client awareness and a request id pass the
// preflight of an allowed origin, scripts may read the tag, the revision and the request id, and
// Resource Timing is open to the page.
func TestCORSForRealClients(t *testing.T) {
	req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
	req.Header.Set("Origin", "https://app.example.org")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "apollographql-client-name,authorization,content-type,traceparent,x-request-id")
	rec := serveTest(req)
	if rec.Code >= 300 || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" {
		t.Fatalf("preflight: %d %v", rec.Code, rec.Header())
	}
	allowed := strings.ToLower(strings.Join(rec.Header().Values("Access-Control-Allow-Headers"), ","))
	for _, h := range []string{"traceparent", "apollographql-client-name", "authorization", "content-type", "x-request-id"} {
		if !strings.Contains(allowed, h) {
			t.Errorf("preflight does not allow %s: %q", h, allowed)
		}
	}

	req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ meta { role } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://app.example.org")
	req.Header.Set("X-Request-Id", "trace-42.a")
	rec = serveTest(req)
	exposed := strings.ToLower(strings.Join(rec.Header().Values("Access-Control-Expose-Headers"), ","))
	for _, h := range []string{"etag", "x-data-revision", "x-request-id"} {
		if !strings.Contains(exposed, h) {
			t.Errorf("%s is not exposed: %q", h, exposed)
		}
	}
	if rec.Header().Get("Timing-Allow-Origin") != "https://app.example.org" || rec.Header().Get("X-Request-Id") != "trace-42.a" {
		t.Errorf("Timing-Allow-Origin %q, X-Request-Id %q", rec.Header().Get("Timing-Allow-Origin"), rec.Header().Get("X-Request-Id"))
	}

	req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ meta { role } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("X-Request-Id", "bad id\nwith a newline")
	rec = serveTest(req)
	if rec.Header().Get("Timing-Allow-Origin") != "" || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an origin not allowed: %v", rec.Header())
	}
	if id := rec.Header().Get("X-Request-Id"); len(id) != 24 {
		t.Errorf("an unusable request id must be replaced by the server's own: %q", id)
	}
}

// In development any loopback origin may call the API; in production only the listed ones.
func TestLoopbackOriginsOnlyInDevelopment(t *testing.T) {
	for _, env := range []string{"development", "production"} {
		cfg := testConfig
		cfg.env = env
		h := apiHandler(cfg, testStore)
		for _, origin := range []string{"http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8081", "http://localhost.evil.example"} {
			req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			want := env == "development" && !strings.Contains(origin, "evil")
			if got := rec.Header().Get("Access-Control-Allow-Origin") == origin; got != want {
				t.Errorf("%s, origin %s: allowed %v, want %v", env, origin, got, want)
			}
		}
	}
}

// @defer answers in parts over multipart/mixed: the first part without the deferred fields, a
// later one with them, the last saying hasNext false.
func TestDeferAnswersInParts(t *testing.T) {
	body := `{"query":"{ country(iso3: \"KEN\") { iso3 ... @defer(label: \"more\") { instruments { status instrument { key } } } } }"}`
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", `multipart/mixed; deferSpec=20220824, application/json`)
	rec := serveTest(req)
	mediaType, params, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v\n%s", rec.Header().Get("Content-Type"), err, rec.Body.String())
	}
	mr := multipart.NewReader(rec.Body, params["boundary"])
	var parts []map[string]any
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", len(parts), err)
		}
		var v map[string]any
		if err := json.NewDecoder(p).Decode(&v); err != nil {
			t.Fatalf("part %d is not JSON: %v", len(parts), err)
		}
		parts = append(parts, v)
	}
	if len(parts) < 2 {
		t.Fatalf("%d parts, want the initial answer and at least one increment: %v", len(parts), parts)
	}
	if at(parts[0], "data.country.iso3") != "KEN" || at(parts[0], "data.country.instruments") != nil || parts[0]["hasNext"] != true {
		t.Errorf("first part %v: want Kenya without its instruments, hasNext true", parts[0])
	}
	last := parts[len(parts)-1]
	inc := at(last, "incremental.0")
	if last["hasNext"] != false || at(inc, "label") != "more" || len(at(inc, "data.instruments").([]any)) < 4 {
		t.Errorf("last part %v: want the deferred instruments, hasNext false", last)
	}
}

// The same through a real client: Apollo Client 4 sends its multipart Accept header, reads the
// parts and delivers first the country without its instruments, then the complete answer.
func TestDeferWithApolloClient(t *testing.T) {
	if _, err := os.Stat("scripts/audit/node_modules/@apollo/client"); err != nil {
		t.Fatal("Apollo Client is not installed: run `npm ci --prefix scripts/audit` (make test does)")
	}
	srv := httptest.NewServer(testHandler)
	defer srv.Close()
	out, err := exec.Command("node", "scripts/audit/defer.mjs", srv.URL+"/graphql").CombinedOutput()
	if err != nil {
		t.Fatalf("defer.mjs: %v\n%s", err, out)
	}
	var results []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("defer.mjs printed %q", line)
		}
		results = append(results, r)
	}
	// gqlgen sends a deferred field as null in the first part (it writes every field of a
	// selection set); the client shows Kenya without its instruments until the later part.
	var before, final map[string]any
	for _, r := range results {
		if r["loading"] == true && at(r, "data.country.iso3") == "KEN" {
			before = r
		}
		if r["loading"] == false {
			final = r
		}
	}
	if before == nil || at(before, "data.country.instruments") != nil {
		t.Errorf("no result with Kenya before its instruments arrived: %s", out)
	}
	if final == nil || final["dataState"] != "complete" || len(at(final, "data.country.instruments").([]any)) < 4 {
		t.Errorf("no final result with the instruments: %s", out)
	}
}

// At start the server runs every saved example once as its role (so Neo4j plans them before a
// user asks); each answers without an error.
func TestSavedExamplesAreWarmedAtStart(t *testing.T) {
	cfg := testConfig
	cfg.runners = make(chan httpapi.Runner, 1)
	newHandler(cfg, testStore)
	examples, err := graphiql.Examples()
	if err != nil {
		t.Fatal(err)
	}
	if n := warmExamples(context.Background(), testStore, <-cfg.runners); n != len(examples) || n == 0 {
		t.Fatalf("%d of %d saved examples answered without an error", n, len(examples))
	}
}

// Keys learnt at start need no check statement; a key that does not exist is still refused.
func TestLearntKeysNeedNoCheckStatement(t *testing.T) {
	testStore.ForgetKeys()
	n, err := testStore.LearnKeys(context.Background())
	if err != nil || n < 42+21 {
		t.Fatalf("learnt %d keys: %v", n, err)
	}
	q := `{ countries(where: {iso3In: ["GHA", "ZWE"], partyTo: ["lanzarote"], has: ["child-helpline"]}) { totalCount } }`
	if got := countStatements(t, q); got != 1 {
		t.Errorf("a filter naming existing keys cost %d statements, want 1 (no check)", got)
	}
	resp := postQuery(t, testHandler, `{ countries(where: {iso3In: ["XYZ"]}) { totalCount } }`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "XYZ") {
		t.Errorf("an unknown key after learning: %+v", resp.Errors)
	}
}
