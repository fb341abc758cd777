#!/usr/bin/env bash
# Time against size: the nation preset rescaled to 1k, 5k, 20k and 76.6k schools (categories,
# social units and districts in proportion), each solved end to end by the release build.
# Whole-process wall time and peak RSS (/usr/bin/time), median of R runs, plus the time per
# school so near-linear growth shows as a flat last column.
# Usage: bash Benchmarks/scaling.sh [runs] [sizes...]   (default: 3 runs; 1000 5000 20000 76600)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; shift || true
sizes=${*:-1000 5000 20000 76600}
source Benchmarks/common.sh
printf "%-8s %-10s %-10s %-12s %-12s %-10s %s\n" schools rows units total wall_ms peak_MB us_per_school
for n in $sizes; do
  "$bin" generate --preset nation --seed 7 --schools "$n" --out "$work/s$n" >/dev/null
  rows=$(($(wc -l <"$work/s$n/schools.csv") - 1)); units=$(($(wc -l <"$work/s$n/social.csv") - 1))
  total=$(awk '/^total:/ {print $2}' "$work/s$n/scenario.yaml")
  : >"$work/ms"; : >"$work/kb"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" solve "$work/s$n" --out "$work/p$n" --quiet
    awk '{print int($1 * 1000)}' "$work/t" >>"$work/ms"; awk '{print $2}' "$work/t" >>"$work/kb"
  done
  ms=$(median <"$work/ms"); kb=$(median <"$work/kb")
  printf "%-8s %-10s %-10s %-12s %-12s %-10s %s\n" "$n" "$rows" "$units" "$total" "$ms" $((kb / 1024)) $((ms * 1000 / n))
done
