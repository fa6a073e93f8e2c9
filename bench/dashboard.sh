#!/usr/bin/env bash
# The dashboard: time from a run's state change (stored) to its appearance on an open runs page in headless
# Chromium (median over BENCH_RUNS, default 20), and the bytes over the wire of each page. Starts a server on a
# temp database and runs bench/dashboard.mjs with tests/browser's puppeteer-core. Prints numbers; never fails on
# timing. Env: SYNAPSE_JAR (default target/synapse-mcp.jar), BENCH_RUNS (20), CHROME_PATH (default chromium).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${SYNAPSE_JAR:-$ROOT/target/synapse-mcp.jar}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/synapse-bench-dash.XXXXXX")
PID=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [ -n "$PID" ] && kill -TERM -- "-$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
[ -d "$ROOT/tests/browser/node_modules/puppeteer-core" ] || (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund >/dev/null)
KEY=$(java -jar "$JAR" keys create --name bench-dash --roles admin --db "$TMP/db" 2>/dev/null | tail -n 1)
setsid java -Xmx256m -XX:+UseSerialGC -jar "$JAR" serve --host 127.0.0.1 --port 0 --port-file "$TMP/port" \
  --db "$TMP/db" --home "$TMP/home" --plugin-path "$ROOT/examples/plugins" >"$TMP/server.log" 2>&1 </dev/null &
PID=$!
for _ in $(seq 1 300); do
  [ -s "$TMP/port" ] && curl -sf --max-time 1 "http://127.0.0.1:$(cat "$TMP/port")/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
SYNAPSE_URL="http://127.0.0.1:$(cat "$TMP/port")" SYNAPSE_KEY_ADMIN=$KEY CHROME_PATH="${CHROME_PATH:-$(command -v chromium)}" \
  NODE_PATH="$ROOT/tests/browser/node_modules" node "$ROOT/bench/dashboard.mjs"
