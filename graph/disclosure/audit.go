package disclosure

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Audit decides what may be shown, capability by capability, in the order given.
//
// For each capability it starts from every count shown except the primary (small-cell) ones,
// Forced cells always shown, and hides one more count at a time until
//   - no country is pinned, at the newest date or at any earlier publication's date, by what is
//     shown jointly with the earlier publications (pins the exempt facts alone imply excepted,
//     see Table.Exempt), and
//   - every primary cell really is hidden: its Range has Min < Max, unless the exempt facts
//     alone fix it.
//
// Only the newest publication's cells can be hidden; earlier publications are taken as they were
// shown. Hiding every cell that is not Forced leaves exactly the exempt facts, so Audit always
// finishes. The count hidden next is chosen deterministically, for the first pinned country (in
// input order, newest date first) or else the first fixed primary cell: a cell of a group the
// country (or the primary cell) is in before the total row before other groups, then a non-zero
// count before a zero, then the smaller count, then table order.
//
// Audit is deterministic: the same input gives the same tables. Capabilities are audited
// concurrently, at most GOMAXPROCS at a time; the error of the first failing capability (in
// input order) is returned, and ctx cancels the work.
func Audit(ctx context.Context, in Input) ([]Table, error) {
	w, caps, err := validate(in)
	if err != nil {
		return nil, err
	}
	tables := make([]Table, len(caps))
	err = forEach(ctx, len(caps), func(ctx context.Context, i int) error {
		var err error
		tables[i], err = auditOne(ctx, w, caps[i], in.Threshold)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tables, nil
}

// forEach runs f(ctx, i) for i in [0, n) on at most GOMAXPROCS goroutines. Every index runs even
// when another fails, so that the error returned, the first by index, does not depend on
// scheduling; only ctx stops the work early.
func forEach(ctx context.Context, n int, f func(ctx context.Context, i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				errs[i] = f(ctx, i)
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("disclosure: %w", err)
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// auditor holds the state of one capability's audit.
type auditor struct {
	e       *encoding
	ci      *capInput
	counts  []int // true count per cell, newest date
	hidden  []bool
	witness assignment
}

func auditOne(ctx context.Context, w *world, ci *capInput, threshold int) (Table, error) {
	e := newEncoding(w, ci)
	if err := checkEarlier(ctx, e, ci); err != nil {
		return Table{}, err
	}
	a := &auditor{e: e, ci: ci, counts: make([]int, w.nCells()), hidden: make([]bool, w.nCells())}
	now := make(assignment, e.dates)
	now[e.now] = ci.now
	for k := range a.counts {
		a.counts[k] = e.count(now, e.now, k)
	}
	if err := a.findWitness(ctx); err != nil {
		return Table{}, err
	}

	// The exempt facts: the earlier publications and the Forced cells, nothing else shown.
	forced := make([]int, len(a.counts))
	anyForced := false
	for k := range forced {
		forced[k] = -1
		if ci.forced[k] {
			forced[k] = a.counts[k]
			anyForced = true
		}
	}
	base := &knowledge{e: e, parts: [][]linear{e.shown(e.now, forced)}, pool: []assignment{a.witness}}
	// With nothing shown but group sizes, every country can take any of the five statuses.
	free := len(ci.earlier) == 0 && !anyForced
	var exempt []target
	if !free {
		var err error
		if exempt, err = base.pinned(ctx, e.targets()); err != nil {
			return Table{}, err
		}
	}

	// Primary cells: every count of a group smaller than the threshold, and every non-zero count
	// below it. A non-zero one must stay uncertain (a hidden 1 that the other counts imply would
	// still say "one country"); a zero may end up implied (its Range is then {0, 0}).
	var watch []int
	for k := range a.hidden {
		size := len(w.members[k/nStatus])
		if size == 0 || ci.forced[k] || threshold <= 1 {
			continue
		}
		if v := a.counts[k]; size < threshold || (v > 0 && v < threshold) {
			a.hidden[k] = true
			if v == 0 {
				continue
			}
			if free {
				watch = append(watch, k)
				continue
			}
			open, err := base.cellOpen(ctx, k, v)
			if err != nil {
				return Table{}, err
			}
			if open {
				watch = append(watch, k)
			}
		}
	}

	// Unchanged since the last publication (Changed 0): showing the same counts again adds
	// nothing to what the attacker knows, so the last publication's choice stands, which keeps
	// the tables of unchanged capabilities stable from one publication to the next. It is taken
	// only when it also hides every primary cell and shows every Forced one.
	if last := len(ci.earlier) - 1; last >= 0 && ci.earlier[last].changed == 0 {
		if reuse := a.reuse(ci.earlier[last].shown); reuse {
			k := &knowledge{e: e, parts: [][]linear{e.shown(e.now, a.shown())}, pool: []assignment{a.witness}}
			return a.table(ctx, k, base, exempt)
		}
	}

	var ts []target
	for _, t := range e.targets() {
		if !containsTarget(exempt, t) {
			ts = append(ts, t)
		}
	}
	var k *knowledge
	for {
		k = &knowledge{e: e, parts: [][]linear{e.shown(e.now, a.shown())}, pool: poolOf(k, a.witness)}
		pinned, err := k.pinned(ctx, ts)
		if err != nil {
			return Table{}, err
		}
		// Hiding only loosens the constraints: what is settled stays settled.
		ts = pinned
		if len(pinned) > 0 {
			if err := a.hide(w.cgroups[w.types[pinned[0].t][0]]); err != nil {
				return Table{}, err
			}
			continue
		}
		fixed := -1
		for len(watch) > 0 {
			open, err := k.cellOpen(ctx, watch[0], a.counts[watch[0]])
			if err != nil {
				return Table{}, err
			}
			if !open {
				fixed = watch[0]
				break
			}
			watch = watch[1:]
		}
		if fixed < 0 {
			break
		}
		if err := a.hide([]int{fixed / nStatus}); err != nil {
			return Table{}, err
		}
	}

	return a.table(ctx, k, base, exempt)
}

// reuse hides exactly what shown (the last publication) hid, when that hides every primary cell
// and shows every Forced one and its counts are the current ones; false (and no change) when not.
func (a *auditor) reuse(shown []int) bool {
	for k, v := range shown {
		if (v < 0 && a.ci.forced[k]) || (v >= 0 && (a.hidden[k] || v != a.counts[k])) {
			return false
		}
	}
	for k, v := range shown {
		a.hidden[k] = v < 0
	}
	return true
}

// table is the audited table: counts, what is hidden, and every cell's Range under k.
func (a *auditor) table(ctx context.Context, k *knowledge, base *knowledge, exempt []target) (Table, error) {
	w, ci := a.e.w, a.ci
	ranges, err := k.ranges(ctx, a.shown(), a.counts)
	if err != nil {
		return Table{}, err
	}
	t := Table{
		Key:    ci.key,
		Counts: make(map[Cell]int, len(a.counts)),
		Hidden: make(map[Cell]bool),
		Ranges: make(map[Cell]Range, len(a.counts)),
		Exempt: base.pins(ci.key, exempt),
	}
	for i, v := range a.counts {
		cell := w.cell(i)
		t.Counts[cell] = v
		t.Ranges[cell] = ranges[i]
		if a.hidden[i] {
			t.Hidden[cell] = true
		}
	}
	return t, nil
}

func poolOf(k *knowledge, witness assignment) []assignment {
	if k == nil {
		return []assignment{witness}
	}
	return k.pool
}

// findWitness finds an assignment with the true statuses now that is consistent with the earlier
// publications: the attacker's reference point.
func (a *auditor) findWitness(ctx context.Context) error {
	e := a.e
	if e.dates == 1 {
		a.witness = assignment{a.ci.now}
		return nil
	}
	w, err := e.queryNow(ctx, a.ci.now, [][]linear{e.fixNow(a.ci.now)})
	if err != nil {
		return err
	}
	if w == nil {
		return invalid("capability %q: the current statuses are inconsistent with the earlier publications and their Changed values", a.ci.key)
	}
	a.witness = w
	return nil
}

// shown is the newest publication's shown counts (-1: hidden).
func (a *auditor) shown() []int {
	s := make([]int, len(a.counts))
	for k, v := range a.counts {
		s[k] = v
		if a.hidden[k] {
			s[k] = -1
		}
	}
	return s
}

// hide hides one more cell, preferring cells of the concerned groups (see Audit).
func (a *auditor) hide(concern []int) error {
	w := a.e.w
	total, hasTotal := w.gindex[Total]
	best := -1
	var bestKey [4]int
	for k, h := range a.hidden {
		g := k / nStatus
		if h || a.ci.forced[k] || len(w.members[g]) == 0 {
			continue
		}
		rank := 2
		switch {
		case hasTotal && g == total:
			rank = 1
		case containsInt(concern, g):
			rank = 0
		}
		zero := 0
		if a.counts[k] == 0 {
			zero = 1
		}
		key := [4]int{rank, zero, a.counts[k], k}
		if best < 0 || less4(key, bestKey) {
			best, bestKey = k, key
		}
	}
	if best < 0 {
		return errInternal("capability %q: still disclosing with every non-forced count hidden", a.ci.key)
	}
	a.hidden[best] = true
	return nil
}

func less4(a, b [4]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
