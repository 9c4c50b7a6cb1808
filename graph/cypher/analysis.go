package cypher

import (
	"slices"
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

// facets numbers the facets for the statements: the facet travels as this number, so that one
// statement (one plan) serves every facet. A number, not the facet's name: Neo4j keeps a plan per
// size class of a string parameter, and "REGION" and "INCOME_GROUP" fall in different classes.
var facets = []string{"INCOME_GROUP", "REGION", "POPULATION"}

// facetParam is the parameter holding facet's number.
func (c *compilation) facetParam(facet string) string {
	return c.param(slices.Index(facets, facet))
}

// facetExpr is the facet value of country v (income group in fiscal year fy).
func (c *compilation) facetExpr(v, facet string, fy int) (string, error) {
	if _, ok := FacetValues[facet]; !ok || !slices.Contains(facets, facet) {
		return "", graph.BadInput("by", "unknown facet %q", facet)
	}
	income := c.incomeOf(v, fy)
	return "CASE " + c.facetParam(facet) + " WHEN 1 THEN " + v + ".region WHEN 0 THEN " + income +
		" ELSE CASE WHEN " + income + " IS NULL THEN null WHEN " + income + " = 'HIGH' THEN 'HIGH_INCOME' ELSE 'LMIC' END END", nil
}

// CompileCountryGroups groups the countries a filter selects by a facet, keeping groups of at
// least minSize. Groups come in the facet's enum order (income from HIGH to LOW).
func (cp Compiler) CompileCountryGroups(perm Permissions, args GroupArgs, fields []Field) (Statement, error) {
	c := cp.start(perm)
	facet := args.By
	fy, err := fiscalYear(args.FiscalYear, "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return Statement{}, err
	}
	minSize := 1
	if args.MinSize != nil {
		minSize = *args.MinSize
	}
	if minSize < 1 {
		return Statement{}, graph.BadInput("minSize", "minSize must be at least 1 (got %d)", minSize)
	}
	def, err := c.statusDate(args.AsOf, filterDefaults{fy: fy})
	if err != nil {
		return Statement{}, err
	}
	pred, err := c.where("v", args.Where, "where", def)
	if err != nil {
		return Statement{}, err
	}
	value, err := c.facetExpr("v", facet, fy)
	if err != nil {
		return Statement{}, err
	}
	proj, err := c.project("CountryGroup", scope{facet: &facet}, fields)
	if err != nil {
		return Statement{}, err
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
		" WITH * ORDER BY " + order +
		" RETURN " + proj + " AS row"
	return c.statement(q), nil
}

// CompileCoverage counts countries per capability status, for each capability and, when
// grouped, each facet value (every value of the facet, zeros included, so charts keep their shape).
func (cp Compiler) CompileCoverage(perm Permissions, args CoverageArgs, fields []Field) (Statement, error) {
	c := cp.start(perm)
	fy, err := fiscalYear(args.FiscalYear, "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return Statement{}, err
	}
	asOf, err := c.asOfDate(args.AsOf, "asOf")
	if err != nil {
		return Statement{}, err
	}
	pred, err := c.where("v", args.Where, "where", filterDefaults{fy: fy, statusAsOf: asOf})
	if err != nil {
		return Statement{}, err
	}
	facet := ""
	if args.By != nil {
		facet = *args.By
	}
	valuesExpr := "[null]"
	valueExpr := "null"
	if facet != "" {
		value, err := c.facetExpr("v", facet, fy)
		if err != nil {
			return Statement{}, err
		}
		valuesExpr = c.param(FacetValues[facet])
		valueExpr = value
	}
	where := ""
	if pred != "" {
		where = " WHERE " + pred
	}
	q, err := c.matchCapabilities(args.Capabilities)
	if err != nil {
		return Statement{}, err
	}
	var grouped *string
	if facet != "" {
		grouped = &facet
	}
	proj, err := c.project("CoverageCell", scope{v: "cap", facet: grouped}, fields)
	if err != nil {
		return Statement{}, err
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
		" RETURN " + proj + " AS row"
	return c.statement(q), nil
}

// matchCapabilities starts a coverage statement: every capability, or those the client listed.
func (c *compilation) matchCapabilities(keys []string) (string, error) {
	q := "MATCH (cap:Capability)"
	if keys != nil {
		c.refAt("capabilities", "Capability", keys...)
		q += " WHERE cap.key IN " + c.param(keys)
	}
	return q, nil
}

// countryGroupType projects a cohort of CompileCountryGroups, whose statement holds the group's
// facet value as value and its countries as members (ordered by name).
var countryGroupType = &Type{
	Name: "CountryGroup",
	Size: 7,
	Fields: map[string]fieldFn{
		"facet": facetField,
		"value": func(c *compilation, s scope, f Field) (string, error) { return "value", nil },
		"count": func(c *compilation, s scope, f Field) (string, error) { return "size(members)", nil },
		"countries": func(c *compilation, s scope, f Field) (string, error) {
			m := c.newVar()
			proj, err := c.project("Country", scope{v: m}, f.Children)
			if err != nil {
				return "", err
			}
			return "COLLECT { UNWIND members AS " + m + " RETURN " + proj + " }", nil
		},
	},
}

// facetField is the facet a cohort or a cell is grouped by (null for coverage's total row).
func facetField(c *compilation, s scope, f Field) (string, error) {
	if s.facet == nil {
		return "null", nil
	}
	return "['" + strings.Join(facets, "', '") + "'][" + c.facetParam(*s.facet) + "]", nil
}

// coverageCellType projects a cell of CompileCoverage, whose statement holds the capability as
// s.v, the facet value as value and the counts under their field names. Live counts are exact:
// nothing is hidden, and each range is the count itself. A publication's cells are read by
// CompilePublishedCoverage and filled from its tables (package store): this projects only their
// capability.
var coverageCellType = &Type{
	Name: "CoverageCell",
	Size: 84,
	Fields: map[string]fieldFn{
		"capability": func(c *compilation, s scope, f Field) (string, error) {
			return c.project("Capability", scope{v: s.v}, f.Children)
		},
		"facet":       facetField,
		"value":       func(c *compilation, s scope, f Field) (string, error) { return "value", nil },
		"suppressed":  func(c *compilation, s scope, f Field) (string, error) { return "false", nil },
		"publication": func(c *compilation, s scope, f Field) (string, error) { return "null", nil },
		"total":       func(c *compilation, s scope, f Field) (string, error) { return "total", nil },
	},
}

func init() {
	for _, cs := range CoverageStatuses {
		count := cs.Field
		coverageCellType.Fields[count] = func(c *compilation, s scope, f Field) (string, error) { return count, nil }
		coverageCellType.Fields[cs.RangeField] = func(c *compilation, s scope, f Field) (string, error) {
			return "{min: " + count + ", max: " + count + "}", nil
		}
	}
}
