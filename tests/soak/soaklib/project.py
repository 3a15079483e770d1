"""The scratch project the suite works on (never the repository's files): layouts/ and
issues/ copied, fonts/ linked; more issues made from 2023-08; what an issue file holds."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLE = "2023-08"


def make_project(root: Path) -> Path:
    """A copy of the repository's project in `root`: layouts/ and issues/ copied, each font
    file hard-linked (copied where links cannot be made)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("layouts", "issues"):
        shutil.copytree(REPO / name, root / name, symlinks=False)
    fonts = root / "fonts"
    fonts.mkdir()
    for src in sorted((REPO / "fonts").iterdir()):
        if src.is_file():
            try:
                os.link(src, fonts / src.name)
            except OSError:
                shutil.copy2(src, fonts / src.name)
    return root


def month_ids(count: int, last: str = SAMPLE) -> list[str]:
    """`count` issue ids, one a month, ending with `last`, oldest first."""
    year, month = map(int, last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def issue_for(text: str, issue_id: str, offset: int) -> str:
    """The sample issue's `text` turned into the issue of `issue_id`, `offset` months from
    the sample: every date moved by as many months (days past the 28th become the 28th),
    year, number and heading set, a running number moved along."""
    year, month = map(int, issue_id.split("-"))

    def move(m: re.Match) -> str:
        y, mo = shift_month(int(m.group(1)), int(m.group(2)), offset)
        return f"{y:04d}-{mo:02d}-{min(int(m.group(3)), 28):02d}"

    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", move, text)
    text = re.sub(r"(?m)^# 《(.*?)》 \d+年第\d+期", rf"# 《\1》 {year}年第{month}期", text, count=1)
    text = re.sub(r"(?m)^year = \d+$", f"year = {year}", text, count=1)
    text = re.sub(r"(?m)^number = \d+$", f"number = {month}", text, count=1)
    text = re.sub(r"(?m)^running_number = (\d+)$",
                  lambda m: f"running_number = {int(m.group(1)) + offset}", text, count=1)
    return text


def make_issues(root: Path, count: int) -> list[str]:
    """Issues for the `count` months up to the sample's (the sample among them)."""
    ids = month_ids(count)
    sample = (root / "issues" / SAMPLE / "issue.toml").read_text("utf-8")
    for i, issue_id in enumerate(ids):
        folder = root / "issues" / issue_id
        if issue_id == SAMPLE:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "issue.toml").write_text(issue_for(sample, issue_id, i - (count - 1)), "utf-8")
    return ids


def check(binary: Path, root: Path, issue_id: str) -> tuple[int, str]:
    """`bulletin check issues/ID`: (exit code, its last line)."""
    run = subprocess.run([str(binary), "--lang", "en", "check", f"issues/{issue_id}"], cwd=root,
                         capture_output=True, text=True, timeout=300)
    lines = (run.stdout + run.stderr).strip().splitlines()
    return run.returncode, lines[-1] if lines else ""


def check_all(binary: Path, root: Path, ids: list[str]) -> dict[str, tuple[int, str]]:
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(ids, pool.map(lambda i: check(binary, root, i), ids)))


def revision_of(data: bytes) -> str:
    """The desk's revision of a file's bytes: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(data).hexdigest()[:16]


def issue_file(root: Path, issue_id: str) -> Path:
    return root / "issues" / issue_id / "issue.toml"


def parse(data: bytes) -> dict | None:
    """The issue file as TOML, or None when it does not parse (half written, say)."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def file_articles(table: dict) -> list[dict]:
    """The articles of a parsed issue file, in order."""
    return [a for s in table.get("section", []) for a in s.get("article", [])]


def doc_articles(doc: dict) -> list[dict]:
    """The articles of a desk document, in order."""
    return [a for s in doc.get("sections", []) for a in s.get("articles", [])]


def article_text(article: dict) -> str:
    """Everything an article says, for looking for markers."""
    parts = [str(article.get("title", ""))]
    for p in article.get("paragraphs", []):
        parts.append(p if isinstance(p, str) else repr(p))
    return "\n".join(parts)


def append_marker(doc: dict, index: int, marker: str) -> bool:
    """Appends `marker` to the first text paragraph of article `index` of `doc`."""
    article = doc_articles(doc)[index]
    paragraphs = article.get("paragraphs", [])
    for i, p in enumerate(paragraphs):
        if isinstance(p, str):
            paragraphs[i] = p + marker
            return True
    return False


def markers_in(text: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, text))
