#!/usr/bin/env bash
# Transport benchmark: session_heartbeat at c=16 with and without 200 slow sockets held open, and
# /api/health p99 meanwhile, in one run against a real server on port 0. Prints numbers only.
set -u
cd "$(dirname "$0")/.." || exit 1
rm -f target/bench-transport.txt
mvn -B -o -q test -Dtest=TransportBenchmark -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  >target/bench-transport.log 2>&1 || { echo "bench/transport.sh: the benchmark failed; see target/bench-transport.log" >&2; exit 1; }
cat target/bench-transport.txt
echo "goals: under attack >= 80% of the calm throughput; /api/health p99 < 100 ms"
