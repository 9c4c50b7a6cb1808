package graph

import (
	"sort"
	"strings"
)

// Public coverage is cut from one cube per capability (status counts in total and for every value
// of every facet) so that small cells can be suppressed consistently across every table a public
// caller can ask for. A non-zero count below the threshold is suppressed (primary suppression);
// then, wherever a suppressed cell could be recomputed from a known sum (a row adds up to its
// group's size, which is public; a facet's rows add up to the total row), the smallest other cell
// of that sum is suppressed too (complementary suppression), until no sum has a single unknown.
// Group sizes (total) are public facts and stay visible.

var coverageStatuses = []string{"IN_PLACE", "PARTIAL", "ABSENT", "NOT_ASSESSED"}

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
	// Each country's income group is read once, then its status once per capability.
	q = "MATCH (v:Country) WITH collect({v: v, income: " + income + "}) AS countries " + q +
		" CALL (cap, countries) { UNWIND countries AS cv WITH cv.v AS v, cv.income AS income" +
		" WITH v, " + statusExpr("v", "cap.key", asOf) + " AS status, income" +
		" UNWIND [['ALL', 'ALL'], ['INCOME_GROUP', income], ['REGION', v.region], ['SURVEY', v.survey]] AS fv" +
		" WITH fv[0] AS facet, fv[1] AS value, status WHERE value IS NOT NULL" +
		" WITH facet, value, status, count(*) AS n" +
		" RETURN collect({facet: facet, value: value, status: status, n: n}) AS counts }" +
		" WITH cap, counts ORDER BY cap.number" +
		" RETURN {caps: {" + strings.Join(caps, ", ") + "}, counts: counts} AS row"
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
		list, _ := row["counts"].([]any)
		for _, item := range list {
			m := item.(map[string]any)
			facet, value, status := m["facet"].(string), m["value"].(string), m["status"].(string)
			n := int(m["n"].(int64))
			counts[cellKey{facet, value, status}] += n
			totals[[2]string{facet, value}] += n
			if values[facet] == nil {
				values[facet] = map[string]bool{}
			}
			values[facet][value] = true
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
					st := map[string]string{"inPlace": "IN_PLACE", "partial": "PARTIAL", "absent": "ABSENT", "notAssessed": "NOT_ASSESSED"}[f.Name]
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

// suppressCells decides which count cells to withhold. Every linear relation a caller knows is
// considered: each row's four counts add up to its size minus NOT_APPLICABLE (both treated as
// known), and for each facet and status the rows add up to the total row.
func suppressCells(counts map[cellKey]int, values map[string]map[string]bool, threshold int) map[cellKey]bool {
	suppressed := map[cellKey]bool{}
	for k, n := range counts {
		if n > 0 && n < threshold && k.status != "NOT_APPLICABLE" {
			suppressed[k] = true
		}
	}
	var relations [][]cellKey
	for facet, vs := range values {
		for v := range vs {
			var rel []cellKey
			for _, st := range coverageStatuses {
				rel = append(rel, cellKey{facet, v, st})
			}
			relations = append(relations, rel)
		}
		if facet == "ALL" || len(vs) == 0 {
			continue
		}
		for _, st := range coverageStatuses {
			rel := []cellKey{{"ALL", "ALL", st}}
			for v := range vs {
				rel = append(rel, cellKey{facet, v, st})
			}
			relations = append(relations, rel)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, rel := range relations {
			var open []cellKey
			hidden := 0
			for _, k := range rel {
				if suppressed[k] {
					hidden++
				} else {
					open = append(open, k)
				}
			}
			if hidden != 1 || len(open) == 0 {
				continue
			}
			sort.Slice(open, func(i, j int) bool {
				if counts[open[i]] != counts[open[j]] {
					return counts[open[i]] < counts[open[j]]
				}
				a, b := open[i], open[j]
				return a.facet+a.value+a.status < b.facet+b.value+b.status
			})
			suppressed[open[0]] = true
			changed = true
		}
	}
	return suppressed
}
