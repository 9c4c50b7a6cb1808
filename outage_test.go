package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// neo4jCtl runs the command that controls the test database (MNRGRAPH_TEST_NEO4J_CTL, which
// make test sets to `scripts/neo4j.sh --instance test`).
func neo4jCtl(t *testing.T, action string) {
	t.Helper()
	ctl := os.Getenv("MNRGRAPH_TEST_NEO4J_CTL")
	if ctl == "" {
		t.Fatal("set MNRGRAPH_TEST_NEO4J_CTL to a command that takes stop/start for the test database (make test sets it)")
	}
	parts := append(strings.Fields(ctl), action)
	if out, err := exec.Command(parts[0], parts[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", ctl, action, err, out)
	}
}

// Runs last (file order): it stops the real Neo4j and starts it again under a running server.
func TestOutageFailsFastAndRecoversWithoutRestart(t *testing.T) {
	srv := httptest.NewServer(testHandler)
	defer srv.Close()
	ask := func() (int, map[string]any) {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ countries { totalCount } }"}`))
		if err != nil {
			t.Errorf("the server itself failed: %v", err)
			return 0, nil
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	ready := func() int {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if ready() != 200 {
		t.Fatal("not ready before the outage")
	}

	// A client keeps asking through the whole outage; no answer may be a 5xx or lack a code.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			status, out := ask()
			mu.Lock()
			if status >= 500 {
				bad = append(bad, "HTTP 5xx")
			} else if errs, _ := out["errors"].([]any); len(errs) > 0 {
				code := at(out, "errors.0.extensions.code")
				if code != "SERVICE_UNAVAILABLE" && code != "REQUEST_TIMEOUT" {
					bad = append(bad, "error without the outage code: "+string(mustJSON(out)))
				}
			}
			mu.Unlock()
			time.Sleep(100 * time.Millisecond)
		}
	}()

	neo4jCtl(t, "stop")
	start := time.Now()
	status, out := ask()
	if status >= 500 || at(out, "errors.0.extensions.code") != "SERVICE_UNAVAILABLE" {
		t.Errorf("with Neo4j stopped: HTTP %d %v", status, out)
	}
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("failing took %s; it should fail fast", took)
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Neo4j stopped: %d", code)
	}

	neo4jCtl(t, "start")
	back := time.Now()
	recovered := waitFor(t, 10*time.Second, func() bool { return ready() == 200 })
	if !recovered {
		t.Fatalf("/readyz not 200 within 10 s of Neo4j starting again")
	}
	t.Logf("ready again %s after Neo4j started", time.Since(back).Round(100*time.Millisecond))
	if status, out := ask(); status != 200 || num(at(out, "data.countries.totalCount")) != 42 {
		t.Errorf("after recovery: %d %v", status, out)
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d answers during the outage were wrong, e.g. %s", len(bad), bad[0])
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
