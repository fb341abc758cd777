#!/usr/bin/env python3
"""A city planner's journey through the workspace page in a real browser (Debian's Chromium
driven by Playwright), with a screenshot at each step.

    QP_PASSWORD=... python3 scripts/workspace-journey.py --url http://127.0.0.1:PORT/ \
        --user planner --shots DIR --quotaplan .build/release/quotaplan \
        --scenario scenarios/yangzhou-2022

Run it through scripts/workspace-browser.sh, which starts a fresh workspace. Every step prints
one line; any failed check ends the run with exit 1 after a screenshot of where it failed.
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import traceback

import openpyxl
from playwright.sync_api import sync_playwright, expect

FILES = ["plan.xlsx", "attachment1.xlsx", "attachment1.csv", "plan.csv", "allocation.csv", "social.csv", "plan.json", "report.html", "report.md", "scenario.json"]
WAIT = 120_000  # ms: planning a save runs the solver


class JourneyFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise JourneyFailed(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", default="planner")
    parser.add_argument("--shots", required=True)
    parser.add_argument("--quotaplan", required=True, help="the quotaplan binary, to solve the scenario for the byte comparison")
    parser.add_argument("--scenario", required=True, help="the seeded scenario folder (scenarios/yangzhou-2022)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    password = os.environ.get("QP_PASSWORD")
    if not password:
        print("QP_PASSWORD is not set", file=sys.stderr)
        return 64
    os.makedirs(args.shots, exist_ok=True)
    base_url = args.url.rstrip("/")
    shots = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        console_errors = []
        # The API's expected refusals (a wrong password: 401) show as failed loads; script
        # errors and CSP violations are what counts.
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.set_default_timeout(30_000)

        def shot(name, full_page=False):
            path = os.path.join(args.shots, name + ".png")
            page.screenshot(path=path, full_page=full_page)
            shots.append(path)
            return path

        def step(number, text):
            print(f"step {number}: {text}", flush=True)

        def api_json(path):
            response = page.request.get(base_url + path)
            check(response.ok, f"GET {path} answered {response.status}: {response.text()[:300]}")
            return response.json()

        try:
            # 1. Sign in.
            page.goto(base_url + "/")
            page.wait_for_selector("#signin-form")
            page.fill("#signin-name", args.user)
            page.fill("#signin-password", "not the password")
            page.click("#signin-form button[type=submit]")
            expect(page.locator("#signin-form .form-error")).to_contain_text("密码", timeout=WAIT)
            shot("01-signin-error")
            page.fill("#signin-password", password)
            page.click("#signin-form button[type=submit]")
            page.wait_for_selector("#scenario-list")
            expect(page.locator("tr[data-scenario='yangzhou-2022']")).to_be_visible()
            shot("02-scenarios")
            step(1, "signed in; the scenario list shows yangzhou-2022")

            # 2. Open Yangzhou.
            page.click("tr[data-scenario='yangzhou-2022'] a.button")
            page.wait_for_selector("#category-summary", timeout=WAIT)
            base_hash = page.evaluate("location.hash")
            base_version = int(base_hash.split("/")[2])
            base_plan = api_json(f"/api/versions/{base_version}/plan")
            base_pivot = page.inner_text("#pivot")
            check("6,360" in page.inner_text("#attachment-1") or "6360" in page.inner_text("#attachment-1"), "Attachment 1 does not sum to 6360")
            check(page.locator("#attachment-1 td.mono").first.inner_text().strip().isdigit()
                  and len(page.locator("#attachment-1 td.mono").first.inner_text().strip()) == 12, "member numbers are not 12-digit text")
            shot("03-plan")
            shot("03-plan-full", full_page=True)
            step(2, f"opened yangzhou-2022 (version id {base_version}); Attachment 1 sums to 6360")

            # 3. A what-if with 普通高中 grades 1–2 cap (R5) at 0.25.
            page.click("a.nav")
            page.wait_for_selector("#scenario-list")
            page.click("tr[data-scenario='yangzhou-2022'] button.what-if")
            page.fill("#whatif-name", "yangzhou-2022-r5-25")
            page.click("tr.inline-form button[type=submit]")
            field = page.locator("[data-setting='categories.senior_high.caps.R5.ratio']")
            field.wait_for(timeout=WAIT)
            check(field.input_value() in ("0.3", "0.30"), f"R5 ratio shows {field.input_value()!r}, not 0.3")
            field.scroll_into_view_if_needed()
            field.fill("0.25")
            shot("04-settings-edited")
            page.click("#settings-save")
            page.wait_for_url(lambda url: url.endswith("/plan") and f"/version/{base_version}/" not in url, timeout=WAIT)
            page.wait_for_selector("#category-summary", timeout=WAIT)
            step(3, "made what-if yangzhou-2022-r5-25 and saved 普通高中 R5 = 0.25 from the settings form")

            # 4. The new plan. At 0.25 the grades 1–2 of 普通高中 hold at most 1295 members more,
            # fewer than its total of 1500: version 2 is a conflict, shown in words with its
            # nearest plan. At 0.29 (version 3) the total fits again and the plan moves.
            conflict_version = int(page.evaluate("location.hash").split("/")[2])
            expect(page.locator("#version-number")).to_contain_text("2")
            expect(page.locator("#conflict")).to_contain_text("R5")
            # The conflict shows at once; the nearest plan follows when computed (seconds).
            shot("05-conflict-at-once")
            expect(page.locator("#nearest-plan .nearest-banner")).to_contain_text("最接近的方案（违反以下规则）", timeout=WAIT)
            nearest = api_json(f"/api/versions/{conflict_version}/nearest")
            before = {(a["district"], a["category"]): a["quota"] for a in base_plan["allocation"]}
            moved = {(a["district"], a["category"]): a["quota"] for a in nearest["allocation"]}
            check(any(moved[k] != before.get(k) for k in moved), "the nearest plan has the base's quotas")
            check(page.inner_text("#pivot") != base_pivot, "the page's district × category table did not change")
            shot("05-conflict-nearest")
            step(4, "version 2 (R5 = 0.25) conflicts: R2 vs R5 shown in words, the nearest plan in its marked view")

            # A colleague's tab holds version 2's settings open while this one saves version 3.
            other = context.new_page()
            other.goto(f"{base_url}/#/version/{conflict_version}/settings")
            other.locator("[data-setting='categories.senior_high.caps.R5.ratio']").wait_for(timeout=WAIT)

            page.click("#tab-settings")
            ratio = page.locator("[data-setting='categories.senior_high.caps.R5.ratio']")
            ratio.wait_for(timeout=WAIT)
            check(ratio.input_value() == "0.25", "version 2 does not hold R5 = 0.25")
            ratio.fill("0.29")
            page.click("#settings-save")
            page.wait_for_url(lambda url: url.endswith("/plan") and f"/version/{conflict_version}/" not in url, timeout=WAIT)
            page.wait_for_selector("#category-summary", timeout=WAIT)
            expect(page.locator("#version-number")).to_contain_text("3")
            new_version = int(page.evaluate("location.hash").split("/")[2])

            # The colleague's save is now stale: a notice in words, and 重新载入 opens version 3.
            other.locator("[data-setting='categories.senior_high.caps.R5.ratio']").fill("0.28")
            other.click("#settings-save")
            other.wait_for_selector("#stale-notice", timeout=WAIT)
            expect(other.locator("#stale-notice")).to_contain_text("已被他人修改")
            other.locator("#stale-notice").scroll_into_view_if_needed()
            path = os.path.join(args.shots, "06a-stale.png")
            other.screenshot(path=path)
            shots.append(path)
            other.click("#stale-reload")
            other.wait_for_url(lambda url: f"/version/{new_version}/settings" in url, timeout=WAIT)
            expect(other.locator("[data-setting='categories.senior_high.caps.R5.ratio']")).to_have_value("0.29")
            other.close()
            step(4, "a stale save from a second tab is refused with 此方案已被他人修改… and 重新载入 opens version 3")
            new_plan = api_json(f"/api/versions/{new_version}/plan")
            after = {(a["district"], a["category"]): a["quota"] for a in new_plan["allocation"]}
            changed = sorted(k for k in after if after[k] != before.get(k))
            check(changed, "no district × category quota changed")
            check(page.inner_text("#pivot") != base_pivot, "the page's district × category table did not change")
            check(page.locator("#conflict").count() == 0, "version 3 still shows a conflict")
            shot("06-new-plan")
            page.click("#tab-diff")
            expect(page.locator("#differences")).to_contain_text("0.29")
            shot("06b-differences")
            page.click("#tab-plan")
            page.wait_for_selector("#school-table")
            step(4, f"version 3 (R5 = 0.29) is planned; {len(changed)} district × category quotas changed, e.g. "
                 f"{changed[0][0]} {changed[0][1]} {before.get(changed[0])} → {after[changed[0]]}")

            # 5. A school's explanation.
            page.select_option("#school-category", "senior_high")
            row = page.locator("#school-table tbody tr:not(.zero)").first
            school = row.get_attribute("data-school")
            quota = row.locator("td").nth(7).inner_text().strip()
            row.click()
            text = page.locator("#explain-text")
            expect(text).not_to_have_text("正在载入…", timeout=WAIT)
            explanation = text.inner_text()
            check(school in explanation, f"the explanation does not name {school}: {explanation[:200]!r}")
            check(quota.replace(",", "") in explanation, f"the explanation does not give the quota {quota}: {explanation[:300]!r}")
            check("error-text" not in (text.get_attribute("class") or ""), f"explain failed: {explanation[:300]}")
            shot("07-explanation")
            page.click("#panel-close")
            step(5, f"explanation of {school} names it and its quota {quota}")

            # 6. Compare with the base.
            page.click("#tab-compare")
            page.wait_for_selector("#compare-rows", timeout=WAIT)
            deltas = page.locator("#compare-rows td.delta.pos, #compare-rows td.delta.neg")
            check(deltas.count() > 0, "the comparison shows no non-zero delta")
            expect(deltas.first).to_be_visible()
            page.locator("#compare-rows").scroll_into_view_if_needed()
            shot("08-compare")
            step(6, f"compared with the base: {deltas.count()} non-zero deltas, first {deltas.first.inner_text()}")

            # 7. Downloads.
            page.click("#tab-files")
            with page.expect_download() as info:
                page.click("a[data-file='plan.xlsx']")
            xlsx = os.path.join(tempfile.mkdtemp(prefix="qp-journey-"), "plan.xlsx")
            info.value.save_as(xlsx)
            workbook = openpyxl.load_workbook(xlsx, read_only=True)
            # Sheet names and headers are in the scenario's header language (Chinese or English).
            sheets = {"plan": ("方案", "plan"), "allocation": ("名额分配", "allocation"), "social": ("社会领域", "social"),
                      "attachment1": ("附件1", "Attachment 1")}
            found = {key: next((n for n in names if n in workbook.sheetnames), None) for key, names in sheets.items()}
            check(all(found.values()), f"plan.xlsx sheets: {workbook.sheetnames}")
            rows = list(workbook[found["allocation"] or "allocation"].iter_rows(values_only=True))
            header = list(rows[0])
            q = header.index("指标") if "指标" in header else header.index("quota")
            body = [r for r in rows[1:] if r[0] not in ("合计", "total", "Total", None)]
            total = sum(int(r[q] or 0) for r in body)
            expected_total = new_plan["total"]
            check(total == expected_total, f"plan.xlsx Attachment 1 sums to {total}, not {expected_total}")
            shot("09-downloads")
            out = tempfile.mkdtemp(prefix="qp-journey-solve-")
            solved = subprocess.run([args.quotaplan, "solve", args.scenario, "--out", os.path.join(out, "plan")], capture_output=True, text=True)
            check(solved.returncode == 0, f"quotaplan solve failed ({solved.returncode}): {solved.stderr[-500:]}")
            for name in FILES:
                response = page.request.get(f"{base_url}/api/versions/{base_version}/files/{name}")
                check(response.ok, f"download {name} answered {response.status}")
                with open(os.path.join(out, "plan", name), "rb") as f:
                    expected = f.read()
                check(response.body() == expected, f"{name} of the seeded version differs from quotaplan solve ({len(response.body())} vs {len(expected)} bytes)")
            step(7, f"plan.xlsx has sheets {workbook.sheetnames} and Attachment 1 sums to {total}; all {len(FILES)} files of the seeded version are byte-identical to quotaplan solve")

            # 8. Publish.
            page.click("#tab-publish")
            page.fill("#publish-name", "2022 正式版")
            page.click("#publish-submit")
            page.wait_for_selector("#published", timeout=WAIT)
            expect(page.locator(".vhead .badge.published")).to_contain_text("2022 正式版")
            page.click("#tab-settings")
            page.wait_for_selector("#published-note")
            check(page.locator("#settings-save").is_disabled(), "the settings of a published version can still be saved")
            shot("10-published")
            step(8, "published as 2022 正式版; the version is marked published and its settings are read-only")

            # The English page.
            page.click("#tab-plan")
            page.wait_for_selector("#category-summary")
            page.click("#lang-switch")
            page.wait_for_selector("#category-summary", timeout=WAIT)
            expect(page.locator("#tab-plan")).to_have_text("Plan")
            expect(page.locator("main")).to_contain_text("Attachment 1")
            shot("11-english-plan")
            page.click("#lang-switch")
            page.wait_for_selector("#category-summary", timeout=WAIT)
            expect(page.locator("#tab-plan")).to_have_text("计划")
            step(9, "the English page shows the plan in English; switched back to Chinese")

            # An upload with errors.
            page.click("a.nav")
            page.wait_for_selector("#upload-form")
            with open(os.path.join(args.scenario, "schools.csv"), encoding="utf-8-sig") as f:
                lines = f.read().splitlines()
            reader = list(csv.reader(lines[:8]))
            reader[2][5] = "四百"        # students: not a number
            reader[4][6] = "-3"          # members: negative
            reader[6][3] = "9"           # grade: the category has no grade 9
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(reader)
            bad = os.path.join(tempfile.mkdtemp(prefix="qp-journey-bad-"), "schools-bad.csv")
            with open(bad, "w", encoding="utf-8") as f:
                f.write(buffer.getvalue())
            page.fill("#upload-name", "bad-upload")
            page.set_input_files("#upload-schools", bad)
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector("#upload-result .error", timeout=WAIT)
            problems = page.locator("#upload-result table.problems tbody tr").count()
            check(problems >= 2, f"the upload shows {problems} problems, expected at least 2")
            check(page.locator("#upload-result table.preview td.bad").count() >= 1, "no cell of the preview is highlighted")
            page.locator("#upload-result").scroll_into_view_if_needed()
            shot("12-upload-errors")
            step(10, f"the bad upload lists {problems} problems and highlights the bad cells in the preview")

            check(not console_errors, "the page logged errors: " + " | ".join(console_errors[:5]))
        except Exception as error:  # any failure: a screenshot of where it happened, then exit 1
            try:
                shot("failure", full_page=True)
            except Exception:
                pass
            print(f"FAILED: {error}", file=sys.stderr)
            if not isinstance(error, JourneyFailed):
                traceback.print_exc()
            if console_errors:
                print("page errors: " + " | ".join(console_errors[:5]), file=sys.stderr)
            browser.close()
            print_shots(shots)
            return 1
        browser.close()
    print_shots(shots)
    print("journey: all steps passed")
    return 0


def print_shots(shots):
    for path in shots:
        print(f"screenshot {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    sys.exit(main())
