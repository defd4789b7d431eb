#!/usr/bin/env bash
# Several schedulers on one PostgreSQL (issue 14): scheduling throughput of N competing scheduler nodes,
# each a JVM process of its own, on ONE throw-away PostgreSQL that this script starts (tools/bench/pg.sh:
# runuser -u postgres initdb/pg_ctl on a free 127.0.0.1 port, fsync=off) and stops by pid at the end,
# also on failure. The Java side is orchestrator/src/test/java/dev/adf/orchestrator/bench/cluster/
# (ClusterBenchmark drives DbSchedulerNode / QuartzClusterNode processes); bench code is test scope only.
# Builds the worktree offline like scheduler.sh (nothing installed into ~/.m2) and runs plain `java -cp`.
#
# Usage: tools/bench/cluster.sh [key=value ...]     (passed on to ClusterBenchmark)
#          systems=db-scheduler,db-scheduler-fetch,quartz,adf  nodes=1,2,3  executions=3000  reps=3
#          timeout=300  warmup=500  nodeOpts="-Xmx256m"
# Env:   JAVA_OPTS (driver JVM, default -Xmx512m), PG_OPTS (extra server options, e.g. "-c max_connections=200")
#
# HOOK "adf": the third system (our own `adf run` processes on a shared store) is not wired yet. It is
# ClusterBenchmark.adf(jdbcUrl, n, e), which must return the same measurements; it prints
# "adf: not wired yet". Whatever it needs on the shell side (e.g. building the `adf` launcher) goes here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. tools/bench/pg.sh
mvn -B -q -o -pl orchestrator -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat orchestrator/target/bench-classpath.txt)"
# WARN-level logging (the shipped fallback logback.xml) in the driver and in every node.
LOG="-Dlogback.configurationFile=$ROOT/orchestrator/src/main/resources/logback.xml"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs))  $(java -version 2>&1 | head -1)" \
     " load $(cut -d' ' -f1-3 /proc/loadavg)"
trap pg_stop EXIT
pg_start
java ${JAVA_OPTS:--Xmx512m} "$LOG" -cp "$CP" dev.adf.orchestrator.bench.cluster.ClusterBenchmark \
    "url=$PG_URL" user=test "$@"
