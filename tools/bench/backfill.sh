#!/usr/bin/env bash
# Backfill benchmark of issue 15: the sample pipeline (samples/ADFJsons, everything as `adf quickstart`
# deploys it) stretched to N daily windows from 2015-01-01 with concurrency 10, run by the real CLI
# (`adf run --until-idle` on a fresh home, embedded H2 and local folder store), timed; CPU per window
# in the orchestrator JVM and in the engine's child JVMs, peak RSS; N sequential bare JVM starts as
# the floor of a one-JVM-per-window design. The driver is tools/bench/backfill.py (python3).
#
# Variants, in one run (their order rotates by repetition):
#   before  = BEFORE (a commit, default a97e1a0: main before issue 15), built in a throw-away worktree
#   after   = this checkout
#   after, one JVM per job = this checkout with engine.warmExecutors=false
#   after, no class-data archive = this checkout with ADF_CDS=off (the launcher's AppCDS archives unused)
#   MID (optional, a commit) = an intermediate state, built in a second throw-away worktree
#
# Usage: tools/bench/backfill.sh [windows=100,1000] [reps=3] [BEFORE=<commit>] [MID=<commit>]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BEFORE=a97e1a0
MID=""
ARGS=()
for a in "$@"; do case "$a" in BEFORE=*) BEFORE="${a#BEFORE=}" ;; MID=*) MID="${a#MID=}" ;; *) ARGS+=("$a") ;; esac; done
WT="$(mktemp -d /tmp/adf-backfill-before-XXXXXX)"
WT2="$(mktemp -d /tmp/adf-backfill-mid-XXXXXX)"
cleanup() {
  for w in "$WT" "$WT2"; do git -C "$ROOT" worktree remove --force "$w" >/dev/null 2>&1 || rm -rf "$w"; done
}
trap cleanup EXIT
git worktree add --detach "$WT" "$BEFORE" >/dev/null 2>&1
if [ -n "$MID" ]; then git worktree add --detach "$WT2" "$MID" >/dev/null 2>&1; fi
echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " before $BEFORE${MID:+  mid $MID}  $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs))" \
     " $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
for d in "$WT" ${MID:+"$WT2"} "$ROOT"; do
  (cd "$d" && mvn -B -q -o -DskipTests package 2>&1 | sed $'s/\033\\[[0-9;]*m//g' | grep -v '^$' || true)
done
VARIANTS=$(python3 - "$WT" "$ROOT" "$WT2" "$MID" <<'PY'
import json, sys
before, here, mid_repo, mid = sys.argv[1:5]
variants = [{"name": "before", "repo": before}]
if mid:
    variants.append({"name": "mid (" + mid + ")", "repo": mid_repo})
variants += [
    {"name": "after", "repo": here},
    {"name": "after, no class-data archive", "repo": here, "env": {"ADF_CDS": "off"}},
    {"name": "after, one JVM per job", "repo": here, "conf": ["engine.warmExecutors=false"]},
]
print(json.dumps(variants))
PY
)
python3 tools/bench/backfill.py "variants=$VARIANTS" "${ARGS[@]}"
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
