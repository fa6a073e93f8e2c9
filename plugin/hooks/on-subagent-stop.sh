#!/usr/bin/env bash
# SubagentStop, deadline 5 s: the server settles the pairing (the meta file names the spawn by now)
# and closes the sub-agent's session. Prints no additionalContext (that would keep the sub-agent
# running); a systemMessage only when the session could not be closed.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
syn_skipped_type "${SYN_AGENT_TYPE:-general-purpose}" && exit 0
agent=$SYN_AGENT_ID
key=""
syn_spawn_key "$agent" && key=$SYN_V
body="{\"payload\":{\"session_id\":\"$SYN_SID\",\"agent_id\":\"$agent\"}${key:+,\"tool_use_id\":\"$key\"}}"
syn_send subagent-stop "$body" 4 warn
rm -f "$SYN_DIR/agents/$agent" "$SYN_DIR/agents/.beat-$agent" "$SYN_DIR/agents/.keyed-$agent" 2>/dev/null
exit 0
