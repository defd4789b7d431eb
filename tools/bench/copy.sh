#!/usr/bin/env bash
# Copy benchmark of issue 5 (engine/src/test/java/dev/adf/engine/bench/CopyBenchmark.java): BlobCopier
# against cp -r (local folder store), plain SDK loops and U/D/L (Azurite), and the 1 GiB copy's memory in
# child JVMs. Builds the engine offline (nothing installed into ~/.m2) and runs plain `java -cp`.
#
# Usage: tools/bench/copy.sh [ROUNDS] [local] [azurite] [memory] [large-rounds=N]   (default: 3, all)
# Env:   JAVA_OPTS (default -Xmx1g: the benchmark JVM also runs the SDK loops and the reference uploads)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q -o -pl engine test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="engine/target/test-classes:engine/target/classes:$(cat engine/target/bench-classpath.txt)"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)  free disk $(df -h --output=avail /tmp | tail -1)"
java ${JAVA_OPTS:--Xmx1g} -cp "$CP" dev.adf.engine.bench.CopyBenchmark "$@"
echo "# end $(date -u +%FT%TZ)  load $(cut -d' ' -f1-3 /proc/loadavg)"
