#!/usr/bin/env bash
# SessionEnd (Claude Code gives it 1.5 s in all): the server closes the lead's session and every
# sub-agent session of this Claude Code session (reason ended); the local state goes. Silent.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_send session-end "{\"payload\":{\"session_id\":\"$SYN_SID\"}}" 1.2
rm -rf "$SYN_DIR" 2>/dev/null
# The project's .synapse/ goes too once no Claude Code session has state in it.
for d in "$SYN_ROOT"/*; do
  [ -e "$d" ] && exit 0
done
rm -f "$SYN_ROOT/.gitignore" 2>/dev/null
rmdir "$SYN_ROOT" 2>/dev/null
exit 0
