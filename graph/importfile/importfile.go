// Package importfile reads assessment files (CSV with a header, or a JSON array) for `mnrgraph
// import`, exactly or not at all: every problem names its line. Writing them is package store's
// job (RecordAssessments with CommitEvery and Parallel).
//
// It imports only package graph and the standard library (imports_test.go checks).
package importfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Columns are the columns of an assessments CSV file. `source` may name several source keys
// separated by ";", each cited with the row's locator and quote.
var Columns = []string{"country", "capability", "status", "asOf", "provenance", "source", "locator", "quote", "note"}

// Read reads assessments from a .csv file (Columns, header first) or a .json
// file (one array of objects shaped like the GraphQL AssessmentInput). The file must be UTF-8.
// Each row keeps the line it starts on, for the problem report. Country codes are upper-cased,
// as recordAssessments does.
func Read(path string) ([]graph.AssessmentInput, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".json" && ext != ".csv" {
		return nil, fmt.Errorf("%s: the file must end in .csv or .json", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if !utf8.Valid(b) {
		at := 0
		for at < len(b) {
			r, size := utf8.DecodeRune(b[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		return nil, fmt.Errorf("%s: line %d is not valid UTF-8 (byte %d); save the file as UTF-8 and import it again", path, lineAt(b, at), at+1)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	if ext == ".json" {
		return readAssessmentsJSON(b, path)
	}
	return readAssessmentsCSV(b, path)
}

// lineAt is the 1-based line of byte offset at in b.
func lineAt(b []byte, at int) int { return bytes.Count(b[:min(at, len(b))], []byte("\n")) + 1 }

func readAssessmentsJSON(b []byte, path string) ([]graph.AssessmentInput, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var items []json.RawMessage
	if err := dec.Decode(&items); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("%s: line %d: not valid JSON: %v", path, lineAt(b, int(syn.Offset)), err)
		}
		return nil, fmt.Errorf("%s: not a JSON array of assessments: %v", path, err)
	}
	if tok, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: line %d: the file must hold one JSON array of assessments, and something follows it (%v)", path, lineAt(b, int(dec.InputOffset())), tokenOrError(tok, err))
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: the array holds no assessments", path)
	}
	rows := make([]graph.AssessmentInput, len(items))
	// Each item's line, counted as the items are found in order (linear in the file's size).
	offset, line := 0, 1
	for i, item := range items {
		if at := bytes.Index(b[offset:], item); at >= 0 {
			line += bytes.Count(b[offset:offset+at], []byte("\n"))
			offset += at
		}
		itemLine := line
		line += bytes.Count(item, []byte("\n"))
		offset += len(item)
		d := json.NewDecoder(bytes.NewReader(item))
		d.DisallowUnknownFields()
		if err := d.Decode(&rows[i]); err != nil {
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) {
				err = fmt.Errorf("%s must be a JSON %s, not %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
			}
			return nil, fmt.Errorf("%s: row %d (line %d): %v", path, i, itemLine, err)
		}
		rows[i].Country = strings.ToUpper(strings.TrimSpace(rows[i].Country))
		rows[i].Line = itemLine
	}
	return rows, nil
}

func tokenOrError(tok json.Token, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%v", tok)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "ptr":
		return "string or null"
	}
	return goKind
}

func readAssessmentsCSV(b []byte, path string) ([]graph.AssessmentInput, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: the header line cannot be read: %v", path, err)
	}
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if !known[h] {
			hint := ""
			if len(head) == 1 && strings.Contains(h, ";") {
				hint = "; the header is a single column: is the file separated by semicolons? use commas"
			}
			return nil, fmt.Errorf("%s: line 1: unknown column %q (columns: %s)%s", path, h, strings.Join(Columns, ","), hint)
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%s: line 1: column %q appears twice", path, h)
		}
		col[h] = i
	}
	for _, c := range []string{"country", "capability", "status", "asOf", "provenance", "source"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: line 1: missing column %q (columns: %s)", path, c, strings.Join(Columns, ","))
		}
	}
	get := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	opt := func(rec []string, name string) *string {
		if s := get(rec, name); s != "" {
			return &s
		}
		return nil
	}
	var rows []graph.AssessmentInput
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				return nil, fmt.Errorf("%s: line %d has %d fields, the header has %d (%s); nothing was imported", path, pe.StartLine, len(rec), len(head), strings.Join(head, ","))
			}
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		line, _ := cr.FieldPos(0)
		row := graph.AssessmentInput{Country: strings.ToUpper(get(rec, "country")), Capability: get(rec, "capability"),
			Status: get(rec, "status"), AsOf: get(rec, "asOf"), Provenance: get(rec, "provenance"), Note: opt(rec, "note"), Line: line}
		for _, s := range strings.Split(get(rec, "source"), ";") {
			if s = strings.TrimSpace(s); s != "" {
				row.Citations = append(row.Citations, graph.CitationInput{Source: s, Locator: opt(rec, "locator"), Quote: opt(rec, "quote")})
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows after the header line", path)
	}
	return rows, nil
}
