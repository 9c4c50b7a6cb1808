// Package export serves tidy downloads of the graph for the tools researchers use (R, pandas,
// spreadsheets): CSV and JSON Lines, one row per observation, a header of snake_case columns,
// list cells joined by "; ".
//
// Every export is a fixed GraphQL document run through the API's own handler with the caller's
// request (its key, its deadline), so a file holds exactly what the same role gets from /graphql:
// PUBLIC gets the published coverage tables and no assessment; a refusal is the API's refusal.
// Lists that page (countries) are read page by page and written as they arrive.
//
// It imports only the standard library: it knows the API through HTTP and GraphQL documents,
// nothing of the packages behind them (imports_test.go checks).
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
)

// An export is a set of GraphQL reads and the rows they make.
type export struct {
	about   string
	columns []string
	// rows runs the reads through q and yields each row, in order; meta is the API's meta
	// (dataVersion, publication) the file is named after.
	rows func(q querier, meta map[string]any, yield func([]string) error) error
}

// querier runs one GraphQL document with variables as the caller and returns its data.
type querier func(doc string, vars map[string]any) (map[string]any, error)

// Handler serves /export/ (an index of the exports) and /export/{name}.{csv|jsonl}, reading
// through graphql, the API's /graphql handler.
func Handler(graphql http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "exports are read with GET")
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/export/")
		if name == "" {
			writeIndex(w)
			return
		}
		base, format, _ := strings.Cut(name, ".")
		e, ok := exports[base]
		if !ok || (format != "csv" && format != "jsonl") {
			writeError(w, http.StatusNotFound, "NOT_FOUND", fmt.Sprintf("no export %q: /export/ lists them (each as .csv or .jsonl)", name))
			return
		}
		// The query string's asOf (a date) reaches the documents that declare it as a variable.
		asOf := r.URL.Query().Get("asOf")
		q := func(doc string, vars map[string]any) (map[string]any, error) {
			if asOf != "" && strings.Contains(doc, "$asOf") {
				if vars == nil {
					vars = map[string]any{}
				}
				vars["asOf"] = asOf
			}
			return run(graphql, r, doc, vars)
		}
		meta, err := q(`{ meta { dataVersion publication { number } } }`, nil)
		if err != nil {
			writeQueryError(w, err)
			return
		}
		filename := "mnr-" + str(at(meta, "meta.dataVersion")) + "-" + base
		if base == "coverage" {
			filename += "-publication-" + str(at(meta, "meta.publication.number"))
		}
		out := newWriter(w, format, e.columns, filename)
		if err := e.rows(q, meta, out.row); err != nil {
			if !out.started {
				writeQueryError(w, err)
				return
			}
			// The header is sent: the file ends early, and says why on its last line.
			out.abort(err)
			return
		}
		out.finish()
	})
}

// queryError is a GraphQL error the API answered with.
type queryError struct {
	Code, Message string
}

func (e *queryError) Error() string { return e.Message }

// run sends one document to the API's handler with the caller's headers and context.
func run(graphql http.Handler, caller *http.Request, doc string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	req := httptest.NewRequestWithContext(caller.Context(), http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a := caller.Header.Get("Authorization"); a != "" {
		req.Header.Set("Authorization", a)
	}
	rec := httptest.NewRecorder()
	graphql.ServeHTTP(rec, req)
	var resp struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		return nil, &queryError{Code: "INTERNAL_SERVER_ERROR", Message: "the API's answer could not be read"}
	}
	if len(resp.Errors) > 0 {
		code, _ := resp.Errors[0].Extensions["code"].(string)
		return nil, &queryError{Code: code, Message: resp.Errors[0].Message}
	}
	return resp.Data, nil
}

// statusOf is the HTTP status of an API error code.
func statusOf(code string) int {
	switch code {
	case "UNAUTHENTICATED":
		return http.StatusUnauthorized
	case "FORBIDDEN":
		return http.StatusForbidden
	case "NOT_FOUND", "NOT_PUBLISHED":
		return http.StatusNotFound
	case "SERVICE_UNAVAILABLE":
		return http.StatusServiceUnavailable
	case "REQUEST_TIMEOUT":
		return http.StatusGatewayTimeout
	case "BAD_USER_INPUT":
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

func writeQueryError(w http.ResponseWriter, err error) {
	qe, ok := err.(*queryError)
	if !ok {
		qe = &queryError{Code: "INTERNAL_SERVER_ERROR", Message: err.Error()}
	}
	writeError(w, statusOf(qe.Code), qe.Code, qe.Message)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}

func writeIndex(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	names := make([]string, 0, len(exports))
	for n := range exports {
		names = append(names, n)
	}
	sort.Strings(names)
	var list []map[string]any
	for _, n := range names {
		list = append(list, map[string]any{"name": n, "about": exports[n].about, "columns": exports[n].columns,
			"csv": "/export/" + n + ".csv", "jsonl": "/export/" + n + ".jsonl"})
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"exports": list})
}

// writer writes rows as CSV or JSON Lines, sending the headers with the first row.
type writer struct {
	w        http.ResponseWriter
	format   string
	columns  []string
	filename string
	csv      *csv.Writer
	started  bool
}

func newWriter(w http.ResponseWriter, format string, columns []string, filename string) *writer {
	return &writer{w: w, format: format, columns: columns, filename: filename}
}

func (o *writer) start() {
	if o.started {
		return
	}
	o.started = true
	h := o.w.Header()
	if o.format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	}
	h.Set("Content-Disposition", `attachment; filename="`+o.filename+"."+o.format+`"`)
	o.w.WriteHeader(http.StatusOK)
	if o.format == "csv" {
		o.csv = csv.NewWriter(o.w)
		_ = o.csv.Write(o.columns)
	}
}

func (o *writer) row(cells []string) error {
	o.start()
	if o.format == "csv" {
		return o.csv.Write(cells)
	}
	m := make(map[string]any, len(cells))
	for i, c := range cells {
		if c == "" {
			m[o.columns[i]] = nil
		} else {
			m[o.columns[i]] = c
		}
	}
	b, err := json.Marshal(orderedRow{o.columns, m})
	if err != nil {
		return err
	}
	_, err = o.w.Write(append(b, '\n'))
	return err
}

// finish flushes the file; an export with no rows still has its header.
func (o *writer) finish() {
	o.start()
	if o.csv != nil {
		o.csv.Flush()
	}
	if f, ok := o.w.(http.Flusher); ok {
		f.Flush()
	}
}

// abort ends a file whose reading failed after its first rows: the last line says so, so that
// a truncated file is never taken for a complete one.
func (o *writer) abort(err error) {
	msg := "EXPORT INCOMPLETE: " + err.Error()
	if o.csv != nil {
		_ = o.csv.Write([]string{msg})
		o.csv.Flush()
		return
	}
	b, _ := json.Marshal(map[string]string{"error": msg})
	_, _ = o.w.Write(append(b, '\n'))
}

// orderedRow marshals a row's keys in column order.
type orderedRow struct {
	columns []string
	values  map[string]any
}

func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range r.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c)
		v, err := json.Marshal(r.values[c])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// at walks decoded JSON along a dotted path.
func at(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// str is a JSON scalar as a cell: "" for null, integers without a decimal point.
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
		return fmt.Sprint(x)
	case bool:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}

// list returns the list at path, or none.
func list(v any, path string) []any {
	l, _ := at(v, path).([]any)
	return l
}

// joined is the values at path of every element of the list, joined by "; ".
func joined(items []any, path string) string {
	var out []string
	for _, it := range items {
		if s := str(at(it, path)); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}
