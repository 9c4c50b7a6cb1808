package main

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/graph/illustrative"
	"github.com/mnrgraph/mnrgraph/graph/store"
)

// findingCheck is one published count the illustrative assessments must reproduce.
type findingCheck struct {
	finding, capability string
	income              string // "" = all countries, else the FY2022 income groups counted
	status              string // the status the numerator counts
}

func TestIllustrativeAssessmentsReproduceEveryDefiningFinding(t *testing.T) {
	findings := map[string][2]int{}
	for _, f := range query(t, `{ findings { key numerator denominator } }`)["findings"].([]any) {
		findings[fmt.Sprint(at(f, "key"))] = [2]int{num(at(f, "numerator")), num(at(f, "denominator"))}
	}
	cells := map[string]map[string]any{} // capability/value -> cell
	for _, c := range query(t, `{
	  all: coverage { capability { key } total inPlace partial absent notAssessed }
	  byIncome: coverage(by: INCOME_GROUP) { capability { key } value total inPlace partial absent notAssessed }
	}`)["all"].([]any) {
		cells[fmt.Sprint(at(c, "capability.key"))] = c.(map[string]any)
	}
	if len(cells) != 21 {
		t.Fatalf("coverage cells: %d, want 21", len(cells))
	}
	for _, d := range illustrative.DefiningCounts {
		nd, ok := findings[d.Finding]
		if !ok {
			t.Fatalf("finding %s is not in the graph", d.Finding)
		}
		cell := cells[d.Capability]
		inPlace, absent, notAssessed := num(cell["inPlace"]), num(cell["absent"]), num(cell["notAssessed"])
		if inPlace != nd[0] || inPlace+absent != nd[1] || notAssessed != 42-nd[1] || num(cell["total"]) != 42 {
			t.Errorf("%s: IN_PLACE %d, ABSENT %d, NOT_ASSESSED %d; finding %s says %d/%d", d.Capability, inPlace, absent, notAssessed, d.Finding, nd[0], nd[1])
		}
	}
	// Legislation is defined per income group by two findings.
	leg := query(t, `{
	  hic: coverage(capabilities: ["legislation"], where: {incomeGroupIn: [HIGH]}) { total inPlace partial notAssessed }
	  lmic: coverage(capabilities: ["legislation"], where: {NOT: {incomeGroupIn: [HIGH]}}) { total inPlace partial notAssessed }
	}`)
	isp, inadequate := findings["hic-isp-reporting-law"], findings["lmic-laws-inadequate"]
	if num(at(leg, "hic.0.inPlace")) != isp[0] || num(at(leg, "hic.0.inPlace"))+num(at(leg, "hic.0.partial")) != isp[1] {
		t.Errorf("legislation in high-income countries %v vs hic-isp-reporting-law %v", at(leg, "hic.0"), isp)
	}
	if num(at(leg, "lmic.0.partial")) != inadequate[0] || num(at(leg, "lmic.0.total"))-num(at(leg, "lmic.0.notAssessed")) != inadequate[1] {
		t.Errorf("legislation in low/middle-income countries %v vs lmic-laws-inadequate %v", at(leg, "lmic.0"), inadequate)
	}
	// The income constraints the findings state.
	for _, c := range []struct {
		capability string
		absentHigh int
	}{{"offender-management", 0}, {"offender-support-systems", 0}, {"image-databases", 1}} {
		d := query(t, `query($k: ID!) { countryGroups(by: INCOME_GROUP, where: {lacks: [$k]}) { value count } }`, map[string]any{"k": c.capability})
		high := 0
		for _, g := range d["countryGroups"].([]any) {
			if at(g, "value") == "HIGH" {
				high = num(at(g, "count"))
			}
		}
		if high != c.absentHigh {
			t.Errorf("%s: %d high-income countries lack it, want %d", c.capability, high, c.absentHigh)
		}
	}
	// Capabilities reported together have the same status in every country.
	pairs := query(t, `{
	  a: capability(key: "takedown-procedures") { countries(status: [IN_PLACE]) { iso3 } }
	  b: capability(key: "csea-reporting") { countries(status: [IN_PLACE]) { iso3 } }
	  c: capability(key: "innovative-solutions") { countries(status: [ABSENT]) { iso3 } }
	  d: capability(key: "corporate-social-responsibility") { countries(status: [ABSENT]) { iso3 } }
	}`)
	if !equalStrings(pluck(pairs, "a.countries", "iso3"), pluck(pairs, "b.countries", "iso3")) ||
		!equalStrings(pluck(pairs, "c.countries", "iso3"), pluck(pairs, "d.countries", "iso3")) {
		t.Errorf("paired capabilities differ: %v", pairs)
	}
	d := query(t, `{ meta { illustrative } country(iso3: "KEN") { assessments { provenance note citations { source { key title } } } } }`)
	if at(d, "meta.illustrative") != true {
		t.Errorf("meta.illustrative is not true with illustrative assessments loaded")
	}
	for _, a := range at(d, "country.assessments").([]any) {
		if at(a, "provenance") != "ILLUSTRATIVE" || !strings.Contains(fmt.Sprint(at(a, "note")), "synthetic") ||
			at(a, "citations.0.source.key") != illustrative.Source || !strings.Contains(fmt.Sprint(at(a, "citations.0.source.title")), "synthetic") {
			t.Fatalf("an illustrative assessment that does not say so: %v", a)
		}
	}
}

func TestResearchAcceptanceQueries(t *testing.T) {
	d := query(t, `{
	  groups: countryGroups(by: INCOME_GROUP, where: {lacks: ["offender-management"]}) { value count countries { iso3 } }
	  helpline: coverage(capabilities: ["child-helpline"]) { inPlace total }
	}`)
	sum := 0
	for _, g := range d["groups"].([]any) {
		if at(g, "value") == "HIGH" {
			t.Errorf("a high-income group lacks offender management: %v", g)
		}
		if n := num(at(g, "count")); n != len(at(g, "countries").([]any)) {
			t.Errorf("group count %d does not match its countries %v", n, at(g, "countries"))
		}
		sum += num(at(g, "count"))
	}
	if sum != 12 {
		t.Errorf("groups lacking offender management add up to %d, want 12", sum)
	}
	if num(at(d, "helpline.0.inPlace")) != 40 || num(at(d, "helpline.0.total")) != 42 {
		t.Errorf("child helpline coverage: %v", d["helpline"])
	}
}

func TestLacksNeverReturnsNotAssessedCountries(t *testing.T) {
	// judiciary-prosecutors is assessed in 41 of 42 countries (finding 36/41).
	d := query(t, `{
	  unassessed: capability(key: "judiciary-prosecutors") { countries(status: [NOT_ASSESSED]) { iso3 } }
	  lacks: countries(where: {lacks: ["judiciary-prosecutors"]}, first: 100) { nodes { iso3 status(capability: "judiciary-prosecutors") } }
	  notHas: countries(where: {NOT: {has: ["judiciary-prosecutors"]}}, first: 100) { totalCount }
	  statusIn: countries(where: {capability: {key: "judiciary-prosecutors", statusIn: [ABSENT, NOT_ASSESSED]}}, first: 100) { totalCount }
	}`)
	un := pluck(d, "unassessed.countries", "iso3")
	if len(un) != 1 {
		t.Fatalf("NOT_ASSESSED countries for judiciary-prosecutors: %v, want exactly one", un)
	}
	for _, n := range at(d, "lacks.nodes").([]any) {
		if at(n, "iso3") == un[0] || at(n, "status") != "ABSENT" {
			t.Errorf("lacks returned %v", n)
		}
	}
	if len(at(d, "lacks.nodes").([]any)) != 5 {
		t.Errorf("lacks judiciary-prosecutors: %d countries, want 5 (41 − 36)", len(at(d, "lacks.nodes").([]any)))
	}
	if num(at(d, "notHas.totalCount")) != 6 || num(at(d, "statusIn.totalCount")) != 6 {
		t.Errorf("NOT has / statusIn [ABSENT, NOT_ASSESSED] should both give 6: %v", d)
	}
}

func TestStatusFiltersComposeWithEveryOtherFilter(t *testing.T) {
	d := query(t, `{
	  all: countries(where: {lacks: ["offender-management"]}, first: 100) { nodes { iso3 incomeGroup region instruments { instrument { key } status } } }
	  combo: countries(where: {lacks: ["offender-management"], incomeGroupIn: [UPPER_MIDDLE], partyTo: ["opsc"]}, first: 100) { nodes { iso3 } }
	  either: countries(where: {OR: [{lacks: ["offender-management"]}, {has: ["universal-terminology"], regionIn: [NORTH_AMERICA]}]}, first: 100) { totalCount }
	  na: countries(where: {regionIn: [NORTH_AMERICA]}, first: 100) { nodes { iso3 status(capability: "universal-terminology") } }
	}`)
	var want []string
	for _, n := range at(d, "all.nodes").([]any) {
		if at(n, "incomeGroup") != "UPPER_MIDDLE" {
			continue
		}
		for _, p := range at(n, "instruments").([]any) {
			if at(p, "instrument.key") == "opsc" && at(p, "status") != "SIGNED" {
				want = append(want, fmt.Sprint(at(n, "iso3")))
			}
		}
	}
	got := pluck(d, "combo.nodes", "iso3")
	sort.Strings(got)
	sort.Strings(want)
	if !equalStrings(got, want) || len(want) == 0 {
		t.Errorf("lacks AND incomeGroupIn AND partyTo: got %v, want %v", got, want)
	}
	naHas := 0
	for _, n := range at(d, "na.nodes").([]any) {
		if at(n, "status") == "IN_PLACE" {
			naHas++
		}
	}
	if num(at(d, "either.totalCount")) != 12+naHas {
		t.Errorf("OR of two status filters: %d, want %d", num(at(d, "either.totalCount")), 12+naHas)
	}
}

func TestAssessmentHistoryIsReadAsOfADate(t *testing.T) {
	ctx := context.Background()
	// A later assessment for Kenya supersedes the illustrative one from its date on.
	_, err := testStore.Write(ctx, `MATCH (c:Country {iso3: 'KEN'}) MATCH (cap:Capability {key: 'offender-management'})
MATCH (s:Source {key: 'framing-the-future-2022'})
CREATE (c)-[:ASSESSED]->(a:Assessment {key: 'KEN|offender-management|2024-06-30', status: 'PARTIAL', as_of: date('2024-06-30'), provenance: 'SELF_ASSESSMENT', recorded_at: datetime(), test: true})-[:OF]->(cap)
CREATE (a)-[:CITES]->(s)`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer testStore.Write(ctx, `MATCH (a:Assessment {test: true}) DETACH DELETE a`, nil)
	d := query(t, `{ country(iso3: "KEN") {
	  before: status(capability: "offender-management", asOf: "2023-01-01")
	  now: status(capability: "offender-management")
	  longAgo: status(capability: "offender-management", asOf: "2019-01-01")
	  history: assessments(asOf: "2023-01-01") { capability { key } status asOf }
	  current: assessments { capability { key } status asOf provenance }
	} }`)
	if at(d, "country.now") != "PARTIAL" || at(d, "country.longAgo") != "NOT_ASSESSED" {
		t.Errorf("status over time: %v", d)
	}
	if b := at(d, "country.before"); b == "PARTIAL" || b == "NOT_ASSESSED" {
		t.Errorf("before the new assessment the illustrative status applies, got %v", b)
	}
	for _, a := range at(d, "country.current").([]any) {
		if at(a, "capability.key") == "offender-management" && (at(a, "status") != "PARTIAL" || at(a, "asOf") != "2024-06-30") {
			t.Errorf("current assessment: %v", a)
		}
	}
	for _, a := range at(d, "country.history").([]any) {
		if at(a, "capability.key") == "offender-management" && at(a, "asOf") != illustrative.AsOf {
			t.Errorf("history as of 2023: %v", a)
		}
	}
	cov := query(t, `{ now: coverage(capabilities: ["offender-management"]) { partial } then: coverage(capabilities: ["offender-management"], asOf: "2023-01-01") { partial } }`)
	if num(at(cov, "now.0.partial")) != 1 || num(at(cov, "then.0.partial")) != 0 {
		t.Errorf("coverage as of a date: %v", cov)
	}
}

func TestCountryGroupsByEveryFacet(t *testing.T) {
	d := query(t, `{
	  regions: countryGroups(by: REGION) { facet value count }
	  big: countryGroups(by: REGION, minSize: 8) { value count }
	  income2025: countryGroups(by: INCOME_GROUP, fiscalYear: 2025) { value count }
	}`)
	total := 0
	for _, g := range d["regions"].([]any) {
		total += num(at(g, "count"))
		if at(g, "facet") != "REGION" {
			t.Errorf("facet: %v", g)
		}
	}
	if total != 42 || len(d["regions"].([]any)) != 7 {
		t.Errorf("regions: %v", d["regions"])
	}
	for _, g := range d["big"].([]any) {
		if num(at(g, "count")) < 8 {
			t.Errorf("minSize 8 kept %v", g)
		}
	}
	if at(d, "income2025.0.value") != "HIGH" || num(at(d, "income2025.0.count")) != 16 {
		t.Errorf("FY2025 groups, HIGH first with 16: %v", d["income2025"])
	}
	resp := queryErr(t, `{ countryGroups(by: REGION, minSize: 0) { value } }`)
	if resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("minSize 0: %+v", resp.Errors)
	}
}

func TestCoverageKeepsItsShapeForCharts(t *testing.T) {
	d := query(t, `{ coverage(by: INCOME_GROUP, where: {regionIn: [NORTH_AMERICA]}) { capability { number } facet value total inPlace } }`)
	cells := d["coverage"].([]any)
	if len(cells) != 21*4 {
		t.Fatalf("cells: %d, want 84 (every capability × every income group, zeros included)", len(cells))
	}
	if at(cells[0], "value") != "HIGH" || num(at(cells[0], "total")) != 2 || at(cells[1], "value") != "UPPER_MIDDLE" || num(at(cells[1], "total")) != 0 {
		t.Errorf("first cells: %v %v", cells[0], cells[1])
	}
	if num(at(cells[4], "capability.number")) != 2 {
		t.Errorf("cells are ordered by capability number, then income group: %v", cells[4])
	}
}

func TestFullTextSearch(t *testing.T) {
	d := query(t, `{
	  terminologie: search(text: "terminologie") { score highlight object { __typename ... on Capability { key } } }
	  lanzarote: search(text: "Lanzarote") { object { __typename ... on Instrument { key } } }
	  quote: search(text: "\"(") { score }
	  syntax: search(text: "child~ AND (helpline OR \"hotline") { score }
	  accents: search(text: "protection enfance ÉDUCATION") { object { __typename } }
	  kenya: search(text: "kenya", first: 1) { object { ... on Country { iso3 name(lang: FR) } } }
	}`)
	found := false
	for _, h := range d["terminologie"].([]any) {
		if at(h, "object.key") == "universal-terminology" {
			found = true
			if !strings.Contains(fmt.Sprint(at(h, "highlight")), "<em>") {
				t.Errorf("no highlight: %v", h)
			}
		}
	}
	if !found {
		t.Errorf("terminologie did not find universal-terminology: %v", d["terminologie"])
	}
	if at(d, "lanzarote.0.object.__typename") != "Instrument" || at(d, "lanzarote.0.object.key") != "lanzarote" {
		t.Errorf("Lanzarote should rank the Lanzarote Convention first: %v", d["lanzarote"])
	}
	if len(d["accents"].([]any)) == 0 {
		t.Errorf("accent-folded search found nothing")
	}
	if at(d, "kenya.0.object.iso3") != "KEN" {
		t.Errorf("kenya: %v", d["kenya"])
	}
	for _, q := range []string{`{ search(text: "  ") { score } }`, `{ search(text: "x", first: 500) { score } }`} {
		if resp := queryErr(t, q); resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", q, resp.Errors)
		}
	}
}

func TestGraphViewAroundAnInstrument(t *testing.T) {
	d := query(t, `{ graph(from: "Instrument:budapest") { nodes { id kind label } edges { source target kind properties } } }`)
	ids := map[string]bool{}
	for _, n := range at(d, "graph.nodes").([]any) {
		ids[fmt.Sprint(at(n, "id"))] = true
	}
	if at(d, "graph.nodes.0.id") != "Instrument:budapest" {
		t.Errorf("the start node comes first: %v", at(d, "graph.nodes.0"))
	}
	parties := pluck(query(t, `{ instrument(key: "budapest") { parties(status: [RATIFIED, ACCEDED, SUCCEEDED, SIGNED]) { country { id } } } }`), "instrument.parties", "country.id")
	for _, p := range parties {
		if !ids[p] {
			t.Errorf("party %s missing from the graph view", p)
		}
	}
	partyEdges := 0
	for _, e := range at(d, "graph.edges").([]any) {
		if !ids[fmt.Sprint(at(e, "source"))] || !ids[fmt.Sprint(at(e, "target"))] {
			t.Errorf("edge to a node not in nodes: %v", e)
		}
		if at(e, "kind") == "PARTY_TO" {
			partyEdges++
			if !strings.Contains(fmt.Sprint(at(e, "properties")), `"status"`) {
				t.Errorf("PARTY_TO edge without its properties: %v", e)
			}
		}
	}
	if partyEdges != len(parties) {
		t.Errorf("PARTY_TO edges: %d, parties: %d", partyEdges, len(parties))
	}
	small := query(t, `{ graph(from: "Country:KEN", depth: 2, limit: 5) { nodes { id } edges { source target } } }`)
	if n := len(at(small, "graph.nodes").([]any)); n != 5 {
		t.Errorf("limit 5 gave %d nodes", n)
	}
	// A node with no public relationship (a call to action only cites its source) is a view of
	// itself, not NOT_FOUND, at every depth.
	for _, depth := range []int{1, 2} {
		lone := query(t, fmt.Sprintf(`{ graph(from: "CallToAction:1", depth: %d) { nodes { id kind } edges { source } } }`, depth))
		if got := fmt.Sprint(at(lone, "graph")); got != "map[edges:[] nodes:[map[id:CallToAction:1 kind:CallToAction]]]" {
			t.Errorf("graph view of a call to action at depth %d: %s", depth, got)
		}
	}
	// Every id a view shows can start a view, income groups included.
	low := query(t, `{ graph(from: "IncomeGroup:LOW") { nodes { id } edges { source target kind } } }`)
	if at(low, "graph.nodes.0.id") != "IncomeGroup:LOW" || len(at(low, "graph.edges").([]any)) == 0 {
		t.Errorf("graph view of an income group: %v", low)
	}
	if resp := queryErr(t, `{ graph(from: "Nowhere:1") { nodes { id } } }`); resp.Errors[0].Extensions["argument"] != "from" {
		t.Errorf("a bad start names the argument from: %+v", resp.Errors)
	}
	for _, q := range []string{`{ graph(from: "Country:KEN", depth: 9) { nodes { id } } }`, `{ graph(from: "Country:KEN", limit: 0) { nodes { id } } }`} {
		if resp := queryErr(t, q); resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", q, resp.Errors)
		}
	}
	if resp := queryErr(t, `{ graph(from: "Country:XYZ") { nodes { id } } }`); resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("unknown start: %+v", resp.Errors)
	}
}

// TestGraphDepthOneMatchesTheGeneralWalk checks the one-hop shortcut (graph views at depth 1 take
// their edges from the expansion alone) against the general walk, which looks for edges between
// every pair of nodes in the view: for every node a view can start from, with the default limit and
// with a limit that cuts the neighbourhood short. A relationship type that links two neighbours of
// one node would make them differ.
func TestGraphDepthOneMatchesTheGeneralWalk(t *testing.T) {
	ctx := context.Background()
	recs, err := testStore.Read(ctx, `MATCH (n) WHERE n:Country OR n:Domain OR n:Capability OR n:Instrument OR n:Finding OR n:Challenge OR n:Practice OR n:CallToAction OR n:Source
RETURN labels(n)[0] + ':' + coalesce(n.iso3, n.key, toString(n.number)) AS id
UNION MATCH (g:IncomeGroup) RETURN 'IncomeGroup:' + g.code AS id`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 100 {
		t.Fatalf("only %d nodes to start from; is the release loaded?", len(recs))
	}
	one, three := 1, 3
	compared, edges := 0, 0
	for _, r := range recs {
		id := r.Values[0].(string)
		for _, limit := range []*int{nil, &three} {
			shown := "the default limit"
			if limit != nil {
				shown = fmt.Sprintf("limit %d", *limit)
			}
			fast, err := testStore.Compiler().CompileGraph(cypher.GraphArgs{From: id, Depth: &one, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			walk, err := testStore.Compiler().CompileGraphWalk(cypher.GraphArgs{From: id, Depth: &one, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if fast.Cypher == walk.Cypher {
				t.Fatal("CompileGraph at depth 1 is the general walk: nothing to compare")
			}
			got, err := testStore.Graph(ctx, fast, id)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			want, err := testStore.Graph(ctx, walk, id)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): the one-hop view differs from the walk\n got: %s\nwant: %s", id, shown, viewString(got), viewString(want))
			}
			compared++
			edges += len(want.Edges)
		}
	}
	if edges == 0 {
		t.Fatalf("%d views compared and none has an edge", compared)
	}
}

func viewString(v *store.GraphView) string {
	var b strings.Builder
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "%s ", n.ID)
	}
	b.WriteString("| ")
	for _, e := range v.Edges {
		p := ""
		if e.Properties != nil {
			p = *e.Properties
		}
		fmt.Fprintf(&b, "%s-%s->%s %s; ", e.Source, e.Kind, e.Target, p)
	}
	return b.String()
}

// NOT_PARTY is a cited fact: the Lanzarote non-parties come from the Council of Europe's list, the
// Budapest ones from its 2024 list (COE185-2024); instruments nobody can be party to have none.
func TestNotPartyListsOnlyVerifiedNonParticipation(t *testing.T) {
	d := query(t, `{
	  lanzarote: instrument(key: "lanzarote") { parties(status: [NOT_PARTY]) { status country { iso3 } citations { source { key } } } }
	  budapest: instrument(key: "budapest") { parties(status: [NOT_PARTY]) { country { iso3 } reason citations { source { key } } } }
	  icse: instrument(key: "icse") { parties(status: [NOT_PARTY]) { country { iso3 } } }
	  ken: instrument(key: "lanzarote") { parties(status: [NOT_PARTY, RATIFIED], where: {iso3In: ["KEN", "GBR"]}) { status country { iso3 } } }
	}`)
	non := at(d, "lanzarote.parties").([]any)
	if len(non) != 28 {
		t.Errorf("Lanzarote non-parties: %d, want the 28 the reference verifies", len(non))
	}
	for _, p := range non {
		if at(p, "status") != "NOT_PARTY" || at(p, "citations.0.source.key") != "LZ-ALL" {
			t.Errorf("a non-participation without its record: %v", p)
		}
	}
	if got := at(d, "budapest.parties").([]any); len(got) != 15 {
		t.Errorf("Budapest lists %d non-parties, want the 15 COE185-2024 verifies: %v", len(got), got)
	}
	for _, p := range at(d, "budapest.parties").([]any) {
		if at(p, "reason") == nil || !strings.Contains(fmt.Sprint(pluck(p, "citations", "source.key")), "COE185-2024") {
			t.Errorf("a Budapest non-party without its reason or the Council of Europe's list: %v", p)
		}
	}
	if got := at(d, "icse.parties").([]any); len(got) != 0 {
		t.Errorf("a database nobody can be party to lists non-parties: %v", got)
	}
	if got := fmt.Sprint(at(d, "ken.parties")); got != "[map[country:map[iso3:GBR] status:RATIFIED] map[country:map[iso3:KEN] status:NOT_PARTY]]" {
		t.Errorf("Kenya and the UK: %s", got)
	}
	// The filters keep their meaning: not recorded as party.
	f := query(t, `{ a: countries(where: {notPartyTo: ["budapest"]}) { totalCount } b: countries(where: {partyTo: ["lanzarote"]}) { totalCount } }`)
	if num(at(f, "a.totalCount")) == 0 || num(at(f, "b.totalCount")) != 14 {
		t.Errorf("filters: %v", f)
	}
}

// Coverage counts each country's latest assessment on or before the date, per capability, and
// NOT_ASSESSED where there is none: checked cell by cell against a plain computation (every
// assessment expanded, latest by date) on several dates, with history added to some countries
// (assessments before, on and after the illustrative date, and one NOT_APPLICABLE).
func TestCoverageCountsTheLatestAssessmentOfEachCountry(t *testing.T) {
	ctx := context.Background()
	_, err := testStore.Write(ctx, `UNWIND $rows AS row
MATCH (c:Country {iso3: row[0]}) MATCH (cap:Capability {key: row[1]}) MATCH (s:Source {key: 'framing-the-future-2022'})
CREATE (c)-[:ASSESSED]->(a:Assessment {key: row[0] + '|' + row[1] + '|' + row[2], status: row[3], as_of: date(row[2]),
        provenance: 'SELF_ASSESSMENT', recorded_at: datetime(), test: true})-[:OF]->(cap)
CREATE (a)-[:CITES]->(s)`, map[string]any{"rows": [][]string{
		{"KEN", "offender-management", "2019-05-01", "ABSENT"}, {"KEN", "offender-management", "2024-06-30", "PARTIAL"},
		{"KEN", "offender-management", "2025-01-01", "IN_PLACE"}, {"KEN", "leadership", "2023-02-01", "NOT_APPLICABLE"},
		{"BRA", "child-helpline", "2018-01-01", "IN_PLACE"}, {"BRA", "child-helpline", "2024-12-31", "ABSENT"},
		{"FIN", "research-analysis-monitoring", "2022-07-01", "ABSENT"}, {"ALB", "universal-terminology", "2019-03-31", "PARTIAL"},
		{"FIN", "leadership", "2024-01-01", "NOT_ASSESSED"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer testStore.Write(ctx, `MATCH (a:Assessment {test: true}) DETACH DELETE a`, nil)
	fields := map[string]string{"IN_PLACE": "inPlace", "PARTIAL": "partial", "ABSENT": "absent", "NOT_ASSESSED": "notAssessed", "NOT_APPLICABLE": "notApplicable"}
	for _, date := range []string{"2018-06-01", "2019-12-31", "2021-03-31", "2023-06-01", "2024-12-31", testStore.Today()} {
		recs, err := testStore.Read(ctx, `MATCH (c:Country) MATCH (cap:Capability)
OPTIONAL MATCH (c)-[:ASSESSED]->(a:Assessment)-[:OF]->(cap) WHERE a.as_of <= date($date)
WITH c, cap, a ORDER BY a.as_of DESC
WITH c, cap, head(collect(a.status)) AS status
RETURN cap.key AS cap, c.region AS region, coalesce(status, 'NOT_ASSESSED') AS status, count(*) AS n`, map[string]any{"date": date})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, r := range recs {
			c, _ := r.Get("cap")
			region, _ := r.Get("region")
			st, _ := r.Get("status")
			n, _ := r.Get("n")
			want[fmt.Sprint(c, "/", region, "/", fields[st.(string)])] = int(n.(int64))
		}
		d := query(t, `query($d: Date) { coverage(by: REGION, asOf: $d) { capability { key } value total inPlace partial absent notAssessed notApplicable } }`,
			map[string]any{"d": date})
		cells := d["coverage"].([]any)
		if len(cells) != 21*7 {
			t.Fatalf("%s: %d cells, want 21 × 7 regions", date, len(cells))
		}
		got := map[string]int{}
		for _, cell := range cells {
			total := 0
			for _, f := range fields {
				n := num(at(cell, f))
				total += n
				if n > 0 {
					got[fmt.Sprint(at(cell, "capability.key"), "/", at(cell, "value"), "/", f)] = n
				}
			}
			if total != num(at(cell, "total")) {
				t.Errorf("%s: the five counts add up to %d, total is %v: %v", date, total, at(cell, "total"), cell)
			}
		}
		if !maps.Equal(got, want) {
			for k, n := range want {
				if got[k] != n {
					t.Errorf("%s: %s = %d, want %d", date, k, got[k], n)
				}
			}
			for k, n := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s: %s = %d, want 0", date, k, n)
				}
			}
		}
	}
}

// Status filters of countries and countryGroups read assessments as of asOf, as coverage does:
// before the first assessment nobody has anything in place.
func TestStatusFiltersReadAssessmentsAsOfADate(t *testing.T) {
	d := query(t, `{
		now: countries(where: {has: ["dedicated-law-enforcement"]}) { totalCount }
		before: countries(where: {has: ["dedicated-law-enforcement"]}, asOf: "2000-01-01") { totalCount }
		groupsNow: countryGroups(by: REGION, where: {has: ["dedicated-law-enforcement"]}) { count }
		groupsBefore: countryGroups(by: REGION, where: {has: ["dedicated-law-enforcement"]}, asOf: "2000-01-01") { count }
		cov: coverage(capabilities: ["dedicated-law-enforcement"], asOf: "2000-01-01") { inPlace } }`)
	if num(at(d, "now.totalCount")) == 0 || num(at(d, "before.totalCount")) != 0 || num(at(d, "cov.0.inPlace")) != 0 {
		t.Errorf("as of 2000: %v countries (coverage %v), today %v", at(d, "before.totalCount"), at(d, "cov.0.inPlace"), at(d, "now.totalCount"))
	}
	if len(at(d, "groupsNow").([]any)) == 0 || len(at(d, "groupsBefore").([]any)) != 0 {
		t.Errorf("groups as of 2000: %v; today: %v", at(d, "groupsBefore"), at(d, "groupsNow"))
	}
	resp := postAs(t, testHandler, "ANALYST", `{ countries(asOf: "2021-13-01") { totalCount } }`, nil)
	if len(resp.Errors) == 0 {
		t.Errorf("a date that does not exist was accepted")
	}
}
