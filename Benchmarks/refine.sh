#!/usr/bin/env bash
# One county refinement, end to end, release build: Yangzhou's city plan refined for 宝应县 with
# the county's own school data and pins (scenarios/refine-baoying), then a province district
# refined without pins (generated province, seed 7, district 区县0001), against the city-level
# solve of the same scenario in the same run. Whole-process wall time, median of R runs.
# Usage: bash Benchmarks/refine.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
source Benchmarks/common.sh
"$bin" generate --preset province --seed 7 --out "$work/province" >/dev/null
"$bin" solve scenarios/yangzhou-2022 --out "$work/yz" --quiet
"$bin" solve "$work/province" --out "$work/pv" --quiet
district=区县0001  # the generator's first district
for name in yz-solve yz-refine pv-solve pv-refine; do : >"$work/$name"; done
for _ in $(seq "$runs"); do
  ms "$bin" solve scenarios/yangzhou-2022 --out "$work/yz2" --quiet >>"$work/yz-solve"
  ms "$bin" refine "$work/yz" --district 宝应县 --data scenarios/refine-baoying/schools.csv \
    --pins scenarios/refine-baoying/pins.csv --out "$work/yz-baoying" >>"$work/yz-refine"
  ms "$bin" solve "$work/province" --out "$work/pv2" --quiet >>"$work/pv-solve"
  ms "$bin" refine "$work/pv" --district "$district" --out "$work/pv-district" >>"$work/pv-refine"
done
echo "runs: $runs (median wall time, whole process, release build)"
printf "%8s ms  %s\n" "$(median <"$work/yz-solve")" "Yangzhou city plan (solve)"
printf "%8s ms  %s\n" "$(median <"$work/yz-refine")" "宝应县 refinement with its data and pins"
printf "%8s ms  %s\n" "$(median <"$work/pv-solve")" "province plan (solve, 4,990 schools)"
printf "%8s ms  %s\n" "$(median <"$work/pv-refine")" "province district $district refinement"
