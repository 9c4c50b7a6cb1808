package resolvers

import (
	"context"
	"fmt"

	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// Every root resolver compiles its field (CompileRoot) and runs the statement once.

func rootRows(ctx context.Context, r *Resolver) ([]cypher.Row, model.Refused, error) {
	st, err := r.compileCurrent(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := r.store.Rows(ctx, st)
	return rows, refusedSet(st), err
}

// rootList answers a root field that returns a list of row-backed objects.
func rootList[T any](ctx context.Context, r *Resolver, wrap func(model.Row) *T) ([]*T, error) {
	rows, refused, err := rootRows(ctx, r)
	if err != nil {
		return nil, err
	}
	return wrapAll(rows, refused, wrap), nil
}

// lookup answers a root field that reads one node by key; an unknown key is NOT_FOUND.
func lookup[T any](ctx context.Context, r *Resolver, key any, what string, wrap func(model.Row) *T) (*T, error) {
	rows, refused, err := rootRows(ctx, r)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.NotFound("no %s %q", what, key)
	}
	return adopt(wrap(rows[0]), refused), nil
}

func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	typ, _, err := cypher.ParseNodeID(id)
	if err != nil {
		return nil, err
	}
	rows, refused, err := rootRows(ctx, r)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.NotFound("no node with id %q", id)
	}
	obj, ok := model.Wrap(typ, rows[0], refused)
	if !ok {
		return nil, fmt.Errorf("no model object for %s", typ)
	}
	node, ok := obj.(model.Node)
	if !ok {
		return nil, fmt.Errorf("%s is not a Node", typ)
	}
	return node, nil
}

// countries answers the connection from one statement: total, window and projected countries.
func (r *Resolver) countries(ctx context.Context) (*model.CountryConnection, error) {
	st, err := r.compileCurrent(ctx)
	if err != nil {
		return nil, err
	}
	page, err := r.store.Countries(ctx, st)
	if err != nil {
		return nil, err
	}
	conn := &model.CountryConnection{TotalCount: page.Total, PageInfo: &model.PageInfo{
		HasPreviousPage: page.Start > 0,
		HasNextPage:     page.Start+len(page.Rows) < page.Total,
	}, Nodes: []*model.Country{}, Edges: []*model.CountryEdge{}}
	refused := refusedSet(st)
	for i, row := range page.Rows {
		c := adopt(model.NewCountry(row), refused)
		conn.Nodes = append(conn.Nodes, c)
		conn.Edges = append(conn.Edges, &model.CountryEdge{Cursor: page.Cursor(i), Node: c})
	}
	if n := len(page.Rows); n > 0 {
		first, last := page.Cursor(0), page.Cursor(n-1)
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &first, &last
	}
	return conn, nil
}

func (r *Resolver) meta(ctx context.Context) (*model.Meta, error) {
	st, err := r.store.State(ctx)
	if err != nil {
		return nil, err
	}
	m := &model.Meta{APIVersion: r.APIVersion, DataVersion: st.Version, Revision: st.Revision, Illustrative: st.Illustrative,
		Role: model.Role(access.From(ctx).Role.String())}
	if st.LoadedAt != "" {
		t := model.DateTime(st.LoadedAt)
		m.LoadedAt = &t
	}
	m.Publication = publication(st.Publication)
	if rel := st.Release; rel != nil {
		m.Release = &model.Release{Version: st.Version, Citation: rel.Citation, Licence: rel.Licence, Changelog: rel.Changelog}
		if rel.Released != "" {
			d := model.Date(rel.Released)
			m.Release.ReleasedAt = &d
		}
	}
	return m, nil
}

// search runs the full-text query; each hit's row is keyed by the SearchHit selection.
func (r *Resolver) search(ctx context.Context, text string) ([]*model.SearchHit, error) {
	st, err := r.compileCurrent(ctx)
	if err != nil {
		return nil, err
	}
	hits, err := r.store.Search(ctx, st, text)
	if err != nil {
		return nil, err
	}
	sel, err := r.selection(ctx, "SearchHit")
	if err != nil {
		return nil, err
	}
	out := make([]*model.SearchHit, 0, len(hits))
	refused := refusedSet(st)
	for _, h := range hits {
		row := model.Row{}
		for _, f := range sel {
			switch f.Name {
			case "score":
				row[f.Key] = h.Score
			case "highlight":
				if h.Highlight != nil {
					row[f.Key] = *h.Highlight
				}
			case "cursor":
				row[f.Key] = cypher.EncodeCursor(h.Position)
			case "object":
				obj := model.Row{"__kind": h.Kind}
				for k, v := range h.Row {
					obj[k] = v
				}
				row[f.Key] = obj
			}
		}
		out = append(out, adopt(model.NewSearchHit(row), refused))
	}
	return out, nil
}

func searchObject(ctx context.Context, hit *model.SearchHit) (model.SearchHitObject, error) {
	v, _ := value(ctx, hit)
	m, _ := v.(map[string]any)
	kind, _ := m["__kind"].(string)
	wrapped, ok := model.Wrap(kind, m, hit.Refused())
	if !ok {
		return nil, missing(ctx)
	}
	obj, ok := wrapped.(model.SearchHitObject)
	if !ok {
		return nil, missing(ctx)
	}
	return obj, nil
}

func (r *Resolver) graphView(ctx context.Context, from string) (*model.GraphView, error) {
	st, err := r.compileCurrent(ctx)
	if err != nil {
		return nil, err
	}
	view, err := r.store.Graph(ctx, st, from)
	if err != nil {
		return nil, err
	}
	out := &model.GraphView{Nodes: make([]*model.GraphNode, 0, len(view.Nodes)), Edges: make([]*model.GraphEdge, 0, len(view.Edges)), Truncated: view.Truncated}
	for _, n := range view.Nodes {
		out.Nodes = append(out.Nodes, &model.GraphNode{ID: n.ID, Kind: n.Kind, Label: n.Label, Attributes: n.Attributes})
	}
	for _, e := range view.Edges {
		out.Edges = append(out.Edges, &model.GraphEdge{ID: e.ID, Source: e.Source, Target: e.Target, Kind: e.Kind, Properties: e.Properties, Attributes: e.Attributes})
	}
	return out, nil
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// coverage answers analysts from live data (the compiled statement), and public callers, or
// anyone naming a publication, from a publication's audited tables. Public callers get the
// publication's FY2022 groups and no filter or date: comparing years, filtered populations or
// dates would single out the countries that differ.
func (r *Resolver) coverage(ctx context.Context) ([]*model.CoverageCell, error) {
	perm := permissions(ctx)
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	var a cypher.CoverageArgs
	if err := r.decodeArgs(oc, fc.Field, &a); err != nil {
		return nil, err
	}
	fields, err := r.convert(oc, fc.Field.Selections, "CoverageCell")
	if err != nil {
		return nil, err
	}
	if perm.Assessments && a.Publication == nil {
		st, err := r.compiler.CompileCoverage(perm, a, fields)
		if err != nil {
			return nil, err
		}
		rows, err := r.store.Rows(ctx, st)
		if err != nil {
			return nil, err
		}
		return wrapAll(rows, refusedSet(st), model.NewCoverageCell), nil
	}
	for _, arg := range []struct {
		name, what string
		given      bool
	}{{"where", "coverage(where:)", a.Where != nil}, {"asOf", "coverage(asOf:)", a.AsOf != nil}} {
		if !arg.given {
			continue
		}
		if perm.Assessments {
			return nil, graph.BadInput(arg.name, "a publication is frozen with its own date and groups: %s does not apply to coverage(publication:)", arg.what)
		}
		return nil, &graph.Error{Code: graph.CodeForbidden, Argument: arg.name, Message: access.From(ctx).Deny(access.ReadAssessments, arg.what)}
	}
	if fy := a.FiscalYear; fy != nil && *fy != graph.ReportFiscalYear {
		if perm.Assessments {
			return nil, graph.BadInput("fiscalYear", "a publication tables the FY2022 income groups only")
		}
		return nil, &graph.Error{Code: graph.CodeForbidden, Argument: "fiscalYear",
			Message: access.From(ctx).Deny(access.ReadAssessments, "coverage in another fiscal year than FY2022")}
	}
	pq, err := r.compiler.CompilePublishedCoverage(perm, a, fields)
	if err != nil {
		return nil, err
	}
	cells, err := r.store.PublishedCoverage(ctx, pq)
	if err != nil {
		return nil, err
	}
	return wrapAll(cells, refusedSet(pq.Statement), model.NewCoverageCell), nil
}
