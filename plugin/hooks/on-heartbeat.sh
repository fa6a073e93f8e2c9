#!/usr/bin/env bash
# PostToolUse (any tool, async): keep a working sub-agent's session active. Throttled to one
# heartbeat per SYNAPSE_HEARTBEAT_INTERVAL seconds (60) per sub-agent through a timestamp file.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "$SYN_AGENT_ID" ] || exit 0
claim="$SYN_DIR/claimed/$SYN_AGENT_ID"
stamp="$SYN_DIR/heartbeat/$SYN_AGENT_ID"
syn_slurp "$claim" && syn_jstr session_id "$SYN_V" || exit 0
session=$SYN_V

now=$(date +%s)
read -r last 2>/dev/null <"$stamp"
case ${last:-} in '' | *[!0-9]*) last=0 ;; esac
[ $((now - last)) -lt "${SYNAPSE_HEARTBEAT_INTERVAL:-60}" ] && exit 0
printf '%s\n' "$now" >"$stamp" 2>/dev/null

# A refusal after SubagentStop removed the claim (the session was just closed) is no news.
if ! syn_mcp session_heartbeat "{\"session_id\":\"$session\"}" && [ -f "$claim" ]; then
  syn_out_warn "heartbeat failed: $SYN_ERR"
fi
exit 0
