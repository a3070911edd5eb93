#!/usr/bin/env bash
# The search page under load on one machine, in one run, four ways: one site on SQLite, one on
# PostgreSQL, one on PostgreSQL behind nginx, and two on PostgreSQL behind nginx (the upstream of
# web/Deploy/nginx-iopfinder-instances.conf, on plain HTTP). The same 100,000 demo listings everywhere:
# seeded into SQLite, then copied into a throwaway PostgreSQL cluster with migrate-data (timed too).
# wrk, nginx, PostgreSQL and the sites share the machine's cores, so the figures are conservative and
# say more about cost per request than about what several machines would do.
set -euo pipefail
cd "$(dirname "$0")/../.."

listings=${LISTINGS:-100000}
runs=${RUNS:-3}
duration=${DURATION:-20}
work=${BENCH_DIR:-/tmp/iopfinder-bench}
script=${SCRIPT:-search}

# shellcheck source=web/Bench/prepare.sh
source web/Bench/prepare.sh wrk nginx postgresql postgresql-client

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${pg_folder:-}" ] && bash tests/postgres.sh stop "$pg_folder"
}
trap cleanup EXIT

cluster=$(bash tests/postgres.sh start)
pg_folder=$(echo "$cluster" | sed -n 1p)
server=$(echo "$cluster" | sed -n 2p)
pg_port=$(echo "$server" | sed -E 's/.*Port=([0-9]+).*/\1/')
psql -q "host=127.0.0.1 port=$pg_port user=iopfinder dbname=postgres" -c "CREATE DATABASE bench"
connection="${server/Database=postgres/Database=bench}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'), $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version), $(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //'); $listings listings; wrk script web/Bench/$script.lua"
start=$(date +%s.%N)
dotnet web/bin/Release/net10.0/IopFinder.Web.dll migrate-data --from "sqlite:$db" --to "postgres:$connection" --contentRoot "$PWD/web" | grep -v '^{' | sed -E 's/; /\n    /g'
echo "migrate-data: $(echo "$(date +%s.%N) - $start" | bc) s wall clock"

# Starts a Release site on a port; the rest of the arguments are its database settings.
start_site() {
  local port=$1; shift
  ASPNETCORE_ENVIRONMENT=Production dotnet web/bin/Release/net10.0/IopFinder.Web.dll \
    --urls "http://127.0.0.1:$port" --contentRoot "$PWD/web" --Directory:KeywordSearchesPerMinute=10000000 "$@" >"$work/server-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && return; sleep 0.5; done
  echo "the site on port $port did not start:" >&2; tail -20 "$work/server-$port.log" >&2; exit 1
}

# nginx on a loopback port in front of the given site ports, from the repository's configuration.
start_nginx() {
  local listen=$1; shift
  local conf="$work/nginx-$listen"
  mkdir -p "$conf"
  # The redirecting port-80 server and the TLS lines go; the upstream lists the ports given.
  sed -e '/# Plain HTTP only/,/^}/d' -e '/server 127.0.0.1:500[0-9];/d' -e '/ssl_/d' -e '/listen \[::\]/d' \
      -e "s/listen 443 ssl http2;/listen 127.0.0.1:$listen;/" web/Deploy/nginx-iopfinder-instances.conf > "$conf/site.conf"
  for port in "$@"; do sed -i "s/^upstream iopfinder {/upstream iopfinder {\n    server 127.0.0.1:$port;/" "$conf/site.conf"; done
  cat > "$conf/nginx.conf" <<NGINX
worker_processes 1;
pid $conf/nginx.pid;
error_log $conf/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fastcgi; uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  include $conf/site.conf;
}
NGINX
  /usr/sbin/nginx -c "$conf/nginx.conf" -p "$conf" -g 'daemon off;' &
  pids+=($!)
  for _ in $(seq 1 40); do curl -sf -o /dev/null "http://127.0.0.1:$listen/healthz" && return; sleep 0.25; done
  echo "nginx on port $listen did not start" >&2; cat "$conf/error.log" >&2; exit 1
}

# CPU time (user + system, in clock ticks) of the given processes so far.
ticks() { local sum=0; for pid in "$@"; do sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$sum"; }

# The PostgreSQL server's processes: the postmaster and every backend (pooled connections stay open through a run).
database_pids() { local main; main=$(head -1 "$pg_folder/data/postmaster.pid"); echo "$main" $(pgrep -P "$main"); }

# CPU ticks of each database process, as "pid:ticks" words, so processes that start mid-run count from zero.
database_ticks() { for pid in $(database_pids); do echo "$pid:$(ticks "$pid")"; done; }
database_used() {
  local before=$1 sum=0
  for entry in $(database_ticks); do
    local pid=${entry%%:*} now=${entry##*:} then=0
    for old in $before; do [ "${old%%:*}" = "$pid" ] && then=${old##*:}; done
    sum=$(( sum + now - then ))
  done
  echo "$sum"
}

measure() {
  local label=$1 url=$2; shift 2
  local measured=("$@")
  echo
  echo "== $label"
  # Warm-up: 20 seconds for each site, so every one of them has its JIT settled before the rounds.
  wrk -t2 -c32 -d$(( 20 * ${#measured[@]} ))s -s "web/Bench/$script.lua" "$url" >/dev/null
  for _ in $(seq 1 "$runs"); do
    local before; before=$(ticks "${measured[@]}")
    local database_before; database_before=$(database_ticks)
    local out; out=$(wrk -t2 -c32 -d"${duration}s" -s "web/Bench/$script.lua" --latency "$url")
    local after; after=$(ticks "${measured[@]}")
    local database; database=$(database_used "$database_before")
    local requests; requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$out" | awk -v cpu="$(( (after - before) * 1000 ))" -v db="$(( database * 1000 ))" -v n="$requests" -v hz="$(getconf CLK_TCK)" '
      /Requests\/sec/ { rps = $2 }
      $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
      /Non-2xx|Socket errors/ { extra = extra "  " $0 }
      END { printf "%9.0f requests/s  p50 %s  p99 %s  CPU per request: site %.3f ms, PostgreSQL %.3f ms%s\n", rps, p50, p99, cpu / hz / n, db / hz / n, extra }'
  done
}

stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }

a=$(free_port); start_site "$a" --Database:Path="$db"
measure "1 site on SQLite" "http://127.0.0.1:$a" "${pids[0]}"
stop_all

a=$(free_port); start_site "$a" --Database:Provider=postgres --Database:ConnectionString="$connection"
measure "1 site on PostgreSQL" "http://127.0.0.1:$a" "${pids[0]}"
n=$(free_port); start_nginx "$n" "$a"
measure "1 site on PostgreSQL behind nginx" "http://127.0.0.1:$n" "${pids[0]}"
stop_all

a=$(free_port); start_site "$a" --Database:Provider=postgres --Database:ConnectionString="$connection"
b=$(free_port); start_site "$b" --Database:Provider=postgres --Database:ConnectionString="$connection"
n=$(free_port); start_nginx "$n" "$a" "$b"
measure "2 sites on PostgreSQL behind nginx" "http://127.0.0.1:$n" "${pids[0]}" "${pids[1]}"
stop_all
