package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The release against the reference it was built from (testdata/reference, unmodified copies of
// the shared reference files): the counts come from the reference, never from the API's output.

// referenceRows reads a reference CSV as maps by column.
func referenceRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile("testdata/reference/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return csvTable(t, string(b))
}

func TestEveryCountryHasOneCitedRecordPerTreaty(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ countries(first: 100) { nodes { iso3 instruments {
		instrument { key kind } status reason consented consentedBy citations { source { key } } } } } }`)
	countries, _ := at(d, "countries.nodes").([]any)
	if len(countries) != 42 {
		t.Fatalf("%d countries, want 42", len(countries))
	}
	treaties := []string{"crc", "opsc", "budapest", "lanzarote", "cets224", "un-cybercrime", "malabo", "ilo-c182"}
	for _, c := range countries {
		iso3 := at(c, "iso3")
		seen := map[string]int{}
		for _, rec := range at(c, "instruments").([]any) {
			key, status := at(rec, "instrument.key").(string), at(rec, "status").(string)
			seen[key]++
			cites := len(at(rec, "citations").([]any))
			switch {
			case status == "UNKNOWN" && at(rec, "reason") == nil:
				t.Errorf("%s %s: UNKNOWN without its reason", iso3, key)
			case status == "NOT_PARTY" && (at(rec, "reason") == nil || cites == 0):
				t.Errorf("%s %s: NOT_PARTY without its reason or source", iso3, key)
			case status != "UNKNOWN" && cites == 0:
				t.Errorf("%s %s: %s cites nothing", iso3, key, status)
			}
			if (status == "RATIFIED" || status == "ACCEDED" || status == "SUCCEEDED") && at(rec, "consented") == nil && at(rec, "consentedBy") == nil {
				t.Logf("%s %s: a party with neither a consent date nor a bound", iso3, key)
			}
		}
		for _, k := range treaties {
			if seen[k] != 1 {
				t.Errorf("%s has %d records for %s, want exactly one", iso3, seen[k], k)
			}
		}
	}
}

// Today is today: a party whose consent is bounded counts as party on today's date as it does
// without a date, so partyTo gives the same countries either way.
func TestPartiesTodayMatchTheReferenceWithAndWithoutADate(t *testing.T) {
	parties := map[string][]string{}
	for _, r := range referenceRows(t, "participation.csv") {
		if s := r["status"]; s == "RATIFIED" || s == "ACCEDED" || s == "SUCCEEDED" {
			parties[r["instrument"]] = append(parties[r["instrument"]], r["iso3"])
		}
	}
	if len(parties["lanzarote"]) != 14 || len(parties["budapest"]) != 26 {
		t.Fatalf("the reference has %d Lanzarote and %d Budapest parties; this test expects 14 and 26", len(parties["lanzarote"]), len(parties["budapest"]))
	}
	today := testStore.Today()
	for _, inst := range []string{"lanzarote", "budapest", "crc", "opsc"} {
		want := parties[inst]
		sort.Strings(want)
		for _, asOf := range []any{nil, today} {
			d := queryAs(t, "PUBLIC", `query($k: [ID!], $d: Date) { countries(first: 100, where: {partyTo: $k, partyAsOf: $d}, orderBy: [{field: ISO3}]) { nodes { iso3 } } }`,
				map[string]any{"k": []string{inst}, "d": asOf})
			if got := pluck(d, "countries.nodes", "iso3"); !equalStrings(got, want) {
				t.Errorf("%s party (partyAsOf %v): %v, want the reference's %v", inst, asOf, got, want)
			}
		}
	}
}

func TestCETS224AndTheUNConventionAsTheReferenceRecordsThem(t *testing.T) {
	signedCETS, ratifiedCETS := map[string]string{}, map[string]string{}
	for _, r := range referenceRows(t, "cets224.csv") {
		if strings.HasPrefix(r["status"], "signed") || strings.HasPrefix(r["status"], "ratified") {
			signedCETS[r["iso3"]] = r["signed"]
		}
		if strings.HasPrefix(r["status"], "ratified") {
			ratifiedCETS[r["iso3"]] = r["consented_or_member_since"]
		}
	}
	if len(signedCETS) != 21 || len(ratifiedCETS) != 2 {
		t.Fatalf("reference: %d CETS 224 signatories and %d ratifications, want 21 and 2", len(signedCETS), len(ratifiedCETS))
	}
	d := queryAs(t, "PUBLIC", `{ instrument(key: "cets224") { parties(status: [SIGNED, RATIFIED, ACCEDED, SUCCEEDED]) { country { iso3 } status signed consented } } }`)
	got := map[string]bool{}
	for _, p := range at(d, "instrument.parties").([]any) {
		iso3 := at(p, "country.iso3").(string)
		got[iso3] = true
		if want, ok := signedCETS[iso3]; !ok {
			t.Errorf("CETS 224: %s is recorded, the reference does not list it as a signatory", iso3)
		} else if isDate(want) && at(p, "signed") != want {
			t.Errorf("CETS 224: %s signed %v, the reference says %s", iso3, at(p, "signed"), want)
		}
		if want, ok := ratifiedCETS[iso3]; ok && (at(p, "status") != "RATIFIED" || at(p, "consented") != want) {
			t.Errorf("CETS 224: %s is %v on %v, the reference says ratified on %s", iso3, at(p, "status"), at(p, "consented"), want)
		}
	}
	if len(got) != len(signedCETS) {
		t.Errorf("CETS 224: %d signatories recorded, the reference has %d", len(got), len(signedCETS))
	}

	hanoi := map[string]string{}
	for _, r := range referenceRows(t, "un_cybercrime.csv") {
		if strings.HasPrefix(r["status"], "signed") {
			hanoi[r["iso3"]] = r["signed"]
		}
	}
	d = queryAs(t, "PUBLIC", `{ instrument(key: "un-cybercrime") { opened parties(status: [SIGNED]) { country { iso3 } signed asRecorded } } }`)
	signers := at(d, "instrument.parties").([]any)
	if len(signers) != 17 || len(hanoi) != 17 {
		t.Fatalf("UN Convention against Cybercrime: %d signatories recorded, %d in the reference; want the 17 Hanoi signatories", len(signers), len(hanoi))
	}
	for _, p := range signers {
		iso3 := at(p, "country.iso3").(string)
		want, ok := hanoi[iso3]
		if !ok {
			t.Errorf("UN convention: %s recorded as signatory, not in the reference", iso3)
		} else if isDate(want) && at(p, "signed") != want {
			t.Errorf("UN convention: %s signed %v, the reference says %s", iso3, at(p, "signed"), want)
		} else if !isDate(want) && at(p, "signed") != nil {
			t.Errorf("UN convention: %s signed %v, a day the reference does not give (%q)", iso3, at(p, "signed"), want)
		}
	}
}

// Unknown is its own answer: on any date, partyTo, notPartyTo and partyUnknown split the countries.
func TestPartyNotPartyAndUnknownSplitTheCountries(t *testing.T) {
	for _, inst := range []string{"un-cybercrime", "lanzarote", "malabo"} {
		for _, asOf := range []any{nil, "2020-01-01", testStore.Today()} {
			d := queryAs(t, "PUBLIC", `query($k: [ID!], $d: Date) {
				p: countries(where: {partyTo: $k, partyAsOf: $d}) { totalCount }
				n: countries(where: {notPartyTo: $k, partyAsOf: $d}) { totalCount }
				u: countries(where: {partyUnknown: $k, partyAsOf: $d}) { totalCount }
				notP: countries(where: {NOT: {partyTo: $k, partyAsOf: $d}}) { totalCount } }`,
				map[string]any{"k": []string{inst}, "d": asOf})
			p, n, u := num(at(d, "p.totalCount")), num(at(d, "n.totalCount")), num(at(d, "u.totalCount"))
			if p+n+u != 42 {
				t.Errorf("%s on %v: party %d + not party %d + unknown %d ≠ 42", inst, asOf, p, n, u)
			}
			if notP := num(at(d, "notP.totalCount")); notP != n {
				t.Errorf("%s on %v: NOT partyTo gives %d countries, notPartyTo %d: an unknown counted as not party", inst, asOf, notP, n)
			}
		}
	}
	d := queryAs(t, "PUBLIC", `{ countries(where: {partyUnknown: ["un-cybercrime"]}) { totalCount } }`)
	if n := num(at(d, "countries.totalCount")); n != 10 {
		t.Errorf("UN convention unknown today: %d countries, want the release's 10 UNKNOWN records", n)
	}
}

func TestTimelineCountsEveryCountryOnEveryDate(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ instrument(key: "lanzarote") {
		t: timeline(from: "2008-01-01", to: "2026-01-01", every: YEAR) { date party notParty unknown total }
		q: timeline(from: "2025-01-01", to: "2026-01-01", every: QUARTER) { date }
		all: timeline { date } } }`)
	points := at(d, "instrument.t").([]any)
	if len(points) != 19 || at(points[0], "date") != "2008-01-01" || at(points[18], "date") != "2026-01-01" {
		t.Fatalf("yearly timeline 2008-2026: %d points from %v to %v", len(points), at(points[0], "date"), at(points[len(points)-1], "date"))
	}
	for _, p := range points {
		if num(at(p, "party"))+num(at(p, "notParty"))+num(at(p, "unknown")) != num(at(p, "total")) || num(at(p, "total")) != 42 {
			t.Errorf("%v: counts do not add up to 42: %v", at(p, "date"), p)
		}
	}
	if first, last := points[0], points[18]; num(at(first, "party")) != 0 || num(at(last, "party")) != 14 || num(at(last, "unknown")) != 0 {
		t.Errorf("Lanzarote: %v parties on 2008-01-01 (want 0: the first ratification is 2009) and %v on 2026-01-01 with %v unknown (want 14, 0)",
			at(first, "party"), at(last, "party"), at(last, "unknown"))
	}
	if got := pluck(d, "instrument.q", "date"); !equalStrings(got, []string{"2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01"}) {
		t.Errorf("quarterly dates: %v", got)
	}
	if all := at(d, "instrument.all").([]any); len(all) == 0 || at(all[len(all)-1], "date") != testStore.Today() {
		t.Errorf("the default timeline does not end today (%s): %v", testStore.Today(), all)
	}
	resp := postAs(t, testHandler, "PUBLIC", `{ instrument(key: "crc") { timeline(from: "1900-01-01", every: MONTH) { date } } }`, nil)
	if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "more than 500 dates") {
		t.Errorf("a 1,500-date timeline: %+v", resp.Errors)
	}
}

func TestMembershipListsArePublicEvidenceWithTheirSnapshots(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ networks { key snapshot capability { key } members { country { iso3 } member asOf citations { source { key } } } }
		kenya: country(iso3: "KEN") { memberships { network { key } } }
		helpline: capability(key: "child-helpline") { evidence { key } } }`)
	byKey := map[string]any{}
	for _, n := range at(d, "networks").([]any) {
		byKey[at(n, "key").(string)] = n
	}
	for _, want := range []struct {
		key, capability string
		members         int
		snapshot        any
	}{{"chi", "child-helpline", 36, "2026-04-22"}, {"inhope", "csea-hotline", 20, nil}} {
		n := byKey[want.key]
		if n == nil {
			t.Fatalf("no network %s", want.key)
		}
		members := at(n, "members").([]any)
		if len(members) != want.members || at(n, "capability.key") != want.capability || at(n, "snapshot") != want.snapshot {
			t.Errorf("%s: %d members, capability %v, snapshot %v; want %d, %s, %v", want.key, len(members), at(n, "capability.key"), at(n, "snapshot"), want.members, want.capability, want.snapshot)
		}
		for _, m := range members {
			if len(at(m, "citations").([]any)) == 0 || at(m, "asOf") != want.snapshot {
				t.Errorf("%s member %v: no citation, or asOf %v is not the snapshot", want.key, at(m, "country.iso3"), at(m, "asOf"))
			}
		}
	}
	if !strings.Contains(strings.Join(pluck(d, "kenya.memberships", "network.key"), ","), "chi") {
		t.Errorf("Kenya's memberships: %v", at(d, "kenya.memberships"))
	}
	if got := pluck(d, "helpline.evidence", "key"); !equalStrings(got, []string{"chi"}) {
		t.Errorf("child-helpline evidence: %v", got)
	}
}

func TestTheReleaseIsCitable(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ meta { dataVersion release { version releasedAt citation licence changelog } }
		iso: node(id: "Source:ISO") { ... on Source { url note } } }`)
	if at(d, "meta.dataVersion") != "2026.1" || at(d, "meta.release.version") != "2026.1" || at(d, "meta.release.releasedAt") == nil {
		t.Errorf("release: %v", at(d, "meta"))
	}
	citation, _ := at(d, "meta.release.citation").(string)
	if !strings.Contains(citation, "2026.1") || !strings.Contains(citation, "MNR Graph") {
		t.Errorf("citation: %q", citation)
	}
	if changelog, _ := at(d, "meta.release.changelog").(string); !strings.Contains(changelog, "cets224") && !strings.Contains(changelog, "CETS 224") {
		t.Errorf("the changelog does not name the new instruments: %.300s", changelog)
	}
	if url, _ := at(d, "iso.url").(string); !strings.Contains(url, "iso.org") {
		t.Errorf("the ISO source points at %q, not ISO's platform", url)
	}
}

// A text asked for in French that the release has only in English says so: null where the field
// may be null, or English with its language in the companion field; never English as French.
func TestFrenchNeverPassesEnglishOffAsFrench(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{
		capability(key: "child-helpline") { summary(lang: FR) name(lang: FR) nameIn(lang: FR) { text lang fallback } }
		practices { title(lang: FR) titleIn(lang: FR) { text lang fallback } en: title summary(lang: FR) }
		domains { outcome(lang: FR) }
		findings { statementIn(lang: FR) { lang fallback } } }`)
	if at(d, "capability.summary") != nil {
		t.Errorf("Capability.summary(lang: FR) = %v: the release has no French summary, so it is null", at(d, "capability.summary"))
	}
	if at(d, "capability.nameIn.lang") != "FR" || at(d, "capability.nameIn.fallback") != false {
		t.Errorf("a French name that exists: %v", at(d, "capability.nameIn"))
	}
	for _, p := range at(d, "practices").([]any) {
		if at(p, "titleIn.lang") != "EN" || at(p, "titleIn.fallback") != true || at(p, "titleIn.text") != at(p, "en") {
			t.Errorf("a practice title with no French: %v", at(p, "titleIn"))
		}
		if at(p, "summary") == nil {
			t.Errorf("a practice's French summary (quoted from the report) is missing")
		}
	}
	for _, dom := range at(d, "domains").([]any) {
		if at(dom, "outcome") != nil {
			t.Errorf("Domain.outcome(lang: FR) = %v, want null (no French outcome)", at(dom, "outcome"))
		}
	}
	for _, f := range at(d, "findings").([]any) {
		if at(f, "statementIn.lang") != "FR" || at(f, "statementIn.fallback") != false {
			t.Errorf("a finding quoted in French: %v", at(f, "statementIn"))
		}
	}
}

// releaseRows reads a table of the release the tests load.
func releaseRows(t *testing.T, name string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(releaseDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return csvTable(t, string(b))
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
