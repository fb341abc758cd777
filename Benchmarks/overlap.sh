#!/usr/bin/env bash
# Caps over overlapping grades at province scale (issue #16): the generated province (seed 7)
# with a what-if that gives senior high the issue's custom caps, grades 1–2 ≤ 30 % and
# grades 2–3 ≤ 35 %, and makes grades 1–3 eligible (with only grades 1–2 eligible the two caps
# would nest again). The rows no longer nest, so before Model/IntervalAllocation.swift the
# category went to GLPK. quotaplan's default path (the interval path) and `--method glpk` solve
# the same scenario in the same run, end to end with every file of the plan folder; release
# build, whole process, /usr/bin/time (wall seconds, peak RSS). GLPK gets --time-limit and an
# outer timeout of S seconds. When both finish, their plan.csv files are compared byte for byte.
# Usage: bash Benchmarks/overlap.sh [--timeout S] [runs]      (defaults: 300 s, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
timeout=300
while [ $# -gt 0 ]; do
  case $1 in
    --timeout) timeout=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 64 ;;
    *) break ;;
  esac
  shift
done
runs=${1:-3}
source Benchmarks/common.sh
"$bin" generate --preset province --seed 7 --out "$work/province" >/dev/null
mkdir -p "$work/overlap"
cat >"$work/overlap/scenario.yaml" <<EOF
# The province with custom senior-high caps over overlapping grades.
base: $work/province
name: province-overlap
categories:
  - id: senior_high
    eligible_grades: [1, 2, 3]
    caps:
      - {rule: R5, grades: [1, 2], ratio: 0.30}
      - {rule: R6, grades: [2, 3], ratio: 0.35}
EOF

# run NAME ARGS...: one timed solve; appends "wall_s peak_mb" to $work/NAME, or "timeout".
run() {
  local name=$1; shift
  local status=0
  timeout "$((timeout + 30))" /usr/bin/time -f "%e %M" -o "$work/time" "$bin" solve "$work/overlap" --quiet "$@" \
    >"$work/$name.out" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time" >>"$work/$name"
  else
    echo "exit $status: $(tail -n 3 "$work/$name.out" | tr '\n' ' ')" >&2
    echo "failed" >>"$work/$name"
  fi
}
: >"$work/interval"; : >"$work/glpk"
for i in $(seq "$runs"); do
  run interval --out "$work/plan-interval"
  # GLPK is slow here: one run is enough to see the gap (and each may take $timeout seconds).
  [ "$i" -eq 1 ] && run glpk --method glpk --time-limit "$timeout" --out "$work/plan-glpk"
done
echo "province (seed 7), senior high with grades 1–2 ≤ 30 % and grades 2–3 ≤ 35 %, grades 1–3 eligible"
echo "runs: $runs for the interval path, 1 for GLPK (release build, whole process, every file)"
summary() {
  if grep -q failed "$work/$1"; then echo "failed or stopped (limit $timeout s)"; return; fi
  echo "$(cut -d' ' -f1 "$work/$1" | median) s median (runs: $(cut -d' ' -f1 "$work/$1" | tr '\n' ' ')), peak $(cut -d' ' -f2 "$work/$1" | sort -n | tail -1) MB"
}
printf "%-28s %s\n" "quotaplan (interval path)" "$(summary interval)"
printf "%-28s %s\n" "quotaplan --method glpk" "$(summary glpk)"
if [ -f "$work/plan-interval/plan.csv" ] && [ -f "$work/plan-glpk/plan.csv" ]; then
  if cmp -s "$work/plan-interval/plan.csv" "$work/plan-glpk/plan.csv"; then
    echo "plan.csv: identical"
  else
    echo "plan.csv: DIFFERENT ($(diff "$work/plan-interval/plan.csv" "$work/plan-glpk/plan.csv" | grep -c '^<') lines)"
  fi
fi
