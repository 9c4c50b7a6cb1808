package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The GraphiQL page promises to work with no internet access. This test proves it in a real
// browser: Debian's Chromium, headless, with every name except 127.0.0.1 unresolvable and every
// proxied connection sent to a closed port, loads the page from the test server, runs a saved
// PUBLIC example and must show the real answer, then runs an ANALYST example with the key typed
// into the Headers pane as the page tells users to. Every request the page makes is recorded
// through the DevTools protocol; one to anywhere but the test server fails the test even if the
// isolation flags stopped it, because the page must not try. So does any script error or any
// refusal by the page's Content-Security-Policy or integrity checks. The screenshot of the
// PUBLIC answer is left in artifacts/graphiql.png.

const chromiumPath = "/usr/bin/chromium"

func TestGraphiQLRunsSavedExamplesOffline(t *testing.T) {
	runGraphiQLInChromium(t, testHandler)
}

// openOfflineTab serves h on a test server and opens a tab of an offline headless Chromium
// (offlineChromium) whose every request is recorded (browserRecord). When the test ends the record
// is checked and everything is stopped. It returns the tab, the server's URL and do, which runs
// actions in the tab and fails the test, naming what, when they fail.
func openOfflineTab(t *testing.T, h http.Handler, timeout time.Duration) (context.Context, string, func(what string, actions ...chromedp.Action[chromedp.Void])) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s: %v; install Debian's chromium package (apt-get install -y chromium)", chromiumPath, err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, offlineChromium(t.TempDir())...)
	t.Cleanup(cancelAlloc)
	rec := &browserRecord{}
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(rec.listen), chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelTab)
	t.Cleanup(func() { rec.report(t, host) })

	// chromedp turns the Network domain on when it attaches; turning it on here again makes the
	// record's dependency on it explicit and fails early if it cannot be.
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tab, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	return tab, srv.URL, do
}

func runGraphiQLInChromium(t *testing.T, h http.Handler) {
	if code := httptestGet(h, "/"); code != http.StatusOK {
		t.Fatalf(`GET / answers %d: the server must serve the GraphiQL page there (graphiql.Handler("/graphql") mounted at "/")`, code)
	}
	tab, srvURL, do := openOfflineTab(t, h, 60*time.Second)
	start := time.Now()
	do("loading the page and waiting for GraphiQL and the examples",
		chromedp.Navigate(srvURL+"/"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-execute-button")),
		chromedp.WaitReady(chromedp.CSS(`#examples option[value="`+publicExample+`"]`)),
	)
	do("choosing "+publicExample, chooseExample(publicExample))
	do("running it", chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	answer := waitForAnswer(t, tab, `"Kenya"`)
	t.Logf("page loaded, example chosen and answered in %v", time.Since(start).Round(time.Millisecond))
	checkCountriesAnswer(t, answer)
	saveScreenshot(t, tab, filepath.Join("artifacts", "graphiql.png"))

	// The page tells ANALYST users to put their key in the Headers pane; what they typed there
	// must reach the server, and stay when they move on to another example.
	headers, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + testKeys["ANALYST"]})
	do("entering an ANALYST key in the Headers pane",
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Headers"]`)),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const cm = document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
			cm.CodeMirror.setValue(`+strconv.Quote(string(headers))+`);
		})()`),
	)
	do("choosing "+analystExample+" and running it",
		chooseExample(analystExample),
		chromedp.Click(chromedp.CSS(".graphiql-execute-button")),
	)
	checkGroupsAnswer(t, waitForAnswer(t, tab, `"countryGroups"`))
}

// publicExample and analystExample are the saved examples the test runs; their answers are
// known from the data release and the illustrative assessments TestMain loads.
const (
	publicExample  = "01-countries-income-groups"
	analystExample = "03-offender-programmes-by-income"
)

// chooseExample picks an example in the page's menu as a user would, and waits until GraphiQL's
// query editor holds it.
func chooseExample(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`(() => {
			const s = document.getElementById('examples');
			s.value = '`+name+`';
			s.dispatchEvent(new Event('change', {bubbles: true}));
		})()`),
		chromedp.Poll[chromedp.Void](`(() => {
			const cm = document.querySelector('.graphiql-query-editor .CodeMirror');
			const ex = document.querySelector('#examples option[value="`+name+`"]');
			return cm && ex && cm.CodeMirror.getValue().includes(ex.textContent.replace(/^\[\w+\] /, ''));
		})()`, chromedp.WithPollingInterval(100*time.Millisecond)),
	)
}

// waitForAnswer waits until the response pane holds want and returns the pane's whole text. The
// pane is a CodeMirror editor that draws only the lines in view, so the text is read from its
// model rather than from the page.
func waitForAnswer(t *testing.T, tab context.Context, want string) string {
	t.Helper()
	text, err := chromedp.Run(tab, chromedp.Poll[string](`(() => {
		const cm = document.querySelector('.graphiql-response .CodeMirror');
		const text = cm ? cm.CodeMirror.getValue() : '';
		return text.includes(`+"`"+want+"`"+`) ? text : '';
	})()`, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for %s in the response pane: %v", want, err)
	}
	return text
}

func saveScreenshot(t *testing.T, tab context.Context, path string) {
	t.Helper()
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// offlineChromium is headless Chromium that can reach 127.0.0.1 and nothing else: names other
// than 127.0.0.1 do not resolve, anything that would leave through a proxy meets a closed port,
// and the background services that phone home (sync, component updates, QUIC probes) are off.
// The user data directory is fresh, so no cached asset or stored GraphiQL state helps.
func offlineChromium(userDataDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(userDataDir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1440, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.Flag("proxy-server", "http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "127.0.0.1"),
	)
}

// browserRecord is what the page did: every request it started, and every exception or error
// the browser logged. It is filled from the tab's event loop, hence the lock.
type browserRecord struct {
	mu       sync.Mutex
	requests []string
	problems []string
}

func (r *browserRecord) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.requests = append(r.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.problems = append(r.problems, "exception: "+msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			r.problems = append(r.problems, fmt.Sprintf("%s error: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// report fails the test for any request to another host than the test server (data: URLs are
// not network requests) and for any error the page raised, a refused Content-Security-Policy or
// integrity check included.
func (r *browserRecord) report(t *testing.T, host string) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	local, inline := 0, 0
	for _, raw := range r.requests {
		u, err := url.Parse(raw)
		switch {
		case err == nil && u.Scheme == "data":
			inline++
		case err == nil && (u.Scheme == "http" || u.Scheme == "ws") && u.Host == host:
			local++
		default:
			t.Errorf("the page requested %s; it may request nothing but the test server %s", raw, host)
		}
	}
	t.Logf("%d requests to the test server %s, %d data: URLs, %d elsewhere", local, host, inline, len(r.requests)-local-inline)
	for _, p := range r.problems {
		t.Errorf("browser: %s", p)
	}
}

// checkCountriesAnswer checks the response pane holds the example's real answer: the 42
// countries of the release, Kenya among them in the lower-middle income group (FY2022).
func checkCountriesAnswer(t *testing.T, text string) {
	t.Helper()
	var resp struct {
		Data struct {
			Countries struct {
				TotalCount int
				Nodes      []struct{ ISO3, Name, IncomeGroup string }
			}
		}
		Errors []any
	}
	if err := json.Unmarshal([]byte(text), &resp); err != nil {
		t.Fatalf("the response pane does not hold JSON: %v\n%s", err, text)
	}
	c := resp.Data.Countries
	if len(resp.Errors) > 0 || c.TotalCount != 42 || len(c.Nodes) != 42 {
		t.Fatalf("answer: %d of %d countries, errors %v; want all 42", len(c.Nodes), c.TotalCount, resp.Errors)
	}
	for _, n := range c.Nodes {
		if n.ISO3 == "KEN" {
			if n.Name != "Kenya" || n.IncomeGroup != "LOWER_MIDDLE" {
				t.Errorf("Kenya answered as %+v, want Kenya, LOWER_MIDDLE", n)
			}
			return
		}
	}
	t.Errorf("Kenya missing from the answer")
}

// checkGroupsAnswer checks the ANALYST example came back whole: a key that did not arrive would
// leave countryGroups empty with a FORBIDDEN error.
func checkGroupsAnswer(t *testing.T, text string) {
	t.Helper()
	var resp struct {
		Data struct {
			CountryGroups []struct {
				Value     string
				Count     int
				Countries []struct{ ISO3 string }
			}
		}
		Errors []any
	}
	if err := json.Unmarshal([]byte(text), &resp); err != nil {
		t.Fatalf("the response pane does not hold JSON: %v\n%s", err, text)
	}
	if len(resp.Errors) > 0 || len(resp.Data.CountryGroups) == 0 {
		t.Fatalf("the ANALYST example with the key in the Headers pane answered %s", text)
	}
	for _, g := range resp.Data.CountryGroups {
		if g.Count < 2 || g.Count != len(g.Countries) {
			t.Errorf("group %s: count %d with %d countries; minSize is 2", g.Value, g.Count, len(g.Countries))
		}
	}
}
