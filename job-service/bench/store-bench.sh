#!/usr/bin/env bash
# Store benchmark: on one mixed database (default 300,000 rows of bench/mixed.sql), in alternating rounds
# (default 3): raw `pg_dump -Fc` to a file, a pgvault backup to the filesystem store (unencrypted) and one to
# the S3 store (s3proxy, Tink streaming AEAD); then the restores: raw single-job pg_restore, the runner's (the
# store read once into a checked local copy, then pg_restore --jobs; BENCH_RESTORE_JOBS, default as the runner's)
# from each store, and the S3 restore as it was before (verification read, then streamed, one job). Prints
# medians and ratios, and the load before and after. Uses the module's test PostgreSQL and s3proxy
# (test-infra), not a running system.
#   job-service/bench/store-bench.sh [rows] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-300000}"
ROUNDS="${2:-3}"
echo "bench: load before: $(uptime)"
mvn -B -o -q -pl job-service -am verify -Dtest=StoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rows="$ROWS" -Dbench.rounds="$ROUNDS" ${BENCH_RESTORE_JOBS:+-Dbench.restore.jobs=$BENCH_RESTORE_JOBS} -Dtest.jvm.args="-Xmx512m -XX:+UseSerialGC" 2>&1 |
  grep -E '^bench:|FAIL|ERROR' || true
echo "bench: load after: $(uptime)"
