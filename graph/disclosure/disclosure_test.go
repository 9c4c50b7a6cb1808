package disclosure

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// naive is the table that shows every count: what the API published before the audit.
func naive(t *testing.T, in Input, key string) Table {
	t.Helper()
	w, caps, err := validate(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, ci := range caps {
		if ci.key != key {
			continue
		}
		e := newEncoding(w, ci)
		now := make(assignment, e.dates)
		now[e.now] = ci.now
		tab := Table{Key: key, Counts: map[Cell]int{}, Hidden: map[Cell]bool{}}
		for k := 0; k < w.nCells(); k++ {
			tab.Counts[w.cell(k)] = e.count(now, e.now, k)
		}
		return tab
	}
	t.Fatalf("no capability %q", key)
	return Table{}
}

func pinnedIDs(pins []Pin) []string {
	var out []string
	for _, p := range pins {
		out = append(out, fmt.Sprintf("%s@%d=%s", p.Country, p.Publication, p.Status))
	}
	return out
}

// realStatuses gives every country of the realistic world a status by rule.
func realStatuses(cs []Country, rule func(c Country, i int) string) map[string]string {
	m := make(map[string]string, len(cs))
	for i, c := range cs {
		m[c.ID] = rule(c, i)
	}
	return m
}

func inGroup(c Country, g Group) bool {
	for _, h := range c.Groups {
		if h == g {
			return true
		}
	}
	return false
}

// attackAndAudit checks that the attacker pins want in the naive table, that Audit's table pins
// nothing, and returns Audit's table.
func attackAndAudit(t *testing.T, in Input, want []string) Table {
	t.Helper()
	ctx := context.Background()
	key := in.Capabilities[0].Key
	pins, err := Pinned(ctx, in, []Table{naive(t, in, key)})
	if err != nil {
		t.Fatal(err)
	}
	got := pinnedIDs(pins)
	for _, w := range want {
		if !strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("the attacker does not pin %s in the naive table; pins: %v", w, got)
		}
	}
	tables, err := Audit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	pins, err = Pinned(ctx, in, tables)
	if err != nil {
		t.Fatal(err)
	}
	if len(pins) > 0 {
		t.Errorf("the audited table still pins %v", pinnedIDs(pins))
	}
	return tables[0]
}

func TestAWholeGroupWithOneStatusIsNotShown(t *testing.T) {
	cs, gs := realWorld()
	lac := region("LATIN_AMERICA_CARIBBEAN")
	st := realStatuses(cs, func(c Country, i int) string {
		if inGroup(c, lac) {
			return "PARTIAL"
		}
		return []string{"IN_PLACE", "PARTIAL", "ABSENT"}[i%3]
	})
	in := Input{Countries: cs, Groups: gs, Threshold: 5, Capabilities: []Capability{{Key: "legislation", Status: st}}}
	var want []string
	for _, c := range cs {
		if inGroup(c, lac) {
			want = append(want, c.ID+"@0=PARTIAL")
		}
	}
	tab := attackAndAudit(t, in, want)
	if !tab.Hidden[Cell{lac, "PARTIAL"}] {
		t.Errorf("LAC 6 of 6 PARTIAL is shown")
	}
	if r := tab.Ranges[Cell{lac, "PARTIAL"}]; r.Min == r.Max {
		t.Errorf("LAC PARTIAL's range %v gives the count away", r)
	}
}

func TestZerosInTwoFacetsDoNotPinTheirIntersection(t *testing.T) {
	cs, gs := realWorld()
	lm, eca := income("LOWER_MIDDLE"), region("EUROPE_CENTRAL_ASIA")
	var only string
	for _, c := range cs {
		if inGroup(c, lm) && inGroup(c, eca) {
			only = c.ID // the realistic world has one such country, like Ukraine
		}
	}
	st := realStatuses(cs, func(c Country, i int) string {
		switch {
		case inGroup(c, lm) && inGroup(c, eca):
			return "IN_PLACE"
		case inGroup(c, lm):
			return []string{"IN_PLACE", "PARTIAL"}[i%2]
		case inGroup(c, eca):
			return []string{"IN_PLACE", "ABSENT"}[i%2]
		}
		return Statuses[i%4]
	})
	in := Input{Countries: cs, Groups: gs, Threshold: 0, Capabilities: []Capability{{Key: "child-helpline", Status: st}}}
	attackAndAudit(t, in, []string{only + "@0=IN_PLACE"})
}

func TestTheTotalRowDoesNotPinWhatTheGroupsLeave(t *testing.T) {
	cs, gs := realWorld()
	// One country ABSENT, all others IN_PLACE or PARTIAL: the total row says "one ABSENT" and
	// the groups say where.
	// (The only high-income country of its region: a country alone in its type.)
	const alone = "LATI-HIGH-0"
	st := realStatuses(cs, func(c Country, i int) string {
		if c.ID == alone {
			return "ABSENT"
		}
		return []string{"IN_PLACE", "PARTIAL"}[i%2]
	})
	in := Input{Countries: cs, Groups: gs, Threshold: 0, Capabilities: []Capability{{Key: "offender-support", Status: st}}}
	tab := attackAndAudit(t, in, []string{alone + "@0=ABSENT"})
	if r := tab.Ranges[Cell{Total, "ABSENT"}]; tab.Hidden[Cell{Total, "ABSENT"}] && (r.Min > 1 || r.Max < 1) {
		t.Errorf("total ABSENT range %v excludes the true count", r)
	}
}

func TestTwoPublicationsAndTheNumberOfChangesPinNothing(t *testing.T) {
	ctx := context.Background()
	cs, gs := realWorld()
	cs = cs[22:] // the four southern regions' 19 countries keep the joint audit quick
	before := realStatuses(cs, func(c Country, i int) string { return Statuses[(i*7)%4] })
	in := Input{Countries: cs, Groups: gs, Threshold: 0, Capabilities: []Capability{{Key: "judiciary", Status: before}}}
	// The first publication showed everything (as the API did before the audit), so it pins
	// whatever it pins; only what the second one adds counts.
	first := naive(t, in, "judiciary")
	after := realStatuses(cs, func(c Country, i int) string { return before[c.ID] })
	const moved = "SOUT-LOW-0" // alone in its type
	after[moved] = map[string]string{"IN_PLACE": "ABSENT", "ABSENT": "IN_PLACE", "PARTIAL": "IN_PLACE", "NOT_ASSESSED": "IN_PLACE"}[before[moved]]
	in.Capabilities = []Capability{{Key: "judiciary", Status: after, Earlier: []Earlier{{Shown: shownOfTable(first), Changed: 1}}}}

	// Publishing every count again moves the cells of the changed country's groups by one: the
	// poller learns its new status.
	pins, err := Pinned(ctx, in, []Table{naive(t, in, "judiciary")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(pinnedIDs(pins), " "), moved+"@1") {
		t.Errorf("the poller does not pin %s from two full publications; pins: %v", moved, pinnedIDs(pins))
	}
	second, err := Audit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if pins, err = Pinned(ctx, in, second); err != nil || len(pins) > 0 {
		t.Errorf("the jointly audited publication pins %v (err %v)", pinnedIDs(pins), err)
	}
}

func TestForcedCellsAreShownAndTheirPinsExempt(t *testing.T) {
	cs, gs := realWorld()
	st := realStatuses(cs, func(Country, int) string { return "IN_PLACE" })
	in := Input{Countries: cs, Groups: gs, Threshold: 5, Capabilities: []Capability{{
		Key: "dedicated-law-enforcement", Status: st, Forced: []Cell{{Total, "IN_PLACE"}}}}}
	tables, err := Audit(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	tab := tables[0]
	if tab.Hidden[Cell{Total, "IN_PLACE"}] || tab.Counts[Cell{Total, "IN_PLACE"}] != len(cs) {
		t.Errorf("the forced total is not shown as %d of %d", tab.Counts[Cell{Total, "IN_PLACE"}], len(cs))
	}
	if len(tab.Exempt) != len(cs) {
		t.Errorf("exempt pins: %d, want every country (%d)", len(tab.Exempt), len(cs))
	}
	if pins, err := Pinned(context.Background(), in, tables); err != nil || len(pins) > 0 {
		t.Errorf("Pinned reports exempt pins %v (err %v)", pinnedIDs(pins), err)
	}
}

func TestAnUnchangedCapabilityKeepsItsTable(t *testing.T) {
	ctx := context.Background()
	cs, gs := realWorld()
	st := realStatuses(cs, func(c Country, i int) string { return Statuses[(i*3)%5] })
	in := Input{Countries: cs, Groups: gs, Threshold: 5, Capabilities: []Capability{{Key: "k", Status: st}}}
	first, err := Audit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Capabilities[0].Earlier = []Earlier{{Shown: shownOfTable(first[0]), Changed: 0}}
	second, err := Audit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first[0].Hidden, second[0].Hidden) {
		t.Errorf("the table of an unchanged capability moved between publications")
	}
}

func TestInvalidInputIsReported(t *testing.T) {
	cs, gs := realWorld()
	for name, in := range map[string]Input{
		"unknown status":  {Countries: cs, Groups: gs, Capabilities: []Capability{{Key: "k", Status: map[string]string{cs[0].ID: "MAYBE"}}}},
		"unknown country": {Countries: cs, Groups: gs, Capabilities: []Capability{{Key: "k", Status: map[string]string{"XXX": "IN_PLACE"}}}},
		"duplicate key":   {Countries: cs, Groups: gs, Capabilities: []Capability{{Key: "k"}, {Key: "k"}}},
		"unlisted group":  {Countries: []Country{{ID: "A", Groups: []Group{{"f", "v"}}}}, Groups: []Group{Total}},
		"bad changed":     {Countries: cs, Groups: gs, Capabilities: []Capability{{Key: "k", Earlier: []Earlier{{Changed: -1}}}}},
	} {
		if _, err := Audit(context.Background(), in); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
}

// brute is the exact attacker by enumeration: every assignment of statuses to every country at
// every date consistent with the earlier publications, the Changed counts and what tab shows.
// It returns, per date and country, the set of statuses possible (as a bit mask), and per cell
// at the newest date, its min and max.
func brute(w *world, ci *capInput, shown []int) (possible [][]int, lo, hi []int) {
	n, dates := len(w.ids), len(ci.earlier)+1
	possible = make([][]int, dates)
	for d := range possible {
		possible[d] = make([]int, n)
	}
	lo, hi = make([]int, w.nCells()), make([]int, w.nCells())
	for k := range lo {
		lo[k], hi[k] = 1<<30, -1
	}
	a := make([][]int, dates)
	for d := range a {
		a[d] = make([]int, n)
	}
	count := func(d, k int) int {
		c := 0
		for _, m := range w.members[k/nStatus] {
			if a[d][m] == k%nStatus {
				c++
			}
		}
		return c
	}
	matches := func(d int, sh []int) bool {
		for k, v := range sh {
			if v >= 0 && count(d, k) != v {
				return false
			}
		}
		return true
	}
	total := 1
	for range n * dates {
		total *= nStatus
	}
	for code := 0; code < total; code++ {
		x := code
		for d := range a {
			for c := range a[d] {
				a[d][c] = x % nStatus
				x /= nStatus
			}
		}
		ok := matches(dates-1, shown)
		for d := 0; ok && d < dates-1; d++ {
			changed := 0
			for c := range a[d] {
				if a[d][c] != a[d+1][c] {
					changed++
				}
			}
			ok = changed == ci.earlier[d].changed && matches(d, ci.earlier[d].shown)
		}
		if !ok {
			continue
		}
		for d := range a {
			for c := range a[d] {
				possible[d][c] |= 1 << a[d][c]
			}
		}
		for k := range lo {
			v := count(dates-1, k)
			lo[k], hi[k] = min(lo[k], v), max(hi[k], v)
		}
	}
	return possible, lo, hi
}

// randomInput is a small world: n countries in two facets of two values, statuses from a random
// subset, a random threshold, and optionally one earlier publication audited as production does.
func randomInput(t *testing.T, rng *rand.Rand, n int, history bool) Input {
	groups := []Group{Total, {"a", "1"}, {"a", "2"}, {"b", "1"}, {"b", "2"}}
	var cs []Country
	for i := range n {
		c := Country{ID: fmt.Sprintf("C%d", i), Groups: []Group{{"a", fmt.Sprint(1 + rng.IntN(2))}}}
		if rng.IntN(4) > 0 {
			c.Groups = append(c.Groups, Group{"b", fmt.Sprint(1 + rng.IntN(2))})
		}
		cs = append(cs, c)
	}
	palette := Statuses[:1+rng.IntN(nStatus)]
	st := func() map[string]string {
		m := map[string]string{}
		for _, c := range cs {
			if s := palette[rng.IntN(len(palette))]; s != notAssessed {
				m[c.ID] = s
			}
		}
		return m
	}
	in := Input{Countries: cs, Groups: groups, Threshold: []int{0, 2, 3}[rng.IntN(3)]}
	capability := Capability{Key: "k", Status: st()}
	if rng.IntN(4) == 0 {
		capability.Forced = []Cell{{Total, palette[0]}}
	}
	if history {
		earlier := st()
		first := in
		first.Capabilities = []Capability{{Key: "k", Status: earlier, Forced: capability.Forced}}
		tables, err := Audit(context.Background(), first)
		if err != nil {
			t.Fatal(err)
		}
		changed := 0
		for _, c := range cs {
			if s, e := capability.Status[c.ID], earlier[c.ID]; s != e && !(s == "" && e == notAssessed) && !(e == "" && s == notAssessed) {
				changed++
			}
		}
		capability.Earlier = []Earlier{{Shown: shownOfTable(tables[0]), Changed: changed}}
	}
	in.Capabilities = []Capability{capability}
	return in
}

// TestNoAttackerPinsWhatAuditPublishes checks Audit against the exhaustive attacker on random
// small worlds, with and without an earlier publication: nothing is pinned beyond the exempt
// facts, every Range is the exact interval, every primary non-zero count stays uncertain, and the
// solver-based attacker Pinned agrees with the exhaustive one.
func TestNoAttackerPinsWhatAuditPublishes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for round := range 300 {
		history := round%3 == 2
		n := 2 + rng.IntN(5)
		if history {
			n = 2 + rng.IntN(3)
		}
		in := randomInput(t, rng, n, history)
		tables, err := Audit(ctx, in)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		w, caps, _ := validate(in)
		ci := caps[0]
		tab := tables[0]
		shown, err := w.shownOf("k", &tab)
		if err != nil {
			t.Fatal(err)
		}
		possible, lo, hi := brute(w, ci, shown)
		// The exempt facts: Forced cells only.
		forced := make([]int, len(shown))
		for k := range forced {
			forced[k] = -1
			if ci.forced[k] {
				forced[k] = shown[k]
			}
		}
		exemptPossible, _, _ := brute(w, ci, forced)
		for d := range possible {
			for c, mask := range possible[d] {
				if mask&(mask-1) == 0 && exemptPossible[d][c]&(exemptPossible[d][c]-1) != 0 {
					t.Fatalf("round %d: %s is pinned at publication %d (%b); input %+v; hidden %v", round, w.ids[c], d, mask, in, tab.Hidden)
				}
			}
		}
		for k := range shown {
			cell := w.cell(k)
			r := tab.Ranges[cell]
			if r.Min != lo[k] || r.Max != hi[k] {
				t.Fatalf("round %d: range of %v is %v, the exhaustive attacker finds [%d, %d]", round, cell, r, lo[k], hi[k])
			}
			if v := tab.Counts[cell]; shown[k] < 0 && v > 0 && v < in.Threshold && r.Min == r.Max && !ci.forced[k] {
				size := len(w.members[k/nStatus])
				// Only the exempt facts may fix a small count.
				_, elo, ehi := brute(w, ci, forced)
				if elo[k] != ehi[k] {
					t.Fatalf("round %d: small count %v = %d (group of %d) is hidden but implied", round, cell, v, size)
				}
			}
		}
		pins, err := Pinned(ctx, in, tables)
		if err != nil || len(pins) > 0 {
			t.Fatalf("round %d: Pinned finds %v (err %v) in an audited table", round, pinnedIDs(pins), err)
		}
		// The solver-based attacker against the exhaustive one on the naive table.
		nt := naive(t, in, "k")
		nshown, _ := w.shownOf("k", &nt)
		np, _, _ := brute(w, ci, nshown)
		pins, err = Pinned(ctx, in, []Table{nt})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, p := range pins {
			got[fmt.Sprintf("%s@%d", p.Country, p.Publication)] = true
		}
		for d := range np {
			for c, mask := range np[d] {
				want := mask&(mask-1) == 0 && exemptPossible[d][c]&(exemptPossible[d][c]-1) != 0
				if key := fmt.Sprintf("%s@%d", w.ids[c], d); got[key] != want {
					t.Fatalf("round %d: Pinned says %s pinned=%v, the exhaustive attacker %v", round, key, got[key], want)
				}
			}
		}
	}
}

func TestAuditIsDeterministic(t *testing.T) {
	in := realInput(t, 0)
	in.Capabilities = in.Capabilities[:7]
	a, err := Audit(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Audit(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two audits of the same input differ")
	}
}
