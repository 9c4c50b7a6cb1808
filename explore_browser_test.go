package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The explorer page at /explore promises four pictures drawn from the public API alone, with no
// internet access: the same offline Chromium as the GraphiQL test loads it from the test server,
// waits until every view has drawn, as PUBLIC and again with the ANALYST key typed into the key
// field, and fails on any script error, any refusal by the page's Content-Security-Policy or
// integrity checks, and any request to anywhere but the test server. PUBLIC must see hidden
// coverage cells drawn as hidden and be refused the per-country grid; ANALYST must get the grid.
// A view's "Open in GraphiQL" link must open GraphiQL with that view's query. Screenshots are left
// in artifacts/explore-public.png and artifacts/explore-analyst.png.
func TestExplorerDrawsEveryViewOffline(t *testing.T) {
	if code := httptestGet(testHandler, "/explore"); code != http.StatusOK {
		t.Fatalf("GET /explore answers %d: the server must serve the explorer page there", code)
	}
	tab, srvURL, do := openOfflineTab(t, testHandler, 120*time.Second)

	start := time.Now()
	do("loading /explore", chromedp.Navigate(srvURL+"/explore"))
	public := waitForViews(t, tab, "PUBLIC")
	t.Logf("PUBLIC: every view drawn in %v: %s", time.Since(start).Round(time.Millisecond), public)
	public.checkDrawn(t, "PUBLIC", 21*4)
	if public.Grid != "forbidden" {
		t.Errorf("PUBLIC: the per-country status grid is %q; the API refuses it to PUBLIC, and the page must say so", public.Grid)
	}
	if public.HiddenCells == 0 {
		t.Errorf("PUBLIC: no coverage cell drawn as hidden; the publication hides small counts")
	}
	saveScreenshot(t, tab, filepath.Join("artifacts", "explore-public.png"))

	// The controls redraw their view: the heat map by region, the map by participation.
	do("choosing regions for the heat map and the Budapest Convention for the map",
		chooseOption("coverage-facet", "REGION"), chooseOption("map-colour", "party:budapest"))
	byRegion := waitForViews(t, tab, "PUBLIC")
	byRegion.checkDrawn(t, "PUBLIC", 21*7)
	if byRegion.Parties == 0 {
		t.Errorf("PUBLIC: the map by participation in the Budapest Convention colours no country as party")
	}
	// Clicking a node centres the network on it.
	do("clicking the Budapest Convention in the network", chromedp.Evaluate[chromedp.Void](`(() => {
		const node = Array.from(document.querySelectorAll('#network .nodes g'))
			.find(g => g.querySelector('title').textContent.includes('Instrument:budapest'));
		node.dispatchEvent(new MouseEvent('click', {bubbles: true}));
	})()`))
	waitForViews(t, tab, "PUBLIC").checkDrawn(t, "PUBLIC", 21*7)
	if from, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById('network-from').value`)); err != nil || from != "Instrument:budapest" {
		t.Errorf("after clicking the Budapest Convention the network is around %q (%v)", from, err)
	}
	do("going back to income groups and the Lanzarote Convention",
		chooseOption("coverage-facet", "INCOME_GROUP"), chooseOption("network-from", "Instrument:lanzarote"))

	start = time.Now()
	do("typing the ANALYST key into the key field",
		chromedp.SendKeys(chromedp.CSS("#key"), testKeys["ANALYST"]),
		chromedp.Click(chromedp.CSS("#key-apply")),
	)
	analyst := waitForViews(t, tab, "ANALYST")
	t.Logf("ANALYST: every view drawn in %v: %s", time.Since(start).Round(time.Millisecond), analyst)
	analyst.checkDrawn(t, "ANALYST", 21*4)
	if analyst.Grid != "true" || analyst.GridCells != 42*21 {
		t.Errorf("ANALYST: the status grid is %q with %d cells, want drawn with 42 × 21", analyst.Grid, analyst.GridCells)
	}
	if analyst.HiddenCells != 0 {
		t.Errorf("ANALYST: %d coverage cells drawn as hidden; analysts read live, unsuppressed counts", analyst.HiddenCells)
	}
	saveScreenshot(t, tab, filepath.Join("artifacts", "explore-analyst.png"))

	// The heat map's link opens GraphiQL holding its query.
	link := public.Links["coverage"]
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, "/?") || !strings.Contains(u.Query().Get("query"), "coverage") {
		t.Fatalf("the heat map's GraphiQL link is %q; want /?query=<its query>", link)
	}
	do("opening the heat map's query in GraphiQL", chromedp.Navigate(srvURL+link))
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`(() => {
		const cm = document.querySelector('.graphiql-query-editor .CodeMirror');
		return !!cm && cm.CodeMirror.getValue().includes('query Coverage');
	})()`, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("GraphiQL did not open the heat map's query from %s: %v", link, err)
	}
}

// chooseOption picks value in the select element with id, as a user would.
func chooseOption(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const s = document.getElementById('` + id + `');
		s.value = '` + value + `';
		s.dispatchEvent(new Event('change', {bubbles: true}));
	})()`)
}

// explorerState is what the page shows once its views have drawn.
type explorerState struct {
	Role  string
	Views map[string]string // view id → its data-drawn
	Grid  string            // the status grid's data-drawn
	// Errors are the messages views drew in place of a picture.
	Errors                               []string
	Cells, HiddenCells, GridCells        int
	NetworkNodes, MapCountries, Consents int
	// Parties are the map's countries coloured as party to an instrument.
	Parties int
	// Columns are the heat map's column heads; Kenya says whether the map coloured world-atlas's
	// feature "404" as Kenya (Country.isoNumeric); Scope whether it says GBR is England and Wales.
	Columns      []string
	Kenya, Scope bool
	Links        map[string]string // view id → its "Open in GraphiQL" href
}

var explorerViews = []string{"coverage", "network", "worldmap", "timeline"}

// waitForViews waits until the page says role and no view is still loading, and reads what it
// drew.
func waitForViews(t *testing.T, tab context.Context, role string) explorerState {
	t.Helper()
	views, _ := json.Marshal(explorerViews)
	text, err := chromedp.Run(tab, chromedp.Poll[string](`(() => {
		const ids = `+string(views)+`;
		const drawn = id => document.getElementById(id).dataset.drawn;
		const grid = drawn('status-grid');
		if (document.body.dataset.role !== '`+role+`' || ids.some(id => drawn(id) === 'false') || grid === 'false') {
			return '';
		}
		const count = sel => document.querySelectorAll(sel).length;
		const views = {}, links = {};
		ids.forEach(id => {
			views[id] = drawn(id);
			const a = document.querySelector('#' + id + ' a.graphiql-link');
			links[id] = a ? a.getAttribute('href') : '';
		});
		return JSON.stringify({
			Role: document.body.dataset.role, Views: views, Grid: grid, Links: links,
			Errors: Array.from(document.querySelectorAll('.view .error')).map(e => e.textContent),
			Cells: count('#coverage > .chart g.cell'),
			HiddenCells: count('#coverage > .chart g.cell.suppressed rect[fill^="url("]'),
			GridCells: count('#status-grid rect'),
			NetworkNodes: count('#network .nodes circle'),
			MapCountries: count('#worldmap path.country'),
			Consents: count('#timeline circle.consent, #timeline circle.consent-bound'),
			Parties: count('#worldmap path.country.party'),
			Columns: Array.from(document.querySelectorAll('#coverage text.col-head tspan:first-child')).map(t => t.textContent),
			Kenya: Array.from(document.querySelectorAll('#worldmap path.country title')).some(t => t.textContent.startsWith('Kenya (KEN)')),
			Scope: document.querySelector('#worldmap > .chart').textContent.includes('England and Wales'),
		});
	})()`, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the views to draw as %s: %v", role, err)
	}
	var st explorerState
	if err := json.Unmarshal([]byte(text), &st); err != nil {
		t.Fatalf("reading the page's state: %v\n%s", err, text)
	}
	return st
}

func (st explorerState) String() string {
	return fmt.Sprintf("views %v, grid %s, %d heat map cells (%d hidden), %d grid cells, %d network nodes, %d map countries, %d consents",
		st.Views, st.Grid, st.Cells, st.HiddenCells, st.GridCells, st.NetworkNodes, st.MapCountries, st.Consents)
}

// checkDrawn fails for a view that did not draw, or drew nothing.
func (st explorerState) checkDrawn(t *testing.T, role string, cells int) {
	t.Helper()
	for _, id := range explorerViews {
		if st.Views[id] != "true" {
			t.Errorf("%s: view %s is %q, want drawn; errors shown: %v", role, id, st.Views[id], st.Errors)
		}
		if !strings.HasPrefix(st.Links[id], "/?query=") {
			t.Errorf("%s: view %s links its query as %q, want /?query=...", role, id, st.Links[id])
		}
	}
	// Enum values are shown by their labels (enumLabels), never as the raw value.
	for _, c := range st.Columns {
		if c == "HIGH" || c == "UPPER_MIDDLE" || c == "EUROPE_CENTRAL_ASIA" {
			t.Errorf("%s: the heat map heads a column %q; it must show the API's label (enumLabels)", role, c)
		}
	}
	if !st.Kenya || !st.Scope {
		t.Errorf("%s: the world map coloured Kenya (feature 404): %v; says GBR's scope: %v", role, st.Kenya, st.Scope)
	}
	// The heat map's cells, the Lanzarote Convention's neighbourhood, the map's countries and
	// the Budapest Convention's parties with a date or a bound.
	if st.Cells != cells || st.NetworkNodes < 10 || st.MapCountries < 100 || st.Consents == 0 {
		t.Errorf("%s: drew %d heat map cells (want %d), %d network nodes, %d map countries, %d consents", role,
			st.Cells, cells, st.NetworkNodes, st.MapCountries, st.Consents)
	}
}
