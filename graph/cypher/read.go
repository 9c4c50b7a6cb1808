package cypher

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Row is one object as a compiled statement returns it, keyed by GraphQL response key.
type Row = map[string]any

// Paging limits for connections.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// The filters of the root lists, by the arguments each declares (see Type.Filters).

func capabilityFilters(c *compilation, a ListArgs) ([]string, error) {
	if a.Domain != nil {
		c.refAt("domain", "Domain", *a.Domain)
		return []string{"EXISTS { MATCH (v)-[:IN_DOMAIN]->(:Domain {key: " + c.param(*a.Domain) + "}) }"}, nil
	}
	return nil, nil
}

func instrumentFilters(c *compilation, a ListArgs) ([]string, error) {
	if a.Kind != nil {
		return []string{"v.kind = " + c.param(*a.Kind)}, nil
	}
	return nil, nil
}

func findingFilters(c *compilation, a ListArgs) ([]string, error) {
	var out []string
	if a.Capability != nil {
		c.refAt("capability", "Capability", *a.Capability)
		out = append(out, "EXISTS { MATCH (v)-[:ABOUT]->(:Capability {key: "+c.param(*a.Capability)+"}) }")
	}
	if a.Population != nil {
		out = append(out, "v.population = "+c.param(*a.Population))
	}
	return out, nil
}

func challengeFilters(c *compilation, a ListArgs) ([]string, error) {
	if a.Capability != nil {
		c.refAt("capability", "Capability", *a.Capability)
		return []string{"EXISTS { MATCH (v)-[:AFFECTS]->(:Capability {key: " + c.param(*a.Capability) + "}) }"}, nil
	}
	return nil, nil
}

func practiceFilters(c *compilation, a ListArgs) ([]string, error) {
	var out []string
	if a.Capability != nil {
		c.refAt("capability", "Capability", *a.Capability)
		out = append(out, "EXISTS { MATCH (v)-[:IMPLEMENTS]->(:Capability {key: "+c.param(*a.Capability)+"}) }")
	}
	if a.Country != nil {
		k := strings.ToUpper(*a.Country)
		c.refAt("country", "Country", k)
		out = append(out, "EXISTS { MATCH (v)-[:IN]->(:Country {iso3: "+c.param(k)+"}) }")
	}
	return out, nil
}

// Statement is a compiled Cypher statement and its parameters.
type Statement struct {
	Cypher string         `json:"cypher"`
	Params map[string]any `json:"params"`
	// Refs are the keys the client named, by kind; they are checked before the statement runs.
	Refs map[string][]string `json:"refs,omitempty"`
	// RefArgs names the argument each key came from (kind + "\x00" + key).
	RefArgs map[string]string `json:"-"`
	// Refused are the selected fields the caller may not read, as "Type.field": they are null in
	// every row, and their resolvers report FORBIDDEN while the rest of the answer resolves.
	Refused []string `json:"refused,omitempty"`
}

func (c *compilation) statement(cypher string) Statement {
	st := Statement{Cypher: cypher, Params: c.params}
	if len(c.refused) > 0 {
		st.Refused = sortedKeys(c.refused)
	}
	if len(c.refs) > 0 {
		st.Refs = map[string][]string{}
		st.RefArgs = map[string]string{}
		for kind, keys := range c.refs {
			st.Refs[kind] = sortedKeys(keys)
			for k, arg := range keys {
				st.RefArgs[kind+"\x00"+k] = arg
			}
		}
	}
	return st
}

// CompileList compiles a root list field (domains, capabilities, findings, ...).
func (cp Compiler) CompileList(perm Permissions, root string, args ListArgs, fields []Field) (Statement, error) {
	spec, ok := rootLists[root]
	if !ok {
		return Statement{}, fmt.Errorf("compiler: no type is listed by the root field %q", root)
	}
	c := cp.start(perm)
	var preds []string
	if spec.Filters != nil {
		p, err := spec.Filters(c, args)
		if err != nil {
			return Statement{}, err
		}
		preds = p
	}
	proj, err := c.project(spec.Name, scope{v: "v"}, fields)
	if err != nil {
		return Statement{}, err
	}
	q := "MATCH (v:" + spec.Label + ")"
	if len(preds) > 0 {
		q += " WHERE " + strings.Join(preds, " AND ")
	}
	q += " WITH v ORDER BY " + spec.Order + " RETURN " + proj + " AS row"
	return c.statement(q), nil
}

// lookup is the described type typ when its nodes can be found by key.
func lookup(typ string) (*Type, bool) {
	t, ok := types[typ]
	return t, ok && t.Label != "" && t.Key != ""
}

// CompileLookup compiles the read of one node of type typ by its key.
func (cp Compiler) CompileLookup(perm Permissions, typ string, key any, fields []Field) (Statement, error) {
	l, ok := lookup(typ)
	if !ok {
		return Statement{}, fmt.Errorf("compiler: no lookup for %s", typ)
	}
	c := cp.start(perm)
	proj, err := c.project(typ, scope{v: "v"}, fields)
	if err != nil {
		return Statement{}, err
	}
	return c.statement("MATCH (v:" + l.Label + " {" + l.Key + ": " + c.param(key) + "}) RETURN " + proj + " AS row"), nil
}

// ParseNodeID splits a Relay id such as "Country:KEN" into its type and key.
func ParseNodeID(id string) (typ string, key any, err error) {
	typ, k, ok := strings.Cut(id, ":")
	if typ == "IncomeGroup" {
		return "", nil, graph.BadInput("id", "%q has no node of its own (income groups are a facet): use countries(where: {incomeGroupIn: [%s]}) or graph(from: %q)", id, k, id)
	}
	if _, known := lookup(typ); !ok || !known || k == "" {
		return "", nil, graph.BadInput("id", "%q is not a node id; ids look like \"Country:KEN\" or \"Capability:offender-management\"", id)
	}
	if typ == "CallToAction" { // the one type numbered rather than keyed
		n, err := strconv.Atoi(k)
		if err != nil {
			return "", nil, graph.BadInput("id", "%q is not a node id: a call to action is numbered, e.g. \"CallToAction:1\"", id)
		}
		return typ, n, nil
	}
	if typ == "Country" {
		k = strings.ToUpper(k)
	}
	return typ, k, nil
}

// CompileCountries compiles a page of the countries connection: the total, the window and the
// projected countries in one statement.
func (cp Compiler) CompileCountries(perm Permissions, a CountryPageArgs, fields []Field) (Statement, error) {
	c := cp.start(perm)
	def, err := c.statusDate(a.AsOf, filterDefaults{fy: graph.ReportFiscalYear})
	if err != nil {
		return Statement{}, err
	}
	pred, err := c.where("v", a.Where, "where", def)
	if err != nil {
		return Statement{}, err
	}
	order, err := c.countryOrder(a.OrderBy, a.Where)
	if err != nil {
		return Statement{}, err
	}
	window := map[string]any{"after": nil, "before": nil, "first": nil, "last": nil}
	if a.After != nil {
		n, err := DecodeCursor(*a.After, "after")
		if err != nil {
			return Statement{}, err
		}
		window["after"] = n
	}
	if a.Before != nil {
		n, err := DecodeCursor(*a.Before, "before")
		if err != nil {
			return Statement{}, err
		}
		window["before"] = n
	}
	for name, p := range map[string]*int{"first": a.First, "last": a.Last} {
		if p == nil {
			continue
		}
		if *p < 0 {
			return Statement{}, graph.BadInput(name, "%s must not be negative (got %d)", name, *p)
		}
		if *p > MaxPageSize {
			return Statement{}, graph.BadInput(name, "%s: %d is over the maximum page size of %d; page through with after/before", name, *p, MaxPageSize)
		}
		window[name] = *p
	}
	if a.First == nil && a.Last == nil {
		window["first"] = DefaultPageSize
	}
	proj, err := c.project("Country", scope{v: "v"}, fields)
	if err != nil {
		return Statement{}, err
	}
	w := c.param(window)
	q := "MATCH (v:Country)"
	if pred != "" {
		q += " WHERE " + pred
	}
	q += " WITH v ORDER BY " + order +
		" WITH collect(v) AS matched" +
		" WITH matched, size(matched) AS n, CASE WHEN " + w + ".after IS NULL THEN 0 ELSE " + w + ".after + 1 END AS s0" +
		" WITH matched, n, s0, CASE WHEN " + w + ".before IS NULL OR " + w + ".before > n THEN n ELSE " + w + ".before END AS e0" +
		" WITH matched, n, s0, CASE WHEN " + w + ".first IS NULL OR s0 + " + w + ".first > e0 THEN e0 ELSE s0 + " + w + ".first END AS e1" +
		" WITH matched, n, e1, CASE WHEN " + w + ".last IS NULL OR e1 - " + w + ".last < s0 THEN s0 ELSE e1 - " + w + ".last END AS s1" +
		" CALL (matched, s1, e1) { UNWIND matched[s1..e1] AS v RETURN collect(" + proj + ") AS page }" +
		" RETURN n AS total, s1 AS start, page"
	return c.statement(q), nil
}

func (c *compilation) countryOrder(orderBy []CountryOrder, where *CountryFilter) (string, error) {
	fy := graph.ReportFiscalYear
	if where != nil {
		y, err := fiscalYear(where.IncomeFiscalYear, "where.incomeFiscalYear", graph.ReportFiscalYear)
		if err != nil {
			return "", err
		}
		fy = y
	}
	var keys []string
	for i, o := range orderBy {
		dir := " ASC"
		if o.Direction == "DESC" {
			dir = " DESC"
		}
		switch o.Field {
		case "NAME":
			keys = append(keys, "v.name_en"+dir)
		case "ISO3":
			keys = append(keys, "v.iso3"+dir)
		case "REGION":
			keys = append(keys, "v.region"+dir)
		case "INCOME_GROUP":
			keys = append(keys, c.param(graph.IncomeRank)+"["+c.incomeOf("v", fy)+"]"+dir)
		default:
			return "", graph.BadInput(fmt.Sprintf("orderBy[%d].field", i), "cannot order countries by %q", o.Field)
		}
	}
	keys = append(keys, "v.iso3")
	return strings.Join(keys, ", "), nil
}

// Cursors are opaque to clients; inside they are positions in the ordered, filtered list.
func EncodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

const maxCursorOffset = 1_000_000_000

func DecodeCursor(s, arg string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), "o:"); ok {
			// Offsets this API issues stay far below a billion; larger ones would overflow
			// Neo4j's SKIP and LIMIT arithmetic.
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 && n < maxCursorOffset {
				return n, nil
			}
		}
	}
	return 0, graph.BadInput(arg, "%s: %q is not a cursor from this API; use a cursor from pageInfo or edges", arg, s)
}
