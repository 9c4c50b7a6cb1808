package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/graph/disclosure"
)

// Publications: the public coverage tables are frozen, audited snapshots. Publish reads every
// country's latest statuses, has graph/disclosure decide (jointly with every earlier publication)
// which counts may be shown, and stores the result as a (:Publication) node. Public coverage
// reads the latest publication, never live assessments, so a write moves no public number until
// the next publication, and polling around a write learns nothing.
//
// A Publication node holds what it shows (tables: every cell's count, hidden or not, and range)
// and, for the joint audit of later publications only, each country's status at the time
// (statuses) and the countries' public groups (countries). Only the audit reads statuses; no
// statement a caller can reach projects them.

// PublicFacets are the facets a publication tables, in table order after the total row.
var PublicFacets = []string{"INCOME_GROUP", "REGION", "POPULATION"}

// populationOf is the report's coarse split of the FY2022 income groups.
func populationOf(income string) string {
	switch income {
	case "":
		return ""
	case "HIGH":
		return "HIGH_INCOME"
	}
	return "LMIC"
}

// Publication describes one publication.
type Publication struct {
	Number       int
	PublishedAt  string
	AsOf         string
	DataVersion  string
	Threshold    int
	Hidden       int
	Cells        int
	Illustrative bool
	By           string
	// Unchanged is set when Publish found nothing to publish: every status, the capabilities,
	// the countries and the threshold are those of the latest publication, which is returned.
	Unchanged bool
}

// publishedCell is one count of a publication as stored.
type publishedCell struct {
	Facet  string `json:"f"`
	Value  string `json:"v"`
	Status string `json:"s"`
	Count  *int   `json:"n"` // nil when hidden
	Min    int    `json:"min"`
	Max    int    `json:"max"`
}

type publishedTable struct {
	Capability string          `json:"capability"`
	Cells      []publishedCell `json:"cells"`
}

type publishedGroup struct {
	Facet string `json:"f"`
	Value string `json:"v"`
	Size  int    `json:"size"`
}

// publishedTables is the stored form of what a publication shows.
type publishedTables struct {
	Groups []publishedGroup  `json:"groups"`
	Tables []publishedTable  `json:"tables"`
	index  map[string]int    // capability key -> index in Tables
	sizes  map[[2]string]int // group -> size
}

func (p *publishedTables) prepare() {
	p.index = map[string]int{}
	for i, t := range p.Tables {
		p.index[t.Capability] = i
	}
	p.sizes = map[[2]string]int{}
	for _, g := range p.Groups {
		p.sizes[[2]string{g.Facet, g.Value}] = g.Size
	}
}

// publicCountry is a country's public groups, stored so that a later audit can tell whether it
// audits the same countries and groups.
type publicCountry struct {
	ISO3   string   `json:"iso3"`
	Groups []string `json:"groups"` // "FACET=VALUE"
}

// Publish audits the public coverage tables as of today jointly with every earlier publication
// and records them as the next publication. Publications are serialised by a lock on the
// publication state node, so two at once get consecutive numbers and each is audited with the
// other. threshold is the small-cell threshold; by names who published (an API key's label).
func (s *Store) Publish(ctx context.Context, threshold int, by string) (Publication, error) {
	var out Publication
	err := s.InTransaction(ctx, 5*time.Minute, func(tx neo4j.ManagedTransaction) error {
		out = Publication{}
		recs, err := collect(ctx, tx, `MERGE (l:DataState {key: 'publication'}) SET l.locked = coalesce(l.locked, 0) + 1
RETURN coalesce(l.last, 0) AS last`, nil)
		if err != nil {
			return err
		}
		last, err := decodeInt(recs[0].Values[0], "last")
		if err != nil {
			return err
		}
		in, audit, err := s.publicationInput(ctx, tx, threshold)
		if err != nil {
			return err
		}
		if latest, same, err := sameAsLatest(ctx, tx, audit, threshold); err != nil || same {
			out = latest
			return err
		}
		tables, err := disclosure.Audit(ctx, in)
		if err != nil {
			return fmt.Errorf("disclosure audit: %w", err)
		}
		pub, err := audit.encode(tables)
		if err != nil {
			return err
		}
		out = Publication{Number: last + 1, AsOf: audit.asOf, DataVersion: audit.version, Threshold: threshold,
			Hidden: pub.hidden, Cells: pub.cells, Illustrative: audit.illustrative, By: by}
		recs, err = collect(ctx, tx, `MATCH (l:DataState {key: 'publication'})
CREATE (p:Publication {number: $number, published_at: datetime(), as_of: date($asOf), data_version: $version,
  threshold: $threshold, hidden: $hidden, cells: $cells, illustrative: $illustrative, published_by: $by,
  tables: $tables, statuses: $statuses, countries: $countries})
SET l.last = $number
RETURN toString(p.published_at) AS at`, map[string]any{
			"number": out.Number, "asOf": out.AsOf, "version": out.DataVersion, "threshold": threshold,
			"hidden": out.Hidden, "cells": out.Cells, "illustrative": out.Illustrative, "by": by,
			"tables": pub.tables, "statuses": pub.statuses, "countries": pub.countries})
		if err != nil {
			return err
		}
		out.PublishedAt, _ = recs[0].Values[0].(string)
		return nil
	})
	if err != nil {
		return Publication{}, err
	}
	return out, nil
}

// sameAsLatest reports whether the latest publication already shows what a new one would: same
// statuses, capabilities, countries and threshold. Republishing it would only lengthen the chain
// every later audit must solve.
func sameAsLatest(ctx context.Context, tx neo4j.ManagedTransaction, a *auditState, threshold int) (Publication, bool, error) {
	recs, err := collect(ctx, tx, "MATCH (p:Publication) WITH p ORDER BY p.number DESC LIMIT 1"+
		" RETURN "+cypher.PublicationProps+" AS publication, p.statuses AS statuses, p.countries AS countries, p.tables AS tables", nil)
	if err != nil || len(recs) == 0 {
		return Publication{}, false, err
	}
	pub := decodePublication(recs[0].Values[0])
	statuses, _ := json.Marshal(a.statuses)
	countries, _ := json.Marshal(a.countries)
	var tables publishedTables
	raw, _ := recs[0].Values[3].(string)
	if err := json.Unmarshal([]byte(raw), &tables); err != nil {
		return Publication{}, false, fmt.Errorf("publication %d: stored tables: %w", pub.Number, err)
	}
	var caps []string
	for _, t := range tables.Tables {
		caps = append(caps, t.Capability)
	}
	same := pub.Threshold == threshold && recs[0].Values[1] == string(statuses) && recs[0].Values[2] == string(countries) &&
		slices.Equal(caps, a.caps) && pub.DataVersion == a.version
	pub.Unchanged = same
	return pub, same, nil
}

// auditState is what Publish read, kept to encode the audited tables for storage.
type auditState struct {
	asOf, version string
	illustrative  bool
	countries     []publicCountry
	statuses      map[string]map[string]string // capability -> iso3 -> status (NOT_ASSESSED left out)
	caps          []string
	groups        []disclosure.Group
	sizes         map[disclosure.Group]int
}

type encodedPublication struct {
	tables, statuses, countries string
	hidden, cells               int
}

func (a *auditState) encode(tables []disclosure.Table) (encodedPublication, error) {
	var out encodedPublication
	pt := publishedTables{}
	for _, g := range a.groups {
		pt.Groups = append(pt.Groups, publishedGroup{Facet: g.Facet, Value: g.Value, Size: a.sizes[g]})
	}
	for _, t := range tables {
		table := publishedTable{Capability: t.Key}
		for _, g := range a.groups {
			for _, st := range disclosure.Statuses {
				cell := disclosure.Cell{Group: g, Status: st}
				r := t.Ranges[cell]
				pc := publishedCell{Facet: g.Facet, Value: g.Value, Status: st, Min: r.Min, Max: r.Max}
				if t.Hidden[cell] {
					out.hidden++
				} else {
					n := t.Counts[cell]
					pc.Count = &n
					pc.Min, pc.Max = n, n
				}
				out.cells++
				table.Cells = append(table.Cells, pc)
			}
		}
		pt.Tables = append(pt.Tables, table)
	}
	for _, v := range []struct {
		dst *string
		src any
	}{{&out.tables, pt}, {&out.statuses, a.statuses}, {&out.countries, a.countries}} {
		b, err := json.Marshal(v.src)
		if err != nil {
			return out, err
		}
		*v.dst = string(b)
	}
	return out, nil
}

// publicationInput reads what the audit needs: every country's public groups and latest statuses
// as of today, the capabilities, the report's own published counts, and the earlier publications.
func (s *Store) publicationInput(ctx context.Context, tx neo4j.ManagedTransaction, threshold int) (disclosure.Input, *auditState, error) {
	today := s.Today()
	st := &auditState{asOf: today, statuses: map[string]map[string]string{}, sizes: map[disclosure.Group]int{}}
	recs, err := collect(ctx, tx, `OPTIONAL MATCH (d:DataState {key: 'release'})
RETURN coalesce(d.version, '') AS version,
  COLLECT { MATCH (c:Capability) RETURN c.key ORDER BY c.number } AS caps,
  COLLECT { MATCH (f:Finding)-[:ABOUT]->(c:Capability) WHERE f.population = 'ALL' AND f.numerator = f.denominator
            AND COUNT { (f)-[:ABOUT]->(:Capability) } = 1 RETURN [c.key, f.numerator] } AS unanimous`, nil)
	if err != nil {
		return disclosure.Input{}, nil, err
	}
	st.version, _ = recs[0].Values[0].(string)
	if st.caps, err = decodeList[string](recs[0].Values[1], "caps"); err != nil {
		return disclosure.Input{}, nil, err
	}
	pairs, err := decodeList[[]any](recs[0].Values[2], "unanimous")
	if err != nil {
		return disclosure.Input{}, nil, err
	}
	unanimous := map[string]int{}
	for i, pair := range pairs {
		field := fmt.Sprintf("unanimous[%d]", i)
		if len(pair) != 2 {
			return disclosure.Input{}, nil, &BadRowError{Field: field, Got: fmt.Sprintf("%d values", len(pair)), Want: "[capability, count]"}
		}
		key, err := DecodeAs[string](pair[0], field+"[0]")
		if err != nil {
			return disclosure.Input{}, nil, err
		}
		if unanimous[key], err = decodeInt(pair[1], field+"[1]"); err != nil {
			return disclosure.Input{}, nil, err
		}
	}

	recs, err = collect(ctx, tx, `MATCH (v:Country)
RETURN v.iso3 AS iso3, v.region AS region, v.income_report AS income ORDER BY iso3`, nil)
	if err != nil {
		return disclosure.Input{}, nil, err
	}
	st.groups = []disclosure.Group{disclosure.Total}
	for _, f := range PublicFacets {
		for _, v := range cypher.FacetValues[f] {
			st.groups = append(st.groups, disclosure.Group{Facet: f, Value: v})
		}
	}
	in := disclosure.Input{Groups: st.groups, Threshold: threshold}
	for _, r := range recs {
		iso, _ := r.Values[0].(string)
		region, _ := r.Values[1].(string)
		income, _ := r.Values[2].(string)
		c := disclosure.Country{ID: iso}
		for _, g := range []disclosure.Group{{Facet: "INCOME_GROUP", Value: income}, {Facet: "REGION", Value: region},
			{Facet: "POPULATION", Value: populationOf(income)}} {
			if g.Value != "" {
				c.Groups = append(c.Groups, g)
			}
		}
		in.Countries = append(in.Countries, c)
		pc := publicCountry{ISO3: iso}
		st.sizes[disclosure.Total]++
		for _, g := range c.Groups {
			pc.Groups = append(pc.Groups, g.Facet+"="+g.Value)
			st.sizes[g]++
		}
		st.countries = append(st.countries, pc)
	}

	recs, err = collect(ctx, tx, "MATCH (v:Country) "+cypher.LatestStatuses("v", "date($today)", "capKey", "status")+
		" RETURN v.iso3 AS iso3, capKey, status, EXISTS { MATCH (v)-[:ASSESSED]->(a:Assessment {provenance: 'ILLUSTRATIVE'})-[:OF]->(:Capability {key: capKey}) WHERE a.as_of <= date($today) } AS illustrative",
		map[string]any{"today": today})
	if err != nil {
		return disclosure.Input{}, nil, err
	}
	for _, r := range recs {
		iso, _ := r.Values[0].(string)
		capKey, _ := r.Values[1].(string)
		status, _ := r.Values[2].(string)
		if ill, _ := r.Values[3].(bool); ill {
			st.illustrative = true
		}
		if status == "" || status == "NOT_ASSESSED" {
			continue
		}
		if st.statuses[capKey] == nil {
			st.statuses[capKey] = map[string]string{}
		}
		st.statuses[capKey][iso] = status
	}

	earlier, err := earlierPublications(ctx, tx, st.countries)
	if err != nil {
		return disclosure.Input{}, nil, err
	}
	for _, key := range st.caps {
		cp := disclosure.Capability{Key: key, Status: st.statuses[key]}
		if cp.Status == nil {
			cp.Status = map[string]string{}
		}
		if n, ok := unanimous[key]; ok && n == len(in.Countries) && countStatus(cp.Status, "IN_PLACE") == n {
			// The report publishes this count about every country (e.g. dedicated law
			// enforcement, 42 of 42): it is shown, and what it alone pins is no secret.
			cp.Forced = []disclosure.Cell{{Group: disclosure.Total, Status: "IN_PLACE"}}
		}
		cp.Earlier = earlierOf(earlier, key, cp.Status)
		in.Capabilities = append(in.Capabilities, cp)
	}
	return in, st, nil
}

func countStatus(m map[string]string, status string) int {
	n := 0
	for _, s := range m {
		if s == status {
			n++
		}
	}
	return n
}

// storedPublication is an earlier publication as the joint audit reads it.
type storedPublication struct {
	tables   publishedTables
	statuses map[string]map[string]string
}

// earlierPublications reads the publications made over the same countries and public groups as
// now, oldest first. A release that changes the countries or their groups starts a new chain: the
// audit's model counts the same countries at every date.
func earlierPublications(ctx context.Context, tx neo4j.ManagedTransaction, now []publicCountry) ([]storedPublication, error) {
	recs, err := collect(ctx, tx, `MATCH (p:Publication) RETURN p.tables AS tables, p.statuses AS statuses, p.countries AS countries
ORDER BY p.number`, nil)
	if err != nil {
		return nil, err
	}
	nowJSON, _ := json.Marshal(now)
	var out []storedPublication
	for _, r := range recs {
		countries, _ := r.Values[2].(string)
		if countries != string(nowJSON) {
			out = nil // an earlier chain ended here
			continue
		}
		var sp storedPublication
		tables, _ := r.Values[0].(string)
		statuses, _ := r.Values[1].(string)
		if err := json.Unmarshal([]byte(tables), &sp.tables); err != nil {
			return nil, fmt.Errorf("a stored publication's tables: %w", err)
		}
		if err := json.Unmarshal([]byte(statuses), &sp.statuses); err != nil {
			return nil, fmt.Errorf("a stored publication's statuses: %w", err)
		}
		sp.tables.prepare()
		out = append(out, sp)
	}
	return out, nil
}

// earlierOf is one capability's history of publications for the joint audit: what each showed,
// and how many countries' statuses changed between it and the next (the attacker is assumed to
// know that number).
func earlierOf(pubs []storedPublication, key string, now map[string]string) []disclosure.Earlier {
	var out []disclosure.Earlier
	var statuses []map[string]string
	for _, p := range pubs {
		i, ok := p.tables.index[key]
		if !ok {
			// The capability was not published then: its history starts after.
			out, statuses = nil, nil
			continue
		}
		e := disclosure.Earlier{Shown: map[disclosure.Cell]int{}}
		for _, c := range p.tables.Tables[i].Cells {
			if c.Count != nil {
				e.Shown[disclosure.Cell{Group: disclosure.Group{Facet: c.Facet, Value: c.Value}, Status: c.Status}] = *c.Count
			}
		}
		out = append(out, e)
		st := p.statuses[key]
		if st == nil {
			st = map[string]string{}
		}
		statuses = append(statuses, st)
	}
	for i := range out {
		next := now
		if i+1 < len(statuses) {
			next = statuses[i+1]
		}
		out[i].Changed = changedBetween(statuses[i], next)
	}
	return out
}

// changedBetween counts the countries whose status differs (a country left out is NOT_ASSESSED).
func changedBetween(a, b map[string]string) int {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	n := 0
	for k := range keys {
		sa, sb := a[k], b[k]
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
	return n
}
