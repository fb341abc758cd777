#!/usr/bin/env python3
"""Time quotaplan against HiGHS, glpsol and CBC on the models quotaplan itself solves.

Called by Benchmarks/peers.sh, which builds quotaplan, exports the models (one MPS file per
group and level, or per level with --monolithic) and the CSV `file,group,level,optimum`.
Each of R rounds runs, in turn: `quotaplan solve` (whole process), then every peer on every
exported file. Figures are the median over the rounds of the per-round totals:
  quotaplan  whole process (read scenario, solve all levels, write the plan folder)
  highs      in-process readModel + run (highspy, default options but no log, in a child
             process per file that `timeout` guards); HiGHS's own getRunTime() is shown beside it
  glpsol     whole process `glpsol --freemps F -o REPORT` (or --mps for fixed MPS)
  cbc        whole process `cbc F solve`
Every peer's objective is checked against the exported optimum (1e-6 relative + 0.5
absolute); any mismatch or failure exits 1. A file that times out is not run again in later
rounds and counts as the timeout, so that solver's total and ratio are lower bounds.
Rerun: bash Benchmarks/peers.sh --help
"""
import argparse, csv, json, os, re, statistics, subprocess, sys, tempfile, time

TOL_REL, TOL_ABS = 1e-6, 0.5


def highs_one(path):
    """Child mode: solve one file with highspy, print one JSON line."""
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    threads_before = len(os.listdir("/proc/self/task"))
    start = time.perf_counter()
    h.readModel(path)
    h.run()
    seconds = time.perf_counter() - start
    workers = len(os.listdir("/proc/self/task")) - threads_before
    status = h.modelStatusToString(h.getModelStatus())
    print(json.dumps({"seconds": seconds, "own": h.getRunTime(), "status": status,
                      "objective": h.getInfo().objective_function_value,
                      "threads_option": h.getOptionValue("threads")[1],
                      "workers": workers,
                      "version": h.version()}))


def timed(cmd, limit=None):
    """Whole-process wall time of cmd (under `timeout` if limit); returns (seconds, exit code, stdout)."""
    start = time.perf_counter()
    p = subprocess.run((["timeout", str(limit)] if limit else []) + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace")
    return time.perf_counter() - start, p.returncode, p.stdout


def glpsol(path, limit, tmp):
    report = os.path.join(tmp, "glpsol.txt")
    with open(path, errors="replace") as f:
        fmt = "--freemps" if "Free MPS" in f.read(400) else "--mps"
    seconds, rc, out = timed(["glpsol", fmt, path, "-o", report], limit)
    r = {"seconds": seconds, "rc": rc, "status": "?", "objective": None}
    if rc == 0 and os.path.exists(report):
        text = open(report).read()
        status = re.search(r"^Status:\s+(.*)$", text, re.M)
        r["status"] = status.group(1).strip() if status else "?"
        m = re.search(r"^Objective:\s+\S+\s+=\s+(\S+)", text, re.M)
        r["objective"] = float(m.group(1)) if m else None
        os.remove(report)
    return r


def cbc(path, limit, tmp):
    seconds, rc, out = timed(["cbc", path, "solve"], limit)
    m = re.search(r"Objective value:\s+(\S+)", out) or re.search(r"objective value\s+(\S+)", out)
    status = re.search(r"^Result - (.*)$", out, re.M) or re.search(r"^(Optimal) - objective", out, re.M)
    return {"seconds": seconds, "rc": rc, "objective": float(m.group(1)) if m else None,
            "status": status.group(1).strip() if status else "?"}


def highs(path, limit, tmp):
    seconds, rc, out = timed([sys.executable, os.path.abspath(__file__), "--highs-one", path], limit)
    lines = [l for l in out.splitlines() if l.startswith("{")]
    r = json.loads(lines[-1]) if rc == 0 and lines else {"status": "?", "objective": None}
    r.update(rc=rc, process_seconds=seconds)
    r.setdefault("seconds", seconds)
    return r


PEERS = {"highs": highs, "glpsol": glpsol, "cbc": cbc}


def optimal(r):
    s = r["status"].lower()
    return r["rc"] == 0 and ("optimal" in s) and "non" not in s and r["objective"] is not None


def mps_sizes(path):
    """Rows, columns (integer), non-zeros from the header GLPK writes into the MPS file."""
    with open(path, errors="replace") as f:
        head = "".join(next(f, "") for _ in range(8))
    get = lambda key: (re.search(r"^\* %s:\s+(.*)$" % key, head, re.M) or [None, "?"])[1].strip()
    return f"{get('Rows')} rows, {get('Columns')} columns, {get('Non-zeros')} nonzeros"


def fmt_total(seconds, capped):
    return (f"> {seconds:.3f} s (timeout)" if capped else f"{seconds:.3f} s")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--highs-one", help=argparse.SUPPRESS)
    ap.add_argument("--models", help="folder of exported MPS files")
    ap.add_argument("--csv", help="the CSV `quotaplan export` printed")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--solvers", default="highs,glpsol,cbc")
    ap.add_argument("--label", default="", help="what was exported (printed in the header)")
    ap.add_argument("quotaplan", nargs=argparse.REMAINDER, help="-- the quotaplan solve command")
    a = ap.parse_args()
    if a.highs_one:
        return highs_one(a.highs_one)
    qp_cmd = a.quotaplan[1:] if a.quotaplan[:1] == ["--"] else a.quotaplan
    solvers = [s for s in a.solvers.split(",") if s]
    unknown = [s for s in solvers if s not in PEERS]
    if unknown:
        sys.exit(f"unknown solver(s): {', '.join(unknown)} (known: {', '.join(PEERS)})")
    with open(a.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    files = [(os.path.join(a.models, r["file"]), float(r["optimum"])) for r in rows]

    qp_times, totals, own, capped = [], {s: [] for s in solvers}, [], set()
    timed_out = {s: set() for s in solvers}
    results = {s: {} for s in solvers}  # solver -> file -> list of results
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(a.runs):
            seconds, rc, out = timed(qp_cmd)
            if rc != 0:
                sys.exit(f"quotaplan solve failed (exit {rc}):\n{out}")
            qp_times.append(seconds)
            for s in solvers:
                total, own_total = 0.0, 0.0
                for path, _ in files:
                    if path in timed_out[s]:
                        total += a.timeout
                        continue
                    r = PEERS[s](path, a.timeout, tmp)
                    if r["rc"] == 124:
                        timed_out[s].add(path)
                        capped.add(s)
                        total += a.timeout
                        print(f"  {s}: {os.path.basename(path)} timed out after {a.timeout:g} s", file=sys.stderr)
                    else:
                        total += r["seconds"]
                        own_total += r.get("own", 0.0)
                    results[s].setdefault(path, []).append(r)
                totals[s].append(total)
                if s == "highs":
                    own.append(own_total)
            print(f"  round {n + 1}/{a.runs}: quotaplan {seconds:.3f} s, "
                  + ", ".join(f"{s} {totals[s][-1]:.3f} s" for s in solvers), file=sys.stderr)

    rss = subprocess.run(["/usr/bin/time", "-f", "%M"] + qp_cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr.strip().splitlines()[-1]

    # Objective check, every round.
    failed = False
    print(f"\nObjective check against quotaplan's optima ({a.label}; tolerance 1e-6 relative + 0.5),"
          " with each file's median seconds:")
    width = max(len(os.path.basename(p)) for p, _ in files)
    print(f"  {'file':<{width}}  {'optimum':>12}  " + "  ".join(f"{s:<16}" for s in solvers))
    for path, opt in files:
        cells = []
        for s in solvers:
            verdicts = set()
            for r in results[s].get(path, []):
                if r["rc"] == 124:
                    verdicts.add("TIMEOUT")
                elif not optimal(r):
                    verdicts.add(f"FAILED({r['status']}, exit {r['rc']})")
                elif abs(r["objective"] - opt) <= TOL_ABS + TOL_REL * abs(opt):
                    verdicts.add("MATCH")
                else:
                    verdicts.add(f"MISMATCH({r['objective']:.6g})")
            failed |= any(v.startswith(("MISMATCH", "FAILED")) for v in verdicts)
            times = [r["seconds"] for r in results[s].get(path, [])]
            cells.append("/".join(sorted(verdicts)) + (f" {statistics.median(times):.3f}" if times else ""))
        print(f"  {os.path.basename(path):<{width}}  {opt:>12.0f}  " + "  ".join(f"{c:<16}" for c in cells))

    # Times.
    q = statistics.median(qp_times)
    print(f"\nMedian of {a.runs} rounds, {len(files)} model files ({a.label}):")
    print(f"  {'solver':<10} {'total':>24}  {'peer / quotaplan':>16}  what is timed")
    print(f"  {'quotaplan':<10} {fmt_total(q, False):>24}  {'1':>16}  whole process `quotaplan solve`, writes the plan folder; peak RSS {int(rss) // 1024} MB")
    for s in solvers:
        t = statistics.median(totals[s])
        ratio = (">= " if s in capped else "") + f"{t / q:.2f}"
        note = {"highs": "in-process readModel+run", "glpsol": "whole process, read + solve + report",
                "cbc": "whole process, read + solve"}[s]
        info = [r for rs in results[s].values() for r in rs if "threads_option" in r]
        if s == "highs" and info:
            h = info[0]
            note += (f"; HiGHS's own run time {statistics.median(own):.3f} s; HiGHS {h['version']},"
                     f" threads option {h['threads_option']} (default), run started"
                     f" {h['workers']} worker thread(s) beside the caller")
        print(f"  {s:<10} {fmt_total(t, s in capped):>24}  {ratio:>16}  {note}")

    print(f"\nMachine: nproc {os.cpu_count()}, {cpu_model()}; {versions(solvers)}; models:")
    for path, _ in files:
        print(f"  {os.path.basename(path)}: {mps_sizes(path)}")
    if failed:
        print("\nFAILED: some peer disagrees with quotaplan's optimum or did not solve a model", file=sys.stderr)
        sys.exit(1)


def versions(solvers):
    out = []
    if "glpsol" in solvers:
        out.append(subprocess.run(["glpsol", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    if "cbc" in solvers:
        v = re.search(r"Version: (\S+)", subprocess.run(["cbc", "-quit"], capture_output=True, text=True).stdout)
        out.append(f"CBC {v.group(1) if v else '?'}")
    return ", ".join(out)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "cpu unknown"


if __name__ == "__main__":
    main()
