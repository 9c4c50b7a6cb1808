package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// bufferedLog batches log lines: one write to the log's file every interval (or when the buffer
// fills) instead of one per line. A server logs a line per request, and at thousands of cached
// answers a second the write per line was the largest single cost after the network. A line
// reaches the file at most interval late; Close writes what is left.
type bufferedLog struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newBufferedLog(w io.Writer, size int, interval time.Duration) *bufferedLog {
	b := &bufferedLog{w: bufio.NewWriterSize(w, size), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				b.flush()
			case <-b.stop:
				b.flush()
				return
			}
		}
	}()
	return b
}

// Write adds whole log lines (slog writes one line per call).
func (b *bufferedLog) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *bufferedLog) flush() {
	b.mu.Lock()
	_ = b.w.Flush()
	b.mu.Unlock()
}

// Close stops the timer and writes what is buffered.
func (b *bufferedLog) Close() {
	close(b.stop)
	<-b.done
}
