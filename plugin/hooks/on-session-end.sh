#!/usr/bin/env bash
# SessionEnd (whole budget 1.5 s): remove this Claude Code session's state. Spawn markers go (their
# sub-agents are gone); sessions/*.json and state.json stay while they name a session that is
# still open, so a resumed session reuses it. Only local work, plus one bounded MCP DELETE.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -d "$SYN_DIR" ] || exit 0
rm -f "$SYN_DIR"/pending/* "$SYN_DIR"/claimed/* "$SYN_DIR"/heartbeat/* "$SYN_DIR"/.tmp.* "$SYN_DIR"/.headers.* 2>/dev/null

for f in "$SYN_DIR"/sessions/*.json; do
  if [ -f "$f" ]; then
    syn_state_rebuild # still names an open session: keep the state, without the dead sub-agents
    exit 0
  fi
done

# Nothing open: end our MCP session on the server, then drop the state.
if [ -n "${SYNAPSE_API_KEY:-}" ] && read -r url sid _ 2>/dev/null <"$SYN_DIR/mcp-session" && [ "$url" = "$SYN_URL" ]; then
  curl -s -o /dev/null --connect-timeout 0.5 --max-time 1 -X DELETE -H "Mcp-Session-Id: $sid" -K - "$SYN_URL" \
    <<<"header = \"Authorization: Bearer $SYNAPSE_API_KEY\"" 2>/dev/null
fi
rm -rf "$SYN_DIR"
# The project's .synapse/ goes too once no Claude Code session has state in it.
for d in "$SYN_ROOT"/*; do
  [ -e "$d" ] && exit 0
done
rm -f "$SYN_ROOT/.gitignore" 2>/dev/null
rmdir "$SYN_ROOT" 2>/dev/null
exit 0
