package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Lines are held until the interval passes, then written whole; Close writes the rest.
func TestBufferedLogWritesEveryLineInTime(t *testing.T) {
	var out lockedBuffer
	b := newBufferedLog(&out, 1<<10, 50*time.Millisecond)
	b.Write([]byte("one\n"))
	if !waitFor(t, 2*time.Second, func() bool { return out.String() == "one\n" }) {
		t.Fatalf("after the interval the file holds %q", out.String())
	}
	b.Write([]byte("two\n"))
	b.Close()
	if out.String() != "one\ntwo\n" {
		t.Fatalf("after Close the file holds %q", out.String())
	}
	big := newBufferedLog(&out, 16, time.Hour)
	big.Write([]byte(strings.Repeat("x", 40) + "\n"))
	if !strings.Contains(out.String(), strings.Repeat("x", 40)) {
		t.Error("a line larger than the buffer is held back")
	}
	big.Close()
}
