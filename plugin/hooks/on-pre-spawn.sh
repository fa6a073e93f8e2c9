#!/usr/bin/env bash
# PreToolUse on Agent|Task in the lead, deadline 2 s: tell the server about the spawn (tool_use_id,
# name, description, type, background) so the sub-agent it starts can be paired with it. Read-only
# agent types get no session. Silent.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_jstr subagent_type
syn_skipped_type "${SYN_V:-general-purpose}" && exit 0
syn_send spawn "{\"payload\":$SYN_PAYLOAD}" 1.5
exit 0
