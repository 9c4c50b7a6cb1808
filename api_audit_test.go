package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/store"
)

// The audit trail's promise: replaying the changes of one country, capability and date in the
// order `changes` lists them (each record's before is the previous record's after) ends at the
// record the API stores, however many writers raced for it.

const changesPage = `query($after: String) { changes(first: 100, after: $after) {
  nodes { sequence at by via country capability asOf
    before { status asOf provenance note sources } after { status asOf provenance note sources } }
  pageInfo { hasNextPage endCursor } } }`

// auditTrail reads the whole audit trail through the API, in the order it lists it.
func auditTrail(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	var after any
	for {
		d := queryAs(t, "ADMIN", changesPage, map[string]any{"after": after})
		for _, n := range at(d, "changes.nodes").([]any) {
			out = append(out, n.(map[string]any))
		}
		if at(d, "changes.pageInfo.hasNextPage") != true {
			return out
		}
		after = at(d, "changes.pageInfo.endCursor")
	}
}

// storedSnapshot reads an assessment back through the API, shaped like an audit snapshot.
func storedSnapshot(t *testing.T, iso3, capability, asOf string) map[string]any {
	t.Helper()
	d := query(t, `query($iso3: ID!, $asOf: Date) { country(iso3: $iso3) { assessments(asOf: $asOf) {
  capability { key } status asOf provenance note citations { source { key } } } } }`, map[string]any{"iso3": iso3, "asOf": asOf})
	for _, a := range at(d, "country.assessments").([]any) {
		if at(a, "capability.key") != capability || at(a, "asOf") != asOf {
			continue
		}
		sources := []any{}
		for _, c := range at(a, "citations").([]any) {
			sources = append(sources, at(c, "source.key"))
		}
		return map[string]any{"status": at(a, "status"), "asOf": at(a, "asOf"), "provenance": at(a, "provenance"),
			"note": at(a, "note"), "sources": sources}
	}
	t.Fatalf("no stored assessment for %s / %s on %s: %v", iso3, capability, asOf, d)
	return nil
}

// replay checks one key's audit records in the order listed: a first record without before, each
// later before equal to the previous after, sequences increasing and times not going back, and the
// last after equal to what the API stores. It returns how many records the key has.
func replay(t *testing.T, trail []map[string]any, iso3, capability, asOf string) int {
	t.Helper()
	var prev map[string]any
	var prevSeq float64
	var prevAt time.Time
	n := 0
	for _, ch := range trail {
		if ch["country"] != iso3 || ch["capability"] != capability || ch["asOf"] != asOf {
			continue
		}
		seq, _ := ch["sequence"].(float64)
		if n > 0 && seq <= prevSeq {
			t.Fatalf("%s/%s: record %d has sequence %v after %v; the trail is not in sequence order", iso3, capability, n, seq, prevSeq)
		}
		chAt, err := time.Parse(time.RFC3339Nano, fmt.Sprint(ch["at"]))
		if err != nil {
			t.Fatalf("%s/%s: record %d: at: %v", iso3, capability, n, err)
		}
		if chAt.Before(prevAt) {
			t.Errorf("%s/%s: record %d (sequence %v) is at %s, before the previous record's %s", iso3, capability, n, seq, chAt, prevAt)
		}
		before, _ := ch["before"].(map[string]any)
		switch {
		case n == 0 && before != nil:
			t.Fatalf("%s/%s: the first record replaced %v, but nothing was there", iso3, capability, before)
		case n > 0 && !reflect.DeepEqual(before, prev):
			t.Fatalf("%s/%s: record %d (sequence %v, by %v) says it replaced %v, but the record before it wrote %v",
				iso3, capability, n, seq, ch["by"], before, prev)
		}
		prev, _ = ch["after"].(map[string]any)
		prevSeq, prevAt = seq, chAt
		n++
	}
	if stored := storedSnapshot(t, iso3, capability, asOf); !reflect.DeepEqual(prev, stored) {
		t.Fatalf("%s/%s: replaying %d audit records gives %v, but the API stores %v", iso3, capability, n, prev, stored)
	}
	return n
}

// Eight writers record the same country, capability and date at once, round after round, each
// with a value of its own (the first round creates the record, every later one replaces it):
// through recordAssessments one row at a time, through recordAssessments in a batch that also
// writes a second key (listed first, so batches lock keys against each other), and through the
// import path in committed chunks written in parallel. Every write succeeds and is recorded.
func TestConcurrentReplacesLeaveAnExactAuditTrail(t *testing.T) {
	cleanupWrites(t)
	defer cleanupWrites(t)
	const (
		iso3, asOf = "KEN", "2024-03-03"
		rounds     = 30
		writers    = 8
	)
	first, second := "child-helpline", "offender-management"
	row := func(capability, status, provenance, note, locator string) map[string]any {
		r := assessment(iso3, capability, status, asOf)
		r["provenance"], r["note"] = provenance, note
		r["citations"] = []any{map[string]any{"source": "framing-the-future-2022", "locator": locator}}
		return r
	}
	// Nothing is recorded for either key at first: in the first round the writers race to create it.
	statuses := []string{"IN_PLACE", "PARTIAL", "ABSENT", "NOT_APPLICABLE", "NOT_ASSESSED"}
	provenances := []string{"REPORTED", "PUBLIC_RECORD", "SELF_ASSESSMENT"}
	for r := range rounds {
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			status, provenance := statuses[(r+w)%len(statuses)], provenances[w%len(provenances)]
			note := fmt.Sprintf("round %d, writer %d", r, w)
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch w % 3 {
				case 0, 1:
					input := []any{row(first, status, provenance, note, fmt.Sprintf("p. %d", w))}
					if w%3 == 1 {
						input = []any{row(second, status, provenance, note, "p. 2"), input[0]}
					}
					resp := postAs(t, testHandler, "EDITOR", recordMutation, map[string]any{"input": input})
					if len(resp.Errors) > 0 || at(resp.Data, "recordAssessments.ok") != true {
						errs <- fmt.Errorf("writer %d: %+v %v", w, resp.Errors, resp.Data)
					}
				case 2:
					var rows []graph.AssessmentInput
					for _, c := range []string{first, second} {
						n := note
						rows = append(rows, graph.AssessmentInput{Country: iso3, Capability: c, Status: status, AsOf: asOf,
							Provenance: provenance, Note: &n, Citations: []graph.CitationInput{{Source: "framing-the-future-2022"}}})
					}
					_, problems, err := testStore.RecordAssessments(context.Background(), rows,
						store.Actor{Label: fmt.Sprintf("import-%d", w), Role: "EDITOR", Via: "import"},
						store.WriteOptions{CommitEvery: 1, Parallel: 2})
					if err != nil || len(problems) > 0 {
						errs <- fmt.Errorf("writer %d (import): %v %v", w, err, problems)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		trail := auditTrail(t)
		for i := 1; i < len(trail); i++ {
			if a, b := trail[i-1]["sequence"].(float64), trail[i]["sequence"].(float64); b <= a {
				t.Fatalf("round %d: the trail lists sequence %v after %v; numbers are unique and listed in order", r, b, a)
			}
		}
		if n := replay(t, trail, iso3, first, asOf); n != (r+1)*writers {
			t.Fatalf("round %d: %d audit records for %s; want one per write, %d", r, n, first, (r+1)*writers)
		}
		replay(t, trail, iso3, second, asOf)
	}
}

// Audit records written before records were numbered (no sequence) still list, after the
// numbered ones; migrate numbers them in the order of their time, with the first numbers when
// the counter was created after them, and running it again changes nothing.
func TestAuditRecordsWithoutASequenceAreNumberedInTimeOrder(t *testing.T) {
	ctx := context.Background()
	cleanupWrites(t)
	defer cleanupWrites(t)
	// A database whose audit trail an older version wrote: records without sequence, no counter.
	if _, err := testStore.Write(ctx, `MATCH (d:DataState {key: 'audit'}) DELETE d`, nil); err != nil {
		t.Fatal(err)
	}
	writeOld := func(batch string, row int, at string) {
		t.Helper()
		if _, err := testStore.Write(ctx, `CREATE (:Change {id: $batch + '-' + toString($row), batch: $batch, seq: $row, at: datetime($at),
  by: 'older-version', role: 'EDITOR', via: 'recordAssessments', country: 'GHA', capability: 'child-helpline', as_of: date('2023-01-01'),
  after_status: 'PARTIAL', after_as_of: '2023-01-01', after_provenance: 'REPORTED', after_sources: ['framing-the-future-2022']})`,
			map[string]any{"batch": batch, "row": row, "at": at}); err != nil {
			t.Fatal(err)
		}
	}
	// Written in another order than their times; two share a time and are ordered by row.
	writeOld("b", 1, "2025-03-01T10:00:00Z")
	writeOld("c", 0, "2025-04-01T10:00:00Z")
	writeOld("a", 0, "2025-01-01T10:00:00Z")
	writeOld("b", 0, "2025-03-01T10:00:00Z")
	order := func() (ids []string, seqs []any) {
		for _, ch := range auditTrail(t) {
			ids = append(ids, fmt.Sprint(ch["by"], ":", ch["at"]))
			seqs = append(seqs, ch["sequence"])
		}
		return ids, seqs
	}
	queryAs(t, "EDITOR", recordMutation, map[string]any{"input": []any{assessment("GHA", "child-helpline", "ABSENT", "2024-01-01")}})
	ids, seqs := order()
	if len(ids) != 5 || !strings.HasPrefix(ids[0], "test-editor:") || fmt.Sprint(seqs) != "[5 <nil> <nil> <nil> <nil>]" {
		t.Fatalf("before migrating, the new write comes first with the first number after those reserved for the old records: %v %v", ids, seqs)
	}
	if err := testStore.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ids, seqs = order()
	want := []string{"older-version:2025-01-01T10:00:00Z", "older-version:2025-03-01T10:00:00Z", "older-version:2025-03-01T10:00:00Z",
		"older-version:2025-04-01T10:00:00Z"}
	if !equalStrings(ids[:4], want) || fmt.Sprint(seqs) != "[1 2 3 4 5]" {
		t.Fatalf("after migrating: %v %v", ids, seqs)
	}
	recs, err := testStore.Read(ctx, `MATCH (ch:Change {batch: 'b'}) RETURN ch.seq AS row ORDER BY ch.sequence`, nil)
	if err != nil || len(recs) != 2 {
		t.Fatal(recs, err)
	}
	if row, _ := recs[0].Get("row"); row != int64(0) {
		t.Errorf("records sharing a time are numbered by batch and row: row %v came first", row)
	}

	// An older version still running writes another record: it is numbered after every record
	// numbered so far, and the others keep their numbers.
	writeOld("d", 0, "2025-02-01T10:00:00Z")
	for range 2 {
		if err := testStore.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	ids, seqs = order()
	if fmt.Sprint(seqs) != "[1 2 3 4 5 6]" || ids[5] != "older-version:2025-02-01T10:00:00Z" {
		t.Fatalf("a late old record: %v %v", ids, seqs)
	}
	queryAs(t, "EDITOR", recordMutation, map[string]any{"input": []any{assessment("GHA", "child-helpline", "PARTIAL", "2024-01-02")}})
	if _, seqs = order(); fmt.Sprint(seqs) != "[1 2 3 4 5 6 7]" {
		t.Fatalf("the next write: %v", seqs)
	}
}
