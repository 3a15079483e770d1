#!/usr/bin/env python3
"""Check that `bulletin preflight` agrees with independent tools on one PDF.

Compares, page by page and font by font, what `bulletin preflight --json` reports
with poppler's `pdfinfo` (page count, MediaBox, TrimBox) and `pdffonts` (name, type,
embedded, subset), and with Ghostscript's `inkcov` device (a page preflight calls
black ink only has no cyan, magenta or yellow; a page with process colour or a spot
ink with a CMYK fallback has some). Exits 1 on any disagreement, or when preflight's
exit code is not the one expected.

usage: preflight_agreement.py BULLETIN PDF [--expect-exit N] [preflight options...]
"""

import json
import subprocess
import sys

TOLERANCE_PT = 0.01


def run(args, check=True):
    result = subprocess.run(args, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def pdfinfo_boxes(pdf, pages):
    out = run(["pdfinfo", "-box", "-f", "1", "-l", str(pages), pdf]).stdout
    boxes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] == "Page" and parts[2] in ("MediaBox:", "TrimBox:"):
            boxes.setdefault(int(parts[1]), {})[parts[2][:-1]] = [float(v) for v in parts[3:]]
    return boxes


def pdffonts(pdf):
    lines = run(["pdffonts", pdf]).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        flags = line.split()[::-1]  # object number, generation, uni, sub, emb
        fonts.append((line[:36].strip(), line[37:54].strip(), flags[4] == "yes", flags[3] == "yes"))
    return fonts


def inkcov(pdf):
    out = run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", pdf]).stdout
    return [[float(v) for v in line.split()[:4]] for line in out.splitlines() if line.strip().endswith("OK")]


def same_box(a, b):
    return all(abs(x - y) <= TOLERANCE_PT for x, y in zip(a, b))


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    bulletin, pdf, rest = args[0], args[1], args[2:]
    expect = 0
    if "--expect-exit" in rest:
        i = rest.index("--expect-exit")
        expect = int(rest[i + 1])
        rest = rest[:i] + rest[i + 2:]
    result = run([bulletin, "preflight", "--json", pdf, *rest], check=False)
    if result.returncode != expect:
        sys.exit(f"preflight exited {result.returncode}, expected {expect}:\n{result.stdout}{result.stderr}")
    report = json.loads(result.stdout)
    problems = []

    pages = report["pages"]
    info = run(["pdfinfo", pdf]).stdout
    count = int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
    if count != len(pages):
        problems.append(f"page count: preflight {len(pages)}, pdfinfo {count}")
    boxes = pdfinfo_boxes(pdf, count)
    for page in pages:
        n = page["number"]
        theirs = boxes.get(n, {})
        # pdfinfo shows the CropBox (else the MediaBox) as TrimBox when there is none.
        trim = page["trim_box"] or page["crop_box"] or page["media_box"]
        for name, ours in (("MediaBox", page["media_box"]), ("TrimBox", trim)):
            if name not in theirs or not same_box(ours, theirs[name]):
                problems.append(f"page {n} {name}: preflight {ours}, pdfinfo {theirs.get(name)}")

    ours = [(f["name"], f["kind"], f["embedded"], f["subset"]) for f in report["fonts"]]
    theirs = pdffonts(pdf)
    if ours != theirs:
        problems.append(f"fonts: preflight {ours}, pdffonts {theirs}")

    coverage = inkcov(pdf)
    if len(coverage) != len(pages):
        problems.append(f"inkcov measured {len(coverage)} pages, preflight {len(pages)}")
    process = {"cyan", "magenta", "yellow"}
    for page, (c, m, y, k) in zip(pages, coverage):
        kinds = {ink["kind"] for ink in page["inks"]}
        colourless = c == 0 and m == 0 and y == 0
        if kinds <= {"black"} and not colourless:
            problems.append(f"page {page['number']}: preflight says black ink only, inkcov {c} {m} {y} {k}")
        if kinds & (process | {"spot"}) and "not_ink" not in kinds and colourless:
            problems.append(f"page {page['number']}: preflight says {sorted(kinds)}, inkcov has no C, M or Y")

    black = [p["number"] for p in pages if {i["kind"] for i in p["inks"]} <= {"black"}]
    print(f"{pdf}: {len(pages)} pages, {len(ours)} fonts, {len(black)} pages in black ink only, "
          f"{len(report['findings'])} finding(s), preflight exit {result.returncode}")
    if problems:
        print("preflight and the outside tools disagree:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print("  pdfinfo, pdffonts and inkcov agree")


if __name__ == "__main__":
    main()
