package cypher

import (
	"fmt"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
)

// filterDefaults is what a nested CountryWhere inherits from the one around it.
type filterDefaults struct {
	fy      int
	asOf    string // partyAsOf, "" = today
	hasAsOf bool
	// statusAsOf is the Cypher date expression status filters read assessments at ("" = today).
	statusAsOf string
	// depth is how deep in AND, OR and NOT the filter sits (0 at the top).
	depth int
}

// A filter is compiled into one statement: its size is bounded so that no request can ask Neo4j
// for a predicate it evaluates for minutes (a thousand OR terms, or hundreds of nested NOTs).
const (
	MaxFilterDepth      = 8   // nesting of AND, OR and NOT
	MaxFilterConditions = 100 // CountryWhere objects and listed keys (has, lacks, partyTo, ...) per request
	MaxNameContains     = 100 // characters
)

// countConditions adds n conditions to the request's filter budget.
func (c *compilation) countConditions(path string, n int) error {
	c.filterConditions += n
	if c.filterConditions > MaxFilterConditions {
		return graph.BadInput(path, "the filters of this request have more than %d conditions (at %s); "+
			"use a list (iso3In, regionIn, incomeGroupIn) instead of many alternatives, or split the question", MaxFilterConditions, path)
	}
	return nil
}

var countryWhereKeys = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "iso3In": true, "nameContains": true, "incomeGroupIn": true,
	"incomeFiscalYear": true, "regionIn": true, "survey": true, "has": true, "lacks": true,
	"capability": true, "partyTo": true, "notPartyTo": true, "partyAsOf": true,
}

// where compiles a CountryWhere (as the JSON-like map GraphQL delivers) into a predicate on the
// country variable v. An empty filter compiles to "" (no constraint).
func (c *compilation) where(v string, raw any, path string, def filterDefaults) (string, error) {
	if raw == nil {
		return "", nil
	}
	w, ok := raw.(map[string]any)
	if !ok {
		return "", graph.BadInput(path, "%s must be a CountryWhere object", path)
	}
	for k := range w {
		if !countryWhereKeys[k] {
			return "", graph.BadInput(path, "%s has no filter %q", path, k)
		}
	}
	if def.depth > MaxFilterDepth {
		return "", graph.BadInput(path, "filters nest more than %d levels deep in AND, OR and NOT (at %s); flatten them", MaxFilterDepth, path)
	}
	conditions := 1
	for _, k := range []string{"has", "lacks", "partyTo", "notPartyTo", "capability"} {
		if list, ok := w[k].([]any); ok {
			conditions += len(list)
		}
	}
	if err := c.countConditions(path, conditions); err != nil {
		return "", err
	}
	def.depth++
	// Settings that apply to this object and everything nested in it.
	fy, err := fiscalYearArg(w["incomeFiscalYear"], path+".incomeFiscalYear", def.fy)
	if err != nil {
		return "", err
	}
	def.fy = fy
	if d, ok := w["partyAsOf"]; ok && d != nil {
		s := fmt.Sprint(d)
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", graph.BadInput(path+".partyAsOf", "%s.partyAsOf %q is not a date in the form YYYY-MM-DD", path, s)
		}
		def.asOf, def.hasAsOf = s, true
	}

	var parts []string
	add := func(p string) {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, key := range []string{"AND", "OR"} {
		if w[key] == nil {
			continue
		}
		list, ok := w[key].([]any)
		if !ok {
			return "", graph.BadInput(path+"."+key, "%s.%s must be a list of CountryWhere", path, key)
		}
		var subs []string
		for i, item := range list {
			p, err := c.where(v, item, fmt.Sprintf("%s.%s[%d]", path, key, i), def)
			if err != nil {
				return "", err
			}
			if p == "" {
				p = "true"
			}
			subs = append(subs, "("+p+")")
		}
		if len(subs) == 0 {
			if key == "OR" {
				add("false") // none of no alternatives holds: an empty OR matches no country
			}
			continue // an empty AND constrains nothing
		}
		sep := " AND "
		if key == "OR" {
			sep = " OR "
		}
		add("(" + strings.Join(subs, sep) + ")")
	}
	if w["NOT"] != nil {
		p, err := c.where(v, w["NOT"], path+".NOT", def)
		if err != nil {
			return "", err
		}
		if p == "" {
			p = "true"
		}
		add("NOT (" + p + ")")
	}
	if w["iso3In"] != nil {
		codes, err := argStrings(w["iso3In"], path+".iso3In")
		if err != nil {
			return "", err
		}
		for i := range codes {
			codes[i] = strings.ToUpper(codes[i])
		}
		c.refAt(path+".iso3In", "Country", codes...)
		add(v + ".iso3 IN " + c.param(codes))
	}
	if s, ok := w["nameContains"].(string); ok && len([]rune(s)) > MaxNameContains {
		return "", graph.BadInput(path+".nameContains", "%s.nameContains is %d characters long; the limit is %d", path, len([]rune(s)), MaxNameContains)
	}
	if s, ok := w["nameContains"].(string); ok && strings.TrimSpace(s) != "" {
		p := c.param(strings.ToLower(strings.TrimSpace(s)))
		add(fmt.Sprintf("(toLower(%s.name_en) CONTAINS %s OR toLower(coalesce(%s.name_fr, '')) CONTAINS %s)", v, p, v, p))
	}
	if w["incomeGroupIn"] != nil {
		groups, err := argStrings(w["incomeGroupIn"], path+".incomeGroupIn")
		if err != nil {
			return "", err
		}
		add(fmt.Sprintf("EXISTS { MATCH (%s)-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = %s AND g.code IN %s }",
			v, c.param(def.fy), c.param(groups)))
	}
	if w["regionIn"] != nil {
		regions, err := argStrings(w["regionIn"], path+".regionIn")
		if err != nil {
			return "", err
		}
		add(v + ".region IN " + c.param(regions))
	}
	if s, ok := w["survey"].(string); ok {
		add(v + ".survey = " + c.param(s))
	}
	statusPreds, err := c.statusFilters(v, w, path, def)
	if err != nil {
		return "", err
	}
	for _, p := range statusPreds {
		add(p)
	}
	if w["partyTo"] != nil {
		keys, err := argStrings(w["partyTo"], path+".partyTo")
		if err != nil {
			return "", err
		}
		c.refAt(path+".partyTo", "Instrument", keys...)
		for _, k := range keys {
			add(c.partyPredicate(v, k, def, false))
		}
	}
	if w["notPartyTo"] != nil {
		keys, err := argStrings(w["notPartyTo"], path+".notPartyTo")
		if err != nil {
			return "", err
		}
		c.refAt(path+".notPartyTo", "Instrument", keys...)
		for _, k := range keys {
			add(c.partyPredicate(v, k, def, true))
		}
	}
	return strings.Join(parts, " AND "), nil
}

// partyPredicate is three-valued on a given date: a participation with an unknown consent date
// is neither party nor not party then, so it matches neither partyTo nor notPartyTo. The predicate
// is then null, which Cypher carries through NOT, AND and OR (Kleene logic) and WHERE treats as
// no match, so NOT {partyTo} does not count an unknown as not party either. Without a date
// ("today"), a recorded party is a party whatever its date.
func (c *compilation) partyPredicate(v, key string, def filterDefaults, negate bool) string {
	k := c.param(key)
	base := fmt.Sprintf("MATCH (%s)-[r:PARTY_TO]->(:Instrument {key: %s}) WHERE r.status IN %s", v, k, partyStatuses)
	if !def.hasAsOf {
		if negate {
			return "NOT EXISTS { " + base + " }"
		}
		return "EXISTS { " + base + " }"
	}
	d := c.param(def.asOf)
	// A consent known only to the month or year (consented_by, the period's last day) is known
	// once that period has ended, and unknown within or before it.
	party := fmt.Sprintf("CASE WHEN EXISTS { %s AND coalesce(r.consented, r.consented_by) <= date(%s) } THEN true WHEN EXISTS { %s AND r.consented IS NULL } THEN null ELSE false END",
		base, d, base)
	if negate {
		return "NOT (" + party + ")"
	}
	return "(" + party + ")"
}
