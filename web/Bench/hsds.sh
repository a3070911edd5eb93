#!/usr/bin/env bash
# HSDS at $LISTINGS (100,000) demo listings: the ndjson dump of every service through the API (time, size, the
# server's peak memory), then `export hsds` to a data package and `import hsds` of that package into an empty
# scratch database (time and peak memory of each verb). Loopback only.
#   bash web/Bench/hsds.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
listings=${LISTINGS:-100000}
work=${BENCH_DIR:-/tmp/iopfinder-bench}
port=${PORT:-5081}
# shellcheck source=web/Bench/prepare.sh
source web/Bench/prepare.sh
echo "machine: $(nproc) cores, .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'); $listings listings"
url="http://127.0.0.1:$port"
start_server --Directory:ApiRequestsPerMinute=100000000 --Directory:HsdsDemoListings=true
echo "server memory after start: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
for query in "format=ndjson" "format=ndjson&full=true"; do
  stats=$(curl -s -o "$work/dump.ndjson" -w '%{time_total} %{size_download}' "$url/hsds/services?$query")
  echo "/hsds/services?$query: $(wc -l <"$work/dump.ndjson") services, $(echo "$stats" | awk '{printf "%.1f s, %.0f MB", $1, $2 / 1048576}'), server peak memory so far $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
done
kill $pid; wait $pid 2>/dev/null || true
rm -rf "$work/hsds-package" "$work/hsds-import.db"*
/usr/bin/time -f "export hsds: %e s, peak memory %M KB" dotnet web/bin/Release/net10.0/IopFinder.Web.dll export hsds "$work/hsds-package" --demo --contentRoot="$PWD/web" --Database:Path="$db" 2>&1 | grep -v '^{'
du -sh "$work/hsds-package" | awk '{print "package size: " $1}'
dotnet web/bin/Release/net10.0/IopFinder.Web.dll seed-demo --clinics 0 --contentRoot="$PWD/web" --Database:Path="$work/hsds-import.db" >/dev/null
/usr/bin/time -f "import hsds: %e s, peak memory %M KB" dotnet web/bin/Release/net10.0/IopFinder.Web.dll import hsds "$work/hsds-package" --strict --report "$work/hsds-import.txt" \
  --contentRoot="$PWD/web" --Database:Path="$work/hsds-import.db" 2>&1 | grep -v '^{' | grep -v '… .* rows read'
