package disclosure

import (
	"context"
	"math/rand/v2"
	"testing"
)

// shownOfTable is what a table shows, as an earlier publication's Shown.
func shownOfTable(t Table) map[Cell]int {
	m := make(map[Cell]int)
	for c, v := range t.Counts {
		if !t.Hidden[c] {
			m[c] = v
		}
	}
	return m
}

// withHistory gives every capability of in `depth` earlier publications: statuses that differ
// from the next date's in one to three countries, each published as Audit decided then.
func withHistory(tb testing.TB, in Input, rng *rand.Rand, depth int) Input {
	tb.Helper()
	if depth == 0 {
		return in
	}
	out := in
	out.Capabilities = nil
	for _, c := range in.Capabilities {
		hist := []map[string]string{c.Status}
		var changed []int
		for d := 0; d < depth; d++ {
			prev := make(map[string]string, len(c.Status))
			for k, v := range hist[0] {
				prev[k] = v
			}
			n := 1 + rng.IntN(3)
			moved := map[string]bool{}
			for len(moved) < n {
				id := in.Countries[rng.IntN(len(in.Countries))].ID
				if moved[id] {
					continue
				}
				moved[id] = true
				s := prev[id]
				for s == prev[id] {
					s = Statuses[rng.IntN(nStatus)]
				}
				prev[id] = s
			}
			hist = append([]map[string]string{prev}, hist...)
			changed = append([]int{n}, changed...)
		}
		var earlier []Earlier
		for d := 0; d < depth; d++ {
			step := in
			step.Capabilities = []Capability{{Key: c.Key, Status: hist[d], Earlier: earlier}}
			tables, err := Audit(context.Background(), step)
			if err != nil {
				tb.Fatalf("history of %s: %v", c.Key, err)
			}
			earlier = append(earlier, Earlier{Shown: shownOfTable(tables[0]), Changed: changed[d]})
		}
		c.Earlier = earlier
		out.Capabilities = append(out.Capabilities, c)
	}
	return out
}

func realInput(tb testing.TB, depth int) Input {
	rng := rand.New(rand.NewPCG(7, uint64(depth)))
	cs, gs := realWorld()
	in := Input{Countries: cs, Groups: gs, Threshold: 5, Capabilities: realCapabilities(cs, rng, depth)}
	return withHistory(tb, in, rng, depth)
}

func benchmarkAudit(b *testing.B, depth int) {
	in := realInput(b, depth)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Audit(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuditReal audits the realistic publication: 42 countries, 14 rows, 21 capabilities,
// threshold 5, with 0 to 3 earlier publications.
func BenchmarkAuditReal0(b *testing.B) { benchmarkAudit(b, 0) }
func BenchmarkAuditReal1(b *testing.B) { benchmarkAudit(b, 1) }
func BenchmarkAuditReal2(b *testing.B) { benchmarkAudit(b, 2) }
func BenchmarkAuditReal3(b *testing.B) { benchmarkAudit(b, 3) }
