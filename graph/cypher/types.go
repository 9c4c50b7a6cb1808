package cypher

import (
	"fmt"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
)

// objectTypes says, for every GraphQL object type read from the graph, how each field is
// projected. A nil entry is a field resolved outside the statement. Filled in init because the
// entries refer back to the compiler that reads this table.
var objectTypes map[string]map[string]fieldFn

func init() {
	objectTypes = map[string]map[string]fieldFn{
		"Source": {
			"id": nodeID("Source", "key"), "key": prop("key"), "title": prop("title"),
			"publisher": prop("publisher"), "published": dateProp("published"), "url": prop("url"),
			"note": prop("note"),
		},
		"Citation": {
			"source": func(c *compilation, s scope, f Field) (string, error) {
				return c.project("Source", scope{v: s.v}, f.Children)
			},
			"locator": func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".locator", nil },
			"quote":   func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".quote", nil },
		},
		"Domain": {
			"id": nodeID("Domain", "key"), "number": prop("number"), "key": prop("key"),
			"name": langProp("name"), "outcome": langProp("outcome"),
			"capabilities": related("Capability", "({v})<-[:IN_DOMAIN]-({w}:Capability)", "{w}.number", false),
			"citations":    nodeCitations,
		},
		"Capability": {
			"id": nodeID("Capability", "key"), "number": prop("number"), "key": prop("key"),
			"name": langProp("name"), "summary": langProp("summary"),
			"domain":      related("Domain", "({v})-[:IN_DOMAIN]->({w}:Domain)", "", true),
			"instruments": related("Instrument", "({v})-[:RESTS_ON]->({w}:Instrument)", "{w}.ord", false),
			"findings":    related("Finding", "({v})<-[:ABOUT]-({w}:Finding)", "{w}.ord", false),
			"challenges":  related("Challenge", "({v})<-[:AFFECTS]-({w}:Challenge)", "{w}.ord", false),
			"practices":   related("Practice", "({v})<-[:IMPLEMENTS]-({w}:Practice)", "{w}.ord", false),
			"countries":   capabilityCountries,
			"citations":   nodeCitations,
		},
		"Finding": {
			"id": nodeID("Finding", "key"), "key": prop("key"), "statement": langProp("statement"),
			"capabilities": related("Capability", "({v})-[:ABOUT]->({w}:Capability)", "{w}.number", false),
			"population":   prop("population"), "numerator": prop("numerator"), "denominator": prop("denominator"),
			"citations": nodeCitations,
		},
		"Challenge": {
			"id": nodeID("Challenge", "key"), "key": prop("key"), "summary": langProp("summary"),
			"capabilities": related("Capability", "({v})-[:AFFECTS]->({w}:Capability)", "{w}.number", false),
			"citations":    nodeCitations,
		},
		"Practice": {
			"id": nodeID("Practice", "key"), "key": prop("key"), "title": langProp("title"), "summary": langProp("summary"),
			"country":      related("Country", "({v})-[:IN]->({w}:Country)", "", true),
			"capabilities": related("Capability", "({v})-[:IMPLEMENTS]->({w}:Capability)", "{w}.number", false),
			"citations":    nodeCitations,
		},
		"CallToAction": {
			"id": nodeID("CallToAction", "number"), "number": prop("number"),
			"title": langProp("title"), "summary": langProp("summary"), "citations": nodeCitations,
		},
		"Country": {
			"id": nodeID("Country", "iso3"), "iso3": prop("iso3"), "iso2": prop("iso2"), "name": langProp("name"),
			"region": prop("region"), "survey": prop("survey"),
			"incomeGroup": countryIncomeGroup,
			"instruments": countryParticipations,
			"practices":   related("Practice", "({v})<-[:IN]-({w}:Practice)", "{w}.ord", false),
			"peers":       countryPeers,
			"citations":   nodeCitations,
			"assessments": countryAssessments,
			"status":      countryStatus,
		},
		"Assessment": {
			// Listed from a country and a capability (Country.assessments), both are known already.
			"country":    knownOr("Country", func(s scope) string { return s.country }, related("Country", "({w}:Country)-[:ASSESSED]->({v})", "", true)),
			"capability": knownOr("Capability", func(s scope) string { return s.capability }, related("Capability", "({v})-[:OF]->({w}:Capability)", "", true)),
			"status":     prop("status"), "asOf": dateProp("as_of"), "provenance": prop("provenance"), "note": prop("note"),
			"citations": nodeCitations,
		},
		"Instrument": {
			"id": nodeID("Instrument", "key"), "key": prop("key"), "shortName": prop("short_name"),
			"name": langProp("name"), "kind": prop("kind"), "body": prop("body"),
			"adopted": dateProp("adopted"), "adoptedYear": func(c *compilation, s scope, f Field) (string, error) {
				// The year of the exact date when the release has one, else the year it records.
				return "coalesce(" + s.v + ".adopted.year, " + s.v + ".adopted_year)", nil
			}, "url": prop("url"),
			"parties":      instrumentParties,
			"capabilities": related("Capability", "({v})<-[:RESTS_ON]-({w}:Capability)", "{w}.number", false),
			"citations":    nodeCitations,
		},
		"Participation": {
			"country": func(c *compilation, s scope, f Field) (string, error) {
				return c.project("Country", scope{v: s.country}, f.Children)
			},
			"instrument": func(c *compilation, s scope, f Field) (string, error) {
				return c.project("Instrument", scope{v: s.instrument}, f.Children)
			},
			"status": func(c *compilation, s scope, f Field) (string, error) {
				return "coalesce(" + s.rel + ".status, 'NOT_PARTY')", nil
			},
			"signed": func(c *compilation, s scope, f Field) (string, error) { return "toString(" + s.rel + ".signed)", nil },
			"consented": func(c *compilation, s scope, f Field) (string, error) {
				return "toString(" + s.rel + ".consented)", nil
			},
			"consentedBy": func(c *compilation, s scope, f Field) (string, error) {
				return "toString(" + s.rel + ".consented_by)", nil
			},
			"citations": edgeCitations,
		},
	}
}

func countryIncomeGroup(c *compilation, s scope, f Field) (string, error) {
	fy, err := fiscalYearArg(f.Args["fiscalYear"], "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return "", err
	}
	g, r := c.newVar(), c.newVar()
	return fmt.Sprintf("head(COLLECT { MATCH (%s)-[%s:IN_INCOME_GROUP]->(%s:IncomeGroup) WHERE %s.fy = %s RETURN %s.code })",
		s.v, r, g, r, c.param(fy), g), nil
}

func countryParticipations(c *compilation, s scope, f Field) (string, error) {
	r, i := c.newVar(), c.newVar()
	proj, err := c.project("Participation", scope{rel: r, country: s.v, instrument: i}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s)-[%s:PARTY_TO]->(%s:Instrument) WITH %s, %s ORDER BY %s.ord RETURN %s }",
		s.v, r, i, r, i, i, proj), nil
}

// instrumentParties lists participations with one of the requested statuses. NOT_PARTY is a
// verified non-participation (a NOT_PARTY_TO relationship citing the depositary's list); a
// country with no record for the instrument is unknown and listed under no status.
func instrumentParties(c *compilation, s scope, f Field) (string, error) {
	statuses, err := argStrings(f.Args["status"], "parties.status")
	if err != nil {
		return "", err
	}
	w, r := c.newVar(), c.newVar()
	pred, err := c.where(w, f.Args["where"], "parties.where", filterDefaults{fy: graph.ReportFiscalYear})
	if err != nil {
		return "", err
	}
	proj, err := c.project("Participation", scope{rel: r, country: w, instrument: s.v}, f.Children)
	if err != nil {
		return "", err
	}
	and := ""
	if pred != "" {
		and = " AND " + pred
	}
	return fmt.Sprintf("COLLECT { MATCH (%s:Country)-[%s:PARTY_TO|NOT_PARTY_TO]->(%s) WHERE %s.status IN %s%s WITH %s, %s ORDER BY %s.name_en RETURN %s }",
		w, r, s.v, r, c.param(statuses), and, w, r, w, proj), nil
}

// countryPeers lists the other countries that share every listed facet value with this one.
// knownOr projects the node the scope already holds (named by known) when there is one, and
// otherwise finds it with find.
func knownOr(typ string, known func(scope) string, find fieldFn) fieldFn {
	return func(c *compilation, s scope, f Field) (string, error) {
		if v := known(s); v != "" {
			return c.project(typ, scope{v: v}, f.Children)
		}
		return find(c, s, f)
	}
}

func countryPeers(c *compilation, s scope, f Field) (string, error) {
	facets, err := argStrings(f.Args["sharing"], "peers.sharing")
	if err != nil {
		return "", err
	}
	if len(facets) == 0 {
		return "", graph.BadInput("peers.sharing", "peers(sharing:) needs at least one facet (INCOME_GROUP, REGION, POPULATION or SURVEY)")
	}
	w := c.newVar()
	// Every facet is a property of the country (income_report is the report's fiscal year's
	// group, see DeriveIncomeReport), so the peers come from an index seek on Country(region,
	// income_report), Country(income_report) or Country(region).
	conds := []string{w + " <> " + s.v}
	for _, facet := range facets {
		switch facet {
		case "REGION":
			conds = append(conds, w+".region = "+s.v+".region")
		case "SURVEY":
			conds = append(conds, w+".survey IS NOT NULL AND "+w+".survey = "+s.v+".survey")
		case "INCOME_GROUP":
			conds = append(conds, w+".income_report = "+s.v+".income_report")
		case "POPULATION":
			conds = append(conds, "("+w+".income_report = 'HIGH') = ("+s.v+".income_report = 'HIGH')")
		default:
			return "", graph.BadInput("peers.sharing", "unknown facet %q", facet)
		}
	}
	pred, err := c.where(w, f.Args["where"], "peers.where", filterDefaults{fy: graph.ReportFiscalYear})
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
