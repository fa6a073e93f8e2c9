# shellcheck shell=bash disable=SC2034
# Shared helper for the synapse hook scripts: payload fields, the one request a hook makes, the
# Claude Code process identity. Sourced, never run. Bash 3.2 compatible (no associative arrays, no
# ${v,,}, no mapfile). The rules (which session, pairing, closing) live in the server: a hook sends
# its Claude Code payload to POST /api/hooks/<event> and prints what the server answers.
#
# Every hook fails open: it always exits 0, prints nothing on success, and at most a one-line
# systemMessage naming a real fault. Its one request is bounded by the hook's deadline.

SYN_T0=$SECONDS
SYN_BASE="${SYNAPSE_URL:-http://127.0.0.1:8765}"
SYN_BASE=${SYN_BASE%/}
SYN_V="" SYN_CODE="" SYN_BODY=""
export LC_ALL=C # byte order for globs, byte-wise patterns, whatever the user's locale

# Sets SYN_V to the JSON-escaped body of the first string member "$1":"…" of $2 (default: the
# payload). Only structural members match: inside a JSON string every quote is escaped.
syn_jstr() {
  local re='"'"$1"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)"'
  SYN_V=""
  [[ ${2-$SYN_PAYLOAD} =~ $re ]] || return 1
  SYN_V=${BASH_REMATCH[1]}
  return 0
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

# Reads the hook's stdin JSON into SYN_PAYLOAD and the common fields into SYN_SID, SYN_AGENT_ID,
# SYN_AGENT_TYPE, then the state locations SYN_ROOT (<project>/.synapse) and SYN_DIR (per Claude
# Code session). The project is $CLAUDE_PROJECT_DIR, else the payload's cwd.
syn_read_payload() {
  SYN_PAYLOAD=""
  IFS= read -r -d '' SYN_PAYLOAD
  SYN_PAYLOAD=${SYN_PAYLOAD%$'\n'}
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

# A one-line warning for the user ($1 is plain text); never context, so it cannot keep a
# sub-agent running.
syn_warn() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '{"systemMessage":"synapse: %s"}\n' "${s//$'\n'/ }"
}

# The hook's one request: POSTs body $2 to /api/hooks/$1 within what is left of $3 seconds (the
# hook's deadline less a margin) and prints the server's answer, which is exactly the hook's output (204: none).
# With $4 = warn a failure prints a warning naming it; otherwise failures are silent. Returns 0 on
# success. The key never shows on a command line: over /dev/tcp no process is started at all; curl
# reads it from a config on descriptor 3.
syn_send() {
  local code body msg
  if [ -z "${SYNAPSE_API_KEY:-}" ]; then
    [ "${4:-}" = warn ] && syn_warn "SYNAPSE_API_KEY is not set; sub-agent sessions are not tracked"
    return 3
  fi
  # what is left of the budget $3 after the hook's own work (whole seconds: SECONDS is all bash 3.2 has)
  local left=$3 spent=$((SECONDS - SYN_T0))
  if [ $spent -gt 0 ]; then
    left=$(awk -v b="$3" -v s="$spent" 'BEGIN { l = b - s; print (l < 0.5 ? 0.5 : l) }')
  fi
  if ! syn_tcp_post "$1" "$2" "$left"; then
    syn_curl_post "$1" "$2" "$left"
  fi
  code=$SYN_CODE body=$SYN_BODY
  case $code in
    200)
      [ -n "$body" ] && printf '%s\n' "$body"
      return 0
      ;;
    204) return 0 ;;
  esac
  [ "${4:-}" = warn ] || return 2
  case $code in
    000 | '') msg="server not reachable at $SYN_BASE within $3 s" ;;
    401 | 403) msg="server refused the API key (HTTP $code)" ;;
    *)
      syn_jstr message "$body"
      msg="server answered HTTP $code${SYN_V:+: $SYN_V}"
      ;;
  esac
  syn_warn "$msg"
  return 2
}

# The request over bash's own /dev/tcp, without starting a process (curl alone costs 20-80 ms to
# start): only for a plain http:// server on the loopback address, where connecting succeeds or
# is refused at once, on bash 4 or newer (fractional read timeouts), for a body under 64 KiB. HTTP/1.0, so the answer
# is never chunked and ends when the server closes. Sets SYN_CODE (000: no answer in time) and
# SYN_BODY; non-zero when this path does not apply (SYNAPSE_HOOK_CURL=1 forces curl).
syn_tcp_post() {
  local rest host port hostport prefix resp status
  # a body under 64 KiB fits the loopback socket buffers, so writing it never blocks, even to a
  # server that has stopped reading; a larger one goes through curl and its --max-time
  [ -z "${SYNAPSE_HOOK_CURL:-}" ] && [ "${BASH_VERSINFO[0]}" -ge 4 ] && [ ${#2} -lt 65536 ] || return 1
  case $SYN_BASE in http://127.0.0.1:* | http://localhost:*) ;; *) return 1 ;; esac
  rest=${SYN_BASE#http://}
  hostport=${rest%%/*}
  prefix=${rest#"$hostport"}
  host=${hostport%:*}
  port=${hostport##*:}
  case $port in '' | *[!0-9]*) return 1 ;; esac
  SYN_CODE=000 SYN_BODY=""
  trap '' PIPE # a server that closes early fails the write instead of killing the hook
  { exec 5<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 0
  printf 'POST %s/api/hooks/%s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' \
    "$prefix" "$1" "$hostport" "$SYNAPSE_API_KEY" "${#2}" "$2" >&5 2>/dev/null
  IFS= read -r -d '' -t "$3" resp <&5
  status=$?
  exec 5<&-
  # 1 is the end of the answer (no NUL in it); above 128 the deadline passed first
  [ $status -le 1 ] || return 0
  status=${resp%%$'\r'*}
  status=${status#HTTP/* }
  SYN_CODE=${status%% *}
  case $resp in *$'\r\n\r\n'*) SYN_BODY=${resp#*$'\r\n\r\n'} ;; esac
  return 0
}

# The request through curl (an https:// or remote server). Sets SYN_CODE and SYN_BODY.
syn_curl_post() {
  local out
  out=$(curl -sS --connect-timeout 1 --max-time "$3" -X POST -H 'Content-Type: application/json' \
    --data-binary @- -w '\n%{http_code}' -K /dev/fd/3 "$SYN_BASE/api/hooks/$1" 2>/dev/null \
    <<<"$2" 3<<<"header = \"Authorization: Bearer $SYNAPSE_API_KEY\"")
  SYN_CODE=${out##*$'\n'}
  SYN_BODY=${out%$'\n'*}
  [ "$SYN_BODY" = "$out" ] && SYN_BODY=""
}

# Sets SYN_V to "<parent pid> <start time> <command>" of process $1: from /proc without starting a
# process where it exists (start time in clock ticks since boot), else from ps (macOS).
syn_proc_info() {
  local line rest f
  SYN_V=""
  if [ -r "/proc/$1/stat" ]; then
    IFS= read -r line <"/proc/$1/stat" || return 1
    rest=${line##*) }
    f=${line#*(}
    f=${f%)*}
    # shellcheck disable=SC2086 # word splitting of the stat fields is the point
    set -- $rest
    [ $# -ge 20 ] || return 1
    SYN_V="$2 ${20} $f"
    return 0
  fi
  local ppid comm start
  read -r ppid comm < <(ps -o ppid= -o comm= -p "$1" 2>/dev/null)
  read -r start < <(ps -o lstart= -p "$1" 2>/dev/null)
  [ -n "$start" ] || return 1
  SYN_V="$ppid ${start// /_} ${comm##*/}"
}

# Sets SYN_PID and SYN_PSTART to the Claude Code process that runs this hook (the first ancestor
# that is not a shell) and its start time, so a later hook can tell whether it is still alive.
syn_process() {
  local pid=$PPID n=0 ppid start comm
  SYN_PID="" SYN_PSTART=""
  while [ $n -lt 4 ] && [ "$pid" -gt 1 ] 2>/dev/null; do
    syn_proc_info "$pid" || return 1
    read -r ppid start comm <<<"$SYN_V"
    # a shell whose parent is init (a detached or reparented chain) is the owner itself
    case $comm in
      sh | bash | dash | zsh | -sh | -bash)
        if [ "$ppid" -gt 1 ] 2>/dev/null; then pid=$ppid; else break; fi
        ;;
      *) break ;;
    esac
    n=$((n + 1))
  done
  [ "$pid" -gt 1 ] 2>/dev/null || return 1
  syn_proc_info "$pid" || return 1
  read -r ppid start comm <<<"$SYN_V"
  SYN_PID=$pid SYN_PSTART=$start
}

# True while the process named in file $1 ("<pid> <start time>") is alive and is the same one.
syn_process_alive() {
  local pid start ppid now comm
  read -r pid start 2>/dev/null <"$1" || return 1
  [ -n "$pid" ] && [ -n "$start" ] || return 1
  syn_proc_info "$pid" || return 1
  read -r ppid now comm <<<"$SYN_V"
  [ "$now" = "$start" ]
}

# The tool_use_id of the Agent call that spawned sub-agent $1, from the meta file Claude Code
# writes next to the sub-agent's transcript (only after SubagentStart: later hooks read it).
# Sets SYN_V; non-zero when not (yet) known.
syn_spawn_key() {
  local meta=""
  if syn_jstr agent_transcript_path && [ -n "$SYN_V" ]; then
    meta="${SYN_V%.jsonl}.meta.json"
  elif syn_jstr transcript_path && [ -n "$SYN_V" ]; then
    case $SYN_V in
      */subagents/*) meta="${SYN_V%.jsonl}.meta.json" ;;
      *) meta="${SYN_V%.jsonl}/subagents/agent-$1.meta.json" ;;
    esac
  fi
  [ -n "$meta" ] && syn_slurp "$meta" && syn_jstr toolUseId "$SYN_V" && [ -n "$SYN_V" ]
}
