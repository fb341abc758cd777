#!/usr/bin/env bash
# The nearest plan of conflicting rules (issue #16): whole-process wall time (median of RUNS)
# and peak memory of `quotaplan solve` on scenarios whose hard rules conflict, Yangzhou and the
# province (generate --preset province --seed 7), against the whole-city GLPK model in the same
# run: `--method glpk` when this build passes it to the nearest plan, and OLD=/path/to/quotaplan
# (an earlier build) when given. Then the time a SIGTERM takes to stop a long nearest-plan solve,
# and whether it leaves any folder behind.
# Usage: bash Benchmarks/nearest.sh [runs]   (OLD=/tmp/quotaplan-before bash Benchmarks/nearest.sh 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
limit=${LIMIT:-300}   # seconds before a run is stopped and written as "> limit"
source Benchmarks/common.sh

# The cases: what-ifs over Yangzhou and over the generated province, on copies without the
# settings an older build does not know (data_note, expect: they change nothing in a plan).
mkdir -p "$work/scenarios"
for s in scenarios/yangzhou-2022 scenarios/infeasible-*; do
  cp -r "$s" "$work/scenarios/"
  sed -i -E '/^(data_note|expect):/d' "$work/scenarios/$(basename "$s")/scenario.yaml"
done
mk() { mkdir -p "$work/cases/$1"; cat >"$work/cases/$1/scenario.yaml"; }
mk yz-slip <<<"base: $work/scenarios/yangzhou-2022
total: 63600000"
mk yz-senior-cap-25 <<<"base: $work/scenarios/yangzhou-2022
categories:
  - id: senior_high
    caps: [{rule: R5, grades: [1, 2], ratio: 0.25}, {rule: R6, grades: [3], ratio: 0.40}]"
"$bin" generate --preset province --seed 7 --out "$work/province" >/dev/null
mk pr-slip <<<"base: $work/province
total: $(( $(awk '/^total:/ {print $2; exit}' "$work/province/scenario.yaml") * 10000 ))"
mk pr-senior-cap-25 <<<"base: $work/province
categories:
  - id: senior_high
    caps: [{rule: R5, grades: [1, 2], ratio: 0.25}, {rule: R6, grades: [3], ratio: 0.40}]"
mk pr-senior-cap-25-kept <<<"base: $work/province
non_negotiable: [R3, R4, R5, R6, R7]
categories:
  - id: senior_high
    caps: [{rule: R5, grades: [1, 2], ratio: 0.25}, {rule: R6, grades: [3], ratio: 0.40}]"
# The city total 1,000 below the categories' sum, R1 kept: one category gives up the 1,000
# (NearestByParts.shortOfSum decides which, level by level; the whole-city model before).
mk pr-below-sum <<<"base: $work/province
non_negotiable: [R1, R3]
total: $(( $(awk '/^total:/ {print $2; exit}' "$work/province/scenario.yaml") - 1000 ))"
cases=(yz-slip yz-senior-cap-25 pr-slip pr-senior-cap-25 pr-senior-cap-25-kept pr-below-sum)
for s in "$work"/scenarios/infeasible-*; do cases+=("$s"); done

# One run: "seconds peakKB exit" of a solve, or "> limit -" when stopped.
run() {
  local out=$work/out-$RANDOM code=0
  /usr/bin/time -o "$work/time" -f "%e %M" timeout "$limit" "$@" --out "$out" --quiet >/dev/null 2>&1 || code=$?
  rm -rf "$out" "$out-breaks-rules"
  if [ "$code" = 124 ]; then echo "> $limit -"; else echo "$(tail -1 "$work/time") $code"; fi
}
measure() {  # label, command…: median seconds, max peak MB, exit code
  local label=$1; shift
  : >"$work/t"; : >"$work/m"; local code=""
  for _ in $(seq "$runs"); do
    read -r seconds peak code < <(run "$@")
    [ "$seconds" = ">" ] && { echo "$label: > ${limit} s (stopped)"; return; }
    echo "$seconds" >>"$work/t"; echo "$peak" >>"$work/m"
  done
  printf '%s: %s s median of %s, peak %s MB, exit %s\n' "$label" "$(median <"$work/t")" "$runs" \
    "$(sort -n "$work/m" | tail -1 | awk '{printf "%.0f", $1/1024}')" "$code"
}
glpk_option=$("$bin" solve --help 2>&1 | grep -q -- '--method' && echo yes || echo no)
for c in "${cases[@]}"; do
  dir=$c; [ -d "$dir" ] || dir=$work/cases/$c
  echo "== $(basename "$c")"
  "$bin" solve "$dir" --out "$work/show" 2>&1 | grep -E '^  - |breaks [0-9]' | head -4 | cut -c1-200 || true
  rm -rf "$work/show" "$work/show-breaks-rules"
  measure "  quotaplan (automatic)" "$bin" solve "$dir"
  [ "$glpk_option" = yes ] && measure "  quotaplan --method glpk" "$bin" solve "$dir" --method glpk
  [ -n "${OLD:-}" ] && measure "  before (OLD)" "$OLD" solve "$dir"
done

# SIGTERM during a nearest-plan solve of the province, TERM_AFTER seconds in (default 1: the
# by-parts plan of pr-below-sum now ends in about 3 s, and a finished plan is not a folder left).
after=${TERM_AFTER:-1}
sigterm() {
  local out=$work/term-out
  "$@" --out "$out" --quiet >/dev/null 2>&1 &
  local pid=$!
  sleep "$after"
  local start; start=$(date +%s%N)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local end; end=$(date +%s%N)
  local left; left=$(ls -a "$work" | grep -c -E '^(\.)?term-out' || true)
  echo "SIGTERM after $after s of '$(basename "$1") solve … $(echo "${@:2}" | sed "s|$work/cases/||")': exited in $(( (end - start) / 1000000 )) ms; folders left beside the output: $left"
  rm -rf "$out" "$out-breaks-rules"
}
sigterm "$bin" solve "$work/cases/pr-below-sum"
[ -n "${OLD:-}" ] && sigterm "$OLD" solve "$work/cases/pr-senior-cap-25"
exit 0
