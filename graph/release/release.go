// Package release reads, validates and loads a data release: a directory of CSV tables
// (data/<version>/) with a manifest. Reading checks every row and every reference before
// anything is written; loading writes the whole release in one transaction, removes what the
// previous release had and this one drops, and records the version.
//
// It must not import gqlgen, gqlparser or the packages above graph (imports_test.go checks).
package release

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Release is a data release read from a folder such as data/2022.1, validated and shaped into the
// parameter rows the loader sends to Neo4j. Nothing here talks to the database.
type Release struct {
	Version       string
	Sources       []map[string]any
	Domains       []map[string]any
	Capabilities  []map[string]any
	Countries     []map[string]any
	Income        []map[string]any
	Instruments   []map[string]any
	Participation []map[string]any
	RestsOn       []map[string]any
	Findings      []map[string]any
	Challenges    []map[string]any
	Practices     []map[string]any
	Calls         []map[string]any
	// Networks and Memberships are public membership lists (evidence, never assessments):
	// who is listed in a network's snapshot. Optional (release 2026.1 and later).
	Networks    []map[string]any
	Memberships []map[string]any
	// Meta is what a citation of the release needs (release.csv and CHANGELOG.md); nil for a
	// release without release.csv.
	Meta map[string]any
}

// table is one CSV file with its header, read strictly.
type table struct {
	file   string
	header map[string]int
	rows   [][]string
}

func readTable(dir, name string, columns ...string) (*table, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &table{file: name, header: map[string]int{}}
	for i, h := range head {
		t.header[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range columns {
		if _, ok := t.header[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", path, c)
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// get returns a trimmed cell, or nil when it is empty (empty means unknown, stored as absent).
func (t *table) get(row []string, col string) any {
	i, ok := t.header[col]
	if !ok || i >= len(row) {
		return nil
	}
	s := strings.TrimSpace(row[i])
	if s == "" {
		return nil
	}
	return s
}

func (t *table) str(row []string, col string) string {
	s, _ := t.get(row, col).(string)
	return s
}

func (t *table) list(row []string, col string) []string {
	var out []string
	for _, p := range strings.Split(t.str(row, col), ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// validator collects every problem in a release so that one run reports them all.
type validator struct{ problems []string }

func (v *validator) addf(t *table, line int, format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf("%s line %d: %s", t.file, line+2, fmt.Sprintf(format, args...)))
}

func (v *validator) required(t *table, i int, row []string, cols ...string) {
	for _, c := range cols {
		if t.get(row, c) == nil {
			v.addf(t, i, "%s is required", c)
		}
	}
}

func (v *validator) date(t *table, i int, row []string, col string) any {
	s := t.str(row, col)
	if s == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		v.addf(t, i, "%s %q is not a YYYY-MM-DD date", col, s)
		return nil
	}
	return s
}

func (v *validator) integer(t *table, i int, row []string, col string) any {
	s := t.str(row, col)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.addf(t, i, "%s %q is not an integer", col, s)
		return nil
	}
	return n
}

func (v *validator) oneOf(t *table, i int, row []string, col string, allowed ...string) {
	s := t.str(row, col)
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	v.addf(t, i, "%s %q is not one of %s", col, s, strings.Join(allowed, ", "))
}

func (v *validator) known(t *table, i int, what string, set map[string]bool, keys ...string) {
	for _, k := range keys {
		if !set[k] {
			v.addf(t, i, "unknown %s %q", what, k)
		}
	}
}

var (
	regions      = []string{"EAST_ASIA_PACIFIC", "EUROPE_CENTRAL_ASIA", "LATIN_AMERICA_CARIBBEAN", "MIDDLE_EAST_NORTH_AFRICA", "NORTH_AMERICA", "SOUTH_ASIA", "SUB_SAHARAN_AFRICA"}
	incomeGroups = []string{"HIGH", "UPPER_MIDDLE", "LOWER_MIDDLE", "LOW"}
	kinds        = []string{"TREATY", "OPTIONAL_PROTOCOL", "GUIDELINES", "PRINCIPLES", "DATABASE", "REPORT"}
	// NOT_PARTY is a verified non-participation (the depositary's list, cited); UNKNOWN is an
	// explicit unknown with its reason. A country with no row for a treaty is unknown too, never
	// "not party"; a complete release (one with release.csv) has a row for every pair.
	statuses = []string{"SIGNED", "RATIFIED", "ACCEDED", "SUCCEEDED", "NOT_PARTY", "UNKNOWN"}
	// treatyKinds are the instruments a state joins: a complete release records every country's
	// participation in each.
	treatyKinds = []string{"TREATY", "OPTIONAL_PROTOCOL"}
	populations = []string{"ALL", "HIGH_INCOME", "LMIC"}
)

// readMeta reads release.csv (version, released, citation, licence) and CHANGELOG.md, or returns
// nil when the release has no release.csv (release 2022.1).
func readMeta(dir string) (map[string]any, error) {
	if _, err := os.Stat(filepath.Join(dir, "release.csv")); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	t, err := readTable(dir, "release.csv", "version", "released", "citation", "licence")
	if err != nil {
		return nil, err
	}
	if len(t.rows) != 1 {
		return nil, fmt.Errorf("%s/release.csv: one row expected, found %d", dir, len(t.rows))
	}
	row := t.rows[0]
	v := &validator{}
	v.required(t, 0, row, "version", "released", "citation", "licence")
	meta := map[string]any{"version": t.get(row, "version"), "released": v.date(t, 0, row, "released"),
		"citation": t.get(row, "citation"), "licence": t.get(row, "licence")}
	changelog, err := os.ReadFile(filepath.Join(dir, "CHANGELOG.md"))
	if err != nil {
		v.problems = append(v.problems, "CHANGELOG.md: a release with release.csv says what changed ("+err.Error()+")")
	}
	meta["changelog"] = string(changelog)
	if len(v.problems) > 0 {
		return nil, fmt.Errorf("release %s is not valid:\n  %s", dir, strings.Join(v.problems, "\n  "))
	}
	return meta, nil
}

// Read reads and validates the release in dir. The version is the folder name unless
// release.csv (or, in older releases, release.json) says otherwise. A release with release.csv
// is complete: every country has one participation row per treaty, and every source it lists
// is cited by some fact.
func Read(dir string) (*Release, error) {
	rel := &Release{Version: filepath.Base(filepath.Clean(dir))}
	if b, err := os.ReadFile(filepath.Join(dir, "release.json")); err == nil {
		var meta struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(b, &meta); err != nil {
			return nil, fmt.Errorf("%s/release.json: %w", dir, err)
		}
		if meta.Version != "" {
			rel.Version = meta.Version
		}
	}
	meta, err := readMeta(dir)
	if err != nil {
		return nil, err
	}
	rel.Meta = meta
	complete := meta != nil
	if complete {
		rel.Version = meta["version"].(string)
	}
	tables := map[string]*table{}
	for name, cols := range map[string][]string{
		"sources.csv":                {"key", "title", "publisher", "published", "url", "note"},
		"domains.csv":                {"key", "number", "name_en", "name_fr", "outcome_en", "source", "locator"},
		"capabilities.csv":           {"key", "number", "domain", "name_en", "name_fr", "name_fr_translated", "summary_en", "source", "locator"},
		"countries.csv":              {"iso3", "iso2", "name_en", "name_fr", "region", "sources", "note"},
		"income-history.csv":         {"iso3"},
		"instruments.csv":            {"key", "short_name", "name_en", "name_fr", "kind", "body", "adopted", "adopted_year", "url", "source", "locator", "note"},
		"participation.csv":          {"iso3", "instrument", "status", "signed", "consented", "consented_by", "sources", "as_recorded"},
		"capability-instruments.csv": {"capability", "instrument", "source", "locator", "note"},
		"findings.csv":               {"key", "capabilities", "population", "numerator", "denominator", "statement_en", "statement_fr", "source", "locator"},
		"challenges.csv":             {"key", "capabilities", "summary_en", "summary_fr", "source", "locator"},
		"practices.csv":              {"key", "capabilities", "country", "title_en", "title_fr", "summary_en", "summary_fr", "source", "locator", "quote"},
		"calls-to-action.csv":        {"number", "title_en", "title_fr", "summary_en", "summary_fr", "source", "locator"},
	} {
		t, err := readTable(dir, name, cols...)
		if err != nil {
			return nil, err
		}
		tables[name] = t
	}
	for name, cols := range map[string][]string{
		"networks.csv":    {"key", "name", "publisher", "capability", "snapshot", "url", "source", "note"},
		"memberships.csv": {"iso3", "network", "member", "since", "as_of", "sources", "locator", "quote"},
	} {
		if _, err := os.Stat(filepath.Join(dir, name)); errors.Is(err, os.ErrNotExist) {
			continue // a release before 2026.1
		}
		t, err := readTable(dir, name, cols...)
		if err != nil {
			return nil, err
		}
		tables[name] = t
	}
	v := &validator{}
	keys := func(t *table, col string) map[string]bool {
		set := map[string]bool{}
		for i, row := range t.rows {
			k := t.str(row, col)
			if k == "" {
				v.addf(t, i, "%s is required", col)
			} else if set[k] {
				v.addf(t, i, "duplicate %s %q", col, k)
			}
			set[k] = true
		}
		return set
	}

	t := tables["sources.csv"]
	sourceKeys := keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "title")
		rel.Sources = append(rel.Sources, map[string]any{
			"key": t.get(row, "key"), "title": t.get(row, "title"), "publisher": t.get(row, "publisher"),
			"published": v.date(t, i, row, "published"), "url": t.get(row, "url"), "note": t.get(row, "note"),
			"retrieved": v.date(t, i, row, "retrieved"),
		})
	}
	// cited collects every source key a fact cites: a complete release cites each of its sources.
	cited := map[string]bool{}
	knownSources := func(t *table, i int, keys ...string) {
		v.known(t, i, "source", sourceKeys, keys...)
		for _, k := range keys {
			cited[k] = true
		}
	}
	citation := func(t *table, i int, row []string, quote any) []map[string]any {
		src := t.list(row, "source")
		knownSources(t, i, src...)
		if len(src) == 0 {
			v.addf(t, i, "source is required: every fact cites one")
		}
		var out []map[string]any
		for _, s := range src {
			out = append(out, map[string]any{"source": s, "locator": t.get(row, "locator"), "quote": quote})
		}
		return out
	}

	t = tables["domains.csv"]
	domainKeys := keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "number", "name_en", "name_fr")
		rel.Domains = append(rel.Domains, map[string]any{
			"key": t.get(row, "key"), "number": v.integer(t, i, row, "number"), "name_en": t.get(row, "name_en"),
			"name_fr": t.get(row, "name_fr"), "outcome_en": t.get(row, "outcome_en"), "outcome_fr": t.get(row, "outcome_fr"),
			"cites": citation(t, i, row, nil),
		})
	}

	t = tables["capabilities.csv"]
	capKeys := keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "number", "name_en", "name_fr")
		v.known(t, i, "domain", domainKeys, t.str(row, "domain"))
		rel.Capabilities = append(rel.Capabilities, map[string]any{
			"key": t.get(row, "key"), "number": v.integer(t, i, row, "number"), "domain": t.get(row, "domain"),
			"name_en": t.get(row, "name_en"), "name_fr": t.get(row, "name_fr"),
			"name_fr_translated": t.str(row, "name_fr_translated") == "true",
			"summary_en":         t.get(row, "summary_en"), "summary_fr": t.get(row, "summary_fr"), "cites": citation(t, i, row, nil),
		})
	}

	t = tables["countries.csv"]
	countryKeys := keys(t, "iso3")
	for i, row := range t.rows {
		v.required(t, i, row, "iso2", "name_en", "name_fr")
		v.oneOf(t, i, row, "region", regions...)
		// iso_numeric is optional (releases before 2026.1 have none) but exact when given.
		if n := t.str(row, "iso_numeric"); n != "" && (len(n) != 3 || strings.Trim(n, "0123456789") != "") {
			v.addf(t, i, "iso_numeric %q is not three digits (ISO 3166-1 numeric, zero-padded, e.g. 008)", n)
		}
		var cites []map[string]any
		for _, s := range t.list(row, "sources") {
			knownSources(t, i, s)
			cites = append(cites, map[string]any{"source": s, "locator": nil, "quote": nil})
		}
		rel.Countries = append(rel.Countries, map[string]any{
			"iso3": t.get(row, "iso3"), "iso2": t.get(row, "iso2"), "name_en": t.get(row, "name_en"),
			"name_fr": t.get(row, "name_fr"), "region": t.get(row, "region"), "note": t.get(row, "note"), "cites": cites,
			"iso_numeric": t.get(row, "iso_numeric"), "scope": t.get(row, "scope"),
			// Search finds a country by its codes and by the other names people use.
			"aliases": strings.Join(append([]string{t.str(row, "iso3"), t.str(row, "iso2")}, t.list(row, "aliases")...), "; "),
		})
	}

	t = tables["income-history.csv"]
	seenIncome := map[string]bool{}
	for i, row := range t.rows {
		iso3 := t.str(row, "iso3")
		v.known(t, i, "country", countryKeys, iso3)
		seenIncome[iso3] = true
		for fy := graph.FirstFiscalYear; fy <= graph.LastFiscalYear; fy++ {
			col := fmt.Sprintf("FY%d", fy)
			code := t.str(row, col)
			if code == "" {
				continue // unknown for that year: no edge
			}
			v.oneOf(t, i, row, col, incomeGroups...)
			source := "WB-HIST"
			if fy == graph.ReportFiscalYear {
				source = "WB22"
			}
			knownSources(t, i, source)
			rel.Income = append(rel.Income, map[string]any{
				"iso3": iso3, "fy": fy, "code": code, "sources": []string{source},
				"from": fmt.Sprintf("%d-07-01", fy-1), "to": fmt.Sprintf("%d-06-30", fy),
			})
		}
	}
	for k := range countryKeys {
		if !seenIncome[k] {
			v.problems = append(v.problems, fmt.Sprintf("income-history.csv: no row for %s", k))
		}
	}

	t = tables["instruments.csv"]
	instrumentKeys := keys(t, "key")
	var treaties []string
	for i, row := range t.rows {
		v.required(t, i, row, "short_name", "name_en")
		v.oneOf(t, i, row, "kind", kinds...)
		if slices.Contains(treatyKinds, t.str(row, "kind")) {
			treaties = append(treaties, t.str(row, "key"))
		}
		rel.Instruments = append(rel.Instruments, map[string]any{
			"key": t.get(row, "key"), "ord": i + 1, "short_name": t.get(row, "short_name"), "name_en": t.get(row, "name_en"),
			"name_fr": t.get(row, "name_fr"), "kind": t.get(row, "kind"), "body": t.get(row, "body"),
			"adopted": v.date(t, i, row, "adopted"), "adopted_year": v.integer(t, i, row, "adopted_year"),
			"url": t.get(row, "url"), "note": t.get(row, "note"), "cites": citation(t, i, row, nil),
			"opened": v.date(t, i, row, "opened"), "in_force": v.date(t, i, row, "in_force"), "open_to": t.get(row, "open_to"),
			// Search finds an instrument by its key ("budapest") and the body behind it.
			"aliases": strings.TrimSpace(t.str(row, "key") + "; " + t.str(row, "body")),
		})
	}

	t = tables["participation.csv"]
	pairs := map[string]bool{}
	for i, row := range t.rows {
		iso3, inst := t.str(row, "iso3"), t.str(row, "instrument")
		v.known(t, i, "country", countryKeys, iso3)
		v.known(t, i, "instrument", instrumentKeys, inst)
		v.oneOf(t, i, row, "status", statuses...)
		if pairs[iso3+"/"+inst] {
			v.addf(t, i, "second participation of %s in %s", iso3, inst)
		}
		pairs[iso3+"/"+inst] = true
		srcs := t.list(row, "sources")
		knownSources(t, i, srcs...)
		status := t.str(row, "status")
		if len(srcs) == 0 && status != "UNKNOWN" {
			v.addf(t, i, "sources is required: every participation cites its record (or is UNKNOWN, with its reason)")
		}
		if (status == "NOT_PARTY" || status == "UNKNOWN") && (t.str(row, "signed") != "" || t.str(row, "consented") != "" || t.str(row, "consented_by") != "") {
			v.addf(t, i, "a %s row has no signed or consented date", status)
		}
		if status == "UNKNOWN" && t.str(row, "reason") == "" {
			v.addf(t, i, "an UNKNOWN row says why in reason")
		}
		if complete && status == "NOT_PARTY" && t.str(row, "reason") == "" {
			v.addf(t, i, "a NOT_PARTY row says how it is known in reason")
		}
		if t.str(row, "consented") != "" && t.str(row, "consented_by") != "" {
			v.addf(t, i, "consented_by is for a consent known only to the month or year; this row has the day (consented)")
		}
		rel.Participation = append(rel.Participation, map[string]any{
			"iso3": iso3, "instrument": inst, "status": t.get(row, "status"),
			"signed": v.date(t, i, row, "signed"), "consented": v.date(t, i, row, "consented"),
			"consented_by": v.date(t, i, row, "consented_by"),
			"sources":      srcs, "as_recorded": t.get(row, "as_recorded"), "reason": t.get(row, "reason"),
		})
	}
	if complete {
		for _, iso3 := range slices.Sorted(maps.Keys(countryKeys)) {
			for _, inst := range treaties {
				if !pairs[iso3+"/"+inst] {
					v.problems = append(v.problems, fmt.Sprintf("participation.csv: no row for %s and %s (a complete release records every country and treaty: a status, NOT_PARTY or UNKNOWN with its reason)", iso3, inst))
				}
			}
		}
	}

	t = tables["capability-instruments.csv"]
	for i, row := range t.rows {
		v.known(t, i, "capability", capKeys, t.str(row, "capability"))
		v.known(t, i, "instrument", instrumentKeys, t.str(row, "instrument"))
		src := t.list(row, "source")
		knownSources(t, i, src...)
		rel.RestsOn = append(rel.RestsOn, map[string]any{
			"capability": t.get(row, "capability"), "instrument": t.get(row, "instrument"),
			"sources": src, "locator": t.get(row, "locator"), "note": t.get(row, "note"),
		})
	}

	t = tables["findings.csv"]
	keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "numerator", "denominator", "statement_en")
		v.oneOf(t, i, row, "population", populations...)
		caps := t.list(row, "capabilities")
		v.known(t, i, "capability", capKeys, caps...)
		n, d := v.integer(t, i, row, "numerator"), v.integer(t, i, row, "denominator")
		if ni, ok := n.(int); ok {
			if di, ok := d.(int); ok && (ni < 0 || ni > di || di == 0) {
				v.addf(t, i, "numerator %d and denominator %d do not make a proportion", ni, di)
			}
		}
		rel.Findings = append(rel.Findings, map[string]any{
			"key": t.get(row, "key"), "ord": i + 1, "capabilities": caps, "population": t.get(row, "population"),
			"numerator": n, "denominator": d, "statement_en": t.get(row, "statement_en"),
			"statement_fr": t.get(row, "statement_fr"), "cites": citation(t, i, row, t.get(row, "statement_fr")),
		})
	}

	t = tables["challenges.csv"]
	keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "summary_en")
		caps := t.list(row, "capabilities")
		v.known(t, i, "capability", capKeys, caps...)
		rel.Challenges = append(rel.Challenges, map[string]any{
			"key": t.get(row, "key"), "ord": i + 1, "capabilities": caps, "summary_en": t.get(row, "summary_en"),
			"summary_fr": t.get(row, "summary_fr"), "cites": citation(t, i, row, t.get(row, "summary_fr")),
		})
	}

	t = tables["practices.csv"]
	keys(t, "key")
	for i, row := range t.rows {
		v.required(t, i, row, "title_en")
		caps := t.list(row, "capabilities")
		v.known(t, i, "capability", capKeys, caps...)
		if c := t.str(row, "country"); c != "" {
			v.known(t, i, "country", countryKeys, c)
		}
		rel.Practices = append(rel.Practices, map[string]any{
			"key": t.get(row, "key"), "ord": i + 1, "capabilities": caps, "country": t.get(row, "country"),
			"title_en": t.get(row, "title_en"), "title_fr": t.get(row, "title_fr"),
			"summary_en": t.get(row, "summary_en"), "summary_fr": t.get(row, "summary_fr"),
			"cites": citation(t, i, row, t.get(row, "quote")),
		})
	}

	t = tables["calls-to-action.csv"]
	keys(t, "number")
	for i, row := range t.rows {
		v.required(t, i, row, "title_en")
		rel.Calls = append(rel.Calls, map[string]any{
			"number": v.integer(t, i, row, "number"), "title_en": t.get(row, "title_en"), "title_fr": t.get(row, "title_fr"),
			"summary_en": t.get(row, "summary_en"), "summary_fr": t.get(row, "summary_fr"),
			"cites": citation(t, i, row, t.get(row, "summary_fr")),
		})
	}

	networkKeys := map[string]bool{}
	if t = tables["networks.csv"]; t != nil {
		networkKeys = keys(t, "key")
		for i, row := range t.rows {
			v.required(t, i, row, "name")
			if c := t.str(row, "capability"); c != "" {
				v.known(t, i, "capability", capKeys, c)
			}
			rel.Networks = append(rel.Networks, map[string]any{
				"key": t.get(row, "key"), "ord": i + 1, "name": t.get(row, "name"), "publisher": t.get(row, "publisher"),
				"capability": t.get(row, "capability"), "snapshot": v.date(t, i, row, "snapshot"), "url": t.get(row, "url"),
				"note": t.get(row, "note"), "cites": citation(t, i, row, nil),
			})
		}
	}
	if t = tables["memberships.csv"]; t != nil {
		seen := map[string]bool{}
		for i, row := range t.rows {
			iso3, network := t.str(row, "iso3"), t.str(row, "network")
			v.known(t, i, "country", countryKeys, iso3)
			v.known(t, i, "network", networkKeys, network)
			if seen[iso3+"/"+network] {
				v.addf(t, i, "second membership of %s in %s", iso3, network)
			}
			seen[iso3+"/"+network] = true
			srcs := t.list(row, "sources")
			knownSources(t, i, srcs...)
			if len(srcs) == 0 {
				v.addf(t, i, "sources is required: every membership cites the list it is in")
			}
			rel.Memberships = append(rel.Memberships, map[string]any{
				"iso3": iso3, "network": network, "member": t.get(row, "member"), "since": v.date(t, i, row, "since"),
				"as_of": v.date(t, i, row, "as_of"), "sources": srcs, "locator": t.get(row, "locator"), "quote": t.get(row, "quote"),
			})
		}
	}
	if complete {
		for _, k := range slices.Sorted(maps.Keys(sourceKeys)) {
			if !cited[k] {
				v.problems = append(v.problems, fmt.Sprintf("sources.csv: %s is cited by nothing (a complete release cites every source it lists; remove it or cite it)", k))
			}
		}
	}

	if len(v.problems) > 0 {
		return nil, fmt.Errorf("release %s is not valid:\n  %s", dir, strings.Join(v.problems, "\n  "))
	}
	return rel, nil
}
