# shellcheck shell=bash disable=SC2034
# Shared helper for the synapse hook scripts: payload fields, hook output, local state, MCP calls
# over curl. Sourced, never run. Bash 3.2 compatible (no associative arrays, no ${v,,}, no mapfile).
#
# Speed: a hook runs as a fresh process on every event, and a jq 1.6 start costs 25-40 ms, so the
# hot hooks (spawn, start, heartbeat, stop, prompt) read and write JSON with bash builtins only:
# the JSON they read is Claude Code's payload, the server's answers and files these hooks wrote.
# Values stay in their JSON-escaped form ("string bodies") from the payload to the request.
# SYN_* variables are read by the hook scripts that source this file.

SYN_HOOKS_VERSION=0.1.0
SYN_PROTOCOL=2025-06-18
SYN_BASE="${SYNAPSE_URL:-http://127.0.0.1:8765}"
SYN_URL="${SYN_BASE%/}/api/mcp"
SYN_CONNECT_TIMEOUT="${SYNAPSE_HOOK_CONNECT_TIMEOUT:-2}"
SYN_MAX_TIME="${SYNAPSE_HOOK_MAX_TIME:-4}"
SYN_ERR=""
SYN_V=""
export LC_ALL=C # byte order for globs, byte-wise patterns, whatever the user's locale

# --- JSON without jq -------------------------------------------------------------------------

# Sets SYN_V to the JSON-escaped body of the first string member "$1":"…" of $2 (default: the
# payload). Only structural members match: inside a JSON string every quote is escaped.
syn_jstr() {
  local re='"'"$1"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)"'
  SYN_V=""
  [[ ${2-$SYN_PAYLOAD} =~ $re ]] || return 1
  SYN_V=${BASH_REMATCH[1]}
  return 0
}

# Sets SYN_V to $1 escaped as a JSON string body.
syn_esc() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/}
  s=${s//$'\t'/ }
  SYN_V=$s
}

# Sets SYN_V to $1 reduced to characters safe in a file name (letters, digits, _ and -).
syn_safe() {
  local s=${1//[^A-Za-z0-9_-]/-}
  SYN_V=${s:0:80}
}

# Sets SYN_V to the whole content of file $1 (builtin read, no process); non-zero if unreadable.
syn_slurp() {
  SYN_V=""
  [ -r "$1" ] || return 1
  IFS= read -r -d '' SYN_V <"$1"
  SYN_V=${SYN_V%$'\n'}
  return 0
}

# --- payload ---------------------------------------------------------------------------------

# Reads the hook's stdin JSON into SYN_PAYLOAD and the common fields into SYN_SID, SYN_AGENT_ID,
# SYN_AGENT_TYPE, then the state locations SYN_ROOT (<project>/.synapse) and SYN_DIR (per Claude
# Code session). The project is $CLAUDE_PROJECT_DIR, else the payload's cwd.
syn_read_payload() {
  SYN_PAYLOAD=""
  IFS= read -r -d '' SYN_PAYLOAD
  syn_jstr session_id
  syn_safe "$SYN_V"
  SYN_SID=$SYN_V
  [ -n "$SYN_SID" ] || return 1
  syn_jstr agent_id
  syn_safe "$SYN_V"
  SYN_AGENT_ID=$SYN_V
  syn_jstr agent_type
  SYN_AGENT_TYPE=$SYN_V
  SYN_PROJECT=${CLAUDE_PROJECT_DIR:-}
  if [ -z "$SYN_PROJECT" ]; then
    syn_jstr cwd
    SYN_PROJECT=${SYN_V//\\\\/\\}
  fi
  [ -n "$SYN_PROJECT" ] || SYN_PROJECT=$PWD
  SYN_ROOT="$SYN_PROJECT/.synapse"
  SYN_DIR="$SYN_ROOT/$SYN_SID"
  return 0
}

# Agent types whose sub-agents only read get no session. Space separated; override with
# SYNAPSE_SKIP_AGENT_TYPES (set it to "none" to track every type).
syn_skipped_type() {
  local t
  for t in ${SYNAPSE_SKIP_AGENT_TYPES:-Explore Plan statusline-setup output-style-setup claude-code-guide}; do
    [ "$t" = "$1" ] && return 0
  done
  return 1
}

# --- output ----------------------------------------------------------------------------------

# Context for the model, only ever inside hookSpecificOutput (a top-level additionalContext is
# dropped). $1 event, $2 context as a JSON string body, $3 optional warning (string body).
syn_out_context() {
  if [ -n "${3:-}" ]; then
    printf '{"hookSpecificOutput":{"hookEventName":"%s","additionalContext":"%s"},"systemMessage":"synapse: %s"}\n' "$1" "$2" "$3"
  else
    printf '{"hookSpecificOutput":{"hookEventName":"%s","additionalContext":"%s"}}\n' "$1" "$2"
  fi
}

# A short warning for the user (JSON string body); never context, so it can't keep a sub-agent running.
syn_out_warn() {
  printf '{"systemMessage":"synapse: %s"}\n' "$1"
}

# --- local state -----------------------------------------------------------------------------

syn_state_init() {
  [ -d "$SYN_DIR/heartbeat" ] && return 0
  mkdir -p "$SYN_DIR/pending" "$SYN_DIR/claimed" "$SYN_DIR/sessions" "$SYN_DIR/heartbeat" 2>/dev/null || return 1
  # Keep the hook state out of the project's commits.
  [ -f "$SYN_ROOT/.gitignore" ] || printf '*\n' >"$SYN_ROOT/.gitignore" 2>/dev/null
  return 0
}

# Writes $2 to file $1 atomically: the temporary file sits in the state dir (same file system,
# outside pending/ so no claim can see it half written), then a rename puts it in place.
syn_write() {
  local tmp="$SYN_DIR/.tmp.$$"
  printf '%s\n' "$2" >"$tmp" 2>/dev/null && mv -f "$tmp" "$1" 2>/dev/null && return 0
  rm -f "$tmp" 2>/dev/null
  return 1
}

# Exclusive lock $1 inside the state dir, held on file descriptor $2 so that locks can nest;
# waited for at most 10 s (a name lock can be held across two bounded MCP calls). flock where it
# exists (Linux: the kernel drops it if the holder dies), else a mkdir lock (macOS), broken after
# 10 s on the assumption that its holder was killed.
syn_lock() {
  if command -v flock >/dev/null 2>&1; then
    eval "exec $2>\"\$SYN_DIR/.lock-\$1\"" || return 1
    flock -w 10 "$2" && return 0
    eval "exec $2>&-"
    return 1
  fi
  local n=0
  until mkdir "$SYN_DIR/.lock-$1.d" 2>/dev/null; do
    n=$((n + 1))
    [ "$n" -eq 1000 ] && rmdir "$SYN_DIR/.lock-$1.d" 2>/dev/null
    [ "$n" -gt 1100 ] && return 1
    sleep 0.01
  done
  return 0
}

# Releases lock $1 held on descriptor $2.
syn_unlock() {
  if command -v flock >/dev/null 2>&1; then
    eval "exec $2>&-"
  else
    rmdir "$SYN_DIR/.lock-$1.d" 2>/dev/null
  fi
}

# Rewrites state.json from identity.json (SessionStart's checkin) and claimed/* (one JSON record
# per running sub-agent), under the state lock, atomically. Its "reminder" member is the ready-made
# UserPromptSubmit context, so that hook only reads one file.
syn_state_rebuild() {
  local f rec agents="" reminder="" ident=null name sid
  syn_lock state 7 || return 1
  for f in "$SYN_DIR"/claimed/*; do
    syn_slurp "$f" || continue
    rec=$SYN_V
    case $rec in "{"*"}") ;; *) continue ;; esac
    agents="$agents${agents:+,}\"${f##*/}\":$rec"
    syn_jstr session_id "$rec" || continue
    sid=$SYN_V
    syn_jstr name "$rec"
    name=$SYN_V
    syn_jstr agent_type "$rec"
    reminder="$reminder${reminder:+; }$name (session $sid, $SYN_V)"
  done
  [ -n "$reminder" ] && reminder="Synapse sub-agent sessions open in this Claude Code session: $reminder. The synapse hooks heartbeat and close them; a respawn with the same name reuses its session."
  syn_slurp "$SYN_DIR/identity.json" && case $SYN_V in "{"*"}") ident=$SYN_V ;; esac
  syn_write "$SYN_DIR/state.json" "{\"identity\":$ident,\"agents\":{$agents},\"reminder\":\"$reminder\"}"
  syn_unlock state 7
}

# --- MCP over curl ---------------------------------------------------------------------------

# Sets SYN_ERR (a JSON string body) from the last HTTP exchange.
syn_transport_error() {
  case $SYN_CODE in
    000) syn_esc "server not reachable at $SYN_BASE (down or slow)" ;;
    401 | 403) syn_esc "server refused the API key (HTTP $SYN_CODE)" ;;
    *) syn_esc "server answered HTTP $SYN_CODE" ;;
  esac
  SYN_ERR=$SYN_V
}

# POSTs JSON-RPC body $1 to the MCP endpoint with MCP session $2 (may be empty). Sets SYN_CODE
# (HTTP status, 000 when no answer) and SYN_BODY. With $3 the response headers go to that file.
# The key travels in a curl config read from stdin, so it never shows on a command line.
syn_post() {
  local out cfg hdr=()
  [ -n "${2:-}" ] && hdr=(-H "Mcp-Session-Id: $2" -H "MCP-Protocol-Version: ${SYN_MCP_PROTO:-$SYN_PROTOCOL}")
  [ -n "${3:-}" ] && hdr=(${hdr[@]+"${hdr[@]}"} -D "$3")
  cfg="header = \"Authorization: Bearer ${SYNAPSE_API_KEY:-}\""
  out=$(curl -sS --connect-timeout "$SYN_CONNECT_TIMEOUT" --max-time "$SYN_MAX_TIME" \
    -X POST -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    ${hdr[@]+"${hdr[@]}"} --data-binary "$1" -w '\n%{http_code}' -K - "$SYN_URL" 2>/dev/null <<<"$cfg")
  SYN_CODE=${out##*$'\n'}
  SYN_BODY=${out%$'\n'*}
  [ "$SYN_BODY" = "$out" ] && SYN_BODY=""
  case $SYN_CODE in [0-9][0-9][0-9]) ;; *) SYN_CODE=000 ;; esac
}

# Makes sure SYN_MCP_SID holds an initialized MCP session, cached in the state dir as
# "<url> <session id> <protocol>" so that a hook costs one round trip. $1 = "renew" replaces the
# cached one (after a 404). Returns non-zero with SYN_ERR set on failure.
syn_mcp_session() {
  local cache="$SYN_DIR/mcp-session" url sid proto hfile line re
  if [ "${1:-}" != renew ] && read -r url sid proto 2>/dev/null <"$cache" && [ "$url" = "$SYN_URL" ] && [ -n "$sid" ]; then
    SYN_MCP_SID=$sid SYN_MCP_PROTO=$proto
    return 0
  fi
  syn_state_init || {
    syn_esc "cannot write $SYN_DIR"
    SYN_ERR=$SYN_V
    return 1
  }
  syn_lock mcp 8 || {
    SYN_ERR="state lock busy"
    return 1
  }
  # Another hook may have initialized (or renewed) while this one waited for the lock.
  if read -r url sid proto 2>/dev/null <"$cache" && [ "$url" = "$SYN_URL" ] && [ -n "$sid" ] &&
    { [ "${1:-}" != renew ] || [ "$sid" != "${SYN_MCP_SID:-}" ]; }; then
    syn_unlock mcp 8
    SYN_MCP_SID=$sid SYN_MCP_PROTO=$proto
    return 0
  fi
  hfile="$SYN_DIR/.headers.$$"
  SYN_MCP_PROTO=""
  syn_post "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"$SYN_PROTOCOL\",\
\"capabilities\":{},\"clientInfo\":{\"name\":\"synapse-hooks\",\"version\":\"$SYN_HOOKS_VERSION\"}}}" "" "$hfile"
  sid=""
  re='^[Mm][Cc][Pp]-[Ss][Ee][Ss][Ss][Ii][Oo][Nn]-[Ii][Dd]:[[:space:]]*([^[:space:]]+)'
  while IFS= read -r line; do
    [[ $line =~ $re ]] && sid=${BASH_REMATCH[1]}
  done <"$hfile" 2>/dev/null
  rm -f "$hfile"
  if [ "$SYN_CODE" != 200 ] || [ -z "$sid" ]; then
    syn_unlock mcp 8
    [ "$SYN_CODE" = 200 ] && SYN_CODE=502
    syn_transport_error
    return 1
  fi
  syn_jstr protocolVersion "$SYN_BODY"
  proto=${SYN_V:-$SYN_PROTOCOL}
  SYN_MCP_SID=$sid SYN_MCP_PROTO=$proto
  syn_post '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$sid"
  syn_write "$cache" "$SYN_URL $sid $proto"
  syn_unlock mcp 8
  return 0
}

# Calls MCP tool $1 with arguments $2 (a JSON object text). On success SYN_RESULT holds the raw
# answer (JSON or SSE; read it with syn_jstr) and the return is 0. Otherwise SYN_ERR is set (a JSON
# string body) and the return is 1 (tool refused), 2 (transport) or 3 (not configured).
syn_mcp() {
  local try=0 body
  SYN_ERR="" SYN_RESULT=""
  if [ -z "${SYNAPSE_API_KEY:-}" ]; then
    SYN_ERR="SYNAPSE_API_KEY is not set; sub-agent sessions are not tracked"
    return 3
  fi
  body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":${2:-{\}}}}"
  syn_mcp_session || return 2
  while :; do
    syn_post "$body" "$SYN_MCP_SID"
    # 404: the server forgot this MCP session (restart, expiry): initialize again, once.
    if [ "$SYN_CODE" = 404 ] && [ $try -eq 0 ]; then
      try=1
      syn_mcp_session renew || return 2
      continue
    fi
    break
  done
  if [ "$SYN_CODE" != 200 ]; then
    syn_transport_error
    return 2
  fi
  case $SYN_BODY in
    *'"isError":true'*)
      syn_jstr text "$SYN_BODY"
      SYN_ERR="$1: ${SYN_V:0:300}"
      return 1
      ;;
    *'"error":{'*)
      syn_jstr message "$SYN_BODY"
      SYN_ERR="$1: ${SYN_V:-error}"
      return 1
      ;;
    *'"result":'*) SYN_RESULT=$SYN_BODY ;;
    *)
      SYN_ERR="$1: no answer"
      return 1
      ;;
  esac
  return 0
}

# Sets SYN_V to the session id in a session-shaped answer (the first "id":"<uuid>" member: in
# structuredContent; the text block repeats it with escaped quotes, which do not match).
syn_session_id() {
  local re='"id"[[:space:]]*:[[:space:]]*"([0-9A-Fa-f-]{36})"'
  SYN_V=""
  [[ $1 =~ $re ]] || return 1
  SYN_V=${BASH_REMATCH[1]}
}
