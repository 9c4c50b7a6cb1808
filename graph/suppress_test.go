package graph

import "testing"

// A facet table with the total row: every suppressed cell must share each of its sums with
// another suppressed cell, and no visible count may be small.
func TestSuppressionLeavesNoSumWithASingleUnknown(t *testing.T) {
	counts := map[cellKey]int{
		{"ALL", "ALL", "IN_PLACE"}: 40, {"ALL", "ALL", "ABSENT"}: 2,
		{"INCOME_GROUP", "HIGH", "IN_PLACE"}:         15,
		{"INCOME_GROUP", "UPPER_MIDDLE", "IN_PLACE"}: 13, {"INCOME_GROUP", "UPPER_MIDDLE", "ABSENT"}: 2,
		{"INCOME_GROUP", "LOWER_MIDDLE", "IN_PLACE"}: 11,
		{"INCOME_GROUP", "LOW", "IN_PLACE"}:          1,
	}
	values := map[string]map[string]bool{"ALL": {"ALL": true},
		"INCOME_GROUP": {"HIGH": true, "UPPER_MIDDLE": true, "LOWER_MIDDLE": true, "LOW": true}}
	s := suppressCells(counts, values, 5)
	for k, n := range counts {
		if n > 0 && n < 5 && !s[k] {
			t.Errorf("small cell %v=%d visible", k, n)
		}
	}
	for _, st := range coverageStatuses {
		if k := (cellKey{"INCOME_GROUP", "LOW", st}); !s[k] {
			t.Errorf("a group of one shows %s", st)
		}
	}
	if k, found := pinnedCell(counts, values, s); found {
		t.Errorf("%v can be worked out from the visible counts: %v", k, s)
	}
	if s[cellKey{"INCOME_GROUP", "HIGH", "IN_PLACE"}] && s[cellKey{"INCOME_GROUP", "UPPER_MIDDLE", "IN_PLACE"}] && s[cellKey{"INCOME_GROUP", "LOWER_MIDDLE", "IN_PLACE"}] {
		t.Errorf("suppressed more than needed: %v", s)
	}
}

// One country NOT_APPLICABLE in a group: the public row must not give it away, neither as a
// count nor as what is left of the group's size after the other four counts.
func TestSuppressionCoversNotApplicable(t *testing.T) {
	item := func(facet, value, status string, n int64) any {
		return map[string]any{"facet": facet, "value": value, "status": status, "n": n}
	}
	size := func(facet, value string, n int64) any { return map[string]any{"facet": facet, "value": value, "n": n} }
	cube := []Row{{"caps": map[string]any{}, "counts": []any{
		item("ALL", "ALL", "IN_PLACE", 30), item("ALL", "ALL", "NOT_APPLICABLE", 1), item("ALL", "ALL", "ABSENT", 11),
		item("INCOME_GROUP", "HIGH", "IN_PLACE", 20), item("INCOME_GROUP", "HIGH", "NOT_APPLICABLE", 1),
		item("INCOME_GROUP", "UPPER_MIDDLE", "IN_PLACE", 10), item("INCOME_GROUP", "UPPER_MIDDLE", "ABSENT", 11),
		item("REGION", "EUROPE_CENTRAL_ASIA", "IN_PLACE", 30), item("REGION", "EUROPE_CENTRAL_ASIA", "NOT_APPLICABLE", 1),
		item("REGION", "EUROPE_CENTRAL_ASIA", "ABSENT", 11),
	}, "sizes": []any{size("ALL", "ALL", 42), size("INCOME_GROUP", "HIGH", 21), size("INCOME_GROUP", "UPPER_MIDDLE", 21),
		size("REGION", "EUROPE_CENTRAL_ASIA", 42)}}}
	var fields []Field
	for _, name := range []string{"value", "total", "inPlace", "partial", "absent", "notAssessed", "notApplicable", "suppressed"} {
		fields = append(fields, Field{Name: name, Key: name})
	}
	for _, by := range []string{"", "INCOME_GROUP"} {
		cells, err := SuppressCoverage(cube, by, 5, fields)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cells {
			if c["notApplicable"] != nil && c["notApplicable"] != int64(0) {
				t.Errorf("by %q: a NOT_APPLICABLE count of 1 is visible: %v", by, c)
			}
			known := int64(0)
			unknown := 0
			for _, k := range []string{"inPlace", "partial", "absent", "notAssessed", "notApplicable"} {
				if n, ok := c[k].(int64); ok {
					known += n
				} else {
					unknown++
				}
			}
			if unknown == 1 {
				t.Errorf("by %q: one hidden count is the total (%v) minus the others: %v", by, c["total"], c)
			}
			if unknown > 0 && c["suppressed"] != true {
				t.Errorf("by %q: counts hidden but suppressed is not set: %v", by, c)
			}
		}
	}
}

// pinnedCell is the check of suppressCells's result: a hidden count that the visible ones pin down
// to a value that gives a country away.
func pinnedCell(counts map[cellKey]int, values map[string]map[string]bool, suppressed map[cellKey]bool) (cellKey, bool) {
	return newTable(counts, values, 5).disclosed(suppressed)
}

// Countries recorded as NOT_ASSESSED and countries with no record are one count, taken once from
// the group's size (threshold 1: nothing suppressed, so every count shows).
func TestCubeCountsNotAssessedOnce(t *testing.T) {
	item := func(status string, n int64) any {
		return map[string]any{"facet": "ALL", "value": "ALL", "status": status, "n": n}
	}
	cube := []Row{{"caps": map[string]any{}, "counts": []any{item("IN_PLACE", 20), item("NOT_ASSESSED", 3), item("ABSENT", 10)},
		"sizes": []any{map[string]any{"facet": "ALL", "value": "ALL", "n": int64(42)}}}}
	fields := []Field{{Name: "total", Key: "total"}, {Name: "inPlace", Key: "inPlace"}, {Name: "absent", Key: "absent"}, {Name: "notAssessed", Key: "notAssessed"}}
	cells, err := SuppressCoverage(cube, "", 1, fields)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 1 || cells[0]["total"] != int64(42) || cells[0]["inPlace"] != int64(20) || cells[0]["absent"] != int64(10) || cells[0]["notAssessed"] != int64(12) {
		t.Errorf("want total 42, inPlace 20, absent 10, notAssessed 12 (3 recorded + 9 without a record): %v", cells)
	}
}
