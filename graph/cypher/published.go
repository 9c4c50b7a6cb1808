package cypher

import (
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Reading publications: public coverage and meta.publication.

// CoverageStatuses are the five counts of a coverage cell, by field name.
var CoverageStatuses = []struct{ Field, RangeField, Status string }{
	{"inPlace", "inPlaceRange", "IN_PLACE"},
	{"partial", "partialRange", "PARTIAL"},
	{"absent", "absentRange", "ABSENT"},
	{"notAssessed", "notAssessedRange", "NOT_ASSESSED"},
	{"notApplicable", "notApplicableRange", "NOT_APPLICABLE"},
}

// PublicationProps projects a Publication node p.
const PublicationProps = "{number: p.number, publishedAt: toString(p.published_at), asOf: toString(p.as_of), " +
	"dataVersion: p.data_version, threshold: p.threshold, hidden: p.hidden, cells: p.cells, illustrative: p.illustrative}"

// PublicationKey identifies a Publication node p for the decoded-tables cache: its number and
// when it was made (a number is only ever reused when publications are deleted, as tests do).
const PublicationKey = "toString(p.number) + '|' + toString(p.published_at)"

// CachedParam is the parameter listing the publications whose tables the store has decoded.
const CachedParam = "cachedPublications"

// PublishedQuery is a compiled coverage read from a publication, with what the compiler decoded
// from the arguments for answering it.
type PublishedQuery struct {
	Statement
	By     string  // the facet, "" for the total row
	Fields []Field // merged
	Number int     // the publication asked for, when given
	Given  bool
}

// CompilePublishedCoverage compiles the read of one publication's tables (the latest, or the one
// numbered by the argument publication) with the capabilities a coverage query lists.
func (cp Compiler) CompilePublishedCoverage(perm Permissions, args CoverageArgs, fields []Field) (PublishedQuery, error) {
	c := cp.start(perm)
	q, err := c.matchCapabilities(args.Capabilities)
	if err != nil {
		return PublishedQuery{}, err
	}
	number, given := 0, args.Publication != nil
	if given {
		number = *args.Publication
	}
	if given && number < 1 {
		return PublishedQuery{}, graph.BadInput("publication", "publication numbers start at 1 (got %d)", number)
	}
	fields, err = mergeFields(fields)
	if err != nil {
		return PublishedQuery{}, err
	}
	var caps []string
	for _, f := range fields {
		if f.Name == "capability" {
			proj, err := c.project("Capability", scope{v: "cap"}, f.Children)
			if err != nil {
				return PublishedQuery{}, err
			}
			caps = append(caps, "`"+f.Key+"`: "+proj)
		}
	}
	pick := "MATCH (p:Publication) WITH p ORDER BY p.number DESC LIMIT 1"
	if given {
		pick = "MATCH (p:Publication {number: " + c.param(number) + "})"
	}
	q = "OPTIONAL CALL () { " + pick + " RETURN p } WITH p " + q +
		" WITH p, cap ORDER BY cap.number" +
		" RETURN CASE WHEN p IS NULL THEN null ELSE " + PublicationProps + " END AS publication," +
		// A publication's tables are frozen: they travel only to a process that has not decoded
		// them yet (see Store.PublishedCoverage).
		" CASE WHEN p IS NULL OR " + PublicationKey + " IN $" + CachedParam + " THEN null ELSE p.tables END AS tables," +
		" collect({key: cap.key, caps: {" + strings.Join(caps, ", ") + "}}) AS caps"
	by := ""
	if args.By != nil {
		by = *args.By
	}
	return PublishedQuery{Statement: c.statement(q), By: by, Fields: fields, Number: number, Given: given}, nil
}
