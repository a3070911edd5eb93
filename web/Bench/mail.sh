#!/usr/bin/env bash
# The outbox's throughput to an SMTP server on loopback: starts Debian's aiosmtpd (python3-aiosmtpd) with a
# handler that accepts and discards every message, then runs the bench-mail verb against it.
#   MESSAGES=2000 SENDERS=1 bash web/Bench/mail.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
messages=${MESSAGES:-2000}
senders=${SENDERS:-1}
port=${PORT:-2525}
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink &
smtp=$!
trap 'kill $smtp 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
dotnet build web -c Release --nologo -v q >/dev/null
echo "machine: $(nproc) cores, .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}')"
dotnet web/bin/Release/net10.0/IopFinder.Web.dll bench-mail --port "$port" --messages "$messages" --senders "$senders" --contentRoot="$PWD/web"
