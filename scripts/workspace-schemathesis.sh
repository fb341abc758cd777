#!/usr/bin/env bash
# schemathesis against the workspace's own OpenAPI document: no request it generates may get a
# 5xx. Starts `quotaplan-workspace serve` on 127.0.0.1 (a free port) over a new data folder with
# a city account, signs in, and runs schemathesis with the session cookie and CSRF token on every
# request, bounded in examples and in wall-clock time. Sign-out (DELETE /api/session) is left
# out, or the first example would end the session the rest need.
#
#   bash scripts/workspace-schemathesis.sh            # after swift build
#   QP_BIN=.build/release/quotaplan-workspace MAX_EXAMPLES=50 BUDGET=600 bash scripts/workspace-schemathesis.sh
#
# Exit 0 when schemathesis found no failure and the server logged no internal error.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${QP_BIN:-.build/debug/quotaplan-workspace}
MAX_EXAMPLES=${MAX_EXAMPLES:-50}
# Wall-clock bound of the schemathesis run, in seconds (the server's start is bounded apart).
BUDGET=${BUDGET:-420}
PASSWORD="schemathesis password"

[ -x "$BIN" ] || { echo "workspace-schemathesis: $BIN is not built; run swift build first" >&2; exit 1; }
command -v schemathesis >/dev/null 2>&1 || python3 -m pip install -q schemathesis \
  || python3 -m pip install -q --break-system-packages schemathesis

WORK=$(mktemp -d /tmp/qp-schemathesis-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "$PASSWORD" | "$BIN" users add fuzz --role city --data "$WORK/data" --password-stdin >/dev/null
"$BIN" serve --data "$WORK/data" --host 127.0.0.1 --port 0 --log-level warning >"$WORK/stdout" 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 1 600); do
  PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/stdout" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "workspace-schemathesis: the server stopped:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$PORT" ] || { echo "workspace-schemathesis: the server printed no URL in 120 s" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

ANSWER=$(curl -sS -D "$WORK/headers" -H 'Content-Type: application/json' \
  -d "{\"name\":\"fuzz\",\"password\":\"$PASSWORD\"}" "$BASE/api/session")
COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \(qp_session=[^;]*\).*/\1/p' "$WORK/headers" | tr -d '\r' | head -1)
CSRF=$(printf '%s' "$ANSWER" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
[ -n "$COOKIE" ] && [ -n "$CSRF" ] || { echo "workspace-schemathesis: sign-in failed: $ANSWER" >&2; exit 1; }

# Path ids point at the seeded scenario and version (both 1), so the examples reach the
# handlers instead of stopping at 404; odd ids are the HTTP tests' part (IntruderTests).
cat >"$WORK/schemathesis.toml" <<'TOML'
[parameters]
"path.id" = 1
TOML

echo "workspace-schemathesis: $BASE, at most $MAX_EXAMPLES examples an operation, ${BUDGET} s"
STATUS=0
# The coverage phase is left out: schemathesis 4.32's own coverage generator crashes on this
# document (a Hypothesis "AST constructor recursion depth mismatch", not a server answer).
timeout --kill-after=10 "$BUDGET" schemathesis --config-file "$WORK/schemathesis.toml" run "$BASE/api/openapi.json" \
  --phases examples,fuzzing \
  --checks not_a_server_error \
  --max-examples "$MAX_EXAMPLES" \
  --workers 2 \
  --request-timeout 60 \
  --seed "${SEED:-13}" \
  --exclude-name "DELETE /api/session" \
  --suppress-health-check all \
  -H "Cookie: $COOKIE" \
  -H "X-CSRF-Token: $CSRF" \
  --report junit --report-junit-path "$WORK/junit.xml" || STATUS=$?

# The server's own record: any handler that fell into the 500 path logs "failed:".
if grep -q "failed:" "$WORK/server.log"; then
  echo "workspace-schemathesis: the server logged internal errors:" >&2
  grep "failed:" "$WORK/server.log" | head -20 >&2
  STATUS=1
fi
# The session must still be good at the end, or most of the run was only 401s.
ME=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/api/me")
if [ "$ME" != 200 ]; then
  echo "workspace-schemathesis: the session ended during the run (GET /api/me: $ME); the run tested little" >&2
  STATUS=1
fi
if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
  echo "workspace-schemathesis: stopped by the ${BUDGET} s bound" >&2
fi
echo "workspace-schemathesis: exit $STATUS (report $WORK/junit.xml, server log $WORK/server.log)"
exit "$STATUS"
