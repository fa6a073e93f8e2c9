#!/usr/bin/env bash
# UserPromptSubmit: local only, no network: reminds the lead of its running sub-agents' sessions
# (one file per sub-agent, written by SubagentStart, removed by SubagentStop; its text is already
# JSON-escaped).
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -d "$SYN_DIR/agents" ] || exit 0
list=""
for f in "$SYN_DIR"/agents/*; do
  [ -f "$f" ] || continue
  read -r line <"$f" || continue
  list="$list${list:+; }$line"
done
[ -n "$list" ] || exit 0
printf '{"hookSpecificOutput":{"hookEventName":"UserPromptSubmit","additionalContext":"%s"}}\n' \
  "Synapse sub-agent sessions open in this Claude Code session: $list. The synapse hooks heartbeat and close them."
exit 0
