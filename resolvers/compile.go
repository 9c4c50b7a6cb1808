package resolvers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

// rootTypes is the object type each list or lookup root field returns.
var rootTypes = map[string]string{
	"domains": "Domain", "capabilities": "Capability", "instruments": "Instrument", "findings": "Finding",
	"challenges": "Challenge", "practices": "Practice", "callsToAction": "CallToAction", "sources": "Source",
	"domain": "Domain", "capability": "Capability", "instrument": "Instrument", "country": "Country",
}

// CompileRoot compiles one root field of an operation (its arguments and its whole selection,
// fragments resolved) into the one statement that answers it. The root resolvers run what it
// returns; the golden tests in testdata/golden print it.
func (r *Resolver) CompileRoot(perm cypher.Permissions, oc *graphql.OperationContext, f graphql.CollectedField) (cypher.Statement, error) {
	a := f.ArgumentMap(oc.Variables)
	sel := func(typ string) []cypher.Field { return r.convert(oc, f.Selections, typ) }
	switch f.Name {
	case "domains", "capabilities", "instruments", "findings", "challenges", "practices", "callsToAction", "sources":
		return r.compiler.CompileList(perm, f.Name, a, sel(rootTypes[f.Name]))
	case "country":
		iso3, _ := a["iso3"].(string)
		return r.compiler.CompileLookup(perm, "Country", upper(iso3), sel("Country"))
	case "domain", "capability", "instrument":
		return r.compiler.CompileLookup(perm, rootTypes[f.Name], a["key"], sel(rootTypes[f.Name]))
	case "node":
		id, _ := a["id"].(string)
		typ, key, err := cypher.ParseNodeID(id)
		if err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileLookup(perm, typ, key, sel(typ))
	case "countries":
		var nodeFields []cypher.Field
		for _, c := range sel("CountryConnection") {
			switch c.Name {
			case "nodes":
				nodeFields = append(nodeFields, c.Children...)
			case "edges":
				for _, e := range c.Children {
					if e.Name == "node" {
						nodeFields = append(nodeFields, e.Children...)
					}
				}
			}
		}
		pa := cypher.CountryPageArgs{Where: a["where"], OrderBy: a["orderBy"]}
		var err error
		if pa.First, err = intArg(a["first"], "first"); err != nil {
			return cypher.Statement{}, err
		}
		if pa.Last, err = intArg(a["last"], "last"); err != nil {
			return cypher.Statement{}, err
		}
		pa.After, pa.Before = strArg(a["after"]), strArg(a["before"])
		return r.compiler.CompileCountries(perm, pa, nodeFields)
	case "countryGroups":
		return r.compiler.CompileCountryGroups(perm, a, sel("CountryGroup"))
	case "coverage":
		return r.compiler.CompileCoverage(perm, a, sel("CoverageCell"))
	case "search":
		byType := map[string][]cypher.Field{}
		withHighlight := false
		for _, c := range sel("SearchHit") {
			withHighlight = withHighlight || c.Name == "highlight"
			if c.Name == "object" {
				for typ, fields := range c.ByType {
					byType[typ] = append(byType[typ], fields...)
				}
			}
		}
		first, err := intArg(a["first"], "first")
		if err != nil {
			return cypher.Statement{}, err
		}
		text, _ := a["text"].(string)
		return r.compiler.CompileSearch(perm, text, first, byType, withHighlight)
	case "graph":
		depth, err := intArg(a["depth"], "depth")
		if err != nil {
			return cypher.Statement{}, err
		}
		limit, err := intArg(a["limit"], "limit")
		if err != nil {
			return cypher.Statement{}, err
		}
		from, _ := a["from"].(string)
		return r.compiler.CompileGraph(from, depth, limit)
	}
	return cypher.Statement{}, fmt.Errorf("no compiler for root field %s", f.Name)
}

// compileCurrent compiles the root field being resolved.
func (r *Resolver) compileCurrent(ctx context.Context) (cypher.Statement, error) {
	return r.CompileRoot(permissions(ctx), graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field)
}

func intArg(v any, name string) (*int, error) {
	var n int
	switch x := v.(type) {
	case nil:
		return nil, nil
	case int:
		n = x
	case int64:
		n = int(x)
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil, graph.BadInput(name, "%s must be an integer", name)
		}
		n = int(i)
	default:
		return nil, graph.BadInput(name, "%s must be an integer", name)
	}
	return &n, nil
}

func strArg(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

// permissions asks the authorisation point what the caller may read.
func permissions(ctx context.Context) cypher.Permissions {
	p := access.From(ctx)
	return cypher.Permissions{
		Assessments: p.Allows(access.ReadAssessments),
		Deny:        func(what string) string { return p.Deny(access.ReadAssessments, what) },
	}
}
