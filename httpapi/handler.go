package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/export"
	"github.com/mnrgraph/mnrgraph/graph/store"
)

// Options configure the HTTP handler.
type Options struct {
	Schema graphql.ExecutableSchema
	// PresentError and Recover turn resolver errors and panics into what clients see.
	PresentError graphql.ErrorPresenterFunc
	Recover      graphql.RecoverFunc
	Store        *store.Store
	Keys         *access.Keys
	CORSOrigins  []string
	Limits       Limits
	// MaxTokens bounds the parser (default 15,000 tokens).
	MaxTokens int
	// MaxBodyBytes bounds a request body (default 1 MiB; past it: HTTP 413).
	MaxBodyBytes int64
	// RequestTimeout is every request's deadline, passed down to the Neo4j transactions.
	RequestTimeout time.Duration
	// Home, when set, serves "/" (the GraphiQL page) and every path the API does not know.
	Home http.Handler
	// LoopbackOrigins allows every loopback origin (http://localhost:5173, http://127.0.0.1:3000,
	// ...) besides CORSOrigins: for development, where each tool picks its own port.
	LoopbackOrigins bool
	// CacheMaxAge is how long browsers and CDNs may keep a PUBLIC GET answer, in seconds
	// (default 60); an answer is never served by this server after the data revision moved.
	CacheMaxAge int
	// OnRunner, when set, is given a Runner over this handler's GraphQL server.
	OnRunner func(Runner)
	// MCP, when set, makes the handler of /mcp (the Model Context Protocol for AI assistants)
	// from the /graphql stack, which it must read through with the caller's request.
	MCP func(graphql http.Handler) http.Handler
	// Explore, when set, serves "/explore" and the paths below it (the explorer page and its
	// assets).
	Explore http.Handler
}

// New builds the public handler: /graphql, /export/, /mcp (when Options.MCP is set), /healthz,
// /readyz, Explore and Home, with CORS. The metrics it returns are served apart (Metrics.Handler),
// never on the public address: operation names say what every role asks for.
func New(o Options) (http.Handler, *Metrics) {
	if o.MaxTokens == 0 {
		o.MaxTokens = 15000
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = 15 * time.Second
	}
	metrics := NewMetrics()
	if o.Store != nil {
		o.Store.OnStatementDone = metrics.ObserveStatement
	}

	if o.CacheMaxAge == 0 {
		o.CacheMaxAge = 60
	}

	srv := handler.New(o.Schema)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	// Incremental delivery (@defer) for clients that accept multipart/mixed; the others get the
	// whole answer at once from POST.
	srv.AddTransport(transport.MultipartMixed{})
	srv.AddTransport(transport.POST{})
	queries := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(o.MaxTokens)
	srv.Use(extension.Introspection{})
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)}})
	srv.Use(DocumentLimits{Limits: o.Limits, Cache: queries, TokenLimit: o.MaxTokens})
	srv.Use(variableValues{})
	srv.Use(QueryLimits{Limits: o.Limits})
	srv.Use(Observer{Metrics: metrics})
	if o.PresentError != nil {
		srv.SetErrorPresenter(o.PresentError)
	}
	if o.Recover != nil {
		srv.SetRecoverFunc(o.Recover)
	}

	// Outermost first: the key (a wrong one is refused before the body is read), the answer
	// cache (a hit needs neither the body nor a deadline), then the body limit, the deadline and
	// the GraphQL server.
	var api http.Handler = srv
	api = specShim(api)
	api = withDeadline(o.RequestTimeout, api)
	api = limitBody(o.MaxBodyBytes, api)
	if o.Store != nil {
		api = newHTTPCache(o.Store.Revision, o.Store.Today, o.CacheMaxAge, api)
	}
	api = access.Middleware(o.Keys, recordRole(api))
	if o.OnRunner != nil {
		o.OnRunner(runner(srv))
	}

	mux := http.NewServeMux()
	mux.Handle("/graphql", logRequests(metrics, "/graphql", api))
	// Downloads read through the same stack as /graphql (keys, limits, deadline, refusals).
	mux.Handle("/export/", logRequests(metrics, "/export", export.Handler(api)))
	if o.MCP != nil {
		// A key the API refuses is refused here too, as /graphql refuses it; each call then reads
		// through the /graphql stack with the Authorization header of the request carrying it.
		mux.Handle("/mcp", logRequests(metrics, "/mcp", limitBody(o.MaxBodyBytes, access.Middleware(o.Keys, o.MCP(api)))))
	}
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/readyz", logRequests(metrics, "/readyz", readiness(o.Store)))
	if o.Explore != nil {
		mux.Handle("/explore", o.Explore)
		mux.Handle("/explore/", o.Explore)
	}
	if o.Home != nil {
		mux.Handle("/", o.Home)
	}
	return withCORS(o, compress(withRequestID(mux))), metrics
}

// A Runner runs one GraphQL document as a role, in this process, with no key (the role is given)
// and no HTTP limits, and reports whether it answered without errors. The server uses it to have
// Neo4j plan the saved examples' statements before anyone asks them.
type Runner func(ctx context.Context, role access.Role, query string) error

func runner(srv http.Handler) Runner {
	return func(ctx context.Context, role access.Role, query string) error {
		body, err := json.Marshal(map[string]string{"query": query})
		if err != nil {
			return err
		}
		req := httptest.NewRequestWithContext(access.With(ctx, access.Principal{Role: role}), http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var answer struct {
			Errors []struct{ Message string } `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
			return fmt.Errorf("HTTP %d, not JSON", rec.Code)
		}
		if len(answer.Errors) > 0 {
			return errors.New(answer.Errors[0].Message)
		}
		return nil
	}
}

// readiness is 200 when Neo4j answers and a data release is loaded, 503 otherwise.
func readiness(store *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "application/json")
		st, err := store.State(ctx)
		switch {
		case err != nil:
			w.WriteHeader(http.StatusServiceUnavailable)
			_ = json.NewEncoder(w).Encode(map[string]any{"ready": false, "reason": "neo4j is not reachable"})
		case st.Version == "":
			w.WriteHeader(http.StatusServiceUnavailable)
			_ = json.NewEncoder(w).Encode(map[string]any{"ready": false, "reason": "no data release is loaded"})
		default:
			_ = json.NewEncoder(w).Encode(map[string]any{"ready": true, "dataVersion": st.Version, "illustrative": st.Illustrative})
		}
	})
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}}})
}

// limitBody refuses bodies over max bytes with HTTP 413 before anything parses them.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the request body is larger than %d bytes", max))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
			if err != nil {
				writeError(w, http.StatusBadRequest, CodeBadRequest, "the request body could not be read")
				return
			}
			if int64(len(body)) > max {
				writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the request body is larger than %d bytes", max))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// withDeadline gives every request a deadline; the Neo4j driver honours it, so a slow statement
// is cancelled rather than left running for a client that has gone.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// specShim adjusts gqlgen's status codes toward the GraphQL-over-HTTP specification:
// under application/json, a document that does not parse or validate is answered 200 (the
// specification's SHOULD), while the API's own refusals before execution (limits, size arguments,
// persisted-query mistakes) are 400, as under application/graphql-response+json, instead of
// gqlgen's 422; under application/graphql-response+json, a 4xx reply carries no "data" key.
func specShim(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &shimWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		sw.flush(r)
	})
}

type shimWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	hold   bool
}

func (w *shimWriter) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	if code >= 400 {
		w.hold = true // decide once the body is known
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

// Flush sends what was written so far, unless the answer is held to be rewritten.
func (w *shimWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.hold {
		f.Flush()
	}
}

func (w *shimWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.hold {
		return w.buf.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *shimWriter) flush(r *http.Request) {
	if !w.hold {
		return
	}
	status, body := codeTransportErrors(r, w.status, w.buf.Bytes(), w.Header())
	ct := w.Header().Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json") && status == http.StatusUnprocessableEntity && onlyDocumentErrors(body):
		status = http.StatusOK
	case status == http.StatusUnprocessableEntity:
		status = http.StatusBadRequest
	case strings.HasPrefix(ct, "application/graphql-response+json"):
		body = bytes.Replace(body, []byte(`,"data":null`), nil, 1)
		body = bytes.Replace(body, []byte(`"data":null,`), nil, 1)
	}
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}

// onlyDocumentErrors reports whether every error is a parse or validation failure of the document.
func onlyDocumentErrors(body []byte) bool {
	var resp struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &resp) != nil || len(resp.Errors) == 0 {
		return false
	}
	for _, e := range resp.Errors {
		switch e.Extensions["code"] {
		case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED":
		default:
			return false
		}
	}
	return true
}

// codeTransportErrors gives every error of a refused request a stable code and a message a person
// can act on: gqlgen's transport refusals (an unsupported method or content type, a body that is not
// a GraphQL request, a mutation over GET) come without a code, and a body that does not decode came
// back echoed in full.
func codeTransportErrors(r *http.Request, status int, body []byte, h http.Header) (int, []byte) {
	var resp map[string]any
	if json.Unmarshal(body, &resp) != nil {
		return status, body
	}
	errs, _ := resp["errors"].([]any)
	changed := false
	for _, e := range errs {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		ext, _ := m["extensions"].(map[string]any)
		if ext != nil && ext["code"] != nil {
			continue
		}
		msg, _ := m["message"].(string)
		code := CodeBadRequest
		switch {
		case msg == "transport not supported" && r.Method != http.MethodGet && r.Method != http.MethodPost:
			status, code = http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"
			h.Set("Allow", "GET, POST, OPTIONS")
			msg = r.Method + " is not supported: send a POST with Content-Type: application/json, or a GET with ?query="
		case msg == "transport not supported":
			status, code = http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"
			msg = fmt.Sprintf("Content-Type %q is not supported: send a JSON body with Content-Type: application/json", r.Header.Get("Content-Type"))
		case strings.HasPrefix(msg, "GET requests only allow query operations"):
			status, code = http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED"
			h.Set("Allow", "POST")
			msg = "a mutation must be sent with POST; GET carries queries only"
		case strings.HasPrefix(msg, "json request body could not be decoded"):
			msg = `the request body is not a GraphQL request: send one JSON object such as {"query": "{ meta { dataVersion } }", "variables": {}} (batches of several requests are not supported)`
		}
		if ext == nil {
			ext = map[string]any{}
		}
		ext["code"] = code
		m["extensions"] = ext
		m["message"] = msg
		changed = true
	}
	if !changed {
		return status, body
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return status, body
	}
	h.Set("Content-Type", "application/json")
	return status, out
}
