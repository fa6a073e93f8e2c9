#!/usr/bin/env bash
# Benchmark: the synapse-sdk plugin's cold environment build with uv and with pip, run_plugin's answer and
# first progress notification during that build, and warm run latency (needs .venv with uv, network to PyPI).
# Prints numbers; never fails on timing.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
rm -f target/bench-env.txt
mvn -B -q -o test -Dtest=EnvBenchmark -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  >target/bench-env.log 2>&1 || { echo "bench/env.sh: the benchmark failed; see target/bench-env.log" >&2; exit 1; }
cat target/bench-env.txt
echo "goal: first progress notification during a cold build < 1000 ms"
