#!/bin/sh
# Builds the line breaker plugin, layouts/linebreak.wasm, from plugins/linebreak with
# Debian's rustc and its wasm32 standard library (rustup has no wasm32 target here):
#
#     apt-get install rustc libstd-rust-dev-wasm32 lld
#     scripts/build-linebreak.sh [OUT]
#
# The build is reproducible: the same source and compiler give the same bytes, which CI
# checks against the committed file (.ci/run). OUT defaults to layouts/linebreak.wasm.
set -eu
cd "$(dirname "$0")/.."
rustc=${RUSTC_WASM:-/usr/bin/rustc}
out=${1:-layouts/linebreak.wasm}
if ! "$rustc" --print target-list 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "error: $rustc cannot build for wasm32-unknown-unknown" >&2
    echo "  install it: apt-get install rustc libstd-rust-dev-wasm32 lld" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$rustc" --edition 2021 --crate-type cdylib --crate-name bulletin_linebreak \
    --target wasm32-unknown-unknown -C opt-level=3 -C panic=abort -C debuginfo=0 \
    -C strip=symbols --remap-path-prefix "$PWD=." \
    -o "$work/linebreak.wasm" plugins/linebreak/src/lib.rs
mkdir -p "$(dirname "$out")"
cp "$work/linebreak.wasm" "$out.tmp"
mv "$out.tmp" "$out"
echo "$out: $(wc -c < "$out") bytes ($("$rustc" --version))"
