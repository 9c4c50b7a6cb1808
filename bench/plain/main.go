// Command plain is the machine's limit for an HTTP answer: a Go server that writes one file's
// bytes, with its content type, to every request, doing nothing else. bench/run.sh --http compares
// MNR Graph's cached GET with it.
//
//	plain -addr 127.0.0.1:8091 -file answer.json -type application/json
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "where to listen")
	file := flag.String("file", "", "the bytes to answer with")
	typ := flag.String("type", "application/json", "their content type")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", *typ)
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(body)
	})))
}
