#!/usr/bin/env python3
"""Crash safety of the quotaplan workspace: kill -9 during saves, restart, check.

Starts `quotaplan-workspace serve --data DIR --port 0`, signs in, and N times (default 20):
saves settings changes from a thread (PUT /api/scenarios/{id}/settings with the right
expectedVersion, each with its own title as a marker, remembering every acknowledged version),
kills the server with SIGKILL at a random moment (50-800 ms after the saves start), then checks
the database with Python's sqlite3: `PRAGMA integrity_check` is ok, every acknowledged version
is there with the settings that were sent, and the newest version is at least the last
acknowledged one. Then it restarts the server on the same folder and checks that it answers,
that the session from before the kill still works and that the API shows the same newest
version.

`--mode signin` does the same with sign-ins instead of saves (each acknowledged sign-in is a
session row and an audit entry that must survive).

The build is the caller's: `swift build` first (or give --binary). Exit 0 when every check
passed, 1 otherwise; a summary is printed either way.

    python3 scripts/workspace-crash.py [--binary .build/debug/quotaplan-workspace] [--iterations 20]
"""
import argparse
import http.client
import json
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "crash test password"
USER = "crash"


class Server:
    """One run of `quotaplan-workspace serve` on the data folder."""

    def __init__(self, binary, data, log, startup_seconds):
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + startup_seconds
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                self.kill()
                raise RuntimeError(f"the server did not print its URL within {startup_seconds} s (exit {self.process.returncode}); see {log}")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 4096)
                if not chunk:
                    continue
                line += chunk
        match = re.search(rb"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.kill()
            raise RuntimeError(f"no URL in the server's first line: {line!r}")
        self.port = int(match.group(1))

    def kill(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()


class Client:
    """A signed-in API client: the session cookie and the CSRF token, like the page."""

    def __init__(self, port, cookie=None, csrf=None, timeout=60):
        self.port, self.cookie, self.csrf, self.timeout = port, cookie, csrf, timeout

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            headers = {"Accept": "application/json"}
            if self.cookie:
                headers["Cookie"] = self.cookie
            if method not in ("GET", "HEAD") and self.csrf:
                headers["X-CSRF-Token"] = self.csrf
            data = None
            if body is not None:
                data = json.dumps(body, ensure_ascii=False).encode()
                headers["Content-Type"] = "application/json"
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            return response.status, response.getheader("Set-Cookie"), payload
        finally:
            connection.close()

    def json(self, method, path, body=None, expect=(200,)):
        status, _, payload = self.request(method, path, body)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {payload[:300]!r}")
        return json.loads(payload) if payload else None

    def sign_in(self):
        status, cookie, payload = self.request("POST", "/api/session", {"name": USER, "password": PASSWORD})
        if status != 200 or not cookie:
            raise RuntimeError(f"sign-in: {status} {payload[:300]!r}")
        self.cookie = cookie.split(";")[0]
        self.csrf = json.loads(payload)["csrf"]
        return self


def database_state(path):
    """integrity_check's answer and a connection for more queries (the server is dead)."""
    connection = sqlite3.connect(path, timeout=30)
    answer = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return ("ok" if answer == ["ok"] else "; ".join(answer)), connection


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/quotaplan-workspace")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--min-delay-ms", type=int, default=50)
    parser.add_argument("--max-delay-ms", type=int, default=800)
    parser.add_argument("--mode", choices=["settings", "signin"], default="settings")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed, to repeat a run)")
    parser.add_argument("--data", default=None, help="the workspace folder (default: a new temporary one, removed after a pass)")
    parser.add_argument("--startup-seconds", type=float, default=180)
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"workspace-crash: {binary} is not built; run swift build first", file=sys.stderr)
        return 1
    own_folder = args.data is None
    root = tempfile.mkdtemp(prefix="qp-crash-")
    data = args.data or os.path.join(root, "data")
    log = os.path.join(root, "server.log")
    database = os.path.join(data, "workspace.sqlite")
    print(f"workspace-crash: mode {args.mode}, {args.iterations} kills, seed {seed}, data {data}")

    add = subprocess.run(
        [binary, "users", "add", USER, "--role", "city", "--data", data, "--password-stdin"],
        input=PASSWORD + "\n", capture_output=True, text=True)
    if add.returncode != 0:
        print(f"workspace-crash: users add failed ({add.returncode}): {add.stderr}", file=sys.stderr)
        return 1

    failures = []
    acknowledged = []  # (iteration, number or session cookie, marker)
    kills_during_request = 0
    started = time.monotonic()
    server = Server(binary, data, log, args.startup_seconds)
    client = Client(server.port).sign_in()
    scenario = None
    if args.mode == "settings":
        scenarios = client.json("GET", "/api/scenarios")
        if not scenarios:
            print("workspace-crash: the workspace has no scenario to save (was it seeded?)", file=sys.stderr)
            server.kill()
            return 1
        scenario = scenarios[0]["id"]

    try:
        for iteration in range(1, args.iterations + 1):
            stop = threading.Event()
            in_flight = threading.Event()
            mine = []
            errors = []

            def settings_saver():
                try:
                    detail = client.json("GET", f"/api/scenarios/{scenario}")
                    number = detail["latest"]["number"]
                    policy = client.json("GET", f"/api/versions/{detail['latest']['id']}")["policy"]
                except Exception as error:  # killed before the first answer
                    return
                save = 0
                while not stop.is_set():
                    save += 1
                    marker = f"crash {seed} i{iteration} s{save}"
                    policy["title"] = marker
                    in_flight.set()
                    try:
                        status, _, payload = client.request(
                            "PUT", f"/api/scenarios/{scenario}/settings", {"expectedVersion": number, "policy": policy})
                    except (OSError, http.client.HTTPException):
                        return  # the server died: this save was not acknowledged
                    in_flight.clear()
                    if status != 201:
                        errors.append(f"save {marker}: {status} {payload[:300]!r}")
                        return
                    answer = json.loads(payload)
                    if answer.get("number") != number + 1:
                        errors.append(f"save {marker}: acknowledged as number {answer.get('number')}, expected {number + 1}")
                    number = answer["number"]
                    mine.append((iteration, number, marker))

            def signer():
                while not stop.is_set():
                    in_flight.set()
                    try:
                        fresh = Client(server.port).sign_in()
                    except (OSError, http.client.HTTPException):
                        return
                    except RuntimeError as error:
                        errors.append(str(error))
                        return
                    in_flight.clear()
                    mine.append((iteration, fresh.cookie, fresh.csrf))

            thread = threading.Thread(target=settings_saver if args.mode == "settings" else signer, daemon=True)
            thread.start()
            time.sleep(rng.uniform(args.min_delay_ms, args.max_delay_ms) / 1000)
            if in_flight.is_set():
                kills_during_request += 1
            server.kill()
            stop.set()
            thread.join(timeout=120)
            acknowledged.extend(mine)
            failures.extend(f"iteration {iteration}: {error}" for error in errors)

            # The database as the kill left it, before anything opens it again.
            check, connection = database_state(database)
            if check != "ok":
                failures.append(f"iteration {iteration}: integrity_check: {check}")
            if args.mode == "settings":
                rows = dict(connection.execute(
                    "SELECT number, policy_json FROM version WHERE scenario_id = ?", (scenario,)).fetchall())
                newest = max(rows) if rows else 0
                ours = [entry for entry in acknowledged if entry[0] <= iteration]
                if ours and newest < ours[-1][1]:
                    failures.append(f"iteration {iteration}: newest version {newest} < last acknowledged {ours[-1][1]}")
                for _, number, marker in ours:
                    stored = rows.get(number)
                    if stored is None:
                        failures.append(f"iteration {iteration}: acknowledged version {number} ({marker}) is missing")
                    elif json.loads(stored).get("title") != marker:
                        failures.append(f"iteration {iteration}: version {number} holds title {json.loads(stored).get('title')!r}, sent {marker!r}")
            else:
                logins = connection.execute(
                    "SELECT count(*) FROM audit_log WHERE action = 'login' AND user_name = ?", (USER,)).fetchone()[0]
                if logins < len(acknowledged) + 1:
                    failures.append(f"iteration {iteration}: {logins} sign-ins in the audit log, {len(acknowledged) + 1} acknowledged")
            connection.close()

            server = Server(binary, data, log, args.startup_seconds)
            client.port = server.port
            try:
                # The session signed in before the first kill is still valid: it was committed.
                me = client.json("GET", "/api/me")
                if me.get("name") != USER:
                    failures.append(f"iteration {iteration}: /api/me after restart names {me.get('name')!r}")
                if client.json("GET", "/api/health").get("status") != "ok":
                    failures.append(f"iteration {iteration}: /api/health is not ok after restart")
                if args.mode == "settings":
                    detail = client.json("GET", f"/api/scenarios/{scenario}")
                    if detail["latest"]["number"] != newest:
                        failures.append(f"iteration {iteration}: the API's newest version {detail['latest']['number']} != the database's {newest}")
                else:
                    for _, cookie, csrf in mine:
                        if Client(server.port, cookie, csrf).request("GET", "/api/me")[0] != 200:
                            failures.append(f"iteration {iteration}: an acknowledged sign-in's session is gone after restart")
            except Exception as error:
                failures.append(f"iteration {iteration}: after restart: {error}")
            print(f"  kill {iteration}: {len(mine)} acknowledged, integrity {check}", flush=True)
    finally:
        server.kill()

    elapsed = time.monotonic() - started
    print(f"workspace-crash: {args.iterations} kills in {elapsed:.0f} s, {len(acknowledged)} acknowledged "
          f"{'saves' if args.mode == 'settings' else 'sign-ins'} checked, {kills_during_request} kills with a request in flight, "
          f"{len(failures)} failure(s); seed {seed}")
    if not acknowledged:
        failures.append("no change was acknowledged in any iteration: nothing was tested (raise --max-delay-ms)")
    for failure in failures:
        print(f"  FAIL {failure}")
    if failures:
        print(f"workspace-crash: the data folder is kept for inspection: {data} (server log {log})")
        return 1
    if own_folder:
        shutil.rmtree(root, ignore_errors=True)
    print("workspace-crash: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
