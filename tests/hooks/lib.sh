# shellcheck shell=bash disable=SC2034
# Shared by the hook test files: the temp project, ok/ko/check, one real synapse-mcp server (started
# once, on first need), an independent MCP client for assertions, the hook runner and Claude Code's
# payloads. Sourced by tests/hooks/run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOOKS=${HOOKS_DIR:-$ROOT/plugin/hooks}
JAR=${SYNAPSE_JAR:-$ROOT/target/synapse-mcp.jar}
CLAUDE=${CLAUDE_BIN:-$ROOT/tests/e2e-claude/node_modules/.bin/claude}
# Where npm ran no install script, the platform package's binary is the CLI itself.
"$CLAUDE" --version >/dev/null 2>&1 || for c in "$ROOT"/tests/e2e-claude/node_modules/@anthropic-ai/claude-code-*/claude; do
  [ -x "$c" ] && CLAUDE=$c && break
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/synapse-hooks-test.XXXXXX")
PROJ="$TMP/project"
OUTLOG="$TMP/all-hook-output.txt"
ERRLOG="$TMP/all-hook-stderr.txt"
PIDS=""
passed=0
failed=0
mkdir -p "$PROJ"
: >"$OUTLOG"
: >"$ERRLOG"

cleanup() {
  local p
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {
  passed=$((passed + 1))
  printf 'ok   %s\n' "$1"
}
ko() {
  failed=$((failed + 1))
  printf 'FAIL %s\n' "$1"
  [ -n "${2:-}" ] && printf '     %s\n' "$2"
  if [ -n "${HOOKS_FAILFAST:-}" ]; then
    echo "hooks: $passed passed, $failed failed (stopped at the first failure)"
    exit 1
  fi
}
# `CONDITION; check NAME`: passes when the condition just before succeeded.
check() {
  local rc=$?
  if [ $rc -eq 0 ]; then ok "$1"; else ko "$1" "${DETAIL:-}"; fi
  DETAIL=""
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# --- the server -------------------------------------------------------------------------------

start_server() {
  [ -f "$JAR" ] || {
    echo "no server jar at $JAR (build it, or set SYNAPSE_JAR)"
    return 1
  }
  KEY=$(java -jar "$JAR" keys create --name hooks-test --roles admin --db "$TMP/db" 2>"$TMP/keys.err" | tail -n 1)
  case $KEY in syn_*) ;; *)
    echo "keys create failed: $(head -c 300 "$TMP/keys.err")"
    return 1
    ;;
  esac
  java -Xmx256m -jar "$JAR" serve --host 127.0.0.1 --port 0 --port-file "$TMP/port" --db "$TMP/db" \
    --home "$TMP/home" >"$TMP/server.log" 2>&1 &
  PIDS="$PIDS $!"
  local i
  for i in $(seq 1 300); do
    if [ -s "$TMP/port" ] && curl -sf --max-time 1 "http://127.0.0.1:$(cat "$TMP/port")/api/health" >/dev/null 2>&1; then
      URL="http://127.0.0.1:$(cat "$TMP/port")"
      return 0
    fi
    sleep 0.2
  done
  echo "server did not become healthy: $(tail -n 5 "$TMP/server.log")"
  return 1
}

# A small independent MCP client for assertions (not the hooks' helper): prints structuredContent,
# or "ERROR <text>" for a tool error.
tmcp_init() {
  TMCP_SID=$(curl -s -D - -o /dev/null --max-time 10 -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"hooks-test","version":"1"}}}' \
    "$URL/api/mcp" | tr -d '\r' | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *//p')
  curl -s -o /dev/null --max-time 10 -H "Authorization: Bearer $KEY" -H "Mcp-Session-Id: $TMCP_SID" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$URL/api/mcp"
  [ -n "$TMCP_SID" ]
}
tmcp() {
  curl -s --max-time 10 -H "Authorization: Bearer $KEY" -H "Mcp-Session-Id: $TMCP_SID" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d "$(jq -cn --arg t "$1" --argjson a "${2:-{\}}" '{jsonrpc:"2.0",id:7,method:"tools/call",params:{name:$t,arguments:$a}}')" \
    "$URL/api/mcp" | sed -n 's/^data: *//p' | jq -c 'select(.id == 7) | if .result.isError then "ERROR " + (.result.content[0].text // "") else .result.structuredContent end' 2>/dev/null
}
session_by_id() { tmcp get_session "{\"session_id\":\"${1:-none}\"}"; }
# every session (sub-agent sessions flattened out of their parents)
all_sessions() { tmcp list_sessions '{"limit":500}' | jq -c '[.sessions[] | ., (.subagents // [])[]]'; }
sessions_named() { all_sessions | jq -c --arg n "$1" '[.[] | select(.name == $n)]'; }
lead_of() { all_sessions | jq -c --arg n "lead-${1:0:8}" '[.[] | select(.name == $n)][0]'; }
# the lead's session as list_sessions shows it, with its sub-agents nested
lead_tree() { tmcp list_sessions '{"limit":500}' | jq -c --arg n "lead-${1:0:8}" '[.sessions[] | select(.name == $n)][0]'; }

# --- hooks --------------------------------------------------------------------------------------

# hook SCRIPT PAYLOAD [VAR=value...]: runs one hook like Claude Code does. Sets OUT, ERR, RC, MS.
hook() {
  local script=$1 payload=$2 t0 err="$TMP/hook.err.$BASHPID"
  shift 2
  t0=$(now_ms)
  OUT=$(printf '%s' "$payload" | env CLAUDE_PROJECT_DIR="$PROJ" SYNAPSE_URL="$URL" SYNAPSE_API_KEY="$KEY" "$@" "$HOOKS/$script" 2>"$err")
  RC=$?
  MS=$(($(now_ms) - t0))
  ERR=$(cat "$err" 2>/dev/null)
  printf '%s\n' "$OUT" >>"$OUTLOG"
  [ -n "$ERR" ] && printf '%s: %s\n' "$script" "$ERR" >>"$ERRLOG"
  rm -f "$err"
}
ctx() { printf '%s' "$OUT" | jq -r '.hookSpecificOutput.additionalContext // empty' 2>/dev/null; }
sysmsg() { printf '%s' "$OUT" | jq -r '.systemMessage // empty' 2>/dev/null; }
ctx_session() { ctx | sed -n 's/.*Synapse session id: \([0-9a-fA-F-]\{36\}\).*/\1/p' | head -n 1; }

p_start_session() { printf '{"session_id":"%s","transcript_path":"%s/t/%s.jsonl","cwd":"%s","hook_event_name":"SessionStart","source":"%s"}' "$1" "$TMP" "$1" "$PROJ" "${2:-startup}"; }
p_prompt() { printf '{"session_id":"%s","transcript_path":"%s/t/%s.jsonl","cwd":"%s","hook_event_name":"UserPromptSubmit","prompt":"go on"}' "$1" "$TMP" "$1" "$PROJ"; }
# p_pre SID TOOL_USE_ID TYPE NAME DESCRIPTION BACKGROUND(true|false)
p_pre() {
  jq -cn --arg s "$1" --arg u "$2" --arg t "$3" --arg n "${4:-}" --arg d "${5:-test spawn}" --argjson bg "${6:-false}" --arg cwd "$PROJ" --arg tp "$TMP/t/$1.jsonl" '{session_id:$s, transcript_path:$tp, cwd:$cwd,
    permission_mode:"default", hook_event_name:"PreToolUse", tool_name:"Agent", tool_use_id:$u,
    tool_input:({description:$d, prompt:("work as " + $n), subagent_type:$t, run_in_background:$bg}
      + (if $n == "" then {} else {name:$n} end))}'
}
# p_launched SID TOOL_USE_ID AGENT_ID DESCRIPTION: PostToolUse(Agent) of a background spawn
p_launched() {
  jq -cn --arg s "$1" --arg u "$2" --arg a "$3" --arg d "$4" --arg cwd "$PROJ" '{session_id:$s, cwd:$cwd, hook_event_name:"PostToolUse",
    tool_name:"Agent", tool_use_id:$u, tool_input:{description:$d, subagent_type:"general-purpose", run_in_background:true},
    tool_response:{isAsync:true, status:"async_launched", agentId:$a, description:$d, prompt:"p", outputFile:"/tmp/x"}}'
}
p_subagent() { printf '{"session_id":"%s","transcript_path":"%s/t/%s.jsonl","cwd":"%s","hook_event_name":"SubagentStart","agent_id":"%s","agent_type":"%s"}' "$1" "$TMP" "$1" "$PROJ" "$2" "$3"; }
p_tool() { printf '{"session_id":"%s","transcript_path":"%s/t/%s.jsonl","cwd":"%s","hook_event_name":"PostToolUse","agent_id":"%s","agent_type":"general-purpose","tool_name":"Bash","tool_input":{"command":"ls"},"tool_response":{"stdout":""},"tool_use_id":"toolu_b"}' "$1" "$TMP" "$1" "$PROJ" "$2"; }
p_stop() { printf '{"session_id":"%s","transcript_path":"%s/t/%s.jsonl","cwd":"%s","hook_event_name":"SubagentStop","agent_id":"%s","agent_type":"%s","stop_hook_active":false,"agent_transcript_path":"%s/t/%s/subagents/agent-%s.jsonl","last_assistant_message":"done"}' "$1" "$TMP" "$1" "$PROJ" "$2" "$3" "$TMP" "$1" "$2"; }
p_spawn_done() { printf '{"session_id":"%s","transcript_path":"/t/%s.jsonl","cwd":"%s","hook_event_name":"%s","tool_name":"Agent","tool_use_id":"%s","tool_input":{"subagent_type":"general-purpose"},"error":"denied"}' "$1" "$1" "$PROJ" "$3" "$2"; }
p_end() { printf '{"session_id":"%s","transcript_path":"/t/%s.jsonl","cwd":"%s","hook_event_name":"SessionEnd","reason":"other"}' "$1" "$1" "$PROJ"; }
# meta SID AGENT TOOL_USE_ID: the meta file Claude Code writes once the sub-agent started
meta() {
  mkdir -p "$TMP/t/$1/subagents"
  printf '{"agentType":"general-purpose","description":"x","toolUseId":"%s","spawnDepth":1}\n' "$3" >"$TMP/t/$1/subagents/agent-$2.meta.json"
}

# a process's start time as the hooks record it on Linux: clock ticks since boot (/proc/<pid>/stat field 22)
proc_start() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $20 }'; }
new_sid() { python3 -c 'import uuid; print(uuid.uuid4())'; }
new_agent() { printf 'a%s' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"; }

# start_lead SID: SessionStart, as Claude Code runs it first
start_lead() { hook on-session-start.sh "$(p_start_session "$1")"; }
# spawn SID NAME TYPE [DESCRIPTION]: a foreground PreToolUse then SubagentStart. Sets AGENT, SESSION.
spawn() {
  AGENT=$(new_agent)
  hook on-pre-spawn.sh "$(p_pre "$1" "toolu_$AGENT" "$3" "$2" "${4:-test spawn}")"
  hook on-subagent-start.sh "$(p_subagent "$1" "$AGENT" "$3")"
  SESSION=$(ctx_session)
}

# need_server: the real server, the assertion client and the fake servers, started once for every
# file that needs them; a failure to start is one failed check, and the files that need it skip.
SERVER_STATE=""
need_server() {
  [ "$SERVER_STATE" = up ] && return 0
  [ "$SERVER_STATE" = failed ] && return 1
  if start_server && tmcp_init; then
    start_fake_servers
    SERVER_STATE=up
    return 0
  fi
  SERVER_STATE=failed
  ko "start the synapse-mcp server from $JAR"
  return 1
}

# --- helpers for failure modes ------------------------------------------------------------------

start_fake_servers() {
  # A port with nothing listening, a socket that accepts and never answers, and a server that
  # answers every request after 3.5 s.
  DOWN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  python3 - "$TMP/hang-port" <<'EOF' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(128)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
held = []
while True:
    c, _ = s.accept()
    held.append(c)
EOF
  PIDS="$PIDS $!"
  python3 - "$TMP/slow-port" <<'EOF' &
import http.server, socketserver, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(3.5)
        self.send_response(204)
        self.end_headers()
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
srv = S(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
srv.serve_forever()
EOF
  PIDS="$PIDS $!"
  for _ in $(seq 1 50); do
    [ -s "$TMP/hang-port" ] && [ -s "$TMP/slow-port" ] && break
    sleep 0.1
  done
  HANG_PORT=$(cat "$TMP/hang-port")
  SLOW_PORT=$(cat "$TMP/slow-port")
}

# --- checks over everything the hooks printed (run last) -------------------------------------

test_no_stderr_anywhere() {
  DETAIL=$(head -n 5 "$ERRLOG")
  [ ! -s "$ERRLOG" ]
  check "no hook call in this suite wrote anything on stderr"
}

test_no_secret_in_output() {
  [ -s "$OUTLOG" ] && ! grep -qF "$KEY" "$OUTLOG" "$ERRLOG"
  check "no hook output ever contained the API key"
}
