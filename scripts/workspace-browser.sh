#!/usr/bin/env bash
# The workspace's real-browser journeys: builds quotaplan and quotaplan-workspace (release),
# starts a fresh workspace with one city planner on a free port of 127.0.0.1, drives Debian's
# Chromium through scripts/workspace-journey.py, then the same on a second fresh workspace
# through scripts/workspace-county-journey.py (city, counties, reviewer), and always stops the
# server.
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
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

password="journey-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

# A fresh workspace in $work/$1 with one city planner; sets $url and $server_pid. The server
# prints its URL on its first line of standard output.
start_server() {
  local dir="$work/$1"
  mkdir -p "$dir"
  printf '%s\n' "$password" | "$bin/quotaplan-workspace" users add planner --role city --data "$dir/data" --password-stdin >/dev/null
  mkfifo "$dir/out"
  "$bin/quotaplan-workspace" serve --data "$dir/data" --host 127.0.0.1 --port 0 --seed "$root/scenarios/yangzhou-2022" \
    >"$dir/out" 2>"$dir/server.log" &
  server_pid=$!
  log="$dir/server.log"
  exec 3<"$dir/out"
  url=""
  if ! read -r -t 120 line <&3; then
    echo "The workspace server did not start; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  url="$(printf '%s\n' "$line" | grep -oE 'http://[^ ]+/' | head -1)"
  [ -n "$url" ] || { echo "No URL in the server's first line: $line" >&2; exit 1; }
  # Keep draining the server's standard output so it never blocks.
  cat <&3 >/dev/null &
  exec 3<&-
  echo "workspace at $url"
}

status=0
# A city planner's day.
start_server planner
QP_PASSWORD="$password" python3 "$root/scripts/workspace-journey.py" --url "$url" --user planner \
  --shots "$shots" --quotaplan "$bin/quotaplan" --scenario "$root/scenarios/yangzhou-2022" || status=$?
if [ "$status" -ne 0 ]; then
  echo "The journey failed (exit $status); the server's log:" >&2
  tail -n 40 "$log" >&2
  exit "$status"
fi
stop_server

# The county workflow (issue #14) on a fresh workspace: the city, two counties and a reviewer.
start_server county
QP_PASSWORD="$password" python3 "$root/scripts/workspace-county-journey.py" --url "$url" --user planner \
  --shots "$shots" || status=$?
if [ "$status" -ne 0 ]; then
  echo "The county journey failed (exit $status); the server's log:" >&2
  tail -n 40 "$log" >&2
fi
exit "$status"
