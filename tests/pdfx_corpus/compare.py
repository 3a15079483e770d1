#!/usr/bin/env python3
"""The PDF/X corpus beside another validator.

`cargo test` writes target/pdfx-corpus/: copies of the sample's PDF/X-4 and PDF/X-1a
files, each broken in one way (refused) or changed in a way the standard allows
(allowed), with an .expect file naming the level, the verdict and the reason
(tests/pdfx_checks/rules.rs, `refuses` and `allows`). This script runs
`bulletin preflight --for pdfx-LEVEL --json` and pdf-oxide's `validate_pdf_x` on every
file, and on files made by other producers when given (--other FILE:LEVEL:VERDICT), and
writes a table of both verdicts.

    python3 tests/pdfx_corpus/compare.py BULLETIN [--report target/ci/pdfx-corpus.md]

Exit 1 when bulletin's verdict or reason differs from the expected one, or when there are
fewer than 40 refused variants. pdf-oxide's disagreements are reported, not judged: it
checks the main structural rules only, and knows PDF/X-1a:2001, not :2003.
"""

import argparse
import json
import pathlib
import subprocess
import sys

import pdf_oxide

CORPUS = pathlib.Path("target/pdfx-corpus")


def bulletin_verdict(bulletin, path, level):
    """(verdict, the first error message) of bulletin's preflight for `level`."""
    run = subprocess.run(
        [bulletin, "preflight", str(path), "--for", f"pdfx-{level}", "--json"],
        capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        return "unreadable", run.stderr.strip().splitlines()[-1:] or [""]
    report = json.loads(run.stdout)
    errors = [f["message"] for f in report["findings"] if f["severity"] == "error"]
    return ("refused" if run.returncode == 1 else "allowed"), errors


def oxide_verdict(path, level):
    """(verdict, errors) of pdf-oxide's PDF/X validator (X-1a checked as 1a_2001)."""
    try:
        result = pdf_oxide.PdfDocument(str(path)).validate_pdf_x("4" if level == "4" else "1a_2001")
    except Exception as err:  # pdf-oxide cannot open some files at all
        return "unreadable", [str(err)]
    return ("allowed" if result["valid"] else "refused"), list(result["errors"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bulletin")
    parser.add_argument("--report", default="target/ci/pdfx-corpus.md")
    parser.add_argument("--other", action="append", default=[],
                        help="FILE:LEVEL:VERDICT, a PDF made by another producer")
    args = parser.parse_args()

    cases = []
    for expect in sorted(CORPUS.glob("*.expect")):
        level, verdict, reason = expect.read_text(encoding="utf-8").rstrip("\n").split("\t")
        cases.append((expect.with_suffix(".pdf"), level, verdict, reason))
    for other in args.other:
        file, level, verdict = other.rsplit(":", 2)
        cases.append((pathlib.Path(file), level, verdict, "made by another producer"))

    rows, wrong, disagreements = [], [], 0
    for path, level, expected, reason in cases:
        ours, errors = bulletin_verdict(args.bulletin, path, level)
        theirs, their_errors = oxide_verdict(path, level)
        right = ours == expected and (expected == "allowed" or reason == "made by another producer"
                                      or any(reason in e for e in errors))
        if not right:
            wrong.append(f"{path.name}: expected {expected} ({reason}), bulletin: {ours} {errors[:2]}")
        if theirs != expected:
            disagreements += 1
        said = "; ".join(their_errors[:2]).replace("|", "/") if theirs != "allowed" else ""
        rows.append(f"| {path.name} | X-{level} | {expected} | {ours} | {theirs} | {said[:120]} |")

    refused = sum(1 for _, _, verdict, reason in cases if verdict == "refused" and reason != "made by another producer")
    lines = [
        "# The PDF/X corpus: bulletin preflight and pdf-oxide",
        "",
        f"{len(cases)} files ({refused} refused variants); bulletin wrong on {len(wrong)}; "
        f"pdf-oxide differs from the expected verdict on {disagreements}.",
        "",
        "| file | level | expected | bulletin | pdf-oxide | pdf-oxide says |",
        "|---|---|---|---|---|---|",
        *rows,
    ]
    report = pathlib.Path(args.report)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:3]))
    print(f"report: {report}")
    for line in wrong:
        print("WRONG", line)
    if refused < 40:
        print(f"only {refused} refused variants: the corpus needs at least 40 (run cargo test first)")
        return 1
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
