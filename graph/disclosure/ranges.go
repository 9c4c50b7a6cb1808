package disclosure

import "context"

// span is the smallest and largest value of cell k at the newest date over the known
// assignments.
func (k *knowledge) span(cell int) (lo, hi int) {
	lo, hi = -1, -1
	for _, a := range k.pool {
		v := k.e.count(a, k.e.now, cell)
		if lo < 0 || v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	return lo, hi
}

// cellOpen reports whether some consistent assignment gives cell k at the newest date a value
// other than v (the witness's).
func (k *knowledge) cellOpen(ctx context.Context, cell, v int) (bool, error) {
	if lo, hi := k.span(cell); lo != v || hi != v {
		return true, nil
	}
	size := len(k.e.w.members[cell/nStatus])
	if v < size {
		a, err := k.e.query(ctx, k.parts, k.e.cellBetween(cell, v+1, size))
		if err != nil || a != nil {
			if a != nil {
				k.add(a)
			}
			return a != nil, err
		}
	}
	if v > 0 {
		a, err := k.e.query(ctx, k.parts, k.e.cellBetween(cell, 0, v-1))
		if err != nil || a != nil {
			if a != nil {
				k.add(a)
			}
			return a != nil, err
		}
	}
	return false, nil
}

// ranges computes every cell's Range at the newest date: {v, v} for a shown cell, the exact min
// and max over all consistent assignments for a hidden one. Each bound is pushed outwards by
// asking for an assignment beyond the best one known until the solver proves there is none, so
// the bounds are exact, not estimates.
func (k *knowledge) ranges(ctx context.Context, shown, counts []int) ([]Range, error) {
	w := k.e.w
	out := make([]Range, len(shown))
	for cell, v := range shown {
		if v >= 0 {
			out[cell] = Range{v, v}
			continue
		}
		g := cell / nStatus
		// The shown counts of the group's other statuses bound this one from above.
		ub := len(w.members[g])
		hiddenOthers := 0
		for s := 0; s < nStatus; s++ {
			if o := g*nStatus + s; o != cell {
				if shown[o] >= 0 {
					ub -= shown[o]
				} else {
					hiddenOthers++
				}
			}
		}
		if hiddenOthers == 0 {
			out[cell] = Range{ub, ub}
			continue
		}
		lo, hi := k.span(cell)
		for hi < ub {
			a, err := k.e.query(ctx, k.parts, k.e.cellBetween(cell, hi+1, ub))
			if err != nil {
				return nil, err
			}
			if a == nil {
				break
			}
			k.add(a)
			hi = k.e.count(a, k.e.now, cell)
		}
		for lo > 0 {
			a, err := k.e.query(ctx, k.parts, k.e.cellBetween(cell, 0, lo-1))
			if err != nil {
				return nil, err
			}
			if a == nil {
				break
			}
			k.add(a)
			lo = k.e.count(a, k.e.now, cell)
		}
		out[cell] = Range{lo, hi}
	}
	return out, nil
}
