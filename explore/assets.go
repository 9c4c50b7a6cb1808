package explore

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

// The vendored files' sha256, as scripts/explore-assets.sh checks them on download. They are
// pinned here too: a replaced or corrupted file panics at start-up (and fails every test) instead
// of being served.
var pinnedSHA256 = map[string]string{
	"d3.min.js":              "f2094bbf6141b359722c4fe454eb6c4b0f0e42cc10cc7af921fc158fceb86539", // d3@7.9.0
	"topojson-client.min.js": "25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89", // topojson-client@3.1.0
	"countries-110m.json":    "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8", // world-atlas@2.0.2
}

const assetPrefix = "/explore/assets/"

//go:embed assets/d3.min.js assets/topojson-client.min.js assets/countries-110m.json
var vendored embed.FS

//go:embed explore.css js/*.js
var own embed.FS

// pageScripts are the page's own scripts, in the order it loads them: the frame the views share,
// one file per view, and the wiring.
var pageScripts = []string{"frame.js", "coverage.js", "network.js", "worldmap.js", "timeline.js", "main.js"}

// asset is one file the page loads.
type asset struct {
	body        []byte
	contentType string
	// sri is the integrity attribute the page puts on the tag.
	sri string
	// version is a short content hash: the page asks for name?v=version, so the response for the
	// current version can be cached for good and a new build is fetched afresh.
	version string
}

// assetRef is what the page template needs to load an asset.
type assetRef struct{ URL, SRI string }

func (a asset) ref(name string) assetRef {
	return assetRef{URL: assetPrefix + name + "?v=" + a.version, SRI: a.sri}
}

var assets = loadAssets()

func loadAssets() map[string]asset {
	m := map[string]asset{}
	for name, want := range pinnedSHA256 {
		body := mustRead(vendored, "assets/"+name)
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != want {
			panic("explore: assets/" + name + " is not the pinned file; run scripts/explore-assets.sh")
		}
		m[name] = newAsset(body, name)
	}
	m["explore.css"] = newAsset(mustRead(own, "explore.css"), "explore.css")
	for _, name := range pageScripts {
		m[name] = newAsset(mustRead(own, "js/"+name), name)
	}
	return m
}

func newAsset(body []byte, name string) asset {
	sum := sha256.Sum256(body)
	ct := "text/javascript; charset=utf-8"
	switch path.Ext(name) {
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".json":
		ct = "application/json"
	}
	return asset{body: body, contentType: ct, sri: "sha256-" + base64.StdEncoding.EncodeToString(sum[:]),
		version: hex.EncodeToString(sum[:6])}
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
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}
