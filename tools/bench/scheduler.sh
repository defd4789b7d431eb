#!/usr/bin/env bash
# Benchmarks of issues 4 and 15 (orchestrator/src/test/java/dev/adf/orchestrator/bench/): deploy layout time and
# heap, and scheduling throughput against db-scheduler and a plain Quartz JDBC job store on the same durable H2 database.
# Builds the worktree offline (nothing is installed into ~/.m2), takes the orchestrator's test classpath
# from the reactor (so sibling modules come from their target/ folders, never from a stale ~/.m2) and runs
# the benchmark's main class with plain `java -cp`.
#
# Usage: tools/bench/scheduler.sh deploy   [ROUNDS] [--xmx]      (default 3 rounds; --xmx: smallest -Xmx search)
#        tools/bench/scheduler.sh schedule [ROUNDS] [CASE...]    (default 3 rounds, all cases)
#        tools/bench/scheduler.sh probe    [ROUNDS] [CASE...]    (WriteSetProbe: today's write set against proposed ones)
#        tools/bench/scheduler.sh all      [ROUNDS]
# Env:   JAVA_OPTS (default -Xmx1g for the scheduling run; deploy cases run in child JVMs with -Xmx2g)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WHAT="${1:-all}"; shift || true
mvn -B -q -o -pl orchestrator -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat orchestrator/target/bench-classpath.txt)"
# WARN-level logging (the shipped fallback logback.xml): the numbers measure scheduling, not log output.
LOG="-Dlogback.configurationFile=$ROOT/orchestrator/src/main/resources/logback.xml"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
run() { java ${JAVA_OPTS:--Xmx1g} "$LOG" -cp "$CP" "$@"; }
case "$WHAT" in
  deploy)   run dev.adf.orchestrator.bench.DeployBenchmark "$@" ;;
  schedule) run dev.adf.orchestrator.bench.SchedulerBenchmark "$@" ;;
  probe)    run dev.adf.orchestrator.bench.WriteSetProbe "$@" ;;
  all)      run dev.adf.orchestrator.bench.DeployBenchmark "${1:-3}" --xmx
            run dev.adf.orchestrator.bench.SchedulerBenchmark "${1:-3}" ;;
  *) echo "usage: $0 deploy|schedule|probe|all [ROUNDS] ..." >&2; exit 2 ;;
esac
