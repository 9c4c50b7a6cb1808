package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// The relevance set (testdata/search-relevance.json) holds queries a researcher types, in English
// and French, with typos, partial words, codes and common names, each with the hits it must find
// in the top 3. Recall at 3 must stay 100 %.
func TestSearchFindsWhatResearchersType(t *testing.T) {
	b, err := os.ReadFile("testdata/search-relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Q      string   `json:"q"`
		Lang   *string  `json:"lang"`
		Kinds  []string `json:"kinds"`
		Expect []string `json:"expect"`
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("the relevance set has %d queries; keep at least 40", len(cases))
	}
	found, expected := 0, 0
	for _, c := range cases {
		d := queryAs(t, "PUBLIC", `query($q: String!, $lang: Lang, $kinds: [SearchKind!]) {
			search(text: $q, first: 3, lang: $lang, kinds: $kinds) { object { ... on Node { id } } } }`,
			map[string]any{"q": c.Q, "lang": c.Lang, "kinds": c.Kinds})
		top := pluck(d, "search", "object.id")
		for _, want := range c.Expect {
			expected++
			if slices.Contains(top, want) {
				found++
			} else {
				t.Errorf("search %q: %s is not in the top 3 %v", c.Q, want, top)
			}
		}
	}
	t.Logf("recall@3: %d of %d expected hits (%.1f %%) over %d queries", found, expected, 100*float64(found)/float64(expected), len(cases))
}

func TestSearchPagesKindsAndLanguages(t *testing.T) {
	d := queryAs(t, "PUBLIC", `{
		all: search(text: "child", first: 12) { cursor object { ... on Node { id } } }
		first: search(text: "child", first: 6) { cursor object { ... on Node { id } } }
		caps: search(text: "child", first: 5, kinds: [CAPABILITY]) { object { __typename } }
		fr: search(text: "enfants", lang: FR, first: 3) { object { __typename } }
		en: search(text: "enfants", lang: EN, first: 3) { object { __typename } } }`)
	all := pluck(d, "all", "object.id")
	if len(all) != 12 {
		t.Fatalf("12 hits for \"child\", got %d", len(all))
	}
	cursor, _ := at(d, "first.5.cursor").(string)
	next := queryAs(t, "PUBLIC", `query($after: String) { search(text: "child", first: 6, after: $after) { object { ... on Node { id } } } }`,
		map[string]any{"after": cursor})
	if got := append(pluck(d, "first", "object.id"), pluck(next, "search", "object.id")...); !equalStrings(got, all) {
		t.Errorf("two pages of 6 are not the first 12 hits:\n%v\n%v", got, all)
	}
	for _, k := range pluck(d, "caps", "object.__typename") {
		if k != "Capability" {
			t.Errorf("kinds: [CAPABILITY] returned a %s", k)
		}
	}
	if len(pluck(d, "fr", "object.__typename")) == 0 {
		t.Errorf("\"enfants\" in French finds nothing")
	}
	resp := postAs(t, testHandler, "PUBLIC", `{ search(text: "child", after: "not-a-cursor") { score } }`, nil)
	if len(resp.Errors) == 0 || !strings.Contains(resp.Errors[0].Message, "cursor") {
		t.Errorf("a bad cursor: %+v", resp.Errors)
	}
}
