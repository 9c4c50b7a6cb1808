package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The order of the audit trail. Every transaction that writes audit records numbers them as its
// last statement, from one counter (the DataState node keyed "audit"). Taking the counter locks it
// until the transaction commits, so the next writer waits, then reads the number this one left:
// sequence order is commit order. Writers hold the counter only from their last statement to their
// commit, so transactions still write in parallel up to that point.
//
// A record's time (at) is read while holding the same lock and never goes back below the time the
// previous writer left on the counter, so times follow sequence order too (when the server's
// clock steps back, records repeat the previous time instead).
//
// Audit records written before records were numbered have no sequence. When the counter is
// created, the first numbers are reserved for them, and numberOldChanges (run by Migrate) gives
// those out in time order; records without a sequence written after that (by an older version
// of this program still running) are numbered after every record numbered so far.

// numberAuditRecords numbers this transaction's audit records ($batch-$rows[i]) from the counter,
// in the order of rows, and gives them the same time. It returns how many it numbered: none when
// the database has no counter yet.
const numberAuditRecords = `MATCH (d:DataState {key: 'audit'})
SET d._lock = true
WITH d, d.last_sequence AS last, datetime.realtime() AS clock
WITH d, last, CASE WHEN d.last_at > clock THEN d.last_at ELSE clock END AS at
SET d.last_sequence = last + size($rows), d.last_at = at
REMOVE d._lock
WITH last, at
UNWIND range(0, size($rows) - 1) AS i
MATCH (ch:Change {id: $batch + '-' + toString($rows[i])})
SET ch.sequence = last + 1 + i, ch.at = at
RETURN count(ch) AS numbered`

// createAuditCounter creates the counter when there is none, reserving the first numbers for the
// audit records that have no sequence yet, except the calling transaction's own ($batch), and
// starting its time at the latest of theirs. Two transactions creating it at once meet at the
// DataState.key constraint: MERGE makes the later one use the counter the earlier one created.
const createAuditCounter = `OPTIONAL MATCH (existing:DataState {key: 'audit'})
WITH existing WHERE existing IS NULL
CALL (existing) { MATCH (c:Change) WHERE c.sequence IS NULL AND coalesce(c.batch, '') <> $batch
  RETURN count(c) AS old, max(c.at) AS lastAt }
MERGE (d:DataState {key: 'audit'})
ON CREATE SET d.last_sequence = old, d.reserved_next = 1, d.reserved_last = old, d.last_at = lastAt`

// numberChanges numbers the audit records of rows (their indexes in batch) written by tx. It is
// the transaction's last statement: from here to the commit, other writers wait for the counter.
func numberChanges(ctx context.Context, tx neo4j.ManagedTransaction, batch string, rows []int) error {
	params := map[string]any{"batch": batch, "rows": rows}
	for attempt := 1; ; attempt++ {
		res, err := tx.Run(ctx, numberAuditRecords, params)
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		v, _ := rec.Get("numbered")
		n, err := DecodeAs[int64](v, "numbered")
		if err != nil {
			return err
		}
		switch {
		case int(n) == len(rows):
			return nil
		case n == 0 && attempt == 1:
			// No counter yet (a database not migrated since records were numbered).
			if err := Exec(ctx, tx, createAuditCounter, map[string]any{"batch": batch}); err != nil {
				return err
			}
		default:
			return fmt.Errorf("audit: numbered %d of the %d records of batch %s", n, len(rows), batch)
		}
	}
}

// oldChangesPerTransaction bounds the transaction memory numberOldChanges needs.
const oldChangesPerTransaction = 10_000

// numberOldChanges gives a sequence to every audit record that has none (written before records
// were numbered), in the order of their time, then batch and row, a transaction of
// oldChangesPerTransaction records at a time. They take the numbers reserved for them when the
// counter was created, then, when those run out, numbers after the last one given. Records
// already numbered keep their number, so running it again changes nothing.
func (s *Store) numberOldChanges(ctx context.Context) error {
	var from any // the time of the last record numbered: the next transaction starts there
	for {
		var numbered int
		var lastAt any
		err := s.InTransaction(ctx, 5*time.Minute, func(tx neo4j.ManagedTransaction) error {
			numbered, lastAt = 0, from // a retried transaction starts again
			if err := Exec(ctx, tx, createAuditCounter, map[string]any{"batch": ""}); err != nil {
				return err
			}
			counter, err := tx.Run(ctx, `MATCH (d:DataState {key: 'audit'})
SET d._lock = true REMOVE d._lock
RETURN d.last_sequence AS last, coalesce(d.reserved_next, 1) AS next, coalesce(d.reserved_last, 0) AS reservedLast`, nil)
			if err != nil {
				return err
			}
			c, err := counter.Single(ctx)
			if err != nil {
				return err
			}
			last, next, reservedLast := recordInt(c, "last"), recordInt(c, "next"), recordInt(c, "reservedLast")
			recs, err := collect(ctx, tx, `MATCH (ch:Change) WHERE ch.sequence IS NULL AND ($from IS NULL OR ch.at >= $from)
RETURN ch.id AS id, ch.at AS at ORDER BY ch.at, ch.batch, ch.seq LIMIT $limit`,
				map[string]any{"from": from, "limit": oldChangesPerTransaction})
			if err != nil {
				return err
			}
			rows := make([]map[string]any, len(recs))
			for i, r := range recs {
				var seq int64
				if next <= reservedLast {
					seq, next = next, next+1
				} else {
					last++
					seq = last
				}
				id, _ := r.Get("id")
				rows[i] = map[string]any{"id": id, "sequence": seq}
				if at, _ := r.Get("at"); at != nil {
					lastAt = at
				}
			}
			numbered = len(rows)
			if numbered == 0 {
				return nil
			}
			if err := Exec(ctx, tx, `UNWIND $rows AS row MATCH (ch:Change {id: row.id}) SET ch.sequence = row.sequence`,
				map[string]any{"rows": rows}); err != nil {
				return err
			}
			return Exec(ctx, tx, `MATCH (d:DataState {key: 'audit'}) SET d.last_sequence = $last, d.reserved_next = $next`,
				map[string]any{"last": last, "next": next})
		})
		if err != nil {
			return fmt.Errorf("migrate: numbering audit records: %w", err)
		}
		if numbered < oldChangesPerTransaction {
			return nil
		}
		from = lastAt
	}
}

func recordInt(r *neo4j.Record, key string) int64 {
	v, _ := r.Get(key)
	n, _ := v.(int64)
	return n
}
