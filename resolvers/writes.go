package resolvers

import (
	"context"
	"errors"

	"github.com/mnrgraph/mnrgraph/access"
	"github.com/mnrgraph/mnrgraph/graph"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/mnrgraph/mnrgraph/resolvers/model"
)

func (r *Resolver) recordAssessments(ctx context.Context, input []*model.AssessmentInput, dryRun *bool) (*model.RecordResult, error) {
	p := access.From(ctx)
	if !p.Allows(access.WriteAssessments) {
		return nil, &graph.Error{Code: graph.CodeForbidden, Message: p.Deny(access.WriteAssessments, "recordAssessments")}
	}
	rows := make([]graph.AssessmentInput, len(input))
	for i, in := range input {
		row := graph.AssessmentInput{Country: upper(in.Country), Capability: in.Capability, Status: string(in.Status),
			AsOf: string(in.AsOf), Provenance: string(in.Provenance), Note: in.Note}
		for _, c := range in.Citations {
			row.Citations = append(row.Citations, graph.CitationInput{Source: c.Source, Locator: c.Locator, Quote: c.Quote})
		}
		rows[i] = row
	}
	dry := dryRun != nil && *dryRun
	written, problems, err := r.store.RecordAssessments(ctx, rows,
		store.Actor{Label: p.Label, Role: p.Role.String(), Via: "recordAssessments"},
		store.WriteOptions{DryRun: dry, Production: r.Production})
	if err != nil {
		return nil, err
	}
	res := &model.RecordResult{Ok: len(problems) == 0, Written: written, DryRun: dry, Problems: []*model.AssessmentProblem{}}
	for _, pr := range problems {
		res.Problems = append(res.Problems, &model.AssessmentProblem{Index: pr.Index, Field: pr.Field, Message: pr.Message})
	}
	return res, nil
}

func (r *Resolver) changes(ctx context.Context, since *model.DateTime, first *int, after *string) (*model.ChangeConnection, error) {
	p := access.From(ctx)
	if !p.Allows(access.ReadAudit) {
		return nil, &graph.Error{Code: graph.CodeForbidden, Message: p.Deny(access.ReadAudit, "changes")}
	}
	var sinceS *string
	if since != nil {
		s := string(*since)
		sinceS = &s
	}
	page, err := r.store.Changes(ctx, sinceS, first, after)
	if err != nil {
		return nil, err
	}
	conn := &model.ChangeConnection{TotalCount: page.Total, Nodes: []*model.Change{}, Edges: []*model.ChangeEdge{},
		PageInfo: &model.PageInfo{HasPreviousPage: page.Start > 0, HasNextPage: page.Start+len(page.Changes) < page.Total}}
	for i, ch := range page.Changes {
		c := &model.Change{ID: ch.ID, At: model.DateTime(ch.At), By: ch.By, Role: model.Role(ch.Role), Via: ch.Via,
			Country: ch.Country, Capability: ch.Capability, AsOf: model.Date(ch.AsOf),
			Before: snapshot(ch.Before), After: snapshot(ch.After)}
		if ch.Sequence != nil {
			seq := int(*ch.Sequence)
			c.Sequence = &seq
		}
		conn.Nodes = append(conn.Nodes, c)
		conn.Edges = append(conn.Edges, &model.ChangeEdge{Cursor: page.Cursor(i), Node: c})
	}
	if n := len(page.Changes); n > 0 {
		a, b := page.Cursor(0), page.Cursor(n-1)
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &a, &b
	}
	return conn, nil
}

func snapshot(s *store.Snapshot) *model.AssessmentSnapshot {
	if s == nil {
		return nil
	}
	return &model.AssessmentSnapshot{Status: model.CapabilityStatus(s.Status), AsOf: model.Date(s.AsOf),
		Provenance: model.Provenance(s.Provenance), Note: s.Note, Sources: s.Sources}
}

func (r *Resolver) publish(ctx context.Context) (*model.Publication, error) {
	p := access.From(ctx)
	if !p.Allows(access.Publish) {
		return nil, &graph.Error{Code: graph.CodeForbidden, Message: p.Deny(access.Publish, "publish")}
	}
	pub, err := r.store.Publish(ctx, r.SuppressBelow, p.Label)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			// The audit outran the request's deadline; nothing was published.
			return nil, &graph.Error{Code: graph.CodeTimeout, Message: "the audit did not finish within the request timeout " +
				"(MNRGRAPH_REQUEST_TIMEOUT) and nothing was published: after changes to many capabilities, publish with `mnrgraph publish`"}
		}
		return nil, err
	}
	return publication(&pub), nil
}
