package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mnrgraph/mnrgraph/graph/store"
)

func TestBadInputGetsACodeAndAMessageNamingTheValue(t *testing.T) {
	cases := []struct {
		name, query, code, mentions string
	}{
		{"unknown ISO3", `{ country(iso3: "XYZ") { name } }`, "NOT_FOUND", `"XYZ"`},
		{"unknown capability", `{ capability(key: "flying-cars") { name } }`, "NOT_FOUND", `"flying-cars"`},
		{"unknown instrument", `{ instrument(key: "geneva") { name } }`, "NOT_FOUND", `"geneva"`},
		{"unknown domain", `{ domain(key: "space") { name } }`, "NOT_FOUND", `"space"`},
		{"unknown node", `{ node(id: "Country:XYZ") { id } }`, "NOT_FOUND", `"Country:XYZ"`},
		{"malformed node id", `{ node(id: "KEN") { id } }`, "BAD_USER_INPUT", `"KEN"`},
		{"unknown ISO3 in a filter", `{ countries(where: {iso3In: ["KEN", "XXA"]}) { totalCount } }`, "BAD_USER_INPUT", `"XXA"`},
		{"unknown instrument in partyTo", `{ countries(where: {partyTo: ["geneva"]}) { totalCount } }`, "BAD_USER_INPUT", `"geneva"`},
		{"unknown instrument deep in a filter", `{ countries(where: {OR: [{NOT: {notPartyTo: ["nope"]}}]}) { totalCount } }`, "BAD_USER_INPUT", `"nope"`},
		{"unknown domain argument", `{ capabilities(domain: "space") { key } }`, "BAD_USER_INPUT", `"space"`},
		{"unknown capability argument", `{ findings(capability: "flying-cars") { key } }`, "BAD_USER_INPUT", `"flying-cars"`},
		{"unknown country argument", `{ practices(country: "XYZ") { key } }`, "BAD_USER_INPUT", `"XYZ"`},
		{"unknown key in a nested filter", `{ instrument(key: "crc") { parties(where: {iso3In: ["QQQ"]}) { status } } }`, "BAD_USER_INPUT", `"QQQ"`},
		{"page size over the maximum", `{ countries(first: 101) { totalCount } }`, "BAD_USER_INPUT", "101"},
		{"last over the maximum", `{ countries(last: 100000) { totalCount } }`, "BAD_USER_INPUT", "100000"},
		{"negative page size", `{ countries(first: -1) { totalCount } }`, "BAD_USER_INPUT", "-1"},
		{"cursor not from this API", `{ countries(after: "hello") { totalCount } }`, "BAD_USER_INPUT", `"hello"`},
		{"fiscal year outside the history", `{ countries(where: {incomeGroupIn: [HIGH], incomeFiscalYear: 2030}) { totalCount } }`, "BAD_USER_INPUT", "2030"},
		{"fiscal year on a field", `{ country(iso3: "KEN") { incomeGroup(fiscalYear: 1999) } }`, "BAD_USER_INPUT", "1999"},
		{"peers without a facet", `{ country(iso3: "KEN") { peers(sharing: []) { iso3 } } }`, "BAD_USER_INPUT", "facet"},
		{"not a date", `{ countries(where: {partyAsOf: "2020-02-31"}) { totalCount } }`, "BAD_USER_INPUT", "2020-02-31"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := queryErr(t, c.query)
			e := resp.Errors[0]
			if e.Extensions["code"] != c.code {
				t.Fatalf("code: got %v, want %s (%s)", e.Extensions["code"], c.code, e.Message)
			}
			if !strings.Contains(e.Message, c.mentions) {
				t.Fatalf("message %q does not name %s", e.Message, c.mentions)
			}
			if resp.Status >= 500 {
				t.Fatalf("HTTP %d for bad input", resp.Status)
			}
		})
	}
}

func TestAnErrorInOneRootFieldLeavesTheOthers(t *testing.T) {
	resp := postQuery(t, testHandler, `{ bad: country(iso3: "XYZ") { name } good: country(iso3: "KEN") { name } }`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	if at(resp.Data, "good.name") != "Kenya" || at(resp.Data, "bad") != nil {
		t.Fatalf("data: %v", resp.Data)
	}
}

func TestDatabaseDownIsServiceUnavailable(t *testing.T) {
	// A store whose database does not answer: nothing listens on port 1.
	down, err := store.Open(store.Config{URI: "bolt://127.0.0.1:1", User: "neo4j", Password: "x", QueryTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close(context.Background())
	h := apiHandler(config{}, down)
	start := time.Now()
	resp := postAs(t, h, "PUBLIC", `{ countries { totalCount } meta { dataVersion } domains { key } }`, nil)
	if len(resp.Errors) == 0 {
		t.Fatalf("no error with the database down")
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] != "SERVICE_UNAVAILABLE" {
			t.Errorf("code %v (%s), want SERVICE_UNAVAILABLE", e.Extensions["code"], e.Message)
		}
		if strings.Contains(e.Message, "127.0.0.1") || strings.Contains(strings.ToLower(e.Message), "bolt") {
			t.Errorf("message leaks connection details: %q", e.Message)
		}
	}
	if resp.Status >= 500 {
		t.Errorf("HTTP %d: want a GraphQL error, not a 5xx", resp.Status)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("failing took %s; it should fail fast", time.Since(start))
	}
	rec := httptestGet(h, "/readyz")
	if rec != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down: %d", rec)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	if code := httptestGet(testHandler, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz: %d", code)
	}
	if code := httptestGet(testHandler, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz with a release loaded: %d", code)
	}
}

// Values that reach the server through variables, where GraphQL validation does not look at them
// the way it looks at literals: still the caller's mistake, never an internal error.
func TestBadVariablesAreTheCallersMistake(t *testing.T) {
	cases := []struct {
		name, query string
		vars        map[string]any
		mentions    string
	}{
		{"an enum in the wrong case", `query($r: [Region!]) { countries(where: {regionIn: $r}) { totalCount } }`, map[string]any{"r": []any{"south_asia"}}, "south_asia"},
		{"a facet in the wrong case", `query($f: Facet!) { countryGroups(by: $f) { count } }`, map[string]any{"f": "region"}, "region"},
		{"a language in the wrong case", `query($l: Lang) { country(iso3: "KEN") { name(lang: $l) } }`, map[string]any{"l": "fr"}, "fr"},
		{"a cursor past any page", `query($c: String) { countries(after: $c) { totalCount } }`, map[string]any{"c": "bzo0NjExNjg2MDE4NDI3Mzg3OTA0"}, "cursor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := queryErr(t, c.query, c.vars)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %v", resp.Data)
			}
			e := resp.Errors[0]
			if code := e.Extensions["code"]; code != "BAD_USER_INPUT" && code != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("code %v (%s), want BAD_USER_INPUT or GRAPHQL_VALIDATION_FAILED", code, e.Message)
			}
			if !strings.Contains(e.Message, c.mentions) {
				t.Fatalf("message %q does not name %s", e.Message, c.mentions)
			}
		})
	}
}

// Every refusal of a value names the argument it came from, as extensions.argument.
func TestBadValuesNameTheirArgument(t *testing.T) {
	cases := []struct{ query, argument string }{
		{`{ countries(where: {iso3In: ["XXX"]}) { totalCount } }`, "where.iso3In"},
		{`{ countries(where: {partyTo: ["nope"]}) { totalCount } }`, "where.partyTo"},
		{`{ countries(where: {OR: [{notPartyTo: ["nope"]}]}) { totalCount } }`, "where.OR[0].notPartyTo"},
		{`{ coverage(capabilities: ["nope"]) { total } }`, "capabilities"},
		{`{ findings(capability: "nope") { key } }`, "capability"},
		{`{ practices(country: "XXX") { key } }`, "country"},
		{`{ countries(where: {partyAsOf: "2020-02-30"}) { totalCount } }`, "where.partyAsOf"},
		{`{ coverage(asOf: "2022-13-01") { total } }`, "asOf"},
	}
	for _, c := range cases {
		resp := queryErr(t, c.query)
		if len(resp.Errors) == 0 {
			t.Errorf("%s: no error", c.query)
			continue
		}
		e := resp.Errors[0]
		if e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["argument"] != c.argument {
			t.Errorf("%s: code %v argument %v (%s), want argument %s", c.query, e.Extensions["code"], e.Extensions["argument"], e.Message, c.argument)
		}
	}
}
