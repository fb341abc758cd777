#!/usr/bin/env python3
"""Benchmark of the quotaplan workspace on Yangzhou 2022, over loopback.

Starts `quotaplan-workspace serve` (release build by default) on a new data folder with a city
account, and measures, bounded in time:

  (a) "change one cap -> new plan JSON": PUT the 普通高中 grades 1-2 cap (30 % <-> 35 %; 25 %
      makes Yangzhou's hard rules conflict, which is another path) as the next version, then GET that version's plan.json; median and p95 over --iterations;
  (b) page load of the plan view: GET / + /app.js + /app.css + /api/versions/{id} +
      /api/versions/{id}/plan, one after another on one connection; median;
  (c) throughput: --clients concurrent clients, each re-planning its own what-if scenario
      (PUT settings + GET plan) for --seconds; plans per second and errors.

The targets of issue #13 are printed beside the figures: median <= 150 ms, p95 <= 300 ms,
page <= 300 ms, >= 20 plans/s, no errors. Exit 1 on any error; the targets only report.

    swift build -c release --product quotaplan-workspace
    python3 scripts/workspace-bench.py [--binary .build/release/quotaplan-workspace]
"""
import argparse
import http.client
import json
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "benchmark password"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Client:
    """One keep-alive connection with the session cookie and CSRF token."""

    def __init__(self, port, cookie=None, csrf=None):
        self.port, self.cookie, self.csrf = port, cookie, csrf
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method, path, body=None):
        headers = {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method != "GET" and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # A closed keep-alive connection: once more on a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        return response.status, response.getheader("Set-Cookie"), response.read()

    def json(self, method, path, body=None, expect=200):
        status, _, payload = self.request(method, path, body)
        if status != expect:
            raise RuntimeError(f"{method} {path}: {status} {payload[:300]!r}")
        return json.loads(payload)


class Planner:
    """Saves the next version of one scenario with one cap changed and reads its plan."""

    def __init__(self, client, scenario):
        self.client, self.scenario = client, scenario
        detail = client.json("GET", f"/api/scenarios/{scenario}")
        self.number = detail["latest"]["number"]
        self.version = detail["latest"]["id"]
        self.policy = client.json("GET", f"/api/versions/{self.version}")["policy"]
        self.cap = next(c for c in self.policy["categories"] if c["id"] == "senior_high")["caps"][0]

    def replan(self):
        """(status of the save, status of the plan, plan bytes); the cap goes 30 % <-> 35 %."""
        self.cap["ratio"] = 0.35 if self.cap["ratio"] != 0.35 else 0.3
        status, _, payload = self.client.request(
            "PUT", f"/api/scenarios/{self.scenario}/settings", {"expectedVersion": self.number, "policy": self.policy})
        if status != 201:
            return status, None, payload
        saved = json.loads(payload)
        self.number, self.version = saved["number"], saved["versionId"]
        status2, _, plan = self.client.request("GET", f"/api/versions/{self.version}/plan")
        if status2 == 200:
            json.loads(plan)
        return status, status2, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/quotaplan-workspace")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--page-loads", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"workspace-bench: {binary} is not built (swift build -c release --product quotaplan-workspace)", file=sys.stderr)
        return 1
    root = tempfile.mkdtemp(prefix="qp-bench-")
    data = os.path.join(root, "data")
    subprocess.run([binary, "users", "add", "bench", "--role", "city", "--data", data, "--password-stdin"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    log = open(os.path.join(root, "server.log"), "wb")
    server = subprocess.Popen([binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"],
                              stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
    errors = []
    try:
        line = b""
        deadline = time.monotonic() + 300
        while b"\n" not in line and time.monotonic() < deadline and server.poll() is None:
            if select.select([server.stdout], [], [], 1)[0]:
                line += os.read(server.stdout.fileno(), 4096)
        port = int(re.search(rb"127\.0\.0\.1:(\d+)/", line).group(1))

        status, cookie, payload = Client(port).request("POST", "/api/session", {"name": "bench", "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"sign-in: {status} {payload!r}")
        cookie, csrf = cookie.split(";")[0], json.loads(payload)["csrf"]
        client = Client(port, cookie, csrf)
        base = client.json("GET", "/api/scenarios")[0]["id"]

        # (a) change one cap -> new plan JSON.
        planner = Planner(client, base)
        for _ in range(3):  # warm-up
            planner.replan()
        latencies, plan_bytes = [], 0
        for _ in range(args.iterations):
            started = time.perf_counter()
            saved, planned, plan = planner.replan()
            latencies.append((time.perf_counter() - started) * 1000)
            if saved != 201 or planned != 200:
                errors.append(f"(a) save {saved}, plan {planned}: {plan[:200]!r}")
            plan_bytes = len(plan)

        # (b) the plan view's page load.
        version = planner.version
        page = ["/", "/app.js", "/app.css", f"/api/versions/{version}", f"/api/versions/{version}/plan"]
        loads, page_bytes = [], 0
        for _ in range(args.page_loads + 2):
            started = time.perf_counter()
            total = 0
            for path in page:
                status, _, body = client.request("GET", path)
                if status != 200:
                    errors.append(f"(b) GET {path}: {status}")
                total += len(body)
            loads.append((time.perf_counter() - started) * 1000)
            page_bytes = total
        loads = loads[2:]

        # (c) throughput: each client re-plans its own what-if of Yangzhou.
        planners = []
        for index in range(args.clients):
            created = client.json("POST", "/api/scenarios", {"name": f"bench-{index}", "fromScenario": base, "whatIf": True}, expect=201)
            planners.append(Planner(Client(port, cookie, csrf), created["scenarioId"]))
        done = [0] * args.clients
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def work(index):
            while time.monotonic() < stop_at:
                try:
                    saved, planned, plan = planners[index].replan()
                except Exception as error:  # noqa: BLE001 - every failure counts as an error
                    with lock:
                        errors.append(f"(c) client {index}: {error}")
                    continue
                if saved == 201 and planned == 200:
                    done[index] += 1
                else:
                    with lock:
                        errors.append(f"(c) client {index}: save {saved}, plan {planned}: {plan[:200]!r}")

        started = time.monotonic()
        threads = [threading.Thread(target=work, args=(index,)) for index in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 300)
        elapsed = time.monotonic() - started
        rate = sum(done) / elapsed
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    page_median = statistics.median(loads)
    def verdict(ok):
        return "meets" if ok else "MISSES"
    print(f"workspace-bench: {binary}, Yangzhou 2022, {os.cpu_count()} CPUs, loopback")
    print(f"(a) change one cap -> new plan JSON ({len(latencies)} runs, plan.json {plan_bytes / 1024:.0f} KiB): "
          f"median {median:.0f} ms, p95 {p95:.0f} ms, min {min(latencies):.0f} ms, max {max(latencies):.0f} ms "
          f"[target median <= 150 ms: {verdict(median <= 150)}; p95 <= 300 ms: {verdict(p95 <= 300)}]")
    print(f"(b) plan view page load ({len(loads)} loads, 5 requests, {page_bytes / 1024:.0f} KiB): "
          f"median {page_median:.0f} ms, p95 {percentile(loads, 0.95):.0f} ms [target <= 300 ms: {verdict(page_median <= 300)}]")
    print(f"(c) {args.clients} clients re-planning for {elapsed:.1f} s: {sum(done)} plans, {rate:.1f} plans/s, "
          f"{len(errors)} errors [target >= 20 plans/s: {verdict(rate >= 20)}; no errors: {verdict(not errors)}]")
    for error in errors[:10]:
        print(f"  error: {error}")
    if errors:
        print(f"workspace-bench: server log kept in {root}")
        return 1
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
