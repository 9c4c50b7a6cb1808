package graph

import "time"

// Clock says what time it is. "As of now" means the UTC date it reads: in compiled statements
// (latest statuses), in the validation of writes (no assessment dated in the future) and in the
// publication audit. A nil Clock reads the system clock; tests give a store or a compiler a
// fixed one, so that nothing global changes.
type Clock func() time.Time

// today is the date the clock reads, in UTC, as YYYY-MM-DD.
func (c Clock) today() string {
	now := time.Now
	if c != nil {
		now = c
	}
	return now().UTC().Format(time.DateOnly)
}

// Compiler turns GraphQL selections and filters into Cypher statements as of the date its clock
// reads. The zero value uses the system clock; Store.Compiler returns one with the store's clock.
type Compiler struct {
	Clock Clock
}

// Compiler returns a compiler that reads the store's clock.
func (s *Store) Compiler() Compiler { return Compiler{Clock: s.clock} }

// Today is the date "as of now" means for this store (UTC, YYYY-MM-DD).
func (s *Store) Today() string { return s.clock.today() }
