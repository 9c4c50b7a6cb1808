package model

import (
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mnrgraph/mnrgraph/graph"
)

// Date is an ISO 8601 calendar date ("2021-03-31"), validated on input.
type Date string

// DateTime is an RFC 3339 timestamp.
type DateTime string

func MarshalDate(d Date) graphql.Marshaler { return graphql.MarshalString(string(d)) }

func UnmarshalDate(v any) (Date, error) {
	s, ok := v.(string)
	if !ok {
		return "", graph.BadInput("", "a Date must be a string like \"2021-03-31\", got %T", v)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", graph.BadInput("", "%q is not a calendar date in the form YYYY-MM-DD", s)
	}
	return Date(s), nil
}

func MarshalDateTime(d DateTime) graphql.Marshaler { return graphql.MarshalString(string(d)) }

func UnmarshalDateTime(v any) (DateTime, error) {
	s, ok := v.(string)
	if !ok {
		return "", graph.BadInput("", "a DateTime must be an RFC 3339 string, got %T", v)
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return "", graph.BadInput("", "%q is not an RFC 3339 timestamp", s)
	}
	return DateTime(s), nil
}
