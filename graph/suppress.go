package graph

import (
	"slices"
	"strings"
)

// Public coverage is cut from one cube per capability (status counts in total and for every value
// of every facet) so that small cells can be suppressed consistently across every table a public
// caller can ask for: see suppressCells. Group sizes (total) are public facts and stay visible.

// Every status is a cell: the five add up to the group's size, which is public, so a small
// NOT_APPLICABLE count left out of the table could still be recomputed from the other four.
var coverageStatuses = []string{"IN_PLACE", "PARTIAL", "ABSENT", "NOT_ASSESSED", "NOT_APPLICABLE"}

// CompileCoverageCube compiles the counts behind public coverage, as of asOf, FY2022 income.
func CompileCoverageCube(perm Permissions, args map[string]any, fields []Field) (Statement, error) {
	c := newCompiler(perm)
	asOf, err := c.asOfArg(args["asOf"], "asOf")
	if err != nil {
		return Statement{}, err
	}
	q, err := c.matchCapabilities(args["capabilities"])
	if err != nil {
		return Statement{}, err
	}
	fields, err = mergeFields(fields)
	if err != nil {
		return Statement{}, err
	}
	var caps []string
	for _, f := range fields {
		if f.Name == "capability" {
			proj, err := c.project("Capability", scope{v: "cap"}, f.Children)
			if err != nil {
				return Statement{}, err
			}
			caps = append(caps, "`"+f.Key+"`: "+proj)
		}
	}
	income, _ := c.facetExpr("v", "INCOME_GROUP", ReportFiscalYear)
	// Each country's facet values and latest statuses (latestStatuses) are read once; the sizes of
	// the groups and the recorded statuses per capability, group and status are counted; a country
	// with no assessment of a capability is NOT_ASSESSED for it (SuppressCoverage adds those).
	q = "MATCH (v:Country) WITH v, [fv IN [['ALL', 'ALL'], ['INCOME_GROUP', " + income + "], ['REGION', v.region], ['SURVEY', v.survey]] WHERE fv[1] IS NOT NULL] AS fvs" +
		" WITH collect({v: v, fvs: fvs}) AS countries" +
		" CALL (countries) { UNWIND countries AS cv UNWIND cv.fvs AS fv WITH fv[0] AS facet, fv[1] AS value, count(*) AS n" +
		" RETURN collect({facet: facet, value: value, n: n}) AS sizes }" +
		" CALL (countries) { UNWIND countries AS cv WITH cv.v AS v, cv.fvs AS fvs " + latestStatuses("v", asOf, "capKey", "status") +
		" UNWIND fvs AS fv WITH capKey, fv[0] AS facet, fv[1] AS value, status, count(*) AS n" +
		" RETURN collect({cap: capKey, facet: facet, value: value, status: status, n: n}) AS recorded } " + q +
		" WITH cap, sizes, [r IN recorded WHERE r.cap = cap.key] AS counts ORDER BY cap.number" +
		" RETURN {caps: {" + strings.Join(caps, ", ") + "}, counts: counts, sizes: sizes} AS row"
	return c.statement(q), nil
}

type cellKey struct{ facet, value, status string }

// SuppressCoverage turns cube rows into the coverage cells a public caller asked for (grouped by
// `by`, or one total row when by is ""), with small cells and their complements suppressed.
func SuppressCoverage(cube []Row, by string, threshold int, fields []Field) ([]Row, error) {
	fields, err := mergeFields(fields)
	if err != nil {
		return nil, err
	}
	var out []Row
	for _, row := range cube {
		counts := map[cellKey]int{}
		totals := map[[2]string]int{}
		values := map[string]map[string]bool{"ALL": {"ALL": true}}
		for f, vs := range facetValues {
			values[f] = map[string]bool{}
			for _, v := range vs {
				values[f][v] = true
			}
		}
		values["SURVEY"] = map[string]bool{}
		// Group sizes are the totals; what a group's recorded statuses leave of its size is
		// NOT_ASSESSED (countries with no assessment of the capability).
		sizes, _ := row["sizes"].([]any)
		for _, item := range sizes {
			m := item.(map[string]any)
			facet, value := m["facet"].(string), m["value"].(string)
			n := int(m["n"].(int64))
			totals[[2]string{facet, value}] += n
			counts[cellKey{facet, value, "NOT_ASSESSED"}] += n
			if values[facet] == nil {
				values[facet] = map[string]bool{}
			}
			values[facet][value] = true
		}
		list, _ := row["counts"].([]any)
		for _, item := range list {
			m := item.(map[string]any)
			facet, value, status := m["facet"].(string), m["value"].(string), m["status"].(string)
			if status == "NOT_ASSESSED" {
				continue // recorded as not assessed: already counted in the group's size
			}
			n := int(m["n"].(int64))
			counts[cellKey{facet, value, status}] += n
			counts[cellKey{facet, value, "NOT_ASSESSED"}] -= n
		}
		suppressed := suppressCells(counts, values, threshold)
		caps, _ := row["caps"].(map[string]any)

		facet := by
		if facet == "" {
			facet = "ALL"
		}
		var vals []string
		if enum, ok := facetValues[facet]; ok {
			vals = enum
		} else {
			vals = sortedKeys(values[facet])
		}
		for _, value := range vals {
			cell := Row{}
			anySuppressed := false
			for _, st := range coverageStatuses {
				if suppressed[cellKey{facet, value, st}] {
					anySuppressed = true
				}
			}
			for _, f := range fields {
				switch f.Name {
				case "capability":
					cell[f.Key] = caps[f.Key]
				case "facet":
					if by != "" {
						cell[f.Key] = by
					} else {
						cell[f.Key] = nil
					}
				case "value":
					if by != "" {
						cell[f.Key] = value
					} else {
						cell[f.Key] = nil
					}
				case "total":
					cell[f.Key] = int64(totals[[2]string{facet, value}])
				case "suppressed":
					cell[f.Key] = anySuppressed
				default:
					st := map[string]string{"inPlace": "IN_PLACE", "partial": "PARTIAL", "absent": "ABSENT", "notAssessed": "NOT_ASSESSED", "notApplicable": "NOT_APPLICABLE"}[f.Name]
					if st == "" {
						continue
					}
					k := cellKey{facet, value, st}
					if suppressed[k] {
						cell[f.Key] = nil
					} else {
						cell[f.Key] = int64(counts[k])
					}
				}
			}
			out = append(out, cell)
		}
	}
	return out, nil
}

// suppressCells decides which count cells to withhold. Primary suppression: a non-zero count below
// the threshold, and every count of a group smaller than the threshold (in a group of one, even a
// zero says what that country is not). Then the caller is played: every relation a caller knows is
// used to narrow each hidden count to the values it can still take (each group's five counts add
// up to its size, which is public; for each facet and status the groups add up to the total row;
// no count is negative or larger than its group). A hidden count narrowed to one value gives a
// country away when that value is not zero, or when its group is small, unless the total row shows
// that no country or every country has that status (then every group's count follows from that
// published fact). Then one more count is hidden in a relation of the count given away (a group's
// count before a total, the smallest non-zero visible one, a zero only when there is none) and the
// caller is played again; when no relation has a visible count left, every count is withheld. The
// choices are deterministic, so asking twice never shows two different patterns.
func suppressCells(counts map[cellKey]int, values map[string]map[string]bool, threshold int) map[cellKey]bool {
	tb := newTable(counts, values, threshold)
	suppressed := map[cellKey]bool{}
	for _, k := range tb.all {
		if c, n := counts[k], tb.size(k); (c > 0 && c < threshold) || (n > 0 && n < threshold) {
			suppressed[k] = true
		}
	}
	for range len(tb.all) + 1 {
		pinned, found := tb.disclosed(suppressed)
		if !found {
			return suppressed
		}
		var open []cellKey
		for _, rel := range tb.relations {
			if !slices.Contains(rel.cells(), pinned) {
				continue
			}
			for _, k := range rel.cells() {
				if !suppressed[k] && !slices.Contains(open, k) {
					open = append(open, k)
				}
			}
		}
		if len(open) == 0 {
			break
		}
		slices.SortStableFunc(open, func(a, b cellKey) int {
			// The total row is what a reader looks for first: hide a group's count rather than a
			// total whenever the relation allows.
			if ta, tbl := a.facet == "ALL", b.facet == "ALL"; ta != tbl {
				if ta {
					return 1
				}
				return -1
			}
			if za, zb := counts[a] == 0, counts[b] == 0; za != zb {
				if za {
					return 1
				}
				return -1
			}
			return counts[a] - counts[b]
		})
		suppressed[open[0]] = true
	}
	for _, k := range tb.all {
		suppressed[k] = true
	}
	return suppressed
}

// countTable is one capability's counts with the relations a caller knows between them.
type countTable struct {
	counts    map[cellKey]int
	sizes     map[[2]string]int
	all       []cellKey
	relations []relation
	threshold int
}

func (tb *countTable) size(k cellKey) int { return tb.sizes[[2]string{k.facet, k.value}] }

func newTable(counts map[cellKey]int, values map[string]map[string]bool, threshold int) *countTable {
	sizes := map[[2]string]int{}
	var all []cellKey
	var relations []relation
	for _, facet := range sortedKeys(values) {
		vs := sortedKeys(values[facet])
		for _, v := range vs {
			rel := relation{}
			for _, st := range coverageStatuses {
				k := cellKey{facet, v, st}
				sizes[[2]string{facet, v}] += counts[k]
				all = append(all, k)
				rel.plus = append(rel.plus, k)
			}
			rel.sum = sizes[[2]string{facet, v}]
			relations = append(relations, rel)
		}
		if facet == "ALL" || len(vs) == 0 {
			continue
		}
		// The groups add up to the total row only when every country has a value of the facet.
		covered := 0
		for _, v := range vs {
			covered += sizes[[2]string{facet, v}]
		}
		allSize := 0
		for _, st := range coverageStatuses {
			allSize += counts[cellKey{"ALL", "ALL", st}]
		}
		if covered != allSize {
			continue
		}
		for _, st := range coverageStatuses {
			rel := relation{minus: &cellKey{"ALL", "ALL", st}}
			for _, v := range vs {
				rel.plus = append(rel.plus, cellKey{facet, v, st})
			}
			relations = append(relations, rel)
		}
	}
	return &countTable{counts: counts, sizes: sizes, all: all, relations: relations, threshold: threshold}
}

// disclosed is the first hidden count (in table order) that the visible counts pin down to a value
// that gives a country away.
func (tb *countTable) disclosed(suppressed map[cellKey]bool) (cellKey, bool) {
	everyone := tb.sizes[[2]string{"ALL", "ALL"}]
	givesAway := func(k cellKey, value int) bool {
		// When the total row shows that no country, or every country, has a status, every
		// group's count of it follows from that published fact.
		total := cellKey{"ALL", "ALL", k.status}
		if !suppressed[total] && (tb.counts[total] == 0 || tb.counts[total] == everyone) {
			return false
		}
		return value > 0 || tb.size(k) < tb.threshold
	}
	return tb.narrow(suppressed, givesAway)
}

// relation is one sum a caller knows: the cells in plus, less the cell minus if any, make sum.
type relation struct {
	plus  []cellKey
	minus *cellKey
	sum   int
}

func (r relation) cells() []cellKey {
	if r.minus == nil {
		return r.plus
	}
	return append([]cellKey{*r.minus}, r.plus...)
}

// narrow plays a caller who sees every count not suppressed: it narrows each hidden count to the
// range the relations allow and returns the first hidden count (in the order of all) narrowed to
// a single value that gives a country away.
func (tb *countTable) narrow(suppressed map[cellKey]bool, givesAway func(cellKey, int) bool) (cellKey, bool) {
	all, relations, counts, size := tb.all, tb.relations, tb.counts, tb.size
	lo, hi := map[cellKey]int{}, map[cellKey]int{}
	for _, k := range all {
		if suppressed[k] {
			lo[k], hi[k] = 0, size(k)
		} else {
			lo[k], hi[k] = counts[k], counts[k]
		}
	}
	tighten := func(k cellKey, l, h int) bool {
		changed := false
		if l > lo[k] {
			lo[k], changed = l, true
		}
		if h < hi[k] {
			hi[k], changed = h, true
		}
		return changed
	}
	for changed, rounds := true, 0; changed && rounds < 100; rounds++ {
		changed = false
		for _, rel := range relations {
			// sum(plus) - minus = sum
			sumLo, sumHi := 0, 0
			for _, k := range rel.plus {
				sumLo += lo[k]
				sumHi += hi[k]
			}
			mLo, mHi := 0, 0
			if rel.minus != nil {
				mLo, mHi = lo[*rel.minus], hi[*rel.minus]
			}
			for _, k := range rel.plus {
				otherLo, otherHi := sumLo-lo[k], sumHi-hi[k]
				if tighten(k, rel.sum+mLo-otherHi, rel.sum+mHi-otherLo) {
					changed = true
				}
			}
			if rel.minus != nil && tighten(*rel.minus, sumLo-rel.sum, sumHi-rel.sum) {
				changed = true
			}
		}
	}
	for _, k := range all {
		if suppressed[k] && lo[k] == hi[k] && givesAway(k, lo[k]) {
			return k, true
		}
	}
	return cellKey{}, false
}
