#!/usr/bin/env bash
# Renders the Yangzhou review report in headless Chromium, in Chinese and in English, and checks
# what a reader would see: a PNG that is not blank, a page whose DOM holds the tables and SVG
# charts, and no text of the other language (apart from proper names in the data: district,
# school and unit names). sweep.html and compare.html are checked the same way.
# Usage: bash scripts/check-report.sh [OUT_DIR]   (installs chromium and CJK fonts if missing)
#   QP_BIN=path/to/quotaplan uses that binary instead of building the release one.
#   Screenshots: $OUT_DIR/report-zh.png and report-en.png, copied to /tmp/report-zh.png and /tmp/report-en.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)/report-check}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  browser=$(command -v chromium)
fi
if [ -z "${QP_BIN:-}" ]; then
  swift build -c release --product quotaplan >/dev/null
  QP_BIN=.build/release/quotaplan
fi
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage)
failed=0
passed=0
# render PAGE NAME HEIGHT [MIN_INK]: a screenshot (not blank: at least MIN_INK of its pixels
# inked, 2 % by default) and the DOM after Chromium has laid the page out.
render() {
  "$browser" "${flags[@]}" --window-size=1100,"$3" --screenshot="$out/$2.png" "file://$1" >/dev/null 2>&1
  "$browser" "${flags[@]}" --dump-dom "file://$1" 2>/dev/null >"$out/$2.dom.html"
  python3 scripts/png_stats.py "$out/$2.png" "${4:-0.02}"
  echo "$2.png: $(stat -c %s "$out/$2.png") bytes at $out/$2.png"
}
# language LANG NAME SCENARIO_DIRS...: no text of the other language in NAME's DOM.
language() {
  local lang=$1 name=$2
  shift 2
  if python3 scripts/check_report_language.py "$lang" "$out/$name.dom.html" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# The English scenario: the shipped one with its own texts (title, data note) in English.
en="$out/yangzhou-2022-en"
rm -rf "$en" && cp -r scenarios/yangzhou-2022 "$en"
sed -i -e 's/^title: .*/title: Yangzhou 2022 plan for new Youth League members/' \
  -e 's/^data_note: .*/data_note: "Sample data: the schools and the 2021 category figures are synthetic"/' \
  -e 's/^language: zh/language: en/' "$en/scenario.yaml"

"$QP_BIN" solve scenarios/yangzhou-2022 --out "$out/plan" --quiet
"$QP_BIN" solve "$en" --language en --out "$out/plan-en" --quiet
render "$(cd "$out/plan" && pwd)/report.html" report-zh 9000
render "$(cd "$out/plan-en" && pwd)/report.html" report-en 9000
cp "$out/report-zh.png" /tmp/report-zh.png
cp "$out/report-en.png" /tmp/report-en.png

dom="$out/report-zh.dom.html"
tables=$(grep -o "<table" "$dom" | wc -l)
charts=$(grep -o "<svg" "$dom" | wc -l)
echo "report-zh DOM: $tables tables, $charts SVG charts"
grep -q "附件1" "$dom" || { echo "the page lacks Attachment 1 (附件1)"; failed=$((failed + 1)); }
grep -q "202200000001" "$dom" || { echo "the page lacks the first member number"; failed=$((failed + 1)); }
grep -q "示例数据：学校与2021年分类别数据为合成数据" "$dom" || { echo "the page lacks the data note"; failed=$((failed + 1)); }
grep -q "规则与目标代码说明" "$dom" || { echo "the page lacks the glossary"; failed=$((failed + 1)); }
grep -q "Rule and goal codes" "$out/report-en.dom.html" || { echo "the English page lacks the glossary"; failed=$((failed + 1)); }
if [ "$tables" -ge 6 ] && [ "$charts" -ge 5 ]; then passed=$((passed + 1)); else echo "expected at least 6 tables and 5 charts"; failed=$((failed + 1)); fi
language zh report-zh scenarios/yangzhou-2022
language en report-en scenarios/yangzhou-2022

# sweep.html in both languages: the senior-high cap from 28 % to 32 % (three plans). The key
# typed in --set is the user's own token, allowed in the Chinese page.
key='categories.senior_high.caps[0].ratio'
"$QP_BIN" sweep scenarios/yangzhou-2022 --set "$key=0.28...0.32" --step 0.02 --out "$out/sweep-zh" >/dev/null
"$QP_BIN" sweep "$en" --language en --set "$key=0.28...0.32" --step 0.02 --out "$out/sweep-en" >/dev/null
render "$(cd "$out/sweep-zh" && pwd)/sweep.html" sweep-zh 1600 0.002
render "$(cd "$out/sweep-en" && pwd)/sweep.html" sweep-en 1600 0.002
language zh sweep-zh --allow "$key" scenarios/yangzhou-2022
language en sweep-en scenarios/yangzhou-2022

# compare.html in both languages: the plan against the senior-high cap at 25 %.
"$QP_BIN" compare scenarios/yangzhou-2022 scenarios/what-if-senior-cap-25 --out "$out/compare-zh" >/dev/null || true
"$QP_BIN" compare "$en" scenarios/what-if-senior-cap-25 --language en --out "$out/compare-en" >/dev/null || true
for lang in zh en; do
  if [ -f "$out/compare-$lang/compare.html" ]; then
    render "$(cd "$out/compare-$lang" && pwd)/compare.html" "compare-$lang" 2400 0.005
    language "$lang" "compare-$lang" scenarios/yangzhou-2022 scenarios/what-if-senior-cap-25
  else
    echo "compare wrote no compare.html ($lang)"; failed=$((failed + 1))
  fi
done
echo "browser check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
