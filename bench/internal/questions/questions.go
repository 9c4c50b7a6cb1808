// Package questions holds the benchmark's five questions as each contender asks them: MNR Graph's
// GraphQL, the peer's GraphQL (@neo4j/graphql 7, bench/peer/server.mjs) and the floor's hand-written
// Cypher (run with the Go driver), and the normalisers that bring the three answers to one shape
// so that they can be required to be equal.
package questions

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Question is one benchmark question.
type Question struct {
	ID    string // a..e
	Name  string // short name for tables
	Title string // what is asked
	// Point says whether the answer's size does not grow with the number of jurisdictions.
	Point bool
	MNR   string // MNR Graph GraphQL document
	Peer  string // peer GraphQL document
	// Floor runs the hand-written Cypher and returns the answer in MNR Graph's `data` shape.
	Floor func(ctx context.Context, drv neo4j.DriverWithContext) (any, error)
	// Normalise maps an answer (MNR's or the floor's `data`, or the peer's `data`) to the canonical form.
	NormMNR  func(data any) any
	NormPeer func(data any) any
}

// All is the list of questions in order.
var All = []Question{qA, qB, qC, qD, qE}

// ByID finds a question.
func ByID(id string) (Question, bool) {
	for _, q := range All {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// Fixed arguments, the same for every contender.
const (
	countryISO3   = "KEN"
	lacksCap      = "offender-management"
	partyInst     = "opsc"
	pageSize      = 10
	searchText    = "child helpline"
	searchFirst   = 10
	graphFromKey  = "legislation"
	reportFY      = 2022
	partyStatuses = "['RATIFIED', 'ACCEDED', 'SUCCEEDED']"
)

var lmic = []string{"LOW", "LOWER_MIDDLE", "UPPER_MIDDLE"}

// ---------------------------------------------------------------------------------------------
// (a) one country with its assessments, instruments and peers

var qA = Question{
	ID: "a", Name: "country", Point: true,
	Title: `one country (KEN) with its current assessments (21), its instruments and its peers (same FY2022 income group and region)`,
	MNR: `{ country(iso3: "KEN") { iso3 name region incomeGroup
  assessments { capability { key } status asOf provenance }
  instruments(status: [SIGNED, RATIFIED, ACCEDED, SUCCEEDED]) { instrument { key } status consented }
  peers(sharing: [INCOME_GROUP, REGION]) { iso3 name } } }`,
	Peer: `{ countries(where: {iso3: {eq: "KEN"}}) { iso3 name region
  incomeGroupsConnection(where: {edge: {fy: {eq: 2022}}}) { edges { node { code } } }
  currentAssessments { capability { key } status asOf provenance }
  instrumentsConnection(sort: [{node: {ord: ASC}}]) { edges { properties { status consented } node { key } } }
  peers { iso3 name } } }`,
	Floor: func(ctx context.Context, drv neo4j.DriverWithContext) (any, error) {
		rec, err := one(ctx, drv, `MATCH (c:Country {iso3: $iso3})
CALL (c) {
  MATCH (c)-[:ASSESSED]->(a:Assessment)-[:OF]->(cap:Capability) WHERE a.as_of <= date()
  WITH cap, a ORDER BY a.as_of DESC, a.recorded_at DESC
  WITH cap, head(collect(a)) AS a ORDER BY cap.number
  RETURN collect({capability: {key: cap.key}, status: a.status, asOf: toString(a.as_of), provenance: a.provenance}) AS assessments
}
RETURN {iso3: c.iso3, name: c.name_en, region: c.region,
  incomeGroup: head(COLLECT { MATCH (c)-[:IN_INCOME_GROUP {fy: $fy}]->(g:IncomeGroup) RETURN g.code }),
  assessments: assessments,
  instruments: COLLECT { MATCH (c)-[p:PARTY_TO]->(i:Instrument) WITH p, i ORDER BY i.ord
      RETURN {instrument: {key: i.key}, status: coalesce(p.status, 'NOT_PARTY'), consented: toString(p.consented)} },
  peers: COLLECT { MATCH (p:Country) WHERE p.region = c.region AND p.income_report = c.income_report AND p <> c
      WITH p ORDER BY p.name_en RETURN {iso3: p.iso3, name: p.name_en} }
} AS country`, map[string]any{"iso3": countryISO3, "fy": reportFY})
		if err != nil {
			return nil, err
		}
		return map[string]any{"country": rec}, nil
	},
	NormMNR: func(data any) any {
		c := get(data, "country")
		return normCountry(get(c, "iso3"), get(c, "name"), get(c, "region"), get(c, "incomeGroup"),
			mapList(get(c, "assessments"), func(a any) any {
				return obj("capability", get(a, "capability", "key"), "status", get(a, "status"), "asOf", get(a, "asOf"), "provenance", get(a, "provenance"))
			}),
			mapList(get(c, "instruments"), func(p any) any {
				return obj("instrument", get(p, "instrument", "key"), "status", get(p, "status"), "consented", get(p, "consented"))
			}),
			mapList(get(c, "peers"), func(p any) any { return obj("iso3", get(p, "iso3"), "name", get(p, "name")) }))
	},
	NormPeer: func(data any) any {
		list, _ := get(data, "countries").([]any)
		if len(list) != 1 {
			return fmt.Sprintf("expected one country, got %d", len(list))
		}
		c := list[0]
		var income any
		if e, _ := get(c, "incomeGroupsConnection", "edges").([]any); len(e) == 1 {
			income = get(e[0], "node", "code")
		}
		return normCountry(get(c, "iso3"), get(c, "name"), get(c, "region"), income,
			mapList(get(c, "currentAssessments"), func(a any) any {
				var key any
				if caps, _ := get(a, "capability").([]any); len(caps) == 1 {
					key = get(caps[0], "key")
				}
				return obj("capability", key, "status", get(a, "status"), "asOf", get(a, "asOf"), "provenance", get(a, "provenance"))
			}),
			mapList(get(c, "instrumentsConnection", "edges"), func(e any) any {
				st := get(e, "properties", "status")
				if st == nil {
					st = "NOT_PARTY"
				}
				return obj("instrument", get(e, "node", "key"), "status", st, "consented", get(e, "properties", "consented"))
			}),
			mapList(get(c, "peers"), func(p any) any { return obj("iso3", get(p, "iso3"), "name", get(p, "name")) }))
	},
}

func normCountry(iso3, name, region, income any, assessments, instruments, peers []any) any {
	sortBy(assessments, "capability")
	sortBy(instruments, "instrument")
	// Peers are ordered by name by both servers; the order is kept.
	return obj("iso3", iso3, "name", name, "region", region, "incomeGroup", income,
		"assessments", assessments, "instruments", instruments, "peers", peers)
}

// ---------------------------------------------------------------------------------------------
// (b) countries filtered by income group, lacking a capability and party to an instrument, paged

var qB = Question{
	ID: "b", Name: "filter+page",
	Title: `countries of low or middle income (FY2022) that lack offender management (current status ABSENT) and are party to the OPSC: total and the first page of 10 by name`,
	MNR: `{ countries(where: {incomeGroupIn: [LOW, LOWER_MIDDLE, UPPER_MIDDLE], lacks: ["offender-management"], partyTo: ["opsc"]},
  first: 10, orderBy: [{field: NAME}]) { totalCount nodes { iso3 name } pageInfo { hasNextPage } } }`,
	Peer: `{ countriesConnection(first: 10, sort: [{name: ASC}, {iso3: ASC}], where: {
    incomeGroupsConnection: {some: {edge: {fy: {eq: 2022}}, node: {code: {in: ["LOW", "LOWER_MIDDLE", "UPPER_MIDDLE"]}}}},
    instrumentsConnection: {some: {node: {key: {eq: "opsc"}}, edge: {status: {in: ["RATIFIED", "ACCEDED", "SUCCEEDED"]}}}},
    lacks: {includes: "offender-management"} }) {
  totalCount edges { node { iso3 name } } pageInfo { hasNextPage } } }`,
	Floor: func(ctx context.Context, drv neo4j.DriverWithContext) (any, error) {
		rec, err := one(ctx, drv, `MATCH (v:Country)-[:IN_INCOME_GROUP {fy: $fy}]->(g:IncomeGroup) WHERE g.code IN $groups
  AND EXISTS { MATCH (v)-[r:PARTY_TO]->(:Instrument {key: $inst}) WHERE r.status IN `+partyStatuses+` }
  AND head(COLLECT { MATCH (v)-[:ASSESSED]->(a:Assessment)-[:OF]->(:Capability {key: $cap}) WHERE a.as_of <= date()
        RETURN a.status ORDER BY a.as_of DESC, a.recorded_at DESC LIMIT 1 }) = 'ABSENT'
WITH v ORDER BY v.name_en, v.iso3
WITH collect(v) AS matched
RETURN {totalCount: size(matched), nodes: [x IN matched[0..$first] | {iso3: x.iso3, name: x.name_en}],
        pageInfo: {hasNextPage: size(matched) > $first}} AS page`,
			map[string]any{"fy": reportFY, "groups": lmic, "inst": partyInst, "cap": lacksCap, "first": pageSize})
		if err != nil {
			return nil, err
		}
		return map[string]any{"countries": rec}, nil
	},
	NormMNR: func(data any) any {
		c := get(data, "countries")
		return obj("totalCount", num(get(c, "totalCount")), "hasNextPage", get(c, "pageInfo", "hasNextPage"),
			"nodes", mapList(get(c, "nodes"), func(n any) any { return obj("iso3", get(n, "iso3"), "name", get(n, "name")) }))
	},
	NormPeer: func(data any) any {
		c := get(data, "countriesConnection")
		return obj("totalCount", num(get(c, "totalCount")), "hasNextPage", get(c, "pageInfo", "hasNextPage"),
			"nodes", mapList(get(c, "edges"), func(e any) any { return obj("iso3", get(e, "node", "iso3"), "name", get(e, "node", "name")) }))
	},
}

// ---------------------------------------------------------------------------------------------
// (c) coverage by income group for all 21 capabilities

var incomeOrder = []string{"HIGH", "UPPER_MIDDLE", "LOWER_MIDDLE", "LOW"}

var qC = Question{
	ID: "c", Name: "coverage",
	Title: `coverage by FY2022 income group for all 21 capabilities: per capability and group, how many countries are IN_PLACE, PARTIAL, ABSENT, NOT_ASSESSED (84 cells)`,
	MNR:   `{ coverage(by: INCOME_GROUP) { capability { number key } value total inPlace partial absent notAssessed } }`,
	Peer:  `{ coverageByIncomeGroup { capabilityNumber capabilityKey value total inPlace partial absent notAssessed } }`,
	Floor: func(ctx context.Context, drv neo4j.DriverWithContext) (any, error) {
		// One pass over the countries of each group and their assessments; the grid (every
		// capability x every group, zeros included) is filled in Go.
		res, err := read(ctx, drv, `MATCH (c:Country)-[:IN_INCOME_GROUP {fy: $fy}]->(g:IncomeGroup)
WITH g.code AS value, c
CALL (c) {
  MATCH (c)-[:ASSESSED]->(a:Assessment)-[:OF]->(cap:Capability) WHERE a.as_of <= date()
  WITH cap, a ORDER BY a.as_of DESC, a.recorded_at DESC
  RETURN cap.key AS cap, head(collect(a.status)) AS status
}
RETURN value, cap, status, count(*) AS n`, map[string]any{"fy": reportFY})
		if err != nil {
			return nil, err
		}
		sizes, err := read(ctx, drv, `MATCH (c:Country)-[:IN_INCOME_GROUP {fy: $fy}]->(g:IncomeGroup)
RETURN g.code AS value, count(c) AS n`, map[string]any{"fy": reportFY})
		if err != nil {
			return nil, err
		}
		caps, err := read(ctx, drv, `MATCH (cap:Capability) RETURN cap.key AS key, cap.number AS number ORDER BY number`, nil)
		if err != nil {
			return nil, err
		}
		total := map[string]int64{}
		for _, r := range sizes.Records {
			v, _ := r.Get("value")
			n, _ := r.Get("n")
			total[v.(string)] = n.(int64)
		}
		counts := map[[3]string]int64{}
		for _, r := range res.Records {
			v, _ := r.Get("value")
			c, _ := r.Get("cap")
			s, _ := r.Get("status")
			n, _ := r.Get("n")
			counts[[3]string{c.(string), v.(string), fmt.Sprint(s)}] += n.(int64)
		}
		var cells []any
		for _, cr := range caps.Records {
			k, _ := cr.Get("key")
			number, _ := cr.Get("number")
			key := k.(string)
			for _, v := range incomeOrder {
				in, pa, ab := counts[[3]string{key, v, "IN_PLACE"}], counts[[3]string{key, v, "PARTIAL"}], counts[[3]string{key, v, "ABSENT"}]
				na := counts[[3]string{key, v, "NOT_ASSESSED"}]
				assessed := int64(0)
				for ck, n := range counts {
					if ck[0] == key && ck[1] == v {
						assessed += n
					}
				}
				cells = append(cells, map[string]any{"capability": map[string]any{"number": number, "key": key}, "value": v,
					"total": total[v], "inPlace": in, "partial": pa, "absent": ab, "notAssessed": na + total[v] - assessed})
			}
		}
		return map[string]any{"coverage": cells}, nil
	},
	NormMNR: func(data any) any {
		return mapList(get(data, "coverage"), func(c any) any {
			return cell(get(c, "capability", "number"), get(c, "capability", "key"), c)
		})
	},
	NormPeer: func(data any) any {
		return mapList(get(data, "coverageByIncomeGroup"), func(c any) any {
			return cell(get(c, "capabilityNumber"), get(c, "capabilityKey"), c)
		})
	},
}

func cell(number, key, c any) any {
	return obj("capability", key, "number", num(number), "value", get(c, "value"), "total", num(get(c, "total")),
		"inPlace", num(get(c, "inPlace")), "partial", num(get(c, "partial")), "absent", num(get(c, "absent")),
		"notAssessed", num(get(c, "notAssessed")))
}

// ---------------------------------------------------------------------------------------------
// (d) a full-text search

var qD = Question{
	ID: "d", Name: "search", Point: true,
	Title: `full-text search "child helpline" over every kind (English and French), 10 best hits with score`,
	MNR: `{ search(text: "child helpline", first: 10) { score object { __typename
  ... on Country { iso3 name } ... on Capability { key name } ... on Domain { key name } ... on Instrument { key shortName }
  ... on Finding { key } ... on Challenge { key } ... on Practice { key title } ... on CallToAction { number title } } } }`,
	Peer: `{ search(text: "child helpline", first: 10) { score kind key name } }`,
	Floor: func(ctx context.Context, drv neo4j.DriverWithContext) (any, error) {
		// The same Lucene queries MNR Graph sends (what the user typed, read as words, with
		// prefixes and typos), over the same two language indexes; a hit keeps its better score.
		en, fr := cypher.SearchQueries(searchText)
		res, err := read(ctx, drv, `CALL () {
  CALL db.index.fulltext.queryNodes('`+cypher.SearchIndexEN+`', $en, {limit: $first}) YIELD node, score RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('`+cypher.SearchIndexFR+`', $fr, {limit: $first}) YIELD node, score RETURN node, score }
WITH node, max(score) AS score ORDER BY score DESC LIMIT $first
RETURN {score: score, object: {__typename: labels(node)[0], key: node.key, iso3: node.iso3, number: node.number,
        name: node.name_en, shortName: node.short_name, title: node.title_en}} AS hit ORDER BY score DESC`,
			map[string]any{"en": en, "fr": fr, "first": searchFirst})
		if err != nil {
			return nil, err
		}
		var hits []any
		for _, r := range res.Records {
			h, _ := r.Get("hit")
			hits = append(hits, h)
		}
		return map[string]any{"search": hits}, nil
	},
	NormMNR: func(data any) any {
		return normHits(mapList(get(data, "search"), func(h any) any {
			o := get(h, "object")
			key := firstNonNil(get(o, "key"), get(o, "iso3"), get(o, "number"))
			return obj("kind", get(o, "__typename"), "key", fmt.Sprint(key), "score", score(get(h, "score")))
		}))
	},
	NormPeer: func(data any) any {
		return normHits(mapList(get(data, "search"), func(h any) any {
			return obj("kind", get(h, "kind"), "key", fmt.Sprint(get(h, "key")), "score", score(get(h, "score")))
		}))
	},
}

// score rounds a full-text score so that float formatting cannot differ.
func score(v any) any {
	f, ok := v.(float64)
	if !ok {
		return v
	}
	return math.Round(f*1e4) / 1e4
}

// normHits keeps the ranking but orders hits with equal scores by kind and key.
func normHits(hits []any) any {
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i].(map[string]any), hits[j].(map[string]any)
		if a["score"] != b["score"] {
			return a["score"].(float64) > b["score"].(float64)
		}
		return fmt.Sprint(a["kind"], a["key"]) < fmt.Sprint(b["kind"], b["key"])
	})
	return hits
}

// ---------------------------------------------------------------------------------------------
// (e) a graph view

var qE = Question{
	ID: "e", Name: "graph view", Point: true,
	Title: `graph view one hop around the capability "legislation": its domain, instruments, findings, challenges and practices as nodes and edges (with edge properties)`,
	MNR:   `{ graph(from: "Capability:legislation", depth: 1) { nodes { id kind label } edges { source target kind properties } } }`,
	Peer: `{ capabilities(where: {key: {eq: "legislation"}}) { key name
  domain { key name }
  instrumentsConnection { edges { properties { sources locator note } node { key shortName } } }
  findings { key statement } challenges { key summary } practices { key title } } }`,
	Floor: func(ctx context.Context, drv neo4j.DriverWithContext) (any, error) {
		res, err := read(ctx, drv, `MATCH (s:Capability {key: $key})
CALL (s) {
  MATCH (s)-[r:IN_DOMAIN|RESTS_ON]->(n) RETURN r, n, true AS out
  UNION ALL
  MATCH (s)<-[r:ABOUT|AFFECTS|IMPLEMENTS]-(n) RETURN r, n, false AS out
}
RETURN s.key AS key, s.name_en AS label, collect({kind: type(r), props: properties(r), out: out, nkind: labels(n)[0],
       nkey: n.key, nlabel: coalesce(n.short_name, n.name_en, n.title_en, n.statement_en, n.summary_en)}) AS hood`,
			map[string]any{"key": graphFromKey})
		if err != nil {
			return nil, err
		}
		if len(res.Records) != 1 {
			return nil, fmt.Errorf("graph view: %d records", len(res.Records))
		}
		r := res.Records[0]
		k, _ := r.Get("key")
		l, _ := r.Get("label")
		start := "Capability:" + k.(string)
		nodes := []any{map[string]any{"id": start, "kind": "Capability", "label": l}}
		var edges []any
		hood, _ := r.Get("hood")
		for _, h := range hood.([]any) {
			m := h.(map[string]any)
			id := m["nkind"].(string) + ":" + m["nkey"].(string)
			nodes = append(nodes, map[string]any{"id": id, "kind": m["nkind"], "label": m["nlabel"]})
			src, dst := start, id
			if !m["out"].(bool) {
				src, dst = id, start
			}
			props := map[string]any{}
			for pk, pv := range m["props"].(map[string]any) {
				if pk != "load" {
					props[pk] = jsonValue(pv)
				}
			}
			var p any
			if len(props) > 0 {
				b, _ := json.Marshal(props)
				p = string(b)
			}
			edges = append(edges, map[string]any{"source": src, "target": dst, "kind": m["kind"], "properties": p})
		}
		return map[string]any{"graph": map[string]any{"nodes": nodes, "edges": edges}}, nil
	},
	NormMNR: func(data any) any {
		g := get(data, "graph")
		nodes := mapList(get(g, "nodes"), func(n any) any { return obj("id", get(n, "id"), "kind", get(n, "kind"), "label", get(n, "label")) })
		edges := mapList(get(g, "edges"), func(e any) any {
			var props any
			if s, ok := get(e, "properties").(string); ok {
				var m map[string]any
				_ = json.Unmarshal([]byte(s), &m)
				props = dropNulls(m)
			}
			return obj("source", get(e, "source"), "target", get(e, "target"), "kind", get(e, "kind"), "properties", props)
		})
		return graphView(nodes, edges)
	},
	NormPeer: func(data any) any {
		list, _ := get(data, "capabilities").([]any)
		if len(list) != 1 {
			return fmt.Sprintf("expected one capability, got %d", len(list))
		}
		c := list[0]
		start := "Capability:" + fmt.Sprint(get(c, "key"))
		nodes := []any{obj("id", start, "kind", "Capability", "label", get(c, "name"))}
		var edges []any
		add := func(kind, key string, label any, rel string, out bool, props any) {
			id := kind + ":" + key
			nodes = append(nodes, obj("id", id, "kind", kind, "label", label))
			src, dst := start, id
			if !out {
				src, dst = id, start
			}
			edges = append(edges, obj("source", src, "target", dst, "kind", rel, "properties", props))
		}
		for _, d := range list1(get(c, "domain")) {
			add("Domain", fmt.Sprint(get(d, "key")), get(d, "name"), "IN_DOMAIN", true, nil)
		}
		for _, e := range list1(get(c, "instrumentsConnection", "edges")) {
			props, _ := get(e, "properties").(map[string]any)
			add("Instrument", fmt.Sprint(get(e, "node", "key")), get(e, "node", "shortName"), "RESTS_ON", true, dropNulls(props))
		}
		for _, f := range list1(get(c, "findings")) {
			add("Finding", fmt.Sprint(get(f, "key")), get(f, "statement"), "ABOUT", false, nil)
		}
		for _, f := range list1(get(c, "challenges")) {
			add("Challenge", fmt.Sprint(get(f, "key")), get(f, "summary"), "AFFECTS", false, nil)
		}
		for _, f := range list1(get(c, "practices")) {
			add("Practice", fmt.Sprint(get(f, "key")), get(f, "title"), "IMPLEMENTS", false, nil)
		}
		return graphView(nodes, edges)
	},
}

func graphView(nodes, edges []any) any {
	sortBy(nodes, "id")
	sort.SliceStable(edges, func(i, j int) bool {
		a, b := edges[i].(map[string]any), edges[j].(map[string]any)
		return fmt.Sprint(a["source"], a["kind"], a["target"]) < fmt.Sprint(b["source"], b["kind"], b["target"])
	})
	return obj("nodes", nodes, "edges", edges)
}

func dropNulls(m map[string]any) any {
	out := map[string]any{}
	for k, v := range m {
		if v != nil {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.String()
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = jsonValue(x[i])
		}
		return out
	}
	return v
}

// ---------------------------------------------------------------------------------------------
// helpers

func one(ctx context.Context, drv neo4j.DriverWithContext, cypher string, params map[string]any) (any, error) {
	res, err := read(ctx, drv, cypher, params)
	if err != nil {
		return nil, err
	}
	if len(res.Records) != 1 {
		return nil, fmt.Errorf("expected one record, got %d", len(res.Records))
	}
	return res.Records[0].Values[0], nil
}

// read runs one statement the way MNR Graph's store reads (store.Store.Read): an auto-commit
// transaction (RUN and PULL, no BEGIN and COMMIT), the cheapest way for Neo4j to answer, so that the
// floor stays a lower bound.
func read(ctx context.Context, drv neo4j.DriverWithContext, cypher string, params map[string]any) (*neo4j.EagerResult, error) {
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "neo4j", AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Records: recs}, nil
}

// get walks maps by keys; missing keys give nil.
func get(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list1(v any) []any { l, _ := v.([]any); return l }

func mapList(v any, f func(any) any) []any {
	l, _ := v.([]any)
	out := make([]any, 0, len(l))
	for _, x := range l {
		out = append(out, f(x))
	}
	return out
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func sortBy(list []any, key string) {
	sort.SliceStable(list, func(i, j int) bool {
		return fmt.Sprint(list[i].(map[string]any)[key]) < fmt.Sprint(list[j].(map[string]any)[key])
	})
}

// num makes every number a float64, whichever decoder produced it.
func num(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case int:
		return float64(x)
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return v
}

func firstNonNil(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// Canonical turns a normalised answer into canonical JSON (keys sorted; numbers as JSON numbers).
func Canonical(v any) (string, error) {
	b, err := json.Marshal(roundTrip(v))
	if err != nil {
		return "", err
	}
	var out any
	_ = json.Unmarshal(b, &out)
	b, err = json.MarshalIndent(out, "", " ")
	return string(b), err
}

// roundTrip converts driver values (int64, dates) into JSON-friendly ones.
func roundTrip(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = roundTrip(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = roundTrip(e)
		}
		return l
	case dbtype.Date:
		return x.String()
	}
	return v
}
