#!/usr/bin/env bash
# 50 Yangzhou variants (a sweep of the social-sector density exponent over 50 values), solved
# three ways in the same run: 50 `quotaplan solve` processes one after another (what a planner
# without `run` would do), one sweep process solving the variants one after another (--jobs 1,
# each variant's categories on both cores), and one sweep solving two variants at a time (--jobs 2).
# Whole-process wall time of release builds; median of N rounds. Usage: bash Benchmarks/parallel.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
source Benchmarks/common.sh
sweep() { "$bin" sweep scenarios/yangzhou-2022 --set 'social.density_exponent=0.00...0.98' --step 0.02 --jobs "$1" --out "$work/sweep-$1" >/dev/null; }
separate() {
  for i in $(seq 0 49); do
    mkdir -p "$work/v$i"
    printf 'base: %s\nname: v%s\nsocial: {density_exponent: %s}\n' "$PWD/scenarios/yangzhou-2022" "$i" "$(awk -v i="$i" 'BEGIN { printf "%.2f", i * 0.02 }')" >"$work/v$i/scenario.yaml"
    "$bin" solve "$work/v$i" --out "$work/out/v$i" --quiet
  done
}
: >"$work/one"; : >"$work/two"; : >"$work/procs"
for _ in $(seq "$rounds"); do
  ms separate >>"$work/procs"
  ms sweep 1 >>"$work/one"
  ms sweep 2 >>"$work/two"
done
points=$(($(wc -l <"$work/sweep-1/sweep.csv") - 1))
one=$(median <"$work/one"); two=$(median <"$work/two"); procs=$(median <"$work/procs")
echo "50 Yangzhou variants ($points points, each a full plan), median of $rounds rounds, whole process:"
echo "  50 solve processes one after another: ${procs} ms"
echo "  sweep, variants one after another (--jobs 1): ${one} ms"
echo "  sweep, two variants at a time (--jobs 2): ${two} ms"
awk -v p="$procs" -v a="$one" -v b="$two" 'BEGIN { printf "  ratio 50 processes / sweep --jobs 2: %.2fx; sweep --jobs 1 / --jobs 2: %.2fx\n", p / b, a / b }'
