package main

import (
	"net/http"

	"github.com/mnrgraph/mnrgraph/explore"
	"github.com/mnrgraph/mnrgraph/graphiql"
)

// graphiqlHome serves the GraphiQL page at "/" with its assets embedded in the binary.
func graphiqlHome() http.Handler { return graphiql.Handler("/graphql") }

// explorePage serves the explorer page at /explore, which reads /graphql as any frontend would
// and links each of its queries to the GraphiQL page at "/".
func explorePage() http.Handler { return explore.Handler("/graphql", "/") }
