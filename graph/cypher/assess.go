package cypher

import (
	"fmt"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Capability statuses come from assessments: (Country)-[:ASSESSED]->(Assessment)-[:OF]->(Capability).
// History is kept; the status of a country for a capability on a date is the one of its latest
// assessment on or before that date, and NOT_ASSESSED when there is none.

// statusExpr is the status of country cv for the capability whose key is the expression capKey,
// as of the date expression asOf. Assessments are found through the index on their key
// (ISO3|capability|date): a prefix seek, newest first, dates comparing as text. The seek is forced
// with a hint (assessmentByKey) because the planner does not always choose it: right after a load,
// with the index's statistics not yet sampled, it can scan every assessment for each country and
// capability, and keep that plan cached; with a plain USING INDEX hint it scans the whole index
// instead of seeking in it (BENCHMARKS.md, "A plan Neo4j kept after a load").
func statusExpr(cv, capKey, asOf string) string {
	prefix := cv + ".iso3 + '|' + " + capKey + " + '|'"
	return "coalesce(head(COLLECT { MATCH (a:Assessment) " + assessmentByKey("a") + " WHERE a.key STARTS WITH " + prefix +
		" AND a.key <= " + prefix + " + toString(" + asOf + ") WITH a ORDER BY a.key DESC LIMIT 1 RETURN a.status }), 'NOT_ASSESSED')"
}

// LatestStatuses is a CALL subquery that yields, for country cv, one row per capability it has an
// assessment for on or before the date expression asOf: the capability's key (as capKey) and the
// status of the latest of them (as status). It is one prefix seek per country in the index on
// Assessment.key, newest first, where statusExpr is one seek per country and capability: for every
// capability at once (coverage) this is the faster of the two at the report's size (BENCHMARKS.md,
// "Coverage: one seek per country"). The key's last ten
// characters are its date and what lies between the ISO3 code and the date is the capability key.
func LatestStatuses(cv, asOf, capKey, status string) string {
	return "CALL (" + cv + ") { MATCH (a:Assessment) " + assessmentByKey("a") + " WHERE a.key STARTS WITH " + cv + ".iso3 + '|'" +
		" WITH a, a.key AS k WHERE right(k, 10) <= toString(" + asOf + ") WITH a, k ORDER BY k DESC" +
		" WITH substring(k, size(" + cv + ".iso3) + 1, size(k) - size(" + cv + ".iso3) - 12) AS " + capKey + ", head(collect(a)) AS a" +
		" RETURN " + capKey + ", a.status AS " + status + " }"
}

// assessmentByKey is the hint that makes the planner find assessment v by a seek in the index on
// Assessment.key (the uniqueness constraint's), never by a scan of the label or of the index.
func assessmentByKey(v string) string { return "USING INDEX SEEK " + v + ":Assessment(key)" }

// asOfDate validates a Date argument and returns the Cypher date expression for it (today when
// absent).
func (c *compilation) asOfDate(d *string, what string) (string, error) {
	if d == nil {
		return "date(" + c.param(c.today) + ")", nil
	}
	if _, err := time.Parse(time.DateOnly, *d); err != nil {
		return "", graph.BadInput(what, "%s %q is not a date in the form YYYY-MM-DD", what, *d)
	}
	return "date(" + c.param(*d) + ")", nil
}

// statusDate sets the date the status filters of a root field read assessments at, when the
// field names one (asOf); without one they read them as of today.
func (c *compilation) statusDate(asOf *string, def filterDefaults) (filterDefaults, error) {
	if asOf == nil {
		return def, nil
	}
	d, err := c.asOfDate(asOf, "asOf")
	if err != nil {
		return def, err
	}
	def.statusAsOf = d
	return def, nil
}

// statusFilters compiles has, lacks and capability of one CountryFilter.
func (c *compilation) statusFilters(v string, w *CountryFilter, path string, def filterDefaults) ([]string, error) {
	given := map[string]bool{"has": w.Has != nil, "lacks": w.Lacks != nil, "capability": w.Capability != nil}
	for _, key := range []string{"has", "lacks", "capability"} {
		if given[key] && !c.perm.Assessments {
			return nil, c.forbid(path + "." + key)
		}
	}
	var out []string
	asOf := def.statusAsOf
	if asOf == "" && (given["has"] || given["lacks"] || given["capability"]) {
		asOf = "date(" + c.param(c.today) + ")"
	}
	for _, f := range []struct {
		key, status string
		keys        []string
	}{{"has", "IN_PLACE", w.Has}, {"lacks", "ABSENT", w.Lacks}} {
		if f.keys == nil {
			continue
		}
		c.refAt(path+"."+f.key, "Capability", f.keys...)
		// One predicate over the list: the statement is the same whatever keys, however many.
		k := c.newVar()
		out = append(out, "all("+k+" IN "+c.param(f.keys)+" WHERE "+statusExpr(v, k, asOf)+" = '"+f.status+"')")
	}
	if cf := w.Capability; cf != nil {
		if cf.Key == "" {
			return nil, graph.BadInput(path+".capability.key", "%s.capability needs a capability key", path)
		}
		c.refAt(path+".capability.key", "Capability", cf.Key)
		out = append(out, statusExpr(v, c.param(cf.Key), asOf)+" IN "+c.param(cf.StatusIn))
	}
	return out, nil
}

// countryAssessments lists the latest assessment of each assessed capability as of asOf.
func countryAssessments(c *compilation, s scope, f Field) (string, error) {
	return latestPerCapability(c, s, f, "assessments", "Assessment", false)
}

// countryGrid is countryAssessments with every capability kept: a capability with no assessment
// on or before the date is a NOT_ASSESSED cell with no assessment.
func countryGrid(c *compilation, s scope, f Field) (string, error) {
	return latestPerCapability(c, s, f, "grid", "StatusCell", true)
}

// latestPerCapability lists, in capability order, the latest assessment of the country in s of
// each capability on or before the field's asOf, projected as typ from the scope {v: assessment,
// country, capability}. Capabilities without one are left out, or kept (with a null assessment)
// when keepMissing.
func latestPerCapability(c *compilation, s scope, f Field, field, typ string, keepMissing bool) (string, error) {
	if !c.perm.Assessments {
		return "", c.forbid("Country." + field)
	}
	asOf, err := c.asOfDate(f.Args.AsOf, field+".asOf")
	if err != nil {
		return "", err
	}
	a, cp := c.newVar(), c.newVar()
	proj, err := c.project(typ, scope{v: a, country: s.v, capability: cp}, f.Children)
	if err != nil {
		return "", err
	}
	keep := " WHERE " + a + " IS NOT NULL"
	if keepMissing {
		keep = ""
	}
	prefix := s.v + ".iso3 + '|' + " + cp + ".key + '|'"
	return fmt.Sprintf("COLLECT { MATCH (%s:Capability) WITH %s ORDER BY %s.number "+
		"WITH %s, head(COLLECT { MATCH (x:Assessment) %s WHERE x.key STARTS WITH %s AND x.key <= %s + toString(%s) "+
		"WITH x ORDER BY x.key DESC LIMIT 1 RETURN x }) AS %s%s RETURN %s }",
		cp, cp, cp, cp, assessmentByKey("x"), prefix, prefix, asOf, a, keep, proj), nil
}

func countryStatus(c *compilation, s scope, f Field) (string, error) {
	if !c.perm.Assessments {
		return "", c.forbid("Country.status")
	}
	key := ""
	if f.Args.Capability != nil {
		key = *f.Args.Capability
	}
	c.refAt("status.capability", "Capability", key)
	asOf, err := c.asOfDate(f.Args.AsOf, "status.asOf")
	if err != nil {
		return "", err
	}
	return statusExpr(s.v, c.param(key), asOf), nil
}

// capabilityCountries lists the countries whose status for this capability is one of status.
func capabilityCountries(c *compilation, s scope, f Field) (string, error) {
	if !c.perm.Assessments {
		return "", c.forbid("Capability.countries")
	}
	statuses := f.Args.Status
	asOf, err := c.asOfDate(f.Args.AsOf, "countries.asOf")
	if err != nil {
		return "", err
	}
	w := c.newVar()
	conds := []string{statusExpr(w, s.v+".key", asOf) + " IN " + c.param(statuses)}
	return c.countriesWhere(w, conds, f, "countries.where", filterDefaults{fy: graph.ReportFiscalYear, statusAsOf: asOf})
}

// countriesWhere lists, by name, the countries w that meet conds and the field's where filter,
// projected with the field's selection.
func (c *compilation) countriesWhere(w string, conds []string, f Field, path string, def filterDefaults) (string, error) {
	pred, err := c.where(w, f.Args.Where, path, def)
	if err != nil {
		return "", err
	}
	if pred != "" {
		conds = append(conds, pred)
	}
	proj, err := c.project("Country", scope{v: w}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s:Country) WHERE %s WITH %s ORDER BY %s.name_en RETURN %s }",
		w, strings.Join(conds, " AND "), w, w, proj), nil
}
