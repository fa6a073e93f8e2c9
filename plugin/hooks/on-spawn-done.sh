#!/usr/bin/env bash
# PostToolUse / PostToolUseFailure / PermissionDenied on Agent|Task in the lead, deadline 2 s: the
# exact pairing key. A background spawn's async_launched answer (and a foreground spawn's final
# one) names the sub-agent's agentId next to the call's tool_use_id; a refused or failed spawn has
# none and is forgotten by the server. Silent.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_jstr subagent_type
syn_skipped_type "${SYN_V:-general-purpose}" && exit 0
syn_send spawned "{\"payload\":$SYN_PAYLOAD}" 1.5
exit 0
