package cypher

import (
	"fmt"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Cohorts (countryGroups) and coverage: aggregates computed in Neo4j, one statement each.

var FacetValues = map[string][]string{
	"INCOME_GROUP": {"HIGH", "UPPER_MIDDLE", "LOWER_MIDDLE", "LOW"},
	"REGION": {"EAST_ASIA_PACIFIC", "EUROPE_CENTRAL_ASIA", "LATIN_AMERICA_CARIBBEAN", "MIDDLE_EAST_NORTH_AFRICA",
		"NORTH_AMERICA", "SOUTH_ASIA", "SUB_SAHARAN_AFRICA"},
	"POPULATION": {"HIGH_INCOME", "LMIC"},
}

// facetExpr is the facet value of country v (income group in fiscal year fy).
func (c *compilation) facetExpr(v, facet string, fy int) (string, error) {
	switch facet {
	case "INCOME_GROUP":
		return "head(COLLECT { MATCH (" + v + ")-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = " + c.param(fy) + " RETURN g.code })", nil
	case "POPULATION":
		income, _ := c.facetExpr(v, "INCOME_GROUP", fy)
		return "[i IN [" + income + "] | CASE WHEN i IS NULL THEN null WHEN i = 'HIGH' THEN 'HIGH_INCOME' ELSE 'LMIC' END][0]", nil
	case "REGION":
		return v + ".region", nil
	case "SURVEY":
		return v + ".survey", nil
	}
	return "", graph.BadInput("by", "unknown facet %q", facet)
}

// CompileCountryGroups groups the countries a filter selects by a facet, keeping groups of at
// least minSize. Groups come in the facet's enum order (income from HIGH to LOW).
func (cp Compiler) CompileCountryGroups(perm Permissions, args map[string]any, fields []Field) (Statement, error) {
	c := cp.start(perm)
	facet, _ := args["by"].(string)
	fy, err := fiscalYearArg(args["fiscalYear"], "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return Statement{}, err
	}
	minSize, ok, err := argInt(args["minSize"], "minSize")
	if err != nil {
		return Statement{}, err
	}
	if !ok {
		minSize = 1
	}
	if minSize < 1 {
		return Statement{}, graph.BadInput("minSize", "minSize must be at least 1 (got %d)", minSize)
	}
	pred, err := c.where("v", args["where"], "where", filterDefaults{fy: fy})
	if err != nil {
		return Statement{}, err
	}
	value, err := c.facetExpr("v", facet, fy)
	if err != nil {
		return Statement{}, err
	}
	fields, err = mergeFields(fields)
	if err != nil {
		return Statement{}, err
	}
	var parts, calls []string
	for _, f := range fields {
		switch f.Name {
		case "facet":
			parts = append(parts, "`"+f.Key+"`: "+c.param(facet))
		case "value":
			parts = append(parts, "`"+f.Key+"`: value")
		case "count":
			parts = append(parts, "`"+f.Key+"`: size(members)")
		case "countries":
			m := c.newVar()
			proj, err := c.project("Country", scope{v: m}, f.Children)
			if err != nil {
				return Statement{}, err
			}
			col := c.newVar()
			calls = append(calls, fmt.Sprintf(" CALL (members) { UNWIND members AS %s RETURN collect(%s) AS %s }", m, proj, col))
			parts = append(parts, "`"+f.Key+"`: "+col)
		}
	}
	order := "value"
	if vals, ok := FacetValues[facet]; ok {
		order = "[i IN range(0, size(" + c.param(vals) + ") - 1) WHERE " + c.param(vals) + "[i] = value][0]"
	}
	q := "MATCH (v:Country)"
	if pred != "" {
		q += " WHERE " + pred
	}
	q += " WITH v, " + value + " AS value ORDER BY v.name_en" +
		" WITH value, collect(v) AS members WHERE value IS NOT NULL AND size(members) >= " + c.param(minSize) +
		strings.Join(calls, "") +
		" WITH * ORDER BY " + order +
		" RETURN {" + strings.Join(parts, ", ") + "} AS row"
	return c.statement(q), nil
}

// CompileCoverage counts countries per capability status, for each capability and, when
// grouped, each facet value (every value of the facet, zeros included, so charts keep their shape).
func (cp Compiler) CompileCoverage(perm Permissions, args map[string]any, fields []Field) (Statement, error) {
	c := cp.start(perm)
	fy, err := fiscalYearArg(args["fiscalYear"], "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return Statement{}, err
	}
	asOf, err := c.asOfArg(args["asOf"], "asOf")
	if err != nil {
		return Statement{}, err
	}
	pred, err := c.where("v", args["where"], "where", filterDefaults{fy: fy, statusAsOf: asOf})
	if err != nil {
		return Statement{}, err
	}
	facet, _ := args["by"].(string)
	valuesExpr := "[null]"
	valueExpr := "null"
	if facet != "" {
		value, err := c.facetExpr("v", facet, fy)
		if err != nil {
			return Statement{}, err
		}
		if vals, ok := FacetValues[facet]; ok {
			valuesExpr = c.param(vals)
		} else {
			valuesExpr = "COLLECT { MATCH (s:Country) WHERE s.survey IS NOT NULL RETURN DISTINCT s.survey AS x ORDER BY x }"
		}
		valueExpr = value
	}
	where := ""
	if pred != "" {
		where = " WHERE " + pred
	}
	q, err := c.matchCapabilities(args["capabilities"])
	if err != nil {
		return Statement{}, err
	}
	fields, err = mergeFields(fields)
	if err != nil {
		return Statement{}, err
	}
	var parts []string
	counts := map[string]string{"total": "total", "inPlace": "inPlace", "partial": "partial", "absent": "absent", "notAssessed": "notAssessed", "notApplicable": "notApplicable"}
	for _, f := range fields {
		switch {
		case f.Name == "capability":
			proj, err := c.project("Capability", scope{v: "cap"}, f.Children)
			if err != nil {
				return Statement{}, err
			}
			parts = append(parts, "`"+f.Key+"`: "+proj)
		case f.Name == "facet":
			if facet == "" {
				parts = append(parts, "`"+f.Key+"`: null")
			} else {
				parts = append(parts, "`"+f.Key+"`: "+c.param(facet))
			}
		case f.Name == "value":
			parts = append(parts, "`"+f.Key+"`: value")
		case f.Name == "suppressed":
			parts = append(parts, "`"+f.Key+"`: false")
		case counts[f.Name] != "":
			parts = append(parts, "`"+f.Key+"`: "+counts[f.Name])
		case f.Name == "publication":
			parts = append(parts, "`"+f.Key+"`: null")
		default:
			// Live counts are exact: each range is the count itself.
			for _, cs := range CoverageStatuses {
				if f.Name == cs.RangeField {
					parts = append(parts, "`"+f.Key+"`: {min: "+cs.Field+", max: "+cs.Field+"}")
				}
			}
		}
	}
	// The countries (filtered) are grouped by facet value; each country's latest statuses are read
	// once (LatestStatuses) and counted per group, capability and status; then every capability gets
	// a cell for every value of the facet, zeros included. A country with no assessment of a
	// capability is NOT_ASSESSED for it: what its group's size leaves after the other statuses.
	q = "MATCH (v:Country)" + where + " WITH v, " + valueExpr + " AS value" +
		" WITH value, collect(v) AS members" +
		" CALL (members) { UNWIND members AS v " + LatestStatuses("v", asOf, "capKey", "status") +
		" WITH capKey, status, count(*) AS n RETURN collect({cap: capKey, status: status, n: n}) AS recorded }" +
		" WITH collect({value: value, size: size(members), recorded: recorded}) AS groups " + q +
		" WITH cap, groups, " + valuesExpr + " AS vals" +
		" UNWIND range(0, size(vals) - 1) AS vi" +
		" WITH cap, vi, vals[vi] AS value, groups" +
		" WITH cap, vi, value, head([g IN groups WHERE g.value = value OR (value IS NULL AND g.value IS NULL)]) AS g" +
		" WITH cap, vi, value, coalesce(g.size, 0) AS total, [r IN coalesce(g.recorded, []) WHERE r.cap = cap.key] AS rs" +
		" WITH cap, vi, value, total," +
		" reduce(n = 0, r IN rs | n + CASE r.status WHEN 'IN_PLACE' THEN r.n ELSE 0 END) AS inPlace," +
		" reduce(n = 0, r IN rs | n + CASE r.status WHEN 'PARTIAL' THEN r.n ELSE 0 END) AS partial," +
		" reduce(n = 0, r IN rs | n + CASE r.status WHEN 'ABSENT' THEN r.n ELSE 0 END) AS absent," +
		" reduce(n = 0, r IN rs | n + CASE r.status WHEN 'NOT_APPLICABLE' THEN r.n ELSE 0 END) AS notApplicable" +
		" WITH cap, vi, value, total, inPlace, partial, absent, notApplicable, total - inPlace - partial - absent - notApplicable AS notAssessed" +
		" ORDER BY cap.number, vi" +
		" RETURN {" + strings.Join(parts, ", ") + "} AS row"
	return c.statement(q), nil
}

// matchCapabilities starts a coverage statement: every capability, or those the client listed.
func (c *compilation) matchCapabilities(raw any) (string, error) {
	q := "MATCH (cap:Capability)"
	if raw != nil {
		keys, err := argStrings(raw, "capabilities")
		if err != nil {
			return "", err
		}
		c.refAt("capabilities", "Capability", keys...)
		q += " WHERE cap.key IN " + c.param(keys)
	}
	return q, nil
}
