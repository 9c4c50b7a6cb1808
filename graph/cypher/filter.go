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

// where compiles a CountryFilter into a predicate on the country variable v. An absent or empty
// filter compiles to "" (no constraint).
func (c *compilation) where(v string, w *CountryFilter, path string, def filterDefaults) (string, error) {
	if w == nil {
		return "", nil
	}
	if def.depth > MaxFilterDepth {
		return "", graph.BadInput(path, "filters nest more than %d levels deep in AND, OR and NOT (at %s); flatten them", MaxFilterDepth, path)
	}
	conditions := 1 + len(w.Has) + len(w.Lacks) + len(w.PartyTo) + len(w.NotPartyTo) + len(w.PartyUnknown)
	if err := c.countConditions(path, conditions); err != nil {
		return "", err
	}
	def.depth++
	// Settings that apply to this object and everything nested in it.
	fy, err := fiscalYear(w.IncomeFiscalYear, path+".incomeFiscalYear", def.fy)
	if err != nil {
		return "", err
	}
	def.fy = fy
	if w.PartyAsOf != nil {
		if _, err := time.Parse(time.DateOnly, *w.PartyAsOf); err != nil {
			return "", graph.BadInput(path+".partyAsOf", "%s.partyAsOf %q is not a date in the form YYYY-MM-DD", path, *w.PartyAsOf)
		}
		def.asOf, def.hasAsOf = *w.PartyAsOf, true
	}

	var parts []string
	add := func(p string) {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, group := range []struct {
		key  string
		list []CountryFilter
	}{{"AND", w.And}, {"OR", w.Or}} {
		if group.list == nil {
			continue
		}
		var subs []string
		for i := range group.list {
			p, err := c.where(v, &group.list[i], fmt.Sprintf("%s.%s[%d]", path, group.key, i), def)
			if err != nil {
				return "", err
			}
			if p == "" {
				p = "true"
			}
			subs = append(subs, "("+p+")")
		}
		if len(subs) == 0 {
			if group.key == "OR" {
				add("false") // none of no alternatives holds: an empty OR matches no country
			}
			continue // an empty AND constrains nothing
		}
		sep := " AND "
		if group.key == "OR" {
			sep = " OR "
		}
		add("(" + strings.Join(subs, sep) + ")")
	}
	if w.Not != nil {
		p, err := c.where(v, w.Not, path+".NOT", def)
		if err != nil {
			return "", err
		}
		if p == "" {
			p = "true"
		}
		add("NOT (" + p + ")")
	}
	if w.ISO3In != nil {
		codes := make([]string, len(w.ISO3In))
		for i, code := range w.ISO3In {
			codes[i] = strings.ToUpper(code)
		}
		c.refAt(path+".iso3In", "Country", codes...)
		add(v + ".iso3 IN " + c.param(codes))
	}
	if w.NameContains != nil {
		s := *w.NameContains
		if n := len([]rune(s)); n > MaxNameContains {
			return "", graph.BadInput(path+".nameContains", "%s.nameContains is %d characters long; the limit is %d", path, n, MaxNameContains)
		}
		if strings.TrimSpace(s) != "" {
			p := c.param(strings.ToLower(strings.TrimSpace(s)))
			add(fmt.Sprintf("(toLower(%s.name_en) CONTAINS %s OR toLower(coalesce(%s.name_fr, '')) CONTAINS %s)", v, p, v, p))
		}
	}
	if w.IncomeGroupIn != nil {
		add(c.incomeOf(v, def.fy) + " IN " + c.param(w.IncomeGroupIn))
	}
	if w.RegionIn != nil {
		add(v + ".region IN " + c.param(w.RegionIn))
	}
	if w.Survey != nil {
		add(v + ".survey = " + c.param(*w.Survey))
	}
	statusPreds, err := c.statusFilters(v, w, path, def)
	if err != nil {
		return "", err
	}
	for _, p := range statusPreds {
		add(p)
	}
	for _, party := range []struct {
		key  string
		keys []string
	}{{"partyTo", w.PartyTo}, {"notPartyTo", w.NotPartyTo}, {"partyUnknown", w.PartyUnknown}} {
		if party.keys == nil {
			continue
		}
		c.refAt(path+"."+party.key, "Instrument", party.keys...)
		add(c.partyPredicate(v, party.keys, def, party.key))
	}
	return strings.Join(parts, " AND "), nil
}
