package store

import (
	"context"
	"fmt"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

// Change is one audited write of an assessment.
type Change struct {
	ID, At, By, Role, Via, Country, Capability, AsOf string
	// Sequence is the record's place in commit order (see sequence.go); nil for a record written
	// before records were numbered, until Migrate numbers it.
	Sequence      *int64
	Before, After *Snapshot
}

// Snapshot is an assessment as it was before or after a write.
type Snapshot struct {
	Status, AsOf, Provenance string
	Note                     *string
	Sources                  []string
}

// ChangePage is one page of the audit trail, in commit order (by sequence).
type ChangePage struct {
	Total, Start int
	Changes      []Change
}

// Cursor returns the cursor of the i-th change of the page.
func (p ChangePage) Cursor(i int) string { return cypher.EncodeCursor(p.Start + i) }

// Changes reads the audit trail since a time (RFC 3339), a page at a time, in commit order:
// by sequence, then (records not numbered yet, last) by time, batch and row.
func (s *Store) Changes(ctx context.Context, since *string, first *int, after *string) (ChangePage, error) {
	var sinceV any
	if since != nil {
		if _, err := time.Parse(time.RFC3339Nano, *since); err != nil {
			return ChangePage{}, graph.BadInput("since", "since %q is not an RFC 3339 timestamp", *since)
		}
		sinceV = *since
	}
	limit := 50
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > cypher.MaxPageSize {
		return ChangePage{}, graph.BadInput("first", "first must be between 0 and %d (got %d)", cypher.MaxPageSize, limit)
	}
	start := 0
	if after != nil {
		n, err := cypher.DecodeCursor(*after, "after")
		if err != nil {
			return ChangePage{}, err
		}
		start = n + 1
	}
	// The page is collected in a subquery so that an empty page (nothing since, first: 0, or a
	// cursor past the end) is still one row with its total.
	recs, err := s.Read(ctx, `CALL () { MATCH (ch:Change) WHERE $since IS NULL OR ch.at >= datetime($since)
  WITH ch ORDER BY ch.sequence, ch.at, ch.batch, ch.seq SKIP $skip LIMIT $limit
  RETURN collect(ch {.*, at: toString(ch.at), as_of: toString(ch.as_of)}) AS page }
RETURN page, COUNT { MATCH (x:Change) WHERE $since IS NULL OR x.at >= datetime($since) } AS total`,
		map[string]any{"since": sinceV, "skip": start, "limit": limit})
	if err != nil {
		return ChangePage{}, err
	}
	if len(recs) != 1 {
		return ChangePage{}, fmt.Errorf("changes page returned %d records", len(recs))
	}
	total, _ := recs[0].Get("total")
	page, _ := recs[0].Get("page")
	out := ChangePage{Start: start}
	if out.Total, err = decodeInt(total, "total"); err != nil {
		return ChangePage{}, err
	}
	items, err := decodeList[map[string]any](page, "page")
	if err != nil {
		return ChangePage{}, err
	}
	for _, m := range items {
		str := func(k string) string { s, _ := m[k].(string); return s }
		ch := Change{ID: str("id"), At: str("at"), By: str("by"), Role: str("role"), Via: str("via"),
			Country: str("country"), Capability: str("capability"), AsOf: str("as_of")}
		if seq, ok := m["sequence"].(int64); ok {
			ch.Sequence = &seq
		}
		ch.After = snapshot(m, "after_")
		ch.Before = snapshot(m, "before_")
		out.Changes = append(out.Changes, ch)
	}
	return out, nil
}

func snapshot(m map[string]any, prefix string) *Snapshot {
	status, _ := m[prefix+"status"].(string)
	if status == "" {
		return nil
	}
	s := &Snapshot{Status: status, AsOf: fmt.Sprint(m[prefix+"as_of"]), Sources: []string{}}
	s.Provenance, _ = m[prefix+"provenance"].(string)
	if n, ok := m[prefix+"note"].(string); ok {
		s.Note = &n
	}
	if list, ok := m[prefix+"sources"].([]any); ok {
		for _, x := range list {
			s.Sources = append(s.Sources, fmt.Sprint(x))
		}
	}
	return s
}
