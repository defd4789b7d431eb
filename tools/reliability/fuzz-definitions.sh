#!/usr/bin/env bash
# Hostile input (issue 16): COUNT mutated factories (the repository's samples and the ADF v1 corpus:
# removed keys, wrong types, huge and tiny numbers, deep nesting, odd strings, broken UTF-8, BOMs,
# truncation) through `adf validate` and `adf deploy` into one home, checking that each exits 0 or 2,
# that every error line names its file, line:column and a short JSONPath, that nothing prints a stack
# trace, that each command ends within 60 s, and that a refused deploy leaves the previous deployment
# intact. Prints counts per kind and source, exit codes, median/p99/max times and each failure with the
# seed that reproduces it. Code: orchestrator/src/test/java/dev/adf/orchestrator/reliability/.
#
# Builds the worktree offline (nothing installed into ~/.m2) and runs in one JVM, in process, through
# the CLI's Main.run (what `adf` exits with); the fast subset runs in `mvn verify` (DefinitionFuzzTest).
#
# Usage: tools/reliability/fuzz-definitions.sh [--count N] [--seed BASE]   (defaults: 10000, 20261204)
#        tools/reliability/fuzz-definitions.sh --case SEED                 (one case, its output, kept files)
# Exit 1 when any case failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q -o -pl orchestrator -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt >/dev/null
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat orchestrator/target/fuzz-classpath.txt)"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
# The CLI's own JVM settings (./adf) and its logging configuration (stack traces go to the home's log).
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx1g -Dadf.repo="$ROOT" \
  -Dlogback.configurationFile="$ROOT/conf/logback.xml" -cp "$CP" dev.adf.orchestrator.reliability.FuzzDefinitions "$@"
