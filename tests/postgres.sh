#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, in a temporary folder, listening on loopback only.
#   tests/postgres.sh start [PID]   prints the folder on line 1 and a connection string on line 2; with a
#                                   PID, the cluster is stopped and deleted when that process ends
#   tests/postgres.sh stop FOLDER
# initdb refuses to run as root, so as root the cluster runs as the postgres account Debian's package
# creates; as anyone else it runs as that user. Trust authentication is safe here: nothing but this
# machine can reach 127.0.0.1, and the cluster is deleted when the tests end.
set -euo pipefail

bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ]; then bin="$candidate"; break; fi
done
if [ -z "$bin" ]; then
  echo "PostgreSQL's server (initdb, pg_ctl) was not found under /usr/lib/postgresql. Install it with:  sudo apt-get install postgresql" >&2
  exit 1
fi

# From /, since the postgres account may not be allowed into the caller's folder (a clone in a private
# temporary folder, say), and PostgreSQL's tools complain when they cannot change into it.
as_owner() {
  if [ "$(id -u)" = "0" ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "${1:-}" in
  start)
    folder=$(mktemp -d /tmp/iopfinder-pg.XXXXXX)
    [ "$(id -u)" = "0" ] && chown postgres "$folder"
    # A free port below the kernel's ephemeral range, which outgoing connections could take meanwhile.
    port=$(python3 - <<'PY'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randrange(20000, max(low, 21000))
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
PY
)
    as_owner "$bin/initdb" -D "$folder/data" -U iopfinder --auth=trust -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 \
      || { cat "$folder/initdb.log" >&2; exit 1; }
    # Durability is not wanted from a cluster that is deleted after the run: no fsync makes it fast.
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { cat "$folder/server.log" >&2; exit 1; }
    if [ -n "${2:-}" ]; then
      # A test runner may kill its test process without running exit handlers, so a detached watcher stops
      # the cluster once that process is gone; its output goes nowhere, so the caller's read of ours ends.
      setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 2; done; bash "$2" stop "$3"' _ "$2" "$(realpath "$0")" "$folder" \
        </dev/null >/dev/null 2>&1 &
    fi
    echo "$folder"
    echo "Host=127.0.0.1;Port=$port;Username=iopfinder;Database=postgres"
    ;;
  stop)
    folder="${2:?usage: tests/postgres.sh stop FOLDER}"
    as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: tests/postgres.sh start | stop FOLDER" >&2
    exit 2
    ;;
esac
