package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mnrgraph/mnrgraph/graph"
)

// PresentError is the one place errors become what clients see: graph errors keep their
// message and stable code; anything unexpected is logged and reported without internals.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		// Parse, validation and coercion errors from gqlgen: already safe and coded.
		return graphql.DefaultErrorPresenter(ctx, err)
	}
	out := graphql.DefaultErrorPresenter(ctx, err)
	var ge *graph.Error
	if errors.As(err, &ge) {
		out.Message = ge.Message
		out.Extensions = map[string]any{"code": ge.Code}
		if ge.Argument != "" {
			out.Extensions["argument"] = ge.Argument
		} else if errors.As(err, &gqlErr) && argumentOf(gqlErr) != "" {
			// A scalar refused its value while gqlgen read an argument (a date that does not exist).
			out.Extensions["argument"] = argumentOf(gqlErr)
		}
		if ge.Code == graph.CodeServiceUnavailable {
			slog.WarnContext(ctx, "graph database unavailable", "path", out.Path.String(), "cause", errors.Unwrap(ge))
		}
		return out
	}
	if errors.As(err, &gqlErr) {
		// gqlgen's own coercion of an argument or a variable (an enum value in the wrong case,
		// a value of the wrong type) failed: the caller's input, named by its path.
		out.Message = gqlErr.Message
		if p := gqlErr.Path.String(); p != "" {
			out.Message += " (at " + p + ")"
		}
		if strings.Contains(gqlErr.Message, " is not a valid ") {
			out.Message += "; enum values are written in upper case, as in the schema"
		}
		out.Extensions = map[string]any{"code": graph.CodeBadUserInput}
		if a := argumentOf(gqlErr); a != "" {
			out.Extensions["argument"] = a
		}
		return out
	}
	slog.ErrorContext(ctx, "internal error", "path", out.Path.String(), "error", err)
	out.Message = "internal error; the request was logged"
	out.Extensions = map[string]any{"code": graph.CodeInternal}
	return out
}

// Recover turns a panic in a resolver into an internal error instead of a crashed request.
func Recover(ctx context.Context, p any) error {
	slog.ErrorContext(ctx, "panic in resolver", "panic", p)
	return &graph.Error{Code: graph.CodeInternal, Message: "internal error; the request was logged"}
}

// argumentOf names the argument of an error gqlgen raised while reading arguments: its path is
// the field, then the argument and where inside it the value sits.
func argumentOf(e *gqlerror.Error) string {
	var names []string
	for _, el := range e.Path {
		switch x := el.(type) {
		case ast.PathName:
			names = append(names, string(x))
		case ast.PathIndex:
			if len(names) > 0 {
				names[len(names)-1] += fmt.Sprintf("[%d]", int(x))
			}
		}
	}
	if len(names) < 2 {
		return ""
	}
	return strings.Join(names[1:], ".")
}
