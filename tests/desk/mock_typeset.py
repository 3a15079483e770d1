"""Fake typesetting for the desk's mock server: the bulletin's grid, not its layouts.

The real engine typesets with Typst. This module only imitates what the desk needs from it,
on the same geometry (A4, 40 full-width characters a line, 30 lines of 25 pt a page, a
blank line after each section header, title and attribution; page 1 the cover with the
contents), so that page counts, contents page numbers, copyfit and title positions move
when the data moves. Pages are drawn with Pillow and marked MOCK.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PAGE_W, PAGE_H = 595.28, 841.89
LEFT, RIGHT = 57.5, 537.8
TEXT_W = RIGHT - LEFT  # 480.3 pt: 40 characters of 12 pt
LINE = 25.0
TOP = 42.0
LINES_PER_PAGE = 30
CHARS_PER_LINE = 40.0
TITLE_CHARS_PER_LINE = 34.0  # titles are set larger
CONTENTS_TOP = 245.0

# ---------------------------------------------------------------------------------------------
# fonts


class Fonts:
    """Pillow fonts by (style, size in px), from the project's fonts/ or Debian's Noto CJK."""

    def __init__(self, project: Path):
        fonts = project / "fonts"
        system = Path("/usr/share/fonts/opentype/noto")
        self.files = {
            "serif": _first(fonts / "NotoSerifSC_400Regular.ttf", system / "NotoSerifCJK-Regular.ttc"),
            "bold": _first(fonts / "NotoSerifSC_700Bold.ttf", system / "NotoSerifCJK-Bold.ttc"),
            "black": _first(fonts / "NotoSerifSC_900Black.ttf", system / "NotoSerifCJK-Black.ttc", system / "NotoSerifCJK-Bold.ttc"),
            "sans": _first(fonts / "NotoSansSC_700Bold.ttf", system / "NotoSansCJK-Bold.ttc"),
        }
        self.cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def get(self, style: str, size_px: int):
        key = (style, max(4, size_px))
        if key not in self.cache:
            path = self.files.get(style)
            self.cache[key] = ImageFont.truetype(str(path), key[1]) if path else ImageFont.load_default()
        return self.cache[key]


def _first(*paths: Path):
    return next((p for p in paths if p.exists()), None)


# ---------------------------------------------------------------------------------------------
# text measure


def width_units(ch: str) -> float:
    """Width in em: half for ASCII (figures and Latin letters are half width), else full."""
    return 0.5 if ord(ch) < 0x2E80 else 1.0


def wrap(text: str, per_line: float, indent: float = 0.0) -> list[str]:
    """Breaks `text` into lines of at most `per_line` em (the first line indented)."""
    lines, current, used = [], "", indent
    for ch in text:
        w = width_units(ch)
        if used + w > per_line + 1e-6 and current:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    lines.append(current)
    return lines


def attribution_text(attribution: dict) -> str:
    parts = []
    if attribution.get("source"):
        parts.append(f"来源：{attribution['source']}")
    if attribution.get("compiler"):
        parts.append(f"编选：{attribution['compiler']}")
    date = attribution.get("date") or ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    parts.append(f"{m.group(1)}年{m.group(2)}月{m.group(3)}日" if m else date)
    return " ".join(p for p in parts if p)


def block_text(block) -> str:
    if isinstance(block, str):
        return block
    for kind in ("subheading", "byline"):
        if kind in block:
            return str(block[kind])
    if "figure" in block:
        return f"［图：{block['figure'].get('caption') or block['figure'].get('src', '')}］"
    if "table" in block:
        return f"［表：{block['table'].get('caption') or ''}］"
    return ""


# ---------------------------------------------------------------------------------------------
# layout


def layout(doc: dict) -> dict:
    """Flows the document onto pages. Returns pages (draw lists), articles, sections, contents, copyfit."""
    body: list[list[dict]] = [[]]  # body pages, from page 2
    cursor = 0  # line on the current body page

    def place(item: dict, lines: int = 1):
        nonlocal cursor
        if cursor + lines > LINES_PER_PAGE:
            body.append([])
            cursor = 0
        item["line"] = cursor
        body[-1].append(item)
        cursor += lines
        return len(body) + 1, cursor - lines  # page number, line

    def skip(lines: int = 1):
        nonlocal cursor
        cursor += lines
        if cursor >= LINES_PER_PAGE:
            body.append([])
            cursor = 0

    articles, sections = [], []
    for s, section in enumerate(doc.get("sections", [])):
        page, _ = place({"kind": "section", "text": f"【{section.get('name', '')}】"})
        skip()
        section_place = {"section": s, "key": section.get("key"), "first_page": page, "last_page": page}
        for a, article in enumerate(section.get("articles", [])):
            title_lines = wrap(article.get("title", "") or " ", TITLE_CHARS_PER_LINE)
            if cursor + len(title_lines) + 2 > LINES_PER_PAGE:  # keep a title with two lines of text
                body.append([])
                cursor = 0
            first_page = None
            title_rect = None
            for i, text in enumerate(title_lines):
                page, line = place({"kind": "title", "text": text})
                if i == 0:
                    first_page = page
                    width = sum(width_units(c) for c in text) * 14.0
                    title_rect = {"page": page, "x": LEFT / PAGE_W, "y": (TOP + line * LINE - 2) / PAGE_H,
                                  "w": min(width, TEXT_W) / PAGE_W, "h": 18.0 / PAGE_H}
            skip()
            count = len(title_lines) + 1
            for p, paragraph in enumerate(article.get("paragraphs", [])):
                text = block_text(paragraph)
                kind = "subheading" if isinstance(paragraph, dict) and "subheading" in paragraph else "text"
                for i, line_text in enumerate(wrap(text, CHARS_PER_LINE, 2.0 if kind == "text" else 0.0)):
                    place({"kind": kind, "text": line_text, "indent": i == 0 and kind == "text"})
                    count += 1
            last_page, _ = place({"kind": "attribution", "text": attribution_text(article.get("attribution", {}))})
            skip()
            count += 2
            articles.append({"section": s, "article": a, "key": article.get("key"), "first_page": first_page,
                             "last_page": last_page, "lines": count, "title_rect": title_rect})
            section_place["last_page"] = last_page
        sections.append(section_place)

    # The colophon takes the last three lines of the last page.
    if cursor > LINES_PER_PAGE - 3:
        body.append([])
        cursor = 0
    used_lines = cursor + 3
    body[-1].append({"kind": "colophon", "line": LINES_PER_PAGE - 3})

    page_count = len(body) + 1
    contents = [{"section": p["section"], "article": p["article"], "page": p["first_page"]}
                for p in articles if doc["sections"][p["section"]]["articles"][p["article"]].get("listed")]
    cover = cover_items(doc, contents)
    pages = [cover] + [items + [{"kind": "folio", "text": f"- {n + 2} -"}] for n, items in enumerate(body)]
    multiple = 4
    return {
        "pages": pages,
        "articles": articles,
        "sections": sections,
        "contents": contents,
        "copyfit": {"page_count": page_count, "multiple": multiple,
                    "pages_to_multiple": (multiple - page_count % multiple) % multiple,
                    "last_page_fill": round(min(1.0, used_lines / LINES_PER_PAGE), 3)},
    }


def cover_items(doc: dict, contents: list[dict]) -> list[dict]:
    publication = doc.get("publication") or {}
    items = [
        {"kind": "masthead", "text": publication.get("title", "")},
        {"kind": "issue-line", "text": f"{doc.get('year') or '?'}年第{doc.get('number') or '?'}期"},
        {"kind": "publisher", "text": publication.get("publisher", ""), "date": _cn_date(doc.get("date") or "")},
        {"kind": "contents-heading", "text": "目　录"},
    ]
    y = CONTENTS_TOP
    last_section = None
    for entry in contents:
        section = doc["sections"][entry["section"]]
        if entry["section"] != last_section:
            items.append({"kind": "contents-section", "text": section.get("name", ""), "y": y})
            y += LINE
            last_section = entry["section"]
        title = section["articles"][entry["article"]].get("title", "")
        items.append({"kind": "contents-entry", "text": title, "page": entry["page"], "y": y})
        y += LINE
    return items


def _cn_date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日" if m else iso


def fingerprint(items: list[dict], number: int) -> str:
    data = json.dumps([number, items], ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# drawing


_LINES: dict[tuple, tuple] = {}


class _Drawer:
    """ImageDraw's text and textlength with each line's glyph mask cached: an edit redraws
    only the lines it changed, as a real renderer's glyph cache would."""

    def __init__(self, img):
        self.img = img
        self.draw = ImageDraw.Draw(img)

    def textlength(self, text, font):
        return self._mask(text, font)[2]

    def text(self, xy, text, font, fill):
        mask, offset, _ = self._mask(text, font)
        if mask is not None:
            x, y = round(xy[0] + offset[0]), round(xy[1] + offset[1])
            self.img.paste(fill, (x, y, x + mask.size[0], y + mask.size[1]), mask)

    def _mask(self, text, font):
        key = (text, font.path, font.size)
        found = _LINES.get(key)
        if found is None:
            if len(_LINES) > 50000:
                _LINES.clear()
            length = self.draw.textlength(text, font=font)
            bbox = font.getbbox(text) if text.strip() else None
            if bbox and bbox[2] > bbox[0] and bbox[3] > bbox[1]:
                mask = Image.new("L", (bbox[2] - bbox[0], bbox[3] - bbox[1]), 0)
                ImageDraw.Draw(mask).text((-bbox[0], -bbox[1]), text, font=font, fill=255)
                found = (mask, (bbox[0], bbox[1]), length)
            else:
                found = (None, (0, 0), length)
            _LINES[key] = found
        return found

    def line(self, *args, **kwargs):
        self.draw.line(*args, **kwargs)

    def point(self, *args, **kwargs):
        self.draw.point(*args, **kwargs)


def render(items: list[dict], number: int, ppi: int, fonts: Fonts, colophon: list[str]) -> bytes:
    """Draws one page's items as a PNG at `ppi`."""
    k = ppi / 72.0
    img = Image.new("RGB", (round(PAGE_W * k), round(PAGE_H * k)), "white")
    draw = _Drawer(img)
    px = lambda v: round(v * k)  # noqa: E731
    ink, red, grey = (30, 30, 30), (200, 22, 30), (150, 150, 150)
    for item in items:
        kind = item["kind"]
        if kind == "masthead":
            f = fonts.get("black", px(48))
            w = draw.textlength(item["text"], font=f)
            draw.text(((img.width - w) / 2, px(50)), item["text"], font=f, fill=red)
        elif kind == "issue-line":
            f = fonts.get("serif", px(13))
            w = draw.textlength(item["text"], font=f)
            draw.text(((img.width - w) / 2, px(125)), item["text"], font=f, fill=ink)
        elif kind == "publisher":
            f = fonts.get("serif", px(12))
            draw.text((px(LEFT), px(167)), item["text"], font=f, fill=ink)
            w = draw.textlength(item["date"], font=f)
            draw.text((px(RIGHT) - w, px(167)), item["date"], font=f, fill=ink)
            draw.line([(px(LEFT), px(190)), (px(RIGHT), px(190))], fill=red, width=max(1, px(1.5)))
        elif kind == "contents-heading":
            f = fonts.get("sans", px(16))
            w = draw.textlength(item["text"], font=f)
            draw.text(((img.width - w) / 2, px(212)), item["text"], font=f, fill=ink)
        elif kind == "contents-section":
            draw.text((px(LEFT), px(item["y"])), item["text"], font=fonts.get("sans", px(12)), fill=ink)
        elif kind == "contents-entry":
            f = fonts.get("serif", px(12))
            x0 = px(LEFT + 24)
            number_text = str(item["page"])
            nw = draw.textlength(number_text, font=f)
            title = item["text"]
            while title and draw.textlength(title, font=f) > px(RIGHT) - nw - x0 - px(30):
                title = title[:-1]
            draw.text((x0, px(item["y"])), title, font=f, fill=ink)
            tw = draw.textlength(title, font=f)
            dots_start, dots_end = x0 + tw + px(4), px(RIGHT) - nw - px(4)
            x = dots_start
            while x < dots_end:
                draw.point((x, px(item["y"] + 10)), fill=ink)
                x += max(2, px(3))
            draw.text((px(RIGHT) - nw, px(item["y"])), number_text, font=f, fill=ink)
        elif kind == "section":
            draw.text((px(LEFT - 7), px(TOP + item["line"] * LINE)), item["text"], font=fonts.get("sans", px(14)), fill=ink)
        elif kind == "title":
            draw.text((px(LEFT), px(TOP + item["line"] * LINE)), item["text"], font=fonts.get("bold", px(14)), fill=ink)
        elif kind == "subheading":
            draw.text((px(LEFT), px(TOP + item["line"] * LINE)), item["text"], font=fonts.get("bold", px(12)), fill=ink)
        elif kind == "text":
            x = LEFT + (24 if item.get("indent") else 0)
            draw.text((px(x), px(TOP + item["line"] * LINE + 2)), item["text"], font=fonts.get("serif", px(12)), fill=ink)
        elif kind == "attribution":
            f = fonts.get("serif", px(12))
            w = draw.textlength(item["text"], font=f)
            draw.text((px(RIGHT) - w, px(TOP + item["line"] * LINE + 2)), item["text"], font=f, fill=ink)
        elif kind == "colophon":
            y = TOP + item["line"] * LINE
            draw.line([(px(LEFT), px(y)), (px(RIGHT), px(y))], fill=ink, width=1)
            f = fonts.get("serif", px(11))
            for i, text in enumerate(colophon[:2]):
                draw.text((px(LEFT), px(y + 8 + i * LINE)), text, font=f, fill=ink)
        elif kind == "folio":
            f = fonts.get("serif", px(11))
            w = draw.textlength(item["text"], font=f)
            draw.text(((img.width - w) / 2, px(828)), item["text"], font=f, fill=ink)
    mark = fonts.get("sans", px(9))
    draw.text((px(8), px(PAGE_H - 16)), f"MOCK · {number}", font=mark, fill=grey)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=False, compress_level=1)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# checks


MESSAGES = {
    "missing_year": ("缺少年份", "the year is missing", "请填写年份，例如2023。", "Fill in the year, e.g. 2023."),
    "missing_number": ("缺少期号", "the issue number is missing", "请填写期号（1–12）。", "Fill in the number (1–12)."),
    "bad_number": ("期号应在1到12之间", "the issue number must be between 1 and 12", "每月一期：请填写1–12。", "One issue a month: 1–12."),
    "bad_date": ("“{what}”不是日历上的日期：“{value}”", "“{what}” is not a day of the calendar: “{value}”", "请选择日期，格式为年-月-日。", "Choose a date (year-month-day)."),
    "empty_section_name": ("第{s}个栏目没有名称", "section {s} has no name", "请填写栏目名称，例如“行业资讯”。", "Name the section, e.g. 行业资讯."),
    "empty_section": ("栏目“{section}”中没有文章", "the section “{section}” has no articles", "请添加文章，或删除这个栏目。", "Add articles, or delete the section."),
    "empty_title": ("“{section}”第{a}篇文章的标题是空的", "article {a} of “{section}” has an empty title", "请填写标题，或删除这篇文章。", "Write a title, or delete the article."),
    "long_title": ("标题超过200个字符（{n}个）", "the title is over 200 characters ({n})", "请缩短标题。", "Shorten the title."),
    "duplicate_title": ("标题“{title}”在本期出现了两次", "the title “{title}” appears twice in this issue", "请修改其中一篇的标题，或删除重复的文章。", "Change one of the titles or delete the duplicate."),
    "no_paragraphs": ("“{title}”没有正文", "“{title}” has no text", "请添加至少一段正文。", "Add at least one paragraph."),
    "empty_paragraph": ("“{title}”的第{p}段是空的", "paragraph {p} of “{title}” is empty", "请删除这一段，或填写内容。", "Delete the paragraph or write it."),
    "empty_compiler": ("“{title}”缺少编选者", "“{title}” has no compiler", "通常填写“《电子商务动态》编辑部”。", "Usually 《电子商务动态》编辑部."),
    "date_after_issue": ("“{title}”的日期（{value}）晚于本期出版日期（{issue}）", "the date of “{title}” ({value}) is after the issue's date ({issue})", "请检查日期。", "Check the date."),
    "missing_glyph": ("字体中没有字符“{ch}”（U+{cp:04X}），出现在“{title}”中", "no font has the character “{ch}” (U+{cp:04X}), in “{title}”", "请换用常用字，或请排版人员添加字体。", "Use a common character, or ask for a font that has it."),
    "control_character": ("“{title}”中有不可见的控制字符（U+{cp:04X}）", "“{title}” contains an invisible control character (U+{cp:04X})", "请删除这个字符（常见于从网页复制的文字）。", "Delete it (it often comes with text copied from web pages)."),
    "source_quotes": ("来源“{value}”没有书名号或引号", "the source “{value}” has no quotation marks", "报刊用书名号，如《解放日报》；网站用引号，如“东方网”。", "Papers take 《》, websites “”."),
}

CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _valid_date(value) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check(doc: dict, lang: str, lines: dict, file: str) -> list[dict]:
    """The mock's checks, with messages in `lang` and the line each field has in `file`."""
    zh = not lang.startswith("en")
    out: list[dict] = []

    def add(code, severity, location, line_key=None, **args):
        zh_msg, en_msg, zh_hint, en_hint = MESSAGES[code]
        line = lines.get(line_key) if line_key else None
        out.append({
            "id": f"d{len(out) + 1}", "severity": severity, "code": code,
            "message": (zh_msg if zh else en_msg).format(**args), "hints": [zh_hint if zh else en_hint],
            "file": file, "line": line, "column": 1 if line else None, "location": location,
        })

    def loc(s=None, a=None, p=None, field=None):
        return {"section": s, "article": a, "paragraph": p, "field": field}

    if doc.get("year") is None:
        add("missing_year", "error", loc(field="year"), "year")
    if doc.get("number") is None:
        add("missing_number", "error", loc(field="number"), "number")
    elif not 1 <= doc["number"] <= 12:
        add("bad_number", "error", loc(field="number"), "number")
    issue_date = _valid_date(doc.get("date"))
    if issue_date is None:
        add("bad_date", "error", loc(field="date"), "date", what="出版日期" if zh else "date of issue", value=doc.get("date", ""))
    seen_titles: dict[str, tuple[int, int]] = {}
    for s, section in enumerate(doc.get("sections", [])):
        name = section.get("name", "")
        if not name.strip():
            add("empty_section_name", "error", loc(s, field="name"), ("section", s), s=s + 1)
        if not section.get("articles"):
            add("empty_section", "error", loc(s), ("section", s), section=name or s + 1)
        for a, article in enumerate(section.get("articles", [])):
            title = article.get("title", "")
            shown = title or (f"第{a + 1}篇" if zh else f"article {a + 1}")
            key = ("article", s, a)
            if not title.strip():
                add("empty_title", "error", loc(s, a, field="title"), key + ("title",), section=name, a=a + 1)
            elif len(title) > 200:
                add("long_title", "error", loc(s, a, field="title"), key + ("title",), n=len(title))
            elif title in seen_titles:
                add("duplicate_title", "error", loc(s, a, field="title"), key + ("title",), title=title)
            else:
                seen_titles[title] = (s, a)
            paragraphs = article.get("paragraphs", [])
            if not paragraphs:
                add("no_paragraphs", "error", loc(s, a, field="paragraphs"), key + ("paragraphs",), title=shown)
            for p, paragraph in enumerate(paragraphs):
                if isinstance(paragraph, str) and not paragraph.strip():
                    add("empty_paragraph", "error", loc(s, a, p, "paragraphs"), key + ("p", p), title=shown, p=p + 1)
            texts = [("title", None, title)] + [("paragraphs", p, block_text(x)) for p, x in enumerate(paragraphs)]
            for field, p, text in texts:
                m = CONTROL.search(text)
                if m:
                    add("control_character", "error", loc(s, a, p, field), key + ((field,) if p is None else ("p", p)),
                        title=shown, cp=ord(m.group()))
                for ch in text:
                    if ord(ch) >= 0x20000:  # the mock's stand-in for "no font covers it"
                        add("missing_glyph", "error", loc(s, a, p, field), key + ((field,) if p is None else ("p", p)),
                            title=shown, ch=ch, cp=ord(ch))
                        break
            attribution = article.get("attribution", {})
            if not (attribution.get("compiler") or "").strip():
                add("empty_compiler", "error", loc(s, a, field="attribution.compiler"), key + ("attribution",), title=shown)
            adate = _valid_date(attribution.get("date"))
            if adate is None:
                add("bad_date", "error", loc(s, a, field="attribution.date"), key + ("attribution",),
                    what=("“%s”的日期" % shown) if zh else f"the date of “{shown}”", value=attribution.get("date", ""))
            elif issue_date and adate > issue_date:
                add("date_after_issue", "error", loc(s, a, field="attribution.date"), key + ("attribution",),
                    title=shown, value=attribution["date"], issue=doc["date"])
            source = attribution.get("source")
            if source and not re.match(r"^[《“\"「]", source):
                add("source_quotes", "warning", loc(s, a, field="attribution.source"), key + ("attribution",), value=source)
    return out


# ---------------------------------------------------------------------------------------------
# the file as the mock would write it


def to_toml(doc: dict) -> tuple[str, dict]:
    """A plain TOML rendition of the document (no comments: the mock is not the real writer)
    and the line of each field, for diagnostics."""
    out, lines = [], {}

    def emit(text, key=None):
        out.append(text)
        if key is not None:
            lines[key] = len(out)

    def q(s):
        return json.dumps(s, ensure_ascii=False)

    publication = doc.get("publication") or {}
    emit(f"# 《{publication.get('title', '')}》 {doc.get('year')}年第{doc.get('number')}期")
    emit('publication = "../publication.toml"')
    if doc.get("year") is not None:
        emit(f"year = {doc['year']}", "year")
    if doc.get("number") is not None:
        emit(f"number = {doc['number']}", "number")
    if doc.get("running_number") is not None:
        emit(f"running_number = {doc['running_number']}", "running_number")
    date = doc.get("date") or ""
    emit(f"date = {date if _valid_date(date) else q(date)}", "date")
    for s, section in enumerate(doc.get("sections", [])):
        emit("")
        emit("[[section]]", ("section", s))
        emit(f"name = {q(section.get('name', ''))}")
        for a, article in enumerate(section.get("articles", [])):
            key = ("article", s, a)
            emit("")
            emit("[[section.article]]")
            emit(f"title = {q(article.get('title', ''))}", key + ("title",))
            if article.get("listed"):
                emit("listed = true")
            emit("paragraphs = [", key + ("paragraphs",))
            for p, paragraph in enumerate(article.get("paragraphs", [])):
                value = q(paragraph) if isinstance(paragraph, str) else _inline(paragraph)
                emit(f"  {value},", key + ("p", p))
            emit("]")
            attribution = article.get("attribution", {})
            parts = []
            if attribution.get("source"):
                parts.append(f"source = {q(attribution['source'])}")
            parts.append(f"compiler = {q(attribution.get('compiler', ''))}")
            adate = attribution.get("date") or ""
            parts.append(f"date = {adate if _valid_date(adate) else q(adate)}")
            emit("attribution = { " + ", ".join(parts) + " }", key + ("attribution",))
    return "\n".join(out) + "\n", lines


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)

