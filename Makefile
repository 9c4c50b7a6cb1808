# The two commands: `make run` and `make test`. Everything else is a helper they call.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/mnrgraph
# The newest release under data/: the last folder holding a countries.csv, sorted by name
# (versions are YEAR.N with N below 10).
RELEASE ?= $(patsubst %/,%,$(lastword $(sort $(dir $(wildcard data/*/countries.csv)))))

.PHONY: run test build generate neo4j-start neo4j-stop neo4j-status

## run: Neo4j up (unless NEO4J_URI points elsewhere), migrate, load the release and the
## illustrative assessments (MNRGRAPH_ILLUSTRATIVE=off to skip), publish the public aggregates,
## serve on :8080
run: build
	@if [ -z "$$NEO4J_URI" ]; then scripts/neo4j.sh --instance dev start; fi
	./$(BIN) migrate
	./$(BIN) load $(RELEASE)
	@if [ "$${MNRGRAPH_ILLUSTRATIVE:-on}" != "off" ]; then ./$(BIN) illustrative; fi
	./$(BIN) publish
	@if [ -z "$$MNRGRAPH_API_KEYS_FILE" ] && [ "$${MNRGRAPH_ENV:-development}" = development ]; then \
	  ./$(BIN) dev-keys .mnrgraph && MNRGRAPH_API_KEYS_FILE=.mnrgraph/api-keys MNRGRAPH_ILLUSTRATIVE=off ./$(BIN) serve; \
	else MNRGRAPH_ILLUSTRATIVE=off ./$(BIN) serve; fi

## test: Neo4j up (a test instance of its own), generated code fresh, vet, every test
test:
	scripts/test.sh

build:
	$(GO) build -o $(BIN) .

## generate: regenerate gqlgen code after a schema change
generate:
	$(GO) tool gqlgen-mnr

neo4j-start:
	scripts/neo4j.sh --instance dev start
neo4j-stop:
	scripts/neo4j.sh --instance dev stop
neo4j-status:
	scripts/neo4j.sh --instance dev status
