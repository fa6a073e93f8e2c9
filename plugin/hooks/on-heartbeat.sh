#!/usr/bin/env bash
# PostToolUse (any tool, async) inside a sub-agent, deadline 2 s: heartbeat the sub-agent's session,
# at most once per SYNAPSE_HEARTBEAT_INTERVAL seconds (default 60), and hand the server the
# spawn's tool_use_id from Claude Code's meta file the first time it can be read, which settles a
# foreground spawn's pairing. Silent.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
syn_skipped_type "${SYN_AGENT_TYPE:-general-purpose}" && exit 0
[ -d "$SYN_DIR/agents" ] || exit 0
agent=$SYN_AGENT_ID
key=""
if [ ! -f "$SYN_DIR/agents/.keyed-$agent" ] && syn_spawn_key "$agent"; then
  key=$SYN_V
fi
# the clock without starting a process where bash has one (4.2+: printf %(...)T)
if [ "${BASH_VERSINFO[0]}${BASH_VERSINFO[1]}" -ge 42 ] 2>/dev/null; then
  now=$(printf '%(%s)T' -1)
else
  now=$(date +%s)
fi
if [ -z "$key" ]; then
  read -r last 2>/dev/null <"$SYN_DIR/agents/.beat-$agent"
  case ${last:-} in '' | *[!0-9]*) last=0 ;; esac
  [ $((now - last)) -lt "${SYNAPSE_HEARTBEAT_INTERVAL:-60}" ] && exit 0
fi
printf '%s\n' "$now" >"$SYN_DIR/agents/.beat-$agent" 2>/dev/null
body="{\"payload\":{\"session_id\":\"$SYN_SID\",\"agent_id\":\"$agent\"}${key:+,\"tool_use_id\":\"$key\"}}"
syn_send activity "$body" 1.5 >/dev/null && [ -n "$key" ] && : >"$SYN_DIR/agents/.keyed-$agent"
exit 0
