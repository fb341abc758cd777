#!/usr/bin/env bash
# Time and memory against size: the nation preset rescaled to 1k, 5k, 20k and 76.6k schools
# (categories, social units and districts in proportion), each solved end to end (every file of
# the plan folder) by the release build. Whole-process wall time and peak RSS (/usr/bin/time),
# median of R runs, plus the time per school so near-linear growth shows as a flat column.
#
# Three paths, each on the same rescaled scenarios:
#   nested   the scenario as generated: the notice's rules nest (Model/NestedAllocation.swift);
#   overlap  plus a custom cap over overlapping grades in senior high (grades 1–2 ≤ 30 % and
#            grades 2–3 ≤ 35 %, issue #16's example), the caps path;
#   nearest  senior high's total raised to ten times what it was (above what its caps allow),
#            so the rules conflict and quotaplan names the conflict and writes the nearest plan.
# A run that passes --timeout seconds or --memory MB is stopped and shown as "> limit"; the
# scenarios that follow on that path are then skipped.
#
# Writes the table to standard output, the figures to Benchmarks/scaling.csv and the plot to
# Benchmarks/scaling.svg (Benchmarks/scaling_plot.py, python3 without extra packages).
# Usage: bash Benchmarks/scaling.sh [--paths nested,overlap,nearest] [--timeout S] [--memory MB]
#          [--no-plot] [runs] [sizes...]
# Defaults: all three paths, 120 s, 6000 MB, 3 runs, sizes 1000 5000 20000 76600.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=nested,overlap,nearest timeout=120 memory=6000 plot=1
while [ $# -gt 0 ]; do
  case $1 in
    --paths) paths=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --memory) memory=$2; shift ;;
    --no-plot) plot=0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 64 ;;
    *) break ;;
  esac
  shift
done
runs=${1:-3}; shift || true
sizes=${*:-1000 5000 20000 76600}
source Benchmarks/common.sh
csv=Benchmarks/scaling.csv
echo "path,schools,rows,units,total,wall_ms,peak_mb,status,runs,load" >"$csv"

# The scenario of one path at one size, written into $work/<path>-<size>.
scenario() {
  local path=$1 n=$2 base=$work/nested-$n
  [ -d "$base" ] || "$bin" generate --preset nation --seed 7 --schools "$n" --out "$base" >/dev/null
  case $path in
    nested) ;;
    overlap)
      mkdir -p "$work/overlap-$n"
      printf 'base: %s\nname: overlap-%s\ncategories:\n  - id: senior_high\n    caps:\n      - {rule: R5, grades: [1, 2], ratio: 0.30}\n      - {rule: R5, grades: [2, 3], ratio: 0.35}\n' \
        "$base" "$n" >"$work/overlap-$n/scenario.yaml" ;;
    nearest)
      local senior total
      senior=$(awk '/id: senior_high/ {gsub(/[^0-9]/, "", $NF); print $NF}' "$base/scenario.yaml")
      total=$(awk '/^total:/ {print $2}' "$base/scenario.yaml")
      mkdir -p "$work/nearest-$n"
      printf 'base: %s\nname: nearest-%s\ntotal: %s\ncategories:\n  - {id: senior_high, total: %s}\n' \
        "$base" "$n" $((total + 9 * senior)) $((senior * 10)) >"$work/nearest-$n/scenario.yaml" ;;
  esac
}

printf "%-8s %-8s %-8s %-7s %-9s %-9s %-8s %-10s %s\n" path schools rows units total wall_ms peak_MB us/school status
for path in ${paths//,/ }; do
  stopped=
  for n in $sizes; do
    scenario "$path" "$n"
    rows=$(($(wc -l <"$work/nested-$n/schools.csv") - 1)); units=$(($(wc -l <"$work/nested-$n/social.csv") - 1))
    total=$(awk '/^total:/ {print $2}' "$work/nested-$n/scenario.yaml")
    if [ -n "$stopped" ]; then
      printf "%-8s %-8s %-8s %-7s %-9s %-9s %-8s %-10s %s\n" "$path" "$n" "$rows" "$units" "$total" - - - "skipped ($stopped)"
      echo "$path,$n,$rows,$units,$total,,,skipped,0," >>"$csv"
      continue
    fi
    : >"$work/ms"; : >"$work/kb"; status=ok
    for _ in $(seq "$runs"); do
      set +e
      (ulimit -v $((memory * 1024 + 1048576)); timeout "$timeout" /usr/bin/time -f "%e %M" -o "$work/t" \
        "$bin" solve "$work/$path-$n" --out "$work/plan-$path-$n" --quiet >"$work/out" 2>&1)
      code=$?
      set -e
      if [ "$code" = 124 ]; then status="> ${timeout} s"; break; fi
      kb=$(awk 'END {print $2}' "$work/t")
      if [ "$kb" -gt $((memory * 1024)) ] || grep -qi "memory\|bad_alloc" "$work/out"; then status="> ${memory} MB"; break; fi
      # A conflict is the nearest path's answer: a nearest plan with BROKEN_RULES.txt (written
      # beside --out as <out>-breaks-rules); other failures are errors.
      if [ "$code" != 0 ] && ! [ -f "$work/plan-$path-$n/BROKEN_RULES.txt" ] && ! [ -f "$work/plan-$path-$n-breaks-rules/BROKEN_RULES.txt" ]; then
        status="exit $code"; break
      fi
      awk 'END {print int($1 * 1000)}' "$work/t" >>"$work/ms"; echo "$kb" >>"$work/kb"
      rm -rf "$work/plan-$path-$n" "$work/plan-$path-$n-breaks-rules"
    done
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$status" = ok ]; then
      ms=$(median <"$work/ms"); kb=$(median <"$work/kb")
      printf "%-8s %-8s %-8s %-7s %-9s %-9s %-8s %-10s %s\n" "$path" "$n" "$rows" "$units" "$total" "$ms" $((kb / 1024)) $((ms * 1000 / n)) "ok (load $load)"
      echo "$path,$n,$rows,$units,$total,$ms,$((kb / 1024)),ok,$runs,$load" >>"$csv"
    else
      printf "%-8s %-8s %-8s %-7s %-9s %-9s %-8s %-10s %s\n" "$path" "$n" "$rows" "$units" "$total" - - - "$status: $(tail -c 200 "$work/out" | tr '\n' ' ')"
      echo "$path,$n,$rows,$units,$total,,,$status,$runs,$load" >>"$csv"
      stopped=$status
    fi
  done
done
[ "$plot" = 1 ] && python3 Benchmarks/scaling_plot.py "$csv" Benchmarks/scaling.svg && echo "plot: Benchmarks/scaling.svg"
exit 0
