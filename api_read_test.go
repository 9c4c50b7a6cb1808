package main

import (
	"sort"
	"strings"
	"testing"
)

func TestReportFactsAnswerAsPublished(t *testing.T) {
	d := query(t, `{
	  all: countries { totalCount }
	  high: countries(where: {incomeGroupIn: [HIGH]}) { totalCount }
	  high2025: countries(where: {incomeGroupIn: [HIGH], incomeFiscalYear: 2025}) { totalCount }
	  malta: country(iso3: "MLT") { region }
	  uae: country(iso3: "ARE") { name(lang: FR) }
	  lanzarote: instrument(key: "lanzarote") { parties { country { iso3 } } }
	  noOpsc: countries(where: {notPartyTo: ["opsc"]}) { nodes { iso3 } }
	  helpline: capability(key: "child-helpline") { number domain { key } findings { numerator denominator } }
	}`)
	if got := num(at(d, "all.totalCount")); got != 42 {
		t.Errorf("countries: got %d, want 42", got)
	}
	if got := num(at(d, "high.totalCount")); got != 15 {
		t.Errorf("high income FY2022: got %d, want 15", got)
	}
	if got := num(at(d, "high2025.totalCount")); got != 16 {
		t.Errorf("high income FY2025: got %d, want 16 (Bulgaria joins)", got)
	}
	if got := at(d, "malta.region"); got != "MIDDLE_EAST_NORTH_AFRICA" {
		t.Errorf("Malta's region: got %v", got)
	}
	if got := at(d, "uae.name"); got != "Émirats arabes unis" {
		t.Errorf("UAE in French: got %v", got)
	}
	parties := pluck(d, "lanzarote.parties", "country.iso3")
	sort.Strings(parties)
	coe := []string{"ALB", "BEL", "BGR", "BIH", "FIN", "GBR", "GRC", "ITA", "MLT", "MNE", "NLD", "SRB", "SWE", "UKR"}
	if !equalStrings(parties, coe) {
		t.Errorf("Lanzarote parties: got %v, want the 14 Council of Europe members %v", parties, coe)
	}
	if got := pluck(d, "noOpsc.nodes", "iso3"); !equalStrings(got, []string{"GHA", "KEN"}) {
		t.Errorf("not party to OPSC: got %v, want Ghana and Kenya", got)
	}
	if num(at(d, "helpline.number")) != 11 || at(d, "helpline.domain.key") != "victim" ||
		num(at(d, "helpline.findings.0.numerator")) != 40 || num(at(d, "helpline.findings.0.denominator")) != 42 {
		t.Errorf("child helpline: got %v", at(d, "helpline"))
	}
}

// filterCase asserts the exact set of ISO3 codes a CountryWhere selects.
type filterCase struct {
	name  string
	where string
	want  []string
}

func TestCountryFiltersSelectExactlyTheRightCountries(t *testing.T) {
	cases := []filterCase{
		{"iso3In, case-insensitive codes", `{iso3In: ["ken", "GHA"]}`, []string{"GHA", "KEN"}},
		{"nameContains matches English", `{nameContains: "zealand"}`, []string{"NZL"}},
		{"nameContains matches French", `{nameContains: "Émirats"}`, []string{"ARE"}},
		{"nameContains with surrounding spaces", `{nameContains: "  kenya "}`, []string{"KEN"}},
		{"incomeGroupIn several groups", `{incomeGroupIn: [LOW]}`, []string{"RWA"}},
		{"incomeGroupIn uses FY2022 by default", `{incomeGroupIn: [UPPER_MIDDLE], iso3In: ["JOR", "SLV", "IDN"]}`, []string{"JOR"}},
		{"incomeFiscalYear moves the classification", `{incomeGroupIn: [UPPER_MIDDLE], incomeFiscalYear: 2024, iso3In: ["JOR", "SLV", "IDN"]}`, []string{"IDN", "SLV"}},
		{"incomeFiscalYear is inherited by nested filters", `{incomeFiscalYear: 2026, AND: [{incomeGroupIn: [LOWER_MIDDLE]}, {iso3In: ["NAM", "KEN"]}]}`, []string{"KEN", "NAM"}},
		{"regionIn", `{regionIn: [NORTH_AMERICA]}`, []string{"CAN", "USA"}},
		{"partyTo needs every listed instrument", `{partyTo: ["budapest", "lanzarote"], iso3In: ["GBR", "USA", "KEN"]}`, []string{"GBR"}},
		{"signature alone is not party", `{partyTo: ["budapest"], iso3In: ["ZAF"]}`, nil},
		{"notPartyTo counts signatories as not party", `{notPartyTo: ["budapest"], iso3In: ["ZAF", "USA"]}`, []string{"ZAF"}},
		{"partyTo without a date counts a party whose date is unknown", `{partyTo: ["budapest"], iso3In: ["GRC", "NZL"]}`, []string{"GRC", "NZL"}},
		{"partyAsOf: dated consent before the date is party", `{partyTo: ["budapest"], partyAsOf: "2020-01-01", iso3In: ["USA", "NZL", "GRC"]}`, []string{"USA"}},
		{"partyAsOf: consent after the date is not party", `{notPartyTo: ["budapest"], partyAsOf: "2020-01-01", iso3In: ["USA", "NZL", "GRC"]}`, []string{"NZL"}},
		{"partyAsOf: an unknown date matches neither filter", `{OR: [{partyTo: ["lanzarote"]}, {notPartyTo: ["lanzarote"]}], partyAsOf: "2015-01-01", iso3In: ["ITA", "MNE", "USA"]}`, []string{"MNE", "USA"}},
		{"partyAsOf after accession", `{partyTo: ["budapest"], partyAsOf: "2026-01-01", iso3In: ["NZL", "RWA", "BRA"]}`, []string{"BRA", "NZL", "RWA"}},
		{"OR", `{OR: [{iso3In: ["KEN"]}, {regionIn: [NORTH_AMERICA]}]}`, []string{"CAN", "KEN", "USA"}},
		{"NOT", `{NOT: {partyTo: ["opsc"]}}`, []string{"GHA", "KEN"}},
		{"NOT of an OR", `{regionIn: [SOUTH_ASIA, NORTH_AMERICA], NOT: {OR: [{iso3In: ["CAN"]}, {iso3In: ["NPL"]}]}}`, []string{"USA"}},
		{"AND combines", `{AND: [{regionIn: [SUB_SAHARAN_AFRICA]}, {notPartyTo: ["budapest"]}]}`, []string{"KEN", "NAM", "ZAF", "ZWE"}},
		{"survey is unknown in the public data", `{survey: "government-2021"}`, nil},
		{"an empty filter selects everything", `{}`, nil}, // checked by count below
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := query(t, `query($w: CountryWhere) { countries(where: $w, first: 100) { totalCount nodes { iso3 } } }`,
				map[string]any{"w": decodeJSON(t, c.where)})
			got := pluck(d, "countries.nodes", "iso3")
			if c.where == `{}` {
				if len(got) != 42 {
					t.Fatalf("got %d countries, want 42", len(got))
				}
				return
			}
			sort.Strings(got)
			if !equalStrings(got, c.want) {
				t.Fatalf("where %s: got %v, want %v", c.where, got, c.want)
			}
			if num(at(d, "countries.totalCount")) != len(c.want) {
				t.Fatalf("totalCount %v does not match %d nodes", at(d, "countries.totalCount"), len(c.want))
			}
		})
	}
}

func TestInstrumentPartiesFilterByStatusAndCountry(t *testing.T) {
	d := query(t, `{
	  instrument(key: "opsc") {
	    signed: parties(status: [SIGNED]) { country { iso3 } status signed consented citations { source { key } } }
	    notParty: parties(status: [NOT_PARTY]) { country { iso3 } }
	    lmicParties: parties(where: {incomeGroupIn: [LOW]}) { country { iso3 } status }
	  }
	  budapest: instrument(key: "budapest") { notParty: parties(status: [NOT_PARTY], where: {regionIn: [NORTH_AMERICA, SUB_SAHARAN_AFRICA]}) { country { iso3 } status } }
	  lanzarote: instrument(key: "lanzarote") { notParty: parties(status: [NOT_PARTY], where: {iso3In: ["KEN", "NAM", "ZWE", "GBR"]}) { country { iso3 } status } }
	}`)
	if got := pluck(d, "instrument.signed", "country.iso3"); !equalStrings(got, []string{"GHA", "KEN"}) {
		t.Errorf("OPSC signatories: got %v", got)
	}
	if at(d, "instrument.signed.1.signed") != "2000-09-08" || at(d, "instrument.signed.1.consented") != nil {
		t.Errorf("Kenya's OPSC signature: got %v", at(d, "instrument.signed.1"))
	}
	if cites := pluck(d, "instrument.signed.1.citations", "source.key"); len(cites) == 0 {
		t.Errorf("Kenya's OPSC participation cites no source")
	}
	if got := pluck(d, "instrument.notParty", "country.iso3"); len(got) != 0 {
		t.Errorf("every country has an OPSC record, got NOT_PARTY %v", got)
	}
	if got := pluck(d, "instrument.lmicParties", "country.iso3"); !equalStrings(got, []string{"RWA"}) {
		t.Errorf("low-income OPSC parties: got %v", got)
	}
	// Kenya, Namibia and Zimbabwe are verified non-parties of Budapest (the Council of Europe's
	// list, COE185-2024); South Africa signed only.
	if got := pluck(d, "budapest.notParty", "country.iso3"); !equalStrings(got, []string{"KEN", "NAM", "ZWE"}) {
		t.Errorf("Budapest NOT_PARTY among KEN, NAM, ZWE, ZAF: got %v", got)
	}
	// Their Lanzarote non-participation is verified (the Council of Europe's list); the UK is a party.
	if got := pluck(d, "lanzarote.notParty", "country.iso3"); !equalStrings(got, []string{"KEN", "NAM", "ZWE"}) {
		t.Errorf("Lanzarote NOT_PARTY among KEN, NAM, ZWE, GBR: got %v", got)
	}
}

func TestPaginationForwardsAndBackwards(t *testing.T) {
	full := pluck(query(t, `{ countries(first: 100, orderBy: [{field: NAME}]) { nodes { name } } }`), "countries.nodes", "name")
	if len(full) != 42 || !sort.StringsAreSorted(full) {
		t.Fatalf("full list by name: %v", full)
	}
	const pageQ = `query($first: Int, $after: String, $last: Int, $before: String) {
	  countries(first: $first, after: $after, last: $last, before: $before, orderBy: [{field: NAME}]) {
	    totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`

	var forward []string
	vars := map[string]any{"first": 10}
	for pages := 0; ; pages++ {
		d := query(t, pageQ, vars)
		if num(at(d, "countries.totalCount")) != 42 {
			t.Fatalf("totalCount changes while paging: %v", at(d, "countries.totalCount"))
		}
		forward = append(forward, pluck(d, "countries.edges", "node.name")...)
		if (pages > 0) != at(d, "countries.pageInfo.hasPreviousPage") {
			t.Fatalf("page %d: hasPreviousPage %v", pages, at(d, "countries.pageInfo.hasPreviousPage"))
		}
		if at(d, "countries.pageInfo.hasNextPage") != true {
			break
		}
		vars = map[string]any{"first": 10, "after": at(d, "countries.pageInfo.endCursor")}
	}
	if !equalStrings(forward, full) {
		t.Fatalf("paging forwards gave %v", forward)
	}

	var backward []string
	vars = map[string]any{"last": 10}
	for {
		d := query(t, pageQ, vars)
		backward = append(pluck(d, "countries.edges", "node.name"), backward...)
		if at(d, "countries.pageInfo.hasPreviousPage") != true {
			break
		}
		vars = map[string]any{"last": 10, "before": at(d, "countries.pageInfo.startCursor")}
	}
	if !equalStrings(backward, full) {
		t.Fatalf("paging backwards gave %v", backward)
	}

	// A window between two cursors, and first inside it.
	d := query(t, pageQ, map[string]any{"first": 5})
	after := at(d, "countries.edges.1.cursor")
	d = query(t, pageQ, map[string]any{"after": after, "first": 3})
	if got := pluck(d, "countries.edges", "node.name"); !equalStrings(got, full[2:5]) {
		t.Fatalf("first 3 after the 2nd: got %v, want %v", got, full[2:5])
	}
	// Past the end: an empty page, not an error.
	d = query(t, pageQ, map[string]any{"after": at(query(t, pageQ, map[string]any{"last": 1}), "countries.pageInfo.endCursor"), "first": 5})
	if len(pluck(d, "countries.edges", "node.name")) != 0 || at(d, "countries.pageInfo.hasNextPage") != false {
		t.Fatalf("after the last cursor: %v", at(d, "countries"))
	}
}

func TestOrderingCountries(t *testing.T) {
	d := query(t, `{
	  byName: countries(first: 3, orderBy: [{field: NAME, direction: DESC}]) { nodes { name } }
	  byIncome: countries(first: 100, orderBy: [{field: INCOME_GROUP}, {field: ISO3}]) { nodes { iso3 incomeGroup } }
	  byIncome2025: countries(first: 100, where: {incomeFiscalYear: 2025}, orderBy: [{field: INCOME_GROUP, direction: DESC}]) { nodes { iso3 incomeGroup(fiscalYear: 2025) } }
	  byRegion: countries(first: 1, orderBy: [{field: REGION}]) { nodes { region } }
	}`)
	if got := pluck(d, "byName.nodes", "name"); len(got) != 3 || got[0] != "Zimbabwe" || !sort.IsSorted(sort.Reverse(sort.StringSlice(got))) {
		t.Errorf("names descending: %v", got)
	}
	rank := map[string]int{"LOW": 1, "LOWER_MIDDLE": 2, "UPPER_MIDDLE": 3, "HIGH": 4}
	groups := pluck(d, "byIncome.nodes", "incomeGroup")
	for i := 1; i < len(groups); i++ {
		if rank[groups[i-1]] > rank[groups[i]] {
			t.Fatalf("income ascending breaks at %d: %v", i, groups)
		}
	}
	if groups[0] != "LOW" || groups[len(groups)-1] != "HIGH" {
		t.Errorf("income ascending should run from LOW to HIGH: %v", groups)
	}
	g25 := pluck(d, "byIncome2025.nodes", "incomeGroup")
	if strings.Join(g25[:16], ",") != strings.Repeat("HIGH,", 15)+"HIGH" {
		t.Errorf("FY2025 descending should start with the 16 high-income countries: %v", g25)
	}
	if at(d, "byRegion.nodes.0.region") != "EAST_ASIA_PACIFIC" {
		t.Errorf("first region: %v", at(d, "byRegion"))
	}
}

func TestLabelsInBothLanguages(t *testing.T) {
	d := query(t, `{
	  capability(key: "universal-terminology") { en: name fr: name(lang: FR) summary(lang: FR) domain { name(lang: FR) } }
	  finding: findings(capability: "child-helpline") { en: statement fr: statement(lang: FR) citations { quote locator source { key } } }
	  lanzarote: instrument(key: "lanzarote") { en: name(lang: EN) fr: name(lang: FR) }
	  callsToAction { number fr: title(lang: FR) en: title }
	  gbr: country(iso3: "GBR") { en: name fr: name(lang: FR) }
	}`)
	if at(d, "capability.en") != "Universal Terminology" || at(d, "capability.fr") != "Terminologie universelle" {
		t.Errorf("capability names: %v", at(d, "capability"))
	}
	if at(d, "capability.domain.name") != "Médias et communications" {
		t.Errorf("domain in French: %v", at(d, "capability.domain"))
	}
	if at(d, "capability.summary") != nil {
		t.Errorf("summary(lang: FR) is null where the release has no French, never English: got %v", at(d, "capability.summary"))
	}
	fr, _ := at(d, "finding.0.fr").(string)
	if fr == "" || fr == at(d, "finding.0.en") || !strings.Contains(fr, "40") {
		t.Errorf("finding in French should quote the summary: %q", fr)
	}
	if q, _ := at(d, "finding.0.citations.0.quote").(string); q != fr {
		t.Errorf("the French statement is the citation's verbatim quote: %q", q)
	}
	if at(d, "lanzarote.en") == at(d, "lanzarote.fr") {
		t.Errorf("Lanzarote name identical in both languages: %v", at(d, "lanzarote"))
	}
	if len(pluck(d, "callsToAction", "number")) != 5 {
		t.Errorf("calls to action: %v", at(d, "callsToAction"))
	}
	for _, c := range at(d, "callsToAction").([]any) {
		if at(c, "fr") == nil || at(c, "fr") == at(c, "en") {
			t.Errorf("call to action without French title: %v", c)
		}
	}
	if at(d, "gbr.fr") != "Angleterre et pays de Galles (Royaume-Uni)" {
		t.Errorf("England and Wales in French: %v", at(d, "gbr.fr"))
	}
}

func TestEveryFactCitesASource(t *testing.T) {
	d := query(t, `{
	  domains { key citations { source { key title } } capabilities { key citations { source { key } } } }
	  countries(first: 100) { nodes { iso3 citations { source { key } } instruments { instrument { key } citations { source { key } } } } }
	  instruments { key citations { source { key } } }
	  findings { key citations { source { key } } }
	  challenges { key capabilities { key } citations { source { key } } }
	  practices { key country { iso3 } capabilities { key } citations { quote source { key } } }
	  callsToAction { number citations { source { key } } }
	}`)
	check := func(path, label string) {
		list, _ := at(d, path).([]any)
		if len(list) == 0 {
			t.Errorf("%s: empty", path)
		}
		for _, item := range list {
			if cites, _ := at(item, "citations").([]any); len(cites) == 0 {
				t.Errorf("%s %v cites nothing", path, at(item, label))
			}
		}
	}
	check("domains", "key")
	check("instruments", "key")
	check("findings", "key")
	check("challenges", "key")
	check("practices", "key")
	check("callsToAction", "number")
	check("countries.nodes", "iso3")
	for _, dm := range at(d, "domains").([]any) {
		for _, c := range at(dm, "capabilities").([]any) {
			if cites, _ := at(c, "citations").([]any); len(cites) == 0 {
				t.Errorf("capability %v cites nothing", at(c, "key"))
			}
		}
	}
	participations := 0
	for _, c := range at(d, "countries.nodes").([]any) {
		for _, p := range at(c, "instruments").([]any) {
			participations++
			if cites, _ := at(p, "citations").([]any); len(cites) == 0 {
				t.Errorf("%v in %v cites nothing", at(c, "iso3"), at(p, "instrument.key"))
			}
		}
	}
	if want := len(releaseRows(t, "participation.csv")); participations != want {
		t.Errorf("participations: got %d, want the %d recorded in the release", participations, want)
	}
	if n := len(at(d, "findings").([]any)); n != 24 {
		t.Errorf("findings: %d, want 24", n)
	}
	for _, p := range at(d, "practices").([]any) {
		if at(p, "country") != nil {
			t.Errorf("practice %v names a country the summary does not name", at(p, "key"))
		}
	}
}

func TestRootListsAndLookups(t *testing.T) {
	d := query(t, `{
	  domains { number key capabilities { number } }
	  victim: capabilities(domain: "victim") { key }
	  treaties: instruments(kind: TREATY) { key }
	  hic: findings(population: HIGH_INCOME) { key }
	  legislation: findings(capability: "legislation") { key }
	  helplineChallenges: challenges(capability: "child-helpline") { key }
	  practices(capability: "universal-terminology") { key }
	  sources { key }
	  domain(key: "industry") { name capabilities { key } }
	  node(id: "Capability:offender-management") { id ... on Capability { number } }
	  cta: node(id: "CallToAction:3") { id ... on CallToAction { number } }
	  country: node(id: "Country:ken") { ... on Node { id } ... on Country { iso3 } }
	}`)
	if len(at(d, "domains").([]any)) != 6 {
		t.Errorf("domains: %v", at(d, "domains"))
	}
	total := 0
	for _, dm := range at(d, "domains").([]any) {
		total += len(at(dm, "capabilities").([]any))
	}
	if total != 21 {
		t.Errorf("capabilities across domains: %d", total)
	}
	if got := pluck(d, "victim", "key"); !equalStrings(got, []string{"end-to-end-support", "child-protection-workforce", "compensation-remedies-complaints", "child-helpline"}) {
		t.Errorf("victim capabilities in MNR order: %v", got)
	}
	if got := pluck(d, "treaties", "key"); !equalStrings(got, []string{"crc", "budapest", "lanzarote", "un-cybercrime", "malabo", "ilo-c182"}) {
		t.Errorf("treaties: %v", got)
	}
	if got := pluck(d, "hic", "key"); !equalStrings(got, []string{"hic-criminalise-possession", "hic-isp-reporting-law"}) {
		t.Errorf("high-income findings: %v", got)
	}
	if len(pluck(d, "legislation", "key")) != 3 || len(pluck(d, "helplineChallenges", "key")) != 1 || len(pluck(d, "practices", "key")) != 1 {
		t.Errorf("filtered lists: %v %v %v", at(d, "legislation"), at(d, "helplineChallenges"), at(d, "practices"))
	}
	if len(pluck(d, "sources", "key")) < 40 {
		t.Errorf("sources: %v", at(d, "sources"))
	}
	if at(d, "node.id") != "Capability:offender-management" || num(at(d, "node.number")) != 6 {
		t.Errorf("node: %v", at(d, "node"))
	}
	if num(at(d, "cta.number")) != 3 || at(d, "country.id") != "Country:KEN" || at(d, "country.iso3") != "KEN" {
		t.Errorf("node lookups: %v %v", at(d, "cta"), at(d, "country"))
	}
	if got := pluck(d, "domain.capabilities", "key"); len(got) != 4 {
		t.Errorf("industry capabilities: %v", got)
	}
}

func TestPeersShareEveryListedFacet(t *testing.T) {
	d := query(t, `{ country(iso3: "KEN") {
	  income: peers(sharing: [INCOME_GROUP]) { iso3 }
	  both: peers(sharing: [INCOME_GROUP, REGION]) { iso3 incomeGroup region }
	  filtered: peers(sharing: [REGION], where: {partyTo: ["budapest"]}) { iso3 }
	} }`)
	both := pluck(d, "country.both", "iso3")
	sort.Strings(both)
	if !equalStrings(both, []string{"GHA", "ZWE"}) {
		t.Errorf("Kenya's lower-middle-income Sub-Saharan peers: %v", both)
	}
	for _, iso := range pluck(d, "country.income", "iso3") {
		if iso == "KEN" {
			t.Errorf("a country is not its own peer")
		}
	}
	if got := pluck(d, "country.filtered", "iso3"); !equalStrings(got, []string{"GHA", "RWA"}) {
		t.Errorf("Sub-Saharan peers party to Budapest: %v", got)
	}
}

// Peers sharing an income group are found through a copy of the report year's group on each
// country (income_report); every country's peers must be exactly the others with the same
// incomeGroup (read from the IN_INCOME_GROUP relationship) and, when asked, the same region.
func TestPeersAgreeWithEachCountrysIncomeGroupAndRegion(t *testing.T) {
	checkPeersAgainstIncomeGroups(t)
}

func checkPeersAgainstIncomeGroups(t *testing.T) {
	t.Helper()
	d := query(t, `{ countries(first: 100) { nodes { iso3 incomeGroup region
	  income: peers(sharing: [INCOME_GROUP]) { iso3 } both: peers(sharing: [INCOME_GROUP, REGION]) { iso3 } } } }`)
	nodes, _ := at(d, "countries.nodes").([]any)
	if len(nodes) < 42 {
		t.Fatalf("expected every country, got %d", len(nodes))
	}
	for _, n := range nodes {
		c := n.(map[string]any)
		var income, both []string
		for _, m := range nodes {
			o := m.(map[string]any)
			if o["iso3"] == c["iso3"] || c["incomeGroup"] == nil || o["incomeGroup"] != c["incomeGroup"] {
				continue
			}
			income = append(income, o["iso3"].(string))
			if o["region"] == c["region"] {
				both = append(both, o["iso3"].(string))
			}
		}
		for name, want := range map[string][]string{"income": income, "both": both} {
			got := pluck(c, name, "iso3")
			sort.Strings(got)
			sort.Strings(want)
			if !equalStrings(got, want) {
				t.Errorf("%s (%v, %v) peers sharing %s: got %v, want %v", c["iso3"], c["incomeGroup"], c["region"], name, got, want)
			}
		}
	}
}

func TestAdoptedYearIsKnownWhetherOrNotTheDayIs(t *testing.T) {
	d := query(t, `{ crc: instrument(key: "crc") { adopted adoptedYear } lux: instrument(key: "luxembourg-guidelines") { adopted adoptedYear } }`)
	if at(d, "crc.adopted") != "1989-11-20" || num(at(d, "crc.adoptedYear")) != 1989 || at(d, "lux.adopted") != nil || num(at(d, "lux.adoptedYear")) != 2016 {
		t.Errorf("adoption: %v", d)
	}
}

// Filters are logic: an empty OR holds for no country (like iso3In: []), an empty AND for every
// country; and on a date, NOT partyTo counts exactly the countries notPartyTo counts (a party whose
// date is unknown is neither).
func TestFilterLogicAtTheEdges(t *testing.T) {
	d := query(t, `{
	  or: countries(where: {OR: []}) { totalCount }
	  and: countries(where: {AND: []}) { totalCount }
	  notParty: countries(where: {notPartyTo: ["budapest"], partyAsOf: "2020-01-01"}) { totalCount nodes { iso3 } }
	  notOfParty: countries(where: {NOT: {partyTo: ["budapest"]}, partyAsOf: "2020-01-01"}) { totalCount nodes { iso3 } }
	  party: countries(where: {partyTo: ["budapest"], partyAsOf: "2020-01-01"}) { totalCount }
	  notNotParty: countries(where: {NOT: {notPartyTo: ["budapest"]}, partyAsOf: "2020-01-01"}) { totalCount }
	}`)
	if num(at(d, "or.totalCount")) != 0 || num(at(d, "and.totalCount")) != 42 {
		t.Errorf("empty OR / AND: %v / %v", at(d, "or.totalCount"), at(d, "and.totalCount"))
	}
	a, b := pluck(d, "notParty.nodes", "iso3"), pluck(d, "notOfParty.nodes", "iso3")
	if !equalStrings(a, b) || num(at(d, "party.totalCount")) != num(at(d, "notNotParty.totalCount")) {
		t.Errorf("NOT partyTo %v vs notPartyTo %v; partyTo %v vs NOT notPartyTo %v", b, a, at(d, "party.totalCount"), at(d, "notNotParty.totalCount"))
	}
	if unknown := 42 - num(at(d, "party.totalCount")) - num(at(d, "notParty.totalCount")); unknown == 0 {
		t.Errorf("no Budapest party has an unknown date on 2020-01-01; the test proves nothing")
	}
}

// A consent sourced only to the month or year (Ghana's Budapest accession, "2018-12") is known once
// that period is over and unknown within it.
func TestAConsentKnownToTheMonthCountsOnceTheMonthIsOver(t *testing.T) {
	d := query(t, `{
	  after: countries(where: {partyTo: ["budapest"], partyAsOf: "2019-01-01", iso3In: ["GHA", "PHL"]}) { nodes { iso3 } }
	  within: countries(where: {partyTo: ["budapest"], partyAsOf: "2018-12-15", iso3In: ["GHA", "PHL"]}) { nodes { iso3 } }
	  withinNot: countries(where: {notPartyTo: ["budapest"], partyAsOf: "2018-12-15", iso3In: ["GHA", "PHL"]}) { nodes { iso3 } }
	  instrument(key: "budapest") { parties(where: {iso3In: ["GHA"]}) { consented consentedBy } }
	}`)
	if got := pluck(d, "after.nodes", "iso3"); !equalStrings(got, []string{"GHA", "PHL"}) {
		t.Errorf("party on 2019-01-01: %v", got)
	}
	if a, b := pluck(d, "within.nodes", "iso3"), pluck(d, "withinNot.nodes", "iso3"); len(a)+len(b) != 0 {
		t.Errorf("within the month the status is unknown, neither party nor not: %v / %v", a, b)
	}
	if at(d, "instrument.parties.0.consented") != nil || at(d, "instrument.parties.0.consentedBy") != "2018-12-31" {
		t.Errorf("Ghana's participation: %v", at(d, "instrument.parties"))
	}
}
