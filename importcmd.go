package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph/importfile"
	"github.com/mnrgraph/mnrgraph/graph/store"
)

// importAssessments is `mnrgraph import [--dry-run] [--as LABEL] FILE`: a bulk load of assessments
// from CSV or JSON with the rules of recordAssessments, all or nothing in one transaction (or, with
// --commit-every, in transactions of N rows after the whole file is validated, --parallel at once).
func importAssessments(ctx context.Context, cfg config, db *store.Store, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "validate the file and report, writing nothing")
	label := fs.String("as", "import:"+env("USER", "unknown"), "who the audit trail records as the writer")
	commitEvery := fs.Int("commit-every", 0, "commit every N rows instead of one transaction for the whole file (for files larger than Neo4j's transaction memory; a failure then keeps the rows already committed, and running the same file again completes it)")
	parallel := fs.Int("parallel", 1, "with --commit-every, how many transactions write at once (each a whole chunk; 2 gave 1.4x the rate for a million rows on the 2-core benchmark machine, see BENCHMARKS.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: mnrgraph import [--dry-run] [--as LABEL] [--commit-every N [--parallel P]] FILE.csv|FILE.json")
	}
	if strings.TrimSpace(*label) == "" {
		return errors.New("--as needs a label: the audit trail records who wrote each row")
	}
	file := fs.Arg(0)
	rows, err := importfile.Read(file)
	if err != nil {
		return err
	}
	if *commitEvery < 0 {
		return errors.New("--commit-every must be a positive number of rows")
	}
	if *parallel < 1 || *parallel > 16 {
		return errors.New("--parallel must be between 1 and 16 transactions")
	}
	if *parallel > 1 && *commitEvery == 0 {
		return errors.New("--parallel needs --commit-every: without it the whole file is one transaction")
	}
	opts := store.WriteOptions{DryRun: *dryRun, Production: cfg.env == "production", CommitEvery: *commitEvery, Parallel: *parallel,
		Progress:  func(done, total int) { fmt.Printf("written %d of %d rows (not committed yet)\n", done, total) },
		Committed: func(done, total int) { fmt.Printf("committed %d of %d rows\n", done, total) }}
	written, problems, err := db.RecordAssessments(ctx, rows, store.Actor{Label: *label, Role: "EDITOR", Via: "import"}, opts)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		fmt.Printf("%s: %d problem(s); nothing was written\n", file, len(problems))
		for i, p := range problems {
			if i == 50 {
				fmt.Printf("  ... and %d more\n", len(problems)-50)
				break
			}
			where := fmt.Sprintf("row %d", p.Index)
			if p.Index >= 0 && p.Index < len(rows) && rows[p.Index].Line > 0 {
				where += fmt.Sprintf(" (line %d)", rows[p.Index].Line)
			}
			fmt.Printf("  %s, %s: %s\n", where, p.Field, p.Message)
		}
		return fmt.Errorf("%s was not imported", file)
	}
	if *dryRun {
		fmt.Printf("%s: %d rows are valid (dry run: nothing was written)\n", file, len(rows))
		return nil
	}
	if *commitEvery > 0 && *commitEvery < written {
		if *parallel > 1 {
			fmt.Printf("%s: imported %d assessments in transactions of %d rows, up to %d at once\n", file, written, *commitEvery, *parallel)
			return nil
		}
		fmt.Printf("%s: imported %d assessments in transactions of %d rows\n", file, written, *commitEvery)
		return nil
	}
	fmt.Printf("%s: imported %d assessments in one transaction\n", file, written)
	return nil
}
