#!/usr/bin/env bash
# quotaplan track end to end (read the plan folder and the register, reconcile, write
# tracking.csv, problems.csv, tracking.html and tracking.xlsx) on the release build:
# - province: the province preset rescaled to 5,200 schools (seed 7), solved, and a synthetic
#   register of 250,000 records (issue #15: ≤ 2 s);
# - nation: the nation preset (seed 7), solved, and a register of 3.6 million records
#   (≤ 30 s and ≤ 4 GB).
# Whole-process wall time and peak RSS from /usr/bin/time -v, median of R runs; the register is
# generated once per case (its time is printed, not part of the target).
# Usage: bash Benchmarks/track.sh [runs] [cases...]   (default: 3 runs; province nation)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; shift || true
cases=${*:-province nation}
source Benchmarks/common.sh
printf "%-9s %-8s %-10s %-10s %-12s %-10s %s\n" case schools quota records generate_s wall_ms peak_MB
for case in $cases; do
  case $case in
    province) preset=(--preset province --seed 7 --schools 5200); records=250000 ;;
    nation) preset=(--preset nation --seed 7); records=3600000 ;;
    *) echo "unknown case $case (province or nation)"; exit 64 ;;
  esac
  "$bin" generate "${preset[@]}" --out "$work/$case-scenario" >/dev/null
  "$bin" solve "$work/$case-scenario" --out "$work/$case-plan" --quiet
  year=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['year'])" "$work/$case-plan/plan.json")
  quota=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['total'])" "$work/$case-plan/plan.json")
  schools=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['schools']))" "$work/$case-plan/plan.json")
  start=$(date +%s%N)
  "$bin" generate --register "$work/$case-plan" --as-of "$year-06-30" --seed 7 --records "$records" --out "$work/$case-register.csv" >/dev/null
  generated=$(( ($(date +%s%N) - start) / 1000000 ))
  rows=$(($(wc -l <"$work/$case-register.csv") - 1))
  : >"$work/ms"; : >"$work/kb"
  for run in $(seq "$runs"); do
    /usr/bin/time -v -o "$work/t" "$bin" track "$work/$case-plan" "$work/$case-register.csv" --as-of "$year-06-30" \
      --out "$work/$case-tracking-$run" >/dev/null
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print int(s * 1000)}' "$work/t" >>"$work/ms"
    awk -F': ' '/Maximum resident set size/ {print $2}' "$work/t" >>"$work/kb"
    rm -rf "$work/$case-tracking-$run"
  done
  printf "%-9s %-8s %-10s %-10s %-12s %-10s %s\n" "$case" "$schools" "$quota" "$rows" "$(awk "BEGIN {printf \"%.1f\", $generated / 1000}")" \
    "$(median <"$work/ms")" $(($(median <"$work/kb") / 1024))
done
