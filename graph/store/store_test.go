package store

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// testStoreFromEnv opens the database the API tests use. Like those tests, it fails without one:
// a skipped test would hide a failure.
func testStoreFromEnv(t *testing.T) *Store {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" || os.Getenv("MNRGRAPH_TEST_RESET") != "yes" {
		t.Fatal("needs a Neo4j it may write to: NEO4J_URI and MNRGRAPH_TEST_RESET=yes (make test sets both)")
	}
	user := os.Getenv("NEO4J_USER")
	if user == "" {
		user = "neo4j"
	}
	s, err := Open(Config{URI: os.Getenv("NEO4J_URI"), User: user, Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// A write transaction leaves its bookmark in the bookmark manager every read sends, so on a
// cluster a read after a write waits until the server it reads from has the write.
func TestWriteTransactionsLeaveTheirBookmarkForReads(t *testing.T) {
	s := testStoreFromEnv(t)
	ctx := context.Background()
	manager := s.driver.ExecuteQueryBookmarkManager()
	defer func() {
		if _, err := s.Write(ctx, `MATCH (d:DataState {key: 'bookmark-probe'}) DELETE d`, nil); err != nil {
			t.Error(err)
		}
	}()
	if _, err := s.Read(ctx, `RETURN 1`, nil); err != nil {
		t.Fatal(err)
	}
	before, err := manager.GetBookmarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTransaction(ctx, time.Minute, func(tx neo4j.ManagedTransaction) error {
		return Exec(ctx, tx, `MERGE (d:DataState {key: 'bookmark-probe'}) SET d.written = datetime.realtime()`, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	seen, err := manager.GetBookmarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || slices.Equal(seen, before) {
		t.Fatalf("the write transaction's bookmark did not reach the shared manager: before %v, after %v", before, seen)
	}
}
