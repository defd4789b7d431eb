#!/usr/bin/env bash
# The secrets scan of issue 16 (docs/RELIABILITY.md, "Secrets at rest and in output"): a full run through
# the real adf CLI with known account keys, SAS tokens and passwords in the definitions and the
# environment config, then a scan of every byte written (the home, the engine server's home) and printed
# (every command's stdout and stderr, every web page and API answer fetched over HTTP) for them.
#
#   tools/reliability/secrets-scan.sh [WORKDIR]      # exit 0: no secret found; 1: leaks (listed); 2: the run failed
#
# Needs the CLI built (mvn -B -o -pl cli -am package -DskipTests) and python3. Takes 2-4 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec python3 "$ROOT/tools/reliability/secrets_scan.py" "$ROOT" "$@"
