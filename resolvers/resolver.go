// Package resolvers holds everything that knows gqlgen: the resolvers, the translation of a
// request's selection into cypher.Field trees, and the error presenter. Resolvers are thin: each
// root field compiles its whole selection into one statement (package graph/cypher) and every other
// field reads its value from the row that statement returned.
//
// It owns the generated executable schema (resolvers/generated, resolvers/model). It does not
// import the Neo4j driver: it reaches the database only through package graph/store.
package resolvers

//go:generate go tool gqlgen-mnr

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mnrgraph/mnrgraph/graph/cypher"
	"github.com/mnrgraph/mnrgraph/graph/store"
	"github.com/mnrgraph/mnrgraph/resolvers/generated"
)

// Resolver is the root of the resolver tree.
type Resolver struct {
	store *store.Store
	// compiler compiles root fields; it reads the store's clock (golden tests give it a fixed one).
	compiler cypher.Compiler
	schema   *ast.Schema
	Options
}

// Options are the settings the resolvers need from the configuration.
type Options struct {
	APIVersion string
	// SuppressBelow is the small-cell threshold for aggregates public callers see.
	SuppressBelow int
	// Production refuses illustrative (synthetic) writes.
	Production bool
}

// NewSchema wires the resolvers to a store and returns the executable schema.
func NewSchema(store *store.Store, opts Options) graphql.ExecutableSchema {
	if opts.SuppressBelow <= 0 {
		opts.SuppressBelow = 5
	}
	r := &Resolver{store: store, Options: opts}
	if store != nil {
		r.compiler = store.Compiler()
	}
	es := generated.NewExecutableSchema(generated.Config{Resolvers: r})
	r.schema = es.Schema()
	return es
}
