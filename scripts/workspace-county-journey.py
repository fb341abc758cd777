#!/usr/bin/env python3
"""The county workflow in a real browser (Debian's Chromium driven by Playwright): the city,
two county committees and a reviewer, each in their own browser context, with a screenshot of
each role's view.

    QP_PASSWORD=... python3 scripts/workspace-county-journey.py --url http://127.0.0.1:PORT/ \
        --user planner --shots DIR

The story (issue #14): the city adds the accounts on its accounts page and publishes Yangzhou;
宝应县 refines with pins and 高邮市 edits a school's figures; 宝应县 first submits a plan that
breaks its envelope and reads why on the page; the reviewer returns 宝应县 with a comment (which
holds a <script> tag that must show as text) and approves 高邮市; 宝应县 reads the comment,
fixes and resubmits; the reviewer approves; the city combines and downloads the final workbook
(an xlsx whose Attachment 1 sums to the city total) and 宝应县 downloads its own final split.

Run it through scripts/workspace-browser.sh, which starts a fresh workspace. Every step prints
one line; any failed check ends the run with exit 1 after a screenshot of where it failed.
"""

import argparse
import io
import os
import secrets
import sys
import traceback

import openpyxl
from playwright.sync_api import sync_playwright, expect

WAIT = 120_000  # ms: a change re-plans the district
COUNTIES = {"baoying": "宝应县", "gaoyou": "高邮市"}
XSS = "<script>alert('x')</script>"


class JourneyFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise JourneyFailed(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", default="planner", help="a city account (its password in QP_PASSWORD)")
    parser.add_argument("--shots", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    password = os.environ.get("QP_PASSWORD")
    if not password:
        print("QP_PASSWORD is not set", file=sys.stderr)
        return 64
    os.makedirs(args.shots, exist_ok=True)
    base_url = args.url.rstrip("/")
    others = "county-" + secrets.token_hex(8)  # the password of every account the city adds
    shots = []
    console_errors = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])

        def open_page(who):
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
            page = context.new_page()
            page.on("console", lambda m: console_errors.append(f"{who}: {m.text}")
                    if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
            page.on("pageerror", lambda e: console_errors.append(f"{who}: {e}"))
            page.on("dialog", lambda d: console_errors.append(f"{who}: a dialog opened: {d.message}"))
            page.set_default_timeout(30_000)
            return page

        def sign_in(page, name, secret):
            page.goto(base_url + "/")
            page.wait_for_selector("#signin-form")
            page.fill("#signin-name", name)
            page.fill("#signin-password", secret)
            page.click("#signin-form button[type=submit]")
            page.wait_for_selector("#top .who")

        def shot(page, name, full_page=False):
            path = os.path.join(args.shots, name + ".png")
            page.screenshot(path=path, full_page=full_page)
            shots.append(path)
            return path

        def step(number, text):
            print(f"step {number}: {text}", flush=True)

        def api_json(page, path):
            response = page.request.get(base_url + path)
            check(response.ok, f"GET {path} answered {response.status}: {response.text()[:300]}")
            return response.json()

        def refinement_id(page):
            page.wait_for_selector("#refinement-actions", timeout=WAIT)
            return int(page.evaluate("location.hash").split("/")[2])

        def status_of(page, rid):
            return api_json(page, f"/api/refinements/{rid}")["status"]

        current = None
        try:
            # 1. The city adds the accounts on its accounts page.
            city = current = open_page("city")
            sign_in(city, args.user, password)
            city.click("#nav-accounts")
            city.wait_for_selector("#new-user-form")
            for name, role, district in [("baoying", "county", "宝应县"), ("gaoyou", "county", "高邮市"), ("reviewer", "reviewer", None)]:
                city.fill("#new-user-name", name)
                city.select_option("#new-user-role", role)
                if district:
                    city.select_option("#new-user-district", district)
                city.fill("#new-user-password", others)
                city.click("#new-user-submit")
                expect(city.locator(f"#accounts tr[data-user='{name}']")).to_be_visible(timeout=WAIT)
            check("宝应县" in city.inner_text("#accounts tr[data-user='baoying']"), "the county account does not show its district")
            shot(city, "c01-city-accounts")
            step(1, "the city added 宝应县, 高邮市 and a reviewer on the accounts page")

            # 2. The city publishes Yangzhou.
            city.click("#nav-scenarios")
            city.click("tr[data-scenario='yangzhou-2022'] a.button")
            city.wait_for_selector("#category-summary", timeout=WAIT)
            version = int(city.evaluate("location.hash").split("/")[2])
            city.click("#tab-publish")
            city.fill("#publish-name", "2022 正式版")
            city.click("#publish-submit")
            city.wait_for_selector("#published", timeout=WAIT)
            city_total = api_json(city, f"/api/versions/{version}/plan")["total"]
            step(2, f"the city published version {version} (total {city_total})")

            # 3. 宝应县 sees its envelope, starts, pins two promised numbers.
            baoying = current = open_page("宝应县")
            sign_in(baoying, "baoying", others)
            baoying.wait_for_selector("#current-issue", timeout=WAIT)
            envelope = baoying.inner_text("#envelope")
            check("宝应县" in envelope and "高邮市" not in envelope, "宝应县's envelope shows another district")
            shot(baoying, "c02-county-task")
            baoying.click("#start-refinement")
            rid_b = refinement_id(baoying)
            baoying.click("#rtab-pins")
            for school, grade, low, high, note in [("宝应县安宜实验学校", "2", "18", "18", "县团委已承诺：初二新建 2 个团支部"),
                                                   ("宝应县射阳湖镇中学", "", "12", "", "农村学校，已与学校约定不少于 12 名")]:
                baoying.fill("#pin-school", school)
                baoying.fill("#pin-grade", grade)
                baoying.fill("#pin-min", low)
                baoying.fill("#pin-max", high)
                baoying.fill("#pin-note", note)
                baoying.click("#pin-add")
                expect(baoying.locator(f"#pins-table tr[data-pin='{school}']")).to_be_visible(timeout=WAIT)
            baoying.click("#rtab-impact")
            expect(baoying.locator("#impact-table")).to_contain_text("宝应县安宜实验学校", timeout=WAIT)
            shot(baoying, "c03-county-impact")
            step(3, f"宝应县 started refinement {rid_b} and pinned 2 schools; the impact table names them")

            # 4. A pin that breaks the envelope: the page says why, and submitting is refused in words.
            baoying.click("#rtab-pins")
            baoying.fill("#pin-school", "宝应县城北初级中学")
            baoying.fill("#pin-grade", "3")
            baoying.fill("#pin-min", "5000")
            baoying.fill("#pin-max", "")
            baoying.fill("#pin-note", "")
            baoying.click("#pin-add")
            baoying.wait_for_selector("#refinement-conflict, #rf-message .error", timeout=WAIT)
            if baoying.locator("#submit-refinement").count():
                baoying.click("#submit-refinement")
                expect(baoying.locator("#rf-message .error")).to_be_visible(timeout=WAIT)
            why = baoying.inner_text("#rf-message") + "\n" + (baoying.inner_text("#refinement-conflict") if baoying.locator("#refinement-conflict").count() else "")
            check(any(word in why for word in ("指标", "上限", "宝应县", "锁定")), f"the refusal does not say why: {why[:300]}")
            check(status_of(baoying, rid_b) == "draft", "a refinement that breaks its envelope was submitted")
            shot(baoying, "c04-county-breaks-envelope")
            step(4, "宝应县's envelope-breaking plan was refused: " + " / ".join(line for line in why.splitlines() if line.strip())[:160])

            # Remove the bad pin and submit.
            remove = baoying.locator("#pins-table tr[data-pin='宝应县城北初级中学'] button.remove-pin")
            if not remove.count():
                baoying.click("#rtab-pins")
            baoying.locator("#pins-table tr[data-pin='宝应县城北初级中学'] button.remove-pin").click()
            expect(baoying.locator("#pins-table tr[data-pin='宝应县城北初级中学']")).to_have_count(0, timeout=WAIT)
            expect(baoying.locator("#refinement-conflict")).to_have_count(0, timeout=WAIT)
            baoying.click("#submit-refinement")
            expect(baoying.locator("#refinement-actions")).to_contain_text("已提交", timeout=WAIT)
            check(status_of(baoying, rid_b) == "submitted", "宝应县 is not submitted")
            step(5, "宝应县 removed the bad pin and submitted")

            # 5. 高邮市 edits a school-grade's members in the table and submits.
            gaoyou = current = open_page("高邮市")
            sign_in(gaoyou, "gaoyou", others)
            gaoyou.wait_for_selector("#start-refinement", timeout=WAIT)
            gaoyou.click("#start-refinement")
            rid_g = refinement_id(gaoyou)
            gaoyou.click("#rtab-data")
            first = gaoyou.locator("#data-table tbody tr").first
            first.wait_for(timeout=WAIT)
            edited_school = first.get_attribute("data-school")
            members = first.locator("input[data-field='members']")
            before = int(members.input_value())
            members.fill(str(before + 1))
            gaoyou.click("#data-save")
            expect(gaoyou.locator("#rf-message .ok-line")).to_be_visible(timeout=WAIT)
            check(api_json(gaoyou, f"/api/refinements/{rid_g}")["revision"] >= 2, "the data edit did not make a new revision")
            shot(gaoyou, "c05-county-data-edit")
            gaoyou.click("#submit-refinement")
            expect(gaoyou.locator("#refinement-actions")).to_contain_text("已提交", timeout=WAIT)
            step(6, f"高邮市 changed {edited_school}'s members {before} → {before + 1} and submitted refinement {rid_g}")

            # 6. The reviewer returns 宝应县 with a comment, approves 高邮市.
            reviewer = current = open_page("reviewer")
            sign_in(reviewer, "reviewer", others)
            reviewer.wait_for_selector("#review-queue", timeout=WAIT)
            expect(reviewer.locator("#review-queue tr[data-district='宝应县'] [data-status='submitted']")).to_be_visible()
            expect(reviewer.locator("#review-queue tr[data-district='高邮市'] [data-status='submitted']")).to_be_visible()
            shot(reviewer, "c06-reviewer-queue")
            reviewer.click("#review-queue tr[data-district='宝应县'] a.button")
            reviewer.wait_for_selector("#return-refinement", timeout=WAIT)
            comment = "射阳湖镇中学的 12 名请附上与学校的约定。" + XSS
            reviewer.click("#return-refinement")
            expect(reviewer.locator("#decision-error")).not_to_be_empty()
            reviewer.fill("#decision-comment", comment)
            reviewer.click("#return-refinement")
            expect(reviewer.locator("#returned-comment")).to_be_visible(timeout=WAIT)
            shot(reviewer, "c07-reviewer-returned")
            reviewer.click("a[href='#/review']")
            reviewer.click("#review-queue tr[data-district='高邮市'] a.button")
            reviewer.wait_for_selector("#approve-refinement", timeout=WAIT)
            reviewer.click("#approve-refinement")
            expect(reviewer.locator("#refinement-actions")).not_to_contain_text("通过", timeout=WAIT)
            check(status_of(reviewer, rid_g) == "approved", "高邮市 is not approved")
            step(7, "the reviewer returned 宝应县 with a comment and approved 高邮市")

            # 7. 宝应县 reads the comment (as text), fixes and resubmits.
            current = baoying
            baoying.goto(f"{base_url}/#/refinement/{rid_b}")
            baoying.reload()
            baoying.wait_for_selector("#returned-comment", timeout=WAIT)
            shown = baoying.inner_text("#returned-comment .comment-text")
            check(shown == comment, f"the returned comment shows as {shown!r}")
            check(baoying.locator("#returned-comment script").count() == 0, "the comment's <script> became an element")
            shot(baoying, "c08-county-returned")
            baoying.click("#rtab-pins")
            baoying.locator("#pins-table tr[data-pin='宝应县射阳湖镇中学'] button.remove-pin").click()
            expect(baoying.locator("#pins-table tr[data-pin='宝应县射阳湖镇中学']")).to_have_count(0, timeout=WAIT)
            baoying.fill("#pin-school", "宝应县射阳湖镇中学")
            baoying.fill("#pin-grade", "")
            baoying.fill("#pin-min", "12")
            baoying.fill("#pin-max", "")
            baoying.fill("#pin-note", "已附约定：射阳湖镇中学与县团委 2022 年 3 月协议")
            baoying.click("#pin-add")
            expect(baoying.locator("#pins-table tr[data-pin='宝应县射阳湖镇中学']")).to_contain_text("协议", timeout=WAIT)
            check(status_of(baoying, rid_b) == "draft", "a change to a returned refinement did not make it a draft")
            baoying.click("#rtab-comments")
            baoying.fill("#comment-text", "已按意见补充约定说明。")
            baoying.click("#comment-submit")
            expect(baoying.locator("#events")).to_contain_text("已按意见补充约定说明。", timeout=WAIT)
            baoying.click("#submit-refinement")
            expect(baoying.locator("#refinement-actions")).to_contain_text("已提交", timeout=WAIT)
            step(8, "宝应县 read the comment as text, changed the pin's note, commented and resubmitted")

            # 8. The reviewer approves 宝应县.
            current = reviewer
            reviewer.goto(f"{base_url}/#/refinement/{rid_b}")
            reviewer.reload()
            reviewer.wait_for_selector("#approve-refinement", timeout=WAIT)
            reviewer.fill("#decision-comment", "约定已补充，同意。")
            reviewer.click("#approve-refinement")
            expect(reviewer.locator("#approve-refinement")).to_have_count(0, timeout=WAIT)
            check(status_of(reviewer, rid_b) == "approved", "宝应县 is not approved")
            step(9, "the reviewer approved 宝应县")

            # 9. The city's board, combining, the final workbook.
            current = city
            city.click("#nav-board")
            city.wait_for_selector("#status-board", timeout=WAIT)
            for district in COUNTIES.values():
                expect(city.locator(f"#status-board tr[data-district='{district}']")).to_have_attribute("data-status", "approved")
            expect(city.locator("#status-board tr[data-status='not_started']").first).to_be_visible()
            shot(city, "c09-city-board")
            city.click("#combine")
            city.wait_for_selector("#combined-downloads", timeout=WAIT)
            shot(city, "c10-city-combined")
            with city.expect_download() as info:
                city.click("#combined-downloads a[data-file='plan.xlsx']")
            final = info.value.path()
            data = open(final, "rb").read()
            check(data[:2] == b"PK", "the final workbook is not an xlsx (zip) file")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            # The long allocation sheet, named in the scenario's header language.
            sheet = "名额分配" if "名额分配" in workbook.sheetnames else "allocation"
            rows = list(workbook[sheet].iter_rows(values_only=True))
            header = list(rows[0])
            quota = header.index("指标") if "指标" in header else header.index("quota")
            school = header.index("school") if "school" in header else None
            body = [r for r in rows[1:] if r[0] not in ("合计", "total", "Total", None) and (school is None or not r[school])]
            total = sum(int(r[quota] or 0) for r in body)
            check(total == city_total, f"the final plan.xlsx sums to {total}, not {city_total}")
            with city.expect_download() as info:
                city.click("#district-downloads tr[data-district='宝应县'] a[data-file='final.xlsx']")
            check(open(info.value.path(), "rb").read()[:2] == b"PK", "宝应县's final.xlsx is not an xlsx file")
            step(10, f"the city combined and downloaded the final workbook ({len(data)} bytes, Attachment 1 sums to {total})")

            # 10. 宝应县 downloads its own final split; the audit log has the story.
            current = baoying
            # The county finds its final split from its own task page, not from a typed address.
            combination = int(city.evaluate("location.hash").split("/")[2])
            baoying.click("#nav-county")
            baoying.wait_for_selector("#final-plan a", timeout=WAIT)
            check(baoying.get_attribute("#final-plan a", "href").endswith(f"/combination/{combination}"),
                  "the county's task page does not link the newest combined plan")
            baoying.click("#final-plan a")
            baoying.wait_for_selector("#district-downloads", timeout=WAIT)
            check(baoying.locator("#combined-downloads").count() == 0, "a county is offered the whole city's files")
            with baoying.expect_download() as info:
                baoying.click("#district-downloads a[data-file='final.xlsx']")
            own_bytes = open(info.value.path(), "rb").read()
            check(own_bytes[:2] == b"PK", "宝应县's own final.xlsx is not an xlsx file")
            own = openpyxl.load_workbook(io.BytesIO(own_bytes), read_only=True)
            text = " ".join(str(c) for ws in own.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None)
            check("宝应县" in text and "高邮市" not in text, "宝应县's final split names another district or not its own")
            shot(baoying, "c11-county-final")
            current = city
            city.click("#nav-audit")
            city.wait_for_selector("#audit-table", timeout=WAIT)
            audit = city.inner_text("#audit-table")
            for action in ("提交细化", "退回细化", "通过细化", "汇总", "发布", "新建账号"):
                check(action in audit, f"the audit log lacks {action}")
            shot(city, "c12-city-audit")
            step(11, "宝应县 downloaded its own final split; the audit log shows every step")

            # 11. The reviewer changes its own password; the new one signs in.
            current = reviewer
            reviewer.click("#nav-password")
            reviewer.fill("#pw-current", others)
            reviewer.fill("#pw-new", others + "-new")
            reviewer.fill("#pw-again", others + "-new")
            reviewer.click("#pw-submit")
            expect(reviewer.locator("#pw-message .ok-line")).to_be_visible(timeout=WAIT)
            check(reviewer.request.post(base_url + "/api/session", data={"name": "reviewer", "password": others + "-new"}).ok,
                  "the new password does not sign in")
            step(12, "the reviewer changed its own password on the page; the new one signs in")

            check(not console_errors, "the page logged errors: " + " | ".join(console_errors[:5]))
        except Exception as error:  # any failure: a screenshot of where it happened, then exit 1
            try:
                if current is not None:
                    shot(current, "failure", full_page=True)
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
    print("county journey: all steps passed")
    return 0


def print_shots(shots):
    for path in shots:
        print(f"screenshot {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    sys.exit(main())
