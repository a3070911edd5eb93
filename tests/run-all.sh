#!/usr/bin/env bash
# Runs every test project: the fast in-process tests, then the browser tests in Debian's Chromium.
# Installs Chromium with apt when it is missing and we are root; otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Chromium not found at $chromium: installing Debian's chromium package..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests and was not found at $chromium." >&2
    echo "Install it with:  sudo apt-get install chromium   (or set CHROMIUM_PATH to a Chromium binary)" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"

# The email tests talk to a real SMTP server on loopback: Debian's aiosmtpd.
if ! /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "aiosmtpd not found: installing Debian's python3-aiosmtpd package..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  else
    echo "The email tests need an SMTP server on loopback. Install it with:  sudo apt-get install python3-aiosmtpd" >&2
    exit 1
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build IopFinder.sln -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
for project in tests/IopFinder.Tests tests/IopFinder.BrowserTests; do
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee -a "$log" || status=1
done

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo
echo "Tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
