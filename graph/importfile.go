package graph

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ImportColumns are the columns of an assessments CSV file. `source` may name several source keys
// separated by ";", each cited with the row's locator and quote.
var ImportColumns = []string{"country", "capability", "status", "asOf", "provenance", "source", "locator", "quote", "note"}

// ReadAssessmentsFile reads assessments from a .csv file (ImportColumns, header first) or a .json
// file (an array of objects shaped like the GraphQL AssessmentInput).
func ReadAssessmentsFile(path string) ([]AssessmentInput, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		var rows []AssessmentInput
		dec := json.NewDecoder(f)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rows); err != nil {
			return nil, fmt.Errorf("%s: not a JSON array of assessments: %w", path, err)
		}
		return rows, nil
	case ".csv":
		return readAssessmentsCSV(f, path)
	}
	return nil, fmt.Errorf("%s: the file must end in .csv or .json", path)
}

func readAssessmentsCSV(r io.Reader, path string) ([]AssessmentInput, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, c := range []string{"country", "capability", "status", "asOf", "provenance", "source"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: missing column %q (columns: %s)", path, c, strings.Join(ImportColumns, ","))
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
	var rows []AssessmentInput
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := AssessmentInput{Country: strings.ToUpper(get(rec, "country")), Capability: get(rec, "capability"),
			Status: get(rec, "status"), AsOf: get(rec, "asOf"), Provenance: get(rec, "provenance"), Note: opt(rec, "note")}
		for _, s := range strings.Split(get(rec, "source"), ";") {
			if s = strings.TrimSpace(s); s != "" {
				row.Citations = append(row.Citations, CitationInput{Source: s, Locator: opt(rec, "locator"), Quote: opt(rec, "quote")})
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
