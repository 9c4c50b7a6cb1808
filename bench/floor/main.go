// Command floor talks to the bench Neo4j instance directly with the Go driver (no HTTP, no
// GraphQL): it is the benchmark's lower bound for the questions, its ceiling for the import, and
// the harness's way to run one statement.
//
//	floor answer -q a                       print question (a)'s answer (MNR Graph's `data` shape)
//	floor measure -q a -c 16 -d 10s         closed loop: 16 workers back to back
//	floor measure -q a -rate 50 -d 10s      open loop: 50 requests/s on schedule
//	floor ceiling -rows 200000 FILE.csv     the most this Neo4j takes in of the import file (JSON)
//	floor cypher [-profile] 'RETURN 1'      run one statement, records as JSON lines (or its plan)
//
// answer and measure run the five questions as hand-written Cypher, measured in-process the way
// the load generator measures the servers. Open loop sends each request at its scheduled time
// whatever the previous ones are doing, and measures latency from that scheduled time, so a stall
// is charged to every request it delays (no coordinated omission). measure prints one JSON object
// in the fields of vegeta's JSON report (latencies in nanoseconds).
//
// Connection: NEO4J_URI (default bolt://127.0.0.1:7689), NEO4J_USER, NEO4J_PASSWORD (default: the
// bench instance's password file, .neo4j/bench/password).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/mnrgraph/mnrgraph/bench/internal/questions"
)

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: floor answer|measure|ceiling|cypher [flags]"))
	}
	switch os.Args[1] {
	case "ceiling":
		ceiling(os.Args[2:])
		return
	case "cypher":
		cypher(os.Args[2:])
		return
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	qid := fs.String("q", "a", "question a..e")
	conc := fs.Int("c", 16, "closed loop: concurrent workers")
	rate := fs.Float64("rate", 0, "open loop: requests per second (0 = closed loop)")
	dur := fs.Duration("d", 10*time.Second, "duration")
	_ = fs.Parse(os.Args[2:])
	q, ok := questions.ByID(*qid)
	if !ok {
		fail(fmt.Errorf("no question %q", *qid))
	}
	ctx := context.Background()
	drv, err := benchdb.Driver()
	if err != nil {
		fail(err)
	}
	defer drv.Close(ctx)
	run := func() error { _, err := q.Floor(ctx, drv); return err }
	switch os.Args[1] {
	case "answer":
		v, err := q.Floor(ctx, drv)
		if err != nil {
			fail(err)
		}
		s, err := questions.Canonical(v)
		if err != nil {
			fail(err)
		}
		fmt.Println(s)
	case "measure":
		// Warm the pool and the query plans first.
		for i := 0; i < 3; i++ {
			if err := run(); err != nil {
				fail(err)
			}
		}
		var r report
		if *rate > 0 {
			r = openLoop(run, *rate, *dur)
		} else {
			r = closedLoop(run, *conc, *dur)
		}
		_ = json.NewEncoder(os.Stdout).Encode(r)
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}

// report mirrors the fields of `vegeta report -type=json` that the harness reads.
type report struct {
	Latencies struct {
		Mean int64 `json:"mean"`
		P50  int64 `json:"50th"`
		P90  int64 `json:"90th"`
		P95  int64 `json:"95th"`
		P99  int64 `json:"99th"`
		Max  int64 `json:"max"`
	} `json:"latencies"`
	Requests   int64    `json:"requests"`
	Rate       float64  `json:"rate"`
	Throughput float64  `json:"throughput"`
	Success    float64  `json:"success"`
	Errors     []string `json:"errors"`
}

func closedLoop(run func() error, workers int, d time.Duration) report {
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				if err := run(); err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return summarise(lat, errs.Load(), firstErr.Load(), time.Since(start), 0)
}

func openLoop(run func() error, rate float64, d time.Duration) report {
	n := int(rate * d.Seconds())
	lat := make([]time.Duration, n)
	var errs atomic.Int64
	var firstErr atomic.Value
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		due := start.Add(time.Duration(i) * interval)
		if w := time.Until(due); w > 0 {
			time.Sleep(w)
		}
		wg.Add(1)
		go func(i int, due time.Time) {
			defer wg.Done()
			if err := run(); err != nil {
				errs.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
			}
			lat[i] = time.Since(due) // from the scheduled send time
		}(i, due)
	}
	wg.Wait()
	return summarise(lat, errs.Load(), firstErr.Load(), time.Since(start), rate)
}

func summarise(lat []time.Duration, errs int64, firstErr any, elapsed time.Duration, rate float64) report {
	var r report
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) int64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(p*float64(len(lat))+0.5) - 1
		i = max(0, min(i, len(lat)-1))
		return int64(lat[i])
	}
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	r.Requests = int64(len(lat))
	if len(lat) > 0 {
		r.Latencies.Mean = int64(sum) / int64(len(lat))
	}
	r.Latencies.P50, r.Latencies.P90, r.Latencies.P95, r.Latencies.P99 = pct(0.50), pct(0.90), pct(0.95), pct(0.99)
	if len(lat) > 0 {
		r.Latencies.Max = int64(lat[len(lat)-1])
	}
	r.Rate = rate
	if rate == 0 {
		r.Rate = float64(len(lat)) / elapsed.Seconds()
	}
	r.Throughput = float64(int64(len(lat))-errs) / elapsed.Seconds()
	if len(lat) > 0 {
		r.Success = float64(int64(len(lat))-errs) / float64(len(lat))
	}
	r.Errors = []string{}
	if s, ok := firstErr.(string); ok {
		r.Errors = append(r.Errors, s)
	}
	return r
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}
