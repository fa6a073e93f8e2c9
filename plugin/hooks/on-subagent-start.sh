#!/usr/bin/env bash
# SubagentStart, deadline 5 s: the server claims the sub-agent's own session (paired with its spawn
# by the exact key when one exists) and answers with the context that names the session id.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
syn_skipped_type "${SYN_AGENT_TYPE:-general-purpose}" && exit 0
pid=null start=""
read -r p s 2>/dev/null <"$SYN_DIR/process" && [ -n "$p" ] && pid=$p start=$s
out=$(syn_send subagent-start "{\"pid\":$pid,\"process_start\":\"$start\",\"payload\":$SYN_PAYLOAD}" 4 warn)
[ -n "$out" ] && printf '%s\n' "$out"
# The UserPromptSubmit reminder reads these: one line per running sub-agent.
re='Synapse session id: ([0-9a-fA-F-]{36})'
if [[ $out =~ $re ]] && mkdir -p "$SYN_DIR/agents" 2>/dev/null; then
  session=${BASH_REMATCH[1]}
  name='?'
  re='name \\"([^"\\]*)\\"'
  [[ $out =~ $re ]] && name=${BASH_REMATCH[1]}
  printf '%s (session %s, %s)\n' "$name" "$session" "${SYN_AGENT_TYPE:-general-purpose}" \
    >"$SYN_DIR/agents/$SYN_AGENT_ID" 2>/dev/null
fi
exit 0
