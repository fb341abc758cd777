#!/usr/bin/env bash
# Renders the Yangzhou review report in headless Chromium and checks what a reader would see:
# a PNG that is not blank, and a page whose DOM holds the tables and SVG charts.
# Usage: bash scripts/check-report.sh [OUT_DIR]   (installs chromium and CJK fonts if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)/report-check}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  browser=$(command -v chromium)
fi
swift run -c release quotaplan solve scenarios/yangzhou-2022 --out "$out/plan" --quiet
page="file://$(cd "$out/plan" && pwd)/report.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage)
"$browser" "${flags[@]}" --window-size=1100,3000 --screenshot="$out/report.png" "$page" >/dev/null 2>&1
"$browser" "${flags[@]}" --dump-dom "$page" 2>/dev/null >"$out/dom.html"
python3 scripts/png_stats.py "$out/report.png" 0.02
tables=$(grep -o "<table" "$out/dom.html" | wc -l)
charts=$(grep -o "<svg" "$out/dom.html" | wc -l)
echo "report.png: $(stat -c %s "$out/report.png") bytes at $out/report.png; DOM: $tables tables, $charts SVG charts"
grep -q "附件1" "$out/dom.html" || { echo "the page lacks Attachment 1 (附件1)"; exit 1; }
grep -q "202200000001" "$out/dom.html" || { echo "the page lacks the first member number"; exit 1; }
[ "$tables" -ge 6 ] && [ "$charts" -ge 5 ] || { echo "expected at least 6 tables and 5 charts"; exit 1; }
echo "browser check: 1 passed, 0 failed"
