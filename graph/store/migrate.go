package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// schemaStatements create every constraint and index the API relies on. Each is idempotent.
var schemaStatements = []string{
	"CREATE CONSTRAINT domain_key IF NOT EXISTS FOR (n:Domain) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT capability_key IF NOT EXISTS FOR (n:Capability) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT country_iso3 IF NOT EXISTS FOR (n:Country) REQUIRE n.iso3 IS UNIQUE",
	"CREATE CONSTRAINT instrument_key IF NOT EXISTS FOR (n:Instrument) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT finding_key IF NOT EXISTS FOR (n:Finding) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT challenge_key IF NOT EXISTS FOR (n:Challenge) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT practice_key IF NOT EXISTS FOR (n:Practice) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT network_key IF NOT EXISTS FOR (n:Network) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT call_to_action_number IF NOT EXISTS FOR (n:CallToAction) REQUIRE n.number IS UNIQUE",
	"CREATE CONSTRAINT income_group_code IF NOT EXISTS FOR (n:IncomeGroup) REQUIRE n.code IS UNIQUE",
	"CREATE CONSTRAINT data_state_key IF NOT EXISTS FOR (n:DataState) REQUIRE n.key IS UNIQUE",
	"CREATE CONSTRAINT publication_number IF NOT EXISTS FOR (n:Publication) REQUIRE n.number IS UNIQUE",
	"CREATE CONSTRAINT assessment_key IF NOT EXISTS FOR (n:Assessment) REQUIRE n.key IS UNIQUE",
	"CREATE INDEX assessment_provenance IF NOT EXISTS FOR (n:Assessment) ON (n.provenance)",
	"CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE",
	"CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at)",
	"CREATE INDEX country_region IF NOT EXISTS FOR (n:Country) ON (n.region)",
	"CREATE INDEX country_region_income IF NOT EXISTS FOR (n:Country) ON (n.region, n.income_report)",
	"CREATE INDEX country_income IF NOT EXISTS FOR (n:Country) ON (n.income_report)",
	"CREATE INDEX income_fy IF NOT EXISTS FOR ()-[r:IN_INCOME_GROUP]-() ON (r.fy)",
	// Two full-text indexes, one per language, each with its language's analysis: English
	// (possessives, plurals and other endings: "INTERPOL's" finds "INTERPOL", "offenders" finds
	// "offender") and French (elisions and endings: "l'enfant" finds "enfants"). Country codes
	// and other names are indexed as aliases. The statements that create them are the
	// compiler's (package cypher), so the text searched is the text indexed.
	cypher.SearchIndexStatements()[0],
	cypher.SearchIndexStatements()[1],
	// The single index of earlier versions, replaced by the two above.
	"DROP INDEX mnr_search_v1 IF EXISTS",
}

// Migrate creates the constraints and indexes, then waits until they are online.
func (s *Store) Migrate(ctx context.Context) error {
	for _, stmt := range schemaStatements {
		if _, err := s.Write(ctx, stmt, nil); err != nil {
			return fmt.Errorf("migrate: %s: %w", stmt, err)
		}
	}
	if _, err := s.Write(ctx, "CALL db.awaitIndexes(120)", nil); err != nil {
		return fmt.Errorf("migrate: waiting for indexes: %w", err)
	}
	// Data migrations, idempotent, with a longer timeout than a request's: a database with a
	// million assessments is read once, in a few seconds, when cold. Assessments written before they
	// carried a key get one (found by a label scan, not by expanding every country's assessments);
	// countries loaded before they carried income_report get it; audit records written before
	// they carried a sequence get one (numberOldChanges, which also creates the audit counter).
	err := s.InTransaction(ctx, 5*time.Minute, func(tx neo4j.ManagedTransaction) error {
		for _, m := range []struct{ what, cypher string }{
			{"keying assessments", `MATCH (a:Assessment) WHERE a.key IS NULL
MATCH (c:Country)-[:ASSESSED]->(a)-[:OF]->(cap:Capability)
SET a.key = c.iso3 + '|' + cap.key + '|' + toString(a.as_of)`},
			{"income group of the report's year", DeriveIncomeReport},
			{"income group of every year", DeriveIncomeYears},
			{"copies of the participation records", DeriveParticipation[0]},
			{"copies of the participation records", DeriveParticipation[1]},
		} {
			if err := Exec(ctx, tx, m.cypher, map[string]any{"fy": graph.ReportFiscalYear}); err != nil {
				return fmt.Errorf("migrate: %s: %w", m.what, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.numberOldChanges(ctx)
}

// DeriveIncomeReport copies each country's income group in the report's fiscal year
// (ReportFiscalYear) from its IN_INCOME_GROUP relationship onto the country as income_report, so
// that peers sharing an income group are found with an index seek (Country(region, income_report))
// instead of walking every fiscal year's relationships of a group's or a region's countries. The
// relationship stays the fact (with its sources); the property is a copy, rewritten after every
// load and by migrate, and removed where that year has no classification. Nothing else reads it.
const DeriveIncomeReport = `MATCH (c:Country)
WITH c, head(COLLECT { MATCH (c)-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = $fy RETURN g.code }) AS code
WHERE coalesce(c.income_report, '') <> coalesce(code, '')
SET c.income_report = code`

// DeriveIncomeYears copies each country's income group of every fiscal year onto the country
// (graph.IncomeProperty: income_fy2015 ... income_fy2026), so that statements read a year's group
// as a property instead of a subquery; a year the release no longer classifies loses its copy.
// The relationship stays the fact, with its sources. Run after every load and by migrate.
var DeriveIncomeYears = func() string {
	var fields []string
	for fy := graph.FirstFiscalYear; fy <= graph.LastFiscalYear; fy++ {
		fields = append(fields, fmt.Sprintf("%s: head(COLLECT { MATCH (c)-[r:IN_INCOME_GROUP]->(g:IncomeGroup) WHERE r.fy = %d RETURN g.code })",
			graph.IncomeProperty(fy), fy))
	}
	return "MATCH (c:Country) SET c += {" + strings.Join(fields, ", ") + "}"
}()

// DeriveParticipation rewrites each country's copies of its participation records
// (graph.ParticipationProperties), which statements read instead of subqueries: every earlier
// copy is removed, then one is set per record. Run after every load and by migrate.
var DeriveParticipation = []string{
	`MATCH (c:Country) WITH c, [k IN keys(c) WHERE k STARTS WITH 'party_'] AS ks FOREACH (k IN ks | SET c[k] = null)`,
	`MATCH (c:Country)-[r:PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN]->(i:Instrument)
WITH c, r, i, type(r) = 'PARTY_TO' AND r.status IN ` + cypher.PartyStatuses + ` AS party
SET c['party_' + i.key] = CASE WHEN party THEN 'party' WHEN type(r) = 'PARTY_STATUS_UNKNOWN' THEN 'unknown' ELSE 'not' END,
    c['party_since_' + i.key] = CASE WHEN party THEN coalesce(r.consented, r.consented_by) END,
    c['party_exact_' + i.key] = party AND r.consented IS NOT NULL`,
}
