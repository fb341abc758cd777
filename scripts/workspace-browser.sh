#!/usr/bin/env bash
# The workspace's real-browser journey: builds quotaplan and quotaplan-workspace (release),
# starts a fresh workspace with one city planner on a free port of 127.0.0.1, drives Debian's
# Chromium through scripts/workspace-journey.py and always stops the server.
#
#   bash scripts/workspace-browser.sh [SCREENSHOT_DIR]     (default: out/workspace-journey)
#
# Installs what it needs when missing: Playwright for Python and openpyxl (pip, no browser
# download), chromium and fonts-noto-cjk (apt-get). Exits non-zero when any step fails.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
shots="${1:-$root/out/workspace-journey}"
mkdir -p "$shots"
shots="$(cd "$shots" && pwd)"

# What the journey needs.
if ! python3 -c "import playwright, openpyxl" 2>/dev/null; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 python3 -m pip install --quiet playwright openpyxl
fi
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
dpkg -s libglpk-dev >/dev/null 2>&1 || missing+=(libglpk-dev)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build -c release --product quotaplan 2>&1 | tail -1
swift build -c release --product quotaplan-workspace 2>&1 | tail -1
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/qp-journey.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

data="$work/data"
password="journey-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" | "$bin/quotaplan-workspace" users add planner --role city --data "$data" --password-stdin >/dev/null

# The server prints its URL on its first line of standard output.
mkfifo "$work/out"
"$bin/quotaplan-workspace" serve --data "$data" --host 127.0.0.1 --port 0 --seed "$root/scenarios/yangzhou-2022" \
  >"$work/out" 2>"$work/server.log" &
server_pid=$!
exec 3<"$work/out"
url=""
if ! read -r -t 120 line <&3; then
  echo "The workspace server did not start; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
url="$(printf '%s\n' "$line" | grep -oE 'http://[^ ]+/' | head -1)"
[ -n "$url" ] || { echo "No URL in the server's first line: $line" >&2; exit 1; }
# Keep draining the server's standard output so it never blocks.
cat <&3 >/dev/null &
exec 3<&-
echo "workspace at $url"

status=0
QP_PASSWORD="$password" python3 "$root/scripts/workspace-journey.py" --url "$url" --user planner \
  --shots "$shots" --quotaplan "$bin/quotaplan" --scenario "$root/scenarios/yangzhou-2022" || status=$?
if [ "$status" -ne 0 ]; then
  echo "The journey failed (exit $status); the server's log:" >&2
  tail -n 40 "$work/server.log" >&2
fi
exit "$status"
