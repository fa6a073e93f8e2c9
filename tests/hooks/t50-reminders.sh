# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): The local-only hooks: UserPromptSubmit's reminder of running sub-agents, PostToolUse(run_plugin,
# wait_run) and TaskCompleted reminders to collect a run.

test_user_prompt_is_local_and_fast() {
  local sid i ms=() t
  sid=$(new_sid)
  mkdir -p "$PROJ/.synapse/$sid/agents"
  printf 'w (session 00000000-0000-0000-0000-000000000000, general-purpose)\n' >"$PROJ/.synapse/$sid/agents/a1"
  for i in 1 2 3 4 5 6 7; do
    hook on-user-prompt.sh "$(p_prompt "$sid")" SYNAPSE_URL="http://127.0.0.1:$HANG_PORT"
    ms+=("$MS")
  done
  t=$(printf '%s\n' "${ms[@]}" | sort -n | sed -n 4p)
  DETAIL="out=$OUT err=$ERR times: ${ms[*]}"
  [ -z "$ERR" ] && ctx | grep -qF 'w (session 00000000' && [ "$t" -lt 1000 ]
  check "UserPromptSubmit: answers from local state with the server hanging, median ${t} ms"
  rm -rf "$PROJ/.synapse/$sid"
}

test_run_reminders() {
  local p
  p=$(jq -cn --arg cwd "$PROJ" '{session_id:"s-run", cwd:$cwd, hook_event_name:"PostToolUse", tool_name:"mcp__plugin_synapse_synapse__run_plugin",
    tool_response:([{type:"text", text:({run_id:"r-123", status:"running", plugin:"hello", action:"add"} | tojson)}])}')
  hook on-run-tool.sh "$p"
  DETAIL="rc=$RC out=$OUT err=$ERR"
  [ "$RC" = 0 ] && [ -z "$ERR" ] && ctx | grep -qF 'wait_run(run_id: "r-123")'
  check "PostToolUse(run_plugin) with a running run: context says wait_run(run_id)"
  hook on-run-tool.sh "$(printf '%s' "$p" | jq -c '.tool_response[0].text = ({run_id:"r-125", status:"preparing"} | tojson)')"
  DETAIL="rc=$RC out=$OUT err=$ERR"
  [ "$RC" = 0 ] && [ -z "$ERR" ] && ctx | grep -qF 'wait_run(run_id: "r-125")'
  check "PostToolUse(run_plugin) with a run still preparing its environment: context says wait_run(run_id)"
  hook on-run-tool.sh "$(printf '%s' "$p" | jq -c '.tool_response[0].text = ({run_id:"r-123", status:"succeeded"} | tojson)')"
  DETAIL="rc=$RC out=$OUT err=$ERR"
  [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ERR" ]
  check "PostToolUse(run_plugin) with a finished run: exit 0, nothing"
  hook on-task-completed.sh '{"session_id":"s","hook_event_name":"TaskCompleted","task_subject":"train","task_description":"see synapse:run:r-9"}'
  DETAIL="rc=$RC out=$OUT err=$ERR"
  [ "$RC" = 0 ] && [ -z "$ERR" ] && sysmsg | grep -qF 'r-9'
  check "TaskCompleted naming synapse:run:<id>: a systemMessage reminds to collect it"
}

# --- run ---
need_server || return 0
test_user_prompt_is_local_and_fast
test_run_reminders
