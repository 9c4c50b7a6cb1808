package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"golang.org/x/text/unicode/norm"
)

// SearchHit is one ranked hit: the object's kind and row, the score and a highlight.
type SearchHit struct {
	Kind      string
	Row       cypher.Row
	Score     float64
	Highlight *string
	// Position is the hit's place in the whole ranking (0 for the first), for its cursor.
	Position int
}

// Search runs a compiled search and builds highlights for text.
func (s *Store) Search(ctx context.Context, st cypher.Statement, text string) ([]SearchHit, error) {
	recs, err := s.Read(ctx, st.Cypher, st.Params)
	if err != nil {
		return nil, err
	}
	terms := strings.Fields(fold(text))
	var hits []SearchHit
	for _, r := range recs {
		score, _ := r.Get("score")
		obj, _ := r.Get("object")
		textsV, _ := r.Get("texts")
		o, _ := obj.(map[string]any)
		if o == nil {
			continue
		}
		h, err := decodeSearchHit(o, score)
		if err != nil {
			return nil, err
		}
		texts, err := decodeList[string](textsV, "texts")
		if err != nil {
			return nil, err
		}
		h.Highlight = highlight(texts, terms)
		position, _ := r.Get("position")
		if h.Position, err = decodeInt(position, "position"); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// decodeSearchHit reads the object and score columns of one search row.
func decodeSearchHit(object map[string]any, score any) (SearchHit, error) {
	var h SearchHit
	var err error
	if h.Kind, err = DecodeAs[string](object["kind"], "object.kind"); err != nil {
		return SearchHit{}, err
	}
	if h.Row, err = DecodeAs[map[string]any](object["row"], "object.row"); err != nil {
		return SearchHit{}, err
	}
	if h.Score, err = DecodeAs[float64](score, "score"); err != nil {
		return SearchHit{}, err
	}
	return h, nil
}

// fold lowercases and strips accents rune by rune, keeping one rune per input rune so that
// positions in the folded text are positions in the original.
func fold(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		d := []rune(norm.NFKD.String(string(r))) // compatibility forms too: full-width "ＫＥＮＹＡ" is "kenya"
		out = append(out, unicode.ToLower(d[0]))
	}
	return string(out)
}

var escapeHTML = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// highlight returns a short HTML-escaped passage of the first text that contains a query term,
// with the term wrapped in <em>.
func highlight(texts, terms []string) *string {
	for _, t := range texts {
		orig, folded := []rune(t), []rune(fold(t))
		for _, term := range terms {
			term = strings.Trim(term, `\+-!():^[]"{}~*?|&/.,;'`)
			if term == "" {
				continue
			}
			at := wordIndex(folded, []rune(term))
			if at < 0 {
				continue
			}
			end := at + len([]rune(term))
			from, to := max(0, at-60), min(len(orig), end+60)
			var b strings.Builder
			if from > 0 {
				b.WriteString("…")
			}
			b.WriteString(escapeHTML.Replace(string(orig[from:at])))
			b.WriteString("<em>" + escapeHTML.Replace(string(orig[at:end])) + "</em>")
			b.WriteString(escapeHTML.Replace(string(orig[end:to])))
			if to < len(orig) {
				b.WriteString("…")
			}
			s := b.String()
			return &s
		}
	}
	return nil
}

// wordIndex is where term first occurs in text as a whole word (as the index matched it: "de"
// is not highlighted inside "Guidelines"), in runes, or -1.
func wordIndex(text, term []rune) int {
	isWord := func(i int) bool {
		return i >= 0 && i < len(text) && (unicode.IsLetter(text[i]) || unicode.IsDigit(text[i]))
	}
	for at := 0; at+len(term) <= len(text); at++ {
		if slices.Equal(text[at:at+len(term)], term) && !isWord(at-1) && !isWord(at+len(term)) {
			return at
		}
	}
	return -1
}

// Graph views: the nodes and edges around one node, for force-directed layouts.

// GraphView is what graph(from:) returns.
type GraphView struct {
	Nodes []GraphNode
	Edges []GraphEdge
	// Truncated is true when the walk found more nodes than the view's limit.
	Truncated bool
}

type GraphNode struct {
	ID, Kind, Label string
	// Attributes are the node's public facts by camelCase name (graphAttributeNames).
	Attributes map[string]any
}

type GraphEdge struct {
	// ID is "<source>|<kind>|<target>", with "#2", "#3"... for further links of one kind between
	// the same two nodes.
	ID, Source, Target, Kind string
	// Properties is the link's facts as JSON text with the graph's own (snake_case) names, and
	// Attributes the same facts by camelCase name.
	Properties *string
	Attributes map[string]any
}

// graphAttributeNames renames the node properties graph views return; "kind" is an instrument's
// kind, so it is kept for instruments only.
var graphAttributeNames = map[string]string{
	"iso_numeric": "isoNumeric", "income_report": "incomeGroup", "short_name": "shortName", "kind": "instrumentKind",
}

// Graph runs a compiled graph view; an unknown start node is NOT_FOUND.
func (s *Store) Graph(ctx context.Context, st cypher.Statement, id string) (*GraphView, error) {
	recs, err := s.Read(ctx, st.Cypher, st.Params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.NotFound("no node with id %q", id)
	}
	nodesV, _ := recs[0].Get("nodes")
	edgesV, _ := recs[0].Get("edges")
	nodes, err := decodeList[map[string]any](nodesV, "nodes")
	if err != nil {
		return nil, err
	}
	edges, err := decodeList[map[string]any](edgesV, "edges")
	if err != nil {
		return nil, err
	}
	truncated, _ := recs[0].Get("truncated")
	view := &GraphView{Nodes: []GraphNode{}, Edges: []GraphEdge{}, Truncated: truncated == true}
	for _, m := range nodes {
		n := GraphNode{ID: fmt.Sprint(m["id"]), Kind: fmt.Sprint(m["kind"]), Label: fmt.Sprint(m["label"]), Attributes: map[string]any{}}
		attrs, _ := m["attributes"].(map[string]any)
		for k, v := range attrs {
			if v == nil || (k == "kind" && n.Kind != "Instrument") {
				continue
			}
			name, ok := graphAttributeNames[k]
			if !ok {
				name = camelCase(k)
			}
			n.Attributes[name] = jsonValue(v)
		}
		view.Nodes = append(view.Nodes, n)
	}
	for _, m := range edges {
		edge := GraphEdge{Source: fmt.Sprint(m["source"]), Target: fmt.Sprint(m["target"]), Kind: fmt.Sprint(m["kind"]), Attributes: map[string]any{}}
		if props, _ := m["properties"].(map[string]any); len(props) > 0 {
			clean := map[string]any{}
			for k, v := range props {
				if k == "load" {
					continue
				}
				clean[k] = jsonValue(v)
				edge.Attributes[camelCase(k)] = clean[k]
			}
			if len(clean) > 0 {
				b, _ := json.Marshal(clean)
				s := string(b)
				edge.Properties = &s
			}
		}
		view.Edges = append(view.Edges, edge)
	}
	slices.SortStableFunc(view.Edges, func(a, b GraphEdge) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Target, b.Target))
	})
	seen := map[string]int{}
	for i := range view.Edges {
		e := &view.Edges[i]
		e.ID = e.Source + "|" + e.Kind + "|" + e.Target
		if seen[e.ID]++; seen[e.ID] > 1 {
			e.ID += "#" + strconv.Itoa(seen[e.ID])
		}
	}
	return view, nil
}

// camelCase turns a graph property name (snake_case) into the name clients read (camelCase).
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case time.Time:
		return x.Format(time.RFC3339)
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = jsonValue(x[i])
		}
		return out
	}
	return v
}
