#!/bin/sh
# Installs the pinned Azurite (package-lock.json) into tools/azurite/node_modules with `npm ci`,
# unless node_modules already matches the lockfile (a stamp of its checksum), so repeated builds
# cost nothing. Run by the engine build in process-test-resources; safe to run by hand.
set -eu
cd "$(dirname "$0")"
stamp=node_modules/.adf-lock-stamp
want=$(cksum < package-lock.json)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/azurite/dist/src/blob/main.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "ensure-installed.sh: npm is not on PATH; install Node.js 18+ to run the Azurite tests" >&2
  exit 1
fi
echo "ensure-installed.sh: installing Azurite from package-lock.json (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
printf '%s' "$want" > "$stamp"
