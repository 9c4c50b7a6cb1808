package main

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestStatusLookupsSeekTheAssessmentKeyIndex profiles the statements behind the questions that
// read a country's status per capability (coverage, a lacks filter, a country's assessments) and
// bounds their database work. Every such lookup must be a seek on the Assessment.key index; a plan
// that scans the assessments instead (which Neo4j 5.26 was seen to cache right after a load) costs
// every assessment per country and capability: coverage at 42 countries went from 7,893 to 1.17
// million db hits. The bound, 20 db hits per country and capability, sits far from both.
func TestStatusLookupsSeekTheAssessmentKeyIndex(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	type stmt struct {
		cypher string
		params map[string]any
	}
	var got []stmt
	testStore.OnStatement = func(c string, p map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, stmt{c, p})
	}
	questions := []string{
		`{ coverage(by: INCOME_GROUP) { capability { key } value total inPlace partial absent notAssessed } }`,
		`{ countries(where: {lacks: ["offender-management"], has: ["child-helpline"]}, first: 50) { totalCount nodes { iso3 } } }`,
		`{ country(iso3: "KEN") { assessments { status capability { key } } om: status(capability: "offender-management") } }`,
	}
	for _, q := range questions {
		query(t, q)
	}
	testStore.OnStatement = nil

	drv := testDriver(t)
	rec, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (c:Country) WITH count(c) AS countries RETURN countries * COUNT { MATCH (:Capability) } AS pairs`,
		nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	pairs, _ := rec.Records[0].Values[0].(int64)
	if pairs == 0 {
		t.Fatal("the test database has no countries or no capabilities")
	}
	limit := 20 * pairs

	profiled := 0
	for _, s := range got {
		if !strings.Contains(s.cypher, ":Assessment") {
			continue
		}
		profiled++
		sess := drv.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
		res, err := sess.Run(ctx, "PROFILE "+s.cypher, s.params)
		if err != nil {
			sess.Close(ctx)
			t.Fatalf("PROFILE: %v\n%s", err, s.cypher)
		}
		sum, err := res.Consume(ctx)
		sess.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Profile() == nil {
			t.Fatalf("no profile for %s", s.cypher)
		}
		if hits := dbHits(sum.Profile()); hits > limit {
			t.Errorf("statement costs %d db hits, more than %d (20 per country and capability): its status look-ups do not seek the index\n%s", hits, limit, s.cypher)
		}
	}
	if profiled < len(questions) {
		t.Fatalf("profiled %d statements that read assessments, want at least %d (one per question)", profiled, len(questions))
	}
}

// testDriver is a second connection to the test database, for what the API must not do itself
// (profiling its statements, holding a transaction open). It is closed when the test ends.
func testDriver(t *testing.T) neo4j.DriverWithContext {
	t.Helper()
	user := os.Getenv("NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}
	drv, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth(user, os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close(context.Background()) })
	return drv
}

func dbHits(p neo4j.ProfiledPlan) int64 {
	n := p.DbHits()
	for _, c := range p.Children() {
		n += dbHits(c)
	}
	return n
}
