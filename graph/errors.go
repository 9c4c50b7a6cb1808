package graph

import (
	"errors"
	"fmt"
)

// Error codes are the stable extensions.code values clients see. The catalogue is in the README.
const (
	CodeBadUserInput       = "BAD_USER_INPUT"
	CodeNotFound           = "NOT_FOUND"
	CodeServiceUnavailable = "SERVICE_UNAVAILABLE"
	CodeForbidden          = "FORBIDDEN"
	CodeTimeout            = "REQUEST_TIMEOUT"
	CodeInternal           = "INTERNAL_SERVER_ERROR"
	CodeTooLarge           = "TRANSACTION_TOO_LARGE"
	CodeConflict           = "CONFLICT"
	CodeNotPublished       = "NOT_PUBLISHED"
)

// Error is an error a caller can act on: its message is safe to show and Code is stable.
type Error struct {
	Code    string
	Message string
	// Argument names the input the error is about, when there is one (e.g. "where.partyTo").
	Argument string
	// Cause is the failure behind the error, for logs; it is never shown to clients.
	Cause error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Cause }

// BadInput reports an argument value the API cannot use.
func BadInput(argument, format string, args ...any) *Error {
	return &Error{Code: CodeBadUserInput, Argument: argument, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports a key or id that names nothing in the graph.
func NotFound(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// ErrUnavailable is returned (wrapped) when Neo4j cannot be reached or did not answer in time.
var ErrUnavailable = &Error{Code: CodeServiceUnavailable, Message: "the graph database is unavailable; try again shortly"}

// CodeOf returns the stable code of err, or "" when err carries none.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
