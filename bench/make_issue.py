#!/usr/bin/env python3
"""Writes a synthetic issue N times the size of the sample: every article repeated N
times with a numbered title, so that no title repeats.

usage: make_issue.py N OUT_DIR     (OUT_DIR/issue.toml; OUT_DIR must be inside the project)
"""
import os
import re
import sys

times, out = int(sys.argv[1]), sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sample = open(os.path.join(root, "issues/2023-08/issue.toml"), encoding="utf-8").read()
head, *sections = re.split(r"(?m)^\[\[section\]\]\n", sample)
publication = os.path.relpath(os.path.join(root, "issues/publication.toml"), out)
head = re.sub(r'(?m)^publication = ".*"$', f'publication = "{publication}"', head)
parts = [head]
for section in sections:
    name, *articles = re.split(r"(?m)^\[\[section\.article\]\]\n", section)
    parts.append("[[section]]\n" + name)
    for copy in range(times):
        for article in articles:
            if copy:
                article = re.sub(r'(?m)^title = "(.*)"$', rf'title = "\1（{copy + 1}）"', article, count=1)
                article = re.sub(r"(?m)^listed = true\n", "", article)
            parts.append("[[section.article]]\n" + article)
os.makedirs(out, exist_ok=True)
open(os.path.join(out, "issue.toml"), "w", encoding="utf-8").write("".join(parts))
