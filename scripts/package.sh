#!/usr/bin/env bash
# Builds the Debian package: target/debian/bulletin_<version>-1_amd64.deb.
#   scripts/package.sh            # needs cargo-deb (cargo install cargo-deb) and dpkg-dev
# The release build, then the manual pages and completions written by the program itself
# from its command line's definition, then cargo-deb with [package.metadata.deb].
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null || { echo "cargo-deb is missing: cargo install cargo-deb" >&2; exit 2; }
cargo build --release --locked
target=${CARGO_TARGET_DIR:-target}
rm -rf target/package
"$target"/release/bulletin manual --out target/package
cargo deb --no-build --locked "$@"
