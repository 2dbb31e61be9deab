#!/usr/bin/env bash
# Store benchmark: on one mixed database (default 300,000 rows of bench/mixed.sql), in alternating rounds
# (default 3): raw `pg_dump -Fc` to a file, a pgvault backup to the filesystem store (unencrypted) and one to
# the S3 store (s3proxy, Tink streaming AEAD); then the three restores. Prints medians and ratios. Uses the
# module's test PostgreSQL and s3proxy (test-infra), not a running system.
#   job-service/bench/store-bench.sh [rows] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-300000}"
ROUNDS="${2:-3}"
mvn -B -o -q -pl job-service -am verify -Dtest=StoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.rows="$ROWS" -Dbench.rounds="$ROUNDS" -Dtest.jvm.args="-Xmx512m -XX:+UseSerialGC" 2>&1 |
  grep -E '^bench:|FAIL|ERROR' || true
