#!/usr/bin/env bash
# TaskCompleted: a task whose text names a Synapse run (marker synapse:run:<id>) gets a reminder to
# collect that run's result. Claude Code takes no context from this event: the reminder is a
# systemMessage. Local only.
set -u
# shellcheck source=synapse-common.sh
. "${0%/*}/synapse-common.sh"

IFS= read -r -d '' payload
re='synapse:run:([A-Za-z0-9_-]+)'
ids=""
rest=$payload
while [[ $rest =~ $re ]]; do
  case " $ids " in *" ${BASH_REMATCH[1]} "*) ;; *) ids="$ids ${BASH_REMATCH[1]}" ;; esac
  rest=${rest#*"${BASH_REMATCH[0]}"}
done
[ -n "$ids" ] && syn_warn "the completed task names Synapse run${ids}: collect the result with wait_run or get_run"
exit 0
