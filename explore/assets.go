package explore

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"

	"github.com/mnrgraph/mnrgraph/webasset"
)

// The vendored files' sha256, as scripts/explore-assets.sh checks them on download. They are
// pinned here too: a replaced or corrupted file panics at start-up (and fails every test) instead
// of being served.
var pinnedSHA256 = map[string]string{
	"d3.min.js":              "f2094bbf6141b359722c4fe454eb6c4b0f0e42cc10cc7af921fc158fceb86539", // d3@7.9.0
	"topojson-client.min.js": "25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89", // topojson-client@3.1.0
	"countries-110m.json":    "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8", // world-atlas@2.0.2
}

//go:embed assets/d3.min.js assets/topojson-client.min.js assets/countries-110m.json
var vendored embed.FS

//go:embed explore.css js/*.js
var own embed.FS

// pageScripts are the page's own scripts, in the order it loads them: the frame the views share,
// one file per view, and the wiring.
var pageScripts = []string{"frame.js", "coverage.js", "network.js", "worldmap.js", "timeline.js", "main.js"}

// assets are the page's files, served under /explore/assets/.
var assets = loadAssets()

func loadAssets() *webasset.Set {
	set := webasset.NewSet("/explore/assets/")
	for name, want := range pinnedSHA256 {
		body := webasset.MustRead(vendored, "assets/"+name)
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != want {
			panic("explore: assets/" + name + " is not the pinned file; run scripts/explore-assets.sh")
		}
		set.Add(name, body, "")
	}
	set.Add("explore.css", webasset.MustRead(own, "explore.css"), "")
	for _, name := range pageScripts {
		set.Add(name, webasset.MustRead(own, "js/"+name), "")
	}
	return set
}
