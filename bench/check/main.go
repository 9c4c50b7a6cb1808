// Command check asks MNR Graph, the peer and the floor each benchmark question, normalises the
// three answers (field names mapped, lists sorted where their order is not part of the question)
// and requires them to be equal. On a mismatch it prints a diff and exits 1: the run stops before
// anything is measured.
//
//	go run ./bench/check -mnr http://127.0.0.1:8090/graphql -key bench/.work/api-key \
//	    -peer http://127.0.0.1:4000/graphql -out bench/.work/answers/42
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/mnrgraph/mnrgraph/bench/internal/questions"
)

func main() {
	mnrURL := flag.String("mnr", "http://127.0.0.1:8090/graphql", "MNR Graph endpoint")
	peerURL := flag.String("peer", "http://127.0.0.1:4000/graphql", "peer endpoint")
	keyFile := flag.String("key", "bench/.work/api-key", "file holding the ANALYST API key")
	out := flag.String("out", "bench/.work/answers", "where to write the normalised answers")
	only := flag.String("q", "a,b,c,d,e", "questions to check")
	bodies := flag.String("bodies", "", "also write the request bodies (JSON) here: <q>.mnr.json, <q>.peer.json")
	tolerate := flag.Bool("tolerate-failures", false, "a contender that fails to answer (error, timeout) is reported, not fatal; the others must still agree")
	flag.Parse()
	key, err := os.ReadFile(*keyFile)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	drv, err := benchdb.Driver()
	if err != nil {
		fail(err)
	}
	defer drv.Close(ctx)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	sizes := map[string]map[string]int{}
	bad := 0
	for _, id := range strings.Split(*only, ",") {
		q, ok := questions.ByID(id)
		if !ok {
			fail(fmt.Errorf("no question %q", id))
		}
		if *bodies != "" {
			_ = os.MkdirAll(*bodies, 0o755)
			for who, doc := range map[string]string{"mnr": q.MNR, "peer": q.Peer} {
				b, _ := json.Marshal(map[string]string{"query": doc})
				if err := os.WriteFile(filepath.Join(*bodies, id+"."+who+".json"), b, 0o644); err != nil {
					fail(err)
				}
			}
		}
		failed := map[string]string{}
		mnrData, mnrBytes, err := post(*mnrURL, q.MNR, strings.TrimSpace(string(key)))
		if err != nil {
			failed["mnr"] = err.Error()
		}
		peerData, peerBytes, err := post(*peerURL, q.Peer, "")
		if err != nil {
			failed["peer"] = err.Error()
		}
		floorRaw, err := q.Floor(ctx, drv)
		if err != nil {
			failed["floor"] = err.Error()
		}
		for who, e := range failed {
			if !*tolerate {
				fail(fmt.Errorf("(%s) %s: %s", id, who, e))
			}
			fmt.Printf("(%s) %-12s %s gave NO ANSWER: %.300s\n", id, q.Name, who, e)
		}
		floorJSON, _ := questions.Canonical(floorRaw)
		var floorData any
		_ = json.Unmarshal([]byte(floorJSON), &floorData)
		sizes[id] = map[string]int{"mnr": mnrBytes, "peer": peerBytes, "floor": len(floorJSON)}

		answers := map[string]any{"mnr": q.NormMNR(mnrData), "peer": q.NormPeer(peerData), "floor": q.NormMNR(floorData)}
		texts := map[string]string{}
		for who, a := range answers {
			if failed[who] != "" {
				continue
			}
			s, err := questions.Canonical(a)
			if err != nil {
				fail(err)
			}
			texts[who] = s
			if err := os.WriteFile(filepath.Join(*out, id+"."+who+".json"), []byte(s+"\n"), 0o644); err != nil {
				fail(err)
			}
		}
		// The reference is MNR Graph's answer, or the floor's when MNR Graph gave none.
		ref := "mnr"
		if failed["mnr"] != "" {
			ref = "floor"
		}
		status := "same answer"
		if len(failed) > 0 {
			status = fmt.Sprintf("same answer from the %d that answered", 3-len(failed))
		}
		for _, who := range []string{"mnr", "peer", "floor"} {
			if who == ref || failed[who] != "" || failed[ref] != "" {
				continue
			}
			if texts[who] != texts[ref] {
				bad++
				status = "MISMATCH"
				fmt.Printf("(%s) %s: %s and %s disagree:\n", id, q.Name, ref, who)
				d, _ := exec.Command("diff", "-u", filepath.Join(*out, id+"."+ref+".json"), filepath.Join(*out, id+"."+who+".json")).CombinedOutput()
				lines := strings.Split(string(d), "\n")
				if len(lines) > 80 {
					lines = append(lines[:80], fmt.Sprintf("... (%d more lines)", len(lines)-80))
				}
				fmt.Println(strings.Join(lines, "\n"))
			}
		}
		fmt.Printf("(%s) %-12s %s (MNR Graph, the peer and the floor; %d bytes normalised; responses: MNR %d B, peer %d B)\n",
			id, q.Name, status, len(texts[ref]), mnrBytes, peerBytes)
	}
	b, _ := json.MarshalIndent(sizes, "", " ")
	_ = os.WriteFile(filepath.Join(*out, "sizes.json"), b, 0o644)
	if bad > 0 {
		fmt.Printf("%d mismatch(es): not measuring\n", bad)
		os.Exit(1)
	}
}

// post sends one GraphQL request and returns `data`; GraphQL errors are failures.
func post(url, query, key string) (any, int, error) {
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	c := &http.Client{Timeout: 300 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, err
	}
	var r struct {
		Data   any               `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, 0, fmt.Errorf("HTTP %d, not JSON: %.300s", resp.StatusCode, raw)
	}
	if resp.StatusCode != 200 || len(r.Errors) > 0 {
		return nil, 0, fmt.Errorf("HTTP %d: %.600s", resp.StatusCode, raw)
	}
	return r.Data, len(raw), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "check:", err)
	os.Exit(1)
}
