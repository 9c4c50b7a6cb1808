package store

import (
	"strings"
	"testing"
)

func TestHighlightsMarkWholeWords(t *testing.T) {
	for _, c := range []struct {
		texts []string
		text  string
		want  string // "" for no highlight
	}{
		{[]string{"Luxembourg Guidelines", "Convention de Lanzarote"}, "de", "Convention <em>de</em> Lanzarote"},
		{[]string{"middle-income countries"}, "le", ""},
		{[]string{"Child helpline"}, "HELPLINE", "Child <em>helpline</em>"},
		{[]string{"droits de l'enfant"}, "enfant", "droits de l'<em>enfant</em>"},
		{[]string{"Republic of Kenya"}, "ＫＥＮＹＡ", "Republic of <em>Kenya</em>"},
		{[]string{"Élection <b>"}, "election", "<em>Élection</em> &lt;b&gt;"},
	} {
		got := highlight(c.texts, strings.Fields(fold(c.text)))
		if (got == nil) != (c.want == "") || (got != nil && *got != c.want) {
			t.Errorf("highlight(%q, %q) = %v, want %q", c.texts, c.text, got, c.want)
		}
	}
}
