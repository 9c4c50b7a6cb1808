// Package store is the Neo4j store: one driver, sessions and managed transactions, retries and
// the classification of the driver's failures into the error catalogue (package graph), and
// every statement that runs: compiled reads (package cypher makes them), reference checks,
// writes of assessments with their audit trail, the schema migration, and publications
// (audited by package disclosure, frozen in the graph, read back for public coverage).
//
// It must not import gqlgen, gqlparser or the packages above it (access, resolvers, httpapi):
// statements reach it compiled, and what a caller may read was decided before (imports_test.go
// checks).
package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says which database to use.
type Config struct {
	URI      string
	User     string
	Password string
	Database string
	// QueryTimeout bounds every statement the API runs (the transaction timeout on the server).
	QueryTimeout time.Duration
	// Clock says what day "as of now" is; nil reads the system clock.
	Clock graph.Clock
}

// Store runs Cypher against one Neo4j database. Every statement the API issues goes through
// Read or Write, which is where statements are counted (see Statements).
type Store struct {
	driver  neo4j.DriverWithContext
	db      string
	timeout time.Duration
	clock   graph.Clock
	count   atomic.Int64
	// knownKeys remembers keys (kind + NUL + key) that exist; see checkRefs.
	knownKeys sync.Map
	// published holds decoded publication tables by cypher.PublicationKey; see publishedTables.
	published sync.Map
	// OnStatement, when set, sees every statement before it runs (tests count them).
	OnStatement func(cypher string, params map[string]any)
	// OnStatementDone, when set, is told how long each statement took (metrics).
	OnStatementDone func(d time.Duration, err error)
}

// Open creates the driver. It does not fail when the database is down: the API answers
// SERVICE_UNAVAILABLE until it comes up.
func Open(cfg Config) (*Store, error) {
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.QueryTimeout == 0 {
		cfg.QueryTimeout = 10 * time.Second
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *config.Config) {
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 3 * time.Second
		c.MaxConnectionPoolSize = 50
		// Retries of transient failures stop early so that an outage fails requests fast.
		c.MaxTransactionRetryTime = 4 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	return &Store{driver: d, db: cfg.Database, timeout: cfg.QueryTimeout, clock: cfg.Clock}, nil
}

// Close releases the driver's connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return unavailable(err)
	}
	return nil
}

// Statements reports how many statements this store has run since it was opened.
func (s *Store) Statements() int64 { return s.count.Load() }

// Read runs one read statement and returns its records.
//
// It runs as an auto-commit transaction (RUN and PULL; a managed transaction adds BEGIN and COMMIT):
// Neo4j spends less CPU per statement this way (BENCHMARKS.md, "Reads as auto-commit
// transactions"), and the request saves a round trip. It shares one bookmark manager with every write (see
// session), so a read after a write sees it, and retries transient failures (a restarting
// database) for up to readRetryTime, as a managed transaction would.
func (s *Store) Read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	start := s.starting(cypher, params)
	recs, err := s.autoCommitRead(ctx, cypher, params)
	for delay := readRetryDelay; err != nil && neo4j.IsRetryable(err) && ctx.Err() == nil &&
		time.Since(start)+delay < readRetryTime; delay *= 2 {
		select {
		case <-ctx.Done():
		case <-time.After(delay):
			recs, err = s.autoCommitRead(ctx, cypher, params)
		}
	}
	if err != nil {
		return nil, s.done(ctx, start, err)
	}
	return recs, s.done(ctx, start, nil)
}

// starting counts a statement, shows it to OnStatement and returns when it started.
func (s *Store) starting(cypher string, params map[string]any) time.Time {
	s.count.Add(1)
	if s.OnStatement != nil {
		s.OnStatement(cypher, params)
	}
	return time.Now()
}

// Retries of a read that failed for a transient reason: the first after readRetryDelay, each
// later one after twice the previous delay, none once readRetryTime has passed since the first try
// (the driver's MaxTransactionRetryTime for managed transactions, see Open).
const (
	readRetryDelay = 50 * time.Millisecond
	readRetryTime  = 4 * time.Second
)

// session opens a session on the database. Every session, read or write, shares the driver's
// bookmark manager, the one ExecuteQuery (Write) uses too: each commit leaves its bookmark there
// and each transaction sends the bookmarks it holds, so on a cluster a read waits until the server
// it reads from has applied every write this process committed before it (a single server always
// has).
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
}

func (s *Store) autoCommitRead(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params, neo4j.WithTxTimeout(s.timeout))
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// Write runs one write statement in its own transaction (ExecuteQuery, with the driver's
// bookmark manager, which session shares), then counts it on the data revision.
func (s *Store) Write(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	start := s.starting(cypher, params)
	res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.timeout)))
	if err != nil {
		return nil, s.done(ctx, start, err)
	}
	// A schema statement cannot share its transaction with a data write: the count follows in its own.
	if _, err := neo4j.ExecuteQuery(ctx, s.driver, bumpRevision, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting()); err != nil {
		return nil, s.done(ctx, start, err)
	}
	return res.Records, s.done(ctx, start, nil)
}

// done reports a statement's duration and outcome and turns its error into the API's.
func (s *Store) done(ctx context.Context, start time.Time, err error) error {
	if s.OnStatementDone != nil {
		s.OnStatementDone(time.Since(start), err)
	}
	if err == nil {
		return nil
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &graph.Error{Code: graph.CodeTimeout, Message: "the request ran out of time; ask for less (smaller pages, fewer nested lists) or try again", Cause: err}
	}
	return classify(err)
}

// InTransaction runs work in one write transaction: all of it commits or none of it does. The
// driver retries the transaction on transient errors (deadlocks, leader switches).
func (s *Store) InTransaction(ctx context.Context, timeout time.Duration, work func(tx neo4j.ManagedTransaction) error) error {
	return s.inTransaction(ctx, timeout, true, work)
}

// exec runs one statement in tx and waits for it to finish, discarding its records.
func Exec(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) error {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// collect runs one statement in tx and returns its records.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// inTransaction is InTransaction, with retries only when retry is set: a large write that ran out
// of transaction memory would only fail again, slower.
func (s *Store) inTransaction(ctx context.Context, timeout time.Duration, retry bool, work func(tx neo4j.ManagedTransaction) error) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	if retry {
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			s.count.Add(1)
			if err := work(tx); err != nil {
				return nil, err
			}
			return nil, countWrite(ctx, tx)
		}, neo4j.WithTxTimeout(timeout))
		if err != nil {
			return classify(err)
		}
		return nil
	}
	s.count.Add(1)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxTimeout(timeout))
	if err != nil {
		return classify(err)
	}
	if err := work(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return classify(err)
	}
	if err := countWrite(ctx, tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return classify(err)
	}
	// Once the work is done, the commit is not abandoned when ctx is cancelled (an interrupted
	// import): an abandoned COMMIT may still land, and the caller would report those rows as not
	// written. Neo4j's transaction timeout still bounds it.
	if err := tx.Commit(context.WithoutCancel(ctx)); err != nil {
		return classify(err)
	}
	return nil
}

// tooLargeCodes are Neo4j's answers to a transaction that needs more memory than it may use.
var tooLargeCodes = map[string]bool{
	"Neo.TransientError.General.MemoryPoolOutOfMemoryError":  true,
	"Neo.TransientError.General.TransactionMemoryLimit":      true,
	"Neo.TransientError.General.TransactionOutOfMemoryError": true,
	"Neo.TransientError.General.OutOfMemoryError":            true,
}

func classify(err error) error {
	var tooLarge *neo4j.Neo4jError
	if errors.As(err, &tooLarge) && tooLargeCodes[tooLarge.Code] {
		return &graph.Error{Code: graph.CodeTooLarge, Cause: err, Message: "the write is too large for one transaction: it reached Neo4j's " +
			"transaction memory limit (db.memory.transaction.max or dbms.memory.transaction.total.max) and was rolled back; send fewer rows " +
			"per transaction (mnrgraph import --commit-every N, e.g. 10000) or give Neo4j more memory"}
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// Retries ran out: classify by the last failure, keeping the whole story as the cause.
		if n := len(limit.Errors); n > 0 {
			switch last := classify(limit.Errors[n-1]); graph.CodeOf(last) {
			case graph.CodeServiceUnavailable:
				return unavailable(err)
			case graph.CodeTooLarge:
				return last
			}
		}
		return err
	}
	var ce *neo4j.ConnectivityError
	var ne net.Error
	var ue *neo4j.UsageError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, context.DeadlineExceeded),
		neo4j.IsRetryable(err):
		return unavailable(err)
	case errors.As(err, &ue):
		return fmt.Errorf("neo4j usage: %w", err)
	}
	var n4 *neo4j.Neo4jError
	if errors.As(err, &n4) && (n4.Code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
		n4.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration" ||
		n4.Code == "Neo.ClientError.Security.Unauthorized" ||
		n4.Code == "Neo.TransientError.General.DatabaseUnavailable") {
		return unavailable(err)
	}
	return err
}

func unavailable(cause error) error {
	e := *graph.ErrUnavailable
	e.Cause = cause
	return &e
}

// Compiler returns a compiler that reads the store's clock.
func (s *Store) Compiler() cypher.Compiler { return cypher.Compiler{Clock: s.clock} }

// Today is the date "as of now" means for this store (UTC, YYYY-MM-DD).
func (s *Store) Today() string { return s.clock.Today() }
