#!/usr/bin/env bash
# The same blob copy through the built-in engine and through Spark (one standalone worker, via Livy 0.7.1
# in client mode), with each one's per-job overhead (spark/it/src/test/java/dev/adf/spark/it/SparkCopyBenchmark.java).
# Starts its own Spark master, worker and Livy on 127.0.0.1 (free ports) and stops them at the end.
#
# Usage: tools/bench/spark.sh [ROUNDS] [BLOBS] [MIB]   (default: 3 20 64 = 20 blobs of 64 MiB, 3 rounds + 1 warm-up)
# Needs about 4 GB of free disk under spark/it/target (input + two outputs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# Every module (the Spark/Livy fixture jars, the job jars in spark/it/target/jobs), tests skipped.
mvn -B -q install -DskipTests >/dev/null
mvn -B -q -pl spark/it dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
IT="$ROOT/spark/it"
CP="$IT/target/test-classes:$(cat "$IT/target/bench-classpath.txt")"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "$CP" \
    -Dadf.it.sparkJars="$ROOT/spark/dist/target/spark-home/jars" \
    -Dadf.it.livyJars="$ROOT/spark/livy/target/livy/jars" \
    -Dadf.it.jobJar="$IT/target/jobs/adf-spark-copy-job.jar" \
    -Dadf.it.work="$IT/target/it-work" \
    -Dlogback.configurationFile="$ROOT/conf/logback.xml" \
    dev.adf.spark.it.SparkCopyBenchmark "$@"
echo "# end $(date -u +%FT%TZ)  load $(cut -d' ' -f1-3 /proc/loadavg)"
