#!/usr/bin/env bash
# Renders the Yangzhou tracking report (examples/tracking at 2022-06-30, with its two earlier
# snapshots) in headless Chromium and checks what a reader would see: a PNG that is not blank,
# a DOM with the tables and one chart per district, and no full ID number of the register.
# Usage: bash scripts/check-tracking.sh [OUT_DIR]   (installs chromium and CJK fonts if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)/tracking-check}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  browser=$(command -v chromium)
fi
swift run -c release quotaplan solve scenarios/yangzhou-2022 --out "$out/plan" --quiet
.build/release/quotaplan track "$out/plan" examples/tracking/register-2022-06-30.csv --as-of 2022-06-30 \
  --history examples/tracking/history --out "$out/tracking" >/dev/null
page="file://$(cd "$out/tracking" && pwd)/tracking.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage)
"$browser" "${flags[@]}" --window-size=1100,3000 --screenshot="$out/tracking.png" "$page" >/dev/null 2>&1
"$browser" "${flags[@]}" --dump-dom "$page" 2>/dev/null >"$out/dom.html"
python3 scripts/png_stats.py "$out/tracking.png" 0.02
tables=$(grep -o "<table" "$out/dom.html" | wc -l)
charts=$(grep -o "<svg" "$out/dom.html" | wc -l)
echo "tracking.png: $(stat -c %s "$out/tracking.png") bytes at $out/tracking.png; DOM: $tables tables, $charts SVG charts"
grep -q "进度落后的县（市、区）" "$out/dom.html" || { echo "the page lacks the districts behind pace"; exit 1; }
grep -q "2022-04-30, 2022-05-31, 2022-06-30" "$out/dom.html" || { echo "the page lacks the snapshots"; exit 1; }
grep -q "ineligible_grade" "$out/dom.html" || { echo "the page lacks the problem list"; exit 1; }
# 10 districts: a chart each, plus the city's bars and its progress over time.
[ "$tables" -ge 6 ] && [ "$charts" -ge 12 ] || { echo "expected at least 6 tables and 12 charts"; exit 1; }
# Privacy: no 18-character ID number of the register is in the page in full.
python3 - "$out/dom.html" examples/tracking/register-2022-06-30.csv <<'PY'
import csv, sys
dom = open(sys.argv[1], encoding="utf-8").read()
ids = [row["身份证号"] for row in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))]
leaked = [i for i in ids if len(i) == 18 and i in dom]
if leaked:
    sys.exit(f"{len(leaked)} full ID numbers are in the page")
print(f"privacy: none of the register's {len(ids)} ID numbers is in the page in full")
PY
echo "browser check: 1 passed, 0 failed"
