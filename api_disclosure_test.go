package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/mnrgraph/mnrgraph/graph/disclosure"
)

// The disclosure promise, tried as an outside attacker would: everything PUBLIC can read (every
// country's public facts, every coverage table of every publication, with ranges) goes into an
// exact model of the statuses; no country's status may come out pinned.

const publicCoverageFields = "capability { key } facet value total inPlace partial absent notAssessed notApplicable suppressed " +
	"inPlaceRange { min max } partialRange { min max } absentRange { min max } notAssessedRange { min max } notApplicableRange { min max }"

var coverageColumns = []struct{ field, status string }{
	{"inPlace", "IN_PLACE"}, {"partial", "PARTIAL"}, {"absent", "ABSENT"}, {"notAssessed", "NOT_ASSESSED"}, {"notApplicable", "NOT_APPLICABLE"},
}

// publicTables reads, as role, every table of one publication (0: the latest).
func publicTables(t *testing.T, role string, publication int) map[string]any {
	t.Helper()
	arg := ""
	if publication > 0 {
		arg = fmt.Sprintf("publication: %d", publication)
	}
	paren := func(by string) string {
		parts := []string{}
		if by != "" {
			parts = append(parts, "by: "+by)
		}
		if arg != "" {
			parts = append(parts, arg)
		}
		if len(parts) == 0 {
			return ""
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	q := "{ all: coverage" + paren("") + " { " + publicCoverageFields + " }"
	for _, by := range []string{"INCOME_GROUP", "REGION", "POPULATION"} {
		q += " " + strings.ToLower(by) + ": coverage" + paren(by) + " { " + publicCoverageFields + " }"
	}
	return queryAs(t, role, q+" }")
}

// attackerInput is what anyone knows: each country's public groups, read through the public API.
func attackerInput(t *testing.T) disclosure.Input {
	t.Helper()
	d := queryAs(t, "PUBLIC", `{ countries(first: 100) { nodes { iso3 region incomeGroup } } }`)
	in := disclosure.Input{Groups: []disclosure.Group{disclosure.Total}}
	for _, g := range []struct {
		facet  string
		values []string
	}{
		{"INCOME_GROUP", []string{"HIGH", "UPPER_MIDDLE", "LOWER_MIDDLE", "LOW"}},
		{"REGION", []string{"EAST_ASIA_PACIFIC", "EUROPE_CENTRAL_ASIA", "LATIN_AMERICA_CARIBBEAN", "MIDDLE_EAST_NORTH_AFRICA", "NORTH_AMERICA", "SOUTH_ASIA", "SUB_SAHARAN_AFRICA"}},
		{"POPULATION", []string{"HIGH_INCOME", "LMIC"}},
	} {
		for _, v := range g.values {
			in.Groups = append(in.Groups, disclosure.Group{Facet: g.facet, Value: v})
		}
	}
	for _, n := range at(d, "countries.nodes").([]any) {
		c := disclosure.Country{ID: at(n, "iso3").(string)}
		c.Groups = append(c.Groups, disclosure.Group{Facet: "REGION", Value: at(n, "region").(string)})
		if inc, ok := at(n, "incomeGroup").(string); ok {
			pop := "LMIC"
			if inc == "HIGH" {
				pop = "HIGH_INCOME"
			}
			c.Groups = append(c.Groups, disclosure.Group{Facet: "INCOME_GROUP", Value: inc}, disclosure.Group{Facet: "POPULATION", Value: pop})
		}
		in.Countries = append(in.Countries, c)
	}
	if len(in.Countries) != 42 {
		t.Fatalf("setup: %d countries", len(in.Countries))
	}
	return in
}

// shownTables turns public coverage answers into what the attacker's model takes: per capability,
// the counts shown. It also checks each cell's own consistency (suppressed flag, ranges).
func shownTables(t *testing.T, d map[string]any) map[string]map[disclosure.Cell]int {
	t.Helper()
	out := map[string]map[disclosure.Cell]int{}
	for _, table := range []string{"all", "income_group", "region", "population"} {
		for _, c := range d[table].([]any) {
			m := c.(map[string]any)
			key := at(m, "capability.key").(string)
			g := disclosure.Total
			if table != "all" {
				g = disclosure.Group{Facet: m["facet"].(string), Value: m["value"].(string)}
			}
			if out[key] == nil {
				out[key] = map[disclosure.Cell]int{}
			}
			nulls := 0
			for _, col := range coverageColumns {
				lo, hi := num(at(m, col.field+"Range.min")), num(at(m, col.field+"Range.max"))
				if v := m[col.field]; v != nil {
					out[key][disclosure.Cell{Group: g, Status: col.status}] = num(v)
					if lo != num(v) || hi != num(v) {
						t.Errorf("%s %v %s: shown count %v with range %d..%d", key, g, col.field, v, lo, hi)
					}
				} else {
					nulls++
					if lo > hi || hi > num(m["total"]) || lo < 0 {
						t.Errorf("%s %v %s: hidden count with range %d..%d of %v", key, g, col.field, lo, hi, m["total"])
					}
				}
			}
			if (nulls > 0) != (m["suppressed"] == true) {
				t.Errorf("%s %v: suppressed flag disagrees with the cells: %v", key, g, m)
			}
		}
	}
	return out
}

// truthNow is every country's live status per capability, as an analyst reads it.
func truthNow(t *testing.T) map[string]map[string]string {
	t.Helper()
	d := queryAs(t, "ANALYST", `{ countries(first: 100) { nodes { iso3 assessments { capability { key } status } } } }`)
	out := map[string]map[string]string{}
	for _, n := range at(d, "countries.nodes").([]any) {
		iso := at(n, "iso3").(string)
		for _, a := range at(n, "assessments").([]any) {
			key := at(a, "capability.key").(string)
			if out[key] == nil {
				out[key] = map[string]string{}
			}
			out[key][iso] = at(a, "status").(string)
		}
	}
	return out
}

func changed(a, b map[string]string) int {
	n := 0
	seen := map[string]bool{}
	for _, m := range []map[string]string{a, b} {
		for iso := range m {
			if seen[iso] {
				continue
			}
			seen[iso] = true
			sa, sb := a[iso], b[iso]
			if sa == "" {
				sa = "NOT_ASSESSED"
			}
			if sb == "" {
				sb = "NOT_ASSESSED"
			}
			if sa != sb {
				n++
			}
		}
	}
	return n
}

// attack runs the exact attacker over the publications' shown tables (oldest first); witnesses are
// the statuses at each publication (any consistent assignment would do; the truth is one).
func attack(t *testing.T, in disclosure.Input, shown []map[string]map[disclosure.Cell]int, truth []map[string]map[string]string) []disclosure.Pin {
	t.Helper()
	last := len(shown) - 1
	var tables []disclosure.Table
	for key, cells := range shown[last] {
		cp := disclosure.Capability{Key: key, Status: truth[last][key]}
		for i := 0; i < last; i++ {
			cp.Earlier = append(cp.Earlier, disclosure.Earlier{Shown: shown[i][key], Changed: changed(truth[i][key], truth[i+1][key])})
		}
		in.Capabilities = append(in.Capabilities, cp)
		tb := disclosure.Table{Key: key, Counts: map[disclosure.Cell]int{}, Hidden: map[disclosure.Cell]bool{}}
		for _, g := range in.Groups {
			for _, st := range disclosure.Statuses {
				c := disclosure.Cell{Group: g, Status: st}
				if n, ok := cells[c]; ok {
					tb.Counts[c] = n
				} else {
					tb.Hidden[c] = true
				}
			}
		}
		tables = append(tables, tb)
	}
	pins, err := disclosure.Pinned(context.Background(), in, tables)
	if err != nil {
		t.Fatal(err)
	}
	// The report's own 42 of 42 is the one exception the rule allows.
	var out []disclosure.Pin
	for _, p := range pins {
		if p.Capability == "dedicated-law-enforcement" && p.Status == "IN_PLACE" {
			continue
		}
		out = append(out, p)
	}
	return out
}

func TestPublicTablesPinNoCountryStatus(t *testing.T) {
	in := attackerInput(t)
	shown := shownTables(t, publicTables(t, "PUBLIC", 0))
	truth := truthNow(t)
	if len(shown) != 21 {
		t.Fatalf("public coverage of %d capabilities, want 21", len(shown))
	}
	hidden := 0
	for key, cells := range shown {
		hidden += len(in.Groups)*5 - len(cells)
		// What is shown is the truth at publication (nothing was written since).
		for c, n := range cells {
			count := 0
			for _, country := range in.Countries {
				if c.Group != disclosure.Total && !containsGroup(country.Groups, c.Group) {
					continue
				}
				st := truth[key][country.ID]
				if st == "" {
					st = "NOT_ASSESSED"
				}
				if st == c.Status {
					count++
				}
			}
			if count != n {
				t.Errorf("%s %v: shows %d, the data says %d", key, c, n, count)
			}
		}
	}
	if hidden == 0 {
		t.Fatal("nothing is hidden: the illustrative data has whole groups sharing a status, so the audit must hide something")
	}
	if pins := attack(t, in, []map[string]map[disclosure.Cell]int{shown}, []map[string]map[string]string{truth}); len(pins) > 0 {
		t.Errorf("the public tables pin %d statuses, e.g. %+v", len(pins), pins[0])
	}
	// The whole-group cell the issue found (legislation, LATIN_AMERICA_CARIBBEAN 6 of 6 PARTIAL)
	// is not shown as such.
	if cells := shown["legislation"]; cells[disclosure.Cell{Group: disclosure.Group{Facet: "REGION", Value: "LATIN_AMERICA_CARIBBEAN"}, Status: "PARTIAL"}] == 6 {
		t.Error("legislation: LATIN_AMERICA_CARIBBEAN shows 6 of 6 PARTIAL")
	}
	// The report's 42 of 42 stays visible.
	if n, ok := shown["dedicated-law-enforcement"][disclosure.Cell{Group: disclosure.Total, Status: "IN_PLACE"}]; !ok || n != 42 {
		t.Errorf("dedicated law enforcement: the report's 42 of 42 must be shown, got %d (shown %v)", n, ok)
	}
}

// cleanupPublications removes every publication after the first (the one TestMain made), so
// later tests read the same public numbers as before.
func cleanupPublications(t *testing.T) {
	t.Helper()
	if _, err := testStore.Write(context.Background(), `MATCH (p:Publication) WHERE p.number > 1 DETACH DELETE p
WITH count(*) AS gone MATCH (l:DataState {key: 'publication'}) SET l.last = 1`, nil); err != nil {
		t.Fatal(err)
	}
}

func TestWritesMoveNoPublicNumberUntilAnAdminPublishes(t *testing.T) {
	t.Cleanup(func() { cleanupWrites(t); cleanupPublications(t) })
	before := publicTables(t, "PUBLIC", 0)
	truth1 := truthNow(t)
	pub1 := num(at(queryAs(t, "PUBLIC", `{ meta { publication { number } } }`), "meta.publication.number"))

	// The writes the attacker watched for: one country in two groups each.
	write := func(iso, capability, status string) {
		t.Helper()
		d := queryAs(t, "EDITOR", fmt.Sprintf(`mutation { recordAssessments(input: [{country: %q, capability: %q, status: %s, asOf: "2025-01-31",
		  provenance: SELF_ASSESSMENT, citations: [{source: "framing-the-future-2022"}]}]) { ok written problems { message } } }`, iso, capability, status))
		if at(d, "recordAssessments.ok") != true {
			t.Fatalf("write %s %s: %v", iso, capability, d)
		}
	}
	write("KEN", "child-helpline", "PARTIAL")
	write("CHN", "judiciary-prosecutors", "ABSENT")
	write("UKR", "offender-management", "PARTIAL")

	if after := publicTables(t, "PUBLIC", 0); !reflect.DeepEqual(before, after) {
		t.Fatal("a write moved a public number before any publication")
	}
	resp := postAs(t, testHandler, "EDITOR", `mutation { publish { number } }`, nil)
	forbiddenAt(t, resp, "[publish]")

	// The audit of the changed capabilities can take longer than a request may (the mutation
	// answers within MNRGRAPH_REQUEST_TIMEOUT): publish as `mnrgraph publish` does.
	pub, err := testStore.Publish(context.Background(), 5, "tests")
	if err != nil || pub.Number != pub1+1 || !pub.Illustrative {
		t.Fatalf("publish: %+v, %v", pub, err)
	}
	if got := num(at(queryAs(t, "PUBLIC", `{ meta { publication { number } } }`), "meta.publication.number")); got != pub1+1 {
		t.Fatalf("meta.publication.number = %d after publishing, want %d", got, pub1+1)
	}
	// Publishing again (the mutation) with nothing changed makes no new publication.
	if again := queryAs(t, "ADMIN", `mutation { publish { number asOf illustrative } }`); num(at(again, "publish.number")) != pub1+1 ||
		at(again, "publish.illustrative") != true {
		t.Errorf("an unchanged republication: %v", again)
	}

	truth2 := truthNow(t)
	if changed(truth1["child-helpline"], truth2["child-helpline"]) != 1 {
		t.Fatal("setup: KEN's write did not change child-helpline")
	}
	in := attackerInput(t)
	shown1 := shownTables(t, publicTables(t, "PUBLIC", pub1))
	shown2 := shownTables(t, publicTables(t, "PUBLIC", 0))
	if !reflect.DeepEqual(shownTables(t, before), shown1) {
		t.Error("an earlier publication reads differently after a later one")
	}
	pins := attack(t, in, []map[string]map[disclosure.Cell]int{shown1, shown2}, []map[string]map[string]string{truth1, truth2})
	if len(pins) > 0 {
		t.Errorf("the two publications together pin %d statuses, e.g. %+v", len(pins), pins[0])
	}
}

func TestRefusedFieldsAreNullNeverAPlausibleValue(t *testing.T) {
	resp := postAs(t, testHandler, "PUBLIC", `{ country(iso3: "KEN") { name om: status(capability: "offender-management") assessments { status } } }`, nil)
	forbiddenAt(t, resp, "[country om]")
	forbiddenAt(t, resp, "[country assessments]")
	if at(resp.Data, "country.name") != "Kenya" {
		t.Fatalf("the rest of the country must resolve: %v", resp.Data)
	}
	for _, f := range []string{"om", "assessments"} {
		if v, present := resp.Data["country"].(map[string]any)[f]; !present || v != nil {
			t.Errorf("refused %s must be null, got %v (present %v)", f, v, present)
		}
	}
	resp = postAs(t, testHandler, "PUBLIC", `{ capability(key: "child-helpline") { key countries(status: [ABSENT]) { iso3 } } }`, nil)
	forbiddenAt(t, resp, "[capability countries]")
	if v := resp.Data["capability"].(map[string]any)["countries"]; v != nil {
		t.Errorf("refused Capability.countries must be null, got %v", v)
	}
}

func TestPublicCoverageBeforeAnyPublicationSaysSo(t *testing.T) {
	t.Cleanup(func() {
		if _, err := testStore.Publish(context.Background(), 5, "tests"); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := testStore.Write(context.Background(), `MATCH (p:Publication) DETACH DELETE p WITH count(*) AS gone
MATCH (l:DataState {key: 'publication'}) SET l.last = 0`, nil); err != nil {
		t.Fatal(err)
	}
	resp := postAs(t, testHandler, "PUBLIC", `{ coverage { inPlace } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "NOT_PUBLISHED" {
		t.Fatalf("want NOT_PUBLISHED: %+v", resp.Errors)
	}
	if d := queryAs(t, "PUBLIC", `{ meta { publication { number } } }`); at(d, "meta.publication") != nil {
		t.Errorf("meta.publication before the first: %v", d)
	}
	resp = postAs(t, testHandler, "PUBLIC", `{ coverage(publication: 7) { inPlace } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("an unknown publication: %+v", resp.Errors)
	}
}

func TestPublicCoverageByPopulationAndRanges(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ coverage(by: POPULATION, capabilities: ["offender-management"]) { value total absent absentRange { min max } suppressed } }`)
	cells := d["coverage"].([]any)
	if len(cells) != 2 || at(cells[0], "value") != "HIGH_INCOME" || at(cells[1], "value") != "LMIC" {
		t.Fatalf("POPULATION groups: %v", cells)
	}
	if num(at(cells[0], "total"))+num(at(cells[1], "total")) != 42 {
		t.Errorf("the two populations hold every country: %v", cells)
	}
	for _, c := range cells {
		lo, hi := num(at(c, "absentRange.min")), num(at(c, "absentRange.max"))
		if v := at(c, "absent"); v != nil && (lo != num(v) || hi != num(v)) {
			t.Errorf("shown count and range disagree: %v", c)
		}
		if lo > hi {
			t.Errorf("empty range: %v", c)
		}
	}
	// Analysts read live data with exact ranges, and any publication on request.
	a := query(t, `{ live: coverage(by: POPULATION, capabilities: ["offender-management"]) { value absent absentRange { min max } publication { number } }
	  pub: coverage(capabilities: ["offender-management"], publication: 1) { absent publication { number } } }`)
	for _, c := range a["live"].([]any) {
		if num(at(c, "absentRange.min")) != num(at(c, "absent")) || at(c, "publication") != nil {
			t.Errorf("live cell: %v", c)
		}
	}
	if num(at(a, "pub.0.publication.number")) != 1 {
		t.Errorf("an analyst naming a publication reads it: %v", a["pub"])
	}
	// Peers and groups know the facet too.
	g := queryAs(t, "PUBLIC", `{ countryGroups(by: POPULATION) { value count } country(iso3: "KEN") { peers(sharing: [POPULATION]) { iso3 } } }`)
	if len(g["countryGroups"].([]any)) != 2 || len(at(g, "country.peers").([]any)) < 20 {
		t.Errorf("POPULATION in groups and peers: %v", g)
	}
}

func containsGroup(gs []disclosure.Group, g disclosure.Group) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}
