package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mnrgraph/mnrgraph/graph/release"
)

type graphCounts struct{ nodes, rels int64 }

func countGraph(t *testing.T) graphCounts {
	t.Helper()
	recs, err := testStore.Read(context.Background(),
		"RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS rels", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := recs[0].Get("nodes")
	r, _ := recs[0].Get("rels")
	return graphCounts{n.(int64), r.(int64)}
}

func TestLoadingTwiceChangesNothing(t *testing.T) {
	before := countGraph(t)
	if before.nodes == 0 {
		t.Fatal("the release is not loaded")
	}
	rel, err := release.Read(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := release.Load(context.Background(), testStore, rel); err != nil {
		t.Fatal(err)
	}
	if after := countGraph(t); after != before {
		t.Fatalf("loading again changed the graph: %+v -> %+v", before, after)
	}
	if v := at(query(t, `{ meta { dataVersion } }`), "meta.dataVersion"); v != filepath.Base(releaseDir) {
		t.Fatalf("dataVersion: %v", v)
	}
}

func TestAFailingLoadLeavesThePreviousState(t *testing.T) {
	before := countGraph(t)
	rel, err := release.Read(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	// Valid up to the participation statement, which fails inside the transaction on a date
	// Neo4j rejects: everything written before it must be rolled back.
	rel.Version = "broken"
	rel.Countries = append(rel.Countries, map[string]any{"iso3": "ZZZ", "iso2": "ZZ", "name_en": "Nowhere", "region": "SOUTH_ASIA"})
	rel.Participation[0] = map[string]any{"iso3": "ALB", "instrument": "crc", "status": "RATIFIED", "consented": "not-a-date", "sources": []string{"UNTC-CRC"}}
	if err := release.Load(context.Background(), testStore, rel); err == nil {
		t.Fatal("the broken release loaded")
	}
	if after := countGraph(t); after != before {
		t.Fatalf("a failed load changed the graph: %+v -> %+v", before, after)
	}
	d := query(t, `{ meta { dataVersion } countries(where: {nameContains: "Nowhere"}) { totalCount } }`)
	if at(d, "meta.dataVersion") != filepath.Base(releaseDir) || num(at(d, "countries.totalCount")) != 0 {
		t.Fatalf("after a failed load: %v", d)
	}
}

func TestAReleaseThatLeavesSomethingOutRemovesIt(t *testing.T) {
	rel, err := release.Read(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := resetAndLoad(context.Background()); err != nil {
			t.Fatal(err)
		}
	}()
	rel.Version = "2026.1-without-kenya-opsc"
	var kept []map[string]any
	for _, p := range rel.Participation {
		if !(p["iso3"] == "KEN" && p["instrument"] == "opsc") {
			kept = append(kept, p)
		}
	}
	rel.Participation = kept
	if err := release.Load(context.Background(), testStore, rel); err != nil {
		t.Fatal(err)
	}
	d := query(t, `{ meta { dataVersion } instrument(key: "opsc") { parties(status: [SIGNED]) { country { iso3 } } } }`)
	if got := pluck(d, "instrument.parties", "country.iso3"); !equalStrings(got, []string{"GHA"}) {
		t.Fatalf("Kenya's OPSC signature should be gone with the new release: %v", got)
	}
	if at(d, "meta.dataVersion") != "2026.1-without-kenya-opsc" {
		t.Fatalf("dataVersion: %v", at(d, "meta.dataVersion"))
	}
}

// A release that reclassifies a country in the report's fiscal year, or no longer classifies
// it, moves it between peer groups; migrate restores the copy peers read if it is missing.
func TestPeersFollowTheReleasesIncomeGroups(t *testing.T) {
	ctx := context.Background()
	rel, err := release.Read(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := resetAndLoad(ctx); err != nil {
			t.Fatal(err)
		}
	}()
	peersOf := func(iso3 string) []string {
		t.Helper()
		got := pluck(query(t, `query($c: ID!) { country(iso3: $c) { peers(sharing: [INCOME_GROUP]) { iso3 } } }`,
			map[string]any{"c": iso3}), "country.peers", "iso3")
		sort.Strings(got)
		return got
	}
	if got := peersOf("KEN"); !slices.Contains(got, "GHA") || slices.Contains(got, "ALB") {
		t.Fatalf("Kenya's income peers before (lower-middle income): %v", got)
	}
	// KEN becomes upper-middle income in FY2022 and GHA loses its FY2022 classification.
	rel.Version = "2026.1-reclassified"
	var income []map[string]any
	for _, r := range rel.Income {
		switch {
		case r["iso3"] == "KEN" && fmt.Sprint(r["fy"]) == "2022":
			r = maps.Clone(r)
			r["code"] = "UPPER_MIDDLE"
		case r["iso3"] == "GHA" && fmt.Sprint(r["fy"]) == "2022":
			continue
		}
		income = append(income, r)
	}
	rel.Income = income
	if err := release.Load(ctx, testStore, rel); err != nil {
		t.Fatal(err)
	}
	d := query(t, `{ ken: country(iso3: "KEN") { incomeGroup } gha: country(iso3: "GHA") { incomeGroup peers(sharing: [INCOME_GROUP]) { iso3 } } }`)
	if at(d, "ken.incomeGroup") != "UPPER_MIDDLE" || at(d, "gha.incomeGroup") != nil {
		t.Fatalf("the release's classification: %v", d)
	}
	if got := pluck(d, "gha.peers", "iso3"); len(got) != 0 {
		t.Errorf("a country with no FY2022 classification has no income peers: %v", got)
	}
	if got := peersOf("KEN"); slices.Contains(got, "GHA") || !slices.Contains(got, "ALB") {
		t.Errorf("Kenya's income peers after it became upper-middle income: %v", got)
	}
	checkPeersAgainstIncomeGroups(t)

	// A database loaded before countries carried the copy: migrate writes it again.
	if _, err := testStore.Write(ctx, "MATCH (c:Country) REMOVE c.income_report", nil); err != nil {
		t.Fatal(err)
	}
	if got := peersOf("KEN"); len(got) != 0 {
		t.Fatalf("without the copy the peers cannot be found, so this test would not show migrate restoring it: %v", got)
	}
	if err := testStore.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkPeersAgainstIncomeGroups(t)
}

func TestAnInvalidReleaseIsRejectedBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(releaseDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "participation.csv" {
			b = []byte(strings.Replace(string(b), "KEN,opsc,SIGNED", "KEN,opsc,MAYBE", 1))
		}
		if e.Name() == "findings.csv" {
			b = []byte(strings.Replace(string(b), ",framing-the-future-2022,", ",no-such-source,", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err = release.Read(dir)
	if err == nil {
		t.Fatal("an invalid release was accepted")
	}
	for _, want := range []string{`status "MAYBE"`, `unknown source "no-such-source"`, "participation.csv line", "findings.csv line"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the report does not mention %s:\n%v", want, err)
		}
	}
}

// A release that drops a source an assessment cites is refused whole: the assessment keeps its
// citation and the previous release stays.
func TestAReleaseCannotDropASourceThatAssessmentsCite(t *testing.T) {
	defer cleanupWrites(t)
	a := assessment("KEN", "image-databases", "PARTIAL", "2024-03-01")
	a["citations"] = []any{map[string]any{"source": "TCYNEWS", "locator": "2024 news item"}}
	queryAs(t, "EDITOR", recordMutation, map[string]any{"input": []any{a}})
	before := countGraph(t)

	rel, err := release.Read(releaseDir)
	if err != nil {
		t.Fatal(err)
	}
	rel.Version = "2026.1-without-tcynews"
	var sources []map[string]any
	for _, s := range rel.Sources {
		if s["key"] != "TCYNEWS" {
			sources = append(sources, s)
		}
	}
	rel.Sources = sources
	for _, p := range rel.Participation {
		var kept []string
		for _, s := range p["sources"].([]string) {
			if s != "TCYNEWS" {
				kept = append(kept, s)
			}
		}
		p["sources"] = kept
	}
	err = release.Load(context.Background(), testStore, rel)
	if err == nil || !strings.Contains(err.Error(), "TCYNEWS") {
		t.Fatalf("the release was not refused, or the refusal does not name the source: %v", err)
	}
	if after := countGraph(t); after != before {
		t.Fatalf("a refused load changed the graph: %+v -> %+v", before, after)
	}
	d := query(t, `{ meta { dataVersion } country(iso3: "KEN") { assessments(asOf: "2024-03-01") { capability { key } citations { source { key } } } } }`)
	if at(d, "meta.dataVersion") != filepath.Base(releaseDir) {
		t.Errorf("dataVersion: %v", at(d, "meta.dataVersion"))
	}
	found := false
	for _, x := range at(d, "country.assessments").([]any) {
		if at(x, "capability.key") == "image-databases" {
			found = true
			if at(x, "citations.0.source.key") != "TCYNEWS" {
				t.Errorf("the assessment lost its citation: %v", x)
			}
		}
	}
	if !found {
		t.Errorf("the assessment is gone: %v", d)
	}
}
