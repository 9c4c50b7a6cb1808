#!/usr/bin/env bash
# bench/run.sh — MNR Graph against its peer (@neo4j/graphql 7) and its floor (hand-written Cypher
# with the Go driver), at the report's size (42 countries) and at world scale (5,000 jurisdictions,
# a synthetic world), in one run on one machine. See BENCHMARKS.md for the method.
#
#   bench/run.sh           full run (about 30 minutes), results in bench/results/<date>-<host>.md
#   bench/run.sh --quick   smoke run: short durations, a 600-jurisdiction world (a few minutes)
#   bench/run.sh --cold    first answers only (bench/cold): results in bench/results/<date>-<host>-cold.json
#   bench/run.sh --http    HTTP caching and compression only: results in bench/results/<date>-<host>-http.json
#
# It uses only the `bench` Neo4j instance (bolt://127.0.0.1:7689) and EMPTIES ITS DATABASE first.
# Env: BENCH_NEO4J_HEAP (6g), BENCH_NEO4J_TX_MAX (2g: the most one transaction may hold), BENCH_NEO4J_PAGECACHE
# (2g), BENCH_CONC (16 closed-loop workers), BENCH_MNR_PORT (8090), BENCH_PEER_PORT (4000).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QUICK=0
COLD_ONLY=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
[[ "${1:-}" == "--cold" ]] && COLD_ONLY=1
HTTP_ONLY=0
[[ "${1:-}" == "--http" ]] && HTTP_ONLY=1

WORK=bench/.work
BIN=$WORK/bin
RAW=$WORK/raw
mkdir -p "$BIN" "$WORK/world" bench/results
# BENCH_SKIP_42=yes keeps the figures at 42 countries of the previous run (to redo the world scale only).
if [[ "${BENCH_SKIP_42:-}" == yes ]]; then mkdir -p "$RAW"; else rm -rf "$RAW" "$WORK/answers"; mkdir -p "$RAW"; fi

CONC=${BENCH_CONC:-16}
IMPORT_PARALLEL=${BENCH_IMPORT_PARALLEL:-$(nproc)}
MNR_PORT=${BENCH_MNR_PORT:-8090}
PEER_PORT=${BENCH_PEER_PORT:-4000}
MNR_URL=http://127.0.0.1:$MNR_PORT/graphql
PEER_URL=http://127.0.0.1:$PEER_PORT/graphql
if (( QUICK )); then
  WARM=1s; CLOSED=2s; SERIAL=2s; OPEN=2s; WORLD_TOTAL=600; ROWS=1000000; CHUNK=50000; WARMUP_ROUNDS=1
else
  WARM=5s; CLOSED=10s; SERIAL=5s; OPEN=10s; WORLD_TOTAL=5000; ROWS=1000000; CHUNK=50000; WARMUP_ROUNDS=3
fi

# Cores: the database and the servers on core 0, the load generator (and the floor, which is a
# client talking to Neo4j directly) on core 1. With one core nothing is pinned.
if (( $(nproc) >= 2 )); then SERVER_CPUS=0; LOAD_CPUS=1; PIN=yes; else SERVER_CPUS=0; LOAD_CPUS=0; PIN=no; fi
on_server() { if [[ $PIN == yes ]]; then taskset -c "$SERVER_CPUS" "$@"; else "$@"; fi; }
on_load() { if [[ $PIN == yes ]]; then taskset -c "$LOAD_CPUS" "$@"; else "$@"; fi; }

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RAW/run.log" >&2; }
log "bench/run.sh $* (quick=$QUICK)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ "${BENCH_KEEP_NEO4J:-}" != yes ]]; then scripts/neo4j.sh --instance bench stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
log "tools"
go build -o "$BIN/mnrgraph" . 
for t in floor check world report cold plain; do go build -o "$BIN/$t" "./bench/$t"; done
[[ -x $BIN/vegeta ]] || GOBIN="$ROOT/$BIN" go install github.com/tsenart/vegeta/v12@v12.13.0
[[ -d bench/peer/node_modules/@neo4j/graphql ]] || (cd bench/peer && npm ci --no-audit --no-fund)
mkdir -p .neo4j/bench/plugins
if ! compgen -G ".neo4j/bench/plugins/apoc-core-*.jar" >/dev/null; then
  # APOC core (+ apoc-common and its runtime jars) for the peer; Neo4j already ships commons-* and asm.
  mvn -q -B -f bench/apoc/pom.xml dependency:copy-dependencies -DoutputDirectory="$ROOT/$WORK/apoc" -DincludeScope=runtime \
    -DexcludeGroupIds=org.apache.commons,commons-beanutils,commons-logging,commons-collections,org.slf4j,org.ow2.asm
  cp "$WORK"/apoc/*.jar .neo4j/bench/plugins/
fi

# ---------------------------------------------------------------------------------------------
log "neo4j (bench): fresh database"
scripts/neo4j.sh --instance bench stop >/dev/null
# Empty the bench database (keeps the system database, so the password stays valid).
rm -rf .neo4j/bench/data/databases/neo4j .neo4j/bench/data/transactions/neo4j
NEO4J_HEAP=${BENCH_NEO4J_HEAP:-6g} NEO4J_TX_MAX=${BENCH_NEO4J_TX_MAX:-2g} NEO4J_PAGECACHE=${BENCH_NEO4J_PAGECACHE:-2g} \
  scripts/neo4j.sh --instance bench start >&2
NEO4J_PID=$(tr -dc '0-9' < .neo4j/bench/run/neo4j.pid)
pin_neo4j() { [[ $PIN == yes ]] && taskset -a -cp "$1" "$NEO4J_PID" >/dev/null; return 0; }
pin_neo4j "$SERVER_CPUS"
export NEO4J_URI=bolt://127.0.0.1:7689 NEO4J_USER=neo4j NEO4J_PASSWORD="$(scripts/neo4j.sh --instance bench password)"
for i in $(seq 1 60); do "$BIN/floor" cypher 'RETURN 1' >/dev/null 2>&1 && break; sleep 1; done

log "load: migrate, data/2022.1, illustrative assessments"
"$BIN/mnrgraph" migrate
"$BIN/mnrgraph" load data/2022.1 >&2
"$BIN/mnrgraph" illustrative >&2

# An ANALYST key for the run (the file keeps only its hash).
KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s' "$KEY" > "$WORK/api-key"
echo "ANALYST $(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1) bench" > "$WORK/api-keys"

log "servers: MNR Graph on :$MNR_PORT, the peer on :$PEER_PORT (both on core $SERVER_CPUS)"
# Timeouts raised to 300s: at world scale some answers take seconds under load and the
# peer has no timeout; errors would otherwise replace latencies.
MNRGRAPH_ADDR=127.0.0.1:$MNR_PORT MNRGRAPH_API_KEYS_FILE=$WORK/api-keys MNRGRAPH_ENV=development \
  MNRGRAPH_REQUEST_TIMEOUT=300s NEO4J_QUERY_TIMEOUT=300s \
  taskset -c "$SERVER_CPUS" "$BIN/mnrgraph" serve > "$RAW/mnr.log" 2>&1 &
PIDS+=($!)
(cd bench/peer && NODE_ENV=production PORT=$PEER_PORT exec taskset -c "$SERVER_CPUS" node server.mjs) > "$RAW/peer.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$MNR_PORT/readyz" >/dev/null 2>&1 && grep -q ready "$RAW/peer.log" && break
  sleep 1
done
curl -sf "http://127.0.0.1:$MNR_PORT/readyz" >&2 || { log "MNR Graph is not ready"; exit 1; }
grep -q ready "$RAW/peer.log" || { log "the peer is not ready"; cat "$RAW/peer.log" >&2; exit 1; }
echo >&2

# ---------------------------------------------------------------------------------------------
# Measurement helpers. Results are vegeta JSON reports (the floor writes the same fields).
targets() { # who -> vegeta JSON targets file
  local who=$1 q=$2 url hdr
  if [[ $who == mnr ]]; then url=$MNR_URL; hdr="{\"Content-Type\":[\"application/json\"],\"Authorization\":[\"Bearer $KEY\"]}"
  else url=$PEER_URL; hdr='{"Content-Type":["application/json"]}'; fi
  printf '{"method":"POST","url":"%s","header":%s,"body":"%s"}\n' "$url" "$hdr" "$(base64 -w0 "$WORK/bodies/$q.$who.json")" \
    > "$WORK/bodies/$q.$who.targets"
  echo "$WORK/bodies/$q.$who.targets"
}
attack() { # who q mode(arg) out : mode = closed N | serial | open RATE | warm
  local who=$1 q=$2 mode=$3 arg=${4:-} out=$5 t
  if [[ $who == floor ]]; then
    case $mode in
      closed) on_load "$BIN/floor" measure -q "$q" -c "$arg" -d "$CLOSED" > "$out" ;;
      serial) on_load "$BIN/floor" measure -q "$q" -c 1 -d "$SERIAL" > "$out" ;;
      open)   on_load "$BIN/floor" measure -q "$q" -rate "$arg" -d "$DUR_OPEN" > "$out" ;;
      warm)   on_load "$BIN/floor" measure -q "$q" -c "$CONC" -d "$WARM" > /dev/null ;;
      warm1)  on_load "$BIN/floor" answer -q "$q" > /dev/null ;;
    esac
    return
  fi
  t=$(targets "$who" "$q")
  case $mode in
    closed) on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers="$arg" -workers="$arg" -duration="$CLOSED" -timeout=300s ;;
    serial) on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers=1 -workers=1 -duration="$SERIAL" -timeout=300s ;;
    open)   on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate="$arg/s" -duration="$DUR_OPEN" -timeout=300s ;;
    warm)   on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers="$CONC" -workers="$CONC" -duration="$WARM" -timeout=300s ;;
    warm1)  on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers=1 -workers=1 -duration=1ms -timeout=300s ;;
  esac | on_load "$BIN/vegeta" report -type=json > "${out:-/dev/null}"
}
thr() { jq -r '.throughput' "$1"; }
median_run() { # files... -> the report whose throughput is the median
  local f
  for f in "$@"; do printf '%s %s\n' "$(jq -r '.throughput' "$f")" "$f"; done | sort -g | sed -n "$(( ($# + 1) / 2 ))p" | cut -d' ' -f2- | xargs cat
}
# Open-loop rates: 25% and 60% of the slower contender's closed-loop throughput (at least 1/s), so
# that every contender is measured at the same rates, below saturation.
rates_for() { python3 -c "import sys; t=min(float(sys.argv[1]), float(sys.argv[2])); print(max(1, round(0.25*t)), max(1, round(0.60*t)))" "$1" "$2"; }

# Neo4j's JIT keeps speeding up for minutes after a start (BENCHMARKS.md, Warm-up), so before
# anything is measured every question is run against every contender, round after round; otherwise
# whoever is measured first pays for the warm-up.
warm_up() { # rounds, questions...
  local rounds=$1 r q who; shift
  for r in $(seq 1 "$rounds"); do
    log "JVM warm-up, round $r of $rounds: $* x (mnr peer floor), $WARM each"
    for q in "$@"; do for who in mnr peer floor; do attack "$who" "$q" warm "" ""; done; done
  done
}

measure_scale() { # scale-label, rate set (both|low)
  local scale=$1 which=$2 q who lo hi p50
  mkdir -p "$RAW/$scale"
  for q in a b c d e; do
    for who in mnr peer floor; do
      if [[ $which == both ]]; then
        log "[$scale] ($q) $who: warm-up $WARM, serial $SERIAL"
        attack "$who" "$q" warm "" ""
        attack "$who" "$q" serial "" "$RAW/$scale/$q.$who.serial.json"
      else
        # World scale: one warm-up request, serial latency first; the closed loop only when one
        # answer takes under 2 s (16 concurrent multi-second answers on one core would run for minutes).
        log "[$scale] ($q) $who: one warm-up request, serial $SERIAL"
        attack "$who" "$q" warm1 "" ""
        attack "$who" "$q" serial "" "$RAW/$scale/$q.$who.serial.json"
        p50=$(jq -r '.latencies["50th"] / 1e6 | floor' "$RAW/$scale/$q.$who.serial.json")
        if (( p50 < 2000 )); then
          log "[$scale] ($q) $who: closed loop c=$CONC $CLOSED"
          attack "$who" "$q" closed "$CONC" "$RAW/$scale/$q.$who.closed.json"
        else
          log "[$scale] ($q) $who: serial p50 ${p50} ms: no closed or open loop"
        fi
      fi
    done
    if [[ $which == both ]]; then
      # Closed loops interleaved: three rounds of MNR Graph, the peer and the floor back to back, so
      # that drift of the machine hits every contender alike; each contender's figure is its median
      # round.
      for r in 1 2 3; do
        for who in mnr peer floor; do
          log "[$scale] ($q) $who: closed loop c=$CONC $CLOSED (round $r of 3)"
          attack "$who" "$q" closed "$CONC" "$RAW/$scale/$q.$who.closed-$r.json"
        done
      done
      for who in mnr peer floor; do
        median_run "$RAW/$scale/$q.$who.closed-"{1,2,3}.json > "$RAW/$scale/$q.$who.closed.json"
      done
    fi
    local tm tp
    tm=$(jq -r '.throughput' "$RAW/$scale/$q.mnr.closed.json" 2>/dev/null || echo 0)
    tp=$(jq -r '.throughput' "$RAW/$scale/$q.peer.closed.json" 2>/dev/null || echo 0)
    [[ -f "$RAW/$scale/$q.mnr.closed.json" ]] || tm=$tp
    [[ -f "$RAW/$scale/$q.peer.closed.json" ]] || tp=$tm
    read -r lo hi < <(rates_for "$tm" "$tp")
    [[ $which == low ]] && hi=""
    if [[ $tm == 0 ]]; then lo=""; hi=""; fi
    echo "{\"low\": ${lo:-null}, \"high\": ${hi:-null}}" > "$RAW/$scale/$q.rates.json"
    for r in $lo $hi; do
      for who in mnr peer floor; do
        [[ $which == low && ! -f "$RAW/$scale/$q.$who.closed.json" ]] && continue
        log "[$scale] ($q) $who: open loop $r/s for $DUR_OPEN"
        attack "$who" "$q" open "$r" "$RAW/$scale/$q.$who.open-$r.json"
      done
    done
  done
}

# ---------------------------------------------------------------------------------------------
log "answers at 42 countries: MNR Graph, the peer and the floor must agree"
"$BIN/check" -mnr "$MNR_URL" -peer "$PEER_URL" -key "$WORK/api-key" -out "$WORK/answers/42" -bodies "$WORK/bodies" | tee "$RAW/check-42.txt" >&2
DUR_OPEN=$OPEN
# First answers: shapes never asked before, on warm servers (bench/cold clears Neo4j's query caches
# at the start of each round; a plan an earlier shape left may serve a later one).
cold_shapes() {
  log "first answers: cold shapes, MNR Graph and the peer"
  on_load "$BIN/cold" -mnr "$MNR_URL" -key "$KEY" -peer "$PEER_URL" > "$RAW/cold.json"
  log "cold: $(jq -c '{mnr_examples: {shapes: .mnr_examples.shapes, p50_ms: .mnr_examples.p50_ms, p95_ms: .mnr_examples.p95_ms}, mnr_paired: {p50_ms: .mnr_paired.p50_ms, p95_ms: .mnr_paired.p95_ms}, peer_paired: {p50_ms: .peer_paired.p50_ms, p95_ms: .peer_paired.p95_ms}}' "$RAW/cold.json")"
}
# HTTP: a public GET answered from MNR Graph's cache, against the same query by POST (never cached:
# the uncached path), the peer by GET, and a plain Go server writing the same bytes (bench/plain);
# then the wire size of two large answers with and without compression.
http_cache() {
  log "HTTP: cached GET, uncached POST, the peer, a plain server; wire sizes"
  local q=d out=$RAW/http port=${BENCH_PLAIN_PORT:-8091} mq pq who t
  mkdir -p "$out"
  mq=$(jq -r '.query|@uri' "$WORK/bodies/$q.mnr.json"); pq=$(jq -r '.query|@uri' "$WORK/bodies/$q.peer.json")
  curl -sf "$MNR_URL?query=$mq" -o "$out/answer.json"
  on_server "$BIN/plain" -addr "127.0.0.1:$port" -file "$out/answer.json" -type "application/graphql-response+json" &
  PIDS+=($!)
  sleep 1
  printf '{"method":"GET","url":"%s?query=%s"}\n' "$MNR_URL" "$mq" > "$out/mnr-get.targets"
  printf '{"method":"POST","url":"%s","header":{"Content-Type":["application/json"]},"body":"%s"}\n' "$MNR_URL" \
    "$(jq -c '{query}' "$WORK/bodies/$q.mnr.json" | base64 -w0)" > "$out/mnr-post.targets"
  printf '{"method":"GET","url":"%s?query=%s","header":{"apollo-require-preflight":["true"]}}\n' "$PEER_URL" "$pq" > "$out/peer-get.targets"
  printf '{"method":"GET","url":"http://127.0.0.1:%s/graphql"}\n' "$port" > "$out/plain.targets"
  for who in mnr-get mnr-post peer-get plain; do
    t=$out/$who.targets
    on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers="$CONC" -workers="$CONC" -duration="$WARM" -timeout=60s > /dev/null
    on_load "$BIN/vegeta" attack -format=json -targets="$t" -rate=0 -max-workers="$CONC" -workers="$CONC" -duration="$CLOSED" -timeout=60s |
      on_load "$BIN/vegeta" report -type=json > "$out/$who.json"
    log "$who: $(jq -r '.throughput|floor' "$out/$who.json") answers/s, success $(jq -r '.success' "$out/$who.json")"
  done
  # Wire sizes, as an ANALYST: live coverage of every capability by income group, and every
  # country's assessments.
  local cov='{ coverage(by: INCOME_GROUP) { capability { number key } value total inPlace partial absent notAssessed } }'
  local asm='{ countries(first: 100) { nodes { iso3 assessments { capability { key } status asOf provenance citations { source { key } locator } } } } }'
  local name doc enc
  for name in coverage assessments; do
    [[ $name == coverage ]] && doc=$cov || doc=$asm
    for enc in identity gzip zstd; do
      curl -sf -H "Authorization: Bearer $KEY" -H "Accept-Encoding: $enc" -G --data-urlencode "query=$doc" "$MNR_URL" -o "$out/$name.$enc"
      grep -q '"errors"' "$out/$name.$enc" && { log "wire sizes: $name answered with errors"; head -c 300 "$out/$name.$enc" >&2; exit 1; }
      printf '%s\n' "$(wc -c < "$out/$name.$enc")" > "$out/$name.$enc.bytes"
    done
  done
  jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg host "$(hostname)" --arg nproc "$(nproc)" --arg conc "$CONC" --arg dur "$CLOSED" \
    --slurpfile get "$out/mnr-get.json" --slurpfile post "$out/mnr-post.json" --slurpfile peer "$out/peer-get.json" --slurpfile plain "$out/plain.json" \
    --arg cov_id "$(cat "$out/coverage.identity.bytes")" --arg cov_gz "$(cat "$out/coverage.gzip.bytes")" --arg cov_zs "$(cat "$out/coverage.zstd.bytes")" \
    --arg asm_id "$(cat "$out/assessments.identity.bytes")" --arg asm_gz "$(cat "$out/assessments.gzip.bytes")" --arg asm_zs "$(cat "$out/assessments.zstd.bytes")" \
    '{date: $date, host: $host, nproc: ($nproc|tonumber), workers: ($conc|tonumber), duration: $dur, question: "d (search, PUBLIC)",
      throughput: {mnr_cached_get: $get[0].throughput, mnr_uncached_post: $post[0].throughput, peer_get: $peer[0].throughput, plain_go: $plain[0].throughput},
      p50_ms: {mnr_cached_get: ($get[0].latencies["50th"]/1e6), mnr_uncached_post: ($post[0].latencies["50th"]/1e6), peer_get: ($peer[0].latencies["50th"]/1e6), plain_go: ($plain[0].latencies["50th"]/1e6)},
      success: {mnr_cached_get: $get[0].success, mnr_uncached_post: $post[0].success, peer_get: $peer[0].success, plain_go: $plain[0].success},
      wire_bytes: {coverage: {identity: ($cov_id|tonumber), gzip: ($cov_gz|tonumber), zstd: ($cov_zs|tonumber)},
                   assessments: {identity: ($asm_id|tonumber), gzip: ($asm_gz|tonumber), zstd: ($asm_zs|tonumber)}}}' > "$RAW/http.json"
  log "http: $(jq -c '.throughput' "$RAW/http.json")"
}
if (( HTTP_ONLY )); then
  http_cache
  cp "$RAW/http.json" "bench/results/$(date -u +%Y-%m-%d)-$(hostname)-http.json"
  log "results: bench/results/$(date -u +%Y-%m-%d)-$(hostname)-http.json"
  exit 0
fi
if (( COLD_ONLY )); then
  warm_up 1 a b c d e
  cold_shapes
  cp "$RAW/cold.json" "bench/results/$(date -u +%Y-%m-%d)-$(hostname)-cold.json"
  log "results: bench/results/$(date -u +%Y-%m-%d)-$(hostname)-cold.json"
  exit 0
fi
if [[ "${BENCH_SKIP_42:-}" != yes ]]; then
  warm_up "$WARMUP_ROUNDS" a b c d e
  measure_scale 42 both
  cold_shapes
  http_cache
fi

# ---------------------------------------------------------------------------------------------
log "synthetic world: $WORLD_TOTAL jurisdictions"
"$BIN/world" create -total "$WORLD_TOTAL" -rows "$ROWS" -csv "$WORK/world/assessments.csv" | tee "$RAW/world.json" >&2
ROWS_WRITTEN=$(jq -r .assessment_rows "$RAW/world.json")

# Import. First the whole file in one transaction, as `mnrgraph import` does by default: a million
# rows need far more transaction memory than the bench instance allows one transaction
# (BENCH_NEO4J_TX_MAX), so it is expected to be refused with TRANSACTION_TOO_LARGE, quickly and with
# nothing written. Then the same file with --commit-every (the measured figure), and the machine's
# ceiling (`floor ceiling`: what this Neo4j takes in at best, whatever the importer). Neo4j gets
# both cores (it is alone then).
pin_neo4j 0,1
log "import: $ROWS_WRITTEN rows in one transaction (mnrgraph import)"
start=$(date +%s.%N)
set +e
"$BIN/mnrgraph" import --as bench-world "$WORK/world/assessments.csv" > "$RAW/import-single.log" 2>&1
rc=$?
set -e
end=$(date +%s.%N)
last=$(grep -o 'written [0-9]*' "$RAW/import-single.log" | tail -1 | grep -o '[0-9]*' || echo 0)
jq -n --argjson rows "$ROWS_WRITTEN" --argjson rc "$rc" --argjson s "$(awk "BEGIN {print $end - $start}")" --argjson sent "${last:-0}" \
  --arg msg "$(tail -1 "$RAW/import-single.log")" \
  '{rows: $rows, ok: ($rc == 0), seconds: $s, rows_sent_before_end: $sent, rows_per_s: (if $rc == 0 then $rows / $s else null end), last_line: $msg}' \
  > "$RAW/import-single.json"
log "single-transaction import: $(jq -c . "$RAW/import-single.json")"
if (( rc != 0 )); then
  # One transaction per core writing at once (--parallel), as an operator on this machine would.
  log "import with --commit-every $CHUNK --parallel $IMPORT_PARALLEL"
  start=$(date +%s.%N)
  "$BIN/mnrgraph" import --as bench-world --commit-every "$CHUNK" --parallel "$IMPORT_PARALLEL" "$WORK/world/assessments.csv" > "$RAW/import-chunks.log"
  end=$(date +%s.%N)
  jq -n --argjson rows "$ROWS_WRITTEN" --argjson s "$(awk "BEGIN {print $end - $start}")" --argjson chunk "$CHUNK" --argjson parallel "$IMPORT_PARALLEL" \
    '{rows: $rows, chunk: $chunk, parallel: $parallel, seconds: $s, rows_per_s: ($rows / $s)}' > "$RAW/import-chunks.json"
  log "chunked import: $(jq -c . "$RAW/import-chunks.json")"
fi
log "import ceiling of this machine (floor ceiling)"
"$BIN/floor" ceiling -rows 200000 "$WORK/world/assessments.csv" > "$RAW/import-ceiling.json"
log "ceiling: $(jq -c . "$RAW/import-ceiling.json")"
pin_neo4j "$SERVER_CPUS"

# At world scale a contender may fail to answer within its limits (300 s for both here); that is
# reported, and the answers that come must still agree.
log "answers at $WORLD_TOTAL jurisdictions"
"$BIN/check" -tolerate-failures -mnr "$MNR_URL" -peer "$PEER_URL" -key "$WORK/api-key" -out "$WORK/answers/$WORLD_TOTAL" | tee "$RAW/check-$WORLD_TOTAL.txt" >&2
DUR_OPEN=$OPEN
warm_up 1 a d e
measure_scale "$WORLD_TOTAL" low

# ---------------------------------------------------------------------------------------------
log "environment and report"
NEO4J_VERSION=$("$BIN/floor" cypher 'CALL dbms.components() YIELD versions RETURN versions[0] AS v' | jq -r .v)
APOC_VERSION=$("$BIN/floor" cypher 'RETURN apoc.version() AS v' | jq -r .v)
jq -n \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg host "$(hostname)" --arg nproc "$(nproc)" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  --arg mem "$(free -g | awk '/Mem:/ {print $2 " GiB"}')" --arg kernel "$(uname -r)" \
  --arg go "$(go version | awk '{print $3}')" --arg node "$(node --version)" --arg neo4j "$NEO4J_VERSION" --arg apoc "$APOC_VERSION" \
  --arg gqlgen "$(awk '/99designs\/gqlgen v/ {print $2; exit}' go.mod)" \
  --arg driver "$(awk '/neo4j-go-driver\/v5 v/ {print $2; exit}' go.mod)" \
  --arg neo4jgraphql "$(jq -r .version bench/peer/node_modules/@neo4j/graphql/package.json)" \
  --arg apollo "$(jq -r .version bench/peer/node_modules/@apollo/server/package.json)" \
  --arg jsdriver "$(jq -r .version bench/peer/node_modules/neo4j-driver/package.json)" \
  --arg vegeta "v12.13.0" --arg heap "${BENCH_NEO4J_HEAP:-6g}" --arg pagecache "${BENCH_NEO4J_PAGECACHE:-2g}" \
  --arg pin "$PIN" --arg conc "$CONC" --arg quick "$QUICK" --arg world "$WORLD_TOTAL" \
  --arg durations "warm-up $WARM, closed loop $CLOSED, serial $SERIAL, open loop $OPEN per rate" \
  '$ARGS.named' > "$RAW/env.json"
SUFFIX=""; (( QUICK )) && SUFFIX=-quick
OUT=bench/results/$(date -u +%Y-%m-%d)-$(hostname)$SUFFIX.md
"$BIN/report" -raw "$RAW" -answers "$WORK/answers" -out "$OUT"
if [[ -f "$RAW/cold.json" ]]; then
  cp "$RAW/cold.json" "${OUT%.md}-cold.json"
  jq -r '"\n## First answers (cold shapes)\n\n| shapes | contender | shapes measured | p50 ms | p95 ms |\n|---|---|---|---|---|",
    (to_entries[] | "| \(.key) | \(.value.contender) | \(.value.shapes) | \(.value.p50_ms) | \(.value.p95_ms) |")' "$RAW/cold.json" >> "$OUT"
fi
log "results: $OUT"
