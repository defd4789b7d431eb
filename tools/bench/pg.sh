# Throw-away PostgreSQL server for benchmarks; source this file, do not run it.
# As shared/reference/cluster-anchors.md §5 "Verified here (a)": the Debian binaries run as the `postgres`
# system user (initdb refuses root) on a free 127.0.0.1 port, trust auth for user `test`, fsync=off,
# synchronous_commit=off, full_page_writes=off, data in a fresh temp dir.
#
#   . tools/bench/pg.sh
#   pg_start            # sets PG_DIR PG_PORT PG_PID PG_URL (jdbc:postgresql://127.0.0.1:PORT/postgres, user test)
#   trap pg_stop EXIT   # stops the server by its pid and deletes PG_DIR, also on failure
#
# Env: PG_BIN (default: the newest /usr/lib/postgresql/*/bin), PG_OPTS (extra `-c k=v` server options).

pg_start() {
  PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
  [ -x "$PG_BIN/initdb" ] || { echo "pg.sh: no PostgreSQL binaries (apt-get install -y postgresql)" >&2; return 1; }
  PG_DIR="$(mktemp -d /tmp/adf-pg-XXXXXX)"
  chown postgres: "$PG_DIR"; chmod 700 "$PG_DIR"
  PG_PORT="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U test --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_OPTS:-}" \
      start >/dev/null || { cat "$PG_DIR/log" >&2; return 1; }
  PG_PID="$(head -1 "$PG_DIR/data/postmaster.pid")"
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  export PG_DIR PG_PORT PG_PID PG_URL
  echo "# PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') pid $PG_PID on 127.0.0.1:$PG_PORT, data $PG_DIR/data" >&2
}

# Fast shutdown (SIGINT) of the postmaster by pid, SIGKILL after 30 s; then removes PG_DIR. Idempotent.
pg_stop() {
  if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PG_PID" 2>/dev/null; then
      echo "pg.sh: postmaster $PG_PID still up after 30 s, SIGKILL" >&2
      kill -KILL "$PG_PID" 2>/dev/null || true
    fi
  fi
  PG_PID=""
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then rm -rf "$PG_DIR"; fi
  PG_DIR=""
}
