package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mnrgraph/mnrgraph/bench/internal/benchdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// cypher runs one statement against the bench instance and prints the records as JSON lines; with
// -profile it prints the PROFILE plan instead (rows and db hits per operator). bench/run.sh uses
// it to wait for Neo4j and to read the versions of Neo4j and APOC; by hand it is how a statement's
// plan is checked. The statement comes from the arguments, -f FILE or stdin.
func cypher(args []string) {
	fs := flag.NewFlagSet("cypher", flag.ExitOnError)
	profile := fs.Bool("profile", false, "PROFILE the statement and print the plan")
	paramsJSON := fs.String("params", "{}", "parameters as a JSON object")
	paramsFile := fs.String("params-file", "", "read the parameters (a JSON object) from this file")
	file := fs.String("f", "", "read the statement from this file")
	_ = fs.Parse(args)
	if *paramsFile != "" {
		b, err := os.ReadFile(*paramsFile)
		if err != nil {
			fail(err)
		}
		*paramsJSON = string(b)
	}
	stmt := strings.Join(fs.Args(), " ")
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			fail(err)
		}
		stmt = string(b)
	}
	if stmt == "" {
		b, _ := io.ReadAll(os.Stdin)
		stmt = string(b)
	}
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(*paramsJSON))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		fail(err)
	}
	params, _ := numbers(raw).(map[string]any)
	ctx := context.Background()
	drv, err := benchdb.Driver()
	if err != nil {
		fail(err)
	}
	defer drv.Close(ctx)
	if *profile {
		stmt = "PROFILE " + stmt
	}
	res, err := neo4j.ExecuteQuery(ctx, drv, stmt, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		fail(err)
	}
	enc := json.NewEncoder(os.Stdout)
	if !*profile {
		for _, r := range res.Records {
			_ = enc.Encode(r.AsMap())
		}
	}
	if *profile && res.Summary.Profile() != nil {
		var total int64
		printPlan(res.Summary.Profile(), 0, &total)
		fmt.Printf("total db hits: %d, records: %d, available after %v, consumed after %v\n", total, len(res.Records),
			res.Summary.ResultAvailableAfter(), res.Summary.ResultConsumedAfter())
	}
}

func printPlan(p neo4j.ProfiledPlan, depth int, total *int64) {
	*total += p.DbHits()
	detail := ""
	if d, ok := p.Arguments()["Details"].(string); ok {
		detail = d
		if len(detail) > 110 {
			detail = detail[:110] + "…"
		}
	}
	fmt.Printf("%s%-28s rows=%-8d dbHits=%-9d %s\n", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits(), detail)
	for _, c := range p.Children() {
		printPlan(c, depth+1, total)
	}
}

// numbers turns JSON numbers into int64 when they are whole, float64 otherwise (Cypher's LIMIT
// and integer properties need integers).
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}
