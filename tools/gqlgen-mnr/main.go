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
// gqlgen defers (@defer) only the fields it resolves concurrently, so the serial call of each
// field below the root is given back its deferred path: a field inside a deferred fragment goes
// to gqlgen's deferred group, to be sent in a later part, exactly as in gqlgen's concurrent code.
//
//	go tool gqlgen-mnr
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"strings"

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
	src, n := deferSerialFields(bytes.ReplaceAll(src, from, to))
	if n == 0 {
		return fmt.Errorf("%s has no serial field call to defer: check this tool against the gqlgen version", path)
	}
	if src, err = format.Source(src); err != nil {
		return fmt.Errorf("%s after deferring serial fields: %w", path, err)
	}
	return os.WriteFile(path, src, 0o644)
}

// serialField is gqlgen's serial call of a field below the root.
var serialField = regexp.MustCompile(`^(\t+)out\.Values\[i\] = (ec\._\w+_\w+)\(ctx, field, obj\)$`)

// deferSerialFields puts before each serial field call the deferred path of gqlgen's concurrent
// code (graphql.FieldSet.ResolveConcurrently, which for a deferred field only files it with the
// object's deferred group). A non-null field is recognised by the null check gqlgen writes after
// its call. It returns the code and how many calls it changed.
func deferSerialFields(src []byte) ([]byte, int) {
	lines := strings.Split(string(src), "\n")
	out := make([]string, 0, len(lines))
	n := 0
	for i, line := range lines {
		m := serialField.FindStringSubmatch(line)
		if m == nil {
			out = append(out, line)
			continue
		}
		indent, call := m[1], m[2]
		nonNull := i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == "if out.Values[i] == graphql.Null {"
		out = append(out,
			indent+"if field.IsDeferred() {",
			fmt.Sprintf("%s\tout.ResolveConcurrently(ec.OperationContext, &deferred, i, true, %t, func(ctx context.Context) graphql.Marshaler { return %s(ctx, field, obj) })", indent, nonNull, call),
			indent+"\tcontinue",
			indent+"}",
			line)
		n++
	}
	return []byte(strings.Join(out, "\n")), n
}
