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
	rows := map[[2]string]int{}
	cols := map[string]int{}
	for k := range s {
		rows[[2]string{k.facet, k.value}]++
		if k.facet == "INCOME_GROUP" || k.facet == "ALL" {
			cols[k.status]++
		}
	}
	for r, n := range rows {
		if n == 1 {
			t.Errorf("row %v has a single suppressed cell", r)
		}
	}
	for c, n := range cols {
		if n == 1 {
			t.Errorf("column %s has a single suppressed cell", c)
		}
	}
	if s[cellKey{"INCOME_GROUP", "HIGH", "IN_PLACE"}] && s[cellKey{"INCOME_GROUP", "UPPER_MIDDLE", "IN_PLACE"}] && s[cellKey{"INCOME_GROUP", "LOWER_MIDDLE", "IN_PLACE"}] {
		t.Errorf("suppressed more than needed: %v", s)
	}
}
