#!/usr/bin/env python3
"""Share of the original bulletin's line breaks that our pages reproduce.

The reference export keeps the printed issue's line wraps inside every paragraph.
A wrap is a reference line that continues on the next line (it does not end in a
space). Each wrap is identified by the characters around it; it counts as
reproduced when our PDF breaks a line between the same characters.

usage: line_fidelity.py OUR.pdf REFERENCE.txt [--misses N]
       (OUR may also be a text file, one printed line per line)

The first line of output is the measure. Two more lines report, without changing it:
our line ends inside the original's paragraphs that the original does not have, and
(for a PDF) how many of the original's page starts our pages reproduce. The export
marks the first line of each printed page with one leading space (a page footer line,
" - 14 - ", stands before one page instead); that mark is missing for page 22.
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


def reference_stream(path):
    """The reference's text (up to the colophon) squeezed, and the offsets of its line ends."""
    stream, ends = "", []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("-----"):
            break
        if not line.strip() or re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):
            continue
        stream += squeeze(line)
        ends.append(len(stream))
    return stream, set(ends)


def extra_breaks(ours, reference):
    """Our line ends inside the reference's text where the reference has no line end."""
    stream, ends = reference_stream(reference)
    text = pdf_text(ours) if ours.endswith(".pdf") else open(ours, encoding="utf-8").read()
    our_stream, our_ends = "", []
    for line in text.split("\n"):
        line = squeeze(line)
        if not line or re.fullmatch(r"-\d+-", line):
            continue
        our_stream += line
        our_ends.append(len(our_stream))
    at = our_stream.find(stream)
    if at < 0:
        return None
    return [e - at for e in our_ends if at < e < at + len(stream) and e - at not in ends]


def reference_page_starts(path):
    """Openings of the lines that start the printed pages, as the export marks them."""
    starts, next_starts = [], False
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("-----"):
            break
        if re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):
            next_starts = True  # a surviving page footer stands before its page's text
            continue
        if not line.strip():
            continue
        if next_starts or re.match(r" \S", line):
            starts.append(squeeze(line)[:2 * CONTEXT])
        next_starts = False
    return starts


def our_page_starts(path):
    """Openings of the first line of text on each of our pages after the cover."""
    pages = pdf_text(path).split("\f")
    starts = []
    for page in pages[1:]:
        lines = [squeeze(line) for line in page.split("\n")]
        lines = [line for line in lines if line and not re.fullmatch(r"-\d+-", line)]
        if lines:
            starts.append(lines[0][:2 * CONTEXT])
    return starts


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", path, "-"], check=True, capture_output=True, text=True
    ).stdout


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
    extra = extra_breaks(ours, reference)
    if extra is not None:
        print(f"line ends the original does not have, inside its text: {len(extra)}")
    if ours.endswith(".pdf"):
        theirs, mine = reference_page_starts(reference), set(our_page_starts(ours))
        same = [start for start in theirs if start in mine]
        print(f"page starts reproduced: {len(same)} of the {len(theirs)} the export marks")
    for before, after in [w for w in wraps if w not in breaks][:misses]:
        print(f"  missed: …{before} | {after}…")


if __name__ == "__main__":
    main()
