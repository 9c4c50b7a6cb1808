package graphiql

import (
	"embed"

	"github.com/mnrgraph/mnrgraph/webasset"
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

//go:embed assets/*.js assets/*.css
var vendored embed.FS

//go:embed page.js page.css
var own embed.FS

// assets are the page's files, served under /graphiql/assets/.
var assets = loadAssets()

func loadAssets() *webasset.Set {
	set := webasset.NewSet("/graphiql/assets/")
	for name, sri := range map[string]string{
		"graphiql.min.js":             graphiqlJSSRI,
		"graphiql.min.css":            graphiqlCSSSRI,
		"react.production.min.js":     reactSRI,
		"react-dom.production.min.js": reactDOMSRI,
	} {
		set.Add(name, webasset.MustRead(vendored, "assets/"+name), sri)
	}
	for _, name := range []string{"page.js", "page.css"} {
		set.Add(name, webasset.MustRead(own, name), "")
	}
	return set
}
