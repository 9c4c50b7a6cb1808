package disclosure

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// world is the public part of an Input, indexed: countries and groups by position, cells by
// group*nStatus+status (table order).
type world struct {
	ids     []string
	groups  []Group
	gindex  map[Group]int
	members [][]int // per group: its countries, in input order
	// cgroups is, per country, the indices of the listed groups it belongs to (Total included
	// when listed), ascending.
	cgroups [][]int
	// types partitions the countries by their group memberships: countries of one type are
	// interchangeable for the attacker, so they are pinned together or not at all. Types are in
	// the order of their first country; each type's countries are in input order.
	types  [][]int
	typeOf []int
}

func (w *world) nCells() int { return len(w.groups) * nStatus }

func (w *world) cell(i int) Cell {
	return Cell{Group: w.groups[i/nStatus], Status: Statuses[i%nStatus]}
}

// cellIndex returns the index of c, or an error naming what is unknown.
func (w *world) cellIndex(c Cell) (int, error) {
	g, ok := w.gindex[c.Group]
	if !ok {
		return 0, fmt.Errorf("unknown group %s=%s", c.Group.Facet, c.Group.Value)
	}
	s, ok := statusIndex[c.Status]
	if !ok {
		return 0, fmt.Errorf("unknown status %q", c.Status)
	}
	return g*nStatus + s, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInput, fmt.Sprintf(format, args...))
}

// newWorld validates and indexes the public facts of in.
func newWorld(in Input) (*world, error) {
	w := &world{gindex: make(map[Group]int, len(in.Groups))}
	if in.Threshold < 0 {
		return nil, invalid("negative threshold %d", in.Threshold)
	}
	for _, g := range in.Groups {
		if _, dup := w.gindex[g]; dup {
			return nil, invalid("group %s=%s listed twice", g.Facet, g.Value)
		}
		w.gindex[g] = len(w.groups)
		w.groups = append(w.groups, g)
	}
	w.members = make([][]int, len(w.groups))
	seen := make(map[string]bool, len(in.Countries))
	typeKey := make(map[string]int)
	for ci, c := range in.Countries {
		if c.ID == "" {
			return nil, invalid("country #%d has no id", ci)
		}
		if seen[c.ID] {
			return nil, invalid("duplicate country id %q", c.ID)
		}
		seen[c.ID] = true
		w.ids = append(w.ids, c.ID)
		var gs []int
		if t, ok := w.gindex[Total]; ok {
			gs = append(gs, t)
		}
		facets := make(map[string]bool, len(c.Groups))
		for _, g := range c.Groups {
			if g == Total {
				continue // implicit
			}
			gi, ok := w.gindex[g]
			if !ok {
				return nil, invalid("country %q is in group %s=%s, which Groups does not list", c.ID, g.Facet, g.Value)
			}
			if facets[g.Facet] {
				return nil, invalid("country %q has two values for facet %q", c.ID, g.Facet)
			}
			facets[g.Facet] = true
			gs = append(gs, gi)
		}
		slices.Sort(gs)
		for _, gi := range gs {
			w.members[gi] = append(w.members[gi], ci)
		}
		w.cgroups = append(w.cgroups, gs)
		var key strings.Builder
		for _, gi := range gs {
			key.WriteString(strconv.Itoa(gi))
			key.WriteByte(',')
		}
		t, ok := typeKey[key.String()]
		if !ok {
			t = len(w.types)
			typeKey[key.String()] = t
			w.types = append(w.types, nil)
		}
		w.types[t] = append(w.types[t], ci)
		w.typeOf = append(w.typeOf, t)
	}
	return w, nil
}

// capInput is one capability, validated and indexed against a world.
type capInput struct {
	key     string
	now     []int  // status index per country
	forced  []bool // per cell
	earlier []pubInput
}

// pubInput is one earlier publication: shown[cell] is the count shown, or -1 when hidden.
type pubInput struct {
	shown   []int
	changed int
}

func (w *world) capInput(c Capability) (*capInput, error) {
	n := len(w.ids)
	ci := &capInput{key: c.Key, now: make([]int, n), forced: make([]bool, w.nCells())}
	index := make(map[string]int, n)
	for i, id := range w.ids {
		index[id] = i
		ci.now[i] = statusIndex[notAssessed]
	}
	// Sorted ids so that the error reported for a bad map is always the same one.
	ids := make([]string, 0, len(c.Status))
	for id := range c.Status {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		i, ok := index[id]
		if !ok {
			return nil, invalid("capability %q: status for unknown country %q", c.Key, id)
		}
		s, ok := statusIndex[c.Status[id]]
		if !ok {
			return nil, invalid("capability %q: country %q: unknown status %q", c.Key, id, c.Status[id])
		}
		ci.now[i] = s
	}
	for _, f := range c.Forced {
		k, err := w.cellIndex(f)
		if err != nil {
			return nil, invalid("capability %q: forced cell: %v", c.Key, err)
		}
		ci.forced[k] = true
	}
	for p, e := range c.Earlier {
		if e.Changed < 0 || e.Changed > n {
			return nil, invalid("capability %q: earlier publication %d: Changed %d is outside 0..%d", c.Key, p, e.Changed, n)
		}
		pi := pubInput{shown: make([]int, w.nCells()), changed: e.Changed}
		for k := range pi.shown {
			pi.shown[k] = -1
		}
		cells := make([]Cell, 0, len(e.Shown))
		for cell := range e.Shown {
			cells = append(cells, cell)
		}
		slices.SortFunc(cells, compareCells)
		for _, cell := range cells {
			k, err := w.cellIndex(cell)
			if err != nil {
				return nil, invalid("capability %q: earlier publication %d: %v", c.Key, p, err)
			}
			v := e.Shown[cell]
			if size := len(w.members[k/nStatus]); v < 0 || v > size {
				return nil, invalid("capability %q: earlier publication %d: count %d for %s=%s %s is outside 0..%d (the group's size)",
					c.Key, p, v, cell.Group.Facet, cell.Group.Value, cell.Status, size)
			}
			pi.shown[k] = v
		}
		ci.earlier = append(ci.earlier, pi)
	}
	return ci, nil
}

func compareCells(a, b Cell) int {
	if c := strings.Compare(a.Group.Facet, b.Group.Facet); c != 0 {
		return c
	}
	if c := strings.Compare(a.Group.Value, b.Group.Value); c != 0 {
		return c
	}
	return strings.Compare(a.Status, b.Status)
}

// validate checks everything about in that needs no solver, so that Audit reports input errors
// before any work and in a deterministic order.
func validate(in Input) (*world, []*capInput, error) {
	w, err := newWorld(in)
	if err != nil {
		return nil, nil, err
	}
	caps := make([]*capInput, len(in.Capabilities))
	keys := make(map[string]bool, len(in.Capabilities))
	for i, c := range in.Capabilities {
		if keys[c.Key] {
			return nil, nil, invalid("duplicate capability key %q", c.Key)
		}
		keys[c.Key] = true
		if caps[i], err = w.capInput(c); err != nil {
			return nil, nil, err
		}
	}
	return w, caps, nil
}
