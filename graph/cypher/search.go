package cypher

import (
	"errors"
	"slices"
	"strings"
	"unicode"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Search runs over the full-text index. The text a user types is always treated as words: every
// character with a meaning in Lucene's query syntax is escaped, and operators are lowercased, so
// no input can break the query or change its meaning.

// The full-text indexes, one per language, and the statements that create them.
const (
	SearchIndexEN = "mnr_search_en_v2"
	SearchIndexFR = "mnr_search_fr_v2"
)

// SearchIndexStatements create the two full-text indexes over the labels of the searchable types
// (Type.Searchable).
func SearchIndexStatements() [2]string {
	var labels []string
	for _, name := range typeOrder {
		if types[name].Searchable {
			labels = append(labels, types[name].Label)
		}
	}
	on := " IF NOT EXISTS FOR (n:" + strings.Join(labels, "|") + ") "
	return [2]string{
		"CREATE FULLTEXT INDEX " + SearchIndexEN + on +
			"ON EACH [n.name_en, n.short_name, n.aliases, n.summary_en, n.statement_en, n.title_en, n.outcome_en] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'english', `fulltext.eventually_consistent`: false}}",
		"CREATE FULLTEXT INDEX " + SearchIndexFR + on +
			"ON EACH [n.name_fr, n.short_name, n.aliases, n.summary_fr, n.statement_fr, n.title_fr, n.outcome_fr] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'french', `fulltext.eventually_consistent`: false}}",
	}
}

const (
	DefaultSearchHits = 10
	MaxSearchHits     = 50
	// MaxSearchDepth is how deep into the ranking search pages reach.
	MaxSearchDepth = 500
)

// searchKindType is the type a SearchKind value names (CALL_TO_ACTION is CallToAction).
func searchKindType(kind string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.ToLower(kind), "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// highlightProps are the properties a highlight can come from.
var highlightProps = []string{"short_name", "name_en", "name_fr", "title_en", "title_fr", "statement_en", "statement_fr",
	"summary_en", "summary_fr", "outcome_en"}

// SearchQueries are the Lucene queries search sends to the English and the French index for what a
// user typed: names and codes weigh more than running text, so "Lanzarote" ranks the convention
// above passages that mention it.
func SearchQueries(text string) (en, fr string) {
	terms := "(" + luceneQuery(text) + ")"
	rest := "short_name:" + terms + "^4 aliases:" + terms + "^4 " + terms
	return "name_en:" + terms + "^3 title_en:" + terms + "^2 " + rest, "name_fr:" + terms + "^3 title_fr:" + terms + "^2 " + rest
}

// luceneQuery turns what a user types into a query of plain terms, never Lucene syntax: every
// character with a meaning in Lucene is escaped and operators are lowercased, so no input can break
// the query or change its meaning. Quoted text is kept as a phrase. Each word also matches as a
// prefix when it is the last one (the user is still typing) and, from five letters, with one typo
// (two from eight); the exact word weighs most.
func luceneQuery(text string) string {
	var parts []string
	phrases := strings.Split(text, "\"")
	for i, chunk := range phrases {
		if i%2 == 1 && i < len(phrases)-1 {
			if words := strings.Fields(chunk); len(words) > 0 {
				for k := range words {
					words[k] = escapeLucene(strings.ToLower(words[k]))
				}
				parts = append(parts, "\""+strings.Join(words, " ")+"\"^2")
			}
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(chunk), func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(`,;()[]{}"`, r)
		})
		for k, w := range words {
			e := escapeLucene(w)
			if e == "" {
				continue
			}
			alternatives := []string{e + "^3"}
			last := i == len(phrases)-1 && k == len(words)-1
			plain := !strings.ContainsAny(w, `\+-!():^[]"{}~*?|&/'.`)
			runes := len([]rune(w))
			if last && plain && runes >= 3 {
				alternatives = append(alternatives, e+"*")
			}
			switch {
			case plain && runes >= 8:
				alternatives = append(alternatives, e+"~2")
			case plain && runes >= 5:
				alternatives = append(alternatives, e+"~1")
			}
			parts = append(parts, "("+strings.Join(alternatives, " OR ")+")")
		}
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " ")
}

// escapeLucene escapes every character with a meaning in Lucene's query syntax and keeps its
// operators (AND, OR, NOT) as words.
func escapeLucene(w string) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(`\+-!():^[]"{}~*?|&/`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CompileSearch compiles a full-text search; hits keep the index's ranking. The texts a highlight
// is cut from are read only when a highlight is asked for.
func (cp Compiler) CompileSearch(perm Permissions, args SearchArgs, objectFields map[string][]Field, withHighlight bool) (Statement, error) {
	c := cp.start(perm)
	text, first := args.Text, args.First
	if strings.TrimSpace(text) == "" {
		return Statement{}, graph.BadInput("text", "search text is empty; give at least one word")
	}
	if len([]rune(text)) > 200 {
		return Statement{}, graph.BadInput("text", "search text is %d characters long; the limit is 200", len([]rune(text)))
	}
	limit := DefaultSearchHits
	if first != nil {
		limit = *first
	}
	if limit < 1 || limit > MaxSearchHits {
		return Statement{}, graph.BadInput("first", "first must be between 1 and %d (got %d)", MaxSearchHits, limit)
	}
	offset := 0
	if args.After != nil {
		n, err := DecodeCursor(*args.After, "after")
		if err != nil {
			return Statement{}, err
		}
		offset = n + 1
	}
	if offset+limit > MaxSearchDepth {
		return Statement{}, graph.BadInput("after", "search pages reach the first %d hits; narrow the search instead (kinds, lang, more words)", MaxSearchDepth)
	}
	wanted := map[string]bool{}
	for _, k := range args.Kinds {
		wanted[searchKindType(k)] = true
	}
	var cases, kinds []string
	for _, kind := range typeOrder {
		if !types[kind].Searchable {
			continue
		}
		if len(wanted) == 0 || wanted[kind] {
			kinds = append(kinds, kind)
		}
		proj, err := c.project(kind, scope{v: "node"}, objectFields[kind])
		if err != nil {
			return Statement{}, err
		}
		cases = append(cases, "WHEN node:"+kind+" THEN {kind: '"+kind+"', row: "+proj+"}")
	}
	texts := "[]"
	if withHighlight {
		props := make([]string, len(highlightProps))
		for i, p := range highlightProps {
			props[i] = "node." + p
		}
		texts = "[t IN [" + strings.Join(props, ", ") + "] WHERE t IS NOT NULL]"
	}
	// Each language's index is searched with its own analysis, and a hit keeps its better score.
	// A language limits the search to its index.
	en, fr := SearchQueries(text)
	indexes := []struct{ name, query string }{{SearchIndexEN, en}, {SearchIndexFR, fr}}
	if args.Lang != nil && *args.Lang == "FR" {
		indexes = indexes[1:]
	} else if args.Lang != nil {
		indexes = indexes[:1]
	}
	// The indexes return their best hits, of every kind; kinds and paging are applied to them, in
	// a fixed order (score, then id), so that pages do not overlap when scores tie.
	indexLimit := offset + limit
	filter := ""
	if len(wanted) > 0 {
		indexLimit = MaxSearchDepth
		labels := make([]string, len(kinds))
		for i, k := range kinds {
			labels[i] = "node:" + k
		}
		filter = " WHERE " + strings.Join(labels, " OR ")
	}
	var calls []string
	for _, ix := range indexes {
		calls = append(calls, "CALL db.index.fulltext.queryNodes("+c.param(ix.name)+", "+c.param(ix.query)+
			", {limit: "+c.param(indexLimit)+"}) YIELD node, score RETURN node, score")
	}
	q := "CALL () { " + strings.Join(calls, " UNION ALL ") + " }" +
		" WITH node, max(score) AS score" + filter +
		" WITH node, score ORDER BY score DESC, " + anyNodeID("node") + " SKIP " + c.param(offset) + " LIMIT " + c.param(limit) +
		" WITH collect({node: node, score: score}) AS page UNWIND range(0, size(page) - 1) AS i" +
		" WITH page[i].node AS node, page[i].score AS score, " + c.param(offset) + " + i AS position" +
		" RETURN score, position, " + texts + " AS texts, CASE " +
		strings.Join(cases, " ") + " END AS object"
	return c.statement(q), nil
}

const (
	MaxGraphDepth = 3
	MaxGraphLimit = 500
)

// Variable-length patterns cannot take their bounds as parameters; the depth picks one of these.
// Only the public relationship types are walked: assessments (OF, ASSESSED), citations and the
// audit trail are never expanded, which also keeps the walk small in a large world.
var graphPatterns = map[int]string{
	1: "[:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES*1..1]",
	2: "[:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES*1..2]",
	3: "[:IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES*1..3]",
}

// anyNodeID is the Relay id of node variable x whatever its label.
func anyNodeID(x string) string {
	return "CASE WHEN " + x + ":Country THEN 'Country:' + " + x + ".iso3 WHEN " + x + ":CallToAction THEN 'CallToAction:' + toString(" + x + ".number) " +
		"WHEN " + x + ":IncomeGroup THEN 'IncomeGroup:' + " + x + ".code ELSE labels(" + x + ")[0] + ':' + " + x + ".key END"
}

// nodeLabel is the display label of node variable x whatever its label.
func nodeLabel(x string) string {
	return "coalesce(" + x + ".short_name, " + x + ".name_en, " + x + ".title_en, " + x + ".statement_en, " + x + ".summary_en, " +
		x + ".code, " + x + ".title, " + x + ".key)"
}

// CompileGraph compiles the neighbourhood of the node with the given id. Sources, assessments
// and bookkeeping nodes are left out, and income edges are the report's year (FY2022) only.
func (cp Compiler) CompileGraph(args GraphArgs) (Statement, error) {
	return cp.compileGraph(args, false)
}

// CompileGraphWalk is CompileGraph without the one-hop shortcut: the general walk at every depth,
// against which the tests check the shortcut.
func (cp Compiler) CompileGraphWalk(args GraphArgs) (Statement, error) {
	return cp.compileGraph(args, true)
}

// GraphNodeKinds are the kinds of node a graph view walks through, and GraphEdgeKinds the kinds
// of link it walks along: the values nodeKinds and edgeKinds accept.
var (
	GraphNodeKinds = []string{"Country", "Capability", "Domain", "Instrument", "Finding", "Challenge", "Practice", "CallToAction", "IncomeGroup", "Network"}
	GraphEdgeKinds = strings.Split(publicRels, "|")
)

// graphKinds checks a kind filter against the known kinds; nil (no filter) stays nil.
func graphKinds(arg string, kinds, known []string) ([]string, error) {
	if kinds == nil {
		return nil, nil
	}
	for _, k := range kinds {
		if !slices.Contains(known, k) {
			return nil, graph.BadInput(arg, "unknown kind %q in %s: use %s", k, arg, strings.Join(known, ", "))
		}
	}
	return kinds, nil
}

// The graph statements return, beside the nodes and edges, whether the walk found more nodes than
// the limit: they fetch one node more than they keep.
func (cp Compiler) compileGraph(args GraphArgs, walk bool) (Statement, error) {
	c := cp.start(Full)
	lk, key, err := graphStart(args.From)
	if err != nil {
		return Statement{}, err
	}
	d, l := 1, 200
	if args.Depth != nil {
		d = *args.Depth
	}
	if args.Limit != nil {
		l = *args.Limit
	}
	pattern, ok := graphPatterns[d]
	if !ok {
		return Statement{}, graph.BadInput("depth", "depth must be between 1 and %d (got %d)", MaxGraphDepth, d)
	}
	if l < 1 || l > MaxGraphLimit {
		return Statement{}, graph.BadInput("limit", "limit must be between 1 and %d nodes (got %d)", MaxGraphLimit, l)
	}
	nodeKinds, err := graphKinds("nodeKinds", args.NodeKinds, GraphNodeKinds)
	if err != nil {
		return Statement{}, err
	}
	edgeKinds, err := graphKinds("edgeKinds", args.EdgeKinds, GraphEdgeKinds)
	if err != nil {
		return Statement{}, err
	}
	g := graphFilter{nodeKinds: c.param(orNull(nodeKinds)), edgeKinds: c.param(orNull(edgeKinds)), fy: c.param(graph.ReportFiscalYear)}
	if d == 1 && !walk {
		return compileGraphDepth1(c, lk.label, lk.key, key, l, g), nil
	}
	q := "MATCH (start:" + lk.label + " {" + lk.key + ": " + c.param(key) + "})" +
		" CALL (start) { MATCH p = (start)-" + pattern + "-(n)" +
		" WHERE n <> start AND none(y IN nodes(p) WHERE y:Source OR y:Assessment OR y:DataState)" +
		" AND all(r IN relationships(p) WHERE (type(r) <> 'IN_INCOME_GROUP' OR r.fy = " + g.fy + ") AND " + g.edge("r") + ")" +
		" AND all(y IN nodes(p)[1..] WHERE " + g.node("y") + ")" +
		" WITH n, min(length(p)) AS dist ORDER BY dist, " + anyNodeID("n") + " LIMIT " + c.param(l) + " RETURN collect(n) AS found }" +
		" WITH start, size(found) >= " + c.param(l) + " AS truncated, [start] + found[..(" + c.param(l) + " - 1)] AS ns" +
		" RETURN [x IN ns | " + graphNode("x", anyNodeID("x")) + "] AS nodes, truncated," +
		" COLLECT { UNWIND ns AS a MATCH (a)-[r:" + publicRels + "]->(b) WHERE b IN ns AND (type(r) <> 'IN_INCOME_GROUP' OR r.fy = " + g.fy + ") AND " + g.edge("r") +
		" RETURN {source: " + anyNodeID("a") + ", target: " + anyNodeID("b") + ", kind: type(r), properties: properties(r)} } AS edges"
	return c.statement(q), nil
}

// orNull is the Cypher parameter for an optional list: null when absent (a nil slice would be
// sent as an empty list, which filters everything out).
func orNull(list []string) any {
	if list == nil {
		return nil
	}
	return list
}

// graphFilter holds the parameters of a graph view's kind filters (null: no filter).
type graphFilter struct{ nodeKinds, edgeKinds, fy string }

func (g graphFilter) node(x string) string {
	return "(" + g.nodeKinds + " IS NULL OR any(l IN labels(" + x + ") WHERE l IN " + g.nodeKinds + "))"
}

func (g graphFilter) edge(r string) string {
	return "(" + g.edgeKinds + " IS NULL OR type(" + r + ") IN " + g.edgeKinds + ")"
}

// graphNode is the map a graph view returns for node variable x with the given id: its kind, label
// and the public properties a picture colours by (null where the node has none; Store.Graph names
// them).
func graphNode(x, id string) string {
	return "{id: " + id + ", kind: labels(" + x + ")[0], label: " + nodeLabel(x) + ", attributes: " + x +
		" {.iso2, .iso3, .iso_numeric, .region, .income_report, .key, .short_name, .kind, .number, .population, .code}}"
}

// graphStart finds the start of a graph view: any node id, and also the income groups the views
// show ("IncomeGroup:LOW"), which have no node(id:) of their own.
func graphStart(id string) (struct{ label, key string }, any, error) {
	if code, ok := strings.CutPrefix(id, "IncomeGroup:"); ok {
		if _, known := graph.IncomeRank[code]; known {
			return struct{ label, key string }{"IncomeGroup", "code"}, code, nil
		}
	}
	typ, key, err := ParseNodeID(id)
	if err != nil {
		var bad *graph.Error
		if errors.As(err, &bad) {
			bad.Argument = "from"
		}
		return struct{ label, key string }{}, nil, err
	}
	t, _ := lookup(typ)
	return struct{ label, key string }{t.Label, t.Key}, key, nil
}

// publicRels are the relationship types a graph view walks.
const publicRels = "IN_DOMAIN|RESTS_ON|ABOUT|AFFECTS|IMPLEMENTS|IN|PARTY_TO|IN_INCOME_GROUP|MEMBER_OF|EVIDENCES"

// compileGraphDepth1 is the one-hop view, the default and the one network views ask for most. It
// returns the same nodes and edges as the general statement, for less work in Neo4j (BENCHMARKS.md,
// "The one-hop graph view"): the edges are the
// relationships the expansion found, with no second expansion of every node to look for edges
// between neighbours. There are none: every public relationship joins a Capability or a Country to
// a node of another kind (domain, instrument, finding, challenge, practice, region, income group),
// so two neighbours of one node are never linked. TestGraphDepthOneMatchesTheGeneralWalk compares
// both statements on every node of the loaded graph and fails if a new relationship type breaks
// this. Edges come back grouped by neighbour; Graph orders them.
func compileGraphDepth1(c *compilation, label, keyProp string, key any, limit int, g graphFilter) Statement {
	q := "MATCH (start:" + label + " {" + keyProp + ": " + c.param(key) + "})" +
		" CALL (start) { MATCH (start)-[r:" + publicRels + "]-(n)" +
		" WHERE n <> start AND NOT (start:Source OR start:Assessment OR start:DataState OR n:Source OR n:Assessment OR n:DataState)" +
		" AND (type(r) <> 'IN_INCOME_GROUP' OR r.fy = " + g.fy + ") AND " + g.edge("r") + " AND " + g.node("n") +
		" WITH n, collect(r) AS rs, " + anyNodeID("n") + " AS id ORDER BY id LIMIT " + c.param(limit) +
		" RETURN collect(" + graphNode("n", "id") + ") AS found, collect(rs) AS rss }" +
		" WITH start, size(found) >= " + c.param(limit) + " AS truncated, found[..(" + c.param(limit) + " - 1)] AS others, rss, " + anyNodeID("start") + " AS sid" +
		" RETURN [" + graphNode("start", "sid") + "] + others AS nodes, truncated," +
		" reduce(es = [], i IN range(0, size(others) - 1) | es + [r IN rss[i] | {source: CASE WHEN startNode(r) = start THEN sid ELSE others[i].id END," +
		" target: CASE WHEN startNode(r) = start THEN others[i].id ELSE sid END, kind: type(r), properties: properties(r)}]) AS edges"
	return c.statement(q)
}
