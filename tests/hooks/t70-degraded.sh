# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): Bad input and a degraded server: garbage on stdin, the key never on a command line, the server
# down, slow or hanging, no key or a wrong one. Every hook exits 0 within its deadline.

test_bad_input() {
  local f bad="" before
  before=$(all_sessions | jq length)
  rm -rf "$PROJ/.synapse"
  for f in "$HOOKS"/on-*.sh; do
    for input in 'not json at all' '{}' '{"session_id":"../../etc","hook_event_name":"SessionStart"}'; do
      hook "${f##*/}" "$input"
      [ "$RC" = 0 ] && [ -z "$ERR" ] || bad="$bad ${f##*/}($input): rc=$RC err=$ERR;"
      case $input in
        '{"session_id"'*) ;;
        *) [ -z "$OUT" ] || bad="$bad ${f##*/}($input) printed $OUT;" ;;
      esac
    done
  done
  DETAIL="$bad state: $(find "$PROJ/.synapse" -maxdepth 1 2>/dev/null | head -n 3)"
  [ -z "$bad" ] && [ ! -e "$PROJ/etc" ] && [ ! -e "$TMP/etc" ] && [ "$(find "$PROJ/.synapse" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | grep -cv -- '-etc$')" = 0 ]
  check "garbage or an empty object on stdin: every hook exits 0 with empty stderr and prints nothing; a path-like session id stays inside .synapse/"
  rm -rf "$PROJ/.synapse"
}

test_key_not_on_command_line() {
  local sid seen="" curls=0 p c
  sid=$(new_sid)
  (hook on-session-start.sh "$(p_start_session "$sid")" SYNAPSE_URL="http://127.0.0.1:$HANG_PORT") &
  local bg=$!
  for _ in $(seq 1 40); do
    # one grep over every command line; that grep itself and the test's own `env VAR=… script`
    # that starts the hook are not the hook
    while read -r p; do
      c=$({ tr '\0' ' ' <"$p"; } 2>/dev/null)
      case $c in '' | 'env '* | 'grep '*) ;; *) seen="$seen ${p#/proc/}: ${c:0:60}" ;; esac
    done < <(grep -lF "$KEY" /proc/[0-9]*/cmdline 2>/dev/null)
    sleep 0.05
  done
  wait $bg
  DETAIL="processes with the key on their command line:${seen:- none}"
  [ -z "$seen" ]
  check "over /dev/tcp (loopback, the default) no process of the hook carries the API key on its command line"
  seen=""
  rm -rf "$PROJ/.synapse/$sid"
  sid=$(new_sid)
  (hook on-session-start.sh "$(p_start_session "$sid")" SYNAPSE_URL="http://127.0.0.1:$HANG_PORT" SYNAPSE_HOOK_CURL=1) &
  bg=$!
  for _ in $(seq 1 60); do
    for p in $(pgrep -x curl 2>/dev/null); do
      tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$HANG_PORT" || continue
      curls=$((curls + 1))
      tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$KEY" && seen=yes
    done
    sleep 0.05
  done
  wait $bg
  DETAIL="curl processes seen: $curls, key on a command line: ${seen:-no}"
  [ "$curls" -gt 0 ] && [ -z "$seen" ]
  check "the API key never appears on a process command line (the hook's curl was seen; it reads the key from a descriptor)"
  rm -rf "$PROJ/.synapse/$sid"
}

# network_hooks_degrade LABEL URL KEY: with the server down, slow or hanging, or no key, every hook
# that makes a request ends within its own deadline (its hooks.json timeout) and exits 0; start and
# stop hooks say what is wrong in one systemMessage, per-prompt hooks stay silent.
network_hooks_degrade() {
  local label=$1 url=$2 key=$3 name script payload sid agent limit pids=() warn what
  for name in session-start subagent-start subagent-stop heartbeat pre-spawn spawn-done session-end; do
    sid=$(new_sid)
    agent=$(new_agent)
    mkdir -p "$PROJ/.synapse/$sid/agents"
    case $name in
      session-start) payload=$(p_start_session "$sid") ;;
      subagent-start) payload=$(p_subagent "$sid" "$agent" general-purpose) ;;
      subagent-stop) payload=$(p_stop "$sid" "$agent" general-purpose) ;;
      heartbeat) payload=$(p_tool "$sid" "$agent") ;;
      pre-spawn) payload=$(p_pre "$sid" toolu_d general-purpose degraded) ;;
      spawn-done) payload=$(p_launched "$sid" toolu_d "$agent" degraded) ;;
      session-end) payload=$(p_end "$sid") ;;
    esac
    script="on-$name.sh"
    limit=$(jq -r --arg s "$script" '[.hooks[][] .hooks[] | select(.command | endswith($s)) | .timeout][0]' "$HOOKS/hooks.json")
    [ "$name" = session-end ] && limit=1.5
    (
      hook "$script" "$payload" SYNAPSE_URL="$url" SYNAPSE_API_KEY="$key" SYNAPSE_HEARTBEAT_INTERVAL=0
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$script" "$RC" "$MS" "$limit" "$(sysmsg)" "$ERR" >"$TMP/degrade.$name"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  for name in session-start subagent-start subagent-stop heartbeat pre-spawn spawn-done session-end; do
    IFS=$'\t' read -r script RC MS limit msg err <"$TMP/degrade.$name"
    case $name in session-start | subagent-start | subagent-stop) warn=yes ;; *) warn="" ;; esac
    if [ -n "$warn" ]; then what=", a systemMessage${4:+ naming the fault}"; else what=", silent"; fi
    DETAIL="rc=$RC ${MS} ms (deadline ${limit} s) message: $msg stderr: $err"
    [ "$RC" = 0 ] && [ -z "$err" ] && [ "$MS" -lt "$(awk -v l="$limit" 'BEGIN { print int(l * 1000) }')" ] &&
      if [ -z "$warn" ]; then [ -z "$msg" ]; elif [ -n "${4:-}" ]; then printf '%s' "$msg" | grep -qE "$4"; fi
    check "$label: $script exits 0 in ${MS} ms (deadline ${limit} s)$what"
  done
  rm -rf "$PROJ/.synapse"
}

test_server_down() { network_hooks_degrade "server down" "http://127.0.0.1:$DOWN_PORT" "$KEY" "not reachable"; }

test_server_slow() { network_hooks_degrade "server answering in 3.5 s" "http://127.0.0.1:$SLOW_PORT" "$KEY" ""; }

test_server_hanging() { network_hooks_degrade "server hanging" "http://127.0.0.1:$HANG_PORT" "$KEY" "not reachable"; }

test_no_api_key() { network_hooks_degrade "no SYNAPSE_API_KEY" "$URL" "" "SYNAPSE_API_KEY is not set"; }

test_wrong_api_key() { network_hooks_degrade "a wrong API key" "$URL" "syn_wrong_key_0000" "refused the API key"; }

# --- run ---
need_server || return 0
test_bad_input
test_key_not_on_command_line
test_server_down
# the mutation driver leaves out the two slowest (seconds of waiting each, covered by the full run)
[ -z "${HOOKS_FAST:-}" ] && test_server_slow
[ -z "${HOOKS_FAST:-}" ] && test_server_hanging
test_no_api_key
test_wrong_api_key
