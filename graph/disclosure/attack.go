package disclosure

import (
	"context"
	"fmt"
)

// target is the countries of one type at one date. Countries of a type are interchangeable for
// the attacker (same groups, and every constraint is symmetric in them), so they are pinned
// together, to the same status, or not at all: one question per target settles all of them.
type target struct{ d, t int }

// targets lists every target in the order pins are reported and repaired: by type (in the order
// of their first country), newest date first.
func (e *encoding) targets() []target {
	out := make([]target, 0, len(e.w.types)*e.dates)
	for t := range e.w.types {
		for d := e.now; d >= 0; d-- {
			out = append(out, target{d, t})
		}
	}
	return out
}

// knowledge is what an attacker can deduce from one set of constraints: the constraints beyond
// the base, and every assignment found consistent with them so far. pool[0] is the witness the
// pins are stated against. When constraints are only removed, the pool stays consistent.
type knowledge struct {
	e     *encoding
	parts [][]linear
	pool  []assignment
}

func (k *knowledge) add(a assignment) { k.pool = append(k.pool, a) }

// status is the witness's status of target t, or -1 when the witness already gives its countries
// different statuses.
func (k *knowledge) status(t target) int {
	cs := k.e.w.types[t.t]
	s := k.pool[0][t.d][cs[0]]
	for _, c := range cs[1:] {
		if k.pool[0][t.d][c] != s {
			return -1
		}
	}
	return s
}

// open reports whether a known assignment already shows that t is not pinned.
func (k *knowledge) open(t target) bool {
	s := k.status(t)
	if s < 0 {
		return true
	}
	for _, a := range k.pool[1:] {
		for _, c := range k.e.w.types[t.t] {
			if a[t.d][c] != s {
				return true
			}
		}
	}
	return false
}

// pinned returns, in the order given, the targets among ts that are pinned: whose status is the
// same in every consistent assignment. It asks for one assignment that moves any still-unsettled
// target at once, so a call costs about one solver run per distinct assignment needed, plus one
// run that proves all the rest pinned together.
func (k *knowledge) pinned(ctx context.Context, ts []target) ([]target, error) {
	for {
		var rest []target
		var st []int
		for _, t := range ts {
			if !k.open(t) {
				rest = append(rest, t)
				st = append(st, k.status(t))
			}
		}
		if len(rest) == 0 {
			return nil, nil
		}
		a, err := k.e.query(ctx, k.parts, k.e.moved(rest, st))
		if err != nil {
			return nil, err
		}
		if a == nil {
			return rest, nil
		}
		k.add(a)
		ts = rest
	}
}

// newKnowledge builds the attacker's knowledge from parts with witness as pool[0]; witness nil
// means "find one". It returns nil when parts are inconsistent.
func newKnowledge(ctx context.Context, e *encoding, parts [][]linear, witness assignment) (*knowledge, error) {
	k := &knowledge{e: e, parts: parts}
	if witness == nil {
		a, err := e.query(ctx, parts)
		if err != nil || a == nil {
			return nil, err
		}
		witness = a
	}
	k.add(witness)
	return k, nil
}

// pins expands pinned targets to the per-country pins they stand for, in target order.
func (k *knowledge) pins(key string, ts []target) []Pin {
	var out []Pin
	for _, t := range ts {
		for _, c := range k.e.w.types[t.t] {
			out = append(out, Pin{Capability: key, Country: k.e.w.ids[c], Publication: t.d, Status: Statuses[k.pool[0][t.d][c]]})
		}
	}
	return out
}

// Pinned is the attacker: the (capability, country, publication) pins whose status at the newest
// date, or at any earlier publication's date, is the same in every assignment consistent with
// what tables show (a cell is shown when Hidden does not mark it; its value is Counts) and with
// the earlier publications of in. Pins implied by the Forced cells and the earlier publications
// alone are exempt and not reported. Audit's output makes Pinned empty.
//
// Pins are ordered by capability (as in in), then country (as in in.Countries), newest
// publication first. tables are matched to capabilities by Key.
func Pinned(ctx context.Context, in Input, tables []Table) ([]Pin, error) {
	w, caps, err := validate(in)
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]*Table, len(tables))
	for i := range tables {
		byKey[tables[i].Key] = &tables[i]
	}
	shown := make([][]int, len(caps))
	for i, ci := range caps {
		t, ok := byKey[ci.key]
		if !ok {
			return nil, invalid("capability %q: no table", ci.key)
		}
		if shown[i], err = w.shownOf(ci.key, t); err != nil {
			return nil, err
		}
	}
	results := make([][]Pin, len(caps))
	err = forEach(ctx, len(caps), func(ctx context.Context, i int) error {
		var err error
		results[i], err = pinnedOne(ctx, w, caps[i], shown[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []Pin
	for _, r := range results {
		out = append(out, r...)
	}
	return out, nil
}

// shownOf reads the newest publication's shown counts from a table (-1: hidden).
func (w *world) shownOf(key string, t *Table) ([]int, error) {
	shown := make([]int, w.nCells())
	for k := range shown {
		cell := w.cell(k)
		if t.Hidden[cell] {
			shown[k] = -1
			continue
		}
		v, ok := t.Counts[cell]
		if !ok {
			return nil, invalid("capability %q: table shows %s=%s %s but has no count for it", key, cell.Group.Facet, cell.Group.Value, cell.Status)
		}
		if size := len(w.members[k/nStatus]); v < 0 || v > size {
			return nil, invalid("capability %q: table count %d for %s=%s %s is outside 0..%d", key, v, cell.Group.Facet, cell.Group.Value, cell.Status, size)
		}
		shown[k] = v
	}
	return shown, nil
}

func pinnedOne(ctx context.Context, w *world, ci *capInput, shown []int) ([]Pin, error) {
	e := newEncoding(w, ci)
	if err := checkEarlier(ctx, e, ci); err != nil {
		return nil, err
	}
	k, err := newKnowledge(ctx, e, [][]linear{e.shown(e.now, shown)}, nil)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, invalid("capability %q: the table's shown counts are inconsistent with the earlier publications", ci.key)
	}
	ts, err := k.pinned(ctx, e.targets())
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	// The exempt facts are looser than the table, so the table's witness is consistent with them.
	forced := make([]int, len(shown))
	for i := range forced {
		forced[i] = -1
		if ci.forced[i] {
			forced[i] = shown[i]
		}
	}
	base := &knowledge{e: e, parts: [][]linear{e.shown(e.now, forced)}, pool: k.pool[:1:1]}
	exempt, err := base.pinned(ctx, ts)
	if err != nil {
		return nil, err
	}
	var report []target
	for _, t := range ts {
		if !containsTarget(exempt, t) {
			report = append(report, t)
		}
	}
	return k.pins(ci.key, report), nil
}

func containsTarget(ts []target, t target) bool {
	for _, u := range ts {
		if u == t {
			return true
		}
	}
	return false
}

// checkEarlier reports an input error when the earlier publications admit no assignment at all.
func checkEarlier(ctx context.Context, e *encoding, ci *capInput) error {
	if len(ci.earlier) == 0 {
		return nil
	}
	a, err := e.query(ctx, nil)
	if err != nil {
		return err
	}
	if a == nil {
		return invalid("capability %q: the earlier publications' shown counts and Changed values admit no assignment", ci.key)
	}
	return nil
}

// errInternal reports a broken invariant; it never wraps ErrInvalidInput.
func errInternal(format string, args ...any) error {
	return fmt.Errorf("disclosure: internal error: %s", fmt.Sprintf(format, args...))
}
