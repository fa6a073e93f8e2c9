# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): SessionStart: the lead's session and orientation, the Claude Code process it records, and the
# reaping of a dead process's folders and sessions.

test_session_start() {
  local sid lead
  sid=$(new_sid)
  start_lead "$sid"
  DETAIL="rc=$RC out=$(printf '%s' "$OUT" | head -c 300) err=$ERR"
  [ "$RC" = 0 ] && [ -z "$ERR" ] && [ "$(printf '%s' "$OUT" | jq -r '.hookSpecificOutput.hookEventName')" = SessionStart ]
  check "SessionStart: exit 0, empty stderr, hookSpecificOutput for SessionStart"
  lead=$(lead_of "$sid")
  DETAIL="context: $(ctx | head -c 300) lead: $lead"
  ctx | grep -qF 'works as agent "hooks-test"' && ctx | grep -qF "$(printf '%s' "$lead" | jq -r .id)" &&
    [ "$(printf '%s' "$lead" | jq -r .status)" = active ]
  check "SessionStart: context names the agent and the lead's own session, which the server holds active"
  local pid start
  read -r pid start <"$PROJ/.synapse/$sid/process" 2>/dev/null
  DETAIL="process file: ${pid:-none} ${start:-}"
  [ -n "${pid:-}" ] && [ "$(proc_start "$pid")" = "$start" ] && [ "$pid" != "$$" ]
  check "SessionStart: .synapse/<session>/process names a live ancestor process and its start time"
  hook on-session-end.sh "$(p_end "$sid")"
}

# A Claude Code process that is gone leaves .synapse/<its session>/ and open sessions behind: the
# next SessionStart in the project reaps them; a live one's are kept.
test_reap_dead_process() {
  local dead live newsid dead_pid s_dead s_live
  dead=$(new_sid)
  live=$(new_sid)
  start_lead "$dead"
  spawn "$dead" dead-worker general-purpose
  s_dead=$SESSION
  start_lead "$live"
  spawn "$live" live-worker general-purpose
  s_live=$SESSION
  # the dead one: a pid that no longer runs; the live one: this test's shell, with its start time
  sleep 0 &
  dead_pid=$!
  wait "$dead_pid"
  printf '%s %s\n' "$dead_pid" "Thu Jan  1 00:00:00 1970" >"$PROJ/.synapse/$dead/process"
  printf '%s %s\n' "$$" "$(proc_start $$)" >"$PROJ/.synapse/$live/process"
  # a pid that runs but was started at another time (reused) counts as dead too
  mkdir -p "$PROJ/.synapse/reused-pid-session"
  printf '%s %s\n' "$$" "Thu Jan  1 00:00:00 1970" >"$PROJ/.synapse/reused-pid-session/process"
  newsid=$(new_sid)
  start_lead "$newsid"
  DETAIL="rc=$RC err=$ERR dead: $(session_by_id "$s_dead" | jq -c '[.status, .closed_reason]') lead: $(lead_of "$dead" | jq -c '[.status, .closed_reason]') dirs: $(find "$PROJ/.synapse" -mindepth 1 -maxdepth 1 -type d | tr '\n' ' ')"
  session_by_id "$s_dead" | jq -e '.status == "closed" and .closed_reason == "orphaned"' >/dev/null &&
    lead_of "$dead" | jq -e '.status == "closed" and .closed_reason == "orphaned"' >/dev/null &&
    [ ! -e "$PROJ/.synapse/$dead" ] && [ ! -e "$PROJ/.synapse/reused-pid-session" ]
  check "SessionStart reaps a dead Claude Code process's folders (gone pid, reused pid) and the server closes its sessions as orphaned"
  DETAIL="live: $(session_by_id "$s_live" | jq -c '[.status]')"
  session_by_id "$s_live" | jq -e '.status == "active"' >/dev/null && [ -d "$PROJ/.synapse/$live" ]
  check "SessionStart keeps a live Claude Code process's folder and sessions"
  hook on-session-end.sh "$(p_end "$live")"
  hook on-session-end.sh "$(p_end "$newsid")"
  rm -rf "$PROJ/.synapse"
}

# --- run ---
need_server || return 0
test_session_start
test_reap_dead_process
