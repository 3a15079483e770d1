#!/usr/bin/env python3
"""End-to-end test of the editors' desk in Chromium, against the mock or the real server.

    python3 tests/desk/e2e.py URL PROJECT [--issue 2023-08] [--bulletin PATH] [--edits 20]

URL: where `bulletin serve` (or tests/desk/mock_server.py) listens, e.g. http://127.0.0.1:7700/.
PROJECT: the project folder that server works on. The test edits the issue: give the real
server a scratch copy of the project. Against the real server it also reads issue.toml on disk,
edits it behind the server's back, and compares the exported PDF with `bulletin build`; against
the mock (its /api/session says so) those checks are skipped and said to be.

Needs: pip install playwright pillow; apt-get install chromium fonts-noto-cjk (never
`playwright install`). Screenshots go to target/desk-screenshots/ (one per step).
Prints the latency from an edit leaving the browser, and from the last keystroke (the save
debounce included), to the changed page's new image loaded (median, p95), and whether the p95
is within the --budget-ms target (300): from the keystroke against the real server, from the
save against the mock (whose debounce is its own). The target is reported, not enforced (a
busy machine moves a p95 by a hundred milliseconds); the run fails only when the p95 is over
--fail-ms (2000), where an edit no longer shows at all in working time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]

PASTED = """上海启动2023年“五五购物节”夏季消费季活动
8月5日，上海市商务委员会发布消息，2023年夏季消费季活动正式启动，全市将推出各类促消费活动500余场。
活动期间，各大电商平台联动线下商圈，推出即时零售、直播带货等多种形式的优惠，带动暑期消费。
来源：《文汇报》 2023年8月6日
"""


class Run:
    def __init__(self, args):
        self.args = args
        self.url = args.url if args.url.endswith("/") else args.url + "/"
        self.project = Path(args.project).resolve()
        self.shots = Path(args.screenshots)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.step_no = 0
        self.results: list[tuple[str, str]] = []
        self.session = self.http_json("GET", "api/session")
        self.mock = "mock" in self.session.get("server", "")
        self.issue = args.issue or self.session.get("open_issue") or "2023-08"

    # -- plumbing ----------------------------------------------------------------------------

    def http(self, method, path, body=None, headers=None):
        parts = urllib.parse.urlsplit(self.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        h = {"Host": parts.netloc}
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            h["Origin"] = f"{parts.scheme}://{parts.netloc}"
        h.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, "/" + path.lstrip("/"), body=data, headers={k: v for k, v in h.items() if v is not None})
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), payload

    def http_json(self, method, path, body=None):
        status, _, payload = self.http(method, path, body)
        if status >= 400:
            raise AssertionError(f"{method} {path}: {status} {payload[:200]!r}")
        return json.loads(payload)

    def document(self):
        return self.http_json("GET", f"api/issues/{self.issue}")

    def shot(self, page, name):
        self.step_no += 1
        path = self.shots / f"{self.step_no:02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    def ok(self, step, detail=""):
        self.results.append(("ok", step))
        print(f"  ok  {step}{(': ' + detail) if detail else ''}", flush=True)

    def skip(self, step, why):
        self.results.append(("skipped", step))
        print(f"  --  {step}: skipped ({why})", flush=True)

    # -- waiting on the desk -----------------------------------------------------------------

    @staticmethod
    def settled(page, timeout=15000):
        """Waits until nothing is unsent and the last build is of the saved revision."""
        page.wait_for_function("""() => {
            const s = window.__desk && window.__desk.state;
            return s && s.doc && !s.dirty && !s.inFlight && !s.timer && s.status && s.status.revision === s.revision;
        }""", timeout=timeout)

    @staticmethod
    def sent(page, timeout=15000):
        """Waits until nothing is unsent (for a tab whose event stream was cut: no builds heard)."""
        page.wait_for_function("""() => {
            const s = window.__desk && window.__desk.state;
            return s && s.doc && !s.dirty && !s.inFlight && !s.timer;
        }""", timeout=timeout)

    @staticmethod
    def state(page, expr):
        return page.evaluate(f"() => {{ const s = window.__desk.state; return {expr}; }}")

    @staticmethod
    def image_loaded(page, n):
        page.wait_for_function("""(n) => {
            const img = document.querySelector(`#page-${n} img`);
            return img && img.complete && img.naturalWidth > 0 && img.getAttribute('src');
        }""", arg=n, timeout=15000)

    def key_of(self, page, s, a):
        return self.state(page, f"s.doc.sections[{s}].articles[{a}].key")

    def open_card(self, page, key):
        toggle = page.locator(f"#toggle-{key}")
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        expect(page.locator(f"#f-{key}-title")).to_be_visible()

    # -- steps -------------------------------------------------------------------------------

    def confinement(self):
        host = urllib.parse.urlsplit(self.url).netloc
        status, _, _ = self.http("GET", "api/session", headers={"Host": "evil.example:80"})
        assert status == 403, f"foreign Host: {status}"
        status, _, _ = self.http("GET", "/", headers={"Host": "rebind.example"})
        assert status == 403, f"foreign Host on /: {status}"
        status, _, _ = self.http("PUT", f"api/issues/{self.issue}", body={}, headers={"Origin": None})
        assert status == 403, f"PUT without Origin: {status}"
        status, _, _ = self.http("PUT", f"api/issues/{self.issue}", body={}, headers={"Origin": "http://evil.example"})
        assert status == 403, f"PUT with a foreign Origin: {status}"
        status, _, _ = self.http("GET", "api/session", headers={"Origin": "http://evil.example"})
        assert status == 403, f"cross-site GET: {status}"
        status, headers, _ = self.http("OPTIONS", "api/session")
        assert status == 405, f"OPTIONS: {status}"
        status, headers, _ = self.http("GET", "api/session")
        assert not any(k.lower().startswith("access-control") for k in headers), "a CORS header was sent"
        status, _, payload = self.http("PUT", f"api/issues/{self.issue}", body={"base_revision": "0000", "issue": self.document()["issue"]})
        assert status == 409 and json.loads(payload)["error"]["code"] == "stale_revision", f"stale PUT: {status}"
        self.ok("confinement", f"Host and Origin checked, no CORS, stale revision → 409 ({host})")

    def open_desk(self, page):
        page.goto(self.url + f"#/issues/{self.issue}")
        self.settled(page)
        self.image_loaded(page, 1)
        expect(page.locator("#save-state")).to_have_attribute("data-state", re.compile("saved|not-ready"))
        count = self.state(page, "s.status.page_count")
        assert page.locator(".page").count() == count
        self.shot(page, "open")
        self.ok("open the desk", f"{count} pages, {self.state(page, 's.doc.sections.length')} sections")

    def edit_title(self, page):
        key = self.key_of(page, 0, 0)
        self.open_card(page, key)
        title = page.locator(f"#f-{key}-title")
        before_src = page.locator("#page-2 img").get_attribute("src")
        new_title = "商务部：上半年全国网络零售市场呈现五大特点"
        title.fill(new_title)
        self.settled(page)
        page.wait_for_function("(src) => { const img = document.querySelector('#page-2 img'); return img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0; }",
                               arg=before_src, timeout=10000)
        saved = self.document()["issue"]["sections"][0]["articles"][0]["title"]
        assert saved == new_title, f"saved title: {saved}"
        self.shot(page, "title-changed")
        if self.mock:
            self.skip("title on disk", "the mock keeps the document in memory")
        else:
            toml = (self.project / "issues" / self.issue / "issue.toml").read_text(encoding="utf-8")
            assert f'title = "{new_title}"' in toml, "the new title is not in issue.toml"
            self.ok("title on disk", "issue.toml holds the new title")
        self.ok("change the first title", "saved, page 2 image replaced")
        return key

    def input_method(self, page, key):
        """Pinyin typed through an input method is not saved until a character is chosen."""
        title = page.locator(f"#f-{key}-title")
        original = title.input_value()
        before = self.document()["revision"]
        title.focus()
        title.press("End")
        cdp = page.context.new_cdp_session(page)
        for typed in ("z", "zh", "zho", "zhon", "zhong"):
            cdp.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
            page.wait_for_timeout(400)  # well past the save debounce
        composing = self.document()
        assert composing["revision"] == before, "a save went out while the input method was composing"
        assert "zh" not in composing["issue"]["sections"][0]["articles"][0]["title"]
        cdp.send("Input.insertText", {"text": "中"})
        self.settled(page)
        page.wait_for_function("(r) => window.__desk.state.revision !== r", arg=before, timeout=10000)
        saved = self.document()["issue"]["sections"][0]["articles"][0]["title"]
        assert saved == original + "中", f"saved title after choosing: {saved}"
        self.shot(page, "input-method")
        title.fill(original)
        self.settled(page)
        self.ok("input method", "nothing saved while composing pinyin; the chosen character saved")

    def latency(self, page, key):
        title = page.locator(f"#f-{key}-title")
        original = title.input_value()
        title.focus()
        page.evaluate("() => { window.__desk.metrics.length = 0; }")
        for i in range(self.args.edits):
            title.press("End")
            title.type(str(i % 10))
            page.wait_for_function("(n) => window.__desk.metrics.length >= n", arg=i + 1, timeout=10000)
            self.settled(page)
            page.wait_for_timeout(150)
        metrics = page.evaluate("() => window.__desk.metrics.slice()")
        title.fill(original)
        self.settled(page)
        send = sorted(m["sendToShownMs"] for m in metrics)
        built = sorted(m["sendToRebuiltMs"] for m in metrics if m["sendToRebuiltMs"] is not None)
        edit = sorted(m["editToShownMs"] for m in metrics)
        kinds = {m["kind"] for m in metrics}
        p95 = lambda xs: xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]  # noqa: E731
        line = (f"{len(send)} edits: edit sent → new page image shown: median {statistics.median(send):.0f} ms, "
                f"p95 {p95(send)} ms, max {send[-1]} ms (of which until the `rebuilt` event: median "
                f"{statistics.median(built):.0f} ms, p95 {p95(built)} ms); last keystroke → image (with the "
                f"{self.session['save_debounce_ms']} ms debounce): median {statistics.median(edit):.0f} ms, p95 {p95(edit)} ms "
                f"({', '.join(sorted(kinds))})")
        print("  latency: " + line, flush=True)
        assert kinds == {"image"}, f"some edits showed no new image: {kinds}"
        # The target is a figure to read, not a timed test: a busy machine moves the p95 by
        # a hundred milliseconds. Only an image that takes longer than --fail-ms fails.
        measured = p95(send) if self.mock else p95(edit)
        what = "edit sent → image" if self.mock else "last keystroke → image (debounce included)"
        assert measured <= self.args.fail_ms, \
            f"{what}: p95 {measured} ms; an edit that takes over {self.args.fail_ms} ms to show is broken"
        verdict = "within" if measured <= self.args.budget_ms else "OVER"
        self.ok("latency", f"{what}: p95 {measured} ms, {verdict} the {self.args.budget_ms} ms target")
        self.latency_line = line

    def reorder(self, page):
        key = self.key_of(page, 0, 0)
        contents_page = lambda: self.state(page, f"""(() => {{
            const p = s.status.articles.find((x) => x.key === '{key}' || (s.doc.sections[x.section].articles[x.article] || {{}}).key === '{key}');
            return p && p.first_page; }})()""")
        before = contents_page()
        cover_src = page.locator("#page-1 img").get_attribute("src")
        label_before = page.locator(f"#pages-{key}").text_content()
        page.locator(f"#btn-{key}-down").click()
        self.settled(page)
        page.locator(f"#btn-{key}-down").click()
        self.settled(page)
        after = contents_page()
        order = [a["key"] for a in self.document()["issue"]["sections"][0]["articles"][:3]]
        assert order[2] == key, f"the article did not move to third place: {order}"
        assert after != before, f"its page did not change ({before})"
        status = self.http_json("GET", f"api/issues/{self.issue}/status")
        entry = next(c for c in status["contents"] if c["section"] == 0 and c["article"] == 2)
        assert entry["page"] == after, f"contents entry {entry} vs {after}"
        page.wait_for_function("(src) => { const img = document.querySelector('#page-1 img'); return img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0; }",
                               arg=cover_src, timeout=10000)
        label_after = page.locator(f"#pages-{key}").text_content()
        assert label_after != label_before, "the card's page range did not follow"
        page.locator("#page-list").evaluate("(el) => el.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        self.shot(page, "reordered")
        self.ok("reorder with the buttons", f"contents page {before} → {after}, cover image replaced, card says “{label_after}”")
        # Drag the second article above the first, then put everything back with the keyboard.
        first, second = self.key_of(page, 0, 0), self.key_of(page, 0, 1)
        page.locator(f"#article-{second} .article-head").drag_to(page.locator(f"#article-{first} .article-head"),
                                                                   target_position={"x": 40, "y": 3})
        self.settled(page)
        order = [a["key"] for a in self.document()["issue"]["sections"][0]["articles"][:3]]
        assert order[:2] == [second, first], f"drag and drop did not reorder: {order}"
        self.ok("reorder by dragging")
        page.locator(f"#btn-{second}-down").click()
        self.settled(page)
        page.locator(f"#btn-{key}-up").focus()
        page.keyboard.press("Enter")
        self.settled(page)
        page.keyboard.press("Enter")  # the focus stays on the moved card's button
        self.settled(page)
        order = [a["key"] for a in self.document()["issue"]["sections"][0]["articles"][:3]]
        assert order[0] == key, f"not restored: {order}"
        self.ok("reorder with the keyboard", "the original order is back")

    def page_links(self, page):
        """Clicking a title in the pages opens its card; the card's locate button finds it in the pages."""
        s, a = 0, 4
        key = self.key_of(page, s, a)
        place = self.state(page, f"s.status.articles.find((p) => p.section === {s} && p.article === {a})")
        n = place["title_rect"]["page"]
        page.locator("#page-list").evaluate("(el, n) => document.getElementById(`page-${n}`).scrollIntoView()", n)
        box = page.locator(f"#page-{n} .title-box[data-section='{s}'][data-article='{a}']")
        expect(box).to_be_visible()
        self.image_loaded(page, n)
        box.click()
        expect(page.locator(f"#f-{key}-title")).to_be_focused()
        self.shot(page, "title-clicked-in-pages")
        self.ok("click a title in the pages", f"page {n} → the card of “{page.locator(f'#f-{key}-title').input_value()}” opened and focused")
        page.locator("#page-list").evaluate("(el) => el.scrollTo(0, 0)")
        page.locator(f"#btn-{key}-locate").click()
        page.wait_for_function("(n) => { const list = document.getElementById('page-list'); const fig = document.getElementById(`page-${n}`);"
                               " const a = fig.getBoundingClientRect(), b = list.getBoundingClientRect(); return a.bottom > b.top + 50 && a.top < b.bottom - 50; }",
                               arg=n, timeout=5000)
        expect(box).to_have_class(re.compile("flash"))
        self.ok("show an article in the pages", f"page {n} scrolled into view, its title marked")

    def clear_title(self, page):
        key = self.key_of(page, 0, 1)
        self.open_card(page, key)
        title = page.locator(f"#f-{key}-title")
        original = title.input_value()
        title.fill("")
        self.settled(page)
        problem = page.locator(f"#f-{key}-title-problems .problem-error")
        expect(problem).to_be_visible()
        expect(title).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#save-state")).to_have_attribute("data-state", "not-ready")
        expect(page.locator("#btn-export-print")).to_be_disabled()
        page.locator("#save-state").click()
        entry = page.locator(".problem-item.problem-error").first
        expect(entry).to_be_visible()
        title.evaluate("(el) => el.blur()")
        entry.locator("button").click()
        assert page.evaluate("() => document.activeElement.id") == f"f-{key}-title", "the problem list did not focus the field"
        self.shot(page, "title-cleared")
        message = problem.text_content()
        saved = self.document()["issue"]["sections"][0]["articles"][1]["title"]
        assert saved == "", "the rejected save was not kept"
        title.fill(original)
        self.settled(page)
        page.locator("#save-state").click()
        expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")
        self.ok("clear a title", f"error beside the field (“{message.strip()}”), export disabled, save kept")

    def paste(self, page):
        section_key = self.state(page, "s.doc.sections[1].key")
        count = self.state(page, "s.doc.sections[1].articles.length")
        page.locator(f"#btn-{section_key}-paste").click()
        dialog = page.locator("#paste-dialog")
        expect(dialog).to_be_visible()
        page.locator("#paste-text").fill(PASTED)
        page.locator("#paste-split").click()
        expect(page.locator(".split-title")).to_have_text("上海启动2023年“五五购物节”夏季消费季活动")
        self.shot(page, "paste-split")
        page.locator("#paste-add").click()
        self.settled(page)
        doc = self.document()["issue"]
        articles = doc["sections"][1]["articles"]
        assert len(articles) == count + 1, "no article added"
        added = articles[-1]
        assert added["title"] == "上海启动2023年“五五购物节”夏季消费季活动", added["title"]
        assert len(added["paragraphs"]) == 2, added["paragraphs"]
        assert added["attribution"]["source"] == "《文汇报》" and added["attribution"]["date"] == "2023-08-06", added["attribution"]
        expect(page.locator(f"#f-{added['key']}-title")).to_have_value(added["title"])
        self.shot(page, "pasted")
        self.ok("paste an article", f"split into title, {len(added['paragraphs'])} paragraphs, {added['attribution']['source']} {added['attribution']['date']}")

    def drop_docx(self, page):
        section_key = self.state(page, "s.doc.sections[2].key")
        count = self.state(page, "s.doc.sections[2].articles.length")
        data = make_docx(["数字人民币试点场景持续拓展", "8月初，多地推出数字人民币消费红包，覆盖餐饮、零售和出行等场景。",
                          "来源：《新民晚报》 2023年8月3日"])
        page.evaluate("""([key, bytes]) => {
            const file = new File([new Uint8Array(bytes)], '数字人民币.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
            const dt = new DataTransfer();
            dt.items.add(file);
            const target = document.getElementById(`section-${key}`);
            for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
            }
        }""", [section_key, list(data)])
        page.wait_for_function("(n) => window.__desk.state.doc.sections[2].articles.length > n", arg=count, timeout=10000)
        self.settled(page)
        added = self.document()["issue"]["sections"][2]["articles"][-1]
        assert added["title"] == "数字人民币试点场景持续拓展", added
        self.ok("drop a Word file on a section", f"“{added['title']}” added")

    def export(self, page, tmp: Path):
        self.settled(page)
        expect(page.locator("#btn-export-print")).to_be_enabled()
        with page.expect_download(timeout=30000) as info:
            page.locator("#btn-export-print").click()
        download = info.value
        path = tmp / "desk-print.pdf"
        download.save_as(str(path))
        data = path.read_bytes()
        assert data.startswith(b"%PDF"), "not a PDF"
        expect(page.locator("#download-print")).to_be_visible()
        self.shot(page, "exported")
        self.ok("export the print PDF", f"{len(data)} bytes downloaded as {download.suggested_filename}")
        if self.mock:
            self.skip("compare with `bulletin build`", "the mock's PDF is made of its page images")
            return
        bulletin = self.args.bulletin or str(self.project / "target" / "release" / "bulletin")
        built = tmp / "built.pdf"
        subprocess.run([bulletin, "build", str(self.project / "issues" / self.issue), "--root", str(self.project), "-o", str(built)],
                       check=True, capture_output=True)
        assert built.read_bytes() == data, "the desk's print PDF differs from `bulletin build` of the saved file"
        self.ok("compare with `bulletin build`", "same bytes")

    def compare(self, page):
        page.locator("#btn-compare").click()
        expect(page.locator("#compare-dialog")).to_be_visible()
        expect(page.locator("#compare-summary")).not_to_be_empty()
        identical = page.locator("#compare-summary").text_content()
        page.locator("#compare-dialog button[type=submit]").click()
        key = self.key_of(page, 0, 0)
        self.open_card(page, key)
        title = page.locator(f"#f-{key}-title")
        original = title.input_value()
        title.fill(original + "（修订）")
        self.settled(page)
        page.locator("#btn-compare").click()
        expect(page.locator("#compare-pages li").first).to_be_visible()
        changed = page.locator("#compare-pages li").all_text_contents()
        page.wait_for_timeout(800)
        self.shot(page, "compared")
        page.locator("#compare-dialog button[type=submit]").click()
        title.fill(original)
        self.settled(page)
        self.ok("compare with the last export", f"right after export: “{identical}”; after an edit: {', '.join(changed)}")

    def two_tabs(self, page, context):
        other = context.new_page()
        other.goto(self.url + f"#/issues/{self.issue}")
        self.settled(other)
        key = self.key_of(page, 0, 2)
        self.open_card(page, key)
        original = page.locator(f"#f-{key}-title").input_value()
        # A saves; B hears of it and shows it.
        page.locator(f"#f-{key}-title").fill(original + "（甲）")
        self.settled(page)
        other.wait_for_function("([k, t]) => { const a = window.__desk.state.doc.sections[0].articles[2]; return a.key && a.title === t; }",
                                arg=[key, original + "（甲）"], timeout=10000)
        self.ok("two tabs: a save in one shows in the other")
        # B misses A's next save (its event stream is cut) and changes the same title: the
        # save is merged, the title is a conflict shown with both texts, A's title kept.
        if self.mock:
            other.close()
            self.skip("two tabs: the same title changed in both", "the mock server does not merge")
            return
        other.evaluate("() => window.__desk.state.events.close()")
        page.locator(f"#f-{key}-title").fill(original + "（甲二）")
        self.settled(page)
        bkey = self.state(other, "s.doc.sections[0].articles[2].key")
        self.open_card(other, bkey)
        other.locator(f"#f-{bkey}-title").fill(original + "（乙）")
        banner = other.locator("#banner")
        expect(banner.locator(".conflict")).to_be_visible(timeout=10000)
        expect(banner.locator(".conflict-side.current")).to_contain_text(original + "（甲二）")
        expect(banner.locator(".conflict-side.mine")).to_contain_text(original + "（乙）")
        saved = self.document()["issue"]["sections"][0]["articles"][2]["title"]
        assert saved == original + "（甲二）", f"B overwrote A: {saved}"
        self.shot(other, "conflict")
        # B takes its own title after all: saved, A's tab follows.
        banner.locator(".conflict-take").click()
        expect(banner).to_be_hidden()
        self.sent(other)
        saved = self.document()["issue"]["sections"][0]["articles"][2]["title"]
        assert saved == original + "（乙）", f"B's choice not saved: {saved}"
        other.close()
        page.wait_for_function("(t) => window.__desk.state.doc.sections[0].articles[2].title === t", arg=original + "（乙）", timeout=10000)
        page.locator(f"#f-{key}-title").fill(original)
        self.settled(page)
        self.ok("two tabs: the same title changed in both", "merged; the conflict shown with both texts; the editor's choice saved")

    def two_editors(self, browser):
        """Two browser contexts (two editors) edit different articles at once: both kept."""
        if self.mock:
            self.skip("two editors at once", "the mock server does not merge")
            return
        pages = []
        for _ in range(2):
            context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
            page = context.new_page()
            page.goto(self.url + f"#/issues/{self.issue}")
            self.settled(page)
            pages.append(page)
        keys = [self.key_of(pages[0], 1, 0), self.key_of(pages[1], 1, 1)]
        for page, key in zip(pages, keys):
            self.open_card(page, key)
            page.locator(f"#f-{key}-title").focus()
        # Each sees the other, and in which article.
        expect(pages[0].locator(f"#article-{keys[1]} .presence-badge")).to_be_visible(timeout=10000)
        expect(pages[1].locator(f"#article-{keys[0]} .presence-badge")).to_be_visible(timeout=10000)
        expect(pages[0].locator("#presence")).to_be_visible()
        self.shot(pages[0], "presence")
        # Both type before either save arrives: one of them saves on an older revision.
        for page in pages:
            page.evaluate("() => window.__desk.state.events.close()")
        for page, key, mark in zip(pages, keys, ["（编辑甲同时改）", "（编辑乙同时改）"]):
            field = page.locator(f"#f-{key}-title")
            field.fill(field.input_value() + mark)
        for page in pages:
            self.sent(page)
        titles = [a["title"] for a in self.document()["issue"]["sections"][1]["articles"][:2]]
        assert titles[0].endswith("（编辑甲同时改）") and titles[1].endswith("（编辑乙同时改）"), f"an edit was lost: {titles}"
        self.shot(pages[1], "two-editors")
        for page, key, mark in zip(pages, keys, ["（编辑甲同时改）", "（编辑乙同时改）"]):
            page.reload()
            self.settled(page)
            self.open_card(page, key)
            field = page.locator(f"#f-{key}-title")
            field.fill(field.input_value().replace(mark, ""))
            self.settled(page)
            page.context.close()
        self.ok("two editors at once", "each saw the other in their article; different articles edited in two browsers at the same time: both in the file")

    def two_users(self, browser):
        """The office network: a desk that asks for a login, two browsers signed in as two
        people; each sees the other by name in their article, both edits are kept, the
        history names who saved, signing out goes back to the login."""
        if self.mock or not self.args.bulletin:
            self.skip("two users signed in", "needs the real server (--bulletin)")
            return
        users = [("张编辑", "editor", "zhang-password-1"), ("李校对", "proofreader", "li-password-22")]
        with self.office(users) as (root, url):
            pages = []
            for name, _, password in users:
                pages.append(self.signed_in(browser, url, name, password, shot="login" if not pages else None))
            keys = [self.key_of(pages[0], 0, 3), self.key_of(pages[1], 0, 4)]
            for page, key in zip(pages, keys):
                self.open_card(page, key)
                page.locator(f"#f-{key}-title").focus()
            expect(pages[0].locator(f"#article-{keys[1]} .presence-badge")).to_have_text("李校对", timeout=10000)
            expect(pages[1].locator(f"#article-{keys[0]} .presence-badge")).to_have_text("张编辑", timeout=10000)
            self.shot(pages[1], "two-users")
            for page, key, mark in zip(pages, keys, ["（张改）", "（李改）"]):
                field = page.locator(f"#f-{key}-title")
                field.fill(field.input_value() + mark)
            for page in pages:
                self.sent(page)
            versions = pages[0].evaluate(f"() => fetch('api/issues/{self.issue}/versions').then((r) => r.json())")
            by = {v["by"] for v in versions["versions"][:4]}
            assert {"张编辑", "李校对"} <= by, f"the history names {by}"
            toml = (root / "issues" / self.issue / "issue.toml").read_text(encoding="utf-8")
            assert "（张改）" in toml and "（李改）" in toml, "an edit was lost"
            # Both change the same paragraph, the second before hearing of the first: the
            # second sees the conflict with both texts; the first one's text is kept.
            pages[1].evaluate("() => window.__desk.state.events.close()")
            first = pages[0].locator(f"#f-{keys[0]}-p0")
            original = first.input_value()
            first.fill(original + "（张编辑补充）")
            self.settled(pages[0])
            self.open_card(pages[1], keys[0])
            pages[1].locator(f"#f-{keys[0]}-p0").fill(original + "（李校对更正）")
            banner = pages[1].locator("#banner")
            expect(banner.locator(".conflict")).to_be_visible(timeout=10000)
            expect(banner.locator(".conflict-side.current")).to_contain_text("（张编辑补充）")
            expect(banner.locator(".conflict-side.mine")).to_contain_text("（李校对更正）")
            self.shot(pages[1], "paragraph-conflict")
            toml = (root / "issues" / self.issue / "issue.toml").read_text(encoding="utf-8")
            assert "（张编辑补充）" in toml and "（李校对更正）" not in toml, "the first one's paragraph was not kept"
            pages[1].reload()
            self.settled(pages[1])
            pages[1].locator("#btn-logout").click()
            expect(pages[1].locator("#login-form")).to_be_visible()
            status = pages[1].evaluate(f"() => fetch('api/issues/{self.issue}').then((r) => r.status)")
            assert status == 401, f"after signing out: {status}"
            for page in pages:
                page.context.close()
        self.ok("two users signed in", "login page; each saw the other by name in their article; both edits kept; "
                "the history names both; the same paragraph changed by both: the second saw both texts; signing out closes the desk")

    def review(self, browser):
        """Review and sign-off on the office's desk: a proofreader's mark reaches the editor
        live; the editor answers and resolves it; the print PDF is refused until the chief
        has approved every article and signed off; a change afterwards reopens the sign-off
        in the chief's browser."""
        if self.mock or not self.args.bulletin:
            self.skip("review and sign-off", "needs the real server (--bulletin)")
            return
        users = [("张编辑", "editor", "zhang-password-1"), ("李校对", "proofreader", "li-password-22"),
                 ("王主编", "chief", "wang-password-333")]
        issue = self.issue
        with self.office(users) as (root, url):
            editor, proofreader, chief = [self.signed_in(browser, url, name, password) for name, _, password in users]
            key = self.key_of(editor, 0, 0)
            for page in (editor, proofreader):
                self.open_card(page, key)
            # The proofreader marks the first paragraph; the editor sees it without reloading.
            proofreader.locator(f"#review-comment-{key}-0").click()
            proofreader.locator(f"#review-text-{key}-0").fill("“的”应为“地”")
            proofreader.locator(f"#review-mark-{key}-0").click()
            thread = editor.locator(f"#review-thread-{key}")
            expect(thread).to_contain_text("“的”应为“地”", timeout=10000)
            expect(thread).to_contain_text("李校对")
            expect(editor.locator(f"#review-mark-{key}-0")).to_have_count(0)
            self.shot(editor, "review-mark-live")
            # No print PDF before the sign-off; the button says why.
            editor.locator("#btn-export-print").click()
            expect(editor.locator("#notices")).to_contain_text("签发", timeout=20000)
            self.shot(editor, "print-refused")
            # The editor answers and resolves.
            comment = thread.locator(".review-comment").first.get_attribute("id").removeprefix("review-c")
            editor.locator(f"#review-reply-text-{comment}").fill("已改为“地”")
            editor.locator(f"#review-reply-{comment}").click()
            expect(thread).to_contain_text("已改为“地”", timeout=10000)
            editor.locator(f"#review-resolve-{comment}").click()
            expect(thread).to_contain_text("已解决（张编辑）", timeout=10000)
            # The editor hands the article in; the chief approves it on its card, the rest
            # as a batch, and signs off.
            editor.locator(f"#review-submit-{key}").click()
            expect(chief.locator(f"#review-state-{key}")).to_have_text("待审", timeout=10000)
            self.open_card(chief, key)
            chief.locator(f"#review-approve-{key}").click()
            expect(chief.locator(f"#review-state-{key}")).to_have_text("已审", timeout=10000)
            refused = chief.evaluate("""async (issue) => {
                const revision = window.__desk.state.revision;
                const review = await fetch(`api/issues/${issue}/review`).then((r) => r.json());
                for (const a of review.articles) {
                  if (a.state === 'approved') continue;
                  const r = await fetch(`api/issues/${issue}/review/articles/${a.key}`, { method: 'POST',
                    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ base_revision: revision, action: 'approve' }) });
                  if (!r.ok) return r.status;
                }
                return 0;
            }""", issue)
            assert refused == 0, f"an approval was refused: {refused}"
            expect(chief.locator("#btn-sign-off")).to_be_enabled(timeout=10000)
            chief.locator("#btn-sign-off").click()
            expect(chief.locator("#review-bar")).to_have_attribute("data-state", "signed", timeout=10000)
            expect(editor.locator("#review-bar")).to_have_attribute("data-state", "signed", timeout=10000)
            self.shot(chief, "signed-off")
            status = editor.evaluate("""async (issue) => (await fetch(`api/issues/${issue}/exports`, { method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ kind: 'print', revision: window.__desk.state.revision }) })).status""", issue)
            assert status == 201, f"the print export after the sign-off answered {status}"
            # A change afterwards: the chief's browser shows the sign-off lapsed, by whom.
            field = editor.locator(f"#f-{key}-p1")
            field.fill(field.input_value() + "（签发后补充）")
            self.sent(editor)
            expect(chief.locator("#review-bar")).to_have_attribute("data-state", "lapsed", timeout=10000)
            expect(chief.locator("#review-line")).to_contain_text("张编辑")
            expect(chief.locator(f"#review-state-{key}")).to_have_text("待审", timeout=10000)
            self.shot(chief, "sign-off-lapsed")
            chief.locator("#review-trail summary").click()
            trail = chief.locator("#review-trail ol")
            expect(trail).to_contain_text("签发后修改了这期")
            expect(trail).to_contain_text("王主编（主编）")
            expect(trail).to_contain_text("李校对（校对）")
            self.shot(chief, "review-log")
            for page in (editor, proofreader, chief):
                page.context.close()
        self.ok("review and sign-off", "a proofreader's mark reached the editor live, answered and resolved; print refused "
                "before the sign-off, made after it; a change reopened it in the chief's browser")

    @contextlib.contextmanager
    def office(self, users):
        """A desk that asks for a login, on a scratch copy of the project with `users`
        ((name, role, password) each): yields (project root, desk URL); stopped after."""
        bulletin = self.args.bulletin
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            for name in ("layouts", "issues"):
                shutil.copytree(self.project / name, root / name)
            shutil.copytree(self.project / "fonts", root / "fonts", copy_function=os.link)
            for name, role, password in users:
                subprocess.run([bulletin, "users", "add", name, "--role", role, "--root", str(root)],
                               input=password + "\n", text=True, check=True, capture_output=True)
            server = subprocess.Popen([bulletin, "serve", str(root / "issues" / self.issue), "--port", "0", "--require-login"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                url = server.stdout.readline().strip()
                assert url.startswith("http://127.0.0.1:"), f"no address: {url!r}"
                yield root, url
            finally:
                server.terminate()
                server.wait(10)

    def signed_in(self, browser, url, name, password, shot=None):
        """A browser of its own signed in as `name`, the issue open (the login page shot as `shot`)."""
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        page = context.new_page()
        page.goto(url)
        expect(page.locator("#login-form")).to_be_visible()
        if shot:
            self.shot(page, shot)
        page.locator("#login-name").fill(name)
        page.locator("#login-password").fill(password)
        page.locator("#login-submit").click(no_wait_after=True)
        expect(page.locator("#btn-logout")).to_be_visible(timeout=20000)
        page.goto(url + f"#/issues/{self.issue}")
        self.settled(page)
        expect(page.locator("#user")).to_contain_text(name)
        return page

    def versions(self, page):
        """An article deleted by mistake comes back: undo after a reload, then from the versions panel."""
        if self.mock:
            self.skip("versions and undo", "the mock server keeps no versions")
            return
        key = self.key_of(page, 2, 0)
        title = self.state(page, "s.doc.sections[2].articles[0].title")
        page.locator(f"#btn-{key}-delete").click()
        self.settled(page)
        assert title not in [a["title"] for a in self.document()["issue"]["sections"][2]["articles"]], "not deleted"
        page.reload()
        self.settled(page)
        page.locator("#btn-undo").click()
        page.wait_for_function("(t) => window.__desk.state.doc.sections[2].articles.some((a) => a.title === t)", arg=title, timeout=10000)
        assert title in [a["title"] for a in self.document()["issue"]["sections"][2]["articles"]], "undo did not bring it back"
        self.shot(page, "undone-after-reload")
        self.ok("undo after a reload", f"“{title}” deleted, the page reloaded, 撤销 brought it back")
        # Deleted again; brought back from the versions panel.
        key = self.key_of(page, 2, 0)
        page.locator(f"#btn-{key}-delete").click()
        self.settled(page)
        page.reload()
        self.settled(page)
        page.locator("#btn-versions").click()
        dialog = page.locator("#versions-dialog")
        expect(dialog).to_be_visible()
        removed = dialog.locator(".version-item", has_text=f"《{title}》删除").first
        expect(removed).to_be_visible()
        removed.click()
        expect(dialog.locator("#versions-detail .diff-del").first).to_be_visible()
        # The version before the deletion is the one below it in the list.
        items = dialog.locator(".version-item")
        index = [items.nth(i).get_attribute("data-n") for i in range(items.count())].index(removed.get_attribute("data-n"))
        items.nth(index + 1).click()
        expect(dialog.locator("#btn-restore-version")).to_be_enabled()
        self.shot(page, "versions-panel")
        # Its pages beside today's: the comparison names the pages that differ.
        dialog.locator("#btn-version-pages").click()
        compare = page.locator("#compare-dialog")
        expect(compare).to_be_visible(timeout=60000)
        expect(page.locator("#compare-summary")).to_contain_text("版")
        self.shot(page, "version-pages")
        compare.locator("button[value=close]").click()
        page.locator("#btn-versions").click()
        items.nth(index + 1).click()
        expect(dialog.locator("#btn-restore-version")).to_be_enabled()
        dialog.locator("#btn-restore-version").click()
        expect(dialog).to_be_hidden()
        page.wait_for_function("(t) => window.__desk.state.doc.sections[2].articles.some((a) => a.title === t)", arg=title, timeout=10000)
        self.settled(page)
        assert title in [a["title"] for a in self.document()["issue"]["sections"][2]["articles"]], "restore did not bring it back"
        self.ok("versions panel", f"“{title}” deleted, the page reloaded, the version before shown with its pages beside today's, restored")

    def disk_change(self, page):
        new_title = "（在磁盘上修改的标题）"
        if self.mock:
            self.http_json("POST", f"api/_mock/issues/{self.issue}/disk-change", {"title": new_title})
        else:
            path = self.project / "issues" / self.issue / "issue.toml"
            text = path.read_text(encoding="utf-8")
            first = self.document()["issue"]["sections"][0]["articles"][0]["title"]
            path.write_text(text.replace(f'title = "{first}"', f'title = "{new_title}"', 1), encoding="utf-8")
        page.wait_for_function("(t) => window.__desk.state.doc.sections[0].articles[0].title === t", arg=new_title, timeout=10000)
        expect(page.locator(".notice", has_text=re.compile("磁盘|disk"))).to_be_visible()
        self.settled(page)
        self.shot(page, "reloaded-from-disk")
        self.ok("file changed on disk", "the desk reloaded it and said so" + (" (mock: simulated)" if self.mock else ""))

    def english(self, page):
        page.locator("#lang").select_option("en")
        expect(page.locator("#btn-export-print")).to_have_text("Export print PDF")
        self.settled(page)
        expect(page.locator("#copyfit-summary")).to_contain_text("Pages:")
        self.shot(page, "english")
        page.locator("#lang").select_option("zh-CN")
        expect(page.locator("#btn-export-print")).to_have_text("导出印刷版PDF")
        self.ok("language switch", "English and back to 简体中文")

    def archive(self, page):
        page.locator("#btn-archive").click()
        expect(page.locator("#archive")).to_be_visible()
        expect(page.locator("#archive-rows tr").first).to_be_visible()
        rows = page.locator("#archive-rows tr").all_text_contents()
        self.shot(page, "archive")
        button = page.locator("#btn-new-issue")
        if button.is_enabled():
            label = button.text_content()
            new_id = button.get_attribute("data-id")
            button.click()
            page.wait_for_function("(id) => window.__desk.state.issueId === id && document.body.dataset.view === 'issue'", arg=new_id, timeout=10000)
            self.settled(page)
            self.shot(page, "next-issue")
            self.ok("archive", f"{len(rows)} issue(s); “{label}” opened the new issue")
        else:
            self.ok("archive", f"{len(rows)} issue(s); next issue exists")


def make_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word file: the first paragraph styled as a heading (styles.xml says so)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = []
    for i, text in enumerate(paragraphs):
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i == 0 else ""
        body.append(f"<w:p>{style}<w:r><w:t>{text}</w:t></w:r></w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{"".join(body)}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
        # Word always writes the styles; the importer reads headings from them.
        z.writestr("word/styles.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{w}">'
                   '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>')
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description="End-to-end test of the editors' desk")
    parser.add_argument("url")
    parser.add_argument("project")
    parser.add_argument("--issue", default=None)
    parser.add_argument("--bulletin", default=None, help="the bulletin binary for the byte comparison (default PROJECT/target/release/bulletin)")
    parser.add_argument("--edits", type=int, default=20, help="edits timed for the latency figure")
    parser.add_argument("--budget-ms", type=int, default=300,
                        help="the p95 target, reported as within or OVER")
    parser.add_argument("--fail-ms", type=int, default=2000,
                        help="the p95 over which the run fails: edits no longer show in working time")
    parser.add_argument("--screenshots", default=str(REPO / "target" / "desk-screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", default=None,
                        help="comma-separated steps to run after opening the desk (while working on one); CI runs all")
    args = parser.parse_args()

    run = Run(args)
    print(f"desk e2e against {run.url} ({'mock' if run.mock else run.session.get('server')}), issue {run.issue}", flush=True)
    failures = 0
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and "404" not in m.text and errors.append(m.text))
        page.on("dialog", lambda d: d.accept())
        steps = [
            ("confinement", lambda: run.confinement()),
            ("open", lambda: run.open_desk(page)),
            ("title", lambda: setattr(run, "title_key", run.edit_title(page))),
            ("input method", lambda: run.input_method(page, run.title_key)),
            ("latency", lambda: run.latency(page, run.title_key)),
            ("reorder", lambda: run.reorder(page)),
            ("page links", lambda: run.page_links(page)),
            ("clear title", lambda: run.clear_title(page)),
            ("paste", lambda: run.paste(page)),
            ("docx", lambda: run.drop_docx(page)),
            ("export", lambda: run.export(page, Path(tmp))),
            ("compare", lambda: run.compare(page)),
            ("two tabs", lambda: run.two_tabs(page, context)),
            ("two editors", lambda: run.two_editors(browser)),
            ("versions", lambda: run.versions(page)),
            ("two users", lambda: run.two_users(browser)),
            ("review", lambda: run.review(browser)),
            ("disk", lambda: run.disk_change(page)),
            ("english", lambda: run.english(page)),
            ("archive", lambda: run.archive(page)),
        ]
        if args.only:
            wanted = {"open", *args.only.split(",")}
            steps = [(name, step) for name, step in steps if name in wanted]
        for name, step in steps:
            try:
                step()
            except Exception as e:  # noqa: BLE001
                failures += 1
                print(f"  FAIL {name}: {type(e).__name__}: {e}", flush=True)
                try:
                    run.shot(page, f"FAILED-{name.replace(' ', '-')}")
                except Exception:  # noqa: BLE001
                    pass
                if name in ("open",):
                    break
        if errors:
            failures += 1
            print("  FAIL browser errors:\n    " + "\n    ".join(errors[:10]))
        browser.close()
    passed = sum(1 for r, _ in run.results if r == "ok")
    skipped = sum(1 for r, _ in run.results if r == "skipped")
    print(f"screenshots: {run.shots}")
    print(f"{passed} passed, {failures} failed, {skipped} skipped")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
