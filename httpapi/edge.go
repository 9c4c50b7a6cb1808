package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"github.com/klauspost/compress/gzhttp"
	"github.com/rs/cors"
)

// What every response passes through on its way out: CORS, compression, a request id.

// RequestIDHeader names the request id: the client's own when it sends a usable one (a tracing
// tool, a proxy), else one the server makes. It is in the response and in the request's log line.
const RequestIDHeader = "X-Request-Id"

// CORS: the headers browsers may send, beyond the simple ones: the API's own (Authorization for
// keys, If-None-Match for revalidation), W3C trace context (traceparent, tracestate), Apollo
// Client's client awareness and CSRF-prevention headers, and a request id.
var (
	corsRequestHeaders = []string{
		"Content-Type", "Authorization", "Accept", "If-None-Match",
		"traceparent", "tracestate", "baggage",
		"apollographql-client-name", "apollographql-client-version", "apollo-require-preflight", "x-apollo-operation-name",
		RequestIDHeader, "Mcp-Protocol-Version", "Mcp-Session-Id",
	}
	// corsExposedHeaders are the response headers scripts may read besides the simple ones.
	corsExposedHeaders = []string{"ETag", RevisionHeader, RequestIDHeader, "Server-Timing", "Mcp-Session-Id"}
)

func withCORS(o Options, next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, origin := range o.CORSOrigins {
		allowed[origin] = true
	}
	allow := func(origin string) bool { return allowed[origin] || (o.LoopbackOrigins && isLoopbackOrigin(origin)) }
	c := cors.New(cors.Options{
		AllowOriginFunc: allow,
		AllowedMethods:  []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:  corsRequestHeaders,
		ExposedHeaders:  corsExposedHeaders,
		MaxAge:          600,
	})
	return c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Resource Timing: an allowed page may read how long the API took (its timing details).
		if origin := r.Header.Get("Origin"); origin != "" && allow(origin) {
			w.Header().Set("Timing-Allow-Origin", origin)
		}
		next.ServeHTTP(w, r)
	}))
}

// isLoopbackOrigin reports whether origin is an http(s) page served from this machine.
func isLoopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" {
		return false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// compress encodes responses with zstd or gzip when the client accepts one
// (github.com/klauspost/compress/gzhttp: content negotiation, Vary: Accept-Encoding, small
// answers left as they are, flushes passed on for streams). Server-sent event streams (MCP) are
// left alone, so that each event reaches the client when it is written.
func compress(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(1024),
		gzhttp.ExceptContentTypes([]string{"text/event-stream", "image/png", "image/jpeg", "font/woff2"}),
	)
	if err != nil {
		panic("gzhttp options: " + err.Error()) // the options above are constant
	}
	return wrap(next)
}

// withRequestID gives each request an id (RequestIDHeader), kept when the client sent a short
// one made of letters, digits and -_.: and made here otherwise.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !usableRequestID(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
			r.Header.Set(RequestIDHeader, id)
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r)
	})
}

func usableRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == ""
}
