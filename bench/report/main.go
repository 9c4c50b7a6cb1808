// Command report turns the raw output of bench/run.sh (vegeta and floor JSON reports, the import
// timings, the environment) into the results file: every figure, the ratios and the targets.
//
//	go run ./bench/report -raw bench/.work/raw -answers bench/.work/answers -out bench/results/DATE-HOST.md
//
// It also writes the same figures as JSON next to the Markdown file (.json).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/mnrgraph/mnrgraph/bench/internal/questions"
)

type vreport struct {
	Latencies struct {
		Mean float64 `json:"mean"`
		P50  float64 `json:"50th"`
		P90  float64 `json:"90th"`
		P95  float64 `json:"95th"`
		P99  float64 `json:"99th"`
		Max  float64 `json:"max"`
	} `json:"latencies"`
	Requests   int64    `json:"requests"`
	Rate       float64  `json:"rate"`
	Throughput float64  `json:"throughput"`
	Success    float64  `json:"success"`
	Errors     []string `json:"errors"`
	missing    bool
}

func ms(ns float64) float64 { return ns / 1e6 }

var who = []string{"mnr", "peer", "floor"}
var whoName = map[string]string{"mnr": "MNR Graph", "peer": "peer (@neo4j/graphql)", "floor": "floor (Cypher + Go driver)"}

func main() {
	raw := flag.String("raw", "bench/.work/raw", "raw results")
	answers := flag.String("answers", "bench/.work/answers", "normalised answers with sizes.json")
	out := flag.String("out", "", "results Markdown file")
	flag.Parse()
	env := map[string]string{}
	readJSON(filepath.Join(*raw, "env.json"), &env)
	world := map[string]any{}
	readJSON(filepath.Join(*raw, "world.json"), &world)
	big := env["world"]
	scales := []string{"42", big}

	load := func(scale, q, w, mode string) vreport {
		var r vreport
		if !readJSON(filepath.Join(*raw, scale, q+"."+w+"."+mode+".json"), &r) {
			r.missing = true
		}
		return r
	}
	rates := func(scale, q string) (lo, hi int) {
		var m map[string]*float64
		readJSON(filepath.Join(*raw, scale, q+".rates.json"), &m)
		if m["low"] != nil {
			lo = int(*m["low"])
		}
		if m["high"] != nil {
			hi = int(*m["high"])
		}
		return
	}
	sizes := map[string]map[string]map[string]int{}
	for _, s := range scales {
		var m map[string]map[string]int
		readJSON(filepath.Join(*answers, s, "sizes.json"), &m)
		sizes[s] = m
	}

	var b strings.Builder
	summary := map[string]any{"env": env, "world": world}
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }

	p("# MNR Graph benchmark results: %s, %s\n\n", strings.Split(env["date"], "T")[0], env["host"])
	if env["quick"] == "1" {
		p("**Quick (smoke) run: durations are too short for the figures to mean much.**\n\n")
	}
	p("Produced by `bench/run.sh` (method: `BENCHMARKS.md`). Other engineers use this machine too and may have run tests during the run; the main engineer may re-run it (`bench/run.sh`, about 30 minutes) and replace this file.\n\n")
	p("## Machine and versions\n\n")
	p("| | |\n|---|---|\n")
	for _, kv := range [][2]string{
		{"date (UTC)", env["date"]}, {"host", env["host"]}, {"CPU", env["cpu"] + fmt.Sprintf(" (nproc %s)", env["nproc"])},
		{"memory", env["mem"]}, {"kernel", env["kernel"]}, {"Go", env["go"]}, {"Node", env["node"]},
		{"Neo4j", env["neo4j"] + " Community (bench instance; heap " + env["heap"] + ", page cache " + env["pagecache"] + ")"},
		{"APOC", env["apoc"]}, {"gqlgen", env["gqlgen"]}, {"neo4j-go-driver", env["driver"]},
		{"@neo4j/graphql", env["neo4jgraphql"] + " on @apollo/server " + env["apollo"] + ", neo4j-driver (JS) " + env["jsdriver"]},
		{"load generator", "vegeta " + env["vegeta"]},
		{"pinning", pinText(env["pin"])},
		{"load", fmt.Sprintf("closed loop %s workers; %s", env["conc"], env["durations"])},
	} {
		p("| %s | %s |\n", kv[0], kv[1])
	}
	p("\n")

	p("## Questions\n\n")
	for _, q := range questions.All {
		p("- **(%s) %s**: %s\n", q.ID, q.Name, q.Title)
	}
	p("\nEvery answer was checked equal across MNR Graph, the peer and the floor at both scales before measuring (`check-*.txt`).\n\n")

	// Figures per scale.
	type ratioRow struct {
		Q                                                    string
		ThrRatio, P99RatioLo, P99RatioHi, P50FloorLo, P50Ser float64
		// ThrRounds are MNR / peer per interleaved round of closed loops (measured back to back),
		// ThrRoundsMedian their median.
		ThrRounds       []float64
		ThrRoundsMedian float64
	}
	var ratios []ratioRow
	for _, scale := range scales {
		p("## Figures at %s jurisdictions\n\n", scale)
		for _, q := range questions.All {
			lo, hi := rates(scale, q.ID)
			p("### (%s) %s at %s\n\n", q.ID, q.Name, scale)
			p("| | %s | %s | %s |\n|---|---:|---:|---:|\n", whoName["mnr"], whoName["peer"], whoName["floor"])
			row := func(label string, f func(w string) string) {
				p("| %s |", label)
				for _, w := range who {
					p(" %s |", f(w))
				}
				p("\n")
			}
			row(fmt.Sprintf("closed loop, %s workers: req/s", env["conc"]), func(w string) string {
				r := load(scale, q.ID, w, "closed")
				return fmtOr(r, fmt.Sprintf("%.1f", r.Throughput))
			})
			row("closed loop: p50 / p99 ms", func(w string) string {
				r := load(scale, q.ID, w, "closed")
				return fmtOr(r, fmt.Sprintf("%.1f / %.1f", ms(r.Latencies.P50), ms(r.Latencies.P99)))
			})
			row("serial (1 client): p50 / p99 ms", func(w string) string {
				r := load(scale, q.ID, w, "serial")
				return fmtOr(r, fmt.Sprintf("%.2f / %.2f", ms(r.Latencies.P50), ms(r.Latencies.P99)))
			})
			for _, rate := range []int{lo, hi} {
				if rate == 0 {
					continue
				}
				row(fmt.Sprintf("open loop %d/s: p50 / p90 / p99 ms", rate), func(w string) string {
					r := load(scale, q.ID, w, "open-"+strconv.Itoa(rate))
					return fmtOr(r, fmt.Sprintf("%.2f / %.2f / %.2f", ms(r.Latencies.P50), ms(r.Latencies.P90), ms(r.Latencies.P99)))
				})
			}
			row("success (all runs)", func(w string) string {
				min := 1.0
				var errs []string
				for _, m := range []string{"closed", "serial", "open-" + strconv.Itoa(lo), "open-" + strconv.Itoa(hi)} {
					r := load(scale, q.ID, w, m)
					if !r.missing && r.Requests > 0 {
						min = math.Min(min, r.Success)
						errs = append(errs, r.Errors...)
					}
				}
				s := fmt.Sprintf("%.2f%%", 100*min)
				if len(errs) > 0 {
					s += " (" + trunc(errs[0], 60) + ")"
				}
				return s
			})
			if sz := sizes[scale][q.ID]; sz != nil {
				p("| response bytes | %d | %d | (%d normalised) |\n", sz["mnr"], sz["peer"], sz["floor"])
			}
			p("\n")
			if scale == "42" {
				m, pe, fl := load(scale, q.ID, "mnr", "closed"), load(scale, q.ID, "peer", "closed"), load(scale, q.ID, "floor", "closed")
				_ = fl
				rr := ratioRow{Q: q.ID}
				rr.ThrRatio = div(m.Throughput, pe.Throughput)
				for r := 1; ; r++ {
					mr, pr := load(scale, q.ID, "mnr", "closed-"+strconv.Itoa(r)), load(scale, q.ID, "peer", "closed-"+strconv.Itoa(r))
					if mr.missing || pr.missing {
						break
					}
					rr.ThrRounds = append(rr.ThrRounds, div(mr.Throughput, pr.Throughput))
				}
				rr.ThrRoundsMedian = median(rr.ThrRounds)
				rr.P99RatioLo = div(load(scale, q.ID, "peer", "open-"+strconv.Itoa(lo)).Latencies.P99, load(scale, q.ID, "mnr", "open-"+strconv.Itoa(lo)).Latencies.P99)
				if hi > 0 {
					rr.P99RatioHi = div(load(scale, q.ID, "peer", "open-"+strconv.Itoa(hi)).Latencies.P99, load(scale, q.ID, "mnr", "open-"+strconv.Itoa(hi)).Latencies.P99)
				}
				rr.P50FloorLo = div(load(scale, q.ID, "mnr", "open-"+strconv.Itoa(lo)).Latencies.P50, load(scale, q.ID, "floor", "open-"+strconv.Itoa(lo)).Latencies.P50)
				rr.P50Ser = div(load(scale, q.ID, "mnr", "serial").Latencies.P50, load(scale, q.ID, "floor", "serial").Latencies.P50)
				ratios = append(ratios, rr)
			}
		}
	}

	p("## Ratios and targets at 42 countries\n\n")
	p("Targets: throughput ≥ 3× the peer's; p99 ≤ half the peer's (peer p99 / MNR p99 ≥ 2, at both open-loop rates); p50 ≤ 1.3× the floor's (open loop at the lower rate; serial shown too).\n\n")
	p("| question | throughput MNR / peer | p99 peer / MNR (low rate) | p99 peer / MNR (high rate) | p50 MNR / floor (low rate) | p50 MNR / floor (serial) |\n|---|---:|---:|---:|---:|---:|\n")
	var rsum []map[string]any
	for _, r := range ratios {
		p("| (%s) %s | %s | %s | %s | %s | %s |\n", r.Q, name(r.Q), mark(r.ThrRatio, 3, true), mark(r.P99RatioLo, 2, true),
			mark(r.P99RatioHi, 2, true), mark(r.P50FloorLo, 1.3, false), mark(r.P50Ser, 1.3, false))
		rsum = append(rsum, map[string]any{"q": r.Q, "throughput_mnr_over_peer": r.ThrRatio, "p99_peer_over_mnr_low": r.P99RatioLo,
			"p99_peer_over_mnr_high": r.P99RatioHi, "p50_mnr_over_floor_low": r.P50FloorLo, "p50_mnr_over_floor_serial": r.P50Ser,
			"throughput_mnr_over_peer_rounds": r.ThrRounds, "throughput_mnr_over_peer_median_round": r.ThrRoundsMedian})
	}
	summary["ratios_42"] = rsum
	p("\n✅ target met, ❌ missed.\n\n")
	p("Throughput MNR / peer in each interleaved round (MNR Graph, the peer and the floor measured back to back; the table above compares each contender's median round):\n\n")
	p("| question | per round | median of the rounds |\n|---|---|---:|\n")
	for _, r := range ratios {
		if len(r.ThrRounds) == 0 {
			continue
		}
		parts := make([]string, len(r.ThrRounds))
		for i, v := range r.ThrRounds {
			parts[i] = fmt.Sprintf("%.2f", v)
		}
		p("| (%s) %s | %s | %s |\n", r.Q, name(r.Q), strings.Join(parts, " · "), mark(r.ThrRoundsMedian, 3, true))
	}
	p("\n")

	p("## Growth from 42 to %s jurisdictions\n\n", big)
	p("Serial latency (one client, no queueing), p50 in ms, and closed-loop throughput. Point questions (answer size independent of the world's size) must stay within 2× (MNR Graph).\n\n")
	p("| question | contender | p50 at 42 | p50 at %s | growth | p99 at 42 | p99 at %s | req/s at 42 | req/s at %s | response bytes 42 → %s |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n", big, big, big, big)
	var gsum []map[string]any
	for _, q := range questions.All {
		for _, w := range who {
			a, z := load("42", q.ID, w, "serial"), load(big, q.ID, w, "serial")
			ca, cz := load("42", q.ID, w, "closed"), load(big, q.ID, w, "closed")
			g := div(z.Latencies.P50, a.Latencies.P50)
			gs := fmt.Sprintf("%.2f×", g)
			if q.Point && w == "mnr" {
				gs = mark(g, 2, false)
			}
			szs := ""
			if w != "floor" && sizes["42"][q.ID] != nil && sizes[big][q.ID] != nil {
				szs = fmt.Sprintf("%d → %d", sizes["42"][q.ID][w], sizes[big][q.ID][w])
			}
			pt := ""
			if q.Point {
				pt = " (point)"
			}
			thr := func(r vreport) string {
				if r.missing {
					return "— (not run: serial p50 ≥ 2 s)"
				}
				return fmt.Sprintf("%.1f", r.Throughput)
			}
			ok := ""
			if z.Success < 1 && !z.missing {
				ok = fmt.Sprintf(" (%.0f%% answered)", 100*z.Success)
			}
			p("| (%s) %s%s | %s | %.2f | %.2f%s | %s | %.2f | %.2f | %s | %s | %s |\n", q.ID, q.Name, pt, whoName[w],
				ms(a.Latencies.P50), ms(z.Latencies.P50), ok, gs, ms(a.Latencies.P99), ms(z.Latencies.P99), thr(ca), thr(cz), szs)
			gsum = append(gsum, map[string]any{"q": q.ID, "who": w, "p50_42_ms": ms(a.Latencies.P50), "p50_big_ms": ms(z.Latencies.P50),
				"growth": g, "thr_42": ca.Throughput, "thr_big": cz.Throughput})
		}
	}
	summary["growth"] = gsum
	p("\n")

	p("## World and import\n\n")
	p("Synthetic world (bench/world, fixed seed; not real data): `%s`\n\n", compact(world))
	var single, chunks, ceiling map[string]any
	readJSON(filepath.Join(*raw, "import-single.json"), &single)
	readJSON(filepath.Join(*raw, "import-chunks.json"), &chunks)
	readJSON(filepath.Join(*raw, "import-ceiling.json"), &ceiling)
	summary["import_single"], summary["import_chunks"], summary["import_ceiling"] = single, chunks, ceiling
	p("| import | rows | seconds | rows/s | outcome |\n|---|---:|---:|---:|---|\n")
	if single != nil {
		outcome := "committed"
		rps := fmt.Sprint(single["rows_per_s"])
		if ok, _ := single["ok"].(bool); !ok {
			outcome = fmt.Sprintf("**failed** after sending %.0f rows: %s", single["rows_sent_before_end"], trunc(fmt.Sprint(single["last_line"]), 160))
			rps = fmt.Sprintf("— (%.0f rows sent/s until the failure)", single["rows_sent_before_end"].(float64)/single["seconds"].(float64))
		} else {
			rps = fmt.Sprintf("%.0f %s", single["rows_per_s"], markBool(single["rows_per_s"].(float64) >= 50000))
		}
		p("| `mnrgraph import`, whole file, one transaction | %.0f | %.1f | %s | %s |\n", single["rows"], single["seconds"], rps, outcome)
	}
	if chunks != nil {
		flags := fmt.Sprintf("--commit-every %.0f", chunks["chunk"])
		if par, ok := chunks["parallel"].(float64); ok && par > 1 {
			flags += fmt.Sprintf(" --parallel %.0f", par)
		}
		p("| `mnrgraph import %s` | %.0f | %.1f | %.0f %s | committed |\n", flags, chunks["rows"], chunks["seconds"],
			chunks["rows_per_s"], markBool(chunks["rows_per_s"].(float64) >= 50000))
	}
	if ceiling != nil {
		p("| ceiling: the same rows sent in 10,000-row statements that only read them | %.0f | | %.0f | not an import |\n", ceiling["rows"], ceiling["transfer_rows_per_s"])
		p("| ceiling: one bare node (one property) created per row | %.0f | | %.0f | not an import |\n", ceiling["rows"], ceiling["bare_node_rows_per_s"])
	}
	p("\nTarget: one million assessments at ≥ 50,000 rows/s. The import ran with Neo4j on both cores (it is alone then). " +
		"One transaction for the whole file is refused once it reaches the bench instance's per-transaction memory limit " +
		"(BENCH_NEO4J_TX_MAX, 2 GiB here: about 240,000 rows, so about 9 KB per row), with TRANSACTION_TOO_LARGE and nothing written; `--commit-every` validates the whole " +
		"file first and then commits in chunks (`--parallel`: that many transactions at once). The ceiling rows show what this Neo4j takes in at best, whatever the importer.")
	p("\n\n")
	p("## Raw output\n\nvegeta and floor JSON reports, logs and the normalised answers are in `bench/.work/` after a run (not committed).\n")

	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		fail(err)
	}
	js, _ := json.MarshalIndent(summary, "", " ")
	if err := os.WriteFile(strings.TrimSuffix(*out, ".md")+".json", js, 0o644); err != nil {
		fail(err)
	}
}

func pinText(pin string) string {
	if pin == "yes" {
		return "Neo4j, MNR Graph and the peer on core 0 (taskset); vegeta and the floor (a client of Neo4j) on core 1"
	}
	return "none (one core)"
}

func name(id string) string { q, _ := questions.ByID(id); return q.Name }

func div(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// median of vs (0 when empty).
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}

func mark(v, target float64, atLeast bool) string {
	if math.IsNaN(v) || v == 0 {
		return "—"
	}
	ok := v >= target
	if !atLeast {
		ok = v <= target
	}
	return fmt.Sprintf("%.2f× %s", v, markBool(ok))
}

func markBool(ok bool) string {
	if ok {
		return "✅"
	}
	return "❌"
}

func fmtOr(r vreport, s string) string {
	if r.missing {
		return "—"
	}
	return s
}

func trunc(s string, n int) string {
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func compact(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		v, _ := json.Marshal(m[k])
		parts = append(parts, k+"="+string(v))
	}
	return strings.Join(parts, " ")
}

func readJSON(path string, v any) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}
