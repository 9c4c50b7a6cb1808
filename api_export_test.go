package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// download GETs an export as role and returns its status, headers and body.
func download(t *testing.T, role, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if key, ok := testKeys[role]; ok {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return serveTest(req)
}

// csvTable reads a CSV document (an export, a reference file, a release table) into rows keyed by
// its header.
func csvTable(t *testing.T, body string) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("not a CSV file (%v): %.200s", err, body)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// jsonlTable reads a JSON Lines export.
func jsonlTable(t *testing.T, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func cell(v any) string {
	if v == nil {
		return ""
	}
	if f, ok := v.(float64); ok && f == float64(int(f)) {
		return fmt.Sprint(int(f))
	}
	return fmt.Sprint(v)
}

func TestExportsOpenAsCSVAndMatchTheAPI(t *testing.T) {
	rec := download(t, "PUBLIC", "/export/countries.csv")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), `filename="mnr-2026.1-countries.csv"`) ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("countries.csv: %d %v", rec.Code, rec.Header())
	}
	rows := csvTable(t, rec.Body.String())
	api := queryAs(t, "PUBLIC", `{ countries(first: 100, orderBy: [{field: ISO3}]) { nodes { iso3 iso2 isoNumeric name fr: name(lang: FR) scope region fy2015: incomeGroup(fiscalYear: 2015) fy2022: incomeGroup } } }`)
	nodes := at(api, "countries.nodes").([]any)
	if len(rows) != len(nodes) || len(rows) != 42 {
		t.Fatalf("countries.csv has %d rows, the API %d", len(rows), len(nodes))
	}
	for i, n := range nodes {
		r := rows[i]
		if r["iso3"] != at(n, "iso3") || r["iso2"] != at(n, "iso2") || r["name_en"] != at(n, "name") || r["name_fr"] != at(n, "fr") ||
			r["region"] != at(n, "region") || r["income_fy2015"] != cell(at(n, "fy2015")) || r["income_fy2022"] != cell(at(n, "fy2022")) ||
			r["iso_numeric"] != at(n, "isoNumeric") || r["scope"] != cell(at(n, "scope")) {
			t.Errorf("row %d: %v, the API says %v", i, r, n)
		}
	}

	rec = download(t, "PUBLIC", "/export/participation.jsonl")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "mnr-2026.1-participation.jsonl") {
		t.Fatalf("participation.jsonl: %d %v", rec.Code, rec.Header())
	}
	lines := jsonlTable(t, rec.Body.String())
	api = queryAs(t, "PUBLIC", `{ countries(first: 100, orderBy: [{field: ISO3}]) { nodes { iso3 instruments { instrument { key } status consentedBy reason citations { source { key } } } } } }`)
	var want []string
	for _, n := range at(api, "countries.nodes").([]any) {
		for _, p := range at(n, "instruments").([]any) {
			want = append(want, strings.Join([]string{cell(at(n, "iso3")), cell(at(p, "instrument.key")), cell(at(p, "status")),
				cell(at(p, "consentedBy")), cell(at(p, "reason")), strings.Join(pluck(p, "citations", "source.key"), "; ")}, "|"))
		}
	}
	var got []string
	for _, l := range lines {
		got = append(got, strings.Join([]string{cell(l["iso3"]), cell(l["instrument"]), cell(l["status"]), cell(l["consented_by"]), cell(l["reason"]), cell(l["sources"])}, "|"))
	}
	if !equalStrings(got, want) || len(got) != 336 {
		t.Errorf("participation.jsonl (%d lines) differs from the API (%d records)", len(got), len(want))
	}

	rows = csvTable(t, download(t, "PUBLIC", "/export/findings.csv").Body.String())
	findings := at(queryAs(t, "PUBLIC", `{ findings { key numerator statementFr: statement(lang: FR) } }`), "findings").([]any)
	if len(rows) != len(findings) {
		t.Fatalf("findings.csv: %d rows, the API %d", len(rows), len(findings))
	}
	for i, f := range findings {
		if rows[i]["key"] != at(f, "key") || rows[i]["numerator"] != cell(at(f, "numerator")) || rows[i]["statement_fr"] != at(f, "statementFr") {
			t.Errorf("finding %d: %v, the API says %v", i, rows[i], f)
		}
	}
}

// PUBLIC downloads what PUBLIC may query, and nothing else: the published tables, as published.
func TestExportsKeepTheAccessRules(t *testing.T) {
	rec := download(t, "PUBLIC", "/export/coverage.csv")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "-coverage-publication-") {
		t.Fatalf("coverage.csv: %d %v %.300s", rec.Code, rec.Header(), rec.Body.String())
	}
	rows := csvTable(t, rec.Body.String())
	api := queryAs(t, "PUBLIC", `{ coverage(by: INCOME_GROUP) { capability { key } value inPlace inPlaceRange { min max } suppressed } }`)
	byKey := map[string]map[string]string{}
	for _, r := range rows {
		if r["facet"] == "INCOME_GROUP" {
			byKey[r["capability"]+"/"+r["value"]] = r
		}
	}
	cells := at(api, "coverage").([]any)
	if len(byKey) != len(cells) || len(rows) != 21*(1+4+7+2) {
		t.Fatalf("coverage.csv: %d rows (%d by income group), the API %d income cells", len(rows), len(byKey), len(cells))
	}
	hidden := 0
	for _, c := range cells {
		r := byKey[cell(at(c, "capability.key"))+"/"+cell(at(c, "value"))]
		if r["in_place"] != cell(at(c, "inPlace")) || r["in_place_min"] != cell(at(c, "inPlaceRange.min")) || r["suppressed"] != cell(at(c, "suppressed")) {
			t.Errorf("%v: exported %v", c, r)
		}
		if r["in_place"] == "" {
			hidden++
		}
	}
	if hidden == 0 {
		t.Errorf("no hidden count in the exported tables: the publication hides some")
	}

	for _, f := range []string{"csv", "jsonl"} {
		rec = download(t, "PUBLIC", "/export/assessments."+f)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "FORBIDDEN") || strings.Contains(rec.Body.String(), "IN_PLACE") {
			t.Errorf("PUBLIC assessments.%s: %d %.300s", f, rec.Code, rec.Body.String())
		}
	}
	rec = download(t, "ANALYST", "/export/assessments.csv")
	rows = csvTable(t, rec.Body.String())
	d := query(t, `{ countries(first: 100) { nodes { assessments { status } } } }`)
	n := 0
	for _, c := range at(d, "countries.nodes").([]any) {
		n += len(at(c, "assessments").([]any))
	}
	if rec.Code != 200 || len(rows) != n || n == 0 {
		t.Errorf("ANALYST assessments.csv: %d, %d rows, the API %d assessments", rec.Code, len(rows), n)
	}

	rec = download(t, "ANALYST", "/export/assessments.csv?asOf=2000-01-01")
	if rows := csvTable(t, rec.Body.String()); rec.Code != 200 || len(rows) != 0 {
		t.Errorf("assessments as of 2000 (before any): %d, %d rows", rec.Code, len(rows))
	}
	if rec := download(t, "ANALYST", "/export/assessments.csv?asOf=not-a-date"); rec.Code != http.StatusBadRequest {
		t.Errorf("assessments as of a non-date: %d %s", rec.Code, rec.Body.String())
	}
	if rec := download(t, "PUBLIC", "/export/nothing.csv"); rec.Code != 404 {
		t.Errorf("an unknown export: %d", rec.Code)
	}
	rec = download(t, "PUBLIC", "/export/")
	var index struct{ Exports []struct{ Name string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &index); err != nil || len(index.Exports) != 5 {
		t.Errorf("the export index: %s", rec.Body.String())
	}
}
