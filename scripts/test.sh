#!/usr/bin/env bash
# The test command (`make test`): every check and every test, against a real Neo4j.
# Without NEO4J_URI it starts the project's own test instance (bolt://127.0.0.1:7688, data of
# its own, never the one `make run` serves) and stops it afterwards if it was not running before.
set -euo pipefail
cd "$(dirname "$0")/.."

# quietly CMD...: runs CMD with its output held back, and prints that output only if CMD fails, so
# a passing run fits on one screen and a failing step still shows everything it said.
quietly() {
  local out status=0
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || status=$?
  if (( status != 0 )); then cat "$out" >&2; fi
  rm -f "$out"
  return "$status"
}

echo "== generated code is fresh"
generated=(resolvers/generated/exec.go resolvers/model/models_gen.go resolvers/*.resolvers.go)
before="$(cat "${generated[@]}" | sha256sum)"
# gqlgen logs a line for every field it binds to a resolver method (about a hundred, all expected).
quietly go tool gqlgen-mnr
after="$(cat resolvers/generated/exec.go resolvers/model/models_gen.go resolvers/*.resolvers.go | sha256sum)"
if [[ "$before" != "$after" ]]; then
  echo "FAIL: regenerating changed the gqlgen output; the committed generated code was stale." >&2
  echo "      It is regenerated now: review and commit it (git diff resolvers/)." >&2
  exit 1
fi

echo "== tools the tests drive"
if [[ ! -d scripts/audit/node_modules/graphql-http || ! -d scripts/audit/node_modules/@apollo/client ]]; then
  command -v npm >/dev/null || { echo "npm is required for the GraphQL-over-HTTP audit (install nodejs and npm)" >&2; exit 1; }
  npm ci --prefix scripts/audit --no-audit --no-fund --silent
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "installing Debian's chromium for the browser test"
  if [[ $(id -u) -eq 0 ]]; then (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
  else (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); fi
fi

echo "== gofmt and go vet"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then echo "FAIL: gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...

if [[ -z "${NEO4J_URI:-}" ]]; then
  echo "== Neo4j test instance"
  started=0
  scripts/neo4j.sh --instance test status >/dev/null 2>&1 || started=1
  scripts/neo4j.sh --instance test start
  if (( started )); then trap 'scripts/neo4j.sh --instance test stop' EXIT; fi
  export NEO4J_URI="$(scripts/neo4j.sh --instance test uri)"
  export NEO4J_USER=neo4j
  export NEO4J_PASSWORD="$(scripts/neo4j.sh --instance test password)"
  export NEO4J_DATABASE=neo4j
  export MNRGRAPH_TEST_RESET=yes
  export MNRGRAPH_TEST_NEO4J_CTL="scripts/neo4j.sh --instance test"
fi

echo "== tests (against $NEO4J_URI)"
go test -p 1 -count=1 ./...
