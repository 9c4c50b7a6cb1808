package disclosure

import (
	"context"
	"fmt"
)

// encoding is the attacker's model of one capability across its publication dates: date d is
// Earlier[d] for d < now and the publication being audited for d == now.
//
// Countries of one type (the same public groups) are interchangeable: every constraint the
// attacker has is symmetric in them. The model therefore counts instead of naming: n(d,t,s) is
// how many countries of type t have status s at date d, and k(d,t,s) how many of them keep
// status s from date d to d+1. Every assignment of statuses to countries gives such counts, and
// any counts that satisfy the constraints are realised by an assignment (see decode), so the two
// models agree on every question the audit asks: whether a type can take another status, and
// which values a count can take.
//
// Constraints: every type's counts at a date add up to its size; a shown count v of cell (g,s)
// at date d is Σ_{t⊆g} n(d,t,s) = v (hidden counts add nothing); between consecutive dates,
// k(d,t,s) ≤ n(d,t,s), k(d,t,s) ≤ n(d+1,t,s), the countries that keep their status number
// N − Changed, and the ones that change can be paired, each leaving s for another status:
// leavers(s) + arrivals(s) ≤ all leavers of the type, the condition for a transport between
// statuses with nothing moving from a status to itself.
type encoding struct {
	w     *world
	n     int // countries
	types int
	dates int // len(Earlier)+1
	now   int // dates-1
	// gtypes is, per group, the types it contains (a type is inside a group or outside it).
	gtypes [][]int
	p      problem
}

func (e *encoding) nv(d, t, s int) int { return (d*e.types+t)*nStatus + s }

func (e *encoding) kv(d, t, s int) int { return e.dates*e.types*nStatus + (d*e.types+t)*nStatus + s }

func newEncoding(w *world, ci *capInput) *encoding {
	e := &encoding{w: w, n: len(w.ids), types: len(w.types), dates: len(ci.earlier) + 1, now: len(ci.earlier)}
	e.gtypes = make([][]int, len(w.groups))
	for t, cs := range w.types {
		for _, g := range w.cgroups[cs[0]] {
			e.gtypes[g] = append(e.gtypes[g], t)
		}
	}
	nvars := (2*e.dates - 1) * e.types * nStatus
	e.p.lo, e.p.hi = make([]int, nvars), make([]int, nvars)
	for d := 0; d < e.dates; d++ {
		for t, cs := range w.types {
			vars := make([]int, nStatus)
			for s := range vars {
				vars[s] = e.nv(d, t, s)
				e.p.hi[vars[s]] = len(cs)
			}
			e.p.cons = append(e.p.cons, sumOf(vars, len(cs), len(cs)))
		}
	}
	for d, p := range ci.earlier {
		e.p.cons = append(e.p.cons, e.shown(d, p.shown)...)
		var kept []int
		for t, cs := range w.types {
			for s := 0; s < nStatus; s++ {
				k := e.kv(d, t, s)
				e.p.hi[k] = len(cs)
				kept = append(kept, k)
				e.p.cons = append(e.p.cons,
					linear{vars: []int{e.nv(d, t, s), k}, neg: []bool{false, true}, lo: 0, hi: len(cs)},
					linear{vars: []int{e.nv(d+1, t, s), k}, neg: []bool{false, true}, lo: 0, hi: len(cs)})
				// n(d,s) − k(s) + n(d+1,s) − k(s) ≤ size − Σ k: the k(s) terms net to −1, the
				// others' to +1.
				pair := linear{vars: []int{e.nv(d, t, s), e.nv(d+1, t, s)}, neg: []bool{false, false}, lo: 0, hi: len(cs)}
				for s2 := 0; s2 < nStatus; s2++ {
					pair.vars = append(pair.vars, e.kv(d, t, s2))
					pair.neg = append(pair.neg, s2 == s)
				}
				e.p.cons = append(e.p.cons, pair)
			}
		}
		e.p.cons = append(e.p.cons, sumOf(kept, e.n-p.changed, e.n-p.changed))
	}
	return e
}

// cellVars is the variables whose sum is cell k at date d.
func (e *encoding) cellVars(d, k int) []int {
	g, s := k/nStatus, k%nStatus
	vars := make([]int, len(e.gtypes[g]))
	for i, t := range e.gtypes[g] {
		vars[i] = e.nv(d, t, s)
	}
	return vars
}

// cellBetween is lo ≤ cell k at the newest date ≤ hi.
func (e *encoding) cellBetween(k, lo, hi int) linear {
	return sumOf(e.cellVars(e.now, k), lo, hi)
}

// shown is the equalities of the counts shown at date d (shown[k] < 0: hidden).
func (e *encoding) shown(d int, shown []int) []linear {
	var out []linear
	for k, v := range shown {
		if v < 0 || len(e.w.members[k/nStatus]) == 0 {
			continue
		}
		vars := e.cellVars(d, k)
		out = append(out, sumOf(vars, v, v))
	}
	return out
}

// moved is "at least one of ts does not have status st[i] everywhere": some target's count of
// its status is below its type's size.
func (e *encoding) moved(ts []target, st []int) linear {
	vars := make([]int, len(ts))
	full := 0
	for i, t := range ts {
		vars[i] = e.nv(t.d, t.t, st[i])
		full += len(e.w.types[t.t])
	}
	return sumOf(vars, 0, full-1)
}

// fixNow is the constraints that give the countries the statuses s at the newest date.
func (e *encoding) fixNow(s []int) []linear {
	var out []linear
	for t, cs := range e.w.types {
		var count [nStatus]int
		for _, c := range cs {
			count[s[c]]++
		}
		for st, k := range count {
			out = append(out, sumOf([]int{e.nv(e.now, t, st)}, k, k))
		}
	}
	return out
}

// assignment is a status index per date and country.
type assignment [][]int

// decode realises a solution as statuses per country: at the newest date from now when given
// (it must agree with the solution's counts), else each type's countries in input order by
// status; then date by date backwards (see arrivals).
func (e *encoding) decode(sol []int, now []int) (assignment, error) {
	a := make(assignment, e.dates)
	for d := range a {
		a[d] = make([]int, e.n)
	}
	for t, cs := range e.w.types {
		if now != nil {
			for _, c := range cs {
				a[e.now][c] = now[c]
			}
		} else {
			i := 0
			for s := 0; s < nStatus; s++ {
				for range sol[e.nv(e.now, t, s)] {
					a[e.now][cs[i]] = s
					i++
				}
			}
		}
		for d := e.now - 1; d >= 0; d-- {
			var keep, leave, arrive [nStatus]int
			for s := 0; s < nStatus; s++ {
				keep[s] = sol[e.kv(d, t, s)]
				leave[s] = sol[e.nv(d, t, s)] - keep[s]
				arrive[s] = sol[e.nv(d+1, t, s)] - keep[s]
			}
			from, err := transport(leave, arrive)
			if err != nil {
				return nil, errInternal("type of %q, publication %d: %v", e.w.ids[cs[0]], d, err)
			}
			for _, c := range cs {
				s := a[d+1][c]
				if keep[s] > 0 {
					keep[s]--
					a[d][c] = s
					continue
				}
				if len(from[s]) == 0 {
					return nil, errInternal("type of %q, publication %d: more countries in %s than the solution has", e.w.ids[cs[0]], d, Statuses[s])
				}
				a[d][c], from[s] = from[s][0], from[s][1:]
			}
		}
	}
	return a, nil
}

// transport pairs the countries that change status: leave[s] of them leave status s, arrive[s]
// arrive in it, and none may arrive where it left. It returns, per status arrived in, the
// statuses its arrivals left. One pair at a time, it involves the status with the most leavers
// plus arrivals, which keeps leave[s] + arrive[s] ≤ the pairs left for every s: the condition
// under which the rest can be paired.
func transport(leave, arrive [nStatus]int) ([nStatus][]int, error) {
	var from [nStatus][]int
	left := 0
	for s := range leave {
		left += leave[s]
	}
	for ; left > 0; left-- {
		top := 0
		for s := range leave {
			if leave[s]+arrive[s] > leave[top]+arrive[top] {
				top = s
			}
		}
		if leave[top]+arrive[top] > left {
			return from, fmt.Errorf("%d countries leave or enter %s, with %d changes left", leave[top]+arrive[top], Statuses[top], left)
		}
		l, r := top, -1
		if leave[top] > 0 {
			for s := range arrive {
				if s != top && arrive[s] > 0 && (r < 0 || arrive[s] > arrive[r]) {
					r = s
				}
			}
		} else {
			r = top
			l = -1
			for s := range leave {
				if s != top && leave[s] > 0 && (l < 0 || leave[s] > leave[l]) {
					l = s
				}
			}
		}
		if l < 0 || r < 0 {
			return from, fmt.Errorf("no status to pair %s with", Statuses[top])
		}
		leave[l]--
		arrive[r]--
		from[r] = append(from[r], l)
	}
	return from, nil
}

// count is the value of cell k at date d in a.
func (e *encoding) count(a assignment, d, k int) int {
	g, s := k/nStatus, k%nStatus
	n := 0
	for _, c := range e.w.members[g] {
		if a[d][c] == s {
			n++
		}
	}
	return n
}

// query is one question to the solver about a capability: is there an assignment satisfying the
// base, the given parts and extra? It returns the assignment, or nil.
func (e *encoding) query(ctx context.Context, parts [][]linear, extra ...linear) (assignment, error) {
	return e.queryNow(ctx, nil, parts, extra...)
}

// queryNow is query with the newest date's statuses given per country (they must also be fixed
// by parts, see fixNow).
func (e *encoding) queryNow(ctx context.Context, now []int, parts [][]linear, extra ...linear) (assignment, error) {
	var cons []linear
	for _, p := range parts {
		cons = append(cons, p...)
	}
	sol, err := solveInt(ctx, e.p, append(cons, extra...)...)
	if err != nil || sol == nil {
		return nil, err
	}
	a, err := e.decode(sol, now)
	if err != nil {
		return nil, fmt.Errorf("disclosure: %w", err)
	}
	return a, nil
}
