#!/usr/bin/env bash
# Yangzhou 2022 end to end, release build, whole-process wall time and peak memory,
# against glpsol solving the very models quotaplan solves (exported with `quotaplan export`)
# in the same run. Usage: bash Benchmarks/yangzhou.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
command -v glpsol >/dev/null || { apt-get update -qq && apt-get install -y -qq glpk-utils >/dev/null; }
source Benchmarks/common.sh
"$bin" export scenarios/yangzhou-2022 --out "$work/models" >/dev/null

: >"$work/quotaplan.ms"; : >"$work/glpsol.ms"
for _ in $(seq "$runs"); do
  ms "$bin" solve scenarios/yangzhou-2022 --out "$work/plan" --quiet >>"$work/quotaplan.ms"
  start=$(date +%s%N)
  for model in "$work"/models/*.lp; do glpsol --lp "$model" >/dev/null; done
  end=$(date +%s%N); echo $(( (end - start) / 1000000 )) >>"$work/glpsol.ms"
done
peak=$( { /usr/bin/time -f "%M" "$bin" solve scenarios/yangzhou-2022 --out "$work/plan" --quiet; } 2>&1 | tail -1)
q=$(median <"$work/quotaplan.ms"); g=$(median <"$work/glpsol.ms")
echo "runs: $runs (median wall time, whole process)"
echo "quotaplan solve yangzhou-2022 (load, solve all levels, write the plan folder): ${q} ms, peak RSS ${peak} KB"
echo "glpsol on the $(ls "$work"/models/*.lp | wc -l) exported level models (solve only):        ${g} ms"
awk -v q="$q" -v g="$g" 'BEGIN { printf "ratio glpsol / quotaplan: %.2f\n", (q > 0 ? g / q : 0) }'
