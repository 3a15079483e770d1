#!/usr/bin/env bash
# The Debian package as an office gets it: built with scripts/package.sh, checked with
# lintian, installed with apt, used by a new account in an empty folder (no repository,
# no Rust toolchain on the PATH), then removed with the account's project left as it was.
#
#   tests/package/run.sh          # as root (CI): installs cargo-deb, lintian and dpkg-dev
#
# The log shows lintian's output and the package's files. Every step fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

step() { printf '\n==> package: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "tests/package/run.sh installs a package: run it as root" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
if ! command -v lintian >/dev/null || ! command -v dpkg-shlibdeps >/dev/null ||
  ! command -v desktop-file-validate >/dev/null || ! command -v systemd-analyze >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends lintian dpkg-dev desktop-file-utils systemd man-db >/dev/null
fi
command -v cargo-deb >/dev/null || cargo install --locked --quiet cargo-deb --version 3.8.0

# A failed run leaves no package behind.
trap 'apt-get purge -y -qq bulletin >/dev/null 2>&1 || true' EXIT

step "build the package (scripts/package.sh)"
scripts/package.sh
deb=$(ls -t target/debian/bulletin_*_amd64.deb | head -1)
work=target/ci/package
rm -rf "$work"
mkdir -p "$work"

step "its control data and files"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb" | tee "$work/contents.txt"
for path in ./usr/bin/bulletin ./usr/share/bulletin/layouts/main.typ \
  ./usr/share/bulletin/fonts/NotoSerifSC_400Regular.ttf ./usr/share/bulletin/color/FOGRA39-bulletin.icc \
  ./usr/share/bulletin/issues/publication.toml ./usr/share/bulletin/issues/2023-08/issue.toml \
  ./usr/share/doc/bulletin/copyright ./usr/share/man/man1/bulletin.1.gz ./usr/share/man/man1/bulletin-init.1.gz \
  ./usr/share/bash-completion/completions/bulletin ./usr/share/applications/bulletin-desk.desktop \
  ./usr/share/icons/hicolor/scalable/apps/bulletin.svg ./usr/lib/systemd/system/bulletin-desk@.service \
  ./etc/bulletin/desk.env; do
  grep -q " $path\$" "$work/contents.txt" || { echo "the package lacks $path" >&2; exit 1; }
done
echo "package: every expected file is in it"

step "lintian (errors fail the run; overrides are shown with their reasons in packaging/lintian-overrides)"
# Shown with the overridden tags (lintian then counts those too), judged without them.
lintian --show-overrides --pedantic --info "$deb" 2>&1 | grep -v '^N' | tee "$work/lintian.txt" || true
lintian --fail-on error "$deb"
echo "lintian: no error"
desktop-file-validate packaging/bulletin-desk.desktop
echo "desktop-file-validate: the menu entry is valid"

step "the repository's PDF of the sample, to compare with the installed program's"
"${CARGO_TARGET_DIR:-target}"/release/bulletin build issues/2023-08 -o "$work/repository-2023-08.pdf"

step "install with apt (its dependencies from the archive)"
apt-get install -y -qq "./$deb" >/dev/null
dpkg -s bulletin | grep -E '^(Status|Version|Depends):'
man -w bulletin-init >/dev/null && echo "man: bulletin-init(1) installed"

step "a new account uses it in an empty folder, without repository or Rust"
user=office
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
rm -rf "$home/bulletin" "$home/sample"
as_user() {
  runuser -u "$user" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 bash -euo pipefail -c "$1"
}
as_user '
  if command -v cargo || command -v rustc; then echo "a Rust toolchain is on the PATH" >&2; exit 1; fi
  mkdir -p ~/bulletin && cd ~/bulletin
  [ -z "$(ls -A)" ]
  bulletin init
  first=$(ls issues | grep -E "^[0-9]{4}-[0-9]{2}$" | head -1)
  bulletin build "issues/$first"
  bulletin preflight "out/$first.pdf" --for pdfx-4
  bulletin doctor
  bulletin --version
'
as_user '
  cd ~/bulletin
  bulletin serve --port 0 > ~/serve.out 2> ~/serve.err &
  server=$!
  for _ in $(seq 50); do [ -s ~/serve.out ] && break; sleep 0.2; done
  url=$(head -1 ~/serve.out)
  python3 - "$url" <<PY
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as reply:
    body = reply.read().decode()
    assert reply.status == 200 and "<html" in body.lower(), (reply.status, body[:200])
print("serve: the desk answers on", sys.argv[1])
PY
  kill "$server"
  wait "$server" || true
'
as_user 'bulletin init --sample ~/sample >/dev/null && cd ~/sample && bulletin build issues/2023-08 -o ~/sample-2023-08.pdf'
cmp "$home/sample-2023-08.pdf" "$work/repository-2023-08.pdf"
echo "package: the installed program's sample PDF, from an init project, is byte-identical to the repository's"

step "the desk's systemd unit: verified by systemd-analyze, its command run as the unit would run it"
# systemd itself does not run in CI's container: the unit's file is verified, and its
# ExecStart is run by hand with the sample environment file, the project pointed at the
# account's.
mkdir -p "$work/units"
cp /usr/lib/systemd/system/bulletin-desk@.service "$work/units/bulletin-desk@$user.service"
systemd-analyze verify "$work/units/bulletin-desk@$user.service" 2>&1 | tee "$work/systemd-analyze.txt"
[ ! -s "$work/systemd-analyze.txt" ] || { echo "systemd-analyze found problems in the unit" >&2; exit 1; }
echo "systemd-analyze: the unit is valid"
exec_start=$(sed -n 's/^ExecStart=//p' /usr/lib/systemd/system/bulletin-desk@.service)
as_user "
  set -a; . /etc/bulletin/desk.env; BULLETIN_PROJECT=\$HOME/bulletin; set +a
  eval \"exec $exec_start\" > ~/unit.out 2> ~/unit.err &
  server=\$!
  for _ in \$(seq 50); do [ -s ~/unit.out ] && break; sleep 0.2; done
  url=\$(head -1 ~/unit.out)
  [ \"\$url\" = \"http://127.0.0.1:\$BULLETIN_PORT/\" ] || { echo \"the unit's command serves \$url\" >&2; exit 1; }
  python3 -c 'import sys, urllib.request; assert urllib.request.urlopen(sys.argv[1], timeout=10).status == 200' \"\$url\"
  echo \"unit: its command serves the project on \$url\"
  kill \$server; wait \$server || true
"

step "upgrade to a newer package (its masthead smaller): the project and its PDF stay as they were"
snapshot() { (cd "$home/bulletin" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
as_user 'cd ~/bulletin && first=$(ls issues | grep -E "^[0-9]{4}-[0-9]{2}$" | head -1) && bulletin build "issues/$first" -o ~/first-before.pdf >/dev/null'
snapshot > "$work/project-before.txt"
# The office's own setting in the configuration file, which an upgrade must keep.
sed -i 's/^BULLETIN_PORT=.*/BULLETIN_PORT=8471/' /etc/bulletin/desk.env
newer="$work/newer"
dpkg-deb -R "$deb" "$newer"
sed -i 's/^Version: .*/Version: 0.1.1-1/' "$newer/DEBIAN/control"
sed -i 's/#let masthead-size = 48pt/#let masthead-size = 40pt/' "$newer/usr/share/bulletin/layouts/theme.typ"
grep -q 'masthead-size = 40pt' "$newer/usr/share/bulletin/layouts/theme.typ"
dpkg-deb --root-owner-group -b "$newer" "$work/bulletin_0.1.1-1_amd64.deb" >/dev/null
apt-get install -y -qq "./$work/bulletin_0.1.1-1_amd64.deb" >/dev/null
dpkg -s bulletin | grep '^Version: 0.1.1-1'
grep -q '^BULLETIN_PORT=8471' /etc/bulletin/desk.env && echo "upgrade: /etc/bulletin/desk.env kept the office's setting"
snapshot > "$work/project-upgraded.txt"
diff "$work/project-before.txt" "$work/project-upgraded.txt"
as_user '
  cd ~/bulletin && first=$(ls issues | grep -E "^[0-9]{4}-[0-9]{2}$" | head -1)
  bulletin build "issues/$first" -o ~/first-after.pdf >/dev/null
  cmp ~/first-before.pdf ~/first-after.pdf
  echo "upgrade: the project builds the same PDF bytes as before"
  bulletin doctor | tee ~/doctor.txt
  grep -q "theme.typ: newer in the installed copy" ~/doctor.txt
  grep -q "newer layouts or fonts are installed (files changed: 1)" ~/doctor.txt
  echo "upgrade: doctor tells that newer layouts are installed"
'

step "remove the package: the project stays as it was"
apt-get remove -y -qq bulletin >/dev/null
[ ! -e /usr/bin/bulletin ] && [ ! -e /usr/share/bulletin ] && echo "package: removed"
snapshot > "$work/project-after.txt"
diff "$work/project-before.txt" "$work/project-after.txt"
[ -e /etc/bulletin/desk.env ] && echo "package: removed, its configuration file kept until purged"
echo "package: the project's $(wc -l < "$work/project-after.txt") files are untouched"
apt-get purge -y -qq bulletin >/dev/null
cd "$repo"
