package graphiql

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"path"
	"time"
)

// The vendored files are the exact npm files gqlgen v0.17.98's playground pins on its CDN
// (scripts/graphiql-assets.sh fetches and checks them), so their hashes are gqlgen's SRI strings.
// They are pinned here rather than computed so that a replaced or corrupted file is refused by
// the browser, and by TestVendoredAssetsMatchPinnedHashes, instead of silently served.
const (
	graphiqlJSSRI  = "sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs=" // graphiql@4.1.2
	graphiqlCSSSRI = "sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU=" // graphiql@4.1.2
	reactSRI       = "sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY=" // react@18.2.0
	reactDOMSRI    = "sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc=" // react-dom@18.2.0
)

const assetPrefix = "/graphiql/assets/"

//go:embed assets/*.js assets/*.css
var vendored embed.FS

//go:embed page.js page.css
var own embed.FS

// asset is one file the page loads.
type asset struct {
	body        []byte
	contentType string
	// sri is the integrity attribute the page puts on the tag.
	sri string
	// version is a short content hash. The page asks for name?v=version, so a response for
	// the current version can be cached for good and a new build is fetched afresh.
	version string
}

// ref is how the page refers to the asset named name.
func (a asset) ref(name string) assetRef {
	return assetRef{URL: assetPrefix + name + "?v=" + a.version, SRI: a.sri}
}

// assetRef is what the page template needs to load an asset.
type assetRef struct{ URL, SRI string }

var assets = loadAssets()

func loadAssets() map[string]asset {
	pinned := map[string]string{
		"graphiql.min.js":             graphiqlJSSRI,
		"graphiql.min.css":            graphiqlCSSSRI,
		"react.production.min.js":     reactSRI,
		"react-dom.production.min.js": reactDOMSRI,
	}
	m := map[string]asset{}
	for name, sri := range pinned {
		m[name] = newAsset(mustRead(vendored, "assets/"+name), name, sri)
	}
	for _, name := range []string{"page.js", "page.css"} {
		m[name] = newAsset(mustRead(own, name), name, "")
	}
	return m
}

// newAsset describes body; an empty sri is computed from it (the project's own files).
func newAsset(body []byte, name, sri string) asset {
	sum := sha256.Sum256(body)
	if sri == "" {
		sri = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	}
	ct := "text/javascript; charset=utf-8"
	if path.Ext(name) == ".css" {
		ct = "text/css; charset=utf-8"
	}
	return asset{body: body, contentType: ct, sri: sri, version: hex.EncodeToString(sum[:6])}
}

func mustRead(fsys embed.FS, name string) []byte {
	b, err := fsys.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// serveAsset serves one asset; http.ServeContent answers HEAD, ranges and If-None-Match.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", `"`+a.version+`"`)
	setNoSniff(w)
	if r.URL.Query().Get("v") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}
