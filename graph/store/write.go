package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Writes of assessments: strict validation of the whole batch first, then one transaction that
// writes every row and an audit record for each, or nothing. A row with the same country,
// capability and date as a recorded assessment replaces it (the audit keeps what it was); a later
// date supersedes without touching history. Each transaction numbers its audit records last, just
// before it commits (see sequence.go).

// Problem is one reason a batch was refused: the row (0-based), the field and what is wrong.
type Problem struct {
	Index   int    `json:"index"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Actor is who writes, for the audit trail.
type Actor struct {
	Label string
	Role  string
	Via   string // "recordAssessments" or "import"
}

// WriteOptions govern one batch.
type WriteOptions struct {
	DryRun bool
	// Production refuses illustrative (synthetic) rows.
	Production bool
	// BatchSize is how many rows each statement of the transaction sends (default 5,000).
	BatchSize int
	// CommitEvery, when positive, commits every that many rows instead of writing everything in
	// one transaction (for imports larger than Neo4j's transaction memory); a failure then leaves
	// the transactions already committed (see PartialWrite).
	CommitEvery int
	// Progress, when set, is told after each statement how many rows are written so far.
	Progress func(done, total int)
	// Committed, when set, is told after each commit (with CommitEvery) how many rows are committed.
	Committed func(done, total int)
	// Parallel, with CommitEvery, is how many transactions write at once (default 1). Each writes
	// whole chunks of CommitEvery rows; a failure stops the others from starting new chunks, and
	// PartialWrite says which rows were committed.
	Parallel int
}

var (
	validStatuses    = map[string]bool{"IN_PLACE": true, "PARTIAL": true, "ABSENT": true, "NOT_ASSESSED": true, "NOT_APPLICABLE": true}
	validProvenances = map[string]bool{"REPORTED": true, "PUBLIC_RECORD": true, "SELF_ASSESSMENT": true, "ILLUSTRATIVE": true}
)

// MaxBatch is the largest batch one call accepts.
const MaxBatch = 1_000_000

// ValidateAssessments checks a batch without writing; it costs one statement for the keys.
func (s *Store) ValidateAssessments(ctx context.Context, rows []graph.AssessmentInput, opts WriteOptions) ([]Problem, error) {
	var problems []Problem
	add := func(i int, field, format string, args ...any) {
		problems = append(problems, Problem{Index: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(rows) == 0 {
		add(0, "input", "the batch is empty")
		return problems, nil
	}
	if len(rows) > MaxBatch {
		add(0, "input", "the batch has %d rows; the limit is %d", len(rows), MaxBatch)
		return problems, nil
	}
	today := s.Today()
	countries, capabilities, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	seen := map[[3]string]int{}
	for i, r := range rows {
		if r.Country == "" {
			add(i, "country", "country is required (an ISO3 code such as \"KEN\")")
		} else {
			countries[r.Country] = true
		}
		if r.Capability == "" {
			add(i, "capability", "capability is required (a capability key such as \"child-helpline\")")
		} else {
			capabilities[r.Capability] = true
		}
		if !validStatuses[r.Status] {
			add(i, "status", "status %q is not one of IN_PLACE, PARTIAL, ABSENT, NOT_ASSESSED, NOT_APPLICABLE", r.Status)
		}
		if d, err := time.Parse(time.DateOnly, r.AsOf); err != nil {
			add(i, "asOf", "asOf %q is not a date in the form YYYY-MM-DD", r.AsOf)
		} else if d.Format(time.DateOnly) > today {
			add(i, "asOf", "asOf %s is in the future (today is %s)", r.AsOf, today)
		}
		switch {
		case !validProvenances[r.Provenance]:
			add(i, "provenance", "provenance %q is not one of REPORTED, PUBLIC_RECORD, SELF_ASSESSMENT, ILLUSTRATIVE", r.Provenance)
		case r.Provenance == "ILLUSTRATIVE" && opts.Production:
			add(i, "provenance", "illustrative (synthetic) assessments are refused in production")
		}
		if len(r.Citations) == 0 {
			add(i, "citations", "at least one citation is required: every assessment cites its source")
		}
		for j, c := range r.Citations {
			if c.Source == "" {
				add(i, fmt.Sprintf("citations[%d].source", j), "a citation needs a source key")
			} else {
				sources[c.Source] = true
			}
		}
		key := [3]string{r.Country, r.Capability, r.AsOf}
		if prev, dup := seen[key]; dup && r.Country != "" && r.Capability != "" {
			add(i, "asOf", "row %d already records %s / %s on %s; one assessment per country, capability and date", prev, r.Country, r.Capability, r.AsOf)
		} else {
			seen[key] = i
		}
	}
	unknown, err := s.unknownKeys(ctx, countries, capabilities, sources)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		if unknown["country"][r.Country] {
			add(i, "country", "unknown country ISO3 code %q", r.Country)
		}
		if unknown["capability"][r.Capability] {
			add(i, "capability", "unknown capability key %q", r.Capability)
		}
		for j, c := range r.Citations {
			if unknown["source"][c.Source] {
				add(i, fmt.Sprintf("citations[%d].source", j), "unknown source key %q (see the sources query)", c.Source)
			}
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return a.Index - b.Index })
	return problems, nil
}

func (s *Store) unknownKeys(ctx context.Context, countries, capabilities, sources map[string]bool) (map[string]map[string]bool, error) {
	recs, err := s.Read(ctx, `RETURN [k IN $countries WHERE NOT EXISTS { MATCH (:Country {iso3: k}) }] AS country,
       [k IN $capabilities WHERE NOT EXISTS { MATCH (:Capability {key: k}) }] AS capability,
       [k IN $sources WHERE NOT EXISTS { MATCH (:Source {key: k}) }] AS source`,
		map[string]any{"countries": slices.Sorted(maps.Keys(countries)), "capabilities": slices.Sorted(maps.Keys(capabilities)), "sources": slices.Sorted(maps.Keys(sources))})
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, col := range []string{"country", "capability", "source"} {
		out[col] = map[string]bool{}
		v, _ := recs[0].Get(col)
		keys, err := decodeList[string](v, col)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			out[col][k] = true
		}
	}
	return out, nil
}

// Writes come in two statements so that the common case, a row for a new country, capability
// and date, is a plain CREATE: no look-up of a record to replace and no DETACH DELETE (which makes
// Neo4j buffer the whole batch behind an Eager barrier). Which keys exist is read first, in the
// same transaction, through the Assessment.key index.
//
// The look-up also takes the write lock of every assessment it finds (writing a property, even
// one removed at once, locks the node until the transaction ends). Neo4j reads are
// read-committed: without the lock, the "before" the audit keeps could be a value another
// transaction is replacing at that moment, and two replaces of one key would both record the same
// "before". With it, a replace waits here until any other transaction holding the assessment
// commits, and then reads what that one wrote. A key nobody has recorded is locked too: in a
// statement that writes, Neo4j seeks a unique index with a lock on the entry, found or not
// (NodeUniqueIndexSeek(Locking)), so a second transaction writing the same new key waits here for
// the first and then finds what it created. Keys come sorted, so that two batches sharing keys
// lock them in the same order.
const existingAssessmentKeys = `UNWIND $keys AS k MATCH (a:Assessment {key: k})
SET a._lock = true REMOVE a._lock
RETURN collect(k) AS keys`

// createAssessments writes a new assessment and its audit record (with no "before"). Audit records
// get their time and sequence when the transaction numbers them (see numberChanges); seq is the
// row's place in its batch.
const createAssessments = `UNWIND $rows AS row
MATCH (c:Country {iso3: row.country}) MATCH (cap:Capability {key: row.capability})
CREATE (c)-[:ASSESSED]->(a:Assessment {key: row.key, status: row.status, as_of: date(row.asOf), provenance: row.provenance,
        note: row.note, recorded_at: datetime($now), recorded_by: $actor})-[:OF]->(cap)
WITH row, a
CALL (row, a) { UNWIND row.citations AS cite MATCH (s:Source {key: cite.source})
  CREATE (a)-[:CITES {locator: cite.locator, quote: cite.quote}]->(s) }
CREATE (:Change {id: $batch + '-' + toString(row.i), batch: $batch, seq: row.i, by: $actor, role: $role, via: $via,
        country: row.country, capability: row.capability, as_of: date(row.asOf),
        after_status: row.status, after_as_of: row.asOf, after_provenance: row.provenance, after_note: row.note,
        after_sources: [x IN row.citations | x.source]})`

// replaceAssessments replaces the assessment with the same key in place (its country and capability
// links stay: deleting and re-linking them is slow on capability and source nodes with a million
// relationships); the audit keeps what it was, read under the lock existingAssessmentKeys took.
const replaceAssessments = `UNWIND $rows AS row
MATCH (a:Assessment {key: row.key})
WITH row, a, [a.status, toString(a.as_of), a.provenance, a.note,
       COLLECT { MATCH (a)-[:CITES]->(s:Source) RETURN s.key ORDER BY s.key }] AS before
SET a.status = row.status, a.provenance = row.provenance, a.note = row.note, a.recorded_at = datetime($now), a.recorded_by = $actor
WITH row, a, before
CALL (a) { MATCH (a)-[r:CITES]->(:Source) DELETE r }
CALL (row, a) { UNWIND row.citations AS cite MATCH (s:Source {key: cite.source})
  CREATE (a)-[:CITES {locator: cite.locator, quote: cite.quote}]->(s) }
CREATE (:Change {id: $batch + '-' + toString(row.i), batch: $batch, seq: row.i, by: $actor, role: $role, via: $via,
        country: row.country, capability: row.capability, as_of: date(row.asOf),
        before_status: before[0], before_as_of: before[1], before_provenance: before[2], before_note: before[3], before_sources: before[4],
        after_status: row.status, after_as_of: row.asOf, after_provenance: row.provenance, after_note: row.note,
        after_sources: [x IN row.citations | x.source]})`

// RecordAssessments validates the batch and, when it is valid and not a dry run, writes it: in one
// transaction, or, with CommitEvery, in transactions of that many rows. It returns how many rows
// were written (committed) and, when invalid, every problem.
func (s *Store) RecordAssessments(ctx context.Context, rows []graph.AssessmentInput, actor Actor, opts WriteOptions) (int, []Problem, error) {
	problems, err := s.ValidateAssessments(ctx, rows, opts)
	if err != nil || len(problems) > 0 || opts.DryRun {
		return 0, problems, err
	}
	size := opts.BatchSize
	if size <= 0 {
		size = 5000
	}
	params := make([]map[string]any, len(rows))
	for i, r := range rows {
		cites := make([]map[string]any, 0, len(r.Citations))
		for _, c := range r.Citations {
			cites = append(cites, map[string]any{"source": c.Source, "locator": c.Locator, "quote": c.Quote})
		}
		params[i] = map[string]any{"i": i, "key": AssessmentKey(r.Country, r.Capability, r.AsOf), "country": r.Country, "capability": r.Capability, "status": r.Status,
			"asOf": r.AsOf, "provenance": r.Provenance, "note": r.Note, "citations": cites}
	}
	w := assessmentWriter{actor: actor, batch: newBatchID(), now: time.Now().UTC().Format(time.RFC3339Nano), size: size}
	total := len(params)
	if opts.CommitEvery <= 0 || opts.CommitEvery >= total {
		// All or nothing. A very large batch is written without the driver's automatic retries:
		// retrying a transaction that ran out of memory would only fail again, slower.
		err = s.inTransaction(ctx, 10*time.Minute, total <= retryableWrite, func(tx neo4j.ManagedTransaction) error {
			return w.write(ctx, tx, params, 0, total, opts.Progress)
		})
		if err != nil {
			return 0, nil, fmt.Errorf("writing assessments (nothing was written): %w", conflict(err))
		}
		return total, nil, nil
	}
	return s.writeChunks(ctx, w, params, opts)
}

// writeChunks writes params in transactions of opts.CommitEvery rows, opts.Parallel at a time,
// in order of their first row. Progress adds up the rows every open transaction has written;
// Committed the rows of committed transactions. On the first failure no new chunk starts, the
// open ones finish, and the error is a PartialWrite that names the committed rows.
func (s *Store) writeChunks(ctx context.Context, w assessmentWriter, params []map[string]any, opts WriteOptions) (int, []Problem, error) {
	total, size := len(params), opts.CommitEvery
	workers := max(1, opts.Parallel)
	var (
		mu        sync.Mutex
		next      int                                 // first row of the next chunk to start
		written   int                                 // rows written by open and committed transactions
		committed = make([]bool, (total+size-1)/size) // per chunk
		rows      int                                 // rows committed
		failure   error                               // the first failure
		open      = map[int]int{}                     // rows written so far by each open chunk
	)
	var wg sync.WaitGroup
	for range min(workers, len(committed)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if failure != nil || next >= total {
					mu.Unlock()
					return
				}
				from := next
				next += size
				mu.Unlock()
				to := min(from+size, total)
				progress := func(done, _ int) {
					mu.Lock()
					defer mu.Unlock()
					written += done - open[from]
					open[from] = done
					if opts.Progress != nil {
						opts.Progress(written, total)
					}
				}
				err := s.writeChunk(ctx, w, params[from:to], total, progress)
				mu.Lock()
				if err != nil {
					written -= open[from]
					if failure == nil {
						failure = err
					}
				} else {
					committed[from/size] = true
					rows += to - from
					if opts.Committed != nil {
						opts.Committed(rows, total)
					}
				}
				delete(open, from)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if failure != nil {
		return rows, nil, &PartialWrite{Committed: rows, Total: total, Rows: committedRanges(committed, size, total), cause: conflict(failure)}
	}
	return total, nil, nil
}

// writeChunk writes one chunk in its own transaction. Transactions writing at once may deadlock on
// the nodes they link to (a capability, a source); Neo4j then rolls one back, which is tried again.
func (s *Store) writeChunk(ctx context.Context, w assessmentWriter, rows []map[string]any, total int, progress func(done, total int)) error {
	for attempt := 1; ; attempt++ {
		err := s.inTransaction(ctx, 10*time.Minute, false, func(tx neo4j.ManagedTransaction) error {
			return w.write(ctx, tx, rows, 0, total, progress)
		})
		var n4 *neo4j.Neo4jError
		if err == nil || attempt == 5 || !errors.As(err, &n4) || n4.Code != "Neo.TransientError.Transaction.DeadlockDetected" || ctx.Err() != nil {
			return err
		}
		progress(0, total) // the rolled-back rows are written again
		time.Sleep(time.Duration(attempt*attempt) * 50 * time.Millisecond)
	}
}

// committedRanges describes which rows (1-based) committed chunks hold, e.g. "rows 1-5000 and
// 10001-15000", or "no rows".
func committedRanges(committed []bool, size, total int) string {
	var parts []string
	for i := 0; i < len(committed); i++ {
		if !committed[i] {
			continue
		}
		j := i
		for j+1 < len(committed) && committed[j+1] {
			j++
		}
		parts = append(parts, fmt.Sprintf("%d-%d", i*size+1, min((j+1)*size, total)))
		i = j
	}
	switch len(parts) {
	case 0:
		return "no rows"
	case 1:
		return "rows " + parts[0]
	}
	return "rows " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// conflict explains a write that lost a race: another transaction recorded the same country,
// capability and date between this write's look-up and its CREATE (the Assessment.key constraint).
// The look-up locks the index entry of every key it reads, found or not, so writes of one key wait
// for each other instead; this stays for a plan or a writer that does not take that lock.
func conflict(err error) error {
	var n4 *neo4j.Neo4jError
	if errors.As(err, &n4) && n4.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return &graph.Error{Code: graph.CodeConflict, Cause: err, Message: "another write recorded the same country, capability and date " +
			"at the same moment; this write was rolled back: send it again (the row then replaces that record)"}
	}
	return err
}

// retryableWrite is the largest batch whose transaction the driver may retry on a transient error.
const retryableWrite = 20_000

// PartialWrite reports a write in several transactions that stopped after committing some of them.
type PartialWrite struct {
	Committed, Total int
	Rows             string // which rows were committed, e.g. "rows 1-5000 and 10001-15000"
	cause            error
}

func (e *PartialWrite) Error() string {
	return fmt.Sprintf("%v; %d of %d rows were committed (%s) and the rest were not written: running the same rows again completes the write (a row with the same country, capability and date replaces the one recorded)",
		e.cause, e.Committed, e.Total, e.Rows)
}
func (e *PartialWrite) Unwrap() error { return e.cause }

type assessmentWriter struct {
	actor Actor
	batch string
	now   string // RFC 3339: when the write started, recorded on the assessments it writes
	size  int
}

// write is the work of one transaction: it sends rows in statements of w.size rows (per
// statement, one locking read of the keys that exist, then the new rows and the replacing rows),
// then numbers the audit records of every row. done is how many rows were written before these.
func (w assessmentWriter) write(ctx context.Context, tx neo4j.ManagedTransaction, rows []map[string]any, done, total int, progress func(done, total int)) error {
	for from := 0; from < len(rows); from += w.size {
		chunk := rows[from:min(from+w.size, len(rows))]
		keys := make([]string, len(chunk))
		for i, r := range chunk {
			keys[i] = r["key"].(string)
		}
		slices.Sort(keys)
		res, err := tx.Run(ctx, existingAssessmentKeys, map[string]any{"keys": keys})
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		existing := map[string]bool{}
		if v, ok := rec.Get("keys"); ok {
			keys, err := decodeList[string](v, "keys")
			if err != nil {
				return err
			}
			for _, k := range keys {
				existing[k] = true
			}
		}
		var fresh, replacing []map[string]any
		for _, r := range chunk {
			if existing[r["key"].(string)] {
				replacing = append(replacing, r)
			} else {
				fresh = append(fresh, r)
			}
		}
		for _, part := range []struct {
			stmt string
			rows []map[string]any
		}{{createAssessments, fresh}, {replaceAssessments, replacing}} {
			if len(part.rows) == 0 {
				continue
			}
			if err := Exec(ctx, tx, part.stmt, map[string]any{"rows": part.rows, "actor": w.actor.Label,
				"role": w.actor.Role, "via": w.actor.Via, "batch": w.batch, "now": w.now}); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(done+from+len(chunk), total)
		}
	}
	indexes := make([]int, len(rows))
	for i, r := range rows {
		indexes[i] = r["i"].(int)
	}
	return numberChanges(ctx, tx, w.batch, indexes)
}

func newBatchID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b)
}

// AssessmentKey identifies an assessment by country, capability and date: one record per key,
// found through an index when a write replaces it.
func AssessmentKey(iso3, capability, asOf string) string {
	return iso3 + "|" + capability + "|" + asOf
}
