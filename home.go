package main

import (
	"net/http"

	"github.com/mnrgraph/mnrgraph/graphiql"
)

// graphiqlHome serves the GraphiQL page at "/" with its assets embedded in the binary.
func graphiqlHome() http.Handler { return graphiql.Handler("/graphql") }
