#!/usr/bin/env bash
# Runs the desk's checks: the strings and web files (no browser), then the browser test.
#
#   tests/desk/run.sh --bulletin target/release/bulletin [e2e options]   # the real server (CI)
#   tests/desk/run.sh [e2e options]                                      # the mock server
#   DESK_URL=http://127.0.0.1:7700/ DESK_PROJECT=/tmp/scratch tests/desk/run.sh   # a server already running
#
# With --bulletin it builds nothing: it copies the project (layouts, issues, fonts) into a
# scratch folder, starts `BULLETIN serve SCRATCH/issues/2023-08 --port 0`, reads the desk's
# address from the first line the server prints, runs e2e.py against it and stops the server.
# Screenshots go to target/desk-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."

bulletin=""
if [ "${1:-}" = "--bulletin" ]; then
  bulletin=$(realpath "${2:?--bulletin names the bulletin binary}")
  shift 2
  [ -x "$bulletin" ] || { echo "not an executable: $bulletin" >&2; exit 2; }
fi

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi
python3 -c "import playwright, PIL" 2>/dev/null || python3 -m pip install -q -r tests/desk/requirements.txt
# Never `playwright install`: Debian's Chromium is used (a browser download fails here).

python3 tests/desk/check_messages.py

if [ -n "${DESK_URL:-}" ]; then
  exec python3 tests/desk/e2e.py "$DESK_URL" "${DESK_PROJECT:?DESK_PROJECT names the project folder the server works on}" "$@"
fi

# Waits for the first line of the file $1 (the server's address) and prints it.
first_line() {
  for _ in $(seq 600); do
    if [ -s "$1" ] && [ "$(wc -l <"$1")" -ge 1 ]; then head -n 1 "$1"; return 0; fi
    sleep 0.1
  done
  return 1
}

scratch=$(mktemp -d)
server=""
stop() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap stop EXIT

if [ -n "$bulletin" ]; then
  mkdir -p "$scratch/project"
  cp -r layouts issues "$scratch/project/"
  cp -rl fonts "$scratch/project/" 2>/dev/null || cp -r fonts "$scratch/project/"
  "$bulletin" serve "$scratch/project/issues/2023-08" --port 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
  server=$!
  url=$(first_line "$scratch/serve.out") || { echo "bulletin serve printed no address:" >&2; cat "$scratch/serve.err" >&2; exit 2; }
  echo "desk: $url (bulletin serve on a scratch copy of the project)"
  status=0
  python3 tests/desk/e2e.py "$url" "$scratch/project" --bulletin "$bulletin" "$@" || status=$?
  if grep -q "panicked" "$scratch/serve.err"; then
    echo "the server panicked:" >&2
    cat "$scratch/serve.err" >&2
    status=1
  fi
  exit $status
fi

python3 tests/desk/mock_server.py --port 0 >"$scratch/mock.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q '^desk: ' "$scratch/mock.log" && break; sleep 0.1; done
url=$(sed -n 's/^desk: //p' "$scratch/mock.log")
[ -n "$url" ] || { cat "$scratch/mock.log"; exit 2; }
python3 tests/desk/e2e.py "$url" . "$@"
