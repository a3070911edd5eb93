#!/usr/bin/env bash
# Page weight and Lighthouse scores of the map pages at $LISTINGS (100,000) demo listings, on loopback: each
# page's bytes as a browser receives them (Brotli) with the stylesheet, script and icon it loads, then, when
# LIGHTHOUSE names Lighthouse's cli/index.js (cd "$(mktemp -d)" && npm install lighthouse@12), its mobile scores.
#   LIGHTHOUSE=/path/to/node_modules/lighthouse/cli/index.js bash web/Bench/pages.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
listings=${LISTINGS:-100000}
work=${BENCH_DIR:-/tmp/iopfinder-bench}
port=${PORT:-5082}
# shellcheck source=web/Bench/prepare.sh
source web/Bench/prepare.sh
url="http://127.0.0.1:$port"
start_server
size() { curl -s -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$url$1"; }
pages=("/clinics?near=60601&radius=25" "/clinics?near=99501&radius=100" "/clinics?near=96813&radius=50" "/clinics?near=00901&radius=25" "/clinics?near=59001&radius=100&care=iop" "/clinics" "/clinics/call-sheet?near=60601&radius=25")
first=$(curl -s "$url${pages[0]}")
listing=$(echo "$first" | grep -o 'href="/clinics/[a-z0-9-]*"' | grep -v 'call-sheet\|compare' | head -1 | cut -d'"' -f2)
pages+=("$listing")
css=$(echo "$first" | grep -o '/css/site[^"]*' | head -1)
js=$(echo "$first" | grep -o '/js/site[^"]*' | head -1)
assets=$(( $(size "$css") + $(size "$js") + $(size /favicon.svg) ))
echo "stylesheet, script and icon: $assets bytes (Brotli)"
for page in "${pages[@]}"; do
  bytes=$(size "$page")
  printf '%-48s page %6d bytes, with the rest %6d bytes\n' "$page" "$bytes" $((bytes + assets))
done
if [ -n "${LIGHTHOUSE:-}" ]; then
  for page in "${pages[0]}" "${pages[5]}" "$listing" "${pages[6]}"; do
    CHROME_PATH=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium-headless-shell)} node "$LIGHTHOUSE" "$url$page" --form-factor=mobile --quiet \
      --only-categories=performance,accessibility,best-practices --chrome-flags="--headless --no-sandbox" \
      --output=json --output-path="$work/lighthouse.json" >/dev/null 2>&1 || { echo "$page: Lighthouse failed"; continue; }
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); c=r["categories"]; print("%-48s Lighthouse mobile: performance %d, accessibility %d, best practices %d; %d bytes transferred" % (sys.argv[2], c["performance"]["score"]*100, c["accessibility"]["score"]*100, c["best-practices"]["score"]*100, r["audits"]["total-byte-weight"]["numericValue"]))' "$work/lighthouse.json" "$page"
  done
fi
