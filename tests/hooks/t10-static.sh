# shellcheck shell=bash disable=SC2154,SC2034
# Hook tests, sourced by tests/hooks/run (lib.sh is loaded): Static checks and packaging: every script parses (and uses no bash 4+ syntax), shellcheck,
# hooks.json, plugin.json, .mcp.json, the top-level hooks/ folder, `claude plugin validate --strict`, an install
# from a local marketplace, and the skills naming every tool the server lists. Skipped with HOOKS_FAST.

test_scripts_parse() {
  local f bad=""
  for f in "$HOOKS"/*.sh "$ROOT/tests/hooks/run" "$ROOT"/tests/hooks/*.sh "$ROOT/tests/hooks/mutate" "$ROOT/tests/e2e-claude/run" "$ROOT/bench/hooks.sh"; do
    [ -f "$f" ] || continue
    bash -n "$f" 2>/dev/null || bad="$bad $(basename "$f")"
  done
  DETAIL="bash -n failed:$bad"
  [ -z "$bad" ]
  check "bash -n accepts every script"
  # Constructs bash 3.2 (macOS) cannot parse or run; no bash 3.2 binary is available here, and
  # BASH_COMPAT=32 on a newer bash still accepts them, so this grep is the check.
  bad=$(grep -nE 'declare -A|local -A|typeset -A|\$\{[A-Za-z_]+(,,|\^\^|,|\^)\}|\bmapfile\b|\breadarray\b|\|&|&>>|\bcoproc\b|;;&|\$\{[A-Za-z_]+@[QEPAa]\}|EPOCH(REAL)?TIME|\$\{[A-Za-z_]+:-?[0-9]+:-|local -n|declare -n|printf -v|exec \{|wait -n|\$\{!?[A-Za-z_]+\[-1\]\}' "$HOOKS"/*.sh | grep -vE '^[^:]+:[0-9]+:\s*#')
  DETAIL="bash 4+ constructs: $bad"
  [ -z "$bad" ]
  check "hook scripts use no bash 4+ syntax (declare -A, \${v,,}, mapfile, |&, …)"
  bad=$(grep -LE '^set -u$' "$HOOKS"/on-*.sh)
  DETAIL="without set -u: $bad"
  [ -z "$bad" ]
  check "every hook sets -u"
  bad=$(grep -lE '^set -e|set -o errexit' "$HOOKS"/*.sh)
  DETAIL="with set -e: $bad"
  [ -z "$bad" ]
  check "no hook uses set -e"
  bad=$(grep -n 'curl ' "$HOOKS"/*.sh | grep -v -- '--max-time' | grep -v '^\S*:\s*#')
  DETAIL="curl without --max-time: $bad"
  [ -z "$bad" ] && [ "$(grep -c 'curl ' "$HOOKS"/synapse-common.sh)" -ge 1 ]
  check "every curl call has --max-time"
  bad=$(grep -lE 'curl |syn_send' "$HOOKS"/on-user-prompt.sh "$HOOKS"/on-run-tool.sh "$HOOKS"/on-task-completed.sh)
  DETAIL="network in: $bad"
  [ -z "$bad" ]
  check "UserPromptSubmit, run and task reminders are local only (no curl, no request)"
}

test_shellcheck() {
  if ! command -v shellcheck >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null 2>&1
  fi
  command -v shellcheck >/dev/null 2>&1 || {
    ko "shellcheck is installed (apt-get install shellcheck)"
    return
  }
  local out files=("$HOOKS"/*.sh "$ROOT/tests/hooks/run" "$ROOT"/tests/hooks/*.sh "$ROOT/tests/hooks/mutate")
  [ -f "$ROOT/tests/e2e-claude/run" ] && files+=("$ROOT/tests/e2e-claude/run")
  [ -f "$ROOT/bench/hooks.sh" ] && files+=("$ROOT/bench/hooks.sh")
  out=$(cd "$HOOKS" && shellcheck -x "${files[@]}" 2>&1)
  DETAIL=$(printf '%s' "$out" | head -n 20)
  [ -z "$out" ]
  check "shellcheck is clean"
}

test_plugin_files() {
  local hj="$HOOKS/hooks.json" bad f
  [ -s "$hj" ] && jq -e '.hooks | length > 5' "$hj" >/dev/null
  check "hooks.json exists and declares the hook events"
  [ "$(jq -r .name "$ROOT/plugin/.claude-plugin/plugin.json" 2>/dev/null)" = synapse ]
  check "plugin.json names the plugin synapse"
  DETAIL=$(cat "$ROOT/plugin/.mcp.json")
  jq -e '.mcpServers.synapse
    | .type == "http" and .url == "${SYNAPSE_URL:-http://127.0.0.1:8765}/api/mcp"
      and .headers.Authorization == "Bearer ${SYNAPSE_API_KEY}"' "$ROOT/plugin/.mcp.json" >/dev/null
  check ".mcp.json: server synapse, type http, SYNAPSE_URL default and bearer header"
  bad=$(jq -r '.hooks[][] .hooks[] | select((.timeout | type) != "number" or (.command | startswith("\"${CLAUDE_PLUGIN_ROOT}\"/hooks/") | not)) | .command' "$hj")
  DETAIL="bad entries: $bad"
  [ -z "$bad" ]
  check "hooks.json: every command quotes \${CLAUDE_PLUGIN_ROOT} and has a timeout"
  bad=""
  for f in $(jq -r '.hooks[][] .hooks[] .command | sub("^\"\\$\\{CLAUDE_PLUGIN_ROOT\\}\"/hooks/"; "")' "$hj" | sort -u); do
    [ -x "$HOOKS/$f" ] || bad="$bad $f"
  done
  DETAIL="missing or not executable:$bad"
  [ -z "$bad" ]
  check "hooks.json: every script exists and is executable"
  jq -e '
    ([.hooks.PostToolUse[] | .hooks[] | select(.command | endswith("on-heartbeat.sh")) | .async] == [true])
    and ([.hooks.SubagentStop[] | .hooks[] | .async // false] | all(. == false))
    and ([.hooks.PreToolUse[] | .matcher] | index("Agent|Task") != null)' "$hj" >/dev/null
  check "hooks.json: the heartbeat is async, SubagentStop is not"
  bad=$(jq -r '.hooks | to_entries[] | .key as $e | .value[].hooks[] | select(
      (($e == "SessionStart" or $e == "SubagentStart" or $e == "SubagentStop") and .timeout != 5)
      or (($e == "PreToolUse" or $e == "PostToolUse" or $e == "UserPromptSubmit" or $e == "SessionEnd") and .timeout != 2))
      | $e + " " + (.timeout | tostring)' "$hj")
  DETAIL="other timeouts: $bad"
  [ -z "$bad" ]
  check "hooks.json: start/stop hooks time out at 5 s, per-prompt hooks and SessionEnd at 2 s (the hooks' own deadlines)"
  bad=""
  [ -d "$ROOT/hooks" ] && [ ! -L "$ROOT/hooks" ] || bad="hooks/ is not a real folder"
  cmp -s "$ROOT/hooks/hooks.json" "$ROOT/plugin/hooks/hooks.json" || bad="$bad; hooks/hooks.json differs from plugin/hooks/hooks.json"
  for f in "$ROOT"/plugin/hooks/*.sh; do
    [ -L "$ROOT/hooks/${f##*/}" ] && [ "$(cd "$ROOT/hooks" && readlink "${f##*/}")" = "../plugin/hooks/${f##*/}" ] && [ -r "$ROOT/hooks/${f##*/}" ] ||
      bad="$bad; hooks/${f##*/} is not a link to ../plugin/hooks/${f##*/}"
  done
  DETAIL=$bad
  [ -z "$bad" ]
  check "top-level hooks/: a real folder (validate --strict reads it) with hooks.json identical to plugin's and a link to every script"
  jq -e '.plugins[] | select(.name == "synapse") | .source == "./plugin"' "$ROOT/.claude-plugin/marketplace.json" >/dev/null
  check "marketplace.json offers ./plugin as synapse"
  local s
  for s in synapse sessions plugins; do
    grep -q "^name: $s\$" "$ROOT/plugin/skills/$s/SKILL.md" && grep -qE "^description: .{20,}" "$ROOT/plugin/skills/$s/SKILL.md"
    check "skill $s has a SKILL.md with name and description"
  done
  bad=""
  for t in checkin create_session list_sessions get_session close_session reopen_session session_heartbeat \
    list_plugins list_actions get_action run_plugin wait_run get_run list_runs get_run_logs cancel_run; do
    grep -q "\`$t" "$ROOT"/plugin/skills/*/SKILL.md || bad="$bad $t"
  done
  DETAIL="not described:$bad"
  [ -z "$bad" ]
  check "the skills describe every session, plugin and run tool"
}

have_claude() {
  [ -x "$CLAUDE" ] && return 0
  (cd "$ROOT/tests/e2e-claude" && npm ci --no-audit --no-fund >/dev/null 2>&1)
  [ -x "$CLAUDE" ]
}

test_validate_strict() {
  have_claude || {
    ko "claude plugin validate --strict plugin" "no Claude Code CLI at $CLAUDE (npm ci in tests/e2e-claude)"
    return
  }
  local out rc dir
  for dir in "$ROOT/plugin" "$ROOT"; do
    out=$(HOME="$TMP/validate-home" "$CLAUDE" plugin validate --strict "$dir" 2>&1)
    rc=$?
    DETAIL=$(printf '%s' "$out" | grep -E '✘|⚠|❯|rror' | head -n 5)
    [ $rc -eq 0 ] && printf '%s' "$out" | grep -q 'Validation passed'
    check "claude plugin validate --strict ${dir#"$ROOT"} passes (repo root = the marketplace)"
  done
}

test_marketplace_install() {
  have_claude || {
    ko "install from a local marketplace" "no Claude Code CLI"
    return
  }
  local home="$TMP/install-home" dir out rc
  mkdir -p "$home"
  out=$(HOME="$home" "$CLAUDE" plugin marketplace add "$ROOT" 2>&1 && HOME="$home" "$CLAUDE" plugin install synapse@synapse-mcp 2>&1)
  rc=$?
  DETAIL=$(printf '%s' "$out" | tail -n 3)
  [ $rc -eq 0 ]
  check "claude plugin marketplace add <repo> + install synapse@synapse-mcp succeed"
  dir=$(jq -r '.plugins["synapse@synapse-mcp"][0].installPath // empty' "$home/.claude/plugins/installed_plugins.json" 2>/dev/null)
  DETAIL="install path: ${dir:-none}"
  [ -n "$dir" ] && [ -f "$dir/hooks/hooks.json" ] && [ ! -L "$dir/hooks" ]
  check "the installed copy has hooks/hooks.json"
  local missing="" f
  for f in $(jq -r '.hooks[][] .hooks[] .command | sub("^\"\\$\\{CLAUDE_PLUGIN_ROOT\\}\"/hooks/"; "")' "$HOOKS/hooks.json" | sort -u); do
    [ -x "$dir/hooks/$f" ] || missing="$missing $f"
  done
  [ -f "$dir/hooks/synapse-common.sh" ] || missing="$missing synapse-common.sh"
  DETAIL="missing or not executable in the installed copy:$missing"
  [ -z "$missing" ]
  check "the installed copy has every hook script, executable, and the helper"
  [ -f "$dir/.mcp.json" ] && [ -f "$dir/skills/synapse/SKILL.md" ] &&
    [ -f "$dir/skills/sessions/SKILL.md" ] && [ -f "$dir/skills/plugins/SKILL.md" ]
  check "the installed copy has .mcp.json and the three skills"
}

# Every tool the server lists, with every argument of its input schema, appears in the skills
# (on a line naming the tool), so the skills can't drift from the real catalogue.
test_skills_match_server() {
  local tools line tool words a lines missing=""
  tools=$(curl -s --max-time 10 -H "Authorization: Bearer $KEY" -H "Mcp-Session-Id: $TMCP_SID" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":5,"method":"tools/list"}' "$URL/api/mcp" | sed -n 's/^data: *//p' |
    jq -r 'select(.id == 5) | .result.tools[] | .name + " " + ((.inputSchema.properties // {}) | keys | join(" "))')
  while read -r line; do
    read -r -a words <<<"$line"
    tool=${words[0]}
    lines=$(grep -h "\`$tool" "$ROOT"/plugin/skills/*/SKILL.md)
    [ -n "$lines" ] || { missing="$missing $tool"; continue; }
    for a in "${words[@]:1}"; do
      printf '%s' "$lines" | grep -qE "(\\b|\`)$a(\\?|\`|,|\\)| |:)" || missing="$missing $tool($a)"
    done
  done <<<"$tools"
  DETAIL="not in the skills:$missing (server tools: $(printf '%s' "$tools" | awk '{print $1}' | tr '\n' ' '))"
  [ -n "$tools" ] && [ -z "$missing" ]
  check "skills name every tool the server lists, with each of its arguments"
}

# --- run ---
[ -n "${HOOKS_FAST:-}" ] && return 0
test_scripts_parse
test_shellcheck
test_plugin_files
test_validate_strict
test_marketplace_install
need_server || return 0
test_skills_match_server
