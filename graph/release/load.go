package release

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The loader writes a release in one transaction: MERGE on every key (loading twice changes
// nothing), UNWIND batches, then a sweep that removes what an earlier load wrote and this release
// no longer states. Every element it writes carries `load`, the id of the load that wrote it;
// data written by other paths (assessments, their sources) carries none and is never swept.

const citeStatement = `
WITH n, row UNWIND coalesce(row.cites, []) AS cite
MATCH (s:Source {key: cite.source})
MERGE (n)-[c:CITES]->(s)
SET c.locator = cite.locator, c.quote = cite.quote, c.load = $load`

var loadStatements = []struct{ name, cypher string }{
	{"sources", `UNWIND $rows AS row MERGE (s:Source {key: row.key})
SET s.title = row.title, s.publisher = row.publisher, s.published = date(row.published), s.url = row.url,
    s.note = row.note, s.retrieved = date(row.retrieved), s.load = $load`},
	{"income groups", `UNWIND $rows AS row MERGE (g:IncomeGroup {code: row.code}) SET g.rank = row.rank, g.load = $load`},
	{"domains", `UNWIND $rows AS row MERGE (n:Domain {key: row.key})
SET n.number = row.number, n.name_en = row.name_en, n.name_fr = row.name_fr, n.outcome_en = row.outcome_en,
    n.outcome_fr = row.outcome_fr, n.load = $load` + citeStatement},
	{"capabilities", `UNWIND $rows AS row MERGE (n:Capability {key: row.key})
SET n.number = row.number, n.name_en = row.name_en, n.name_fr = row.name_fr, n.name_fr_translated = row.name_fr_translated,
    n.summary_en = row.summary_en, n.summary_fr = row.summary_fr, n.load = $load
WITH n, row MATCH (d:Domain {key: row.domain}) MERGE (n)-[r:IN_DOMAIN]->(d) SET r.load = $load` + citeStatement},
	{"countries", `UNWIND $rows AS row MERGE (n:Country {iso3: row.iso3})
SET n.iso2 = row.iso2, n.iso_numeric = row.iso_numeric, n.name_en = row.name_en, n.name_fr = row.name_fr,
    n.region = row.region, n.note = row.note, n.scope = row.scope, n.aliases = row.aliases, n.load = $load` + citeStatement},
	{"income history", `UNWIND $rows AS row MATCH (c:Country {iso3: row.iso3}) MATCH (g:IncomeGroup {code: row.code})
MERGE (c)-[r:IN_INCOME_GROUP {fy: row.fy}]->(g)
SET r.from = date(row.from), r.to = date(row.to), r.sources = row.sources, r.load = $load`},
	{"instruments", `UNWIND $rows AS row MERGE (n:Instrument {key: row.key})
SET n.ord = row.ord, n.short_name = row.short_name, n.name_en = row.name_en, n.name_fr = row.name_fr, n.kind = row.kind,
    n.body = row.body, n.adopted = date(row.adopted), n.adopted_year = row.adopted_year, n.url = row.url, n.note = row.note,
    n.opened = date(row.opened), n.in_force = date(row.in_force), n.open_to = row.open_to, n.aliases = row.aliases,
    n.load = $load` + citeStatement},
	{"participation", `UNWIND $rows AS row MATCH (c:Country {iso3: row.iso3}) MATCH (i:Instrument {key: row.instrument})
MERGE (c)-[r:PARTY_TO]->(i)
SET r.status = row.status, r.signed = date(row.signed), r.consented = date(row.consented),
    r.consented_by = date(row.consented_by), r.sources = row.sources,
    r.as_recorded = row.as_recorded, r.reason = row.reason, r.load = $load`},
	// A verified non-participation is its own relationship: nothing that reads PARTY_TO as
	// "took part" (filters, graph views, a country's participations) can mistake it for one.
	{"non-participation", `UNWIND $rows AS row MATCH (c:Country {iso3: row.iso3}) MATCH (i:Instrument {key: row.instrument})
MERGE (c)-[r:NOT_PARTY_TO]->(i)
SET r.status = row.status, r.sources = row.sources, r.as_recorded = row.as_recorded, r.reason = row.reason, r.load = $load`},
	// So is an explicit unknown, with its reason (and the sources that leave it open, if any).
	{"unknown participation", `UNWIND $rows AS row MATCH (c:Country {iso3: row.iso3}) MATCH (i:Instrument {key: row.instrument})
MERGE (c)-[r:PARTY_STATUS_UNKNOWN]->(i)
SET r.status = row.status, r.sources = row.sources, r.as_recorded = row.as_recorded, r.reason = row.reason, r.load = $load`},
	// Membership lists are evidence about a capability, never an assessment of it.
	{"networks", `UNWIND $rows AS row MERGE (n:Network {key: row.key})
SET n.ord = row.ord, n.name = row.name, n.publisher = row.publisher, n.snapshot = date(row.snapshot), n.url = row.url,
    n.note = row.note, n.load = $load
WITH n, row CALL (n, row) { MATCH (c:Capability {key: row.capability}) MERGE (n)-[r:EVIDENCES]->(c) SET r.load = $load }` + citeStatement},
	{"memberships", `UNWIND $rows AS row MATCH (c:Country {iso3: row.iso3}) MATCH (n:Network {key: row.network})
MERGE (c)-[r:MEMBER_OF]->(n)
SET r.member = row.member, r.since = date(row.since), r.as_of = date(row.as_of), r.sources = row.sources,
    r.locator = row.locator, r.quote = row.quote, r.load = $load`},
	{"capability instruments", `UNWIND $rows AS row MATCH (c:Capability {key: row.capability}) MATCH (i:Instrument {key: row.instrument})
MERGE (c)-[r:RESTS_ON]->(i) SET r.sources = row.sources, r.locator = row.locator, r.note = row.note, r.load = $load`},
	{"findings", `UNWIND $rows AS row MERGE (n:Finding {key: row.key})
SET n.ord = row.ord, n.population = row.population, n.numerator = row.numerator, n.denominator = row.denominator,
    n.statement_en = row.statement_en, n.statement_fr = row.statement_fr, n.load = $load
WITH n, row CALL (n, row) { UNWIND row.capabilities AS k MATCH (c:Capability {key: k}) MERGE (n)-[r:ABOUT]->(c) SET r.load = $load }` + citeStatement},
	{"challenges", `UNWIND $rows AS row MERGE (n:Challenge {key: row.key})
SET n.ord = row.ord, n.summary_en = row.summary_en, n.summary_fr = row.summary_fr, n.load = $load
WITH n, row CALL (n, row) { UNWIND row.capabilities AS k MATCH (c:Capability {key: k}) MERGE (n)-[r:AFFECTS]->(c) SET r.load = $load }` + citeStatement},
	{"practices", `UNWIND $rows AS row MERGE (n:Practice {key: row.key})
SET n.ord = row.ord, n.title_en = row.title_en, n.title_fr = row.title_fr, n.summary_en = row.summary_en,
    n.summary_fr = row.summary_fr, n.load = $load
WITH n, row CALL (n, row) { UNWIND row.capabilities AS k MATCH (c:Capability {key: k}) MERGE (n)-[r:IMPLEMENTS]->(c) SET r.load = $load }
WITH n, row CALL (n, row) { MATCH (c:Country {iso3: row.country}) MERGE (n)-[r:IN]->(c) SET r.load = $load }` + citeStatement},
	{"calls to action", `UNWIND $rows AS row MERGE (n:CallToAction {number: row.number})
SET n.title_en = row.title_en, n.title_fr = row.title_fr, n.summary_en = row.summary_en, n.summary_fr = row.summary_fr,
    n.load = $load` + citeStatement},
}

// sweepStatements remove what earlier loads wrote and this one did not. Countries and
// capabilities are kept (assessments hang off them); everything else a release owns goes.
var sweepStatements = []string{
	`MATCH ()-[r:IN_DOMAIN|CITES|IN_INCOME_GROUP|PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|EVIDENCES|MEMBER_OF]->()
WHERE r.load IS NOT NULL AND r.load <> $load DELETE r`,
	`MATCH (n:Domain|Instrument|Finding|Challenge|Practice|CallToAction|Source|IncomeGroup|Network)
WHERE n.load IS NOT NULL AND n.load <> $load DETACH DELETE n`,
}

// LoadRelease writes rel in one transaction and records it as the loaded release.
func Load(ctx context.Context, s *store.Store, rel *Release) error {
	load := newLoadID()
	rows := map[string][]map[string]any{
		"sources": rel.Sources, "domains": rel.Domains, "capabilities": rel.Capabilities, "countries": rel.Countries,
		"income history": rel.Income, "instruments": rel.Instruments,
		"capability instruments": rel.RestsOn, "findings": rel.Findings, "challenges": rel.Challenges,
		"practices": rel.Practices, "calls to action": rel.Calls, "networks": rel.Networks, "memberships": rel.Memberships,
	}
	for _, p := range rel.Participation {
		switch p["status"] {
		case "NOT_PARTY":
			rows["non-participation"] = append(rows["non-participation"], p)
		case "UNKNOWN":
			rows["unknown participation"] = append(rows["unknown participation"], p)
		default:
			rows["participation"] = append(rows["participation"], p)
		}
	}
	for code, rank := range graph.IncomeRank {
		rows["income groups"] = append(rows["income groups"], map[string]any{"code": code, "rank": rank})
	}
	defer s.ForgetKeys() // a release may drop keys this process has seen
	return s.InTransaction(ctx, 5*time.Minute, func(tx neo4j.ManagedTransaction) error {
		for _, st := range loadStatements {
			if err := store.Exec(ctx, tx, st.cypher, map[string]any{"rows": rows[st.name], "load": load}); err != nil {
				return fmt.Errorf("load %s: %w", st.name, err)
			}
		}
		// A source the release drops may still be cited by assessments (which no release owns):
		// sweeping it would leave them uncited. Refuse the release instead; nothing is written.
		res, err := tx.Run(ctx, `MATCH (s:Source) WHERE s.load IS NOT NULL AND s.load <> $load
  AND EXISTS { (:Assessment)-[:CITES]->(s) } RETURN collect(s.key) AS keys`, map[string]any{"load": load})
		if err != nil {
			return fmt.Errorf("sweep: %w", err)
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return fmt.Errorf("sweep: %w", err)
		}
		v, _ := rec.Get("keys")
		cited, err := store.DecodeAs[[]any](v, "keys")
		if err != nil {
			return fmt.Errorf("sweep: %w", err)
		}
		if len(cited) > 0 {
			var keys []string
			for _, k := range cited {
				keys = append(keys, fmt.Sprint(k))
			}
			return fmt.Errorf("release %s leaves out sources that recorded assessments cite (%s); nothing was loaded: "+
				"keep them in sources.csv, or record those assessments again citing other sources first", rel.Version, strings.Join(keys, ", "))
		}
		for _, q := range sweepStatements {
			if err := store.Exec(ctx, tx, q, map[string]any{"load": load}); err != nil {
				return fmt.Errorf("sweep: %w", err)
			}
		}
		if err := store.Exec(ctx, tx, store.DeriveIncomeReport, map[string]any{"fy": graph.ReportFiscalYear}); err != nil {
			return fmt.Errorf("income group of the report's year: %w", err)
		}
		if err := store.Exec(ctx, tx, store.DeriveIncomeYears, nil); err != nil {
			return fmt.Errorf("income group of every year: %w", err)
		}
		for _, q := range store.DeriveParticipation {
			if err := store.Exec(ctx, tx, q, nil); err != nil {
				return fmt.Errorf("copies of the participation records: %w", err)
			}
		}
		meta := rel.Meta
		if meta == nil {
			meta = map[string]any{}
		}
		if err := store.Exec(ctx, tx, `MERGE (d:DataState {key: 'release'})
SET d.version = $version, d.loaded_at = datetime(), d.load = $load, d.released = date($meta.released),
    d.citation = $meta.citation, d.licence = $meta.licence, d.changelog = $meta.changelog`,
			map[string]any{"version": rel.Version, "load": load, "meta": meta}); err != nil {
			return fmt.Errorf("record release: %w", err)
		}
		return nil
	})
}

func newLoadID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}
