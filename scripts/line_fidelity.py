#!/usr/bin/env python3
"""Share of the original bulletin's line breaks that our pages reproduce.

The reference export keeps the printed issue's line wraps inside every paragraph.
A wrap is a reference line that continues on the next line (it does not end in a
space). Each wrap is identified by the characters around it; it counts as
reproduced when our PDF breaks a line between the same characters.

usage: line_fidelity.py OUR.pdf REFERENCE.txt [--misses N]
       (OUR may also be a text file, one printed line per line)
"""

import re
import subprocess
import sys

CONTEXT = 6


def squeeze(text):
    return re.sub(r"\s+", "", text)


def reference_wraps(path):
    """Break keys of the reference: (text before, text after) for each wrap."""
    lines = open(path, encoding="utf-8").read().split("\n")
    body = []
    for line in lines:
        if line.startswith("-----"):
            break  # the colophon's rule: the articles end here
        if not line.strip() or re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):
            continue
        body.append(line)
    stream, ends = "", []
    for line in body:
        stream += squeeze(line)
        # A line ending in a space ends a paragraph or title; others wrap.
        ends.append((len(stream), not line.endswith(" ")))
    return [key(stream, at) for at, wraps in ends if wraps and at < len(stream)]


def our_breaks(path):
    """Break keys of our pages: every line end."""
    if path.endswith(".pdf"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"], check=True, capture_output=True, text=True
        ).stdout
    else:
        text = open(path, encoding="utf-8").read()
    stream, ends = "", set()
    for line in text.split("\n"):
        line = squeeze(line)
        if not line or re.fullmatch(r"-\d+-", line):
            continue
        stream += line
        ends.add(len(stream))
    return {key(stream, at) for at in ends}


def key(stream, at):
    return (stream[max(0, at - CONTEXT):at], stream[at:at + CONTEXT])


def main():
    args = sys.argv[1:]
    misses = 0
    if "--misses" in args:
        i = args.index("--misses")
        misses = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    ours, reference = args
    wraps = reference_wraps(reference)
    breaks = our_breaks(ours)
    kept = [w for w in wraps if w in breaks]
    share = 100.0 * len(kept) / len(wraps)
    print(f"line breaks reproduced: {len(kept)} of {len(wraps)} ({share:.1f}%)")
    for before, after in [w for w in wraps if w not in breaks][:misses]:
        print(f"  missed: …{before} | {after}…")


if __name__ == "__main__":
    main()
