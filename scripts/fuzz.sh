#!/usr/bin/env bash
# Fuzzes the CSV, YAML and XLSX loaders for N seconds (default 60) and saves one input per new
# kind of message to out/fuzz/ (inputs worth keeping go to Tests/QuotaPlanTests/FuzzCorpus/).
# The input being loaded is written first as out/fuzz/last-input.*, so a crasher is never lost.
set -euo pipefail
cd "$(dirname "$0")/.."
QUOTAPLAN_FUZZ_SECONDS=${1:-60} QUOTAPLAN_FUZZ_SAVE="$PWD/out/fuzz" swift test --filter "FuzzTests/fuzz" 2>&1 | grep -E "fuzz:|passed|failed|crashed" || true
