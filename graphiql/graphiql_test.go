package graphiql

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandlerRoutes(t *testing.T) {
	h := Handler("/graphql")
	for _, tc := range []struct {
		path, contentType string
		status            int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/index.html", "text/html; charset=utf-8", 200},
		{"/graphiql/examples.json", "application/json", 200},
		{"/graphiql/assets/graphiql.min.js", "text/javascript; charset=utf-8", 200},
		{"/graphiql/assets/graphiql.min.css", "text/css; charset=utf-8", 200},
		{"/graphiql/assets/react.production.min.js", "text/javascript; charset=utf-8", 200},
		{"/graphiql/assets/react-dom.production.min.js", "text/javascript; charset=utf-8", 200},
		{"/graphiql/assets/page.js", "text/javascript; charset=utf-8", 200},
		{"/graphiql/assets/page.css", "text/css; charset=utf-8", 200},
		{"/graphiql/assets/", "", 404},
		{"/graphiql/assets/nope.js", "", 404},
		{"/graphiql/", "", 404},
		{"/favicon.ico", "", 404},
		{"/graphql-typo", "", 404},
		{"/index.htm", "", 404},
	} {
		res := get(t, h, tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.status)
			continue
		}
		if tc.contentType != "" && res.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, res.Header.Get("Content-Type"), tc.contentType)
		}
	}
}

// The page must load nothing from another origin: every src and href is a path on this server,
// with the integrity hash of what this server sends for it.
func TestPageLoadsOnlyLocalAssetsWithIntegrity(t *testing.T) {
	h := Handler("/graphql")
	page := body(t, get(t, h, "/"))
	tags := regexp.MustCompile(`(?:src|href)="([^"]*)" integrity="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(tags) != 6 {
		t.Fatalf("%d tags with integrity, want 6 (2 stylesheets, 4 scripts):\n%s", len(tags), page)
	}
	for _, tag := range tags {
		// html/template writes "+" as "&#43;"; the browser reads the decoded value.
		ref, sri := html.UnescapeString(tag[1]), html.UnescapeString(tag[2])
		if !strings.HasPrefix(ref, "/graphiql/assets/") {
			t.Errorf("%s is not served by this handler", ref)
			continue
		}
		res := get(t, h, ref)
		sum := sha256.Sum256([]byte(body(t, res)))
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != sri {
			t.Errorf("%s: integrity %s, content hashes to %s", ref, sri, got)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q; a versioned asset may be cached for good", ref, cc)
		}
	}
	if regexp.MustCompile(`(?:src|href)="(?:https?:)?//`).MatchString(page) {
		t.Errorf("the page refers to another origin:\n%s", page)
	}
	if !strings.Contains(page, `data-endpoint="/graphql"`) || !strings.Contains(page, `id="examples"`) {
		t.Errorf("page lacks the endpoint or the examples menu:\n%s", page)
	}
	csp := get(t, h, "/").Header.Get("Content-Security-Policy")
	for _, must := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, must) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, must)
		}
	}
}

// The vendored files must be byte for byte the npm releases gqlgen pins (see assets.go).
func TestVendoredAssetsMatchPinnedHashes(t *testing.T) {
	for name, want := range map[string]string{
		"graphiql.min.js":             "sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs=",
		"graphiql.min.css":            "sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU=",
		"react.production.min.js":     "sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY=",
		"react-dom.production.min.js": "sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc=",
	} {
		b, err := vendored.ReadFile("assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != want {
			t.Errorf("assets/%s hashes to %s, want %s (run scripts/graphiql-assets.sh)", name, got, want)
		}
	}
}

func TestExamplesJSON(t *testing.T) {
	res := get(t, Handler("/graphql"), "/graphiql/examples.json")
	var got []Example
	if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
		t.Fatal(err)
	}
	want, _ := Examples()
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d examples served, %d embedded", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("example %d served as %+v, embedded as %+v", i, got[i], want[i])
		}
	}
}

func TestAbsoluteEndpointIsAllowedByThePolicy(t *testing.T) {
	csp := get(t, Handler("https://api.example.org/graphql"), "/").Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' https://api.example.org") {
		t.Errorf("Content-Security-Policy %q does not let the page reach its endpoint", csp)
	}
}
