#!/usr/bin/env python3
"""Benchmark of the final plan in the quotaplan workspace (issue #14), over loopback.

Each run starts `quotaplan-workspace serve` (release build by default) on a new data folder
seeded with Yangzhou 2022 on 127.0.0.1, publishes version 1, lets two county accounts (宝应县,
高邮市) start their refinements (宝应县 pins one school-grade one below its city quota) and
submit them, a reviewer approve both, and then times, once per run:

  - POST /api/versions/1/combine (two refined districts; Combination.combine in memory),
  - the combined plan.xlsx, first (builds the folder's files) and again (cached),
  - one district's final.xlsx, the status board, and the audit log as CSV.

The server is always stopped and the data folder removed. Exit 1 when any request fails.

    swift build -c release --product quotaplan-workspace
    python3 scripts/workspace-review-bench.py [--binary .build/release/quotaplan-workspace] [--runs 3]
"""
import argparse
import http.cookiejar
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "correct horse battery"


class Client:
    """A signed-in account: the session cookie and the CSRF token every change carries."""

    def __init__(self, url, name):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None
        self.call("POST", "/api/session", {"name": name, "password": PASSWORD})
        self.csrf = self.call("GET", "/api/me")["csrf"]

    def call(self, method, path, body=None, raw=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, method=method, data=data)
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept-Language", "en")
        if self.csrf:
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(request, timeout=120) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read()[:300]!r}") from None
        return payload if raw else json.loads(payload)


def timed(action):
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def run(binary, seed):
    data = tempfile.mkdtemp(prefix="qp-review-bench-")
    for name, role, district in [("city", "city", None), ("rev", "reviewer", None), ("by", "county", "宝应县"), ("gy", "county", "高邮市")]:
        subprocess.run(
            [binary, "users", "add", name, "--role", role, "--data", data, "--password-stdin"] + (["--district", district] if district else []),
            input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    server = subprocess.Popen(
        [binary, "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--seed", seed],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        match = re.search(r"http://127\.0\.0\.1:[0-9]+", server.stdout.readline())
        if not match:
            raise RuntimeError("the server did not print its URL")
        url = match.group(0)
        city, reviewer = Client(url, "city"), Client(url, "rev")
        city.call("POST", "/api/versions/1/publish", {"name": "2022"})
        for name in ["by", "gy"]:
            county = Client(url, name)
            started = county.call("POST", "/api/versions/1/refinements", {})
            revision = started["revision"]
            if name == "by":
                plan = county.call("GET", "/api/versions/1/plan")
                row = next(s for s in plan["schools"] if s["district"] == "宝应县" and s["quota"] >= 2)
                pin = {"school": row["name"], "quota": row["quota"] - 1, "note": "bench"}
                revision = county.call("PUT", f"/api/refinements/{started['id']}/pins", {"expectedRevision": revision, "pins": [pin]})["revision"]
            revision = county.call("POST", f"/api/refinements/{started['id']}/submit", {"expectedRevision": revision})["revision"]
            reviewer.call("POST", f"/api/refinements/{started['id']}/approve", {"expectedRevision": revision})
        times = {}
        times["combine, 2 refined districts"], made = timed(lambda: city.call("POST", "/api/versions/1/combine", {}))
        combination = made["combinationId"]
        times["combined plan.xlsx, first"], _ = timed(lambda: city.call("GET", f"/api/combinations/{combination}/files/plan.xlsx", raw=True))
        times["combined plan.xlsx, again"], _ = timed(lambda: city.call("GET", f"/api/combinations/{combination}/files/plan.xlsx", raw=True))
        district = urllib.parse.quote("宝应县")
        times["宝应县 final.xlsx"], _ = timed(lambda: city.call("GET", f"/api/combinations/{combination}/district/final.xlsx?district={district}", raw=True))
        times["status board"], _ = timed(lambda: city.call("GET", "/api/versions/1/board", raw=True))
        times["audit log as CSV"], _ = timed(lambda: city.call("GET", "/api/audit?format=csv", raw=True))
        return times
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/quotaplan-workspace")
    parser.add_argument("--seed", default="scenarios/yangzhou-2022")
    parser.add_argument("--runs", type=int, default=3, choices=range(1, 11))
    args = parser.parse_args()
    runs = []
    try:
        for _ in range(args.runs):
            runs.append(run(args.binary, args.seed))
    except Exception as error:  # noqa: BLE001 - the message is the report
        print(f"failed: {error}", file=sys.stderr)
        return 1
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key}: median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
