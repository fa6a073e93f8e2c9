#!/usr/bin/env bash
# claim_session under 16 concurrent claims: starts a server on a temp database and runs
# bench/claims.mjs against it. Prints numbers; never fails on timing.
# Env: SYNAPSE_JAR (default target/synapse-mcp.jar), BENCH_CONCURRENCY (16), BENCH_CLAIMS (2000).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${SYNAPSE_JAR:-$ROOT/target/synapse-mcp.jar}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/synapse-bench-claims.XXXXXX")
PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
KEY=$(java -jar "$JAR" keys create --name bench-claims --db "$TMP/db" 2>/dev/null | tail -n 1)
java -Xmx256m -jar "$JAR" serve --host 127.0.0.1 --port 0 --port-file "$TMP/port" --db "$TMP/db" \
  --home "$TMP/home" >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  [ -s "$TMP/port" ] && curl -sf --max-time 1 "http://127.0.0.1:$(cat "$TMP/port")/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
SYNAPSE_URL="http://127.0.0.1:$(cat "$TMP/port")" SYNAPSE_KEY=$KEY node "$ROOT/bench/claims.mjs"
