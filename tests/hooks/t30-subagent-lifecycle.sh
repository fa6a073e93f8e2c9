# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): One sub-agent from PreToolUse(Agent) through SubagentStart, PostToolUse heartbeats, SubagentStop
# and SessionEnd; a respawn of a closed name; two live sub-agents with one name.

test_named_spawn_lifecycle() {
  local sid s n before after
  sid=$(new_sid)
  start_lead "$sid"
  AGENT=$(new_agent)
  hook on-pre-spawn.sh "$(p_pre "$sid" "toolu_$AGENT" general-purpose worker-alpha "index the repo")"
  DETAIL="rc=$RC out=$OUT err=$ERR"
  [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ]
  check "PreToolUse(Agent): exit 0, prints nothing"
  hook on-subagent-start.sh "$(p_subagent "$sid" "$AGENT" general-purpose)"
  SESSION=$(ctx_session)
  s=$(session_by_id "$SESSION")
  DETAIL="out=$(printf '%s' "$OUT" | head -c 200) err=$ERR session=$s"
  [ "$RC" = 0 ] && [ -z "$ERR" ] && printf '%s' "$s" | jq -e --arg p "$(lead_of "$sid" | jq -r .id)" '.name == "worker-alpha"
    and .description == "index the repo" and .status == "active" and .parent_id == $p and .agent_type == "general-purpose"' >/dev/null
  check "SubagentStart: context names a session called worker-alpha with the spawn's description, under the lead"
  hook on-user-prompt.sh "$(p_prompt "$sid")"
  DETAIL="out=$OUT"
  [ -z "$ERR" ] && ctx | grep -qF "worker-alpha (session $SESSION"
  check "UserPromptSubmit: reminder names the open sub-agent session"
  before=$(session_by_id "$SESSION" | jq -r .heartbeats)
  hook on-heartbeat.sh "$(p_tool "$sid" "$AGENT")"
  local err1=$ERR
  hook on-heartbeat.sh "$(p_tool "$sid" "$AGENT")"
  after=$(session_by_id "$SESSION" | jq -r .heartbeats)
  DETAIL="heartbeats before=$before after=$after out=$OUT err=$err1$ERR"
  [ "$after" = $((before + 1)) ] && [ -z "$OUT" ] && [ -z "$err1$ERR" ]
  check "PostToolUse: one heartbeat, the second call within 60 s throttled, silent"
  hook on-heartbeat.sh "$(p_tool "$sid" "$AGENT")" SYNAPSE_HEARTBEAT_INTERVAL=0
  DETAIL="heartbeats: $(session_by_id "$SESSION" | jq -r .heartbeats)"
  [ "$(session_by_id "$SESSION" | jq -r .heartbeats)" = $((after + 1)) ]
  check "PostToolUse: heartbeat sent again once the interval has passed"
  n=$(session_by_id "$SESSION" | jq -r .heartbeats)
  hook on-heartbeat.sh "$(printf '{"session_id":"%s","cwd":"%s","hook_event_name":"PostToolUse","tool_name":"Bash"}' "$sid" "$PROJ")" SYNAPSE_HEARTBEAT_INTERVAL=0
  [ "$RC" = 0 ] && [ -z "$OUT" ] && [ "$(session_by_id "$SESSION" | jq -r .heartbeats)" = "$n" ]
  check "PostToolUse in the lead (no agent_id): exit 0, nothing sent"
  meta "$sid" "$AGENT" "toolu_$AGENT"
  hook on-subagent-stop.sh "$(p_stop "$sid" "$AGENT" general-purpose)"
  s=$(session_by_id "$SESSION")
  DETAIL="rc=$RC out=$OUT err=$ERR session=$s"
  [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ] && printf '%s' "$s" | jq -e '.status == "closed" and .closed_reason == "stopped" and .pairing == "exact"' >/dev/null
  check "SubagentStop: prints nothing at all; the session is closed (stopped), pairing exact"
  hook on-user-prompt.sh "$(p_prompt "$sid")"
  [ "$RC" = 0 ] && [ -z "$OUT" ]
  check "UserPromptSubmit: nothing to say once no sub-agent runs"
  hook on-session-end.sh "$(p_end "$sid")"
  DETAIL="lead: $(lead_of "$sid") state: $(find "$PROJ/.synapse" 2>/dev/null | head -n 3)"
  [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ] && [ ! -e "$PROJ/.synapse/$sid" ] && lead_of "$sid" | jq -e '.status == "closed" and .closed_reason == "ended"' >/dev/null
  check "SessionEnd: the lead's session is closed (ended) and the Claude Code session's state is gone"
}

test_respawn_reopens_closed() {
  local sid first
  sid=$(new_sid)
  start_lead "$sid"
  spawn "$sid" again-worker general-purpose
  first=$SESSION
  hook on-subagent-stop.sh "$(p_stop "$sid" "$AGENT" general-purpose)"
  spawn "$sid" again-worker general-purpose
  DETAIL="first=$first second=$SESSION ctx=$(ctx | head -c 200)"
  [ -n "$first" ] && [ "$SESSION" = "$first" ] && ctx | grep -q reopened && [ "$(sessions_named again-worker | jq length)" = 1 ]
  check "respawn of a closed name: the same session is reopened, still one session of that name"
  hook on-subagent-stop.sh "$(p_stop "$sid" "$AGENT" general-purpose)"
  hook on-session-end.sh "$(p_end "$sid")"
}

test_same_name_twice_live() {
  local sid a1 s1
  sid=$(new_sid)
  start_lead "$sid"
  spawn "$sid" twin general-purpose
  a1=$AGENT s1=$SESSION
  spawn "$sid" twin general-purpose
  DETAIL="$(session_by_id "$s1" | jq -c '[.name, .id]') $(session_by_id "$SESSION" | jq -c '[.name, .id]')"
  [ -n "$s1" ] && [ "$s1" != "$SESSION" ] && [ "$(session_by_id "$SESSION" | jq -r .name)" = "twin-${AGENT:0:8}" ]
  check "two live sub-agents with one name: two sessions, the second named <name>-<short id>"
  hook on-subagent-stop.sh "$(p_stop "$sid" "$a1" general-purpose)"
  hook on-subagent-stop.sh "$(p_stop "$sid" "$AGENT" general-purpose)"
  hook on-session-end.sh "$(p_end "$sid")"
}

# --- run ---
need_server || return 0
test_named_spawn_lifecycle
test_respawn_reopens_closed
test_same_name_twice_live
