package store

import (
	"context"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The data revision names the state of the graph a reader sees: it changes with every committed
// write (a release load, illustrative data, an assessment, an import, a publication), so that an
// answer cached under one revision is never served for another. Every write transaction this
// package runs counts itself on one counter node, in the same transaction; the revision is the
// loaded release's version and load time with that count. A graph written around this package
// (raw Cypher in a shell) does not move it.

const bumpRevision = `MERGE (d:DataState {key: 'revision'}) SET d.writes = coalesce(d.writes, 0) + 1`

// revisionMatch finds the release state d and the counter w that revisionColumns read.
const revisionMatch = `OPTIONAL MATCH (d:DataState {key: 'release'}) OPTIONAL MATCH (w:DataState {key: 'revision'})`

// revisionColumns are the columns of the revision.
const revisionColumns = `coalesce(d.version, 'none') AS revVersion, coalesce(d.loaded_at.epochMillis, 0) AS revLoaded, coalesce(w.writes, 0) AS revWrites`

// Revision reads the data revision: "<release>.<load time in ms, base 36>.<writes>", e.g.
// "2026.1.mgf3k2x1.214". Cheap: two index seeks. It is bookkeeping of the HTTP layer (at most one
// read a second, whatever the traffic), so it is not counted among a request's statements
// (Statements) and is not retried: a caller that gets no revision caches nothing.
func (s *Store) Revision(ctx context.Context) (string, error) {
	recs, err := s.autoCommitRead(ctx, revisionMatch+" RETURN "+revisionColumns, nil)
	if err != nil || len(recs) != 1 {
		return "", err
	}
	return revisionOf(recs[0]), nil
}

func revisionOf(rec *neo4j.Record) string {
	version, _ := rec.Get("revVersion")
	loaded, _ := rec.Get("revLoaded")
	writes, _ := rec.Get("revWrites")
	v, _ := version.(string)
	l, _ := loaded.(int64)
	w, _ := writes.(int64)
	return v + "." + strconv.FormatInt(l, 36) + "." + strconv.FormatInt(w, 10)
}

// countWrite counts a committed write on the revision counter, inside the write's transaction.
func countWrite(ctx context.Context, tx neo4j.ManagedTransaction) error {
	return Exec(ctx, tx, bumpRevision, nil)
}
