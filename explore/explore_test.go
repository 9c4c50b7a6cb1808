package explore

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestHandlerRoutes(t *testing.T) {
	h := Handler("/graphql", "/")
	for _, tc := range []struct {
		path, contentType string
		status            int
	}{
		{"/explore", "text/html; charset=utf-8", 200},
		{"/explore/", "text/html; charset=utf-8", 200},
		{"/explore/assets/d3.min.js", "text/javascript; charset=utf-8", 200},
		{"/explore/assets/topojson-client.min.js", "text/javascript; charset=utf-8", 200},
		{"/explore/assets/countries-110m.json", "application/json", 200},
		{"/explore/assets/frame.js", "text/javascript; charset=utf-8", 200},
		{"/explore/assets/main.js", "text/javascript; charset=utf-8", 200},
		{"/explore/assets/explore.css", "text/css; charset=utf-8", 200},
		{"/explore/assets/LICENSE-d3", "", 404},
		{"/explore/assets/", "", 404},
		{"/explore/index.html", "", 404},
	} {
		res, _ := get(t, h, tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.status)
			continue
		}
		if tc.contentType != "" && res.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, res.Header.Get("Content-Type"), tc.contentType)
		}
	}
}

// The page loads nothing from another origin, every script and stylesheet carries the integrity
// hash of what this handler sends for it, and the policy lets the browser talk to this server
// only.
func TestPageLoadsOnlyLocalAssetsWithIntegrity(t *testing.T) {
	h := Handler("/graphql", "/")
	res, page := get(t, h, "/explore")
	tags := regexp.MustCompile(`(?:src|href)="([^"]*)" integrity="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if want := 3 + len(pageScripts); len(tags) != want {
		t.Fatalf("%d tags with integrity, want %d (1 stylesheet, d3, topojson-client and the page's scripts):\n%s", len(tags), want, page)
	}
	for _, tag := range tags {
		ref, sri := html.UnescapeString(tag[1]), html.UnescapeString(tag[2])
		if !strings.HasPrefix(ref, assets.Prefix()) {
			t.Errorf("%s is not served by this handler", ref)
			continue
		}
		ares, b := get(t, h, ref)
		sum := sha256.Sum256([]byte(b))
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != sri {
			t.Errorf("%s: integrity %s, content hashes to %s", ref, sri, got)
		}
		if cc := ares.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q; a versioned asset may be cached for good", ref, cc)
		}
	}
	if regexp.MustCompile(`(?:src|href)="(?:https?:)?//`).MatchString(page) {
		t.Errorf("the page refers to another origin:\n%s", page)
	}
	for _, must := range []string{`data-endpoint="/graphql"`, `data-graphiql="/"`, `data-world="/explore/assets/countries-110m.json?v=`} {
		if !strings.Contains(page, must) {
			t.Errorf("the page lacks %s", must)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, must := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self';", "connect-src 'self';"} {
		if !strings.Contains(csp, must) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, must)
		}
	}
}

// The vendored files must be byte for byte the npm releases scripts/explore-assets.sh checks.
func TestVendoredAssetsMatchPinnedHashes(t *testing.T) {
	for name, want := range map[string]string{
		"d3.min.js":              "f2094bbf6141b359722c4fe454eb6c4b0f0e42cc10cc7af921fc158fceb86539",
		"topojson-client.min.js": "25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89",
		"countries-110m.json":    "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8",
	} {
		if pinnedSHA256[name] != want {
			t.Errorf("assets.go pins %s as %s, want %s", name, pinnedSHA256[name], want)
		}
		b, err := vendored.ReadFile("assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("assets/%s hashes to %s, want %s (run scripts/explore-assets.sh)", name, got, want)
		}
	}
}
