#!/usr/bin/env bash
# Benchmark: median and p99 of run_plugin(hello, add) over MCP in local, warm task and job (submission) mode,
# 50 calls each, on a small Ray 2.39.0 head (task mode through the Java driver) and then on a head of the newest Ray
# with token auth (through the Python driver), each started and stopped by the benchmark (./scripts/setup installs both).
# Prints numbers; never fails on timing.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
[ -x .venv/bin/ray ] || { echo "bench/ray.sh: .venv/bin/ray is missing; run ./scripts/setup first" >&2; exit 1; }
rm -f target/bench-ray.txt
mvn -B -q test -Dtest=RayBenchmark -Dsurefire.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  >target/bench-ray.log 2>&1 || { echo "bench/ray.sh: the benchmark failed; see target/bench-ray.log" >&2; exit 1; }
cat target/bench-ray.txt
echo "goals: warm task median < 20 ms on both (and < 1/4 of local's); job submission < 500 ms"
