#!/usr/bin/env bash
# Runs a command and prints its wall time and the CPU seconds the whole machine was busy meanwhile
# (from /proc/stat), so work done by processes the command does not wait for, such as Chromium's renderers
# or a PostgreSQL server's sessions, is counted too. Run it on an otherwise idle machine.
#   bash tests/machine-cpu.sh LABEL COMMAND...
set -euo pipefail
label=$1
shift
busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
ticks=$(getconf CLK_TCK)
before=$(busy)
start=$(date +%s.%N)
status=0
"$@" || status=$?
end=$(date +%s.%N)
after=$(busy)
awk -v l="$label" -v s="$start" -v e="$end" -v c="$(( (after - before) / ticks ))" \
  'BEGIN { printf "%s: %.0f s wall, %d CPU seconds busy on the machine\n", l, e - s, c }' >&2
exit $status
