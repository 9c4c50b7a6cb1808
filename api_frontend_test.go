package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Maps key countries by ISO 3166 numeric code; every country has one, three digits, and GBR says
// it stands for England and Wales only.
func TestCountriesCarryMapCodesAndTheirScope(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{ countries(first: 100) { nodes { iso3 isoNumeric m49 scope } } }`)
	nodes := at(d, "countries.nodes").([]any)
	if len(nodes) != 42 {
		t.Fatalf("%d countries, want 42", len(nodes))
	}
	seen := map[string]string{}
	for _, n := range nodes {
		iso3, num := at(n, "iso3").(string), at(n, "isoNumeric")
		s, _ := num.(string)
		if len(s) != 3 || strings.Trim(s, "0123456789") != "" {
			t.Errorf("%s isoNumeric %v: want three digits", iso3, num)
		}
		if at(n, "m49") != num {
			t.Errorf("%s m49 %v differs from isoNumeric %v", iso3, at(n, "m49"), num)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("%s and %s share the numeric code %s", iso3, other, s)
		}
		seen[s] = iso3
		scope := at(n, "scope")
		if (iso3 == "GBR") != (scope != nil) {
			t.Errorf("%s scope %v: only GBR (England and Wales) has one", iso3, scope)
		}
	}
	for iso3, want := range map[string]string{"KEN": "404", "ALB": "008", "GBR": "826", "VNM": "704"} {
		if seen[want] != iso3 {
			t.Errorf("%s: want isoNumeric %s, %s has it", iso3, want, seen[want])
		}
	}
	if s := at(queryAs(t, "PUBLIC", `{ country(iso3: "GBR") { scope } }`), "country.scope").(string); !strings.Contains(s, "England and Wales") {
		t.Errorf("GBR scope %q does not say England and Wales", s)
	}
}

// A grid has no holes: 21 cells per country whatever was assessed, NOT_ASSESSED with no
// assessment where none is recorded, and the assessment's own status elsewhere; PUBLIC is refused.
func TestCountryGridHasACellForEveryCapability(t *testing.T) {
	d := query(t, `{ countries(first: 100) { nodes { iso3
		grid { capability { key number } status assessment { status } }
		assessments { capability { key } status } } } }`)
	assessed, holes := 0, 0
	for _, n := range at(d, "countries.nodes").([]any) {
		grid := at(n, "grid").([]any)
		if len(grid) != 21 {
			t.Fatalf("%s: %d cells, want 21", at(n, "iso3"), len(grid))
		}
		byKey := map[string]any{}
		for _, a := range at(n, "assessments").([]any) {
			byKey[at(a, "capability.key").(string)] = at(a, "status")
		}
		for i, c := range grid {
			if num(at(c, "capability.number")) != i+1 {
				t.Fatalf("%s: cell %d is capability %v, want capability number order", at(n, "iso3"), i, at(c, "capability.number"))
			}
			status, ok := byKey[at(c, "capability.key").(string)]
			switch {
			case ok && (at(c, "status") != status || at(c, "assessment.status") != status):
				t.Errorf("%s %s: cell %v, assessment %v", at(n, "iso3"), at(c, "capability.key"), c, status)
			case !ok && (at(c, "status") != "NOT_ASSESSED" || at(c, "assessment") != nil):
				t.Errorf("%s %s: unassessed cell %v, want NOT_ASSESSED with no assessment", at(n, "iso3"), at(c, "capability.key"), c)
			}
			if ok {
				assessed++
			} else {
				holes++
			}
		}
	}
	if assessed == 0 || holes == 0 {
		t.Fatalf("%d assessed cells and %d holes: the test data must have both", assessed, holes)
	}
	resp := postAs(t, testHandler, "PUBLIC", `{ country(iso3: "KEN") { iso3 grid { status } } }`, nil)
	if at(resp.Data, "country.iso3") != "KEN" || at(resp.Data, "country.grid") != nil ||
		len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("PUBLIC grid: %+v", resp)
	}
}

// Graph views are ready to plot: node attributes as JSON objects, edge ids and camelCase
// attributes, a truncation flag, and filters by node and edge kind.
func TestGraphViewIsReadyToPlot(t *testing.T) {
	const q = `query($from: ID!, $depth: Int, $limit: Int, $nk: [String!], $ek: [String!]) {
		graph(from: $from, depth: $depth, limit: $limit, nodeKinds: $nk, edgeKinds: $ek) {
			truncated nodes { id kind attributes } edges { id source target kind attributes properties } } }`
	full := query(t, q, map[string]any{"from": "Instrument:budapest"})
	if at(full, "graph.truncated") != false {
		t.Errorf("one hop around Budapest with the default limit is cut: %v", at(full, "graph.truncated"))
	}
	ids := map[string]bool{}
	for _, e := range at(full, "graph.edges").([]any) {
		id := at(e, "id").(string)
		if ids[id] {
			t.Errorf("edge id %s twice", id)
		}
		ids[id] = true
		if !strings.HasPrefix(id, at(e, "source").(string)+"|"+at(e, "kind").(string)+"|"+at(e, "target").(string)) {
			t.Errorf("edge id %s does not name its ends", id)
		}
		attrs, ok := at(e, "attributes").(map[string]any)
		if !ok {
			t.Fatalf("edge attributes %T, want an object", at(e, "attributes"))
		}
		for k := range attrs {
			if strings.Contains(k, "_") || k == "load" {
				t.Errorf("edge attribute %q: want camelCase facts", k)
			}
		}
		if p, _ := at(e, "properties").(string); p != "" {
			var props map[string]any
			if err := json.Unmarshal([]byte(p), &props); err != nil || len(props) != len(attrs) {
				t.Errorf("properties %s and attributes %v differ", p, attrs)
			}
		}
	}
	countries := 0
	for _, n := range at(full, "graph.nodes").([]any) {
		if at(n, "kind") == "Country" {
			countries++
			if len(at(n, "attributes.iso3").(string)) != 3 || at(n, "attributes.isoNumeric") == nil ||
				at(n, "attributes.region") == nil || at(n, "attributes.incomeGroup") == nil {
				t.Errorf("country node attributes %v", at(n, "attributes"))
			}
		}
		if at(n, "kind") == "Instrument" && at(n, "attributes.instrumentKind") != "TREATY" {
			t.Errorf("Budapest's attributes %v: want instrumentKind TREATY", at(n, "attributes"))
		}
	}
	if countries == 0 {
		t.Fatal("no country around Budapest")
	}

	cut := query(t, q, map[string]any{"from": "Instrument:budapest", "limit": 3})
	if at(cut, "graph.truncated") != true || len(at(cut, "graph.nodes").([]any)) != 3 {
		t.Errorf("limit 3: truncated %v with %d nodes, want true with 3", at(cut, "graph.truncated"), len(at(cut, "graph.nodes").([]any)))
	}
	kept := map[string]bool{}
	for _, n := range at(cut, "graph.nodes").([]any) {
		kept[at(n, "id").(string)] = true
	}
	for _, e := range at(cut, "graph.edges").([]any) {
		if !kept[at(e, "source").(string)] || !kept[at(e, "target").(string)] {
			t.Errorf("edge %v reaches a node the view cut", at(e, "id"))
		}
	}

	for _, depth := range []int{1, 2} {
		d := query(t, q, map[string]any{"from": "Country:KEN", "depth": depth, "nk": []string{"Country", "Instrument"}, "ek": []string{"PARTY_TO"}})
		nodes := at(d, "graph.nodes").([]any)
		if len(nodes) < 2 {
			t.Fatalf("depth %d, countries and instruments along PARTY_TO from Kenya: %d nodes", depth, len(nodes))
		}
		for _, n := range nodes {
			if k := at(n, "kind"); k != "Country" && k != "Instrument" {
				t.Errorf("depth %d: node %v of kind %v, filtered out", depth, at(n, "id"), k)
			}
		}
		for _, e := range at(d, "graph.edges").([]any) {
			if at(e, "kind") != "PARTY_TO" {
				t.Errorf("depth %d: edge %v, filtered out", depth, at(e, "id"))
			}
		}
	}
	resp := postQuery(t, testHandler, q, map[string]any{"from": "Country:KEN", "nk": []string{"Planet"}})
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "Instrument") {
		t.Errorf("an unknown node kind: %+v, want BAD_USER_INPUT listing the kinds", resp.Errors)
	}
}

// Chart labels come in one request, in English or French, the same for every role.
func TestEnumLabelsForCharts(t *testing.T) {
	const q = `query($lang: Lang) { enumLabels(lang: $lang) { enum value label description lang } }`
	en := queryAs(t, "PUBLIC", q, map[string]any{"lang": "EN"})
	fr := queryAs(t, "PUBLIC", q, map[string]any{"lang": "FR"})
	if got, want := len(at(en, "enumLabels").([]any)), len(at(fr, "enumLabels").([]any)); got != want || got != 38 {
		t.Fatalf("%d English and %d French labels, want 38 each (the values of the eight chart enums)", got, want)
	}
	for i, l := range at(fr, "enumLabels").([]any) {
		e := at(en, "enumLabels").([]any)[i]
		if at(l, "value") != at(e, "value") || at(l, "label") == "" || at(l, "label") == at(e, "label") && at(l, "enum") == "CapabilityStatus" {
			t.Errorf("label %d: EN %v, FR %v", i, e, l)
		}
	}
	if !equalStrings(pluck(queryAs(t, "ANALYST", `{ enumLabels(enums: ["Region"]) { value } }`), "enumLabels", "value"),
		[]string{"EAST_ASIA_PACIFIC", "EUROPE_CENTRAL_ASIA", "LATIN_AMERICA_CARIBBEAN", "MIDDLE_EAST_NORTH_AFRICA", "NORTH_AMERICA", "SOUTH_ASIA", "SUB_SAHARAN_AFRICA"}) {
		t.Error("Region labels are not the schema's values in order")
	}
	resp := postAs(t, testHandler, "PUBLIC", `{ enumLabels(enums: ["Colour"]) { value } }`, nil)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("an unknown enum: %+v", resp.Errors)
	}
}
