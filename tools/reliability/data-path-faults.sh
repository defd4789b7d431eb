#!/usr/bin/env bash
# Faults in the data path (issue 16), repeated for figures: the engine's fault tests run REPEAT times
# each (default 10) in one JVM through the JUnit Platform launcher, the same code as in `mvn verify`:
#   WorkFolderFaultsTest      a job's folder / the engine's folder deleted while jobs run; a job's JVM and
#                             an idle warm executor SIGKILLed
#   LocalStoreDiskFaultsTest  the output container a full 6 MiB tmpfs, or remounted read-only (needs root:
#                             the test fails, never skips, when mount is refused)
#   AzuriteRestartTest        Azurite SIGKILLed mid-copy (many blobs, one 48 MiB blob; blob copy job and
#                             Copy activity), short SDK retries; and restarts within the default retries
# and, REPEAT_LONG times (default 3), AzuriteLongOutage (not run by verify): Azurite down for good and
# for 20 s against the SDK's default retry policy (4 tries over about 44 s), and a Copy activity
# SIGKILLed and restarted at once. Prints a table per test and the outcome lines the tests record.
# The orchestrator-level case (DataPathFaultsRunTest: retry per policy, rerun to Ready) runs in verify.
#
# Builds offline (nothing installed into ~/.m2). Usage: tools/reliability/data-path-faults.sh [REPEAT [REPEAT_LONG]]
# Exit 1 when any run failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REPEAT="${1:-10}"
REPEAT_LONG="${2:-3}"
mvn -B -q -o -pl engine package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/faults-classpath.txt >/dev/null
tools/azurite/ensure-installed.sh >/dev/null
LAUNCHER="$(ls ~/.m2/repository/org/junit/platform/junit-platform-launcher/1.11.*/junit-platform-launcher-1.11.*.jar | head -1)"
CP="engine/target/test-classes:engine/target/classes:$(cat engine/target/faults-classpath.txt):$LAUNCHER"
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
cd engine # the tests find tools/azurite from their working directory, as under surefire
CP="$(echo "$CP" | sed "s#\(^\|:\)engine/#\1$ROOT/engine/#g")"
status=0
java -Xmx1g -cp "$CP" "$ROOT/tools/reliability/DataPathFaults.java" "$REPEAT" \
  dev.adf.engine.WorkFolderFaultsTest dev.adf.engine.copy.LocalStoreDiskFaultsTest \
  dev.adf.engine.copy.AzuriteRestartTest || status=1
java -Xmx1g -cp "$CP" "$ROOT/tools/reliability/DataPathFaults.java" "$REPEAT_LONG" \
  'dev.adf.engine.copy.AzuriteLongOutage#killedAndKeptDownTheCopyFailsAfterTheSdksRetries' \
  'dev.adf.engine.copy.AzuriteLongOutage#killedForTwentySecondsTheCopyGoesOnOrItsVerificationFailsIt' \
  'dev.adf.engine.copy.AzuriteLongOutage#aCopyActivityKilledAndRestartedAtOnceNeverSucceedsWithFilesMissing' || status=1
echo "# end $(date -u +%FT%TZ)  load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
