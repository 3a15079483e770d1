#!/bin/sh
# Regenerates color/FOGRA39-bulletin.icc, the output profile of the print PDF's
# OutputIntent, from the FOGRA39L characterisation data beside this script.
#
# Needs ArgyllCMS (Debian: argyll; made with colprof 2.3.1). Installs nothing.
#
#   color/regenerate.sh          rebuild into a temporary folder and compare with SHA256SUMS
#   color/regenerate.sh --write  replace the committed profile (then update SHA256SUMS)
#
# Deterministic: yes, for one Argyll version on one kind of processor. colprof stamps
# the current time into the ICC header (bytes 24–35); this script overwrites it with
# 2006-12-01 00:00:00, the date of the FOGRA39L data, and nothing else varies between
# runs (two runs of colprof 2.3.1 on x86-64 differ only in those bytes). Another Argyll
# version may fit the tables differently: the comparison below then says so.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=FOGRA39-bulletin.icc
command -v colprof >/dev/null || { echo "colprof not found: apt-get install argyll" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/FOGRA39L.ti3" "$work/"
(
  cd "$work"
  # -qm medium quality tables; -kr black ramp; -l330 total ink limit 330% (as the ECI's
  # ISO Coated v2 profile for FOGRA39); -nc leaves the 126 KB measurement data out.
  colprof -qm -kr -l330 -nc \
    -D "FOGRA39 coated offset (bulletin, from FOGRA39L.ti3)" \
    -C "Zlib licence; made with ArgyllCMS colprof from FOGRA39L.ti3 (Kai-Uwe Behrmann, Fogra)" \
    -O "$name" FOGRA39L >/dev/null
  # ICC header bytes 24..35: year, month, day, hours, minutes, seconds (big-endian u16).
  printf '\007\326\000\014\000\001\000\000\000\000\000\000' |
    dd of="$name" bs=1 seek=24 conv=notrunc status=none
)
if [ "${1:-}" = "--write" ]; then
  cp "$work/$name" "$here/$name"
  (cd "$here" && sha256sum FOGRA39L.ti3 "$name" > SHA256SUMS)
  echo "wrote $here/$name and SHA256SUMS"
elif (cd "$work" && cp "$here/SHA256SUMS" . && cp "$here/FOGRA39L.ti3" . && sha256sum -c --quiet SHA256SUMS); then
  echo "the regenerated profile is byte for byte the committed one"
else
  echo "the regenerated profile differs from the committed one (another Argyll version?)" >&2
  exit 1
fi
