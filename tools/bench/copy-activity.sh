#!/usr/bin/env bash
# Copy activity benchmark of issue 13 (engine/src/test/java/dev/adf/engine/bench/CopyActivityBenchmark.java):
# FileCopy on the local folder store against cp -r and the blob copy job (binary), gzip (compress and
# decompress), tr and awk (CSV -> TSV), and each copy's heap in child JVMs. Builds the engine offline
# (nothing installed into ~/.m2) and runs plain `java -cp`. Generated data is deleted at the end.
#
# Usage: tools/bench/copy-activity.sh [ROUNDS] [binary] [gzip] [csv] [memory] [profile] [size=MB] [small=N]
#        (default: 3 rounds; binary gzip csv profile memory; size=1024 MiB text file; small=1000 files)
# Env:   SIZE_MB (same as size=), BENCH_DIR (default /tmp; needs ~4 x SIZE_MB + 2.2 GB free),
#        JAVA_OPTS (default -Xmx512m)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BENCH_DIR="${BENCH_DIR:-/tmp}"
mvn -B -q -o -pl engine test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="engine/target/test-classes:engine/target/classes:$(cat engine/target/bench-classpath.txt)"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  $(gzip --version | head -1)  awk=$(basename "$(readlink -f "$(command -v awk)")")" \
     " load $(cut -d' ' -f1-3 /proc/loadavg)  free disk $(df -h --output=avail "$BENCH_DIR" | tail -1)"
ARGS=("$@")
if [[ -n "${SIZE_MB:-}" ]]; then ARGS+=("size=$SIZE_MB"); fi
java ${JAVA_OPTS:--Xmx512m} -Dbench.dir="$BENCH_DIR" -cp "$CP" dev.adf.engine.bench.CopyActivityBenchmark "${ARGS[@]}"
echo "# end $(date -u +%FT%TZ)  load $(cut -d' ' -f1-3 /proc/loadavg)"
