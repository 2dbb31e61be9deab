#!/usr/bin/env bash
# Sweep benchmark: N expired points (default 100000) of one instance, catalog in the test
# PostgreSQL and one directory per point in the filesystem store; prints points/s for the soft
# delete and the purge. Uses the same throwaway PostgreSQL and Kafka as the module's tests.
#   retention-service/bench/sweep-bench.sh [points]
set -euo pipefail
cd "$(dirname "$0")/../.."
POINTS="${1:-100000}"
mvn -B -o -q -pl retention-service test -Dtest=SweepBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.points="$POINTS" -Dtest.jvm.args="-Xmx1g -XX:+UseSerialGC" 2>&1 | grep -E '^bench:|FAIL|ERROR' || true
