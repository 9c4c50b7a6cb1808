package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRolesAndKeys(t *testing.T) {
	for _, role := range []string{"PUBLIC", "ANALYST", "EDITOR", "ADMIN"} {
		if got := at(queryAs(t, role, `{ meta { role } }`), "meta.role"); got != role {
			t.Errorf("meta.role with the %s key: %v", role, got)
		}
	}
	for _, header := range []string{"Bearer not-a-key", "Bearer ", "Basic dXNlcjpwYXNz", "analyst-test-key", "", "  ", "Bearer admin-test-key\x00Bearer not-a-key"} {
		req, _ := http.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ meta { role } }"}`))
		req.Header.Set("Content-Type", "application/json")
		// Several headers (the NUL separates them here) are refused, whichever comes first.
		for _, h := range strings.Split(header, "\x00") {
			req.Header.Add("Authorization", h)
		}
		resp := serveTest(req)
		if resp.Code != http.StatusUnauthorized || !strings.Contains(resp.Body.String(), `"UNAUTHENTICATED"`) {
			t.Errorf("Authorization %q: HTTP %d %s", header, resp.Code, resp.Body.String())
		}
		if strings.Contains(resp.Body.String(), `"data"`) {
			t.Errorf("a wrong key was answered with data: %s", resp.Body.String())
		}
	}
}

// forbiddenAt asserts that the response has a FORBIDDEN error at path.
func forbiddenAt(t *testing.T, resp gqlResponse, path string) {
	t.Helper()
	for _, e := range resp.Errors {
		if fmt.Sprint(e.Path) == path && e.Extensions["code"] == "FORBIDDEN" {
			if leaks(e.Message) {
				t.Errorf("the refusal leaks a status: %q", e.Message)
			}
			return
		}
	}
	t.Fatalf("no FORBIDDEN at %s: %+v", path, resp.Errors)
}

func leaks(s string) bool {
	for _, st := range []string{"IN_PLACE", "PARTIAL", "ABSENT", "NOT_APPLICABLE"} {
		if strings.Contains(s, st) {
			return true
		}
	}
	return false
}

func TestPublicCallersAreRefusedPerCountryAssessmentsFieldByField(t *testing.T) {
	// peers is a non-null list: refusing it nulls the country around it, as GraphQL does.
	resp := postAs(t, testHandler, "PUBLIC", `{ country(iso3: "KEN") { name peers(sharing: [REGION], where: {lacks: ["offender-management"]}) { iso3 } } }`, nil)
	forbiddenAt(t, resp, "[country peers]")
	if got := at(resp.Data, "country"); got != nil {
		t.Errorf("a refused non-null field must null its parent: %v", got)
	}
	resp = postAs(t, testHandler, "PUBLIC", `{ country(iso3: "KEN") { name assessments { status } om: status(capability: "offender-management") instruments { status } } }`, nil)
	forbiddenAt(t, resp, "[country assessments]")
	forbiddenAt(t, resp, "[country om]")
	if at(resp.Data, "country.name") != "Kenya" || len(at(resp.Data, "country.instruments").([]any)) == 0 {
		t.Errorf("the rest of the country should resolve: %v", resp.Data)
	}
	if got := at(resp.Data, "country.assessments"); got != nil {
		t.Errorf("refused assessments must be null: %v", got)
	}
	if got := at(resp.Data, "country.om"); got != nil {
		t.Errorf("a refused status must be null: %v", got)
	}

	d := queryAs(t, "ANALYST", `{ country(iso3: "KEN") { name assessments { status } } }`)
	if len(at(d, "country.assessments").([]any)) == 0 {
		t.Errorf("ANALYST sees no assessments: %v", d)
	}
}

// The side doors: each tries, as PUBLIC, to learn a status the illustrative data holds, and fails.
func TestNoSideDoorRevealsACountryStatusToPublic(t *testing.T) {
	// What an analyst knows: the two countries without a child helpline.
	absent := pluck(query(t, `{ capability(key: "child-helpline") { countries(status: [ABSENT]) { iso3 } } }`), "capability.countries", "iso3")
	if len(absent) != 2 {
		t.Fatalf("setup: %v", absent)
	}
	target := absent[0]

	for _, c := range publicSideDoors(target) {
		t.Run(c.name, func(t *testing.T) {
			resp := postAs(t, testHandler, "PUBLIC", c.query, nil)
			forbiddenAt(t, resp, c.path)
			if strings.Contains(fmt.Sprint(resp.Data), target) && !strings.Contains(c.query, target) {
				t.Errorf("the response names %s: %v", target, resp.Data)
			}
		})
	}

	t.Run("coverage cells", func(t *testing.T) {
		d := queryAs(t, "PUBLIC", `{ coverage(capabilities: ["child-helpline"]) { total inPlace partial absent notAssessed suppressed } }`)
		cell := d["coverage"].([]any)[0]
		if at(cell, "absent") != nil || at(cell, "suppressed") != true {
			t.Fatalf("2 countries without a helpline must be suppressed: %v", cell)
		}
		nulls := 0
		for _, f := range []string{"inPlace", "partial", "absent", "notAssessed"} {
			if at(cell, f) == nil {
				nulls++
			}
		}
		if nulls < 2 {
			t.Fatalf("one suppressed cell beside a known total can be recomputed: %v", cell)
		}
	})

	t.Run("graph edges", func(t *testing.T) {
		d := queryAs(t, "PUBLIC", fmt.Sprintf(`{ graph(from: "Country:%s", depth: 3, limit: 500) { nodes { id kind } edges { kind properties } } }`, target))
		for _, n := range at(d, "graph.nodes").([]any) {
			if at(n, "kind") == "Assessment" || at(n, "kind") == "Change" {
				t.Fatalf("the graph shows %v", n)
			}
		}
		for _, e := range at(d, "graph.edges").([]any) {
			if k := at(e, "kind"); k == "ASSESSED" || k == "OF" || leaks(fmt.Sprint(at(e, "properties"))) {
				t.Fatalf("the graph shows %v", e)
			}
		}
	})

	t.Run("node ids", func(t *testing.T) {
		for _, id := range []string{"Assessment:" + target, "Change:x", "Assessment:" + target + ":child-helpline"} {
			resp := postAs(t, testHandler, "PUBLIC", fmt.Sprintf(`{ node(id: %q) { id } }`, id), nil)
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || leaks(resp.Errors[0].Message) {
				t.Fatalf("node(%s): %+v", id, resp.Errors)
			}
		}
	})

	t.Run("search results", func(t *testing.T) {
		d := queryAs(t, "PUBLIC", `{ search(text: "ABSENT IN_PLACE helpline", first: 50) { highlight object { __typename } } }`)
		for _, h := range d["search"].([]any) {
			if at(h, "object.__typename") == "Assessment" || leaks(fmt.Sprint(at(h, "highlight"))) {
				t.Fatalf("search shows %v", h)
			}
		}
	})

	t.Run("the audit trail", func(t *testing.T) {
		for _, role := range []string{"PUBLIC", "ANALYST", "EDITOR"} {
			resp := postAs(t, testHandler, role, `{ changes { totalCount } }`, nil)
			forbiddenAt(t, resp, "[changes]")
		}
	})
}

// sideDoor is a query by which PUBLIC tries to learn a country's status, and the path of the
// FORBIDDEN error that refuses it.
type sideDoor struct{ name, query, path string }

// publicSideDoors are the side doors to the status of target, a country an analyst knows lacks a
// child helpline. /graphql and /mcp both refuse every one.
func publicSideDoors(target string) []sideDoor {
	return []sideDoor{
		{"a status filter", `{ countries(where: {lacks: ["child-helpline"]}) { totalCount } }`, "[countries]"},
		{"a status filter narrowed to one country", fmt.Sprintf(`{ countries(where: {iso3In: [%q], lacks: ["child-helpline"]}) { totalCount nodes { iso3 } } }`, target), "[countries]"},
		{"a status filter under NOT", `{ countries(where: {NOT: {has: ["child-helpline"]}}) { totalCount } }`, "[countries]"},
		{"capability statusIn", `{ countries(where: {capability: {key: "child-helpline", statusIn: [ABSENT]}}) { totalCount } }`, "[countries]"},
		{"status-filtered groups", fmt.Sprintf(`{ countryGroups(by: REGION, where: {iso3In: [%q], lacks: ["child-helpline"]}) { count } }`, target), "[countryGroups]"},
		{"Capability.countries", `{ capability(key: "child-helpline") { countries(status: [ABSENT]) { iso3 } } }`, "[capability countries]"},
		{"Capability.countries through node", `{ node(id: "Capability:child-helpline") { ... on Capability { countries(status: [ABSENT]) { iso3 } } } }`, "[node countries]"},
		{"a filtered coverage", fmt.Sprintf(`{ coverage(capabilities: ["child-helpline"], where: {NOT: {iso3In: [%q]}}) { absent } }`, target), "[coverage]"},
		{"coverage in another fiscal year", `{ coverage(by: INCOME_GROUP, fiscalYear: 2025) { absent } }`, "[coverage]"},
		{"coverage as of another date", `{ coverage(asOf: "2025-01-31", capabilities: ["leadership"], by: REGION) { inPlace } }`, "[coverage]"},
		{"statuses of search hits", `{ search(text: "Africa") { object { ... on Country { iso3 status(capability: "child-helpline") } } } }`, "[search 0 object status]"},
		{"instrument parties filtered by status", `{ instrument(key: "crc") { parties(where: {lacks: ["child-helpline"]}) { country { iso3 } } } }`, "[instrument parties]"},
	}
}

func TestPublicAggregatesThatRevealNothingStillWork(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{
	  countryGroups(by: INCOME_GROUP, where: {partyTo: ["budapest"]}) { value count }
	  all: coverage(capabilities: ["dedicated-law-enforcement"]) { total inPlace suppressed }
	  income: coverage(by: INCOME_GROUP, capabilities: ["dedicated-law-enforcement"]) { value total inPlace suppressed }
	}`)
	if len(d["countryGroups"].([]any)) == 0 {
		t.Errorf("public groups: %v", d)
	}
	// The report publishes 42 of 42; the public total row shows it.
	if num(at(d, "all.0.inPlace")) != 42 {
		t.Errorf("dedicated law enforcement, all countries: %v", d["all"])
	}
	if at(d, "income.0.value") != "HIGH" || num(at(d, "income.0.inPlace")) != 15 {
		t.Errorf("the 15 high-income countries are a large cell: %v", d["income"])
	}
}

func cleanupWrites(t *testing.T) {
	t.Helper()
	// In slices: one transaction may hold only so much (db.memory.transaction.max).
	for {
		recs, err := testStore.Write(context.Background(), `MATCH (n) WHERE (n:Assessment AND n.provenance <> 'ILLUSTRATIVE') OR n:Change
WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted`, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := recs[0].Get("deleted"); n.(int64) == 0 {
			return
		}
	}
}
