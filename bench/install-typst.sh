#!/usr/bin/env bash
# Installs the stock typst CLI of the same version as the typst crates bulletin uses into
# target/typst-cli/bin/typst, where the speed benchmark and CI look for it. Building it
# takes about 15 minutes on two cores; an installed one of the right version is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk '/^name = "typst"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
typst=target/typst-cli/bin/typst
if [ -x "$typst" ] && "$typst" --version | grep -q "^typst $version "; then
  echo "$("$typst" --version) is installed at $typst"
  exit 0
fi
# target/ is shared with bulletin's own build, so identical dependencies compile once.
CARGO_TARGET_DIR=target cargo install typst-cli --version "$version" --locked --quiet \
  --root target/typst-cli
echo "installed $("$typst" --version) at $typst"
