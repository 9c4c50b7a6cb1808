package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// variableValues is the gqlgen extension that names the value of a variable gqlgen could not
// coerce. gqlparser's messages name the Go kind of the value, or for a number that does not fit an
// Int, a zero: {"n": 1e308} for $n: Int is "cannot use value 0 as Int", and a number inside an input
// object is "cannot use string as Int". The message then says what was sent instead.
type variableValues struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.ResponseInterceptor
} = variableValues{}

const rawVariablesKey = "mnrgraph.variables"

func (variableValues) ExtensionName() string                          { return "VariableValues" }
func (variableValues) Validate(schema graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters keeps the variables as sent, for the message of a refusal.
func (variableValues) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if len(p.Variables) > 0 {
		graphql.GetOperationContext(ctx).Stats.SetExtension(rawVariablesKey, p.Variables)
	}
	return nil
}

// InterceptResponse rewrites gqlparser's coercion messages to name the value.
func (variableValues) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || len(resp.Errors) == 0 || !graphql.HasOperationContext(ctx) {
		return resp
	}
	raw, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(rawVariablesKey).(map[string]any)
	if raw == nil {
		return resp
	}
	for _, e := range resp.Errors {
		nameVariableValue(e, raw)
	}
	return resp
}

var cannotUse = regexp.MustCompile(`^cannot use (?:value )?\S+ as (\w+)$`)

// typeHints say what a value of a built-in scalar looks like.
var typeHints = map[string]string{
	"Int":     "an Int is a whole number, written without a fraction or an exponent",
	"Float":   "a Float is a number",
	"String":  "a String is text in double quotes",
	"Boolean": "a Boolean is true or false",
	"ID":      "an ID is a string or a whole number",
}

// nameVariableValue rewrites a coercion error of a variable (its path is "variable", the
// variable's name, then where inside the value) to show the value found at that path.
func nameVariableValue(e *gqlerror.Error, raw map[string]any) {
	m := cannotUse.FindStringSubmatch(e.Message)
	if m == nil || len(e.Path) < 2 || e.Path[0] != ast.PathName("variable") {
		return
	}
	var v any = raw
	for _, el := range e.Path[1:] {
		switch x := el.(type) {
		case ast.PathName:
			obj, ok := v.(map[string]any)
			if !ok {
				return
			}
			v = obj[string(x)]
		case ast.PathIndex:
			list, ok := v.([]any)
			if !ok || int(x) >= len(list) {
				return
			}
			v = list[int(x)]
		}
	}
	e.Message = fmt.Sprintf("cannot use %s as %s", describeValue(v), m[1])
	if hint, ok := typeHints[m[1]]; ok {
		e.Message += " (" + hint + ")"
	}
}

// describeValue shows a JSON value as it was sent, a long number or string shortened.
func describeValue(v any) string {
	switch x := v.(type) {
	case json.Number:
		return shorten(x.String())
	case string:
		return strconv.Quote(shorten(x))
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
