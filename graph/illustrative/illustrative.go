// Package illustrative generates and loads the illustrative (synthetic) assessments: statuses
// invented so that every query can be tried on a fresh machine, which reproduce every published
// count of the report exactly and are labelled ILLUSTRATIVE wherever they appear.
//
// It must not import gqlgen, gqlparser or the packages above graph (imports_test.go checks).
package illustrative

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Illustrative assessments are synthetic. They let every query be tried on a fresh machine while
// the real per-country answers stay with the Alliance. The generator is deterministic (fixed seed,
// countries in ISO3 order) and reproduces every published count of "Framing the Future" exactly:
// for each capability, IN_PLACE = the defining finding's numerator, ABSENT = denominator −
// numerator, NOT_ASSESSED = 42 − denominator, with the income constraints the findings state.

// Source is the source every illustrative assessment cites.
const Source = "mnrgraph-illustrative"

// AsOf is the date illustrative assessments carry: the end of the survey (March 2021).
const AsOf = "2021-03-31"

const note = "ILLUSTRATIVE (synthetic): generated to reproduce the report's published aggregates; not this country's real status."

// DefiningCount is a capability's published count from its defining finding.
type DefiningCount struct {
	Capability     string
	Finding        string
	InPlace, Denom int
	// absentLMIC, when set, is exactly how many of the ABSENT are low or middle income.
	absentLMIC *int
	// sameAs makes the capability copy another's statuses (the survey reported them together).
	sameAs string
}

func n(i int) *int { return &i }

// DefiningCounts is the table "Which finding defines each capability's status" of the reference.
var DefiningCounts = []DefiningCount{
	{Capability: "leadership", Finding: "governance-mechanism", InPlace: 32, Denom: 42},
	{Capability: "research-analysis-monitoring", Finding: "research-monitoring", InPlace: 35, Denom: 42},
	{Capability: "dedicated-law-enforcement", Finding: "dedicated-law-enforcement", InPlace: 42, Denom: 42},
	{Capability: "judiciary-prosecutors", Finding: "judiciary-prosecutors", InPlace: 36, Denom: 41},
	{Capability: "offender-management", Finding: "offender-management", InPlace: 30, Denom: 42, absentLMIC: n(12)},
	{Capability: "image-databases", Finding: "icse-connected", InPlace: 29, Denom: 42, absentLMIC: n(12)},
	{Capability: "end-to-end-support", Finding: "end-to-end-support", InPlace: 29, Denom: 42},
	{Capability: "child-protection-workforce", Finding: "child-protection-workforce", InPlace: 34, Denom: 41},
	{Capability: "compensation-remedies-complaints", Finding: "remedies-compensation", InPlace: 34, Denom: 42},
	{Capability: "child-helpline", Finding: "child-helpline", InPlace: 40, Denom: 42},
	{Capability: "csea-hotline", Finding: "reporting-hotline", InPlace: 38, Denom: 42},
	{Capability: "education-programme", Finding: "education-programme", InPlace: 32, Denom: 42},
	{Capability: "child-participation", Finding: "child-participation", InPlace: 29, Denom: 41},
	{Capability: "offender-support-systems", Finding: "offender-support", InPlace: 24, Denom: 41, absentLMIC: n(17)},
	{Capability: "takedown-procedures", Finding: "takedown-procedures", InPlace: 30, Denom: 41},
	{Capability: "csea-reporting", Finding: "takedown-procedures", InPlace: 30, Denom: 41, sameAs: "takedown-procedures"},
	{Capability: "innovative-solutions", Finding: "industry-engagement", InPlace: 25, Denom: 41},
	{Capability: "corporate-social-responsibility", Finding: "industry-engagement", InPlace: 25, Denom: 41, sameAs: "innovative-solutions"},
	{Capability: "ethical-media-reporting", Finding: "ethical-media", InPlace: 23, Denom: 42},
	{Capability: "universal-terminology", Finding: "universal-terminology", InPlace: 21, Denom: 42},
}

// Legislation has no aggregable finding: its counts come per income group
// (hic-isp-reporting-law 8/15, lmic-laws-inadequate 22/25).
var legislationCounts = struct{ hicInPlace, hicPartial, lmicInPlace, lmicPartial, lmicNotAssessed int }{8, 7, 3, 22, 2}

// CountryIncome is the input of the generator: a country and whether it is high income (FY2022).
type CountryIncome struct {
	ISO3 string
	High bool
}

// Status is one generated status (NOT_ASSESSED ones are not written).
type Status struct {
	ISO3, Capability, Status string
}

// Generate assigns one status per country and capability. It needs the report's 42
// countries: 15 high income and 27 low or middle income.
func Generate(countries []CountryIncome) ([]Status, error) {
	var hic, lmic []string
	for _, c := range countries {
		if c.High {
			hic = append(hic, c.ISO3)
		} else {
			lmic = append(lmic, c.ISO3)
		}
	}
	sort.Strings(hic)
	sort.Strings(lmic)
	if len(hic) != 15 || len(lmic) != 27 {
		return nil, fmt.Errorf("illustrative assessments reproduce the report's 42 countries (15 high income, 27 low/middle in FY2022); the graph has %d and %d", len(hic), len(lmic))
	}
	rng := rand.New(rand.NewPCG(2022, 5))
	shuffled := func(in []string) []string {
		out := append([]string{}, in...)
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	byCap := map[string]map[string]string{}
	assign := func(m map[string]string, isos []string, status string) {
		for _, iso := range isos {
			m[iso] = status
		}
	}

	leg := map[string]string{}
	h, l := shuffled(hic), shuffled(lmic)
	lc := legislationCounts
	assign(leg, h[:lc.hicInPlace], "IN_PLACE")
	assign(leg, h[lc.hicInPlace:], "PARTIAL")
	assign(leg, l[:lc.lmicInPlace], "IN_PLACE")
	assign(leg, l[lc.lmicInPlace:lc.lmicInPlace+lc.lmicPartial], "PARTIAL")
	assign(leg, l[lc.lmicInPlace+lc.lmicPartial:], "NOT_ASSESSED")
	byCap["legislation"] = leg

	for _, d := range DefiningCounts {
		if d.sameAs != "" {
			byCap[d.Capability] = byCap[d.sameAs]
			continue
		}
		m := map[string]string{}
		absent, notAssessed := d.Denom-d.InPlace, 42-d.Denom
		var rest []string
		if d.absentLMIC != nil {
			h, l := shuffled(hic), shuffled(lmic)
			absentHIC := absent - *d.absentLMIC
			assign(m, l[:*d.absentLMIC], "ABSENT")
			assign(m, h[:absentHIC], "ABSENT")
			rest = shuffled(append(append([]string{}, h[absentHIC:]...), l[*d.absentLMIC:]...))
		} else {
			all := shuffled(append(append([]string{}, hic...), lmic...))
			assign(m, all[:absent], "ABSENT")
			rest = all[absent:]
		}
		assign(m, rest[:notAssessed], "NOT_ASSESSED")
		assign(m, rest[notAssessed:], "IN_PLACE")
		byCap[d.Capability] = m
	}

	var out []Status
	for capability, m := range byCap {
		for iso, st := range m {
			out = append(out, Status{ISO3: iso, Capability: capability, Status: st})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Capability != out[j].Capability {
			return out[i].Capability < out[j].Capability
		}
		return out[i].ISO3 < out[j].ISO3
	})
	return out, nil
}

// LoadIllustrative generates the illustrative assessments from the countries in the graph and
// replaces any earlier illustrative ones, in one transaction. Real assessments are not touched.
func Load(ctx context.Context, s *store.Store) (int, error) {
	recs, err := s.Read(ctx, `MATCH (c:Country)-[r:IN_INCOME_GROUP {fy: $fy}]->(g:IncomeGroup)
RETURN c.iso3 AS iso3, g.code = 'HIGH' AS high ORDER BY iso3`, map[string]any{"fy": graph.ReportFiscalYear})
	if err != nil {
		return 0, err
	}
	var countries []CountryIncome
	for _, r := range recs {
		iso, _ := r.Get("iso3")
		high, _ := r.Get("high")
		var c CountryIncome
		if c.ISO3, err = store.DecodeAs[string](iso, "iso3"); err != nil {
			return 0, err
		}
		if c.High, err = store.DecodeAs[bool](high, "high"); err != nil {
			return 0, err
		}
		countries = append(countries, c)
	}
	statuses, err := Generate(countries)
	if err != nil {
		return 0, err
	}
	var rows []map[string]any
	for _, st := range statuses {
		if st.Status == "NOT_ASSESSED" {
			continue // no evidence either way: no assessment
		}
		rows = append(rows, map[string]any{"iso3": st.ISO3, "capability": st.Capability, "status": st.Status})
	}
	err = s.InTransaction(ctx, 2*time.Minute, func(tx neo4j.ManagedTransaction) error {
		for _, q := range []struct {
			cypher string
			params map[string]any
		}{
			// Only what the generator wrote: an editor may record ILLUSTRATIVE assessments too
			// (in development), and those are audited writes, not the generator's to remove.
			{`MATCH (a:Assessment {provenance: 'ILLUSTRATIVE', recorded_by: 'illustrative generator'})
WHERE EXISTS { (a)-[:CITES]->(:Source {key: $key}) } DETACH DELETE a`, map[string]any{"key": Source}},
			{`MERGE (s:Source {key: $key})
SET s.title = 'MNR Graph illustrative assessments (synthetic, not real country data)',
    s.publisher = 'MNR Graph', s.note = $note`, map[string]any{"key": Source,
				"note": "Generated deterministically to reproduce the published aggregates of Framing the Future (2022). Per-country answers were not published; these statuses are invented and must not be read as any country's real status."}},
			{`UNWIND $rows AS row
MATCH (c:Country {iso3: row.iso3}) MATCH (cap:Capability {key: row.capability}) MATCH (s:Source {key: $source})
CREATE (c)-[:ASSESSED]->(a:Assessment {key: row.iso3 + '|' + row.capability + '|' + $asOf, status: row.status, as_of: date($asOf), provenance: 'ILLUSTRATIVE', note: $note,
        recorded_at: datetime(), recorded_by: 'illustrative generator'})-[:OF]->(cap)
CREATE (a)-[:CITES {locator: 'generator seed 2022/5', quote: null}]->(s)`,
				map[string]any{"rows": rows, "source": Source, "asOf": AsOf, "note": note}},
		} {
			if err := store.Exec(ctx, tx, q.cypher, q.params); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("loading illustrative assessments: %w", err)
	}
	return len(rows), nil
}
