#!/usr/bin/env bash
# Benchmark of issue 12 (web/src/test/java/dev/adf/web/bench/WebBenchmark.java): the monitoring web view's
# page latency and heap at 1,000 and at 100,000 activity windows (10 hourly activities), timed by an
# HttpClient in the same JVM over loopback. Builds the worktree offline (nothing is installed into ~/.m2)
# and puts the reactor's own target/ folders first on the classpath, so a stale ~/.m2 jar of a sibling
# module is never what runs.
#
# Usage: tools/bench/web.sh [SMALL_PER_ACTIVITY [LARGE_PER_ACTIVITY [WORKDIR]]] [--explain]
#        (defaults 100 10000 /tmp/adf-web-bench; --explain prints H2's EXPLAIN ANALYZE of the large run's queries)
# Env:   JAVA_OPTS (default -Xmx1g), e.g. add -XX:StartFlightRecording=duration=120s,filename=/tmp/web.jfr
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q -o package -DskipTests -pl web -am >/dev/null
mvn -B -q -o dependency:build-classpath -pl web -Dmdep.includeScope=test \
    -Dmdep.outputFile="$ROOT/web/target/bench-classpath.txt" >/dev/null
# orchestrator/target/test-classes registers its test-only DataSourceDecorator (testing.FaultyJdbc, a
# datasource-proxy listener, off unless a test turns it on): the orchestrator's test dependencies go on too.
mvn -B -q -o dependency:build-classpath -pl orchestrator -Dmdep.includeScope=test \
    -Dmdep.outputFile="$ROOT/orchestrator/target/bench-classpath.txt" >/dev/null
REACTOR="orchestrator/target/classes:orchestrator/target/test-classes:engine/target/classes:engine/target/test-classes:activities/target/classes"
DEPS="$(cat web/target/bench-classpath.txt orchestrator/target/bench-classpath.txt | tr ':' '\n' | grep -v '/dev/adf/' \
    | awk '!seen[$0]++' | paste -sd:)"
CP="web/target/test-classes:web/target/classes:$REACTOR:$DEPS"
# WARN-level logging (the shipped fallback logback.xml): the numbers measure pages, not log output.
LOG="-Dlogback.configurationFile=$ROOT/orchestrator/src/main/resources/logback.xml"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
java ${JAVA_OPTS:--Xmx1g} "$LOG" -cp "$CP" dev.adf.web.bench.WebBenchmark "$@"
echo "# after: load $(cut -d' ' -f1-3 /proc/loadavg)"
