// Package disclosure decides which per-capability status counts may be published without
// disclosing any single country's confidential status.
//
// Each capability is published as a table of counts: for the total row and for every value of
// every public facet (income group, region, …), how many countries have each status. Every
// country's facet memberships are public, so each shown count is a linear equation over the
// countries' statuses, and an attacker with an integer-programming solver can combine all of
// them, across every table of the capability and every earlier publication of it. The rule this
// package enforces is exact: after [Audit], no country's status is pinned, that is, for every
// capability, every country and every publication date, the shown counts admit consistent
// assignments that give that country different statuses. The only pins tolerated are the ones
// the publication cannot avoid: those implied by its Forced cells and by the earlier
// publications alone (see [Table].Exempt).
//
// The decisions are exact, never heuristic: each question ("can this country have another
// status?", "can this hidden count be larger?") is answered by a complete integer search (see
// solveInt) over the attacker's model, in which countries with the same public groups are
// counted rather than named. Only the choice of which cell to hide next is greedy, and it is
// deterministic: the same input always gives the same tables.
//
// It owns the audit and nothing else: it imports only the standard library, and must not import
// the Neo4j driver, gqlgen or gqlparser (imports_test.go checks), so that it is tested and
// benchmarked without a database or a server.
package disclosure

import "errors"

// Statuses are the status values a country can have for a capability, in table column order.
var Statuses = []string{"IN_PLACE", "PARTIAL", "ABSENT", "NOT_ASSESSED", "NOT_APPLICABLE"}

// notAssessed is the status of a country missing from a capability's Status map.
const notAssessed = "NOT_ASSESSED"

// nStatus is len(Statuses); statuses are handled internally by their index in Statuses.
const nStatus = 5

var statusIndex = func() map[string]int {
	m := make(map[string]int, len(Statuses))
	for i, s := range Statuses {
		m[s] = i
	}
	return m
}()

// Group is one public group of countries: a facet value, or the total row.
type Group struct{ Facet, Value string }

// Total is the group of all countries: the total row of every table.
var Total = Group{"ALL", "ALL"}

// Cell is one count: how many countries of a group have a status.
type Cell struct {
	Group  Group
	Status string
}

// Country is what anyone knows of a country: its id and every group it belongs to (one value per
// facet it has; the total row is implicit).
type Country struct {
	ID     string
	Groups []Group
}

// Input is everything the audit needs: the public facts and, per capability, the confidential
// statuses and what was published before.
type Input struct {
	// Countries are the public facts, the same for every capability and every publication.
	Countries []Country
	// Groups is every group the tables list, in table order (Total first). A group with no
	// member has all counts 0 and is always shown. Total, when listed, has every country.
	Groups []Group
	// Threshold is the small-cell rule: a non-zero count below Threshold, and every count of a
	// non-empty group with fewer than Threshold members, is hidden ("primary"). 0 or 1 means no
	// small-cell rule.
	Threshold    int
	Capabilities []Capability
}

// Capability is one capability to publish.
type Capability struct {
	Key string
	// Status is each country's status now (country id -> status); a missing country is
	// NOT_ASSESSED.
	Status map[string]string
	// Forced cells are shown whatever the audit says (the report's own published counts). What
	// they pin, alone or with the earlier publications, is exempt.
	Forced []Cell
	// Earlier is this capability in earlier publications, oldest first.
	Earlier []Earlier
}

// Earlier is one earlier publication of a capability, as the attacker sees it.
type Earlier struct {
	// Shown is the counts it showed; hidden counts are absent.
	Shown map[Cell]int
	// Changed is how many countries' statuses differ between this publication and the next one
	// (the next Earlier, or now). The attacker is assumed to know it.
	Changed int
}

// Range is the interval a count is known to lie in.
type Range struct{ Min, Max int }

// Table is the audited publication of one capability.
//
// Hidden counts add no constraint to the attacker's model, and every Range is implied by what is
// shown (this and earlier publications), so publishing Ranges discloses nothing beyond the shown
// counts: an attacker could compute them, exactly as Audit does.
type Table struct {
	Key string
	// Counts is the true count of every cell (every group × every status).
	Counts map[Cell]int
	// Hidden marks the cells not shown; a cell absent from Hidden is shown.
	Hidden map[Cell]bool
	// Ranges has every cell: {v, v} when shown; for a hidden cell, its min and max over every
	// assignment consistent with everything shown (this and earlier publications). A hidden
	// small ("primary") cell has Min < Max unless the exempt facts alone fix it.
	Ranges map[Cell]Range
	// Exempt lists the pins no publication can avoid: what the Forced cells and the earlier
	// publications alone pin (e.g. "42 of 42" forced). Pinned does not report them.
	Exempt []Pin
}

// Pin is one disclosed status: a country whose status at a publication is the same in every
// assignment consistent with what is shown.
type Pin struct {
	Capability string
	Country    string
	// Publication is an index into the capability's Earlier, or len(Earlier) for now.
	Publication int
	Status      string
}

// ErrInvalidInput is wrapped by every error about an Input or Table the package cannot use
// (unknown statuses or groups, duplicate ids, inconsistent earlier publications, …).
var ErrInvalidInput = errors.New("invalid disclosure input")
