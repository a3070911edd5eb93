#!/usr/bin/env bash
# Load test of the directory search page on loopback. Seeds 100,000 demo listings into a scratch
# database (once), then for each wrk script in web/Bench starts the Release build afresh, warms it
# up, and prints requests/s, latency, the server's CPU time per request and its peak memory.
# The load tool shares the machine's cores with the server, so the figures are conservative.
set -euo pipefail
cd "$(dirname "$0")/../.."

listings=${LISTINGS:-100000}
runs=${RUNS:-3}
duration=${DURATION:-20}
work=${BENCH_DIR:-/tmp/iopfinder-bench}
port=${PORT:-5080}
scripts=${SCRIPTS:-"search search-zip mixed keywords"}
# The keyword script asks for 10,000 distinct keywords from one client: lift the per-client limit.
SERVER_ARGS=${SERVER_ARGS:---Directory:KeywordSearchesPerMinute=10000000}

# shellcheck source=web/Bench/prepare.sh
source web/Bench/prepare.sh wrk

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'); $listings listings"
url="http://127.0.0.1:$port"
for script in $scripts; do
  # shellcheck disable=SC2086 # SERVER_ARGS is a list of settings, split on purpose.
  ASPNETCORE_ENVIRONMENT=Production dotnet web/bin/Release/net10.0/IopFinder.Web.dll \
    --urls "$url" --contentRoot "$PWD/web" --Database:Path="$db" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url/healthz" && break; sleep 0.5; done
  echo
  echo "== web/Bench/$script.lua  (memory after start: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status))"
  # Warm-up: the JIT's tiered compilation settles in the first twenty seconds of load.
  wrk -t2 -c32 -d20s -s "web/Bench/$script.lua" "$url" >/dev/null
  for _ in $(seq 1 "$runs"); do
    before=$(awk '{print $14 + $15}' /proc/$pid/stat)
    out=$(wrk -t2 -c32 -d"${duration}s" -s "web/Bench/$script.lua" --latency "$url")
    after=$(awk '{print $14 + $15}' /proc/$pid/stat)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    ticks=$(getconf CLK_TCK)
    echo "$out" | awk -v cpu="$(( (after - before) * 1000 ))" -v n="$requests" -v hz="$ticks" '
      /Requests\/sec/ { rps = $2 }
      $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
      /Non-2xx|Socket errors|served from the output cache/ { extra = extra "  " $0 }
      END { printf "%9.0f requests/s  p50 %s  p99 %s  server CPU %.3f ms/request%s\n", rps, p50, p99, cpu / hz / n, extra }'
  done
  echo "   peak memory (RSS): $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
done
