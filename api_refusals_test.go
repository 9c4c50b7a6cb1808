package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// fragmentBomb is about 1.2 KB: 25 fragments, each spreading the next twice, 2^24 copies of the
// last one once expanded.
func fragmentBomb() string {
	var b strings.Builder
	b.WriteString(`{ country(iso3: "KEN") { ...F0 } }`)
	for i := 0; i < 24; i++ {
		fmt.Fprintf(&b, "\nfragment F%d on Country { ...F%d ...F%d }", i, i+1, i+1)
	}
	b.WriteString("\nfragment F24 on Country { name }")
	return b.String()
}

// fieldFlood is 75 KB: one field 14,900 times (the comment makes each copy a new document to a cache).
func fieldFlood() string {
	return "{ meta { " + strings.Repeat("role ", 14_900) + "} } #random"
}

// Documents whose validation or execution would take the server down are refused before gqlgen
// validates them, with a code and HTTP 400, over a real connection.
func TestOversizedDocumentsAreRefusedBeforeValidation(t *testing.T) {
	srv := httptest.NewServer(testHandler)
	defer srv.Close()
	cases := []struct {
		name, query, want string
	}{
		{"a fragment bomb of 25 levels", fragmentBomb(), "counting a fragment's fields at every spread; the limit is 2,000"},
		{"a field repeated 14,900 times", fieldFlood(), "the document selects 14,901 fields; the limit is 2,000"},
		{"a field repeated 101 times", "{ meta { " + strings.Repeat("role ", 101) + "} }", `selects "role" 101 times`},
	}
	for _, c := range cases {
		for _, accept := range []string{"application/json", "application/graphql-response+json"} {
			t.Run(c.name+" as "+accept, func(t *testing.T) {
				body, _ := json.Marshal(map[string]any{"query": c.query})
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", accept)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatalf("no response: %v", err)
				}
				defer res.Body.Close()
				var out map[string]any
				if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
					t.Fatalf("HTTP %d, the body is not JSON: %v", res.StatusCode, err)
				}
				if res.StatusCode != http.StatusBadRequest || firstCode(out) != "TOO_MANY_FIELDS" {
					t.Fatalf("HTTP %d %v, want 400 TOO_MANY_FIELDS", res.StatusCode, out)
				}
				if msg := fmt.Sprint(at(out, "errors.0.message")); !strings.Contains(msg, c.want) {
					t.Errorf("message %q, want it to say %q", msg, c.want)
				}
				if _, hasData := out["data"]; hasData && out["data"] != nil {
					t.Errorf("a refused document returned data")
				}
			})
		}
	}
	// The same by GET, and by a persisted-query hash registered with it.
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(fragmentBomb()), nil)
	if rec := serveTest(req); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "TOO_MANY_FIELDS") {
		t.Errorf("the bomb by GET: %d %s", rec.Code, rec.Body.String())
	}
	sum := sha256.Sum256([]byte(fragmentBomb()))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	for _, withQuery := range []bool{true, false} {
		body := map[string]any{"extensions": ext}
		if withQuery {
			body["query"] = fragmentBomb()
		}
		b, _ := json.Marshal(body)
		if status, _, out := rawPost(t, string(b), nil); status != http.StatusBadRequest || firstCode(out) != "TOO_MANY_FIELDS" {
			t.Errorf("the bomb as a persisted query (query sent: %v): %d %v", withQuery, status, out)
		}
	}
	// GraphiQL's introspection query and a query with fragments are well within the limit.
	queryAs(t, "PUBLIC", `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`)
	queryAs(t, "PUBLIC", `{ a: country(iso3: "KEN") { ...C } b: country(iso3: "ALB") { ...C } } fragment C on Country { name iso3 region }`)
}

// A document that breaks a validation rule many times lists the first 100 errors, then says how
// many more there are.
func TestManyValidationErrorsAreCut(t *testing.T) {
	resp := postQuery(t, testHandler, "{ meta { "+strings.Repeat("a: role a: apiVersion ", 40)+"} }", nil)
	if len(resp.Errors) != 101 || !strings.Contains(resp.Errors[100].Message, "more errors, not listed") {
		t.Fatalf("%d errors, the last: %+v", len(resp.Errors), resp.Errors[len(resp.Errors)-1])
	}
	if resp.Errors[100].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("the summary's code: %v", resp.Errors[100].Extensions)
	}
}

// Every size argument outside its range is refused before anything runs, with HTTP 400, its
// argument named and the value it got.
func TestSizeArgumentsOutOfRangeAreRefusedBeforeExecution(t *testing.T) {
	cases := []struct {
		name, query, argument, want string
	}{
		{"countries first", `{ countries(first: -1) { totalCount } }`, "first", "first must not be negative (got -1)"},
		{"countries last", `{ countries(last: -5) { totalCount } }`, "last", "last must not be negative (got -5)"},
		{"countries first as a variable", `query($n: Int) { countries(first: $n) { totalCount } }`, "first", "(got -1)"},
		{"search first", `{ search(text: "helpline", first: -1) { score } }`, "first", "first must be between 1 and 50 (got -1)"},
		{"search first of zero", `{ search(text: "helpline", first: 0) { score } }`, "first", "(got 0)"},
		{"graph limit", `{ graph(from: "Instrument:budapest", limit: -1) { nodes { id } } }`, "limit", "limit must be between 1 and 500 (got -1)"},
		{"graph depth", `{ graph(from: "Instrument:budapest", depth: -1) { nodes { id } } }`, "depth", "depth must be between 1 and 3 (got -1)"},
		{"graph depth over its maximum", `{ graph(from: "Instrument:budapest", depth: 4) { nodes { id } } }`, "depth", "depth: 4 is over the maximum of 3"},
		{"changes first", `{ changes(first: -1) { totalCount } }`, "first", "first must not be negative (got -1)"},
		{"changes first over its maximum", `{ changes(first: 101) { totalCount } }`, "first", "first: 101 is over the maximum of 100"},
		{"inside a fragment", `{ ...Q } fragment Q on Query { countries(first: -1) { totalCount } }`, "first", "(got -1)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": c.query, "variables": map[string]any{"n": -1}})
			status, _, out := rawPost(t, string(body), map[string]string{"Authorization": "Bearer " + testKeys["ADMIN"]})
			if status != http.StatusBadRequest || firstCode(out) != "BAD_USER_INPUT" {
				t.Fatalf("HTTP %d %v, want 400 BAD_USER_INPUT", status, out)
			}
			if at(out, "errors.0.extensions.argument") != c.argument || !strings.Contains(fmt.Sprint(at(out, "errors.0.message")), c.want) {
				t.Errorf("%v, want argument %s and %q", at(out, "errors.0"), c.argument, c.want)
			}
		})
	}
}

// A variable gqlgen cannot coerce is named with the value that was sent.
func TestVariableCoercionNamesTheValue(t *testing.T) {
	cases := []struct {
		name, query string
		vars        string
		want        string
	}{
		{"a number too large for an Int", `query($n: Int) { countries(first: $n) { totalCount } }`, `{"n": 1e308}`, "cannot use 1e308 as Int"},
		{"a fraction", `query($n: Int) { countries(first: $n) { totalCount } }`, `{"n": 1.5}`, "cannot use 1.5 as Int"},
		{"a string", `query($n: Int) { countries(first: $n) { totalCount } }`, `{"n": "ten"}`, `cannot use "ten" as Int`},
		{"a number inside an input object", `query($w: CountryWhere) { countries(where: $w) { totalCount } }`, `{"w": {"incomeFiscalYear": 1e308}}`, "cannot use 1e308 as Int"},
		{"a long string, shortened", `query($w: CountryWhere) { countries(where: $w) { totalCount } }`, `{"w": {"incomeFiscalYear": "` + strings.Repeat("9", 500) + `"}}`, `cannot use "` + strings.Repeat("9", 40) + `…" as Int`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, out := rawPost(t, `{"query": `+quoteJSON(c.query)+`, "variables": `+c.vars+`}`, nil)
			msg := fmt.Sprint(at(out, "errors.0.message"))
			if !strings.Contains(msg, c.want) {
				t.Errorf("message %q, want %q", msg, c.want)
			}
			if len(msg) > 200 {
				t.Errorf("the message echoes too much: %d characters", len(msg))
			}
		})
	}
	// A literal is named by validation already.
	resp := queryErr(t, `{ countries(first: 1e308) { totalCount } }`)
	if !strings.Contains(resp.Errors[0].Message, "1e308") {
		t.Errorf("first: 1e308 as a literal: %s", resp.Errors[0].Message)
	}
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Persisted-query mistakes are the client's: HTTP 400 and BAD_REQUEST. An unknown hash stays
// PERSISTED_QUERY_NOT_FOUND with HTTP 200, which Apollo clients answer by sending the query.
func TestPersistedQueryMistakesAreBadRequests(t *testing.T) {
	q := "{ meta { dataVersion } }"
	sum := sha256.Sum256([]byte(q))
	hash := hex.EncodeToString(sum[:])
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"a hash that does not match the query", `{"query": "{ meta { role } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + hash + `"}}}`, 400, "BAD_REQUEST"},
		{"an unsupported version", `{"query": "` + q + `", "extensions": {"persistedQuery": {"version": 2, "sha256Hash": "` + hash + `"}}}`, 400, "BAD_REQUEST"},
		{"a malformed extension", `{"query": "` + q + `", "extensions": {"persistedQuery": "yes"}}`, 400, "BAD_REQUEST"},
		{"an unknown hash", `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + strings.Repeat("0", 64) + `"}}}`, 200, "PERSISTED_QUERY_NOT_FOUND"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, _, out := rawPost(t, c.body, nil)
			if status != c.status || firstCode(out) != c.code {
				t.Errorf("HTTP %d %v, want %d %s", status, out, c.status, c.code)
			}
		})
	}
}

// `mnrgraph serve` serves /metrics on MNRGRAPH_METRICS_ADDR only; the API's address answers 404.
func TestServeKeepsMetricsApart(t *testing.T) {
	api, metrics := freeAddr(t), freeAddr(t)
	cmd := exec.Command(mnrgraphBinary(t), "serve")
	cmd.Env = append(os.Environ(), "MNRGRAPH_ADDR="+api, "MNRGRAPH_METRICS_ADDR="+metrics, "MNRGRAPH_ILLUSTRATIVE=off")
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	get := func(addr, path string) (int, string) {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if status, _ := get(api, "/healthz"); status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", logs.String())
		}
	}
	if status, _ := get(api, "/graphql?query="+url.QueryEscape("query Ping { meta { role } }")); status != http.StatusOK {
		t.Errorf("the API: %d", status)
	}
	if status, body := get(metrics, "/metrics"); status != http.StatusOK || !strings.Contains(body, `mnrgraph_graphql_requests_total{operation="Ping",outcome="ok"}`) {
		t.Errorf("metrics address: %d %.200s", status, body)
	}
	if status, body := get(api, "/metrics"); status != http.StatusNotFound {
		t.Errorf("the API's address serves /metrics: %d %.200s", status, body)
	}
	if status, _ := get(metrics, "/graphql"); status != http.StatusNotFound {
		t.Errorf("the metrics address serves /graphql: %d", status)
	}
	// An address in use is reported when the server starts, naming its setting.
	second := exec.Command(mnrgraphBinary(t), "serve")
	second.Env = append(os.Environ(), "MNRGRAPH_ADDR="+freeAddr(t), "MNRGRAPH_METRICS_ADDR="+metrics)
	if out, err := second.CombinedOutput(); err == nil || !strings.Contains(string(out), "MNRGRAPH_METRICS_ADDR="+metrics) {
		t.Errorf("a metrics address in use: %v\n%s", err, out)
	}
}

func TestMetricsAddressConfiguration(t *testing.T) {
	for _, c := range []struct{ value, want string }{{"", "127.0.0.1:9464"}, {"off", ""}, {"10.0.0.5:9100", "10.0.0.5:9100"}} {
		t.Setenv("MNRGRAPH_METRICS_ADDR", c.value)
		cfg, err := loadConfig()
		if err != nil || cfg.metricsAddr != c.want {
			t.Errorf("MNRGRAPH_METRICS_ADDR=%q: %q %v, want %q", c.value, cfg.metricsAddr, err, c.want)
		}
	}
	t.Setenv("MNRGRAPH_MAX_FIELDS", "500")
	if cfg, err := loadConfig(); err != nil || cfg.limits.MaxFields != 500 {
		t.Errorf("MNRGRAPH_MAX_FIELDS=500: %d %v", cfg.limits.MaxFields, err)
	}
	t.Setenv("MNRGRAPH_MAX_FIELDS", "many")
	if _, err := loadConfig(); err == nil || !strings.Contains(err.Error(), "MNRGRAPH_MAX_FIELDS") {
		t.Errorf("MNRGRAPH_MAX_FIELDS=many: %v", err)
	}
}

// freeAddr is a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
