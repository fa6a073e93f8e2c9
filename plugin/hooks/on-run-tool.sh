#!/usr/bin/env bash
# PostToolUse on run_plugin / wait_run: when the run has not finished yet, say how to collect it.
# Local only (reads the tool's answer from the payload).
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
command -v jq >/dev/null 2>&1 || exit 0
printf '%s' "$SYN_PAYLOAD" | jq -c '
  (.tool_response) as $r
  | (if ($r | type) == "array" then [$r[]? | select(.type == "text") | .text] | join("\n")
     elif ($r | type) == "string" then $r else ($r | tojson) end) as $text
  | (if ($r | type) == "object" then ($r.structuredContent // $r) else ($text | fromjson? // {}) end) as $o
  | ($o.run // $o) as $run
  | ($run.run_id // $run.id // ($text | capture("synapse:run:(?<id>[A-Za-z0-9_-]+)")? | .id) // empty) as $id
  | ($run.status // "") as $st
  | select($st == "queued" or $st == "preparing" or $st == "running" or ($st == "" and ($text | test("synapse:run:"))))
  | {hookSpecificOutput: {hookEventName: "PostToolUse", additionalContext:
      "Synapse run \($id) is \(if $st == "" then "not finished" else $st end)\(if $run.plugin then " (" + ($run.plugin | tostring) + (if $run.action then "/" + ($run.action | tostring) else "" end) + ")" else "" end). It keeps going on the server; wait_run(run_id: \"\($id)\") waits up to 45 s more and returns the result, get_run and get_run_logs read it without waiting."}}' 2>/dev/null
exit 0
