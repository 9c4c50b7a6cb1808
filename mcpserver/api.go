package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
)

// request is one GraphQL request as /graphql reads it.
type request struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables,omitempty"`
	OperationName string         `json:"operationName,omitempty"`
}

// answer is the API's reply to one request: its body exactly as sent, and that body read.
type answer struct {
	Body   []byte
	Data   json.RawMessage
	Errors []apiError
}

// apiError is one entry of a GraphQL errors list, with the code the API gives it.
type apiError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func (e apiError) code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// refusal is the API's first error when it answered with no data at all (a refused key, a
// document over a limit, a root field refused): the request as a whole failed.
func (a answer) refusal() *toolError {
	if len(a.Errors) == 0 || (len(a.Data) > 0 && string(a.Data) != "null") {
		return nil
	}
	return &toolError{Code: a.Errors[0].code(), Message: a.Errors[0].Message}
}

// runGraphQL sends one request to the API's handler with the caller's Authorization header
// values (none: PUBLIC) and ctx, and returns the API's answer.
func runGraphQL(ctx context.Context, api http.Handler, auth []string, r request) (answer, error) {
	body, err := json.Marshal(r)
	if err != nil {
		return answer{}, &toolError{Code: "BAD_USER_INPUT", Message: "the variables cannot be sent as JSON: " + err.Error()}
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for _, a := range auth {
		// Every value is passed on, so that the API refuses several headers as it always does.
		req.Header.Add("Authorization", a)
	}
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	ans := answer{Body: bytes.TrimSpace(rec.Body.Bytes())}
	var read struct {
		Data   json.RawMessage `json:"data"`
		Errors []apiError      `json:"errors"`
	}
	if err := json.Unmarshal(ans.Body, &read); err != nil {
		return answer{}, &toolError{Code: "INTERNAL_SERVER_ERROR", Message: fmt.Sprintf("the API's answer (HTTP %d) could not be read", rec.Code)}
	}
	ans.Data, ans.Errors = read.Data, read.Errors
	return ans, nil
}

// toolError is a failed call, worded as the API words its errors: a message and an
// extensions.code a client can act on.
type toolError struct {
	Code, Message string
}

func (e *toolError) Error() string {
	b, _ := json.Marshal(map[string]any{"errors": []apiError{{Message: e.Message, Extensions: map[string]any{"code": e.Code}}}})
	return string(b)
}
