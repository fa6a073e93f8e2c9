#!/usr/bin/env bash
# Side-by-side MCP throughput in one run, one compiled load generator (bench/McpLoad.java, a session per
# worker, a JSON-RPC id per request): ours (session_heartbeat and checkin, protocol 2025-11-25 and 2026-07-28),
# the TypeScript SDK's minimal echo, the MCP Java SDK's own no-op echo (our floor), and the Rust SDK's echo
# when RMCP_ECHO names a built binary (it is not built here: see the note printed). Each target gets a warm-up
# round, then BENCH_ROUNDS measured rounds; prints calls/s, p99, ratios to the TS echo, launch-to-healthy and
# RSS after load. Numbers only: never fails on timing.
# Env: SYNAPSE_JAR (target/synapse-mcp.jar), BENCH_SECONDS (8), BENCH_CONCURRENCY (16), BENCH_ROUNDS (2),
# SYNAPSE_JAVA_OPTS (the launcher's flags), RMCP_ECHO (a binary: rmcp echo server, prints its port on stdout).
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
JAR="${SYNAPSE_JAR:-$REPO/target/synapse-mcp.jar}"
SECONDS_PER_ROUND="${BENCH_SECONDS:-8}"
C="${BENCH_CONCURRENCY:-16}"
ROUNDS="${BENCH_ROUNDS:-2}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/synapse-protocol-bench.XXXXXX")"
PIDS=()

log() { printf '[protocol-bench] %s\n' "$*" >&2; }

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f "$JAR" ] || { log "jar not found: $JAR (mvn -B package)"; exit 1; }
javac -d "$TMP/load" "$HERE/McpLoad.java" || exit 1
load() { java -XX:+UseSerialGC -cp "$TMP/load" McpLoad "$@"; }

# launch NAME HEALTH_PATH CMD...: starts CMD in its own process group, waits until PORT_FILE has a port and
# HEALTH_PATH answers; sets PID, PORT and LAUNCH_MS.
launch() {
  local name="$1" health="$2" start_ns deadline
  shift 2
  rm -f "$TMP/$name.port"
  start_ns=$(date +%s%N)
  setsid "$@" >"$TMP/$name.log" 2>&1 </dev/null &
  PID=$!
  PIDS+=("$PID")
  PORT=""
  LAUNCH_MS=""
  deadline=$((start_ns + 60000000000))
  while [ "$(date +%s%N)" -lt "$deadline" ]; do
    kill -0 "$PID" 2>/dev/null || break
    if [ -z "$PORT" ] && [ -s "$TMP/$name.port" ]; then PORT="$(cat "$TMP/$name.port")"; fi
    if [ -n "$PORT" ] && curl -s -o /dev/null --max-time 1 -X "${HEALTH_METHOD:-GET}" "http://127.0.0.1:$PORT$health"; then
      LAUNCH_MS=$((($(date +%s%N) - start_ns) / 1000000))
      return 0
    fi
    sleep 0.01
  done
  log "$name never came up; its log:"
  tail -n 20 "$TMP/$name.log" >&2
  return 1
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null; }

stop() {
  kill -TERM "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# measure LABEL URL KEY TOOL ARGS [2025|2026]: warm-up round, then ROUNDS rounds; prints each, keeps the best.
declare -A BEST P99
measure() {
  local label="$1" out best=0 p99="" i
  shift
  load "$1" "$2" "$3" "$4" "$C" 3 "${5:-2025}" >/dev/null 2>"$TMP/warm.err" || true
  for i in $(seq 1 "$ROUNDS"); do
    out="$(load "$1" "$2" "$3" "$4" "$C" "$SECONDS_PER_ROUND" "${5:-2025}" 2>>"$TMP/load.err")"
    printf '  %-34s round %d: %s\n' "$label" "$i" "$out"
    local cps
    cps="$(awk '{printf "%.0f", $2}' <<<"$out")"
    if [ "${cps:-0}" -gt "$best" ]; then
      best="$cps"
      p99="$(awk '{print $6}' <<<"$out")"
    fi
  done
  BEST[$label]=$best
  P99[$label]=$p99
}

log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (the generator shares them)"
echo "c=$C, ${SECONDS_PER_ROUND}s rounds, best of $ROUNDS after a 3 s warm-up"

# -- the TypeScript SDK echo ---------------------------------------------------------------------------
mkdir -p "$TMP/ts"
cp "$HERE/echo/echo-ts.mjs" "$TMP/ts/"
ln -s "$REPO/tests/node/node_modules" "$TMP/ts/node_modules"
HEALTH_METHOD=GET launch ts /health node "$TMP/ts/echo-ts.mjs" "$TMP/ts.port" || exit 1
echo "ts-sdk echo: healthy after ${LAUNCH_MS} ms"
measure "ts-sdk echo" "http://127.0.0.1:$PORT/mcp" "" echo '{"message":"hi"}'
echo "  ts-sdk echo RSS after load: $(rss_mb "$PID") MB"
stop "$PID"

# -- the MCP Java SDK echo (floor) -----------------------------------------------------------------------
HEALTH_METHOD=GET launch java-echo /mcp java -Xmx160m -XX:+UseSerialGC -cp "$JAR" "$HERE/echo/JavaEcho.java" "$TMP/java-echo.port" || exit 1
echo "java-sdk echo: healthy after ${LAUNCH_MS} ms (source launch: includes compiling JavaEcho.java)"
measure "java-sdk echo" "http://127.0.0.1:$PORT/mcp" "" echo '{"message":"hi"}'
echo "  java-sdk echo RSS after load: $(rss_mb "$PID") MB"
stop "$PID"

# -- rmcp ----------------------------------------------------------------------------------------------
if [ -n "${RMCP_ECHO:-}" ] && [ -x "$RMCP_ECHO" ]; then
  HEALTH_METHOD=GET launch rmcp /mcp sh -c "\"$RMCP_ECHO\" > \"$TMP/rmcp.port\"" || exit 1
  measure "rust rmcp echo" "http://127.0.0.1:$PORT/mcp" "" echo '{"message":"hi"}'
else
  echo "rust rmcp echo: not run (set RMCP_ECHO to a built rmcp echo server; none is built by this script)"
fi

# -- ours ----------------------------------------------------------------------------------------------
mkdir -p "$TMP/home"
KEY="$(SYNAPSE_HOME="$TMP/home" java -jar "$JAR" keys create --name bench --db "$TMP/s.db" 2>"$TMP/keys.err" | tr -d '[:space:]')"
[[ "$KEY" =~ ^syn_ ]] || { log "keys create failed: $(cat "$TMP/keys.err")"; exit 1; }
if [ -n "${SYNAPSE_JAVA_OPTS:-}" ]; then
  opts="$SYNAPSE_JAVA_OPTS"
else
  # shellcheck disable=SC2016  # the launcher's literal ${SYNAPSE_JAVA_OPTS:-...} default
  opts="$(grep -o '\${SYNAPSE_JAVA_OPTS:-[^}]*}' "$REPO/bin/synapse-mcp" | head -n 1 | sed 's/^\${SYNAPSE_JAVA_OPTS:-//; s/}$//')"
fi
cds=()
[ -f "$REPO/target/synapse-mcp.jsa" ] && [ "$REPO/target/synapse-mcp.jsa" -nt "$JAR" ] &&
  cds=(-XX:SharedArchiveFile="$REPO/target/synapse-mcp.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
# shellcheck disable=SC2086
HEALTH_METHOD=GET launch ours /api/health java $opts "${cds[@]}" -jar "$JAR" serve --host 127.0.0.1 --port 0 \
  --port-file "$TMP/ours.port" --db "$TMP/s.db" --home "$TMP/home" --plugin-path "$REPO/examples/plugins" || exit 1
echo "synapse-mcp: healthy after ${LAUNCH_MS} ms (flags: $opts${cds[*]:+, CDS archive})"
URL="http://127.0.0.1:$PORT/api/mcp"
measure "ours session_heartbeat 2025-11-25" "$URL" "$KEY" session_heartbeat '{"session_id":"{session}"}'
measure "ours session_heartbeat 2026-07-28" "$URL" "$KEY" session_heartbeat '{"session_id":"{session}"}' 2026
measure "ours checkin 2025-11-25" "$URL" "$KEY" checkin '{}'
measure "ours checkin 2026-07-28" "$URL" "$KEY" checkin '{}' 2026
echo "  synapse-mcp RSS after load: $(rss_mb "$PID") MB"
stop "$PID"

ts="${BEST[ts-sdk echo]}"
echo "summary (best calls/s, p99 ms, ratio to the ts-sdk echo):"
for k in "ts-sdk echo" "java-sdk echo" "rust rmcp echo" "ours session_heartbeat 2025-11-25" "ours session_heartbeat 2026-07-28" \
  "ours checkin 2025-11-25" "ours checkin 2026-07-28"; do
  [ -n "${BEST[$k]:-}" ] || continue
  awk -v k="$k" -v b="${BEST[$k]}" -v p="${P99[$k]}" -v t="$ts" \
    'BEGIN {printf "  %-34s %7d calls/s  p99 %6s ms  %5.2fx ts-echo\n", k, b, p, (t > 0 ? b / t : 0)}'
done
if [ -s "$TMP/load.err" ]; then
  log "load generator errors (first lines):"
  head -n 5 "$TMP/load.err" >&2
fi
echo "goals: heartbeat >= 2x and checkin >= 1.5x the ts echo at c=16; p99 <= 5 ms"
