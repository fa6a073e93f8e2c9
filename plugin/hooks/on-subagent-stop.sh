#!/usr/bin/env bash
# SubagentStop: close the sub-agent's session and remove its state. Prints no additionalContext:
# any context here would keep the sub-agent running. At most a systemMessage for the user.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
agent=$SYN_AGENT_ID
claim="$SYN_DIR/claimed/$agent"
syn_slurp "$claim" || exit 0
record=$SYN_V
syn_jstr session_id "$record"
session=$SYN_V
syn_jstr name "$record"
name=$SYN_V
syn_jstr tool_use_id "$record"
tool_use=$SYN_V

warn=""
closed=0
if [ -n "$session" ]; then
  if syn_mcp close_session "{\"session_id\":\"$session\"}"; then
    closed=1
  else
    warn="session $name stays open: $SYN_ERR"
  fi
fi

# A session file that names a still-open session stays (SessionEnd keeps it, a respawn reuses it).
syn_safe "$name"
sessions_file="$SYN_DIR/sessions/$SYN_V.json"
if [ $closed -eq 1 ] && syn_slurp "$sessions_file" && syn_jstr agent_id "$SYN_V" && [ "$SYN_V" = "$agent" ]; then
  rm -f "$sessions_file"
fi
rm -f "$claim" "$SYN_DIR/heartbeat/$agent"
syn_state_rebuild

# Claude Code writes the spawn's name and tool_use_id next to the sub-agent transcript once the
# sub-agent has started: tell the user when oldest-first pairing gave it another spawn's name.
if syn_jstr agent_transcript_path && [ -n "$tool_use" ] && syn_slurp "${SYN_V%.jsonl}.meta.json"; then
  meta=$SYN_V
  if syn_jstr toolUseId "$meta" && [ "$SYN_V" != "$tool_use" ]; then
    syn_jstr name "$meta"
    warn="${warn:+$warn; }sub-agent ${SYN_V:-?} ran in session $name (same-type spawns started together are paired oldest first)"
  fi
fi
[ -n "$warn" ] && syn_out_warn "$warn"
exit 0
