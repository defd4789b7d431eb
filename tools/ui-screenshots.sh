#!/usr/bin/env bash
# Regenerates the screenshots of the monitoring web view in docs/ui/ (or the folder given as $1):
# builds web/ and what it needs (tests skipped, nothing installed into ~/.m2), then runs the test-scope
# tool dev.adf.web.browser.Screenshots, which runs a small chained hourly factory on a real
# orchestrator in a temp folder and photographs each page in headless Chromium (1280x900).
# Needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver.
# Extra Maven options (e.g. -o for offline) can be given in ADF_MVN_ARGS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export SE_OFFLINE=true SE_AVOID_STATS=true SE_AVOID_BROWSER_DOWNLOAD=true

# shellcheck disable=SC2086
mvn -B -q ${ADF_MVN_ARGS:-} -pl web -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt

CP="$ROOT/web/target/test-classes:$ROOT/web/target/classes:$(cat "$ROOT/web/target/test-classpath.txt")"
exec java -cp "$CP" dev.adf.web.browser.Screenshots "${1:-$ROOT/docs/ui}"
