#!/usr/bin/env python3
"""Reads Attachment 1 back with openpyxl, an independent reader, as Excel would open it.

Solves the shipped Yangzhou scenario twice with the given quotaplan binary: as shipped (Chinese
headers), and as a what-if listing 市直 unit by unit with English headers. In attachment1.xlsx
and plan.xlsx (its 附件1 and allocation sheets) it checks that
  - every member-number cell is a string of 12 digits (a number would show as 2.022E+11),
  - the 合计 row's total is the scenario's total (6360) and each category's total is the
    scenario's category total (scenario.yaml),
  - the districts' ranges run without gaps through the city's block, each unit's range lies in
    its district's and the units' ranges run without gaps through it, and the quotas are the
    range sizes,
  - attachment1.csv starts with a UTF-8 BOM, as the other CSVs do.

Usage: python3 scripts/check-attachment1.py BINARY [OUT_DIR]   (pip install --user openpyxl pyyaml)
"""
import os
import re
import subprocess
import sys
import tempfile

import openpyxl
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "yangzhou-2022")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def solve(binary, scenario, out):
    run = subprocess.run([binary, "solve", scenario, "--out", out, "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"quotaplan solve {scenario} failed ({run.returncode}): {run.stderr}")


def is_number(value):
    return isinstance(value, str) and re.fullmatch(r"\d{12}", value) is not None


def check_attachment(sheet, where, totals, total):
    """Checks one Attachment 1 sheet; returns the number of member-number cells seen."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    keys = rows[4]
    categories = [c for c in rows[3][2:-1] if c]
    check(len(categories) == len(totals), f"{where}: categories {categories}, expected {len(totals)}")
    first_cols = [i for i, k in enumerate(keys) if k in ("起始编号", "first_number")]
    last_cols = [i for i, k in enumerate(keys) if k in ("终止编号", "last_number")]
    quota_cols = [i for i, k in enumerate(keys) if k in ("指标", "quota")]
    check(len(first_cols) == len(totals) and len(last_cols) == len(totals), f"{where}: number columns {keys}")
    body = rows[5:]
    total_row = body[-1]
    body = body[:-1]
    check(total_row[0] in ("合计", "total"), f"{where}: last row is {total_row[0]!r}, not 合计")
    check(total_row[-1] == total, f"{where}: 合计 {total_row[-1]!r}, expected {total}")
    for (name, expected), col in zip(totals, quota_cols):
        got = total_row[col] if total_row[col] != "—" else 0
        check(got == expected, f"{where}: {name} total {got!r}, expected {expected}")
    seen = 0
    districts, units = [], {}
    for row in body:
        district, unit = row[0], row[1]
        for q, f, l in zip(quota_cols, first_cols, last_cols):
            quota, first, last = row[q], row[f], row[l]
            if quota in ("—", None):
                check(first is None and last is None, f"{where}: {district} {unit or ''} has a range without quota")
                continue
            seen += 2
            if not (check(is_number(first), f"{where}: {district} {unit or ''} first number {first!r} is not 12-digit text")
                    and check(is_number(last), f"{where}: {district} {unit or ''} last number {last!r} is not 12-digit text")):
                continue
            check(int(last) - int(first) + 1 == quota, f"{where}: {district} {unit or ''} range {first}–{last} holds not {quota}")
            if unit:
                units.setdefault((district, q), []).append((int(first), int(last)))
            else:
                districts.append((int(first), int(last), district, q))
        check(isinstance(row[-1], int), f"{where}: {district} {unit or ''} total {row[-1]!r}")
    districts.sort()
    check(districts and sum(l - f + 1 for f, l, _, _ in districts) == total, f"{where}: the districts' ranges hold not {total}")
    for (a, b) in zip(districts, districts[1:]):
        check(b[0] == a[1] + 1, f"{where}: gap or overlap between {a[2]} ({a[0]}–{a[1]}) and {b[2]} ({b[0]}–{b[1]})")
    for (district, q), parts in units.items():
        block = next(((f, l) for f, l, d, c in districts if d == district and c == q), None)
        if not check(block is not None, f"{where}: units of {district} without a district range"):
            continue
        parts.sort()
        check(parts[0][0] == block[0] and parts[-1][1] == block[1], f"{where}: {district}'s units do not fill {block}")
        for a, b in zip(parts, parts[1:]):
            check(b[0] == a[1] + 1, f"{where}: {district}'s units have a gap at {a[1]}")
    return seen


def check_allocation(sheet, where):
    rows = list(sheet.iter_rows(values_only=True))
    keys = rows[0]
    cols = [i for i, k in enumerate(keys) if k in ("起始编号", "终止编号", "first_number", "last_number")]
    check(len(cols) == 2, f"{where}: header {keys}")
    seen = 0
    for row in rows[1:]:
        for c in cols:
            if row[c] is not None:
                seen += 1
                check(is_number(row[c]), f"{where}: {row[0]} {row[1]} number {row[c]!r} is not 12-digit text")
    return seen


def check_folder(folder, scenario_yaml, itemised):
    with open(scenario_yaml, encoding="utf-8") as f:
        scenario = yaml.safe_load(f)
    total = scenario["total"]
    totals = [(c["id"], c["total"]) for c in scenario["categories"]]
    own = openpyxl.load_workbook(os.path.join(folder, "attachment1.xlsx"))
    check(len(own.sheetnames) == 1, f"attachment1.xlsx sheets: {own.sheetnames}")
    numbers = check_attachment(own.worksheets[0], "attachment1.xlsx", totals, total)
    plan = openpyxl.load_workbook(os.path.join(folder, "plan.xlsx"))
    names = plan.sheetnames
    attachment = next((n for n in names if n in ("附件1", "Attachment 1")), None)
    allocation = next((n for n in names if n in ("名额分配", "allocation")), None)
    if check(attachment and allocation, f"plan.xlsx sheets: {names}"):
        numbers += check_attachment(plan[attachment], f"plan.xlsx#{attachment}", totals, total)
        numbers += check_allocation(plan[allocation], f"plan.xlsx#{allocation}")
    units = sum(1 for r in own.worksheets[0].iter_rows(min_row=6, values_only=True) if r[1])
    check((units > 0) == itemised, f"attachment1.xlsx lists {units} units (itemised: {itemised})")
    with open(os.path.join(folder, "attachment1.csv"), "rb") as f:
        check(f.read(3) == b"\xef\xbb\xbf", "attachment1.csv has no UTF-8 BOM")
    return numbers, units


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="attachment1-check-")
    os.makedirs(out, exist_ok=True)
    shipped = os.path.join(out, "yangzhou")
    solve(binary, SCENARIO, shipped)
    numbers, _ = check_folder(shipped, os.path.join(SCENARIO, "scenario.yaml"), itemised=False)
    what_if = os.path.join(out, "itemised-scenario")
    os.makedirs(what_if, exist_ok=True)
    with open(os.path.join(what_if, "scenario.yaml"), "w", encoding="utf-8") as f:
        f.write(f"base: {SCENARIO}\nname: yangzhou-2022-itemised\nitemised_districts: [市直]\nheaders: en\n")
    itemised = os.path.join(out, "itemised")
    solve(binary, what_if, itemised)
    more, units = check_folder(itemised, os.path.join(SCENARIO, "scenario.yaml"), itemised=True)
    for failure in failures:
        print("FAIL:", failure)
    print(f"attachment1 check: {numbers + more} member-number cells read as 12-digit text, {units} 市直 units; "
          f"{len(failures)} problems ({out})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
