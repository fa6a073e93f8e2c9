# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): Hook payloads recorded from the real CLI (fixtures/), replayed in the order and overlap it produced.

# Payloads recorded from the real CLI (tests/e2e-claude, see fixtures/README), replayed with the
# order and overlap the CLI produced: hooks that overlapped there run concurrently here.
test_fixture_replays() {
  local fx sid map n i line next_t0 end pids bad s agent token desc label
  for fx in "$ROOT"/tests/hooks/fixtures/*.jsonl; do
    [ -f "$fx" ] || continue
    sid=$(new_sid)
    map="$TMP/replay-$(basename "$fx" .jsonl)"
    mkdir -p "$map"
    # meta files as Claude Code wrote them, under this replay's transcript folder
    mkdir -p "$TMP/t/$sid/subagents"
    jq -c 'select(.meta) | .meta' "$fx" | while read -r line; do
      printf '%s' "$line" | jq -c '.content' >"$TMP/t/$sid/subagents/agent-$(printf '%s' "$line" | jq -r .agent).meta.json"
    done
    n=$(jq -c 'select(.payload)' "$fx" | wc -l | tr -d ' ')
    pids=()
    i=0
    while read -r line; do
      i=$((i + 1))
      script=$(printf '%s' "$line" | jq -r .hook)
      payload=$(printf '%s' "$line" | jq -c --arg s "$sid" --arg cwd "$PROJ" --arg t "$TMP/t/$sid" '.payload
        | .session_id = $s | .cwd = $cwd
        | if .transcript_path then .transcript_path = ($t + ".jsonl") else . end
        | if .agent_transcript_path then .agent_transcript_path = ($t + "/subagents/agent-" + .agent_id + ".jsonl") else . end')
      end=$(printf '%s' "$line" | jq -r '.t0 + .ms * 1000000')
      next_t0=$(jq -c 'select(.payload) | .t0' "$fx" | sed -n "$((i + 1))p")
      if [ -n "$next_t0" ] && [ "$next_t0" -lt "${end%.*}" ]; then
        (hook "$script" "$payload" SYNAPSE_HEARTBEAT_INTERVAL=0; printf '%s\t%s\t%s\n' "$script" "$RC" "$OUT" >"$map/out.$i") &
        pids+=($!)
      else
        hook "$script" "$payload" SYNAPSE_HEARTBEAT_INTERVAL=0
        printf '%s\t%s\t%s\n' "$script" "$RC" "$OUT" >"$map/out.$i"
        [ ${#pids[@]} -gt 0 ] && wait "${pids[@]}" && pids=()
      fi
    done < <(jq -c 'select(.payload)' "$fx")
    [ ${#pids[@]} -gt 0 ] && wait "${pids[@]}"
    bad=""
    for agent in $(jq -r 'select(.meta) | .meta.agent' "$fx"); do
      desc=$(jq -r --arg a "$agent" 'select(.meta.agent == $a) | .meta.content.description' "$fx")
      token=$(jq -r --arg a "$agent" 'select(.meta.agent == $a) | .meta.content.toolUseId' "$fx")
      s=$(lead_tree "$sid" | jq -c --arg d "$desc" '[.subagents[]? | select(.description == $d)]')
      printf '%s' "$s" | jq -e --arg u "$token" 'length == 1 and .[0].tool_use_id == $u and .[0].pairing == "exact" and .[0].status == "closed"' >/dev/null ||
        bad="$bad $agent ($desc): $s;"
    done
    label="replay $(basename "$fx") ($n hook calls from the real CLI): each sub-agent's session has its own spawn's description and tool_use_id, all closed, no warning"
    DETAIL="$bad outputs: $(cat "$map"/out.* | grep -v $'\t0\t$' | head -c 300) lead: $(lead_tree "$sid" | head -c 300)"
    [ -z "$bad" ] && [ "$(jq -r 'select(.meta) | .meta.agent' "$fx" | wc -l)" -ge 3 ] &&
      ! grep -q systemMessage "$map"/out.* && [ -z "$(awk -F'\t' '$2 != 0' "$map"/out.*)" ] &&
      lead_tree "$sid" | jq -e '.status == "closed"' >/dev/null
    check "$label"
  done
}

# --- run ---
need_server || return 0
test_fixture_replays
