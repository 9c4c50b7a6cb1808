package generated

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

func TestMarshalSliceInOrderKeepsOrderIndexesAndRecoversPanics(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	var seen []int
	got := marshalSliceInOrder(ctx, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		seen = append(seen, *graphql.GetFieldContext(ctx).Index)
		if i == 2 {
			panic("boom")
		}
		return graphql.MarshalInt(i * 10)
	})
	if len(seen) != 4 || seen[0] != 0 || seen[1] != 1 || seen[2] != 2 || seen[3] != 3 {
		t.Fatalf("elements ran in order %v with their own index; want 0 1 2 3", seen)
	}
	if got[2] != graphql.Null {
		t.Errorf("a panicking element marshals to null, got %v", got[2])
	}
	if got[3] == graphql.Null || got[0] == graphql.Null {
		t.Errorf("the other elements still resolve: %v", got)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Errorf("want one error for the panic, got %v", errs)
	}
}
