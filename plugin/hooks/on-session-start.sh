#!/usr/bin/env bash
# SessionStart (startup|resume|compact), deadline 5 s: record which Claude Code process this session
# runs in, reap the .synapse/ folders of sessions whose process is gone (the server closes their
# sessions as orphaned), claim the lead's own session and print the server's orientation.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

syn_read_payload || exit 0
[ -d "$SYN_DIR" ] || mkdir -p "$SYN_DIR" 2>/dev/null || exit 0
# Keep the hook state out of the project's commits.
[ -f "$SYN_ROOT/.gitignore" ] || printf '*\n' >"$SYN_ROOT/.gitignore" 2>/dev/null
pid=null
if syn_process; then
  printf '%s %s\n' "$SYN_PID" "$SYN_PSTART" >"$SYN_DIR/process" 2>/dev/null
  pid=$SYN_PID
fi

# Folders of other Claude Code sessions whose process is gone (or that never recorded one). At
# most 50 per start, so the hook stays within its deadline.
reap="" dead=() n=0
for d in "$SYN_ROOT"/*/; do
  [ -d "$d" ] || continue
  d=${d%/}
  id=${d##*/}
  [ "$id" = "$SYN_SID" ] && continue
  syn_process_alive "$d/process" && continue
  reap="$reap${reap:+,}\"$id\""
  dead+=("$d")
  n=$((n + 1))
  [ $n -ge 50 ] && break
done

body="{\"pid\":$pid,\"process_start\":\"${SYN_PSTART:-}\",\"reap\":[$reap],\"payload\":$SYN_PAYLOAD}"
if syn_send session-start "$body" 4 warn && [ ${#dead[@]} -gt 0 ]; then
  rm -rf "${dead[@]}" 2>/dev/null
fi
exit 0
