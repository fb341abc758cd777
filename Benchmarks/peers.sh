#!/usr/bin/env bash
# quotaplan against peer solvers (HiGHS via highspy, glpsol, CBC) on exactly the models quotaplan
# solves, in the same run. quotaplan is timed whole process (`solve`, median of R rounds, and its
# peak RSS); each peer solves every file `quotaplan export --format mps` writes (one per level,
# all groups in one model with --monolithic, else one per group and level), summed per round,
# median over rounds; every peer objective is checked against the exported optimum (exit 1 on
# any mismatch). The export is timed apart and is in no figure. Benchmarks/peers.py does the
# timing, the HiGHS part and the table.
# Usage: bash Benchmarks/peers.sh [SCENARIO_DIR | --preset city|province|nation] [--seed N]
#          [--runs R] [--solvers highs,glpsol,cbc] [--timeout SECONDS] [--monolithic | --per-group]
# Defaults: scenarios/yangzhou-2022, 3 runs, all three solvers, 600 s per solver per file, monolithic.
# QUOTAPLAN=/path/to/quotaplan skips the release build and times that binary instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=scenarios/yangzhou-2022 preset= seed=1 runs=3 solvers=highs,glpsol,cbc timeout=600 mono=1
while [ $# -gt 0 ]; do
  case $1 in
    --preset) preset=$2; shift ;;
    --seed) seed=$2; shift ;;
    --runs) runs=$2; shift ;;
    --solvers) solvers=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --monolithic) mono=1 ;;
    --per-group) mono=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 64 ;;
    *) scenario=$1 ;;
  esac
  shift
done

command -v glpsol >/dev/null || { apt-get update -qq && apt-get install -y -qq glpk-utils >/dev/null; }
command -v cbc >/dev/null || { apt-get update -qq && apt-get install -y -qq coinor-cbc >/dev/null; }
python3 -c 'import highspy' 2>/dev/null || pip install -q highspy || pip install -q --break-system-packages highspy

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${QUOTAPLAN:-}" ]; then
  bin=$QUOTAPLAN  # a given binary, e.g. while the tree does not build
else
  swift build -c release --product quotaplan >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  bin=$(swift build -c release --show-bin-path)/quotaplan
fi
if [ -n "$preset" ]; then
  "$bin" generate --preset "$preset" --seed "$seed" --out "$work/scenario" >/dev/null
  scenario=$work/scenario label="preset $preset, seed $seed"
else
  label=$(basename "$scenario")
fi

start=$(date +%s%N)
flags=(); [ "$mono" = 1 ] && flags=(--monolithic)
"$bin" export "$scenario" --format mps --out "$work/models" "${flags[@]}" >"$work/export.csv"
echo "export: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(ls "$work/models" | wc -l) MPS files (not in any figure)" >&2
[ "$mono" = 1 ] && label="$label, monolithic" || label="$label, per group"

python3 Benchmarks/peers.py --models "$work/models" --csv "$work/export.csv" --runs "$runs" \
  --solvers "$solvers" --timeout "$timeout" --label "$label" \
  -- "$bin" solve "$scenario" --out "$work/plan" --quiet
