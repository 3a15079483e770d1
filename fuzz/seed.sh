#!/usr/bin/env bash
# Seeds the fuzz corpus with the sample issue and every bad-input fixture.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/load_issue
for file in ../issues/*/issue.toml ../tests/bad-inputs/*/issue.toml; do
  cp "$file" "corpus/load_issue/$(echo "${file#../}" | tr '/' '_')"
done
echo "seeded $(ls corpus/load_issue | wc -l) files into fuzz/corpus/load_issue"
