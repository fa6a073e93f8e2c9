#!/usr/bin/env bash
# PreToolUse (Agent|Task): record the spawn so SubagentStart can pair it with its sub-agent.
# Writes pending/<order>-<pid>.<type>.<name> atomically; local only, prints nothing.
# <order> is read first thing, so spawns issued together keep Claude Code's order as well as can be.
order=$(date +%s%N 2>/dev/null)
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -n "${SYNAPSE_API_KEY:-}" ] || exit 0
syn_jstr subagent_type
type=${SYN_V:-general-purpose}
syn_skipped_type "$type" && exit 0
syn_state_init || exit 0
syn_jstr name
name=$SYN_V
syn_jstr tool_use_id
tool_use=$SYN_V
syn_jstr description
entry="{\"name\":\"$name\",\"agent_type\":\"$type\",\"tool_use_id\":\"$tool_use\",\"description\":\"$SYN_V\"}"

# date without %N (macOS): a counter under the state lock keeps the order instead.
case $order in
  '' | *[!0-9]*)
    syn_lock state 7 || exit 0
    read -r order 2>/dev/null <"$SYN_DIR/seq"
    case $order in '' | *[!0-9]*) order=0 ;; esac
    order=$((order + 1))
    syn_write "$SYN_DIR/seq" "$order"
    syn_unlock state 7
    ;;
esac
syn_safe "$type"
type=$SYN_V
syn_safe "${name:--}"
# The pid keeps two file names apart even if two spawns read the same clock.
syn_write "$(printf '%s/pending/%019d-%06d.%s.%s' "$SYN_DIR" "$order" "$$" "$type" "$SYN_V")" "$entry"
exit 0
