package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/mnrgraph/mnrgraph/access"
)

// HTTP caching of GraphQL reads.
//
// Every /graphql answer carries the data revision it read (X-Data-Revision; the same value as
// meta.revision), which changes with every committed write. A GET (a query in the URL, or an Apollo
// persisted-query GET) also gets:
//   - a strong ETag over the revision, the day (answers read "today" by default), the caller's
//     role, the request's URL query, its Accept header and its Accept-Encoding (so each encoding
//     of an answer has its own tag);
//   - Cache-Control: "public, max-age=N" for PUBLIC, so browsers and CDNs may keep it; "private,
//     no-cache" for a key, so only the caller's browser keeps it and asks again with the tag;
//   - Vary: Authorization, Accept, Accept-Encoding;
//   - 304 Not Modified when If-None-Match names the current tag;
//   - an answer from the server's own cache, when the same role asked the same GET under the same
//     revision: no Neo4j statement runs.
// POST is never cached (mutations, and queries too large for a URL, travel that way).

// RevisionHeader names the response header carrying the data revision.
const RevisionHeader = "X-Data-Revision"

// revisions gives the current data revision, read from the store at most once per interval
// (a failed read too: while Neo4j is away, requests do not queue behind one attempt after
// another), and at once after a request that may have written.
type revisions struct {
	read     func(context.Context) (string, error)
	interval time.Duration

	mu      sync.Mutex
	current string    // "" when the last read failed
	at      time.Time // when it was read; zero: read again
}

// Get returns the current revision, or "" when the store cannot say (then nothing is cached).
func (v *revisions) Get(ctx context.Context) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.at.IsZero() && time.Since(v.at) < v.interval {
		return v.current
	}
	v.current, _ = v.read(ctx) // an error leaves "" until the next interval
	v.at = time.Now()
	return v.current
}

// Forget makes the next Get read the store again.
func (v *revisions) Forget() {
	v.mu.Lock()
	v.at = time.Time{}
	v.mu.Unlock()
}

// Cache sizes: answers above maxCachedAnswer bytes are not kept by the server (browsers and CDNs
// may), so the cache holds at most cachedAnswers × maxCachedAnswer bytes.
const (
	cachedAnswers   = 1000
	maxCachedAnswer = 256 << 10
)

type cachedAnswer struct {
	contentType string
	body        []byte
}

// httpCache is the middleware described above. It runs after the key is checked (the role is
// known) and before the GraphQL server.
type httpCache struct {
	revisions *revisions
	today     func() string
	maxAge    int
	answers   *lru.Cache[string, cachedAnswer]
	next      http.Handler
}

// newHTTPCache reads revisions with revision at most once a second.
func newHTTPCache(revision func(context.Context) (string, error), today func() string, maxAge int, next http.Handler) *httpCache {
	answers, _ := lru.New[string, cachedAnswer](cachedAnswers)
	return &httpCache{revisions: &revisions{read: revision, interval: time.Second}, today: today, maxAge: maxAge, answers: answers, next: next}
}

func (c *httpCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rev := c.revisions.Get(r.Context())
	if rev != "" {
		w.Header().Set(RevisionHeader, rev)
	}
	if r.Method != http.MethodGet || rev == "" {
		c.next.ServeHTTP(w, r)
		// After a mutation (or a request whose operation is not known), the next request reads
		// the revision afresh.
		if ri := infoFrom(r.Context()); ri == nil || ri.mutation {
			c.revisions.Forget()
		}
		return
	}
	role := access.From(r.Context()).Role
	key := strings.Join([]string{rev, c.today(), role.String(), r.URL.RawQuery, r.Header.Get("Accept")}, "\x00")
	tag := etag(key + "\x00" + normalizeEncodings(r.Header.Get("Accept-Encoding")))
	h := w.Header()
	h.Set("ETag", tag)
	h.Add("Vary", "Authorization, Accept, Accept-Encoding")
	if role == access.Public {
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(c.maxAge))
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	if matchesTag(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if a, ok := c.answers.Get(key); ok {
		h.Set("Content-Type", a.contentType)
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		_, _ = w.Write(a.body)
		return
	}
	// The answer is held until it is known whether it may be kept: only then are its caching
	// headers final (a refusal, an outage or a persisted query the server does not know yet must
	// not be kept by a browser or a CDN either).
	rec := &answerRecorder{header: http.Header{}}
	c.next.ServeHTTP(rec, r)
	body := rec.body.Bytes()
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	keep := rec.status == http.StatusOK && cacheable(body)
	if keep && len(body) <= maxCachedAnswer {
		c.answers.Add(key, cachedAnswer{contentType: rec.header.Get("Content-Type"), body: body})
	}
	if !keep {
		h.Del("ETag")
		h.Set("Cache-Control", "no-store")
	}
	maps.Copy(h, rec.header)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(body)
}

// etag is a strong entity tag over s.
func etag(s string) string {
	sum := sha256.Sum256([]byte(s))
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// normalizeEncodings is an Accept-Encoding header without its spaces, lowercased: two requests
// with the same one get the same encoding of an answer.
func normalizeEncodings(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// matchesTag reports whether an If-None-Match header names tag (or is "*").
func matchesTag(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// transientCodes are the error codes of answers that may differ when asked again under the same
// revision; such answers are not kept.
var transientCodes = [][]byte{
	[]byte(`"REQUEST_TIMEOUT"`), []byte(`"SERVICE_UNAVAILABLE"`), []byte(`"INTERNAL_SERVER_ERROR"`), []byte(`"TRANSACTION_TOO_LARGE"`),
	[]byte(`"PERSISTED_QUERY_NOT_FOUND"`),
}

func cacheable(body []byte) bool {
	for _, code := range transientCodes {
		if bytes.Contains(body, code) {
			return false
		}
	}
	return true
}

// answerRecorder holds a whole answer: its headers, status and body. GET answers are bounded by
// the API's limits, so holding one is bounded too.
type answerRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *answerRecorder) Header() http.Header { return a.header }

func (a *answerRecorder) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}

func (a *answerRecorder) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(p)
}
