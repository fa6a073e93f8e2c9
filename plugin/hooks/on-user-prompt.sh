#!/usr/bin/env bash
# UserPromptSubmit: local only, no network, no jq: prints the reminder of open sub-agent sessions
# that SubagentStart/SubagentStop keep ready in state.json.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_slurp "$SYN_DIR/state.json" && syn_jstr reminder "$SYN_V" && [ -n "$SYN_V" ] &&
  syn_out_context UserPromptSubmit "$SYN_V"
exit 0
