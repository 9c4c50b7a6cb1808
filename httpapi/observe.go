package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/access"
)

// Metrics are the Prometheus collectors of one server. Registering them on a fresh registry per
// handler keeps tests independent.
type Metrics struct {
	Registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	cost       prometheus.Histogram
	statements *prometheus.HistogramVec
	http       *prometheus.CounterVec
	names      sync.Map // operation names seen, to bound label cardinality
	nameCount  int
	mu         sync.Mutex
}

// NewMetrics creates and registers the collectors.
func NewMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mnrgraph_graphql_requests_total",
		Help: "GraphQL operations by operation name and outcome (ok, or the first error code)."}, []string{"operation", "outcome"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mnrgraph_graphql_request_duration_seconds",
		Help: "Time to answer a GraphQL operation.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}, []string{"operation"})
	m.cost = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "mnrgraph_graphql_query_cost",
		Help: "Estimated cost of the operations that ran.", Buckets: prometheus.ExponentialBuckets(1, 4, 10)})
	m.statements = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mnrgraph_neo4j_statement_duration_seconds",
		Help: "Time Neo4j took per Cypher statement, by outcome.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}, []string{"outcome"})
	m.http = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mnrgraph_http_requests_total",
		Help: "HTTP requests by path and status code."}, []string{"path", "code"})
	m.Registry.MustRegister(m.requests, m.duration, m.cost, m.statements, m.http,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// ObserveStatement records one Cypher statement (the store calls it).
func (m *Metrics) ObserveStatement(d time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.statements.WithLabelValues(outcome).Observe(d.Seconds())
}

var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// label bounds the operation-name label: clients choose names, so only the first 200 distinct
// well-formed ones get their own series.
func (m *Metrics) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	if _, ok := m.names.Load(name); ok {
		return name
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.nameCount >= 200 {
		return "other"
	}
	m.nameCount++
	m.names.Store(name, true)
	return name
}

// requestInfo collects, for the one log line of a request, what the GraphQL layer learns.
type requestInfo struct {
	mu        sync.Mutex
	role      string
	operation string
	codes     []string
	cost      int
	// mutation is set when the request ran a mutation: the data revision may have moved.
	mutation bool
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(infoKey{}).(*requestInfo)
	return ri
}

// Observer is the gqlgen extension that measures each operation.
type Observer struct{ Metrics *Metrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = Observer{}

func (Observer) ExtensionName() string                          { return "Observer" }
func (Observer) Validate(schema graphql.ExecutableSchema) error { return nil }

// InterceptResponse times the operation and records its outcome and cost.
func (o Observer) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	var oc *graphql.OperationContext
	name := "invalid" // refused before an operation existed (parse, validation, limits)
	if graphql.HasOperationContext(ctx) {
		oc = graphql.GetOperationContext(ctx)
		opName := oc.OperationName
		if opName == "" && oc.Operation != nil {
			opName = oc.Operation.Name
		}
		name = o.Metrics.label(opName)
	}
	codes := errorCodes(resp)
	outcome := "ok"
	if len(codes) > 0 {
		outcome = codes[0]
	}
	o.Metrics.requests.WithLabelValues(name, outcome).Inc()
	o.Metrics.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	cost := CostOf(oc)
	o.Metrics.cost.Observe(float64(cost))
	if ri := infoFrom(ctx); ri != nil {
		ri.mu.Lock()
		ri.operation, ri.cost = name, cost
		ri.codes = append(ri.codes, codes...)
		ri.mutation = ri.mutation || (oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Mutation)
		ri.mu.Unlock()
	}
	return resp
}

func errorCodes(resp *graphql.Response) []string {
	if resp == nil {
		return nil
	}
	seen := map[string]bool{}
	var codes []string
	for _, e := range resp.Errors {
		c, _ := e.Extensions["code"].(string)
		if c == "" {
			c = "UNKNOWN"
		}
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	return codes
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// Flush sends what was written so far (incremental delivery).
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer (to flush a stream).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests writes one structured line per request: path, status, duration, role and, for
// GraphQL, the operation, its cost and error codes. Keys, variables and queries are never logged.
func logRequests(m *Metrics, path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), infoKey{}, ri)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		m.http.WithLabelValues(path, http.StatusText(rec.status)).Inc()
		ri.mu.Lock()
		defer ri.mu.Unlock()
		attrs := []any{"method", r.Method, "path", path, "status", rec.status,
			"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "request_id", r.Header.Get(RequestIDHeader)}
		if ri.role != "" { // empty: refused before a role was known (401), or not a GraphQL request
			attrs = append(attrs, "role", ri.role)
		}
		if ri.operation != "" {
			attrs = append(attrs, "operation", ri.operation, "cost", ri.cost)
		}
		if len(ri.codes) > 0 {
			attrs = append(attrs, "error_codes", strings.Join(ri.codes, ","))
		}
		slog.InfoContext(r.Context(), "request", attrs...)
	})
}

// recordRole notes, for the request's log line, the role the access layer gave the request.
func recordRole(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ri := infoFrom(r.Context()); ri != nil {
			ri.mu.Lock()
			ri.role = access.From(r.Context()).Role.String()
			ri.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}
