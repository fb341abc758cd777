#!/usr/bin/env python3
"""Ten county committees at once (issue #14): a fresh workspace on 127.0.0.1 (release
quotaplan-workspace), the city publishes Yangzhou, and one county user per district (Yangzhou
has exactly ten county-level units: its counties, districts, functional zones and 市直), plus a
second user in two of them (so two people change one refinement and stale revisions happen),
start their refinement and then, concurrently and for a bounded time and count, save pins, edit
school figures (each a re-plan), submit, withdraw and comment.

    python3 scripts/workspace-load.py --binary .build/release/quotaplan-workspace [--seconds 90] [--actions 400]

Then it checks, as the city:
- nothing lost: each refinement's stored revision is the newest one acknowledged, and its
  status, pins and school figures are those of the last acknowledged change;
- nothing mixed: each refinement holds only its own district's schools, pins and figures, and a
  county user reading another district's refinement gets 404;
- the audit log has every acknowledged action, counted per user and action.

Exits 1 on any failure (2 when the server does not start); always stops the server.
"""

import argparse
import csv
import http.cookiejar
import io
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWINS = 2  # districts that get a second county user


class Client:
    """One signed-in session (cookie jar + CSRF token) over loopback."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def call(self, method, path, body=None, raw=None, timeout=120):
        headers = {"Accept": "application/json", "Origin": self.base.rstrip("/")}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        if method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.base.rstrip("/") + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                text = response.read()
                return response.status, (json.loads(text) if text and "json" in response.headers.get("Content-Type", "") else text)
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text

    def sign_in(self, name, password):
        status, me = self.call("POST", "/api/session", {"name": name, "password": password})
        if status != 200:
            raise RuntimeError(f"{name} cannot sign in: {status} {me}")
        self.csrf = me["csrf"]
        return me


def start_server(binary, data, seed):
    process = subprocess.Popen(
        [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--seed", seed],
        stdout=subprocess.PIPE, stderr=open(os.path.join(os.path.dirname(data), "server.log"), "w"), text=True)
    line = process.stdout.readline()
    url = next((w for w in line.split() if w.startswith("http://127.0.0.1:")), None)
    if not url:
        process.kill()
        raise RuntimeError(f"the server did not print its URL: {line!r}")
    threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()
    return process, url


def add_user(binary, data, name, role, password, district=None):
    command = [binary, "users", "add", name, "--role", role, "--data", data, "--password-stdin"]
    if district:
        command += ["--district", district]
    subprocess.run(command, input=password + "\n", text=True, check=True, capture_output=True)


def pins_of(detail):
    out = []
    for p in detail.get("pins") or []:
        low = p.get("min", p.get("atLeast", p.get("exactly")))
        high = p.get("max", p.get("atMost", p.get("exactly")))
        out.append((p.get("school"), p.get("grade"), low, high, p.get("note") or ""))
    return sorted(out, key=lambda x: json.dumps(x, ensure_ascii=False))


def data_rows(detail):
    data = detail.get("data") or {}
    for rows in (data.get("rows"), data.get("schools"), data.get("grades"), detail.get("schools")):
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            return rows
    return []


class Ledger:
    """What the server acknowledged, per district: every (revision, state) and per-user counts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.revisions = defaultdict(list)  # district -> [(revision, status, pins, figures)]
        self.actions = Counter()  # (user, audit action) -> count
        self.comments = defaultdict(list)
        self.errors = []
        self.stale = 0
        self.refused = Counter()

    def ack(self, district, user, action, detail):
        with self.lock:
            self.actions[(user, action)] += 1
            if detail is not None and "revision" in detail:
                figures = {(r.get("school"), r.get("category"), r.get("grade")): (r.get("classes"), r.get("students"), r.get("members")) for r in data_rows(detail)}
                self.revisions[district].append((detail["revision"], detail.get("status"), pins_of(detail), figures))

    def fail(self, text):
        with self.lock:
            self.errors.append(text)


def county_worker(base, name, password, district, version, deadline, budget, ledger, rng, start_barrier):
    client = Client(base)
    client.sign_in(name, password)
    ledger.ack(district, name, "sign_in", None)
    start_barrier.wait()
    status, made = client.call("POST", f"/api/versions/{version}/refinements", {})
    if status == 201:
        rid = made["id"]
        ledger.ack(district, name, "refinement_start", None)
    elif status == 409 and isinstance(made, dict) and (made.get("error") or {}).get("code") == "exists":
        error = made["error"]
        rid = error.get("id") or (error.get("details") or {}).get("id")
    else:
        ledger.fail(f"{name}: start answered {status} {str(made)[:200]}")
        return
    status, detail = client.call("GET", f"/api/refinements/{rid}")
    if status != 200:
        ledger.fail(f"{name}: GET own refinement answered {status}")
        return
    ledger.ack(district, name, "read", detail)
    rows = data_rows(detail)
    schools = sorted({r["school"] for r in rows}) or sorted({x["school"] for x in detail.get("impact") or []})
    done = 0
    while time.time() < deadline and done < budget:
        done += 1
        revision = detail["revision"]
        state = detail.get("status")
        choice = rng.random()
        if state == "submitted":
            action = "withdraw" if choice < 0.7 else "comment"
        elif state in ("draft", "returned"):
            action = "pins" if choice < 0.35 else "data" if choice < 0.65 else "submit" if choice < 0.85 else "comment"
        else:
            action = "comment"
        if action == "pins" and schools:
            pins = [{"school": rng.choice(schools), "min": rng.randint(0, 3), "note": f"{name} #{done}"} for _ in range(rng.randint(0, 2))]
            pins = list({p["school"]: p for p in pins}.values())
            status, answer = client.call("PUT", f"/api/refinements/{rid}/pins", {"expectedRevision": revision, "pins": pins})
            audit = "refinement_pins"
        elif action == "data" and rows:
            row = rng.choice(rows)
            members = max(0, min(int(row.get("members") or 0) + rng.choice([-1, 1]), int(row.get("students") or 0)))
            edit = {"school": row["school"], "category": row.get("category"), "grade": row.get("grade"), "members": members}
            status, answer = client.call("PATCH", f"/api/refinements/{rid}/schools", {"expectedRevision": revision, "edits": [edit]})
            audit = "refinement_data"
        elif action == "submit":
            status, answer = client.call("POST", f"/api/refinements/{rid}/submit", {"expectedRevision": revision})
            audit = "refinement_submit"
        elif action == "withdraw":
            status, answer = client.call("POST", f"/api/refinements/{rid}/withdraw", {"expectedRevision": revision})
            audit = "refinement_withdraw"
        else:
            text = f"{name} 的意见 #{done}"
            status, answer = client.call("POST", f"/api/refinements/{rid}/comments", {"text": text})
            audit = "refinement_comment"
            if status in (200, 201):
                with ledger.lock:
                    ledger.comments[district].append(text)
        code = (answer.get("error") or {}).get("code") if isinstance(answer, dict) else None
        if status in (200, 201):
            if not (isinstance(answer, dict) and answer.get("id") == rid and "revision" in answer):
                status, answer = client.call("GET", f"/api/refinements/{rid}")
                # A comment does not change the revision; the read is what the user now sees.
            ledger.ack(district, name, audit, answer if audit != "refinement_comment" else None)
            detail = answer if isinstance(answer, dict) and "revision" in answer else detail
            rows = data_rows(detail) or rows
        elif status == 409 or status == 422:
            with ledger.lock:
                if code == "stale":
                    ledger.stale += 1
                else:
                    ledger.refused[code or str(status)] += 1
            status, fresh = client.call("GET", f"/api/refinements/{rid}")
            if status == 200:
                detail = fresh
                rows = data_rows(detail) or rows
        else:
            ledger.fail(f"{name}: {action} answered {status}: {str(answer)[:300]}")
            if status >= 500:
                return


def main():
    # A timeout's SIGTERM ends the run through the cleanup that stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/quotaplan-workspace"))
    parser.add_argument("--seed", default=os.path.join(ROOT, "scenarios/yangzhou-2022"))
    parser.add_argument("--seconds", type=float, default=90, help="how long the counties work (bounded)")
    parser.add_argument("--actions", type=int, default=400, help="at most this many changes per user")
    parser.add_argument("--random-seed", type=int, default=14)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qp-load-")
    data = os.path.join(work, "data")
    password = "load-" + secrets.token_hex(8)
    process = None
    ledger = Ledger()
    try:
        with open(os.path.join(args.seed, "schools.csv"), encoding="utf-8-sig") as f:
            lines = [line.split(",") for line in f.read().splitlines()[1:] if line]
        districts = sorted({cells[0] for cells in lines})
        home = {cells[1]: cells[0] for cells in lines}  # school -> its district
        users = [(f"county{i + 1:02d}", d) for i, d in enumerate(districts)]
        users += [(f"county{i + 1:02d}b", d) for i, d in enumerate(districts[:TWINS])]
        add_user(args.binary, data, "planner", "city", password)
        for name, district in users:
            add_user(args.binary, data, name, "county", password, district)
        try:
            process, url = start_server(args.binary, data, args.seed)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 2
        city = Client(url)
        city.sign_in("planner", password)
        status, scenarios = city.call("GET", "/api/scenarios")
        version = scenarios[0]["latest"]["id"]
        status, answer = city.call("POST", f"/api/versions/{version}/publish", {"name": "2022 负载测试"})
        if status != 200:
            raise RuntimeError(f"publish answered {status}: {answer}")
        print(f"workspace at {url}; {len(users)} county users in {len(districts)} districts on version {version}; "
              f"{args.seconds:.0f} s, at most {args.actions} changes each", flush=True)

        rng = random.Random(args.random_seed)
        barrier = threading.Barrier(len(users))
        deadline = time.time() + args.seconds
        started = time.time()
        threads = []
        for name, district in users:
            worker_rng = random.Random(rng.random())
            thread = threading.Thread(target=county_worker, args=(url, name, password, district, version, deadline,
                                                                   args.actions, ledger, worker_rng, barrier))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(args.seconds + 600)
        elapsed = time.time() - started
        changes = sum(n for (user, action), n in ledger.actions.items() if action.startswith("refinement_"))
        print(f"{changes} acknowledged actions in {elapsed:.1f} s ({changes / max(elapsed, 0.001):.1f}/s); "
              f"{ledger.stale} stale refusals (409 stale), refused: {dict(ledger.refused)}", flush=True)

        # 1. Nothing lost: the stored refinement is the newest acknowledged revision.
        status, listed = city.call("GET", f"/api/refinements?version={version}")
        listed = listed if isinstance(listed, list) else (listed or {}).get("refinements", [])
        by_district = {r["district"]: r for r in listed}
        verified = []
        for district in districts:
            acked = sorted(ledger.revisions.get(district, []), key=lambda x: x[0])
            if district not in by_district:
                ledger.fail(f"{district}: no refinement stored")
                continue
            status, stored = city.call("GET", f"/api/refinements/{by_district[district]['id']}")
            if status != 200:
                ledger.fail(f"{district}: the city reads its refinement with {status}")
                continue
            if not acked:
                continue
            revision, state, pins, figures = acked[-1]
            if not figures:
                ledger.fail(f"{district}: the refinement shows no school rows, so its figures cannot be checked")
            verified.append(f"{district} r{revision} {state}")
            if stored["revision"] != revision:
                ledger.fail(f"{district}: stored revision {stored['revision']}, newest acknowledged {revision}")
            if stored.get("status") != state:
                ledger.fail(f"{district}: stored status {stored.get('status')}, acknowledged {state}")
            if pins_of(stored) != pins:
                ledger.fail(f"{district}: stored pins differ from the last acknowledged ones")
            stored_figures = {(r.get("school"), r.get("category"), r.get("grade")): (r.get("classes"), r.get("students"), r.get("members")) for r in data_rows(stored)}
            if figures and stored_figures != figures:
                ledger.fail(f"{district}: stored school figures differ from the last acknowledged ones")
            # 2. Nothing mixed: its own district's schools, pins and comments only.
            foreign = [r.get("school") for r in data_rows(stored) if home.get(r.get("school"), district) != district or r.get("district") not in (None, district)]
            if foreign:
                ledger.fail(f"{district}: holds schools of other districts: {foreign[:3]}")
            names = {r.get("school") for r in data_rows(stored)}
            if names and any(p[0] not in names for p in pins_of(stored)):
                ledger.fail(f"{district}: a pin names a school that is not the district's")
            texts = [e.get("text") for e in stored.get("events") or [] if e.get("kind") == "comment"]
            mine = set(ledger.comments.get(district, []))
            if set(texts) != mine:
                ledger.fail(f"{district}: comments stored {len(set(texts))}, acknowledged {len(mine)} (or mixed)")
        print("stored = newest acknowledged: " + ", ".join(verified), flush=True)
        # A county user reading another district's refinement: 404.
        if len(districts) >= 2 and districts[1] in by_district:
            intruder = Client(url)
            intruder.sign_in(users[0][0], password)
            ledger.ack(districts[0], users[0][0], "sign_in", None)
            status, _ = intruder.call("GET", f"/api/refinements/{by_district[districts[1]]['id']}")
            if status != 404:
                ledger.fail(f"{users[0][0]} ({districts[0]}) reads {districts[1]}'s refinement with {status}, not 404")

        # 3. The audit log has every acknowledged action, per user: its CSV export (the page's
        # 导出 CSV), which holds every entry where a JSON page stops at 5000.
        status, exported = city.call("GET", "/api/audit?format=csv")
        if status != 200:
            ledger.fail(f"GET /api/audit?format=csv answered {status}")
            exported = b""
        entries = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig") if isinstance(exported, bytes) else str(exported))))
        logged = Counter((e.get("user"), e.get("action")) for e in entries)
        missing = []
        for (user, action), count in sorted(ledger.actions.items()):
            if action == "read":
                continue
            if logged[(user, action)] != count:
                missing.append(f"{user} {action}: acknowledged {count}, logged {logged[(user, action)]}")
        for line in missing:
            ledger.fail("audit: " + line)
        checked = sum(n for (u, a), n in ledger.actions.items() if a != "read")
        print(f"audit log: {checked} acknowledged actions of {len(users)} users checked against {len(entries)} entries", flush=True)
    except Exception as error:  # a crash of the test itself is a failure too
        ledger.fail(f"the load test stopped: {error!r}")
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log = os.path.join(work, "server.log")
        if ledger.errors and os.path.exists(log):
            print("server log (last lines):", file=sys.stderr)
            with open(log, encoding="utf-8", errors="replace") as f:
                print("".join(f.readlines()[-20:]), file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    if ledger.errors:
        for line in ledger.errors[:40]:
            print("FAIL " + line, file=sys.stderr)
        print(f"load: {len(ledger.errors)} failures", file=sys.stderr)
        return 1
    print("load: nothing lost, nothing mixed, every action in the audit log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
