# Shared by the benchmark scripts (sourced from the project root): builds quotaplan in release
# mode, sets $bin and a scratch folder $work removed on exit, and defines median (of numbers on
# standard input) and ms (wall milliseconds of a command, its output discarded).
# QUOTAPLAN=/path/to/quotaplan skips the build and times that binary instead (e.g. an older build).
if [ -n "${QUOTAPLAN:-}" ]; then
  bin=$QUOTAPLAN
else
  swift build -c release --product quotaplan >/dev/null
  bin=$(swift build -c release --show-bin-path)/quotaplan
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
