package disclosure

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// linear is the constraint lo ≤ Σ sign·x ≤ hi over integer variables, every coefficient +1 or −1.
type linear struct {
	vars   []int
	neg    []bool // neg[i]: the coefficient of vars[i] is −1
	lo, hi int
}

// sumOf is lo ≤ Σ vars ≤ hi.
func sumOf(vars []int, lo, hi int) linear {
	return linear{vars: vars, neg: make([]bool, len(vars)), lo: lo, hi: hi}
}

// problem is an integer feasibility problem: variables with bounds, and linear constraints.
type problem struct {
	lo, hi []int
	cons   []linear
}

// solveInt finds integer values within the bounds that satisfy every constraint, or returns nil
// when there are none. It is complete: a nil answer is a proof that no solution exists.
//
// It is a branch and bound over the linear relaxation. At each node, bounds are first
// propagated through every constraint to a fixpoint (each term is bounded by what the other
// terms leave); then the relaxation (the same constraints over the reals) is solved with the
// simplex method: when it has no solution the node has none, when its solution is integral it is
// checked exactly and returned, else the search branches on a fractional variable (x ≤ ⌊v⌋, then
// x ≥ ⌈v⌉). Proofs that a count table has no other solution are arithmetic: the relaxation finds
// them at once, where a clause-learning SAT solver needs exponentially many resolution steps
// (the counts make pigeonhole problems of them) and plain propagation needs millions of nodes.
// Floating point only steers and prunes: a relaxation the simplex cannot solve reliably is
// treated as feasible, every answer is checked in integers, and the search falls back to trying
// each value, so numeric trouble costs time, never a wrong answer.
func solveInt(ctx context.Context, p problem, extra ...linear) ([]int, error) {
	cons := append(append([]linear(nil), p.cons...), extra...)
	byVar := make([][]int, len(p.lo))
	for ci, c := range cons {
		for _, v := range c.vars {
			byVar[v] = append(byVar[v], ci)
		}
	}
	s := &search{ctx: ctx, cons: cons, byVar: byVar}
	lo, hi := append([]int(nil), p.lo...), append([]int(nil), p.hi...)
	all := make([]int, len(cons))
	for i := range all {
		all[i] = i
	}
	if !s.propagate(lo, hi, all) {
		return nil, nil
	}
	// Most questions have an answer that a plain search finds in a few nodes; the relaxation,
	// which costs far more per node, is for the rest and for proofs that there is none.
	s.budget = diveBudget
	sol, err := s.dive(append([]int(nil), lo...), append([]int(nil), hi...))
	if err == nil && sol == nil && s.budget < 0 {
		sol, err = s.node(lo, hi)
	}
	return sol, err
}

type search struct {
	ctx    context.Context
	cons   []linear
	byVar  [][]int
	nodes  int
	budget int // nodes left to the dive; below 0 when it ran out
}

// diveBudget is how many nodes the plain search may visit before the relaxation takes over.
const diveBudget = 2000

// dive is the search without the relaxation: propagation, then each value of the unfixed
// variable with the smallest domain. It returns nil with s.budget < 0 when it ran out of nodes
// (nothing is proved then), nil with budget left when there is no solution.
func (s *search) dive(lo, hi []int) ([]int, error) {
	if s.budget--; s.budget < 0 {
		return nil, nil
	}
	if err := s.ctx.Err(); err != nil {
		return nil, fmt.Errorf("disclosure: %w", err)
	}
	branch := smallestDomain(lo, hi)
	if branch < 0 {
		return s.leaf(lo), nil
	}
	for val := lo[branch]; val <= hi[branch]; val++ {
		l, h := append([]int(nil), lo...), append([]int(nil), hi...)
		l[branch], h[branch] = val, val
		if !s.propagate(l, h, s.byVar[branch]) {
			continue
		}
		sol, err := s.dive(l, h)
		if err != nil || sol != nil || s.budget < 0 {
			return sol, err
		}
	}
	return nil, nil
}

// smallestDomain is the unfixed variable with the fewest values left (the first of them), or −1
// when every variable is fixed.
func smallestDomain(lo, hi []int) int {
	branch := -1
	for v := range lo {
		if lo[v] < hi[v] && (branch < 0 || hi[v]-lo[v] < hi[branch]-lo[branch]) {
			branch = v
		}
	}
	return branch
}

// leaf is the solution that fixed bounds give, or nil when it breaks a constraint.
func (s *search) leaf(x []int) []int {
	if s.holds(x) {
		return x
	}
	return nil
}

// node searches below the bounds lo, hi (already propagated).
func (s *search) node(lo, hi []int) ([]int, error) {
	s.nodes++
	if err := s.ctx.Err(); err != nil {
		return nil, fmt.Errorf("disclosure: %w", err)
	}
	branch := smallestDomain(lo, hi)
	if branch < 0 {
		return s.leaf(lo), nil
	}
	x, feasible := s.relax(lo, hi)
	if !feasible {
		return nil, nil
	}
	if x != nil {
		// Branch on the most fractional variable; an integral relaxation is a solution when it
		// checks out in integers.
		frac, best := -1, 0.0
		sol := make([]int, len(lo))
		for v := range lo {
			r := math.Round(x[v])
			sol[v] = int(r)
			if f := math.Abs(x[v] - r); f > 1e-6 && f > best {
				frac, best = v, f
			}
		}
		if frac < 0 {
			if sol := s.leaf(sol); sol != nil {
				return sol, nil
			}
		} else {
			down := int(math.Floor(x[frac]))
			return s.split(lo, hi, frac, [][2]int{{lo[frac], down}, {down + 1, hi[frac]}})
		}
	}
	var parts [][2]int
	for val := lo[branch]; val <= hi[branch]; val++ {
		parts = append(parts, [2]int{val, val})
	}
	return s.split(lo, hi, branch, parts)
}

// split searches each of the ranges of variable v in turn.
func (s *search) split(lo, hi []int, v int, ranges [][2]int) ([]int, error) {
	for _, r := range ranges {
		l, h := append([]int(nil), lo...), append([]int(nil), hi...)
		l[v], h[v] = max(r[0], lo[v]), min(r[1], hi[v])
		if l[v] > h[v] || !s.propagate(l, h, s.byVar[v]) {
			continue
		}
		sol, err := s.node(l, h)
		if err != nil || sol != nil {
			return sol, err
		}
	}
	return nil, nil
}

// holds checks a full assignment against every constraint, in integers.
func (s *search) holds(x []int) bool {
	for _, c := range s.cons {
		sum := 0
		for i, v := range c.vars {
			if c.neg[i] {
				sum -= x[v]
			} else {
				sum += x[v]
			}
		}
		if sum < c.lo || sum > c.hi {
			return false
		}
	}
	return true
}

// relax solves the linear relaxation within the bounds lo, hi. It returns a solution (values of
// every variable) and true, nil and false when the relaxation has no solution, or nil and true
// when the simplex could not tell.
//
// The relaxation is put in the standard form the simplex takes (Ax = b, x ≥ 0): each free
// variable is shifted to start at 0 and bounded by a slack row, each range constraint gets
// slacks for the bounds that can bind, and every row an artificial variable; the phase-one
// objective, the sum of the artificials, is 0 exactly when the relaxation has a solution. The
// artificials also give A full row rank, which the simplex needs.
func (s *search) relax(lo, hi []int) ([]float64, bool) {
	col := make([]int, len(lo)) // free variable → column, −1 when fixed
	ncols := 0
	for v := range lo {
		col[v] = -1
		if lo[v] < hi[v] {
			col[v] = ncols
			ncols++
		}
	}
	type row struct {
		cols  []int
		coefs []float64
		b     float64
	}
	// An upper bound needs a row unless an equality with only positive terms implies it: then
	// the variable can exceed its bound only if another term goes below its own lower bound.
	implied := make([]int, len(lo))
	for v := range implied {
		implied[v] = math.MaxInt
	}
	for _, c := range s.cons {
		if c.lo != c.hi || slices.Contains(c.neg, true) {
			continue
		}
		rest := c.lo
		for _, v := range c.vars {
			rest -= lo[v]
		}
		for _, v := range c.vars {
			implied[v] = min(implied[v], rest+lo[v])
		}
	}
	var rows []row
	for v := range lo {
		if col[v] >= 0 && implied[v] > hi[v] {
			rows = append(rows, row{cols: []int{col[v], -1}, coefs: []float64{1, 1}, b: float64(hi[v] - lo[v])})
		}
	}
	for _, c := range s.cons {
		var cols []int
		var coefs []float64
		shift, minT, maxT := 0, 0, 0
		for i, v := range c.vars {
			a := 1
			if c.neg[i] {
				a = -1
			}
			shift += a * lo[v]
			if col[v] >= 0 {
				cols = append(cols, col[v])
				coefs = append(coefs, float64(a))
				if a > 0 {
					maxT += hi[v] - lo[v]
				} else {
					minT -= hi[v] - lo[v]
				}
			}
		}
		if len(cols) == 0 {
			continue
		}
		l, h := c.lo-shift, c.hi-shift
		if l == h {
			rows = append(rows, row{cols: cols, coefs: coefs, b: float64(l)})
			continue
		}
		if l > minT {
			rows = append(rows, row{cols: append(slices.Clone(cols), -1), coefs: append(slices.Clone(coefs), -1), b: float64(l)})
		}
		if h < maxT {
			rows = append(rows, row{cols: append(slices.Clone(cols), -1), coefs: append(slices.Clone(coefs), 1), b: float64(h)})
		}
	}
	// Columns: the free variables, then one slack per row that has one (marked −1).
	n := ncols
	for _, r := range rows {
		for _, c := range r.cols {
			if c < 0 {
				n++
			}
		}
	}
	A := make([][]float64, len(rows))
	b := make([]float64, len(rows))
	slack := ncols
	for i, r := range rows {
		A[i] = make([]float64, n)
		sign := 1.0
		if r.b < 0 {
			sign = -1
		}
		for j, c := range r.cols {
			if c < 0 {
				c = slack
				slack++
			}
			A[i][c] = sign * r.coefs[j]
		}
		b[i] = sign * r.b
	}
	x, status := phaseOne(A, b)
	switch status {
	case lpInfeasible:
		return nil, false
	case lpUnknown:
		return nil, true
	}
	out := make([]float64, len(lo))
	for v := range lo {
		out[v] = float64(lo[v])
		if col[v] >= 0 {
			out[v] += x[col[v]]
		}
	}
	return out, true
}

// Outcomes of phaseOne.
const (
	lpFeasible = iota
	lpInfeasible
	lpUnknown
)

// phaseOne decides whether Ax = b, x ≥ 0 has a solution (b ≥ 0) and returns one. It is phase one
// of the simplex method on a dense tableau: an artificial variable per row, whose sum is
// minimised from the basis of artificials; the system has a solution exactly when that minimum is
// 0. Entering columns follow Dantzig's rule (the most negative reduced cost) and switch to
// Bland's (the first negative one), which cannot cycle, after a run of degenerate pivots. It
// gives up (lpUnknown) after a bound on the number of pivots.
func phaseOne(A [][]float64, b []float64) ([]float64, int) {
	const eps = 1e-9
	m := len(A)
	if m == 0 {
		return nil, lpFeasible
	}
	n := len(A[0])
	width := n + m + 1 // columns, artificials, right-hand side
	t := make([][]float64, m)
	for i := range t {
		t[i] = make([]float64, width)
		copy(t[i], A[i])
		t[i][n+i] = 1
		t[i][width-1] = b[i]
	}
	// cost[j] is the reduced cost of column j; cost[width-1] is minus the objective.
	cost := make([]float64, width)
	for i := range t {
		for j := 0; j < n; j++ {
			cost[j] -= t[i][j]
		}
		cost[width-1] -= t[i][width-1]
	}
	basis := make([]int, m)
	for i := range basis {
		basis[i] = n + i
	}
	degenerate := 0
	for iter := 0; iter < 50*(m+n); iter++ {
		enter := -1
		for j := 0; j < n+m; j++ {
			if cost[j] < -eps && (enter < 0 || (degenerate < 50 && cost[j] < cost[enter])) {
				enter = j
				if degenerate >= 50 {
					break
				}
			}
		}
		if enter < 0 {
			if -cost[width-1] > 1e-7 {
				return nil, lpInfeasible
			}
			x := make([]float64, n)
			for i, v := range basis {
				if v < n {
					x[v] = t[i][width-1]
				}
			}
			return x, lpFeasible
		}
		leave := -1
		for i := range t {
			if t[i][enter] > eps {
				if leave < 0 {
					leave = i
					continue
				}
				r, best := t[i][width-1]/t[i][enter], t[leave][width-1]/t[leave][enter]
				if r < best-eps || (r <= best+eps && basis[i] < basis[leave]) {
					leave = i
				}
			}
		}
		if leave < 0 {
			return nil, lpUnknown // unbounded: impossible for phase one, so a numeric failure
		}
		if t[leave][width-1] < eps {
			degenerate++
		} else {
			degenerate = 0
		}
		row := t[leave]
		p := row[enter]
		for j := range row {
			row[j] /= p
		}
		for i := range t {
			if i != leave {
				if f := t[i][enter]; f != 0 {
					ti := t[i]
					for j := range ti {
						ti[j] -= f * row[j]
					}
				}
			}
		}
		if f := cost[enter]; f != 0 {
			for j := range cost {
				cost[j] -= f * row[j]
			}
		}
		basis[leave] = enter
	}
	return nil, lpUnknown
}

// propagate tightens lo and hi through the constraints, starting from queue, until nothing
// changes; false when a constraint cannot hold.
func (s *search) propagate(lo, hi []int, queue []int) bool {
	queued := make([]bool, len(s.cons))
	q := append([]int(nil), queue...)
	for _, c := range q {
		queued[c] = true
	}
	for len(q) > 0 {
		ci := q[0]
		q = q[1:]
		queued[ci] = false
		c := &s.cons[ci]
		// The smallest and largest value of the sum.
		minSum, maxSum := 0, 0
		for i, v := range c.vars {
			if c.neg[i] {
				minSum -= hi[v]
				maxSum -= lo[v]
			} else {
				minSum += lo[v]
				maxSum += hi[v]
			}
		}
		if minSum > c.hi || maxSum < c.lo {
			return false
		}
		tightened := false
		for i, v := range c.vars {
			tmin, tmax := lo[v], hi[v]
			if c.neg[i] {
				tmin, tmax = -hi[v], -lo[v]
			}
			// The term can be no more than hi minus the least the others add, no less than lo
			// minus the most they add.
			nmax := min(tmax, c.hi-(minSum-tmin))
			nmin := max(tmin, c.lo-(maxSum-tmax))
			if nmin > nmax {
				return false
			}
			if nmin == tmin && nmax == tmax {
				continue
			}
			if c.neg[i] {
				lo[v], hi[v] = -nmax, -nmin
			} else {
				lo[v], hi[v] = nmin, nmax
			}
			minSum += nmin - tmin
			maxSum += nmax - tmax
			tightened = true
			for _, other := range s.byVar[v] {
				if other != ci && !queued[other] {
					queued[other] = true
					q = append(q, other)
				}
			}
		}
		// Terms before the last tightened one were bounded by the looser sums.
		if tightened && !queued[ci] {
			queued[ci] = true
			q = append(q, ci)
		}
	}
	return true
}
