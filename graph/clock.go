package graph

import "time"

// Clock says what time it is. "As of now" means the UTC date it reads: in compiled statements
// (latest statuses), in the validation of writes (no assessment dated in the future) and in the
// publication audit. A nil Clock reads the system clock; tests give a store or a compiler a
// fixed one, so that nothing global changes.
type Clock func() time.Time

// Today is the date the clock reads, in UTC, as YYYY-MM-DD.
func (c Clock) Today() string {
	now := time.Now
	if c != nil {
		now = c
	}
	return now().UTC().Format(time.DateOnly)
}
