#!/usr/bin/env bash
# End to end, every file of the plan folder (issue #16's first targets): Yangzhou, the generated
# province and the generated nation (seed 7), whole process, release build, /usr/bin/time (wall
# seconds, user and system CPU seconds, peak RSS). With PEER=/path/to/an/older/quotaplan the peer
# runs the same scenario alternately in the same run, and the plan folders are compared.
# Usage: bash Benchmarks/end-to-end.sh [runs] [nation-runs]     (defaults: 5 and 1)
#        PEER=/work/ref/quotaplan-base bash Benchmarks/end-to-end.sh 5 1
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
nation_runs=${2:-1}
source Benchmarks/common.sh
"$bin" generate --preset province --seed 7 --out "$work/province" >/dev/null
if [ "$nation_runs" -gt 0 ]; then "$bin" generate --preset nation --seed 7 --out "$work/nation" >/dev/null; fi

# One run: "wall user sys peakKB" of `solve SCENARIO` into a fresh folder.
run() {
  local binary=$1 scenario=$2 out=$3
  rm -rf "$out"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$binary" solve "$scenario" --out "$out" --quiet
  cat "$work/time"
}

# Median wall, user, sys and peak of RUNS runs of each binary, alternately.
measure() {
  local name=$1 scenario=$2 count=$3
  : >"$work/new"; : >"$work/peer"
  for _ in $(seq "$count"); do
    run "$bin" "$scenario" "$work/out-new" >>"$work/new"
    if [ -n "${PEER:-}" ]; then run "$PEER" "$scenario" "$work/out-peer" >>"$work/peer"; fi
  done
  summary() { for column in 1 2 3 4; do awk -v c="$column" '{print $c}' "$1" | median; done | paste -sd' '; }
  read -r wall user sys peak <<<"$(summary "$work/new")"
  printf "%-10s quotaplan %6.2f s wall  %6.2f s user  %5.2f s sys  %7d MB" "$name" "$wall" "$user" "$sys" "$((${peak%.*} / 1024))"
  if [ -n "${PEER:-}" ]; then
    read -r pwall puser psys ppeak <<<"$(summary "$work/peer")"
    printf "   | peer %6.2f s wall  %6.2f s user  %7d MB   ratio peer/quotaplan %.2f" "$pwall" "$puser" "$((${ppeak%.*} / 1024))" \
      "$(awk -v a="$pwall" -v b="$wall" 'BEGIN { print (b > 0 ? a / b : 0) }')"
    differing=$(diff -rq "$work/out-new" "$work/out-peer" | sed -E 's|.*/out-new/([^ ]+) and.*|\1|' | paste -sd, || true)
    printf "   differing files: %s" "${differing:-none}"
  fi
  printf "  (median of %s; load %s)\n" "$count" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

measure yangzhou scenarios/yangzhou-2022 "$((runs * 4))"
measure province "$work/province" "$runs"
if [ "$nation_runs" -gt 0 ]; then measure nation "$work/nation" "$nation_runs"; fi
