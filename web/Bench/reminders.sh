#!/usr/bin/env bash
# The openings reminder job over 100,000 listings while the site serves searches. Copies the seeded benchmark
# database, gives every claimed demo listing (about a fifth) a staff account so each is due a reminder, starts the
# Release site on the copy (its own daily job off, mail written to files), puts search load on it with wrk, and
# part-way through runs the send-reminders verb against the same database: the job's time, and the searches a
# second during the run against a run without it.
set -euo pipefail
cd "$(dirname "$0")/../.."

listings=${LISTINGS:-100000}
duration=${DURATION:-40}
work=${BENCH_DIR:-/tmp/iopfinder-bench}
port=${PORT:-5081}
# shellcheck source=web/Bench/prepare.sh
source web/Bench/prepare.sh wrk

copy="$work/reminders-$listings.db"
rm -rf "$copy" "$copy-wal" "$copy-shm" "$work/mail"
sqlite3 "$db" ".backup '$copy'"
sqlite3 "$copy" "
  INSERT INTO users (email, name, role, security_stamp, created_at)
    SELECT 'staff' || id || '@clinic.example.org', 'Staff', 'clinic', 'bench', '2026-01-01' FROM clinics WHERE claimed = 1;
  INSERT INTO clinic_staff (user_id, clinic_id, added_at)
    SELECT u.id, c.id, '2026-01-01' FROM clinics c JOIN users u ON u.email = 'staff' || c.id || '@clinic.example.org';
  DELETE FROM reminder_state; DELETE FROM reminder_links; DELETE FROM job_runs;
  PRAGMA journal_mode = WAL;" >/dev/null
echo "machine: $(nproc) cores, .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'); $listings listings, $(sqlite3 "$copy" 'SELECT count(*) FROM clinic_staff') with staff"

url="http://127.0.0.1:$port"
settings=(--Database:Path="$copy" --Reminders:Enabled=false --Email:Mode=pickup --Email:PickupFolder="$work/mail" --Directory:KeywordSearchesPerMinute=10000000)
ASPNETCORE_ENVIRONMENT=Production dotnet web/bin/Release/net10.0/IopFinder.Web.dll --urls "$url" --contentRoot "$PWD/web" "${settings[@]}" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$url/healthz" && break; sleep 0.5; done
wrk -t2 -c32 -d20s -s web/Bench/search.lua "$url" >/dev/null

echo "== searches without the job"
wrk -t2 -c32 -d"${duration}s" -s web/Bench/search.lua "$url" | awk '/Requests\/sec/ {print "  " $2 " requests/s"}'
echo "== searches while send-reminders runs (started 5 s in)"
wrk -t2 -c32 -d"${duration}s" -s web/Bench/search.lua "$url" | awk '/Requests\/sec/ {print "  " $2 " requests/s"}' &
load=$!
sleep 5
start=$(date +%s.%N)
dotnet web/bin/Release/net10.0/IopFinder.Web.dll send-reminders --contentRoot="$PWD/web" "${settings[@]}" | grep -v '^{'
echo "  the verb, start to exit: $(echo "$(date +%s.%N) - $start" | bc) s"
wait $load
echo "  outbox after the run: $(sqlite3 "$copy" "SELECT status || ' ' || count(*) FROM outbox GROUP BY status" | tr '\n' ' ')"
echo "  peak memory of the site (RSS): $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$pid/status)"
