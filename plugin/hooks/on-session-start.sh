#!/usr/bin/env bash
# SessionStart (startup|resume|compact): checkin, cache the identity, orient the lead in a few lines.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
syn_state_init || exit 0
syn_jstr source
# A fresh or resumed process has no running sub-agents: their spawn markers are stale. Files that
# name sessions (sessions/*.json) stay, so a respawn under the same name reuses that session.
case $SYN_V in
  startup | resume) rm -f "$SYN_DIR"/pending/* "$SYN_DIR"/claimed/* "$SYN_DIR"/heartbeat/* 2>/dev/null ;;
esac

if ! syn_mcp checkin '{}'; then
  syn_out_warn "$SYN_ERR"
  exit 0
fi
command -v jq >/dev/null 2>&1 || {
  syn_out_warn "checked in; install jq for the session orientation"
  exit 0
}
# One jq run: line 1 the identity to cache, line 2 the hook output.
out=$(printf '%s' "$SYN_RESULT" | sed -n 's/^data: *//; /^{/p' | jq -c --arg url "$SYN_BASE" '
  select(.id == 1) | .result.structuredContent
  | def names(f): [.[]? | f | tostring] | if length == 0 then "none" else join(", ") end;
    def plugin_name: if type == "object" then (.code // .name // .id) else . end;
  {agent, server},
  {hookSpecificOutput: {hookEventName: "SessionStart", additionalContext: ([
    "Synapse MCP server \(.server.version // "?") at \($url): this Claude Code session works as agent \"\(.agent.name // "?")\" (roles: \(.agent.roles // [] | join(", "))).",
    "Open Synapse sessions: \(.sessions // [] | length) (\(.sessions // [] | names(.name))).",
    "Running runs: \(.runs.running // [] | length)\(if (.runs.running // [] | length) > 0 then " (" + (.runs.running | names(.id // .run_id)) + ")" else "" end); plugins: \(.plugins // [] | names(plugin_name)).",
    "Executors: \(.executors // {} | to_entries | map(.key + (if .value.available then " available" else " unavailable" end)) | join(", ")).",
    "Each sub-agent spawned with the Agent tool gets its own Synapse session from the synapse plugin hooks, named after the Agent call'"'"'s `name` (else <type>-<agent id>); the session id is in the sub-agent'"'"'s context; heartbeats and closing are automatic.",
    "Synapse tools are mcp__plugin_synapse_synapse__<tool> (checkin, list_sessions, list_plugins, run_plugin, wait_run, …); the synapse skill describes them."
  ] | join("\n"))}}' 2>/dev/null)
case $out in
  "{"*$'\n'"{"*)
    syn_write "$SYN_DIR/identity.json" "${out%%$'\n'*}"
    syn_state_rebuild
    printf '%s\n' "${out#*$'\n'}"
    ;;
  *) syn_out_warn "checked in, but could not read the checkin answer" ;;
esac
exit 0
