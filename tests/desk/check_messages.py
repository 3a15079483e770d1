#!/usr/bin/env python3
"""Static checks of the desk's strings and web files (no browser, no server):

- zh-CN/desk.ftl and en/desk.ftl have the same keys and use only text and { $variable }
  (docs/desk-api.md §4), with the same variables in both languages;
- every message key the web app names (t('key'), data-i18n, data-i18n-attr) exists;
- the web app never assigns innerHTML/outerHTML or calls insertAdjacentHTML/document.write;
- the web app has no inline script or style attribute the CSP would block, and fetches only
  relative (same-origin) URLs.

    python3 tests/desk/check_messages.py
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mock_server import I18N, WEB, load_ftl  # noqa: E402

# Keys the JS builds from a variable, listed by hand (keep in step with the code).
DYNAMIC = {
    "save-saved", "save-saving", "save-not-ready", "save-conflict", "save-offline", "save-not-ready-help",
    "problems-toggle", "export-disabled-errors", "export-disabled-saving", "loading",
    "field-year", "field-number", "field-running-number", "field-date", "field-section-name", "field-title",
    "field-source", "field-compiler", "field-attribution-date", "field-publication", "field-listed", "field-paragraphs",
    "section-expand", "section-collapse", "section-delete-not-empty", "section-delete",
    "severity-error", "severity-warning", "archive-ready", "archive-not-ready",
    "block-subheading", "block-byline", "block-figure", "block-table", "block-unknown",
    "compare-changed", "compare-added", "compare-removed", "export-kind-print", "export-kind-screen",
    "copyfit-summary", "copyfit-summary-exact", "copyfit-summary-full",
    "notice-reloaded", "notice-reloaded-disk", "notice-saved-elsewhere",
    "review-state-draft", "review-state-submitted", "review-state-approved", "review-approve", "review-comment",
    "review-mark", "review-return", "review-submit", "review-act-submitted", "review-act-approved",
    "review-act-returned", "review-act-reopened", "review-act-renamed", "review-act-commented", "review-act-replied",
    "review-act-resolved", "review-act-signed_off", "review-act-withdrawn", "review-act-lapsed",
    "via-start", "via-desk", "via-word", "via-restore", "via-undo", "via-outside",
    "what-details", "what-section-added", "what-section-removed", "what-section-renamed", "what-added",
    "what-removed", "what-moved", "what-retitled", "what-paragraphs", "what-blocks", "what-attribution",
    "what-listed", "conflict-removed", "role-editor", "role-proofreader", "role-chief",
}


def main() -> int:
    problems = []
    zh = load_ftl(I18N / "zh-CN" / "desk.ftl")
    en = load_ftl(I18N / "en" / "desk.ftl")
    for key in sorted(set(zh) ^ set(en)):
        problems.append(f"key `{key}` is in only one of zh-CN and en")
    variables = lambda text: set(re.findall(r"\{\$([\w-]+)\}", text))  # noqa: E731
    for key in sorted(set(zh) & set(en)):
        if variables(zh[key]) != variables(en[key]):
            problems.append(f"`{key}`: zh-CN uses {sorted(variables(zh[key]))}, en {sorted(variables(en[key]))}")

    used = set(DYNAMIC)
    for path in sorted(WEB.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\('([a-z0-9-]+)'", text))
        for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            if bad in text:
                problems.append(f"{path.name}: uses {bad}")
        for url in re.findall(r"(?:fetch|EventSource)\(\s*[`'\"]([^`'\"]+)", text):
            if re.match(r"^(?:[a-z]+:)?//", url) or url.startswith("/"):
                problems.append(f"{path.name}: request to a non-relative URL {url}")
    html = (WEB / "index.html").read_text(encoding="utf-8")
    used |= set(re.findall(r'data-i18n="([a-z0-9-]+)"', html))
    for attrs in re.findall(r'data-i18n-attr="([^"]+)"', html):
        used |= {pair.split(":")[1].strip() for pair in attrs.split(";")}
    if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(r"\sstyle=", html) or re.search(r"\son[a-z]+=", html):
        problems.append("index.html: inline script, style attribute or event handler (the CSP blocks them)")
    for key in sorted(used - set(zh)):
        problems.append(f"the web app names `{key}`, which desk.ftl lacks")
    for key in sorted(set(zh) - used):
        problems.append(f"`{key}` is in desk.ftl but the web app never uses it")

    for problem in problems:
        print("FAIL", problem)
    print(f"{len(zh)} messages in zh-CN and en, {len(used)} used by the web app: "
          f"{1 if not problems else 0} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
