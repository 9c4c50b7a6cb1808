package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
)

// CompileRoot compiles one root field of an operation (its typed arguments and its whole
// selection, fragments resolved) into the one statement that answers it. The root resolvers run
// what it returns; the golden tests in testdata/golden print it.
func (r *Resolver) CompileRoot(perm cypher.Permissions, oc *graphql.OperationContext, f graphql.CollectedField) (cypher.Statement, error) {
	sel := func(typ string) ([]cypher.Field, error) { return r.convert(oc, f.Selections, typ) }
	switch rootKind(f) {
	case rootListField:
		var a cypher.ListArgs
		fields, err := decodeAndSelect(r, oc, f, &a, sel, f.Definition.Type.Name())
		if err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileList(perm, f.Name, a, fields)
	case rootLookupField:
		var a cypher.LookupArgs
		if err := r.decodeArgs(oc, f, &a); err != nil {
			return cypher.Statement{}, err
		}
		typ, key, err := lookupKey(f.Name, a)
		if err != nil {
			return cypher.Statement{}, err
		}
		if typ == "" {
			typ = f.Definition.Type.Name()
		}
		fields, err := sel(typ)
		if err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileLookup(perm, typ, key, fields)
	case "countries":
		var a cypher.CountryPageArgs
		fields, err := decodeAndSelect(r, oc, f, &a, sel, "CountryConnection")
		if err != nil {
			return cypher.Statement{}, err
		}
		var nodeFields []cypher.Field
		for _, c := range fields {
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
		return r.compiler.CompileCountries(perm, a, nodeFields)
	case "countryGroups":
		var a cypher.GroupArgs
		fields, err := decodeAndSelect(r, oc, f, &a, sel, "CountryGroup")
		if err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileCountryGroups(perm, a, fields)
	case "coverage":
		var a cypher.CoverageArgs
		fields, err := decodeAndSelect(r, oc, f, &a, sel, "CoverageCell")
		if err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileCoverage(perm, a, fields)
	case "search":
		var a cypher.SearchArgs
		fields, err := decodeAndSelect(r, oc, f, &a, sel, "SearchHit")
		if err != nil {
			return cypher.Statement{}, err
		}
		byType := map[string][]cypher.Field{}
		withHighlight := false
		for _, c := range fields {
			withHighlight = withHighlight || c.Name == "highlight"
			if c.Name == "object" {
				for typ, fields := range c.ByType {
					byType[typ] = append(byType[typ], fields...)
				}
			}
		}
		return r.compiler.CompileSearch(perm, a, byType, withHighlight)
	case "graph":
		var a cypher.GraphArgs
		if err := r.decodeArgs(oc, f, &a); err != nil {
			return cypher.Statement{}, err
		}
		return r.compiler.CompileGraph(a)
	}
	return cypher.Statement{}, fmt.Errorf("no compiler for root field %s", f.Name)
}

// The kinds of root field CompileRoot compiles without naming them: a list of every node of a
// described type (the type's List), and a lookup of one node by its key (or node by its id).
const (
	rootListField   = "\x00list"
	rootLookupField = "\x00lookup"
)

// rootKind is rootListField or rootLookupField for the root fields the type descriptions cover, else the
// field's name.
func rootKind(f graphql.CollectedField) string {
	if f.Definition == nil {
		return f.Name
	}
	typ := f.Definition.Type
	if t, ok := cypher.TypeOf(typ.Name()); ok {
		switch {
		case typ.Elem != nil && t.List == f.Name:
			return rootListField
		case typ.Elem == nil && t.Label != "" && t.Key != "":
			return rootLookupField
		}
	}
	if f.Name == "node" {
		return rootLookupField
	}
	return f.Name
}

// decodeAndSelect decodes a root field's arguments into args and converts its selection on typ.
func decodeAndSelect(r *Resolver, oc *graphql.OperationContext, f graphql.CollectedField, args any,
	sel func(string) ([]cypher.Field, error), typ string) ([]cypher.Field, error) {
	if err := r.decodeArgs(oc, f, args); err != nil {
		return nil, err
	}
	return sel(typ)
}

// lookupKey is the key a lookup root field reads (country(iso3:), domain(key:), ...) and, for
// node(id:), whose id names it, the type; "" means the type the field returns.
func lookupKey(root string, a cypher.LookupArgs) (typ string, key any, err error) {
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	switch root {
	case "country":
		return "Country", upper(deref(a.ISO3)), nil
	case "node":
		return cypher.ParseNodeID(deref(a.ID))
	}
	return "", deref(a.Key), nil
}

// compileCurrent compiles the root field being resolved.
func (r *Resolver) compileCurrent(ctx context.Context) (cypher.Statement, error) {
	return r.CompileRoot(permissions(ctx), graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field)
}

// permissions asks the authorisation point what the caller may read.
func permissions(ctx context.Context) cypher.Permissions {
	p := access.From(ctx)
	return cypher.Permissions{
		Assessments: p.Allows(access.ReadAssessments),
		Deny:        func(what string) string { return p.Deny(access.ReadAssessments, what) },
	}
}
