// Package graph is the vocabulary the graph's jobs share, and nothing else: the error catalogue
// every layer reports with (Error and its stable codes), the clock "as of now" is read from, the
// facts of the data model every job agrees on (the income history, the income groups) and the
// shape of an assessment to record.
//
// The jobs live in its subpackages, each named after what it does:
//
//	graph/cypher        the compiler: selections and typed arguments in, one Cypher statement out (no driver)
//	graph/store         the Neo4j store: sessions, retries, error classification, reads, writes, publications
//	graph/release       data releases: parse, validate and load a release directory
//	graph/illustrative  the synthetic assessments that reproduce the report's aggregates
//	graph/importfile    reading assessment files (CSV, JSON) for `mnrgraph import`
//	graph/disclosure    the exact audit of what public aggregates reveal (pure arithmetic)
//
// It must import nothing but the standard library, so that every job can import it.
package graph

import "strconv"

// The income history loaded with the data release.
const (
	FirstFiscalYear  = 2015
	LastFiscalYear   = 2026
	ReportFiscalYear = 2022
)

// IncomeRank orders the World Bank income groups from LOW (1) to HIGH (4).
var IncomeRank = map[string]int{"LOW": 1, "LOWER_MIDDLE": 2, "UPPER_MIDDLE": 3, "HIGH": 4}

// IncomeProperty is the country property holding a copy of its income group in fiscal year fy
// ("income_fy2024"). The IN_INCOME_GROUP relationship, with its sources, is the fact; the copy lets
// statements read a year's group without a subquery.
func IncomeProperty(fy int) string { return "income_fy" + strconv.Itoa(fy) }

// ParticipationProperties are the country properties holding a copy of its participation record
// for the instrument keyed key: its state ("party", "not" or "unknown"; absent without a record),
// the day it became party or the last day it can have been (consented, else consented_by), and
// whether that day is exact. The relationship, with its sources, is the fact.
func ParticipationProperties(key string) (state, since, exact string) {
	return "party_" + key, "party_since_" + key, "party_exact_" + key
}
