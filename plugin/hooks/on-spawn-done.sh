#!/usr/bin/env bash
# PostToolUse / PostToolUseFailure / PermissionDenied on Agent|Task in the lead: a spawn that never
# started a sub-agent (refused, failed) must not leave its pending entry behind, or the next spawn
# of that type would be paired with it. Local only, prints nothing.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_jstr tool_use_id && [ -d "$SYN_DIR/pending" ] || exit 0
tool_use=$SYN_V
# A background spawn reports async_launched before its sub-agent may have claimed the entry.
syn_jstr status && [ "$SYN_V" = async_launched ] && exit 0
for f in "$SYN_DIR"/pending/*; do
  syn_slurp "$f" && syn_jstr tool_use_id "$SYN_V" && [ "$SYN_V" = "$tool_use" ] && rm -f "$f"
done
exit 0
