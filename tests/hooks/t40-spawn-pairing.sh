# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): Pairing a sub-agent with its spawn (PreToolUse(Agent), PostToolUse(Agent), SubagentStart): read-only
# types skipped, background keys in any order, foreground spawns settled by the meta file, refused
# spawns forgotten, 20 parallel spawns.

test_read_only_types_skipped() {
  local sid ex gp
  sid=$(new_sid)
  start_lead "$sid"
  hook on-pre-spawn.sh "$(p_pre "$sid" toolu_ex1 Explore "" "explore the code")"
  hook on-pre-spawn.sh "$(p_pre "$sid" toolu_gp1 general-purpose "" "build it")"
  ex=$(new_agent)
  gp=$(new_agent)
  hook on-subagent-start.sh "$(p_subagent "$sid" "$ex" Explore)"
  DETAIL="Explore start: rc=$RC out=$OUT"
  [ "$RC" = 0 ] && [ -z "$OUT" ]
  check "SubagentStart for a read-only type (Explore): no session, no output"
  hook on-subagent-start.sh "$(p_subagent "$sid" "$gp" general-purpose)"
  DETAIL="general-purpose session: $(session_by_id "$(ctx_session)")"
  session_by_id "$(ctx_session)" | jq -e '.description == "build it"' >/dev/null &&
    [ "$(lead_tree "$sid" | jq '.subagents | length')" = 1 ]
  check "PreToolUse for Explore records nothing: the general-purpose sub-agent gets its own spawn's description, the lead has one sub-agent"
  hook on-subagent-stop.sh "$(p_stop "$sid" "$gp" general-purpose)"
  hook on-session-end.sh "$(p_end "$sid")"
}

# Background spawns: the async_launched PostToolUse is the exact key, whatever order it comes in.
test_background_exact_pairing() {
  local sid i a order bad="" pids=() s
  sid=$(new_sid)
  start_lead "$sid"
  for i in 1 2 3; do
    hook on-pre-spawn.sh "$(p_pre "$sid" "toolu_bg$i" general-purpose "" "background job $i" true)"
  done
  # agents x, y, z got spawns 3, 1, 2; the SubagentStart of z runs before any key arrives
  (hook on-subagent-start.sh "$(p_subagent "$sid" agentz general-purpose)" && printf '%s' "$(ctx_session)" >"$TMP/bg.z") &
  pids+=($!)
  sleep 0.2
  for a in "toolu_bg3 agentx background job 3" "toolu_bg1 agenty background job 1" "toolu_bg2 agentz background job 2"; do
    read -r u ag d <<<"$a"
    hook on-spawn-done.sh "$(p_launched "$sid" "$u" "$ag" "$d")"
    [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ] || bad="$bad spawn-done $u printed or failed: $OUT $ERR;"
  done
  hook on-subagent-start.sh "$(p_subagent "$sid" agentx general-purpose)"
  printf '%s' "$(ctx_session)" >"$TMP/bg.x"
  hook on-subagent-start.sh "$(p_subagent "$sid" agenty general-purpose)"
  printf '%s' "$(ctx_session)" >"$TMP/bg.y"
  wait "${pids[@]}"
  for order in "x 3" "y 1" "z 2"; do
    read -r a i <<<"$order"
    s=$(session_by_id "$(cat "$TMP/bg.$a")")
    printf '%s' "$s" | jq -e --arg d "background job $i" --arg u "toolu_bg$i" '.description == $d and .tool_use_id == $u and .pairing == "exact"' >/dev/null ||
      bad="$bad agent$a: $(printf '%s' "$s" | jq -c '[.description, .tool_use_id, .pairing]');"
  done
  DETAIL=$bad
  [ -z "$bad" ]
  check "background spawns: each sub-agent's session has its own spawn's description and tool_use_id (exact), keys out of order"
  hook on-session-end.sh "$(p_end "$sid")"
}

# Foreground spawns have no key at SubagentStart: a by-order guess, settled by the meta file at the
# sub-agent's first tool call.
test_foreground_settled_by_meta() {
  local sid s1 s2
  sid=$(new_sid)
  start_lead "$sid"
  hook on-pre-spawn.sh "$(p_pre "$sid" toolu_f1 general-purpose fore-one "first foreground")"
  hook on-pre-spawn.sh "$(p_pre "$sid" toolu_f2 general-purpose fore-two "second foreground")"
  # the second spawn's sub-agent starts first
  hook on-subagent-start.sh "$(p_subagent "$sid" agentf2 general-purpose)"
  s2=$(ctx_session)
  hook on-subagent-start.sh "$(p_subagent "$sid" agentf1 general-purpose)"
  s1=$(ctx_session)
  DETAIL="guess: $(session_by_id "$s2" | jq -c '[.name, .pairing]')"
  session_by_id "$s2" | jq -e '.pairing == "by-order"' >/dev/null
  check "foreground spawn without a key yet: its session says pairing by-order"
  meta "$sid" agentf1 toolu_f1
  meta "$sid" agentf2 toolu_f2
  hook on-heartbeat.sh "$(p_tool "$sid" agentf2)"
  hook on-heartbeat.sh "$(p_tool "$sid" agentf1)"
  DETAIL="$(session_by_id "$s2" | jq -c '[.name, .description, .pairing]') $(session_by_id "$s1" | jq -c '[.name, .description, .pairing]')"
  session_by_id "$s2" | jq -e '.name == "fore-two" and .description == "second foreground" and .pairing == "exact"' >/dev/null &&
    session_by_id "$s1" | jq -e '.name == "fore-one" and .description == "first foreground" and .pairing == "exact"' >/dev/null
  check "foreground spawns: the first PostToolUse reads Claude Code's meta file and the server settles each session to its own spawn"
  hook on-subagent-stop.sh "$(p_stop "$sid" agentf1 general-purpose)"
  hook on-subagent-stop.sh "$(p_stop "$sid" agentf2 general-purpose)"
  hook on-session-end.sh "$(p_end "$sid")"
}

test_failed_spawn_dropped() {
  local sid ev
  for ev in PostToolUseFailure PermissionDenied; do
    sid=$(new_sid)
    start_lead "$sid"
    hook on-pre-spawn.sh "$(p_pre "$sid" toolu_refused general-purpose refused-one "never ran")"
    hook on-spawn-done.sh "$(p_spawn_done "$sid" toolu_refused "$ev")"
    hook on-pre-spawn.sh "$(p_pre "$sid" toolu_real general-purpose real-one "did run")"
    hook on-subagent-start.sh "$(p_subagent "$sid" "$(new_agent)" general-purpose)"
    DETAIL="session: $(session_by_id "$(ctx_session)")"
    session_by_id "$(ctx_session)" | jq -e '.name == "real-one" and .description == "did run"' >/dev/null
    check "$ev(Agent): the refused spawn is forgotten; the next sub-agent gets the spawn that ran"
    hook on-session-end.sh "$(p_end "$sid")"
  done
}

test_parallel_spawns() {
  local sid n=20 i pids=() bad="" s
  sid=$(new_sid)
  start_lead "$sid"
  for i in $(seq 1 $n); do
    hook on-pre-spawn.sh "$(p_pre "$sid" "toolu_par$i" general-purpose "par-$i" "parallel job $i" true)"
  done
  # the keys of all 20 at once, then all 20 SubagentStarts at once (a start racing its own key is
  # covered by the ordering test and the CLI replays)
  for i in $(seq 1 $n); do
    (hook on-spawn-done.sh "$(p_launched "$sid" "toolu_par$i" "agentpar$i" "parallel job $i")") &
    pids+=($!)
  done
  wait "${pids[@]}"
  pids=()
  for i in $(seq 1 $n); do
    (
      hook on-subagent-start.sh "$(p_subagent "$sid" "agentpar$i" general-purpose)"
      printf '%s' "$(ctx_session)" >"$TMP/par.$i"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq 1 $n); do
    s=$(session_by_id "$(cat "$TMP/par.$i" 2>/dev/null)")
    printf '%s' "$s" | jq -e --arg n "par-$i" --arg d "parallel job $i" '.name == $n and .description == $d and .pairing == "exact"' >/dev/null ||
      bad="$bad $i: $(printf '%s' "$s" | jq -c '[.name, .description, .pairing]' 2>/dev/null);"
  done
  DETAIL=$bad
  [ -z "$bad" ] && [ "$(sort -u "$TMP"/par.* | wc -l | tr -d ' ')" = $n ]
  check "20 parallel background spawns: 20 distinct sessions, each with its own name and description (exact)"
  pids=()
  for i in $(seq 1 $n); do
    (hook on-subagent-stop.sh "$(p_stop "$sid" "agentpar$i" general-purpose)") &
    pids+=($!)
  done
  wait "${pids[@]}"
  DETAIL=$(lead_tree "$sid" | jq -c '[.subagents[] | select(.status != "closed") | .name]')
  lead_tree "$sid" | jq -e --argjson n $n '(.subagents | length) == $n and all(.subagents[]; .status == "closed")' >/dev/null
  check "20 parallel spawns: all 20 closed, all under the lead"
  hook on-session-end.sh "$(p_end "$sid")"
}

# --- run ---
need_server || return 0
test_read_only_types_skipped
test_background_exact_pairing
test_foreground_settled_by_meta
test_failed_spawn_dropped
test_parallel_spawns
