#!/usr/bin/env bash
# Several schedulers on one PostgreSQL (issue 14): scheduling throughput of N competing scheduler nodes,
# each a JVM process of its own, on ONE throw-away PostgreSQL that this script starts (tools/bench/pg.sh:
# runuser -u postgres initdb/pg_ctl on a free 127.0.0.1 port, fsync=off) and stops by pid at the end,
# also on failure. The Java side is orchestrator/src/test/java/dev/adf/orchestrator/bench/cluster/
# (ClusterBenchmark drives DbSchedulerNode / QuartzClusterNode processes and, for "adf", real `adf run`
# processes: AdfSystem, AdfNodes); bench code is test scope only.
# Builds the worktree offline like scheduler.sh (nothing installed into ~/.m2) and runs plain `java -cp`.
#
# Usage: tools/bench/cluster.sh [key=value ...]     (passed on to ClusterBenchmark)
#          systems=db-scheduler,db-scheduler-fetch,quartz,adf  nodes=1,2,3  executions=3000  reps=3
#          timeout=300  warmup=500  nodeOpts="-Xmx256m"  profile=false
#          adfLayout=3x10 (pipelines x concurrency)  adfPass=PT0.05S  adfLease=PT15S
#        tools/bench/cluster.sh mode=failover [nodes=3 leases=PT15S,PT4S backlog=6000 warm=300 reps=5]
#        tools/bench/cluster.sh mode=migrate [reps=5]
# Env:   JAVA_OPTS (driver JVM, default -Xmx512m), PG_OPTS (extra server options, e.g. "-c max_connections=200";
#        profile=true needs PG_OPTS="-c shared_preload_libraries=pg_stat_statements")
#
# "adf" needs nothing more on the shell side: its nodes run the orchestrator's CLI main class
# (dev.adf.orchestrator.cli.Main) from this classpath, which has the test scope's recording activity, with the
# ./adf launcher's JVM flags (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC). Results: docs/BENCHMARKS.md, issue 14.
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
