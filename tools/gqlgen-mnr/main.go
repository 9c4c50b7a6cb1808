// Command gqlgen-mnr is `gqlgen generate` (it reads gqlgen.yml) with one change to the generated
// executor: below the root, fields and list elements resolve one after the other in the request's
// goroutine instead of one goroutine each.
//
// Why: every root field is compiled to one Cypher statement whose row already holds the whole
// answer, so below the root there is no I/O left to overlap, only goroutine start-up and stack
// growth. Measured on the benchmark machine (CPU time of the server per request, same load): 3-8 %
// less for small answers, 20-30 % less for a country with its assessments and peers. Root fields
// keep running concurrently (each is its own statement).
//
// How: a gqlgen plugin marks every non-root object as non-concurrent (a switch gqlgen has but only
// sets for Mutation), and the generated file's calls to graphql.MarshalSliceConcurrently are
// pointed at marshalSliceInOrder (resolvers/generated/inorder.go), which has the same signature.
//
//	go tool gqlgen-mnr
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

type serialBelowRoot struct{}

func (serialBelowRoot) Name() string { return "serial-below-root" }

func (serialBelowRoot) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen-mnr:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	if err := api.Generate(cfg, api.AddPlugin(serialBelowRoot{})); err != nil {
		return err
	}
	path := cfg.Exec.Filename
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	from, to := []byte("graphql.MarshalSliceConcurrently("), []byte("marshalSliceInOrder(")
	if !bytes.Contains(src, from) {
		return fmt.Errorf("%s no longer calls graphql.MarshalSliceConcurrently: check this tool against the gqlgen version", path)
	}
	return os.WriteFile(path, bytes.ReplaceAll(src, from, to), 0o644)
}
