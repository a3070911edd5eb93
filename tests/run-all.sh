#!/usr/bin/env bash
# Runs every test project: the in-process tests on SQLite, then the same tests again on PostgreSQL (a
# throwaway cluster in a temporary folder, stopped at the end), and beside them the browser tests in Debian's
# Chromium. Installs Chromium, PostgreSQL, nginx and aiosmtpd with apt when missing and we are root;
# otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: Chromium for the browser tests; aiosmtpd (the email tests' SMTP server
# on loopback), nginx (the deployment test runs the published build behind web/Deploy/nginx-iopfinder.conf) and
# PostgreSQL (the in-process suite's second pass, and two site processes on one database).
# Debian's Chromium headless shell is the same Chromium release, without the full browser's windowing layer, as
# Playwright runs for headless Chromium; on two cores it runs the browser tests in under half the time.
# CHROMIUM_PATH=/usr/bin/chromium runs them in the full browser instead.
chromium="${CHROMIUM_PATH:-/usr/bin/chromium-headless-shell}"
missing=()
if [ ! -x "$chromium" ]; then
  if [ -z "${CHROMIUM_PATH:-}" ] && [ -x /usr/bin/chromium ] && [ "$(id -u)" != "0" ]; then
    echo "chromium-headless-shell is not installed: the browser tests run in /usr/bin/chromium, about twice as slowly."
    chromium=/usr/bin/chromium
  elif [ "$chromium" = /usr/bin/chromium ]; then
    missing+=(chromium)
  elif [ "$chromium" = /usr/bin/chromium-headless-shell ]; then
    missing+=(chromium-headless-shell)
  else
    echo "CHROMIUM_PATH is $chromium, which is not an executable file." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)

# Missing packages are installed beside the build, which needs none of them. Only what they depend on: the
# packages they merely recommend (printer set-up, sound and desktop libraries, fonts)
# tripled the time a fresh machine spent installing (BENCHMARKS.md, "The test command").
apt_pid=
apt_log=
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages the tests need, beside the build: ${missing[*]}..."
    apt_log=$(mktemp)
    (
      # A policy-rc.d that says 101 installs nginx and PostgreSQL without starting the machine's own services.
      own_policy=0
      if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
      fi
      status=0
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } || status=$?
      [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
      exit $status
    ) >"$apt_log" 2>&1 &
    apt_pid=$!
  else
    echo "The tests need these Debian packages: ${missing[*]}. Install them with:  sudo apt-get install ${missing[*]}" >&2
    case " ${missing[*]} " in *" chromium"*) echo "(For Chromium, CHROMIUM_PATH may name another Chromium binary instead.)" >&2 ;; esac
    exit 1
  fi
fi
# Waits for the packages, if any are being installed, and stops the run with apt's own words if that failed.
packages_ready() {
  [ -n "$apt_pid" ] || return 0
  local code=0
  wait "$apt_pid" || code=$?
  apt_pid=
  if [ "$code" != 0 ]; then
    cat "$apt_log" >&2
    echo "Installing ${missing[*]} failed (exit $code)." >&2
    rm -f "$apt_log"
    exit 1
  fi
  rm -f "$apt_log"
}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# What a run leaves in the temporary folder (test sites' folders, the diagnostic pipes of the processes tests
# kill on purpose, the empty folders each `dotnet test` makes) goes in a folder of its own, deleted at the end.
# Readable by all: nginx's workers read the deployment test's files under it.
run_tmp=$(mktemp -d)
chmod 755 "$run_tmp"
export TMPDIR="$run_tmp"
# A failed build still waits for apt: stopping it halfway would leave dpkg's database half-written.
trap 'rm -rf "$run_tmp"; [ -z "$apt_pid" ] || wait "$apt_pid" || true; rm -f "$apt_log"' EXIT

dotnet build IopFinder.sln -c Release -nologo -clp:ErrorsOnly
packages_ready

# Dynamic profile-guided optimization instruments code to recompile it better later, which pays off in a
# long-running server, not in test processes whose sites live for seconds: without it the SQLite pass took
# 15-20 % less CPU time in each of five paired runs (BENCHMARKS.md). The site itself keeps the runtime's default.
export DOTNET_TieredPGO=0
# Two more runtime settings for the test processes only, each measured by running the in-process suite twice at
# once, one with and one without, three times (BENCHMARKS.md): the runtime's write-xor-execute protection maps
# every page of compiled code twice and changes the mappings as code is written, which cost the SQLite pass about
# 3.5 s of system CPU; and while new methods keep being compiled (as they do all through a test run) a delay of
# 4,096 ms (the value is hexadecimal) instead of 100 before busy methods are recompiled with full optimization
# saved about 9 of the pass's 75 user CPU seconds: in processes this short, recompiling costs more than the faster
# code gives back. The site itself keeps the runtime's defaults.
export DOTNET_EnableWriteXorExecute=0 DOTNET_TC_CallCountingDelayMs=0x1000

cluster=$(bash tests/postgres.sh start)
pg_folder=$(echo "$cluster" | sed -n 1p)
export IOPFINDER_TEST_POSTGRES=$(echo "$cluster" | sed -n 2p)
# Two lines of work run side by side, since neither alone keeps both cores busy (the browser tests use little
# more than one): the in-process suite on SQLite in one, the browser tests in the other, and the in-process
# suite on PostgreSQL in whichever line is free first (the first to claim it, by an atomic mkdir). Each part's
# output is kept and printed whole, under its heading, as soon as that part ends.
logs=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; bash tests/postgres.sh stop "$pg_folder"; rm -rf "$logs" "$run_tmp"' EXIT

part() {
  local name=$1 title=$2
  shift 2
  local code=0
  "$@" >"$logs/$name.log" 2>&1 || code=$?
  echo "$code" >"$logs/$name.status"
  { flock 9; echo "$title"; cat "$logs/$name.log"; } 9>"$logs/print.lock"
}

postgres_unless_taken() {
  mkdir "$logs/postgres.claimed" 2>/dev/null || return 0
  # Tests that choose their own databases (deployment, migrator, scale-out, migrate-data) or use none (the
  # self-check's rules, the articles) ran in the SQLite pass.
  part 2-postgres "The same tests on PostgreSQL:" \
    env IOPFINDER_TEST_PROVIDER=postgres dotnet test tests/IopFinder.Tests -c Release --no-build --nologo --filter "Databases!=own"
}

echo "Running the in-process tests (on SQLite, then on PostgreSQL in whichever line is free first) beside the browser tests..."
(
  part 1-sqlite "In-process tests on SQLite:" \
    env IOPFINDER_TEST_PROVIDER=sqlite dotnet test tests/IopFinder.Tests -c Release --no-build --nologo
  postgres_unless_taken
) &
(
  part 3-browser "Browser tests:" dotnet test tests/IopFinder.BrowserTests -c Release --no-build --nologo
  postgres_unless_taken
) &
wait

status=0
for name in 1-sqlite 2-postgres 3-browser; do
  [ "$(cat "$logs/$name.status" 2>/dev/null || echo 1)" = "0" ] || status=1
done
log="$logs/all.log"
cat "$logs"/[123]-*.log >"$log"
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
