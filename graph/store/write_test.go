package store

import "testing"

func TestCommittedRangesNameTheCommittedRows(t *testing.T) {
	for _, c := range []struct {
		committed []bool
		want      string
	}{
		{[]bool{false, false}, "no rows"},
		{[]bool{true, true, false}, "rows 1-10"},
		{[]bool{true, false, true, true}, "rows 1-5 and 11-18"},
		{[]bool{false, true, false, true, false, true}, "rows 6-10, 16-20 and 26-28"},
	} {
		total := (len(c.committed)-1)*5 + 3 // the last chunk is short
		if got := committedRanges(c.committed, 5, total); got != c.want {
			t.Errorf("committedRanges(%v) = %q, want %q", c.committed, got, c.want)
		}
	}
}
