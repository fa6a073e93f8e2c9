#!/usr/bin/env bash
# Latency of the synapse hook scripts as Claude Code runs them (a fresh bash per call, JSON on
# stdin): on-user-prompt (goal < 20 ms, no network) and on-subagent-start (goal < 100 ms, against a
# warm local server: one POST /api/hooks/subagent-start, the claim creating or reopening). Prints
# median and p99 of N runs; never fails on timing. Latencies inside the real CLI:
# E2E_BENCH=1 tests/e2e-claude/run.
# Env: SYNAPSE_JAR (default <repo>/target/synapse-mcp.jar), RUNS (50). With SYNAPSE_URL and
# SYNAPSE_API_KEY set it uses that server instead of starting one.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOOKS="$ROOT/plugin/hooks"
JAR=${SYNAPSE_JAR:-$ROOT/target/synapse-mcp.jar}
RUNS=${RUNS:-50}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/synapse-bench-hooks.XXXXXX")
PROJ="$TMP/project"
SERVER_PID=""
mkdir -p "$PROJ"

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -z "${SYNAPSE_URL:-}" ] || [ -z "${SYNAPSE_API_KEY:-}" ]; then
  SYNAPSE_API_KEY=$(java -jar "$JAR" keys create --name bench-hooks --db "$TMP/db" 2>/dev/null | tail -n 1)
  java -Xmx256m -jar "$JAR" serve --host 127.0.0.1 --port 0 --port-file "$TMP/port" --db "$TMP/db" \
    --home "$TMP/home" >"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    [ -s "$TMP/port" ] && curl -sf --max-time 1 "http://127.0.0.1:$(cat "$TMP/port")/api/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  SYNAPSE_URL="http://127.0.0.1:$(cat "$TMP/port")"
fi
export SYNAPSE_URL SYNAPSE_API_KEY CLAUDE_PROJECT_DIR="$PROJ"
SID=bbbbbbbb-0000-4000-8000-$(printf '%012d' $$)

now_us() { echo $(($(date +%s%N) / 1000)); }
# stats FILE: median and p99 (nearest rank) of microsecond samples, printed in ms.
stats() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    r = int(NR * 0.99 + 0.999); if (r > NR) r = NR
    printf "median %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms (n=%d)", m / 1000, v[r] / 1000, v[1] / 1000, v[NR] / 1000, NR }'
}
payload_start() { printf '{"session_id":"%s","cwd":"%s","hook_event_name":"SubagentStart","agent_id":"%s","agent_type":"general-purpose"}' "$SID" "$PROJ" "$1"; }
payload_pre() { printf '{"session_id":"%s","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"Agent","tool_use_id":"toolu_%s","tool_input":{"description":"bench","prompt":"bench","subagent_type":"general-purpose","name":"%s"}}' "$SID" "$PROJ" "$1" "$2"; }
payload_stop() { printf '{"session_id":"%s","cwd":"%s","hook_event_name":"SubagentStop","agent_id":"%s","agent_type":"general-purpose","agent_transcript_path":"/none"}' "$SID" "$PROJ" "$1"; }

# Warm up: the server's JIT, by a few full spawn cycles.
printf '{"session_id":"%s","cwd":"%s","hook_event_name":"SessionStart","source":"startup"}' "$SID" "$PROJ" |
  "$HOOKS/on-session-start.sh" >/dev/null
for i in $(seq 1 30); do
  payload_pre "w$i" "warm-$i" | "$HOOKS/on-pre-spawn.sh" >/dev/null
  payload_start "w$i" | "$HOOKS/on-subagent-start.sh" >/dev/null
  payload_stop "w$i" | "$HOOKS/on-subagent-stop.sh" >/dev/null
done

# SubagentStart: a new name each time (created), then the same names again (reopened). PreToolUse
# and SubagentStop run outside the timing.
: >"$TMP/create"
: >"$TMP/reopen"
for kind in create reopen; do
  for i in $(seq 1 "$RUNS"); do
    payload_pre "$kind$i" "bench-$i" | "$HOOKS/on-pre-spawn.sh" >/dev/null
    t0=$(now_us)
    payload_start "$kind$i" | "$HOOKS/on-subagent-start.sh" >/dev/null
    t1=$(now_us)
    echo $((t1 - t0)) >>"$TMP/$kind"
    payload_stop "$kind$i" | "$HOOKS/on-subagent-stop.sh" >/dev/null
  done
done

# PreToolUse(Agent) timed; the same SubagentStart through curl (SYNAPSE_HOOK_CURL=1) to show
# what the process start costs next to bash's own /dev/tcp.
: >"$TMP/pre"
: >"$TMP/curl"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_us)
  payload_pre "pre$i" "pre-$i" | "$HOOKS/on-pre-spawn.sh" >/dev/null
  t1=$(now_us)
  echo $((t1 - t0)) >>"$TMP/pre"
  t0=$(now_us)
  payload_start "pre$i" | SYNAPSE_HOOK_CURL=1 "$HOOKS/on-subagent-start.sh" >/dev/null
  t1=$(now_us)
  echo $((t1 - t0)) >>"$TMP/curl"
  payload_stop "pre$i" | "$HOOKS/on-subagent-stop.sh" >/dev/null
done

# UserPromptSubmit with three running sub-agents to report.
for i in 1 2 3; do
  payload_pre "live$i" "live-$i" | "$HOOKS/on-pre-spawn.sh" >/dev/null
  payload_start "live$i" | "$HOOKS/on-subagent-start.sh" >/dev/null
done
: >"$TMP/prompt"
prompt=$(printf '{"session_id":"%s","cwd":"%s","hook_event_name":"UserPromptSubmit","prompt":"next"}' "$SID" "$PROJ")
for i in $(seq 1 "$RUNS"); do
  t0=$(now_us)
  printf '%s' "$prompt" | "$HOOKS/on-user-prompt.sh" >/dev/null
  t1=$(now_us)
  echo $((t1 - t0)) >>"$TMP/prompt"
done
# Baseline: what a bare bash + jq process costs on this machine right now.
: >"$TMP/bare"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_us)
  printf '{}' | bash -c 'jq -c . >/dev/null'
  t1=$(now_us)
  echo $((t1 - t0)) >>"$TMP/bare"
done

echo "hooks benchmark ($RUNS runs each, server $SYNAPSE_URL warmed by 30 spawn cycles, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
echo "  on-user-prompt.sh          $(stats "$TMP/prompt")   goal < 20 ms"
echo "  on-subagent-start (create) $(stats "$TMP/create")   goal < 100 ms"
echo "  on-subagent-start (reopen) $(stats "$TMP/reopen")   goal < 100 ms"
echo "  on-pre-spawn.sh            $(stats "$TMP/pre")   goal < 50 ms"
echo "  on-subagent-start via curl $(stats "$TMP/curl")   (SYNAPSE_HOOK_CURL=1: what /dev/tcp saves)"
echo "  baseline bash + one jq     $(stats "$TMP/bare")"
