package main

import (
	"sync/atomic"
	"testing"
)

// countStatements runs a query and returns how many Cypher statements reached the driver.
func countStatements(t *testing.T, q string) int64 {
	t.Helper()
	var n atomic.Int64
	testStore.OnStatement = func(string, map[string]any) { n.Add(1) }
	defer func() { testStore.OnStatement = nil }()
	query(t, q)
	return n.Load()
}

func TestEachRootFieldCostsABoundedNumberOfStatements(t *testing.T) {
	const nested = `
	  iso3 name fr: name(lang: FR) incomeGroup y2025: incomeGroup(fiscalYear: 2025)
	  citations { source { key } }
	  practices { key }
	  peers(sharing: [REGION]) { iso3 instruments { status instrument { key } } }
	  instruments { status consented citations { source { title } }
	    instrument { key capabilities { key domain { key } findings { key } }
	      parties(where: {regionIn: [EUROPE_CENTRAL_ASIA]}) { country { iso3 } } } }`
	one := countStatements(t, `{ countries(first: 1) { nodes {`+nested+`} } }`)
	all := countStatements(t, `{ countries(first: 42) { nodes {`+nested+`} } }`)
	if one != 1 || all != 1 {
		t.Fatalf("statements for 1 country: %d, for 42: %d; want 1 each", one, all)
	}
	// Naming keys in a filter adds at most one statement that checks them, whatever the result
	// size; once a key is known to exist, it is not checked again.
	withKeys := countStatements(t, `{ countries(first: 42, where: {partyTo: ["crc"], iso3In: ["KEN", "GHA", "ZWE"]}) { nodes {`+nested+`} } }`)
	again := countStatements(t, `{ countries(first: 42, where: {partyTo: ["crc"], iso3In: ["KEN", "GHA", "ZWE"]}) { nodes {`+nested+`} } }`)
	if withKeys > 2 || again != 1 {
		t.Fatalf("statements with keys in the filter: %d, then %d; want at most 2, then 1", withKeys, again)
	}
	many := countStatements(t, `{
	  domains { capabilities { instruments { parties { country { iso3 } } } findings { key } challenges { key } practices { key } } }
	  instruments { parties { country { peers(sharing: [INCOME_GROUP]) { iso3 } } } }
	  findings { capabilities { key } citations { source { key } } }
	}`)
	if many != 3 {
		t.Fatalf("three root fields cost %d statements, want 3", many)
	}
}

func TestFortyTwoCountriesWithAssessmentsInstrumentsAndPeersIsOneStatement(t *testing.T) {
	q := `{ countries(first: 42) { nodes { iso3
	  assessments { status asOf provenance capability { key domain { key } } citations { source { key } } }
	  om: status(capability: "offender-management")
	  instruments { status instrument { key } }
	  peers(sharing: [INCOME_GROUP], where: {lacks: ["offender-management"]}) { iso3 assessments { status } }
	} } }`
	// The status field names a capability key, checked in at most one more statement.
	if n := countStatements(t, q); n < 1 || n > 2 {
		t.Fatalf("statements: %d, want 1 or 2", n)
	}
	if n := countStatements(t, `{ coverage(by: REGION) { total } countryGroups(by: INCOME_GROUP) { countries { assessments { status } } } search(text: "helpline") { score } graph(from: "Instrument:crc") { nodes { id } } }`); n != 4 {
		t.Fatalf("four analysis root fields: %d statements, want 4", n)
	}
}
