// Package webasset serves the files the binary's own pages load (their scripts and styles, and the
// libraries vendored for them), embedded in the binary: each with its content type, a
// subresource-integrity hash for the page's tags, and a versioned URL (name?v=<content hash>) that
// browsers may keep for good, so a new build is fetched afresh and an old one never goes stale.
//
// It imports only the standard library.
package webasset

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"time"
)

// Set is the assets of one page, served under one path prefix.
type Set struct {
	prefix string
	assets map[string]asset
}

type asset struct {
	body        []byte
	contentType string
	sri         string
	version     string
}

// Ref is what a page template needs to load an asset: its URL and its integrity attribute.
type Ref struct{ URL, SRI string }

// NewSet makes an empty set served under prefix (e.g. "/explore/assets/").
func NewSet(prefix string) *Set { return &Set{prefix: prefix, assets: map[string]asset{}} }

// Prefix is the path the set is served under.
func (s *Set) Prefix() string { return s.prefix }

// Add adds body as name. sri is the file's published integrity string; when empty (the project's
// own files) it is computed.
func (s *Set) Add(name string, body []byte, sri string) {
	sum := sha256.Sum256(body)
	if sri == "" {
		sri = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	ct := "text/javascript; charset=utf-8"
	switch path.Ext(name) {
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".json":
		ct = "application/json"
	}
	s.assets[name] = asset{body: body, contentType: ct, sri: sri, version: hex.EncodeToString(sum[:6])}
}

// Ref is how a page refers to the asset name; an unknown name panics (the pages are rendered at
// start-up, so a missing file stops the server there, not in a visitor's browser).
func (s *Set) Ref(name string) Ref {
	a, ok := s.assets[name]
	if !ok {
		panic("webasset: no asset " + name + " under " + s.prefix)
	}
	return Ref{URL: s.prefix + name + "?v=" + a.version, SRI: a.sri}
}

// ServeHTTP serves the asset named by the request's {name} path value; http.ServeContent answers
// HEAD, ranges and If-None-Match.
func (s *Set) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, ok := s.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", `"`+a.version+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}

// MustRead reads an embedded file; a missing one panics at start-up.
func MustRead(fsys fs.FS, name string) []byte {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic(err)
	}
	return b
}

// Page is an HTML page rendered once, with the Content-Security-Policy that holds it to what the
// binary serves.
type Page struct {
	HTML []byte
	CSP  string
}

func (p Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", p.CSP)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(p.HTML)
}
