#!/usr/bin/env bash
# JDBC faults on the embedded store (issue 16): a backfill of WINDOWS hourly windows (one DotNetActivity
# pipeline, concurrency 10) by one `adf run --until-idle` child process on H2 while testing.FaultyJdbc
# (datasource-proxy) fails 20 % of its JDBC statements and 20 % of its commits, half before the call
# reaches H2 and half after it returned (SQLState 08006). Checks: every window Ready, exactly one
# successful attempt per window, the activity ran once per window (its own record of runs), no stack
# trace printed, faults injected; a run that exits is started again (at most 10 runs) and counted.
# Code: orchestrator/src/test/java/dev/adf/orchestrator/it/EmbeddedJdbcFaultsTest.java (200 windows in
# `mvn -B verify`).
#
# Builds the worktree offline through the reactor (nothing installed into ~/.m2).
# Usage: tools/reliability/jdbc-faults.sh [WINDOWS] [REPS]      (defaults: 1000, 3)
# Exit 1 when any repetition failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WINDOWS="${1:-1000}"
REPS="${2:-3}"
REPORT=orchestrator/target/surefire-reports/dev.adf.orchestrator.it.EmbeddedJdbcFaultsTest-output.txt
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
failed=0
for rep in $(seq 1 "$REPS"); do
  echo "## repetition $rep of $REPS, $WINDOWS windows, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if mvn -B -q -o -pl orchestrator -am verify -Dtest=EmbeddedJdbcFaultsTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dadf.test.jdbcFaultWindows="$WINDOWS" > orchestrator/target/jdbc-faults.log 2>&1; then
    grep -h "jdbc faults on H2" "$REPORT"
  else
    failed=1
    echo "FAILED; see orchestrator/target/jdbc-faults.log and orchestrator/target/surefire-reports/"
    grep -E "Tests run|expected|but was|exits \[" orchestrator/target/jdbc-faults.log | head -20
  fi
done
echo "# end $(date -u +%FT%TZ)  load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
