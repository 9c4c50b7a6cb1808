package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph/illustrative"
	"github.com/mnrgraph/mnrgraph/graph/release"
	"github.com/mnrgraph/mnrgraph/graph/store"
)

// The API tests run against the real Neo4j that `make test` starts (or NEO4J_URI). TestMain
// empties that database, migrates it and loads the data release once; tests that write restore
// what they change.

var (
	testStore   *store.Store
	testHandler http.Handler
	// testMetrics serves the metrics of testHandler, which the API's address does not.
	testMetrics http.Handler
)

const releaseDir = "data/2026.1"

func TestMain(m *testing.M) {
	if os.Getenv("NEO4J_URI") == "" {
		fmt.Fprintln(os.Stderr, "these tests need a real Neo4j: run `make test` (it starts one), or set NEO4J_URI, NEO4J_PASSWORD and MNRGRAPH_TEST_RESET=yes")
		os.Exit(1)
	}
	if os.Getenv("MNRGRAPH_TEST_RESET") != "yes" {
		fmt.Fprintln(os.Stderr, "the tests empty the database at NEO4J_URI; set MNRGRAPH_TEST_RESET=yes to allow it (make test does so for its own instance)")
		os.Exit(1)
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testStore, err = store.Open(cfg.neo4j)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := resetAndLoad(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "preparing the test database:", err)
		os.Exit(1)
	}
	cfg.corsOrigins = []string{"https://app.example.org"}
	keysFile, err := writeTestKeys()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.Remove(keysFile)
	if cfg.keys, err = access.LoadKeys(keysFile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testHandler, testMetrics = newHandler(cfg, testStore)
	testConfig = cfg
	code := m.Run()
	testStore.Close(context.Background())
	os.Exit(code)
}

// testKeys are the API keys the tests present, by role.
var testKeys = map[string]string{"ANALYST": "analyst-test-key", "EDITOR": "editor-test-key", "ADMIN": "admin-test-key"}

func writeTestKeys() (string, error) {
	f, err := os.CreateTemp("", "mnrgraph-keys-*")
	if err != nil {
		return "", err
	}
	defer f.Close()
	for role, key := range testKeys {
		fmt.Fprintf(f, "%s %s test-%s\n", role, access.HashKey(key), strings.ToLower(role))
	}
	return f.Name(), nil
}

func resetAndLoad(ctx context.Context) error {
	// In slices: one transaction may hold only so much (db.memory.transaction.max). The revision
	// counter stays: every write counts itself on it, and the revision names the load as well.
	for {
		recs, err := testStore.Write(ctx, `MATCH (n) WHERE NOT (n:DataState AND n.key = 'revision')
WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted`, nil)
		if err != nil {
			return err
		}
		if n, _ := recs[0].Get("deleted"); n.(int64) == 0 {
			break
		}
	}
	if err := testStore.Migrate(ctx); err != nil {
		return err
	}
	rel, err := release.Read(releaseDir)
	if err != nil {
		return err
	}
	if err := release.Load(ctx, testStore, rel); err != nil {
		return err
	}
	if _, err = illustrative.Load(ctx, testStore); err != nil {
		return err
	}
	// Public aggregates come from a publication, as under make run.
	_, err = testStore.Publish(ctx, 5, "tests")
	return err
}

// gqlError is one entry of a response's errors list.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
	Status int            `json:"-"`
}

func postQuery(t *testing.T, h http.Handler, query string, vars map[string]any) gqlResponse {
	t.Helper()
	return postAs(t, h, "ANALYST", query, vars)
}

// postAs sends a query with the test key of role ("PUBLIC": no key; anything else not in
// testKeys is sent as a key the server does not know).
func postAs(t *testing.T, h http.Handler, role, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if role != "PUBLIC" {
		key, ok := testKeys[role]
		if !ok {
			key = role
		}
		req.Header.Set("Authorization", "Bearer "+key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	resp.Status = rec.Code
	return resp
}

// queryAs runs a query as role that must succeed and returns its data.
func queryAs(t *testing.T, role, q string, vars ...map[string]any) map[string]any {
	t.Helper()
	var v map[string]any
	if len(vars) > 0 {
		v = vars[0]
	}
	resp := postAs(t, testHandler, role, q, v)
	if len(resp.Errors) > 0 {
		t.Fatalf("query as %s failed: %+v\nquery: %s", role, resp.Errors, q)
	}
	return resp.Data
}

// query runs a query as ANALYST that must succeed and returns its data.
func query(t *testing.T, q string, vars ...map[string]any) map[string]any {
	t.Helper()
	var v map[string]any
	if len(vars) > 0 {
		v = vars[0]
	}
	resp := postQuery(t, testHandler, q, v)
	if len(resp.Errors) > 0 {
		t.Fatalf("query failed: %+v\nquery: %s", resp.Errors, q)
	}
	return resp.Data
}

// queryErr runs a query that must fail and returns its errors.
func queryErr(t *testing.T, q string, vars ...map[string]any) gqlResponse {
	t.Helper()
	var v map[string]any
	if len(vars) > 0 {
		v = vars[0]
	}
	resp := postQuery(t, testHandler, q, v)
	if len(resp.Errors) == 0 {
		t.Fatalf("expected an error, got data %v\nquery: %s", resp.Data, q)
	}
	return resp
}

// at walks a decoded JSON value along a dotted path ("countries.nodes.0.iso3").
func at(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// pluck collects field from every element of the list at path.
func pluck(v any, path, field string) []string {
	var out []string
	list, _ := at(v, path).([]any)
	for _, item := range list {
		out = append(out, fmt.Sprint(at(item, field)))
	}
	return out
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func waitFor(t *testing.T, d time.Duration, cond func() bool) bool {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	// GraphQL input literals are written here in JSON-ish form; quote the keys to parse them.
	var v any
	if err := json.Unmarshal([]byte(quoteKeys(s)), &v); err != nil {
		t.Fatalf("bad test filter %s: %v", s, err)
	}
	return v
}

// quoteKeys turns `{iso3In: ["KEN"], NOT: {regionIn: [NORTH_AMERICA]}}` into JSON, quoting keys and
// bare enum values.
func quoteKeys(s string) string {
	var b strings.Builder
	inString := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '"' {
			inString = !inString
			b.WriteByte(ch)
			continue
		}
		if !inString && (ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
			j := i
			for j < len(s) && (s[j] == '_' || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			word := s[i:j]
			if word == "true" || word == "false" || word == "null" {
				b.WriteString(word)
			} else {
				b.WriteString(`"` + word + `"`)
			}
			i = j - 1
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

func httptestGet(h http.Handler, path string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// testConfig is the configuration testHandler was built with.
var testConfig config

// apiHandler is the API's handler for a configuration, its metrics left aside.
func apiHandler(cfg config, store *store.Store) http.Handler {
	h, _ := newHandler(cfg, store)
	return h
}

func serveTest(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	testHandler.ServeHTTP(rec, req)
	return rec
}

type accessKeys = access.Keys

var loadKeys = access.LoadKeys
