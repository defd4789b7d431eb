#!/usr/bin/env bash
# The minutes-long part of the hostile-HTTP suite (docs/RELIABILITY.md, "Hostile HTTP"): both servers
# as users run them, `adf engine serve` (the Livy API) and `adf ui --auth token` (the web view), each
# in its own JVM with the shipped http.* defaults, each given in turn:
#   plain      10,000 authenticated GETs, 100 in flight
#   hostile    10,000 bad requests of 8 kinds (malformed JSON, wrong types, no credentials, unknown
#              path, unknown method, garbage, a 20 KB header, two Content-Lengths), 50 in flight
#   slowloris  N connections (a third trickling a body, the rest a head) at one byte a second, for
#              3 x http.readTimeout + 10 s, with a plain GET timed every second, twice: N below the
#              connection limit (400) and above it (1,500)
#   huge       100 bodies of 1 GiB announced and 20 chunked ones of 256 MiB
# and between phases the server JVM's heap after a full GC (jcmd GC.run, GC.heap_info), its thread
# count and RSS (/proc). The driver is tools/reliability/HttpHostile.java (JDK only). Everything runs on
# 127.0.0.1; every server started here is stopped by its pid on exit.
#
# Usage: tools/reliability/http-hostile.sh [requests=10000] [slow=400,1500]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REQUESTS=10000
SLOW=400,1500
for a in "$@"; do case "$a" in requests=*) REQUESTS="${a#requests=}" ;; slow=*) SLOW="${a#slow=}" ;; esac; done
WORK="$(mktemp -d /tmp/adf-http-hostile-XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "# $(date -u +%FT%TZ)  commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+dirty')" \
     " $(nproc) vCPU  $(java -version 2>&1 | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
./adf --help >/dev/null # builds when needed
READ_TIMEOUT_S=20       # the shipped http.readTimeout
DRIVER=(java -XX:+UseSerialGC -Xss512k tools/reliability/HttpHostile.java)

measure() { # pid label
  jcmd "$1" GC.run >/dev/null
  local used
  used=$(jcmd "$1" GC.heap_info | grep -E 'generation|heap' | grep -oE 'used [0-9]+K' | awk '{s+=$2} END {print s}')
  echo "  jvm $2: heap_used_after_gc_KiB ${used%K} threads $(awk '/^Threads/ {print $2}' /proc/"$1"/status)" \
       "rss_MiB $(( $(awk '/^VmRSS/ {print $2}' /proc/"$1"/status) / 1024 ))"
}

run_server() { # name base auth readPath postPath postHeaders pid
  local name=$1 base=$2 auth=$3 read=$4 post=$5 headers=$6 pid=$7
  echo "## $name at $base (pid $pid)"
  measure "$pid" "started"
  echo "  - plain:"; "${DRIVER[@]}" plain "$base" "$auth" "$read" "$post" "$headers" "$REQUESTS" | sed 's/^/    /'
  measure "$pid" "after plain"
  echo "  - hostile:"; "${DRIVER[@]}" hostile "$base" "$auth" "$read" "$post" "$headers" "$REQUESTS" | sed 's/^/    /'
  measure "$pid" "after hostile"
  for n in ${SLOW//,/ }; do
    echo "  - slowloris $n:"
    "${DRIVER[@]}" slowloris "$base" "$auth" "$read" "$post" "$headers" "$n" $((3 * READ_TIMEOUT_S + 10)) | sed 's/^/    /'
    measure "$pid" "after slowloris $n"
  done
  echo "  - huge:"; "${DRIVER[@]}" huge "$base" "$auth" "$read" "$post" "$headers" 100 | sed 's/^/    /'
  measure "$pid" "after huge"
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$base$read")
  echo "  still serving: GET $read -> $code"
}

wait_line() { # file pattern
  for _ in $(seq 1 600); do
    if grep -qE "$2" "$1" 2>/dev/null; then grep -oE "$2" "$1" | head -1; return 0; fi
    sleep 0.2
  done
  echo "server did not start; its output:" >&2; cat "$1" >&2; return 1
}

# The engine's Livy API.
echo "hostile-pw" > "$WORK/password"
./adf engine serve --home "$WORK/engine-home" --port 0 --user admin --password-file "$WORK/password" \
  > "$WORK/engine.out" 2>&1 &
PIDS+=($!); ENGINE_PID=$!
URL=$(wait_line "$WORK/engine.out" 'http://127\.0\.0\.1:[0-9]+')
run_server "adf engine serve (Livy API)" "$URL" "Authorization: Basic $(printf 'admin:hostile-pw' | base64)" \
  /batches /batches "X-Requested-By: hostile" "$ENGINE_PID"
kill "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true

# The web view, with a token as on a non-loopback address.
TOKEN=hostile-token-0123456789abcdef
ADF_UI_TOKEN=$TOKEN ./adf ui --home "$WORK/ui-home" --port 0 --auth token > "$WORK/ui.out" 2>&1 &
PIDS+=($!); UI_PID=$!
URL=$(wait_line "$WORK/ui.out" 'http://127\.0\.0\.1:[0-9]+')
CSRF=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/csrf" | sed -E 's/.*"token":"([^"]+)".*/\1/')
run_server "adf ui --auth token (web view)" "$URL" "Authorization: Bearer $TOKEN" /api/windows /api/rerun \
  "X-CSRF-Token: $CSRF" "$UI_PID"
kill "$UI_PID"; wait "$UI_PID" 2>/dev/null || true
echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
