package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// persistedQueries is gqlgen's automatic persisted queries with its refusals coded. A hash the
// server has not seen keeps gqlgen's PERSISTED_QUERY_NOT_FOUND and HTTP 200, which is what Apollo
// clients answer by sending the query with its hash; anything else wrong with the extension (a
// hash that does not match the query, another version, a malformed extension) is the client's
// mistake, which gqlgen reports without a code: it becomes BAD_REQUEST, HTTP 400.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = persistedQueries{}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err == nil || err.Extensions["code"] != nil {
		return err
	}
	err.Message += ": send the query with the sha256 hash of its text, as extensions.persistedQuery {version: 1, sha256Hash}"
	errcode.Set(err, CodeBadRequest)
	return err
}
