package cypher

import (
	"fmt"
	"slices"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Participation in instruments. Each country's record for an instrument is one relationship:
// PARTY_TO (a party status, or SIGNED), NOT_PARTY_TO (verified non-participation) or
// PARTY_STATUS_UNKNOWN (an explicit unknown, with its reason). Only PARTY_TO means "took part":
// graph views and party filters read it alone.

// participationRels are the relationship types of every participation record.
const participationRels = "PARTY_TO|NOT_PARTY_TO|PARTY_STATUS_UNKNOWN"

// PartyStatuses are the statuses that make a country a party, as a Cypher list.
const PartyStatuses = "['RATIFIED', 'ACCEDED', 'SUCCEEDED']"

func countryParticipations(c *compilation, s scope, f Field) (string, error) {
	r, i := c.newVar(), c.newVar()
	proj, err := c.project("Participation", scope{rel: r, country: s.v, instrument: i}, f.Children)
	if err != nil {
		return "", err
	}
	where := ""
	if f.Args.Status != nil {
		where = " WHERE " + r + ".status IN " + c.param(f.Args.Status)
	}
	return fmt.Sprintf("COLLECT { MATCH (%s)-[%s:%s]->(%s:Instrument)%s WITH %s, %s ORDER BY %s.ord RETURN %s }",
		s.v, r, participationRels, i, where, r, i, i, proj), nil
}

// instrumentParties lists the participation records with one of the requested statuses.
func instrumentParties(c *compilation, s scope, f Field) (string, error) {
	statuses := f.Args.Status
	w, r := c.newVar(), c.newVar()
	pred, err := c.where(w, f.Args.Where, "parties.where", filterDefaults{fy: graph.ReportFiscalYear})
	if err != nil {
		return "", err
	}
	proj, err := c.project("Participation", scope{rel: r, country: w, instrument: s.v}, f.Children)
	if err != nil {
		return "", err
	}
	and := ""
	if pred != "" {
		and = " AND " + pred
	}
	return fmt.Sprintf("COLLECT { MATCH (%s:Country)-[%s:%s]->(%s) WHERE %s.status IN %s%s WITH %s, %s ORDER BY %s.name_en RETURN %s }",
		w, r, participationRels, s.v, r, c.param(statuses), and, w, r, w, proj), nil
}

// partyState is the three-valued "is country v party to the instrument whose key is the Cypher
// expression key, on the date": true, false, or null when the records leave it open. Without a
// date ("today") a recorded party is a party whatever its date, an explicit UNKNOWN is null, and
// anything else (NOT_PARTY, SIGNED, no record) is not party. On a date, a consent known only as a
// bound (consented_by, the last day it can have been) counts once the date reaches the bound and
// is unknown before it; a party record with neither date is unknown on every date. It reads the
// country's copy of its record (graph.ParticipationProperties, kept by the loader and migrate), so
// that filters on many instruments plan as fast as one.
func (c *compilation) partyState(v, key string, def filterDefaults) string {
	statePrefix, sincePrefix, exactPrefix := graph.ParticipationProperties("")
	prop := func(prefix string) string { return v + "['" + prefix + "' + " + key + "]" }
	if !def.hasAsOf {
		return "CASE " + prop(statePrefix) + " WHEN 'party' THEN true WHEN 'unknown' THEN null ELSE false END"
	}
	return "CASE " + prop(statePrefix) + " WHEN 'party' THEN CASE WHEN " + prop(sincePrefix) + " <= date(" + c.param(def.asOf) + ") THEN true" +
		" WHEN " + prop(exactPrefix) + " THEN false ELSE null END WHEN 'unknown' THEN null ELSE false END"
}

// partyPredicate is the filter on partyState for every key of a list: party to each (partyTo), to
// none (notPartyTo) or unknown for each (partyUnknown). One predicate over the list, so that the
// statement is the same whatever keys, however many; all() is three-valued (false if any is
// false, else null if any is null), so a null state matches neither partyTo nor notPartyTo, also
// under NOT (Cypher carries null through NOT, AND and OR; WHERE drops it).
func (c *compilation) partyPredicate(v string, keys []string, def filterDefaults, want string) string {
	k := c.newVar()
	state := c.partyState(v, k, def)
	pred := "(" + state + ")"
	switch want {
	case "notPartyTo":
		pred = "NOT (" + state + ")"
	case "partyUnknown":
		pred = "(" + state + ") IS NULL"
	}
	return "all(" + k + " IN " + c.param(keys) + " WHERE " + pred + ")"
}

// networkMembers lists the countries a network's snapshot lists, by name.
func networkMembers(c *compilation, s scope, f Field) (string, error) {
	r, w := c.newVar(), c.newVar()
	proj, err := c.project("Membership", scope{rel: r, country: w, network: s.v}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s:Country)-[%s:MEMBER_OF]->(%s) WITH %s, %s ORDER BY %s.name_en RETURN %s }",
		w, r, s.v, w, r, w, proj), nil
}

// countryMemberships lists the networks whose snapshot lists the country.
func countryMemberships(c *compilation, s scope, f Field) (string, error) {
	r, n := c.newVar(), c.newVar()
	proj, err := c.project("Membership", scope{rel: r, country: s.v, network: n}, f.Children)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COLLECT { MATCH (%s)-[%s:MEMBER_OF]->(%s:Network) WITH %s, %s ORDER BY %s.ord RETURN %s }",
		s.v, r, n, r, n, n, proj), nil
}

// MaxTimelinePoints bounds the dates of one timeline.
const MaxTimelinePoints = 500

// instrumentTimeline counts, on each date of the timeline, the countries that are party, not party
// and unknown, with the same reading of dates as partyState. Each country's record is read once;
// the dates and the counts are list expressions over them (no aggregation).
func instrumentTimeline(c *compilation, s scope, f Field) (string, error) {
	dates, err := c.timelineDates(f.Args, s.v)
	if err != nil {
		return "", err
	}
	p := c.newVar()
	proj, err := c.project("TimelinePoint", scope{v: p}, f.Children)
	if err != nil {
		return "", err
	}
	states, cv, r, st, d, x, labels := c.newVar(), c.newVar(), c.newVar(), c.newVar(), c.newVar(), c.newVar(), c.newVar()
	state := "CASE WHEN " + st + ".t IS NULL OR " + st + ".t = 'PARTY_STATUS_UNKNOWN' THEN 'unknown'" +
		" WHEN " + st + ".t = 'NOT_PARTY_TO' OR NOT " + st + ".status IN " + PartyStatuses + " THEN 'notParty'" +
		" WHEN " + st + ".consented IS NOT NULL THEN CASE WHEN " + st + ".consented <= " + d + " THEN 'party' ELSE 'notParty' END" +
		" WHEN " + st + ".by IS NOT NULL AND " + st + ".by <= " + d + " THEN 'party'" +
		" ELSE 'unknown' END"
	count := func(label string) string {
		return "size([" + x + " IN " + labels + " WHERE " + x + " = '" + label + "'])"
	}
	point := "{date: toString(" + d + "), party: " + count("party") + ", notParty: " + count("notParty") +
		", unknown: " + count("unknown") + ", total: size(" + labels + ")}"
	return "[" + states + " IN [COLLECT { MATCH (" + cv + ":Country) OPTIONAL MATCH (" + cv + ")-[" + r + ":" + participationRels + "]->(" + s.v + ")" +
		" RETURN {t: type(" + r + "), status: " + r + ".status, consented: " + r + ".consented, by: " + r + ".consented_by} }] |" +
		" [" + d + " IN [" + x + " IN " + dates + " | date(" + x + ")] |" +
		" [" + labels + " IN [[" + st + " IN " + states + " | " + state + "]] |" +
		" [" + p + " IN [" + point + "] | " + proj + "][0]][0]]][0]", nil
}

// timelineDates is the Cypher list of the timeline's dates (as strings), from `from` to `to` every
// `every`, the last one being `to`. Without from, the timeline starts on the instrument's opening
// day, else its adoption, else the first of January of its adoption year, which the statement
// reads, and keeps the latest MaxTimelinePoints dates.
func (c *compilation) timelineDates(a Args, instrument string) (string, error) {
	to := c.today
	if a.To != nil {
		to = *a.To
	}
	end, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return "", graph.BadInput("timeline.to", "timeline.to %q is not a date in the form YYYY-MM-DD", to)
	}
	months := map[string]int{"MONTH": 1, "QUARTER": 3, "YEAR": 12, "": 12}[a.Every]
	if months == 0 {
		return "", graph.BadInput("timeline.every", "timeline.every must be MONTH, QUARTER or YEAR")
	}
	if a.From == nil {
		// The timeline starts on the instrument's own date, which the statement reads: the dates
		// step back from `to`, so that the last point is always `to`.
		start := "coalesce(" + instrument + ".opened, " + instrument + ".adopted, date({year: coalesce(" + instrument + ".adopted_year, 1989), month: 1, day: 1}))"
		return fmt.Sprintf("reverse([x IN [i IN range(0, %d) | date(%s) - duration({months: i * %d})] WHERE x >= %s | toString(x)])",
			MaxTimelinePoints-1, c.param(to), months, start), nil
	}
	begin, err := time.Parse(time.DateOnly, *a.From)
	if err != nil {
		return "", graph.BadInput("timeline.from", "timeline.from %q is not a date in the form YYYY-MM-DD", *a.From)
	}
	if begin.After(end) {
		return "", graph.BadInput("timeline.from", "timeline.from (%s) is after timeline.to (%s)", *a.From, to)
	}
	var dates []string
	for d := end; !d.Before(begin); d = d.AddDate(0, -months, 0) {
		if len(dates) == MaxTimelinePoints {
			return "", graph.BadInput("timeline", "the timeline has more than %d dates; ask for a shorter span or a longer step", MaxTimelinePoints)
		}
		dates = append(dates, d.Format(time.DateOnly))
	}
	slices.Reverse(dates)
	return c.param(dates), nil
}

// timelinePointType projects a point of Instrument.timeline: s.v is the map of its counts, read
// as properties are.
var timelinePointType = &Type{
	Name: "TimelinePoint",
	Size: 40,
	Fields: map[string]fieldFn{
		"date":     prop("date"),
		"party":    prop("party"),
		"notParty": prop("notParty"),
		"unknown":  prop("unknown"),
		"total":    prop("total"),
	},
}

// localizedTextType projects a LocalizedText: s.v is the map {text, lang, fallback}.
var localizedTextType = &Type{
	Name:   "LocalizedText",
	Size:   1,
	Fields: map[string]fieldFn{"text": prop("text"), "lang": prop("lang"), "fallback": prop("fallback")},
}
