#!/usr/bin/env bash
# Benchmark: validate the whole ADF v1 corpus (../shared/corpus/adfv1, 461 files) in one `adf` run,
# JVM start included, against a baseline measured in the same run: `adf --version` (JVM start,
# class loading and picocli, no validation). Prints the median of N runs of each and their ratio;
# one file's validation shows the fixed cost (validator and catalog start-up), the corpus the rest.
#
# Usage: tools/bench/validate-corpus.sh [RUNS] [CORPUS]     (defaults: 5, ../shared/corpus/adfv1)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
CORPUS="${2:-$ROOT/../shared/corpus/adfv1}"
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 1; }
"$ROOT/adf" --version >/dev/null   # builds if needed, outside the measurement

# median wall-clock milliseconds of RUNS runs of "$@" (exit codes ignored: invalid files exit 2)
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

files=$(find "$CORPUS" -name '*.json' | wc -l)
base=$(median_ms "$ROOT/adf" --version)
one=$(median_ms "$ROOT/adf" validate --each "$ROOT/samples/ADFJsons/Datasets/input.json")
each=$(median_ms "$ROOT/adf" validate --each "$CORPUS")
set_=$(median_ms "$ROOT/adf" validate "$CORPUS")
json=$(median_ms "$ROOT/adf" validate --each --format json "$CORPUS")
echo "files: $files  runs: $RUNS  (median wall ms, JVM start included)"
printf '%-34s %7s ms  %5s\n' "adf --version (baseline)" "$base" "1.00x"
for row in "validate --each (one file):$one:1" "validate --each:$each:$files" \
    "validate (set, references):$set_:$files" "validate --each --format json:$json:$files"; do
  IFS=: read -r name ms n <<< "$row"
  awk -v n="$name" -v ms="$ms" -v b="$base" -v f="$n" 'BEGIN {
    printf "%-34s %7d ms  %5.2fx  (%d ms over the baseline, %.2f ms/file)\n", n, ms, ms / b, ms - b, (ms - b) / f }'
done
