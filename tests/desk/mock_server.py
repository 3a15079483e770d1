#!/usr/bin/env python3
"""A mock of the desk's HTTP API (docs/desk-api.md), for developing the web app and for
running tests/desk/e2e.py before the Rust server exists.

    python3 tests/desk/mock_server.py [--project DIR] [--port 7700] [--build-ms 30]

What it fakes (see the report in tests/desk/README.md): typesetting (mock_typeset.py draws
the bulletin's grid with Pillow), the checks (a subset, with the engine's shapes), the
writer (it keeps the document in memory and writes nothing into the project), exports
(a PDF of the mock's page images, under --out), the diff report, Word import and the
splitting of pasted text (simplified rules). What it does as the real server must: the
routes, the JSON shapes, revisions and 409s, the event stream, page images by fingerprint,
the Host and Origin checks, and the static files and messages from src/serve/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import queue
import re
import secrets
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse
import zipfile
import xml.etree.ElementTree as ET
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mock_typeset as ts  # noqa: E402

from PIL import Image, ImageChops  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "src" / "serve" / "web"
I18N = REPO / "src" / "serve" / "i18n"
LANGUAGES = [{"code": "zh-CN", "name": "简体中文"}, {"code": "en", "name": "English"}]
PPI_STEPS = [48, 72, 96, 144, 192]
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
CSP_INDEX = ("default-src 'self'; img-src 'self' blob:; style-src 'self'; script-src 'self'; connect-src 'self'; "
             "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
ERROR_TEXT = {
    "stale_revision": ("这期内容已在别处修改（另一个窗口或磁盘上的文件）。请重新载入后再编辑。",
                       "This issue was changed elsewhere (another window or the file on disk). Reload to go on."),
    "not_ready": ("还有{errors}个问题未解决，不能导出。", "{errors} problem(s) remain: the issue cannot be exported."),
    "not_found": ("找不到所要的内容。", "Not found."),
    "stale_page": ("这一页已被新的排版结果取代。", "This page image was replaced by a newer build."),
    "exists": ("这一期已经存在。", "This issue exists already."),
    "bad_host": ("只接受本机地址的请求。", "Only requests to this computer's address are accepted."),
    "bad_origin": ("请求来自其他网站，已拒绝。", "The request came from another site and was refused."),
    "bad_content_type": ("请求的内容类型不对。", "Wrong content type."),
    "bad_request": ("请求有误。", "Bad request."),
    "invalid_document": ("文档结构不对（程序错误）。", "The document does not have the expected shape (a program error)."),
    "import_failed": ("无法从中拆分出文章。", "No article could be split from it."),
    "method_not_allowed": ("不支持这种请求。", "Method not allowed."),
    "internal": ("服务器出错。", "Internal error."),
}


# ---------------------------------------------------------------------------------------------
# messages: the subset of Fluent the desk's files use (docs/desk-api.md §4)


def load_ftl(path: Path) -> dict[str, str]:
    messages: dict[str, str] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            current = None if not raw.strip() else current
            continue
        m = re.match(r"^([a-zA-Z][\w-]*)\s*=\s?(.*)$", raw)
        if m:
            current = m.group(1)
            messages[current] = m.group(2)
            continue
        m = re.match(r"^\s+\.([a-zA-Z][\w-]*)\s*=\s?(.*)$", raw)
        if m and current:
            messages[f"{current}.{m.group(1)}"] = m.group(2)
            continue
        if raw.startswith(" ") and current:
            messages[current] = (messages[current] + "\n" + raw.strip()).strip()
            continue
        raise ValueError(f"{path}: cannot read line: {raw!r}")
    for key, value in messages.items():
        # Only text and { $variable }: anything else in braces is refused, as the server's test does.
        for expr in re.findall(r"\{([^}]*)\}", value):
            if not re.fullmatch(r"\s*\$[a-zA-Z][\w-]*\s*", expr):
                raise ValueError(f"{path}: {key}: unsupported expression {{{expr}}}")
        messages[key] = re.sub(r"\{\s*\$([a-zA-Z][\w-]*)\s*\}", r"{$\1}", value)
    return messages


# ---------------------------------------------------------------------------------------------
# issues


def iso(date) -> str:
    if isinstance(date, dict):
        return f"{date['year']:04d}-{date['month']:02d}-{date['day']:02d}"
    if isinstance(date, (dt.date, dt.datetime)):
        return date.isoformat()[:10]
    return str(date or "")


def desk_document(data: dict, issue_id: str, publication: dict) -> dict:
    """The desk's document (§5) from the layouts' JSON or a parsed issue.toml."""
    compiler = publication.get("compiler", "《电子商务动态》编辑部")
    doc = {
        "id": issue_id,
        "publication": {"title": publication.get("title", ""), "publisher": publication.get("publisher", ""), "compiler": compiler},
        "year": data.get("year"), "number": data.get("number"), "running_number": data.get("running_number"),
        "date": iso(data.get("date")),
        "sections": [],
    }
    for section in data.get("sections", data.get("section", [])):
        articles = []
        for article in section.get("articles", section.get("article", [])):
            attribution = article.get("attribution", {})
            articles.append({
                "title": article.get("title", ""), "listed": bool(article.get("listed", False)),
                "paragraphs": list(article.get("paragraphs", [])),
                "attribution": {"source": attribution.get("source"), "compiler": attribution.get("compiler", ""),
                                "date": iso(attribution.get("date"))},
            })
        doc["sections"].append({"name": section.get("name", ""), "articles": articles})
    return doc


def revision_of(doc: dict) -> str:
    """A hash of what would be written: the document without keys and read-only parts."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("key", "id", "publication")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return hashlib.sha256(json.dumps(strip(doc), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


class Issue:
    """One open issue: its document, revision, last build, subscribers and exports."""

    def __init__(self, server: "Mock", issue_id: str, doc: dict):
        self.server = server
        self.id = issue_id
        self.lock = threading.RLock()
        self.key_counter = 0
        self.doc = doc
        self.assign_keys(doc)
        self.revision = revision_of(doc)
        self.builds: dict[str, dict] = {}  # lang → last status in that language
        self.layout = None
        self.previous_fps: list[str] = []
        self.items_by_fp: dict[str, tuple[list, int]] = {}
        self.subscribers: list[tuple[queue.Queue, str]] = []
        self.exports: dict[str, dict | None] = {"print": None, "screen": None}
        self.exported_pages: dict[str, list[tuple[str, list, int]]] = {}
        self.reports: dict[str, dict[str, bytes]] = {}
        self.wanted = threading.Event()
        threading.Thread(target=self.builder, daemon=True).start()
        self.wanted.set()

    def assign_keys(self, doc: dict):
        for section in doc["sections"]:
            if not section.get("key"):
                self.key_counter += 1
                section["key"] = f"s{self.key_counter}"
            for article in section["articles"]:
                if not article.get("key"):
                    self.key_counter += 1
                    article["key"] = f"a{self.key_counter}"

    # -- events ------------------------------------------------------------------------------

    def publish(self, event: str, data, per_lang=None):
        with self.lock:
            for q, lang in list(self.subscribers):
                payload = per_lang(lang) if per_lang else data
                q.put((event, payload))

    # -- builds ------------------------------------------------------------------------------

    def builder(self):
        while True:
            self.wanted.wait()
            self.wanted.clear()
            with self.lock:
                doc = json.loads(json.dumps(self.doc))
                revision = self.revision
            self.publish("building", {"revision": revision})
            started = time.perf_counter()
            time.sleep(self.server.build_ms / 1000.0)  # the engine's typesetting time
            layout = ts.layout(doc)
            toml_text, lines = ts.to_toml(doc)
            fps = [ts.fingerprint(items, n + 1) for n, items in enumerate(layout["pages"])]
            build_ms = round((time.perf_counter() - started) * 1000)
            with self.lock:
                if revision != self.revision and self.wanted.is_set():
                    continue  # a newer save came in: build that one instead
                for n, (fp, items) in enumerate(zip(fps, layout["pages"])):
                    self.items_by_fp[fp] = (items, n + 1)
                keep = set(fps) | set(self.previous_fps) | {fp for pages in self.exported_pages.values() for fp, _, _ in pages}
                for fp in list(self.items_by_fp):
                    if fp not in keep:
                        del self.items_by_fp[fp]
                changed = [n + 1 for n, fp in enumerate(fps) if n >= len(self.previous_fps) or self.previous_fps[n] != fp]
                self.previous_fps = fps
                self.layout = {"revision": revision, "layout": layout, "fps": fps, "changed": changed,
                               "build_ms": build_ms, "doc": doc, "lines": lines}
                self.builds = {}
            self.publish("rebuilt", None, per_lang=lambda lang: self.status(lang))

    def status(self, lang: str) -> dict | None:
        with self.lock:
            if not self.layout:
                return None
            if lang in self.builds:
                return self.builds[lang]
            built = self.layout
            layout = built["layout"]
            diagnostics = ts.check(built["doc"], lang, built["lines"], f"issues/{self.id}/issue.toml")
            errors = sum(1 for d in diagnostics if d["severity"] == "error")
            status = {
                "revision": built["revision"], "ready": errors == 0, "typeset": True, "build_ms": built["build_ms"],
                "page_count": len(layout["pages"]),
                "pages": [{"number": n + 1, "fingerprint": fp, "width": ts.PAGE_W, "height": ts.PAGE_H} for n, fp in enumerate(built["fps"])],
                "changed_pages": built["changed"],
                "articles": layout["articles"], "sections": layout["sections"], "contents": layout["contents"],
                "copyfit": layout["copyfit"], "diagnostics": diagnostics,
                "counts": {"errors": errors, "warnings": len(diagnostics) - errors},
            }
            self.builds[lang] = status
            return status

    # -- writes ------------------------------------------------------------------------------

    def save(self, doc: dict, client: str | None, event: str = "saved") -> str:
        with self.lock:
            doc["id"] = self.id
            doc["publication"] = self.doc["publication"]
            self.assign_keys(doc)
            revision = revision_of(doc)
            self.doc = doc
            if revision == self.revision:
                return revision
            self.revision = revision
        if event == "saved":
            self.publish("saved", {"revision": revision, "client": client})
        else:
            self.publish("reloaded", {"revision": revision, "reason": "disk"})
        self.wanted.set()
        return revision

    def page_png(self, fp: str, ppi: int) -> bytes | None:
        with self.lock:
            found = self.items_by_fp.get(fp)
        if not found:
            return None
        items, number = found
        return self.server.render(fp, items, number, ppi)


# ---------------------------------------------------------------------------------------------
# the server


class Mock:
    def __init__(self, project: Path, out: Path, build_ms: int):
        self.project = project
        self.out = out
        self.build_ms = build_ms
        self.instance = secrets.token_hex(4)
        self.fonts = ts.Fonts(project)
        self.lock = threading.Lock()
        self.images: dict[tuple[str, int], bytes] = {}
        self.messages = {lang["code"]: load_ftl(I18N / lang["code"] / "desk.ftl") for lang in LANGUAGES}
        publication_file = project / "issues" / "publication.toml"
        publication = tomllib.loads(publication_file.read_text(encoding="utf-8")) if publication_file.exists() else {}
        self.publication = {"title": publication.get("title", "电子商务动态"), "publisher": publication.get("publisher", ""),
                            "compiler": f"《{publication.get('title', '电子商务动态')}》编辑部"}
        colophon = publication.get("colophon", {})
        self.colophon = [f"编辑部地址：{'　'.join(colophon.get('address', []))}",
                         f"邮政编码：{colophon.get('postcode', '')}　　电话：{colophon.get('phone', '')}"]
        self.issues: dict[str, Issue] = {}
        self.created: dict[str, dict] = {}  # issues started in this mock (in memory)
        self.port = 0

    def render(self, fp: str, items, number: int, ppi: int) -> bytes:
        key = (fp, ppi)
        with self.lock:
            if key in self.images:
                return self.images[key]
        png = ts.render(items, number, ppi, self.fonts, self.colophon)
        with self.lock:
            if len(self.images) > 400:
                self.images.clear()
            self.images[key] = png
        return png

    def archive_ids(self) -> list[str]:
        ids = {p.parent.name for p in (self.project / "issues").glob("*/issue.toml")}
        return sorted(ids | set(self.created), reverse=True)

    def raw_issue(self, issue_id: str) -> dict | None:
        if issue_id in self.created:
            return self.created[issue_id]
        sample = self.project / "layouts" / "preview" / "sample-issue.json"
        if sample.exists():
            data = json.loads(sample.read_text(encoding="utf-8"))
            if data.get("id") == issue_id:
                return data
        path = self.project / "issues" / issue_id / "issue.toml"
        if path.exists():
            return tomllib.loads(path.read_text(encoding="utf-8"))
        return None

    def issue(self, issue_id: str) -> Issue | None:
        if issue_id in self.issues:
            return self.issues[issue_id]
        if not re.fullmatch(r"\d{4}-\d{2}", issue_id):
            return None
        raw = self.raw_issue(issue_id)
        if raw is None:
            return None
        self.issues[issue_id] = Issue(self, issue_id, desk_document(raw, issue_id, self.publication))
        return self.issues[issue_id]

    def archive(self) -> dict:
        entries = []
        for issue_id in self.archive_ids():
            opened = self.issues.get(issue_id)
            if opened:
                doc = opened.doc
                status = opened.status("zh-CN")
                pages = status["page_count"] if status else None
                ready = status["ready"] if status else None
            else:
                raw = self.raw_issue(issue_id) or {}
                doc = {"year": raw.get("year"), "number": raw.get("number"), "running_number": raw.get("running_number"), "date": iso(raw.get("date"))}
                pages, ready = None, None
            entries.append({"id": issue_id, "year": doc.get("year"), "number": doc.get("number"),
                            "running_number": doc.get("running_number"), "date": doc.get("date"),
                            "page_count": pages, "ready": ready,
                            "exported": {k: (v or {}).get("exported_at") for k, v in (opened.exports if opened else {"print": None, "screen": None}).items()}})
        latest = max(entries, key=lambda e: (e["year"] or 0, e["number"] or 0), default=None)
        nxt = None
        if latest:
            year, number = latest["year"], latest["number"] + 1
            if number > 12:
                year, number = year + 1, 1
            next_id = f"{year:04d}-{number:02d}"
            day = (latest["date"] or "2000-01-10")[8:10]
            if next_id not in self.archive_ids():
                nxt = {"id": next_id, "year": year, "number": number,
                       "running_number": latest["running_number"] + 1 if latest["running_number"] else None,
                       "date": f"{year:04d}-{number:02d}-{day}"}
        return {"issues": entries, "next": nxt}

    def create(self, issue_id: str | None) -> dict:
        archive = self.archive()
        nxt = archive["next"]
        if issue_id is None:
            if not nxt:
                raise ApiError(409, "exists")
            issue_id = nxt["id"]
        if issue_id in self.archive_ids():
            raise ApiError(409, "exists", id=issue_id)
        latest = self.issue(archive["issues"][0]["id"]) if archive["issues"] else None
        year, month = int(issue_id[:4]), int(issue_id[5:7])
        day = (latest.doc["date"][8:10] if latest and latest.doc.get("date") else "10")
        self.created[issue_id] = {
            "year": year, "number": month, "running_number": (nxt or {}).get("running_number"),
            "date": f"{year:04d}-{month:02d}-{day}",
            "sections": [{"name": s["name"], "articles": []} for s in (latest.doc["sections"] if latest else [])],
        }
        entry = next(e for e in self.archive()["issues"] if e["id"] == issue_id)
        for opened in self.issues.values():
            opened.publish("archive", self.archive())
        return entry


class ApiError(Exception):
    def __init__(self, status: int, code: str, **extra):
        super().__init__(code)
        self.status = status
        self.code = code
        self.extra = extra


# ---------------------------------------------------------------------------------------------
# splitting pasted text and Word files (simplified importer rules)

DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{2})-(\d{2})")
CJK = r"[\u3000-\u9fff\uff00-\uffef]"


def tidy(text: str) -> str:
    text = text.replace("\u00a0", " ").strip().lstrip("\u3000").strip()
    text = re.sub(rf"(?<={CJK})\s+(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%])\s+(?={CJK})", "", text)
    return text


def split_article(lines: list[str], publication: dict, zh: bool) -> dict:
    lines = [tidy(line) for line in lines if line.strip()]
    notes = []
    if not lines:
        raise ApiError(422, "import_failed", diagnostics=[])
    attribution = {"source": None, "compiler": "", "date": ""}
    last = lines[-1]
    m = re.match(r"^(?:来源|來源)\s*[:：]\s*(.*)$", last)
    if m and len(lines) > 1:
        lines = lines[:-1]
        rest = m.group(1)
        d = DATE.search(rest)
        if d:
            y, mo, da = (d.group(1), d.group(2), d.group(3)) if d.group(1) else (d.group(4), d.group(5), d.group(6))
            attribution["date"] = f"{int(y):04d}-{int(mo):02d}-{int(da):02d}"
            rest = (rest[:d.start()] + rest[d.end():]).strip()
        else:
            notes.append("没有找到日期，请填写。" if zh else "No date found: fill it in.")
        parts = re.split(r"\s*编选\s*[:：]\s*", rest)
        if len(parts) == 2:
            attribution["source"] = parts[0].strip() or None
            attribution["compiler"] = parts[1].strip()
        elif rest.strip().endswith("编辑部"):
            attribution["compiler"] = rest.strip()
        else:
            attribution["source"] = rest.strip() or None
        if not attribution["compiler"]:
            attribution["compiler"] = publication["compiler"]
            notes.append(("没有找到编选者，已填写“%s”。" if zh else "No compiler found: used %s.") % publication["compiler"])
    else:
        notes.append("没有找到“来源：…”一行，请填写来源、编选和日期。" if zh else "No “来源：…” line: fill in source, compiler and date.")
        attribution["compiler"] = publication["compiler"]
    title = lines[0]
    paragraphs = lines[1:]
    if not paragraphs:
        notes.append("只找到标题，没有正文。" if zh else "Only a title was found, no text.")
    return {"article": {"title": title, "listed": False, "paragraphs": paragraphs, "attribution": attribution}, "notes": notes}


def docx_paragraphs(data: bytes) -> list[str]:
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{{{ns['w']}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{ns['w']}}}t"))
        if text.strip():
            out.append(text)
    return out


# ---------------------------------------------------------------------------------------------
# HTTP


class Handler(BaseHTTPRequestHandler):
    server_version = "bulletin-desk-mock/1"
    protocol_version = "HTTP/1.1"
    mock: Mock

    def log_message(self, fmt, *args):
        if self.mock.verbose:
            super().log_message(fmt, *args)

    # -- helpers -----------------------------------------------------------------------------

    def lang(self, query=None, body=None) -> str:
        lang = (body or {}).get("lang") if isinstance(body, dict) else None
        lang = lang or (query or {}).get("lang", [None])[0]
        if not lang:
            accept = self.headers.get("Accept-Language", "")
            lang = "en" if accept.lower().startswith("en") else "zh-CN"
        return "en" if lang.lower().startswith("en") else "zh-CN"

    def send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, status: int, data, headers=None):
        self.send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8",
                  {"Cache-Control": "no-store", **(headers or {})})

    def error(self, err: ApiError, lang="zh-CN"):
        zh, en = ERROR_TEXT.get(err.code, (err.code, err.code))
        message = (en if lang == "en" else zh).format(**{k: v for k, v in err.extra.items() if isinstance(v, (int, str))})
        self.json(err.status, {"error": {"code": err.code, "message": message, **err.extra}})

    def body_json(self):
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            raise ApiError(415, "bad_content_type")
        try:
            return json.loads(self.body_bytes() or b"null")
        except ValueError as e:
            raise ApiError(400, "bad_request", detail=str(e))

    def body_bytes(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 32 * 1024 * 1024:
            raise ApiError(413, "too_large")
        return self.rfile.read(length) if length else b""

    def confine(self):
        """§1: Host must be ours; writes need our Origin; no cross-site reads."""
        host = self.headers.get("Host", "")
        if host not in (f"127.0.0.1:{self.mock.port}", f"localhost:{self.mock.port}"):
            raise ApiError(403, "bad_host")
        origin = self.headers.get("Origin")
        if self.command in ("POST", "PUT", "PATCH", "DELETE"):
            if origin != f"http://{host}":
                raise ApiError(403, "bad_origin")
        elif self.path.startswith("/api/"):
            if (origin is not None and origin != f"http://{host}") or self.headers.get("Sec-Fetch-Site") == "cross-site":
                raise ApiError(403, "bad_origin")

    # -- dispatch ----------------------------------------------------------------------------

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_PATCH(self):
        self.dispatch()

    def do_OPTIONS(self):
        self.error(ApiError(405, "method_not_allowed"))

    def dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        lang = self.lang(query)
        try:
            self.confine()
            if not url.path.startswith("/api/"):
                if self.command not in ("GET", "HEAD"):
                    raise ApiError(405, "method_not_allowed")
                return self.static(url.path)
            self.api(url.path, query, lang)
        except ApiError as err:
            self.error(err, lang)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            self.error(ApiError(500, "internal", detail=str(e)), lang)

    def static(self, path: str):
        name = "index.html" if path == "/" else path.lstrip("/")
        if "/" in name or not (WEB / name).is_file():
            raise ApiError(404, "not_found")
        body = (WEB / name).read_bytes()
        headers = {"Cache-Control": "no-cache", "ETag": '"' + hashlib.sha256(body).hexdigest()[:16] + '"'}
        if name == "index.html":
            headers["Content-Security-Policy"] = CSP_INDEX
        if self.headers.get("If-None-Match") == headers["ETag"]:
            self.send_response(304)
            self.send_header("ETag", headers["ETag"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send(200, body, CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream"), headers)

    def api(self, path: str, query: dict, lang: str):
        method = self.command if self.command != "HEAD" else "GET"
        parts = [urllib.parse.unquote(p) for p in path.split("/")[2:]]
        mock = self.mock
        if parts == ["session"] and method == "GET":
            return self.json(200, {
                "server": "bulletin desk mock", "project": str(mock.project), "open_issue": mock.open_issue,
                "languages": LANGUAGES, "default_language": "zh-CN", "save_debounce_ms": mock.debounce_ms,
                "page_ppi": PPI_STEPS, "multiple": 4,
            })
        if parts == ["messages"] and method == "GET":
            return self.json(200, {"lang": lang, "messages": mock.messages[lang]})
        if parts == ["issues"]:
            if method == "GET":
                return self.json(200, mock.archive())
            if method == "POST":
                body = self.body_json() or {}
                return self.json(201, mock.create(body.get("id")))
        if len(parts) >= 2 and parts[0] == "issues":
            issue = mock.issue(parts[1])
            if issue is None:
                raise ApiError(404, "not_found")
            return self.issue_api(issue, parts[2:], method, query, lang)
        if parts[:1] == ["_mock"] and len(parts) == 4 and parts[3] == "disk-change" and method == "POST":
            # Mock only: pretend another program edited issue.toml (the real test edits the file).
            issue = mock.issue(parts[2])
            body = self.body_json() or {}
            doc = json.loads(json.dumps(issue.doc))
            doc["sections"][0]["articles"][0]["title"] = body.get("title", "（磁盘上修改的标题）")
            for section in doc["sections"]:  # a reload assigns new keys
                section.pop("key", None)
                for article in section["articles"]:
                    article.pop("key", None)
            return self.json(200, {"revision": issue.save(doc, None, event="reloaded")})
        raise ApiError(404 if method == "GET" else 405, "not_found" if method == "GET" else "method_not_allowed")

    def issue_api(self, issue: Issue, rest: list[str], method: str, query: dict, lang: str):
        if rest == [] and method == "GET":
            with issue.lock:
                return self.json(200, {"revision": issue.revision, "issue": issue.doc, "status": issue.status(lang)})
        if rest == [] and method == "PUT":
            body = self.body_json()
            lang = self.lang(query, body)
            doc = body.get("issue") if isinstance(body, dict) else None
            if not valid_document(doc):
                raise ApiError(422, "invalid_document", detail="the document does not have the shape of §5")
            with issue.lock:
                if body.get("base_revision") != issue.revision:
                    raise ApiError(409, "stale_revision", current_revision=issue.revision)
                revision = issue.save(doc, body.get("client"))
            return self.json(200, {"revision": revision, "saved_at": now()})
        if rest == ["status"] and method == "GET":
            return self.json(200, issue.status(lang))
        if rest == ["events"] and method == "GET":
            return self.events(issue, lang)
        if len(rest) == 2 and rest[0] == "pages" and method == "GET":
            m = re.fullmatch(r"(\d+)\.png", rest[1])
            fp = query.get("fp", [""])[0]
            ppi = min(PPI_STEPS, key=lambda p: abs(p - int(query.get("ppi", ["96"])[0] or 96)))
            png = issue.page_png(fp, ppi) if m else None
            if png is None:
                raise ApiError(404, "stale_page")
            return self.send(200, png, "image/png", {"Cache-Control": "private, max-age=31536000, immutable"})
        if rest == ["split"] and method == "POST":
            body = self.body_json() or {}
            lang = self.lang(query, body)
            return self.json(200, split_article((body.get("text") or "").splitlines(), issue.server.publication, lang != "en"))
        if len(rest) == 3 and rest[0] == "sections" and rest[2] == "docx" and method == "POST":
            return self.docx(issue, rest[1], query, lang)
        if rest == ["exports"] and method == "POST":
            return self.export(issue, self.body_json() or {}, lang)
        if rest == ["exports"] and method == "GET":
            return self.json(200, {kind: item and {k: v for k, v in item.items() if not k.startswith("_")}
                                   for kind, item in issue.exports.items()})
        if len(rest) == 2 and rest[0] == "exports" and method == "GET":
            kind = rest[1].removesuffix(".pdf")
            item = issue.exports.get(kind)
            if not item:
                raise ApiError(404, "not_found")
            data = Path(item["_file"]).read_bytes()
            name = f"电子商务动态-{issue.id}-{kind}.pdf"
            return self.send(200, data, "application/pdf", {
                "Cache-Control": "no-store",
                "Content-Disposition": f"attachment; filename=\"{Path(item['_file']).name}\"; filename*=UTF-8''{urllib.parse.quote(name)}"})
        if rest == ["compare"] and method == "POST":
            return self.compare(issue, self.body_json() or {}, lang)
        if len(rest) == 3 and rest[0] == "reports" and method == "GET":
            files = issue.reports.get(rest[1])
            if not files or rest[2] not in files:
                raise ApiError(404, "not_found")
            kind = "text/html; charset=utf-8" if rest[2].endswith(".html") else "image/png"
            return self.send(200, files[rest[2]], kind, {
                "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"})
        raise ApiError(405 if method != "GET" else 404, "method_not_allowed" if method != "GET" else "not_found")

    # -- the event stream --------------------------------------------------------------------

    def events(self, issue: Issue, lang: str):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        q: queue.Queue = queue.Queue()
        with issue.lock:
            issue.subscribers.append((q, lang))
            q.put(("hello", {"revision": issue.revision, "issue": issue.id, "instance": self.mock.instance}))
            status = issue.status(lang)
            if status:
                q.put(("rebuilt", status))
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 3000\n\n")
            self.wfile.flush()
            while True:
                try:
                    event, data = q.get(timeout=15)
                    chunk = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
                except queue.Empty:
                    chunk = ": ping\n\n"
                self.wfile.write(chunk.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            with issue.lock:
                issue.subscribers = [s for s in issue.subscribers if s[0] is not q]

    # -- Word files --------------------------------------------------------------------------

    def docx(self, issue: Issue, section_key: str, query: dict, lang: str):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0]
        if ctype not in ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/octet-stream"):
            raise ApiError(415, "bad_content_type")
        data = self.body_bytes()
        name = query.get("name", ["document.docx"])[0]
        with issue.lock:
            if query.get("base_revision", [None])[0] != issue.revision:
                raise ApiError(409, "stale_revision", current_revision=issue.revision)
            try:
                result = split_article(docx_paragraphs(data), self.mock.publication, lang != "en")
            except (zipfile.BadZipFile, KeyError, ET.ParseError, ApiError):
                message = "不是可以读取的Word文件（.docx）" if lang != "en" else "not a Word file (.docx) that can be read"
                raise ApiError(422, "import_failed", diagnostics=[{
                    "id": "d1", "severity": "error", "code": "docx_unreadable", "message": f"{name}: {message}", "hints": [],
                    "file": name, "line": None, "column": None, "location": None}])
            doc = json.loads(json.dumps(issue.doc))
            section = next((s for s in doc["sections"] if s["key"] == section_key), None)
            if section is None:
                raise ApiError(404, "not_found")
            article = result["article"]
            section["articles"].append(article)
            revision = issue.save(doc, query.get("client", [None])[0])
            return self.json(200, {"revision": revision, "issue": issue.doc,
                                   "added": {"section": section_key, "article": article["key"]}})

    # -- export and comparison ----------------------------------------------------------------

    def export(self, issue: Issue, body: dict, lang: str):
        kind = body.get("kind")
        if kind not in ("print", "screen"):
            raise ApiError(400, "bad_request", detail="kind must be print or screen")
        with issue.lock:
            if body.get("revision") != issue.revision:
                raise ApiError(409, "stale_revision", current_revision=issue.revision)
        deadline = time.time() + 5
        status = issue.status(lang)
        while (not status or status["revision"] != issue.revision) and time.time() < deadline:
            time.sleep(0.02)
            status = issue.status(lang)
        if status["counts"]["errors"]:
            raise ApiError(422, "not_ready", errors=status["counts"]["errors"])
        with issue.lock:
            pages = [(fp, *issue.items_by_fp[fp]) for fp in issue.layout["fps"]]
        images = [Image.open(io.BytesIO(self.mock.render(fp, items, n, 96))).convert("RGB") for fp, items, n in pages]
        self.mock.out.mkdir(parents=True, exist_ok=True)
        path = self.mock.out / (f"{issue.id}.pdf" if kind == "print" else f"{issue.id}-screen.pdf")
        tmp = path.with_suffix(".pdf.tmp")
        images[0].save(tmp, "PDF", save_all=True, append_images=images[1:], resolution=96)
        tmp.replace(path)
        data = path.read_bytes()
        item = {"kind": kind, "revision": status["revision"], "path": f"out/{path.name}", "bytes": len(data),
                "page_count": len(pages), "sha256": hashlib.sha256(data).hexdigest(), "exported_at": now(),
                "url": f"/api/issues/{issue.id}/exports/{kind}.pdf?rev={status['revision']}"}
        with issue.lock:
            issue.exports[kind] = {**item, "_file": str(path)}
            issue.exported_pages[kind] = pages
        public = {k: v for k, v in item.items()}
        issue.publish("exported", public)
        return self.json(201, public)

    def compare(self, issue: Issue, body: dict, lang: str):
        kind = body.get("kind", "print")
        base = issue.exported_pages.get(kind)
        if not base:
            raise ApiError(404, "not_found")
        with issue.lock:
            now_pages = [(fp, *issue.items_by_fp[fp]) for fp in issue.layout["fps"]]
        pages, files = [], {}
        rows = []
        for n in range(1, max(len(base), len(now_pages)) + 1):
            old = base[n - 1] if n <= len(base) else None
            new = now_pages[n - 1] if n <= len(now_pages) else None
            if old and new and old[0] == new[0]:
                continue
            entry = {"number": n, "change": "changed" if old and new else ("added" if new else "removed")}
            if old:
                files[f"old-{n}.png"] = self.mock.render(old[0], old[1], old[2], 48)
            if new:
                files[f"new-{n}.png"] = self.mock.render(new[0], new[1], new[2], 48)
            if old and new:
                a = Image.open(io.BytesIO(files[f"old-{n}.png"])).convert("L")
                b = Image.open(io.BytesIO(files[f"new-{n}.png"])).convert("L")
                diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 8 else 0)
                entry["share"] = round(diff.histogram()[255] / (diff.width * diff.height), 4)
            pages.append(entry)
            cells = "".join(f'<td>{"<img src=%s-%d.png>" % (side, n) if f"{side}-{n}.png" in files else ""}</td>' for side in ("old", "new"))
            rows.append(f"<tr><th>{n}</th>{cells}</tr>")
        token = secrets.token_hex(4)
        files["index.html"] = ("<!doctype html><meta charset=utf-8><title>diff</title>"
                               "<style>body{font:14px sans-serif;margin:8px}img{border:1px solid #ccc;width:280px}td{padding:4px}</style>"
                               "<p>MOCK diff report: old (last export) | now</p><table>" + "".join(rows) + "</table>").encode()
        issue.reports[token] = files
        while len(issue.reports) > 5:
            issue.reports.pop(next(iter(issue.reports)))
        return self.json(200, {
            "identical": not pages,
            "base": {"exported_at": issue.exports[kind]["exported_at"], "page_count": len(base)},
            "pages": pages,
            "report_url": f"/api/issues/{issue.id}/reports/{token}/index.html",
        })


def valid_document(doc) -> bool:
    if not isinstance(doc, dict) or not isinstance(doc.get("sections"), list):
        return False
    for key in ("year", "number", "running_number"):
        if doc.get(key) is not None and not isinstance(doc.get(key), int):
            return False
    if not isinstance(doc.get("date", ""), str):
        return False
    for section in doc["sections"]:
        if not isinstance(section, dict) or not isinstance(section.get("name"), str) or not isinstance(section.get("articles"), list):
            return False
        for article in section["articles"]:
            if not isinstance(article, dict) or not isinstance(article.get("title"), str):
                return False
            if not isinstance(article.get("paragraphs"), list) or not isinstance(article.get("attribution"), dict):
                return False
            if not all(isinstance(p, (str, dict)) for p in article["paragraphs"]):
                return False
    return True


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO, help="the project folder (layouts/preview/sample-issue.json, issues/, fonts/)")
    parser.add_argument("--issue", default="2023-08", help="the issue to open (as `bulletin serve issues/ID`); empty: the archive")
    parser.add_argument("--port", type=int, default=7700)
    parser.add_argument("--out", type=Path, default=None, help="where exports go (default: a temporary folder)")
    parser.add_argument("--build-ms", type=int, default=30, help="time a rebuild pretends to take (the engine's typesetting)")
    parser.add_argument("--debounce-ms", type=int, default=300)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="desk-mock-out-"))
    mock = Mock(args.project.resolve(), out, args.build_ms)
    mock.open_issue = args.issue or None
    mock.debounce_ms = args.debounce_ms
    mock.verbose = args.verbose
    Handler.mock = mock
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    mock.port = httpd.server_address[1]
    if mock.open_issue:
        mock.issue(mock.open_issue)
    print(f"desk: http://127.0.0.1:{mock.port}/", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
