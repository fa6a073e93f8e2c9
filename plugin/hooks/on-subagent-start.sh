#!/usr/bin/env bash
# SubagentStart: pair the sub-agent with its spawn, give it its own Synapse session (reuse the open
# one of that name, revive an inactive one, reopen the newest closed one, else create), and put the
# session id into the sub-agent's context.
#
# Pairing rule: SubagentStart carries only agent_id and agent_type (no name, no tool_use_id; the
# sub-agent's transcript and meta file are written only after this hook returns), so the sub-agent
# claims the OLDEST pending spawn of its own agent_type with an atomic rename into
# claimed/<agent_id>; a rename that fails means another sub-agent got there first, and the next
# one is tried. Each spawn is claimed exactly once, so each sub-agent ends up with one session.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
type=${SYN_AGENT_TYPE:-general-purpose}
syn_skipped_type "$type" && exit 0
if [ -z "${SYNAPSE_API_KEY:-}" ]; then
  syn_out_warn "SYNAPSE_API_KEY is not set; sub-agent sessions are not tracked"
  exit 0
fi
syn_state_init || exit 0
agent=$SYN_AGENT_ID
claim="$SYN_DIR/claimed/$agent"

now=$(date +%s)
if [ ! -f "$claim" ]; then
  syn_safe "$type"
  for f in "$SYN_DIR"/pending/*."$SYN_V".*; do
    [ -f "$f" ] || continue
    # A spawn left unclaimed for 30 minutes was refused or failed: never pair with it. (Order keys
    # are nanosecond times, or small counters where date has no %N.)
    key=${f##*/}
    key=${key%%-*}
    if [ ${#key} -eq 19 ] && [ "${key:0:1}" != 0 ] && [ "${key:0:10}" -lt $((now - 1800)) ]; then
      rm -f "$f"
      continue
    fi
    mv "$f" "$claim" 2>/dev/null && break
  done
fi
syn_slurp "$claim"
entry=$SYN_V
case $entry in "{"*"}") ;; *) entry="{}" ;; esac

# A sub-agent that already has its session (SubagentStart repeated) is told again.
syn_jstr session_id "$entry"
session=$SYN_V
syn_jstr name "$entry"
name=$SYN_V
action=reused
if [ -z "$session" ]; then
  [ -n "$name" ] || name="$type-${agent:0:8}"
  syn_safe "$name"
  lock="name-$SYN_V"
  # One find-or-create per name at a time, so parallel spawns of one name can't both create.
  syn_lock "$lock" 9 || {
    syn_out_warn "state lock busy for $name; no session"
    exit 0
  }
  # Two running sub-agents of one Claude Code session never share a session: a name still held
  # by another running sub-agent gets this agent's short id appended.
  if syn_slurp "$SYN_DIR/sessions/$SYN_V.json" && syn_jstr agent_id "$SYN_V" &&
    [ "$SYN_V" != "$agent" ] && [ -f "$SYN_DIR/claimed/$SYN_V" ]; then
    name="$name-${agent:0:8}"
  fi
  syn_safe "$name"
  safe=$SYN_V
  # One list of the name's sessions, newest first: the newest open one is reused, else the newest
  # closed one reopened. Session objects are told apart by their opening `{"id":"` (inside strings
  # every quote is escaped, so that text only starts a real object).
  state=""
  if syn_mcp list_sessions "{\"name\":\"$name\",\"limit\":100}"; then
    rest=${SYN_RESULT#*'"structuredContent"'}
    closed=""
    while [[ $rest == *'{"id":"'* ]]; do
      rest=${rest#*'{"id":"'}
      obj=${rest%%'{"id":"'*}
      syn_jstr status "$obj"
      case $SYN_V in
        active | inactive)
          session=${obj:0:36} state=$SYN_V
          break
          ;;
        closed) [ -n "$closed" ] || closed=${obj:0:36} ;;
      esac
    done
    [ -z "$session" ] && [ -n "$closed" ] && session=$closed state=closed
    # Objects laid out some other way: let jq pick, rather than create a duplicate.
    if [ -z "$state" ] && [[ $SYN_RESULT != *'"count":0'* ]] && command -v jq >/dev/null 2>&1; then
      read -r session state < <(printf '%s' "$SYN_RESULT" | sed -n 's/^data: *//; /^{/p' | jq -r 'select(.id == 1)
        | [.result.structuredContent.sessions[]?] | (map(select(.status != "closed")) + map(select(.status == "closed")))[0]
        // empty | .id + " " + .status' 2>/dev/null)
    fi
  fi
  if [ -z "$SYN_ERR" ]; then
    case $state in
      active) action=reused ;;
      inactive) syn_mcp session_heartbeat "{\"session_id\":\"$session\"}" && action=revived ;;
      closed) syn_mcp reopen_session "{\"session_id\":\"$session\"}" && action=reopened ;;
      *)
        syn_jstr description "$entry"
        desc="Claude Code sub-agent $type $agent${SYN_V:+: $SYN_V}"
        syn_mcp create_session "{\"name\":\"$name\",\"description\":\"$desc\"}" && syn_session_id "$SYN_RESULT" &&
          session=$SYN_V action=created
        ;;
    esac
  fi
  if [ -n "$SYN_ERR" ] || [ -z "$session" ]; then
    syn_unlock "$lock" 9
    syn_out_warn "no session for sub-agent $name: ${SYN_ERR:-no session id in the answer}"
    exit 0
  fi
  syn_jstr tool_use_id "$entry"
  record="{\"session_id\":\"$session\",\"name\":\"$name\",\"agent_id\":\"$agent\",\"agent_type\":\"$type\",\"action\":\"$action\",\"tool_use_id\":\"$SYN_V\"}"
  syn_write "$SYN_DIR/sessions/$safe.json" "$record"
  syn_unlock "$lock" 9
  syn_write "$claim" "$record"
  printf '%s\n' "$now" >"$SYN_DIR/heartbeat/$agent" 2>/dev/null
  syn_state_rebuild
fi

syn_out_context SubagentStart "Synapse session id: $session (this sub-agent's own Synapse session, name \\\"$name\\\", $action).\\nPass session_id \\\"$session\\\" to run_plugin so runs are recorded under it. The synapse plugin's hooks send its heartbeats while this sub-agent works and close it when the sub-agent stops."
exit 0
