// Command importprobe runs the same code path as `mnrgraph import` (graph.ReadAssessmentsFile and
// Store.RecordAssessments, one transaction) against the bench instance, timing each phase and,
// when it fails, printing the whole error chain that the CLI reduces to one message.
//
//	go run ./bench/importprobe FILE.csv
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/mnrgraph/mnrgraph/graph/importfile"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: importprobe FILE.csv")
		os.Exit(2)
	}
	uri, user, password := benchdb.Settings()
	db, err := store.Open(store.Config{URI: uri, User: user, Password: password, QueryTimeout: 10 * time.Minute})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	t0 := time.Now()
	rows, err := importfile.Read(os.Args[1])
	if err != nil {
		panic(err)
	}
	fmt.Printf("read %d rows in %.1fs\n", len(rows), time.Since(t0).Seconds())
	t1 := time.Now()
	problems, err := db.ValidateAssessments(ctx, rows, store.WriteOptions{})
	fmt.Printf("validated in %.1fs: %d problems, err %v\n", time.Since(t1).Seconds(), len(problems), err)
	t2 := time.Now()
	last := time.Now()
	n, _, err := db.RecordAssessments(ctx, rows, store.Actor{Label: "importprobe", Role: "EDITOR", Via: "import"},
		store.WriteOptions{Progress: func(done, total int) {
			if done%100000 == 0 || done == total {
				fmt.Printf("  %d rows at %.1fs (+%.1fs)\n", done, time.Since(t2).Seconds(), time.Since(last).Seconds())
				last = time.Now()
			}
		}})
	fmt.Printf("wrote %d rows in %.1fs (validation again included); total %.1fs\n", n, time.Since(t2).Seconds(), time.Since(t0).Seconds())
	for e := err; e != nil; e = errors.Unwrap(e) {
		fmt.Printf("  error: %T: %v\n", e, e)
		var n4 *neo4j.Neo4jError
		if errors.As(e, &n4) {
			fmt.Printf("  neo4j code: %s\n", n4.Code)
		}
		var lim *neo4j.TransactionExecutionLimit
		if errors.As(e, &lim) {
			for _, x := range lim.Errors {
				fmt.Printf("  attempt error: %T: %v\n", x, x)
			}
		}
	}
}
