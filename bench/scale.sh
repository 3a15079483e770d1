#!/usr/bin/env bash
# How build time grows with the size of an issue: the sample, and synthetic issues
# 10 and 24 times larger (about 1,000 articles). Median of RUNS runs (default 5).
#
#   bench/scale.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=target/release/bulletin
work=target/bench-scale
rm -rf "$work" && mkdir -p "$work"
python3 bench/make_issue.py 1 "$work/x1"
python3 bench/make_issue.py 10 "$work/x10"
python3 bench/make_issue.py 24 "$work/x24"
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for size in x1 x10 x24; do
  "$bin" build "$work/$size" -o "$work/$size.pdf" >/dev/null   # warm-up
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" build "$work/$size" -o "$work/$size.pdf" >/dev/null
    cat "$work/time"
  done > "$work/$size.samples"
  pages=$("$bin" build "$work/$size" -o "$work/$size.pdf" | grep -o '[0-9]* pages')
  secs=$(cut -d' ' -f1 "$work/$size.samples" | median)
  mib=$(( $(cut -d' ' -f2 "$work/$size.samples" | median) / 1024 ))
  echo "$size: $pages, median ${secs} s, peak ${mib} MiB ($runs runs)"
done
