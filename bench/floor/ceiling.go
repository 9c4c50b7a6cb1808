package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ceiling measures what this Neo4j takes in at best, whatever the importer: the import file's rows
// sent over Bolt in 10,000-row UNWIND statements that (1) only read them ("transfer") and (2)
// create one bare node with one property per row ("bare node"). Any transactional import of
// assessments (a node, three relationships, index entries and an audit record per row) is slower
// than (2), so it is the ceiling an import's rate is read against. It prints one JSON object; the
// nodes it creates are deleted.
func ceiling(args []string) {
	fs := flag.NewFlagSet("ceiling", flag.ExitOnError)
	limit := fs.Int("rows", 200000, "rows of the file to use")
	_ = fs.Parse(args)
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor ceiling [-rows N] FILE.csv")
		os.Exit(2)
	}
	rows, err := readRows(fs.Arg(0), *limit)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	drv, err := benchdb.Driver()
	if err != nil {
		fail(err)
	}
	defer drv.Close(ctx)
	out := map[string]any{"rows": len(rows), "batch": 10000}
	for _, m := range []struct{ name, stmt string }{
		{"transfer", `UNWIND $rows AS row WITH row WHERE row.key = '' CREATE (:BenchCeiling)`},
		{"bare_node", `UNWIND $rows AS row CREATE (:BenchCeiling {key: row.key})`},
	} {
		start := time.Now()
		for from := 0; from < len(rows); from += 10000 {
			batch := rows[from:min(from+10000, len(rows))]
			if _, err := neo4j.ExecuteQuery(ctx, drv, m.stmt, map[string]any{"rows": batch}, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase("neo4j")); err != nil {
				fail(err)
			}
		}
		out[m.name+"_rows_per_s"] = float64(len(rows)) / time.Since(start).Seconds()
	}
	for {
		res, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (n:BenchCeiling) WITH n LIMIT 10000 DELETE n RETURN count(*) AS n`, nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil {
			fail(err)
		}
		if res.Records[0].Values[0].(int64) == 0 {
			break
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

// readRows reads the import file's rows as the importer sends them (one map per row).
func readRows(path string, limit int) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	if _, err := r.Read(); err != nil {
		return nil, err
	}
	var rows []map[string]any
	for len(rows) < limit {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, map[string]any{"i": len(rows), "key": rec[0] + "|" + rec[1] + "|" + rec[3], "country": rec[0],
			"capability": rec[1], "status": rec[2], "asOf": rec[3], "provenance": rec[4], "note": rec[8],
			"citations": []map[string]any{{"source": rec[5], "locator": rec[6], "quote": nil}}})
	}
	return rows, nil
}
