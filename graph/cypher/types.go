package cypher

import (
	"github.com/mnrgraph/mnrgraph/graph"
)

// Type describes one object type the compiler projects, in one place: where its nodes are, how
// each field is projected, how it is found, listed, searched and checked, and what a list of it
// is expected to cost. Adding an object type is: the schema, one Type here, the data.
// resolvers' TestEverySchemaFieldIsProjected fails naming any schema type or field without one.
type Type struct {
	Name string // the GraphQL type, and the prefix of its Relay ids ("Country:KEN")
	// Label is the Neo4j label of its nodes, and the kind graph views show; "" for the types
	// projected from a relationship (Participation, Citation) or computed by a statement.
	Label string
	// Key is the property that identifies a node: lookups find it by key, node(id:) by
	// "Name:key", and the Relay id is made of it. "" when the type has no lookup.
	Key string
	// KeyName names the key in the error about a key a client named that does not exist ("no
	// country ISO3 code \"XXX\""); "" when no argument names keys of this type.
	KeyName string
	// List is the root field that lists every node of the type, Order the order it lists them
	// in (a Cypher expression on v), and Filters turns that root field's arguments into
	// predicates on v.
	List    string
	Order   string
	Filters func(c *compilation, a ListArgs) ([]string, error)
	// Searchable types are kinds of search hits (the full-text index covers their label).
	Searchable bool
	// Size is the expected length of a list of this type in the report's graph, and Sizes that of
	// particular list fields of it: the request cost estimate (package httpapi) weighs lists by them.
	Size  int
	Sizes map[string]int
	// Fields projects each field. "id" is added for every type with a Key.
	Fields map[string]fieldFn
	// Scalars are the type's fields that take no argument and read a public value of the node
	// alone (an ISO code, a key, a date). Every projection of the type holds all of them, whichever
	// were selected, under CanonicalKey (and "id" too for a type with a Key): a statement's text
	// then does not change when a researcher adds, drops or renames one of them, and Neo4j reuses
	// its plan. resolvers/schema_test.go checks each is an argument-free scalar of the schema.
	Scalars []string
}

// CanonicalKey is the key a projection holds a Scalars field under: never a GraphQL response key
// (those cannot contain "$"), so it cannot clash with an alias.
func CanonicalKey(field string) string { return "$" + field }

// types holds every Type by name. Filled in init because the projections refer back to the
// compiler that reads this table.
var types map[string]*Type

// typeOrder is the order the types are described in, which statements that go through every
// type (search) keep.
var typeOrder []string

// rootLists are the described types by the root field that lists them.
var rootLists = map[string]*Type{}

// TypeOf returns the description of the object type name.
func TypeOf(name string) (*Type, bool) {
	t, ok := types[name]
	return t, ok
}

// TypeNames lists the described types, sorted.
func TypeNames() []string { return sortedKeys(types) }

// Projects says whether the type projects the field.
func (t *Type) Projects(field string) bool {
	_, ok := t.Fields[field]
	return ok
}

// RefCheck is the expression that lists which keys in the parameter named after the type name
// no node of it: the column the store's reference check reads.
func (t *Type) RefCheck() string {
	return "[k IN $" + t.Name + " WHERE NOT EXISTS { MATCH (:" + t.Label + " {" + t.Key + ": k}) }]"
}

// FieldSize is the expected length of the list field of the type, or 0 when none is given.
func (t *Type) FieldSize(field string) int { return t.Sizes[field] }

func init() {
	types = map[string]*Type{}
	for _, t := range []*Type{
		{
			Name:       "Country",
			Scalars:    []string{"iso3", "iso2", "isoNumeric", "m49", "scope", "region"},
			Label:      "Country",
			Key:        "iso3",
			KeyName:    "country ISO3 code",
			Searchable: true,
			Size:       42,
			Sizes:      map[string]int{"instruments": 8, "practices": 9, "citations": 3, "peers": 41},
			Fields: map[string]fieldFn{
				"iso3": prop("iso3"), "iso2": prop("iso2"), "name": langProp("name", false), "nameIn": localizedProp("name"),
				"isoNumeric": prop("iso_numeric"), "m49": prop("iso_numeric"), "scope": prop("scope"),
				"region": prop("region"), "survey": prop("survey"),
				"incomeGroup": countryIncomeGroup,
				"instruments": countryParticipations,
				"practices":   related("Practice", "({v})<-[:IN]-({w}:Practice)", "{w}.ord", false),
				"peers":       countryPeers,
				"memberships": countryMemberships,
				"citations":   nodeCitations,
				"assessments": countryAssessments,
				"grid":        countryGrid,
				"status":      countryStatus,
			},
		},
		{
			Name:       "Capability",
			Scalars:    []string{"number", "key"},
			Label:      "Capability",
			Key:        "key",
			KeyName:    "capability key",
			List:       "capabilities",
			Order:      "v.number",
			Searchable: true,
			Size:       21,
			Sizes:      map[string]int{"instruments": 4, "findings": 3, "challenges": 2, "practices": 2},
			Filters:    capabilityFilters,
			Fields: map[string]fieldFn{
				"number": prop("number"), "key": prop("key"),
				"name": langProp("name", false), "nameIn": localizedProp("name"), "summary": langProp("summary", true),
				"domain":      related("Domain", "({v})-[:IN_DOMAIN]->({w}:Domain)", "", true),
				"instruments": related("Instrument", "({v})-[:RESTS_ON]->({w}:Instrument)", "{w}.ord", false),
				"findings":    related("Finding", "({v})<-[:ABOUT]-({w}:Finding)", "{w}.ord", false),
				"challenges":  related("Challenge", "({v})<-[:AFFECTS]-({w}:Challenge)", "{w}.ord", false),
				"practices":   related("Practice", "({v})<-[:IMPLEMENTS]-({w}:Practice)", "{w}.ord", false),
				"countries":   capabilityCountries,
				"evidence":    related("Network", "({v})<-[:EVIDENCES]-({w}:Network)", "{w}.ord", false),
				"citations":   nodeCitations,
			},
		},
		{
			Name:       "Domain",
			Scalars:    []string{"number", "key"},
			Label:      "Domain",
			Key:        "key",
			KeyName:    "domain key",
			List:       "domains",
			Order:      "v.number",
			Searchable: true,
			Size:       6,
			Sizes:      map[string]int{"capabilities": 5},
			Fields: map[string]fieldFn{
				"number": prop("number"), "key": prop("key"),
				"name": langProp("name", false), "nameIn": localizedProp("name"), "outcome": langProp("outcome", true),
				"capabilities": related("Capability", "({v})<-[:IN_DOMAIN]-({w}:Capability)", "{w}.number", false),
				"citations":    nodeCitations,
			},
		},
		{
			Name:       "Instrument",
			Scalars:    []string{"key", "shortName", "kind", "body", "adopted", "url", "opened", "inForce"},
			Label:      "Instrument",
			Key:        "key",
			KeyName:    "instrument key",
			List:       "instruments",
			Order:      "v.ord",
			Searchable: true,
			Size:       8,
			Sizes:      map[string]int{"capabilities": 2, "parties": 42},
			Filters:    instrumentFilters,
			Fields: map[string]fieldFn{
				"key": prop("key"), "shortName": prop("short_name"),
				"name": langProp("name", false), "nameIn": localizedProp("name"), "kind": prop("kind"), "body": prop("body"),
				"adopted": dateProp("adopted"), "adoptedYear": func(c *compilation, s scope, f Field) (string, error) {
					// The year of the exact date when the release has one, else the year it records.
					return "coalesce(" + s.v + ".adopted.year, " + s.v + ".adopted_year)", nil
				}, "url": prop("url"),
				"opened": dateProp("opened"), "inForce": dateProp("in_force"), "openTo": prop("open_to"),
				"timeline":     instrumentTimeline,
				"parties":      instrumentParties,
				"capabilities": related("Capability", "({v})<-[:RESTS_ON]-({w}:Capability)", "{w}.number", false),
				"citations":    nodeCitations,
			},
		},
		{
			Name:       "Finding",
			Scalars:    []string{"key", "population", "numerator", "denominator"},
			Label:      "Finding",
			Key:        "key",
			List:       "findings",
			Order:      "v.ord",
			Searchable: true,
			Size:       24,
			Sizes:      map[string]int{"capabilities": 2},
			Filters:    findingFilters,
			Fields: map[string]fieldFn{
				"key": prop("key"), "statement": langProp("statement", false), "statementIn": localizedProp("statement"),
				"capabilities": related("Capability", "({v})-[:ABOUT]->({w}:Capability)", "{w}.number", false),
				"population":   prop("population"), "numerator": prop("numerator"), "denominator": prop("denominator"),
				"citations": nodeCitations,
			},
		},
		{
			Name:       "Challenge",
			Scalars:    []string{"key"},
			Label:      "Challenge",
			Key:        "key",
			List:       "challenges",
			Order:      "v.ord",
			Searchable: true,
			Size:       19,
			Sizes:      map[string]int{"capabilities": 2},
			Filters:    challengeFilters,
			Fields: map[string]fieldFn{
				"key": prop("key"), "summary": langProp("summary", false), "summaryIn": localizedProp("summary"),
				"capabilities": related("Capability", "({v})-[:AFFECTS]->({w}:Capability)", "{w}.number", false),
				"citations":    nodeCitations,
			},
		},
		{
			Name:       "Practice",
			Scalars:    []string{"key"},
			Label:      "Practice",
			Key:        "key",
			List:       "practices",
			Order:      "v.ord",
			Searchable: true,
			Size:       9,
			Sizes:      map[string]int{"capabilities": 2},
			Filters:    practiceFilters,
			Fields: map[string]fieldFn{
				"key": prop("key"), "title": langProp("title", false), "titleIn": localizedProp("title"), "summary": langProp("summary", true),
				"country":      related("Country", "({v})-[:IN]->({w}:Country)", "", true),
				"capabilities": related("Capability", "({v})-[:IMPLEMENTS]->({w}:Capability)", "{w}.number", false),
				"citations":    nodeCitations,
			},
		},
		{
			Name:       "CallToAction",
			Scalars:    []string{"number"},
			Label:      "CallToAction",
			Key:        "number",
			List:       "callsToAction",
			Order:      "v.number",
			Searchable: true,
			Size:       5,
			Fields: map[string]fieldFn{
				"number": prop("number"),
				"title":  langProp("title", false), "titleIn": localizedProp("title"), "summary": langProp("summary", true), "citations": nodeCitations,
			},
		},
		{
			Name:    "Source",
			Scalars: []string{"key", "title", "publisher", "published", "url", "retrieved"},
			Label:   "Source",
			Key:     "key",
			List:    "sources",
			Order:   "v.key",
			Size:    50,
			Fields: map[string]fieldFn{
				"key": prop("key"), "title": prop("title"),
				"publisher": prop("publisher"), "published": dateProp("published"), "url": prop("url"), "retrieved": dateProp("retrieved"),
				"note": prop("note"),
			},
		},
		{
			Name:  "Assessment",
			Label: "Assessment",
			Size:  21,
			Fields: map[string]fieldFn{
				// Listed from a country and a capability (Country.assessments), both are known already.
				"country":    knownOr("Country", func(s scope) string { return s.country }, related("Country", "({w}:Country)-[:ASSESSED]->({v})", "", true)),
				"capability": knownOr("Capability", func(s scope) string { return s.capability }, related("Capability", "({v})-[:OF]->({w}:Capability)", "", true)),
				"status":     prop("status"), "asOf": dateProp("as_of"), "provenance": prop("provenance"), "note": prop("note"),
				"citations": nodeCitations,
			},
		},
		{
			// A cell of Country.grid: s.v is its assessment (null when none), s.capability its
			// capability, s.country the country.
			Name: "StatusCell",
			Size: 21,
			Fields: map[string]fieldFn{
				"capability": func(c *compilation, s scope, f Field) (string, error) {
					return c.project("Capability", scope{v: s.capability}, f.Children)
				},
				"status": func(c *compilation, s scope, f Field) (string, error) {
					return "coalesce(" + s.v + ".status, 'NOT_ASSESSED')", nil
				},
				"assessment": func(c *compilation, s scope, f Field) (string, error) {
					proj, err := c.project("Assessment", s, f.Children)
					return "CASE WHEN " + s.v + " IS NULL THEN null ELSE " + proj + " END", err
				},
			},
		},
		{
			Name:  "Participation",
			Size:  42,
			Sizes: map[string]int{"citations": 3},
			Fields: map[string]fieldFn{
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
				"reason":     func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".reason", nil },
				"asRecorded": func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".as_recorded", nil },
				"citations":  edgeCitations,
			},
		},
		{
			Name: "Citation",
			Size: 3,
			Fields: map[string]fieldFn{
				"source": func(c *compilation, s scope, f Field) (string, error) {
					return c.project("Source", scope{v: s.v}, f.Children)
				},
				"locator": func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".locator", nil },
				"quote":   func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".quote", nil },
			},
		},
		{
			Name:    "Network",
			Scalars: []string{"key", "name", "publisher", "snapshot", "url"},
			Label:   "Network",
			Key:     "key",
			KeyName: "network key",
			List:    "networks",
			Order:   "v.ord",
			Size:    4,
			Sizes:   map[string]int{"members": 36},
			Fields: map[string]fieldFn{
				"key": prop("key"), "name": prop("name"), "publisher": prop("publisher"), "snapshot": dateProp("snapshot"),
				"url": prop("url"), "note": prop("note"),
				"capability": related("Capability", "({v})-[:EVIDENCES]->({w}:Capability)", "", true),
				"members":    networkMembers,
				"citations":  nodeCitations,
			},
		},
		{
			// A Membership is a MEMBER_OF relationship: s.rel, between s.country and s.network.
			Name:  "Membership",
			Size:  3,
			Sizes: map[string]int{"citations": 1},
			Fields: map[string]fieldFn{
				"country": func(c *compilation, s scope, f Field) (string, error) {
					return c.project("Country", scope{v: s.country}, f.Children)
				},
				"network": func(c *compilation, s scope, f Field) (string, error) {
					return c.project("Network", scope{v: s.network}, f.Children)
				},
				"member":    func(c *compilation, s scope, f Field) (string, error) { return s.rel + ".member", nil },
				"since":     func(c *compilation, s scope, f Field) (string, error) { return "toString(" + s.rel + ".since)", nil },
				"asOf":      func(c *compilation, s scope, f Field) (string, error) { return "toString(" + s.rel + ".as_of)", nil },
				"citations": edgeCitations,
			},
		},
		timelinePointType,
		localizedTextType,
		countryGroupType,
		coverageCellType,
	} {
		if t.Key != "" {
			t.Fields["id"] = nodeID(t.Name, t.Key)
			if t.Scalars != nil {
				t.Scalars = append([]string{"id"}, t.Scalars...)
			}
		}
		types[t.Name] = t
		typeOrder = append(typeOrder, t.Name)
		if t.List != "" {
			rootLists[t.List] = t
		}
	}
}

func countryIncomeGroup(c *compilation, s scope, f Field) (string, error) {
	fy, err := fiscalYear(f.Args.FiscalYear, "fiscalYear", graph.ReportFiscalYear)
	if err != nil {
		return "", err
	}
	return c.incomeOf(s.v, fy), nil
}

// incomeOf is the income group code of country v in fiscal year fy: the country's copy of its
// IN_INCOME_GROUP relationship of that year (graph.IncomeProperty, kept by the loader and migrate),
// read as a property so that a statement with many fiscal years plans as fast as one with none.
func (c *compilation) incomeOf(v string, fy int) string {
	return v + "[" + c.param(graph.IncomeProperty(fy)) + "]"
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
	facets := f.Args.Sharing
	if len(facets) == 0 {
		return "", graph.BadInput("peers.sharing", "peers(sharing:) needs at least one facet (INCOME_GROUP, REGION or POPULATION)")
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
		case "INCOME_GROUP":
			conds = append(conds, w+".income_report = "+s.v+".income_report")
		case "POPULATION":
			conds = append(conds, "("+w+".income_report = 'HIGH') = ("+s.v+".income_report = 'HIGH')")
		default:
			return "", graph.BadInput("peers.sharing", "unknown facet %q", facet)
		}
	}
	return c.countriesWhere(w, conds, f, "peers.where", filterDefaults{fy: graph.ReportFiscalYear})
}
