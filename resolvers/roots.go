package resolvers

import (
	"context"
	"strings"

	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

// rootList answers a root list field with one statement.
func rootList[T any](ctx context.Context, r *Resolver, root, typeName string, wrap func(model.Row) *T) ([]*T, error) {
	st, err := graph.CompileList(root, args(ctx), r.selection(ctx, typeName))
	if err != nil {
		return nil, err
	}
	rows, err := r.store.Rows(ctx, st)
	if err != nil {
		return nil, err
	}
	return wrapAll(rows, wrap), nil
}

// lookup answers a root field that reads one node by key; an unknown key is NOT_FOUND.
func lookup[T any](ctx context.Context, r *Resolver, typeName string, key any, what string, wrap func(model.Row) *T) (*T, error) {
	row, err := r.lookupRow(ctx, typeName, key, what)
	if err != nil {
		return nil, err
	}
	return wrap(row), nil
}

func (r *Resolver) lookupRow(ctx context.Context, typeName string, key any, what string) (graph.Row, error) {
	st, err := graph.CompileLookup(typeName, key, r.selection(ctx, typeName))
	if err != nil {
		return nil, err
	}
	rows, err := r.store.Rows(ctx, st)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, graph.NotFound("no %s %q", what, key)
	}
	return rows[0], nil
}

var nodeWrappers = map[string]func(model.Row) model.Node{
	"Country":      func(r model.Row) model.Node { return model.NewCountry(r) },
	"Domain":       func(r model.Row) model.Node { return model.NewDomain(r) },
	"Capability":   func(r model.Row) model.Node { return model.NewCapability(r) },
	"Instrument":   func(r model.Row) model.Node { return model.NewInstrument(r) },
	"Finding":      func(r model.Row) model.Node { return model.NewFinding(r) },
	"Challenge":    func(r model.Row) model.Node { return model.NewChallenge(r) },
	"Practice":     func(r model.Row) model.Node { return model.NewPractice(r) },
	"CallToAction": func(r model.Row) model.Node { return model.NewCallToAction(r) },
	"Source":       func(r model.Row) model.Node { return model.NewSource(r) },
}

func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	typ, key, err := graph.ParseNodeID(id)
	if err != nil {
		return nil, err
	}
	row, err := r.lookupRow(ctx, typ, key, "node with id")
	if err != nil {
		if graph.CodeOf(err) == graph.CodeNotFound {
			return nil, graph.NotFound("no node with id %q", id)
		}
		return nil, err
	}
	return nodeWrappers[typ](row), nil
}

// countries answers the connection: the node selection under edges.node and nodes is merged
// and compiled with the filter, order and window into one statement.
func (r *Resolver) countries(ctx context.Context, a graph.CountryPageArgs) (*model.CountryConnection, error) {
	var nodeFields []graph.Field
	for _, f := range r.selection(ctx, "CountryConnection") {
		switch f.Name {
		case "nodes":
			nodeFields = append(nodeFields, f.Children...)
		case "edges":
			for _, e := range f.Children {
				if e.Name == "node" {
					nodeFields = append(nodeFields, e.Children...)
				}
			}
		}
	}
	st, err := graph.CompileCountries(a, nodeFields)
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
	}}
	for i, row := range page.Rows {
		c := model.NewCountry(row)
		conn.Nodes = append(conn.Nodes, c)
		conn.Edges = append(conn.Edges, &model.CountryEdge{Cursor: page.Cursor(i), Node: c})
	}
	if n := len(page.Rows); n > 0 {
		first, last := page.Cursor(0), page.Cursor(n-1)
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &first, &last
	}
	if conn.Nodes == nil {
		conn.Nodes, conn.Edges = []*model.Country{}, []*model.CountryEdge{}
	}
	return conn, nil
}

func (r *Resolver) meta(ctx context.Context) (*model.Meta, error) {
	st, err := r.store.State(ctx)
	if err != nil {
		return nil, err
	}
	m := &model.Meta{APIVersion: r.apiVersion, DataVersion: st.Version, Illustrative: st.Illustrative, Role: model.RolePublic}
	if st.LoadedAt != "" {
		t := model.DateTime(st.LoadedAt)
		m.LoadedAt = &t
	}
	return m, nil
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func (r *Resolver) countryGroups(ctx context.Context) ([]*model.CountryGroup, error) {
	st, err := graph.CompileCountryGroups(args(ctx), r.selection(ctx, "CountryGroup"))
	if err != nil {
		return nil, err
	}
	rows, err := r.store.Rows(ctx, st)
	if err != nil {
		return nil, err
	}
	return wrapAll(rows, model.NewCountryGroup), nil
}

func (r *Resolver) coverage(ctx context.Context) ([]*model.CoverageCell, error) {
	st, err := graph.CompileCoverage(args(ctx), r.selection(ctx, "CoverageCell"))
	if err != nil {
		return nil, err
	}
	rows, err := r.store.Rows(ctx, st)
	if err != nil {
		return nil, err
	}
	return wrapAll(rows, model.NewCoverageCell), nil
}

// search runs the full-text query; each hit's row is keyed by the SearchHit selection.
func (r *Resolver) search(ctx context.Context, text string, first *int) ([]*model.SearchHit, error) {
	sel := r.selection(ctx, "SearchHit")
	byType := map[string][]graph.Field{}
	for _, f := range sel {
		if f.Name == "object" {
			for typ, fields := range f.ByType {
				byType[typ] = append(byType[typ], fields...)
			}
		}
	}
	st, err := graph.CompileSearch(text, first, byType)
	if err != nil {
		return nil, err
	}
	hits, err := r.store.Search(ctx, st, text)
	if err != nil {
		return nil, err
	}
	out := make([]*model.SearchHit, 0, len(hits))
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
			case "object":
				obj := model.Row{"__kind": h.Kind}
				for k, v := range h.Row {
					obj[k] = v
				}
				row[f.Key] = obj
			}
		}
		out = append(out, model.NewSearchHit(row))
	}
	return out, nil
}

var searchWrappers = map[string]func(model.Row) model.SearchHitObject{
	"Country":      func(r model.Row) model.SearchHitObject { return model.NewCountry(r) },
	"Capability":   func(r model.Row) model.SearchHitObject { return model.NewCapability(r) },
	"Domain":       func(r model.Row) model.SearchHitObject { return model.NewDomain(r) },
	"Instrument":   func(r model.Row) model.SearchHitObject { return model.NewInstrument(r) },
	"Finding":      func(r model.Row) model.SearchHitObject { return model.NewFinding(r) },
	"Challenge":    func(r model.Row) model.SearchHitObject { return model.NewChallenge(r) },
	"Practice":     func(r model.Row) model.SearchHitObject { return model.NewPractice(r) },
	"CallToAction": func(r model.Row) model.SearchHitObject { return model.NewCallToAction(r) },
}

func searchObject(ctx context.Context, hit *model.SearchHit) (model.SearchHitObject, error) {
	v, _ := value(ctx, hit)
	m, _ := v.(map[string]any)
	kind, _ := m["__kind"].(string)
	wrap, ok := searchWrappers[kind]
	if !ok {
		return nil, missing(ctx)
	}
	return wrap(m), nil
}

func (r *Resolver) graphView(ctx context.Context, from string, depth, limit *int) (*model.GraphView, error) {
	st, err := graph.CompileGraph(from, depth, limit)
	if err != nil {
		return nil, err
	}
	view, err := r.store.Graph(ctx, st, from)
	if err != nil {
		return nil, err
	}
	out := &model.GraphView{Nodes: make([]*model.GraphNode, 0, len(view.Nodes)), Edges: make([]*model.GraphEdge, 0, len(view.Edges))}
	for _, n := range view.Nodes {
		out.Nodes = append(out.Nodes, &model.GraphNode{ID: n.ID, Kind: n.Kind, Label: n.Label})
	}
	for _, e := range view.Edges {
		out.Edges = append(out.Edges, &model.GraphEdge{Source: e.Source, Target: e.Target, Kind: e.Kind, Properties: e.Properties})
	}
	return out, nil
}
