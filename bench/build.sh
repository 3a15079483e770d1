#!/usr/bin/env bash
# Whole-process time and peak memory of `bulletin build` on an issue, release build.
# Prints the median, min and max over RUNS runs (default 15), and the PDF's size.
#
#   bench/build.sh [ISSUE_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
issue=${1:-issues/2023-08}
runs=${2:-15}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo build --release --quiet
bin=target/release/bulletin
"$bin" build "$issue" -o "$out/warmup.pdf" >/dev/null   # warm the page cache

for _ in $(seq "$runs"); do
  /usr/bin/time -f '%e %M' -o "$out/time" "$bin" build "$issue" -o "$out/issue.pdf" >/dev/null
  cat "$out/time"
done > "$out/samples"

python3 - "$out/samples" "$out/issue.pdf" "$runs" <<'PY'
import os, statistics, sys
samples, pdf, runs = sys.argv[1], sys.argv[2], sys.argv[3]
secs, kib = zip(*[(float(a), int(b)) for a, b in (l.split() for l in open(samples))])
print(f"bulletin build, {runs} runs (wall s / peak RSS MiB): "
      f"median {statistics.median(secs):.3f} s (min {min(secs):.3f}, max {max(secs):.3f}); "
      f"median {statistics.median(kib) / 1024:.0f} MiB (min {min(kib) / 1024:.0f}, max {max(kib) / 1024:.0f})")
print(f"PDF size: {os.path.getsize(pdf) / 1024 / 1024:.2f} MiB ({os.path.getsize(pdf)} bytes)")
PY
