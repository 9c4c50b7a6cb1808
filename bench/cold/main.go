// Command cold measures first answers: the latency of a query shape the server and its Neo4j have
// never run, which is what exploration is made of (every new question is a new shape). Each round
// starts by clearing Neo4j's query caches (db.clearQueryCaches) and then asks every shape once, in
// order, on warm servers: a shape is new, but a plan an earlier shape left in the cache may serve
// it (the same statement with other parameters), as it would for a researcher exploring.
//
// Shapes:
//   - MNR Graph alone: every saved GraphiQL example (graphiql/examples) and variations of each that
//     change its statement (a field added, a field asked twice under an alias), so at least 30 shapes;
//   - paired with the peer: the five benchmark questions and two variations of each (another
//     country, capability, instrument or text, and a field added), asked of both the same way.
//
// Each shape runs once per round; rounds repeat the whole set, and each shape's latency is its
// median over the rounds. The report gives p50 and p95 over the shapes.
//
//	cold -mnr URL -key KEY -peer URL [-rounds 3] > cold.json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/mnrgraph/mnrgraph/bench/internal/questions"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type shape struct {
	Name string `json:"name"`
	MNR  string `json:"-"`
	Peer string `json:"-"`
}

type result struct {
	Shapes    int                `json:"shapes"`
	P50ms     float64            `json:"p50_ms"`
	P95ms     float64            `json:"p95_ms"`
	PerShape  map[string]float64 `json:"per_shape_ms"`
	Errors    []string           `json:"errors,omitempty"`
	Contender string             `json:"contender"`
}

func main() {
	mnrURL := flag.String("mnr", "http://127.0.0.1:8090/graphql", "MNR Graph's /graphql")
	key := flag.String("key", "", "an ANALYST key for MNR Graph")
	peerURL := flag.String("peer", "http://127.0.0.1:4000/graphql", "the peer's /graphql")
	rounds := flag.Int("rounds", 3, "rounds over every shape")
	examples := flag.String("examples", "graphiql/examples", "the saved GraphiQL examples")
	flag.Parse()

	drv, err := benchdb.Driver()
	if err != nil {
		fail(err)
	}
	defer drv.Close(context.Background())
	clear := func() error {
		_, err := neo4j.ExecuteQuery(context.Background(), drv, "CALL db.clearQueryCaches()", nil, neo4j.EagerResultTransformer)
		return err
	}

	alone, err := exampleShapes(*examples)
	if err != nil {
		fail(err)
	}
	paired := questionShapes()
	mnr := func(q string) (time.Duration, error) { return post(*mnrURL, *key, q) }
	peer := func(q string) (time.Duration, error) { return post(*peerURL, "", q) }

	out := map[string]result{
		"mnr_examples": measure("mnr", alone, *rounds, clear, func(s shape) (time.Duration, error) { return mnr(s.MNR) }),
		"mnr_paired":   measure("mnr", paired, *rounds, clear, func(s shape) (time.Duration, error) { return mnr(s.MNR) }),
		"peer_paired":  measure("peer", paired, *rounds, clear, func(s shape) (time.Duration, error) { return peer(s.Peer) }),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "cold:", err)
	os.Exit(1)
}

// measure runs every shape once per round, Neo4j's query caches cleared at the start of each.
func measure(who string, shapes []shape, rounds int, clear func() error, run func(shape) (time.Duration, error)) result {
	samples := map[string][]float64{}
	var errs []string
	for r := 0; r < rounds; r++ {
		if err := clear(); err != nil {
			fail(err)
		}
		for _, s := range shapes {
			d, err := run(s)
			if err != nil {
				errs = append(errs, s.Name+": "+err.Error())
				continue
			}
			samples[s.Name] = append(samples[s.Name], float64(d.Microseconds())/1000)
		}
	}
	res := result{Contender: who, PerShape: map[string]float64{}, Errors: errs}
	var medians []float64
	for name, xs := range samples {
		m := quantile(xs, 0.5)
		res.PerShape[name] = m
		medians = append(medians, m)
	}
	res.Shapes = len(medians)
	res.P50ms, res.P95ms = quantile(medians, 0.5), quantile(medians, 0.95)
	return res
}

// quantile is the nearest-rank quantile of xs.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(q*float64(len(s))+0.999999) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(s) {
		i = len(s) - 1
	}
	return s[i]
}

// post sends one query and times it; a GraphQL error is an error.
func post(url, key, query string) (time.Duration, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var out struct {
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return 0, err
	}
	d := time.Since(start)
	if len(out.Errors) > 0 {
		return 0, fmt.Errorf("%s", out.Errors[0].Message)
	}
	return d, nil
}

var (
	wholeISO3 = regexp.MustCompile(`\biso3\b([^:I])`)
	wholeKey  = regexp.MustCompile(`\bkey\b(\s*[}\s])`)
)

// exampleShapes reads the saved examples and adds a variation of each whose statement differs:
// a field added next to one it selects.
func exampleShapes(dir string) ([]shape, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.graphql"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no examples in %s (%v)", dir, err)
	}
	var out []shape
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		q := string(b)
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		out = append(out, shape{Name: name, MNR: q})
		// A field added, and a field asked twice under another name: both change the statement.
		field, alias := q, q
		switch {
		case wholeISO3.MatchString(q):
			field = wholeISO3.ReplaceAllString(q, "iso3 iso2$1")
			alias = wholeISO3.ReplaceAllString(q, "iso3 code: iso3$1")
		case wholeKey.MatchString(q):
			field = wholeKey.ReplaceAllString(q, "key id$1")
			alias = wholeKey.ReplaceAllString(q, "key k: key$1")
		default:
			field = strings.Replace(q, "{", "{ __typename ", 1)
		}
		out = append(out, shape{Name: name + "+field", MNR: field})
		if alias != q {
			out = append(out, shape{Name: name + "+alias", MNR: alias})
		}
	}
	return out, nil
}

// questionShapes are the benchmark questions and two variations of each, for both contenders.
func questionShapes() []shape {
	swaps := map[string][][2]string{
		"a": {{`"KEN"`, `"GHA"`}, {"iso3 name region", "iso3 iso2 name region"}},
		"b": {{`"offender-management"`, `"child-helpline"`}, {"iso3 name", "iso3 iso2 name"}},
		"c": {{"INCOME_GROUP", "REGION"}, {"inPlace", "inPlace partial"}},
		"d": {{`"child helpline"`, `"offender programmes"`}, {"first: 10", "first: 5"}},
		"e": {{`"legislation"`, `"child-helpline"`}, {"kind properties", "properties kind"}},
	}
	var out []shape
	for _, q := range questions.All {
		out = append(out, shape{Name: q.ID, MNR: q.MNR, Peer: q.Peer})
		for i, s := range swaps[q.ID] {
			out = append(out, shape{Name: fmt.Sprintf("%s+%d", q.ID, i+1),
				MNR: strings.ReplaceAll(q.MNR, s[0], s[1]), Peer: strings.ReplaceAll(q.Peer, s[0], s[1])})
		}
	}
	return out
}
