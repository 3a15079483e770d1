#!/usr/bin/env bash
# Runs the desk's checks: the strings and web files (no browser), then the browser test
# against the mock server, or against a server already running (DESK_URL, DESK_PROJECT).
#   tests/desk/run.sh                      # mock server on a free port
#   DESK_URL=http://127.0.0.1:7700/ DESK_PROJECT=/tmp/scratch tests/desk/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

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

log=$(mktemp)
python3 tests/desk/mock_server.py --port 0 >"$log" 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q '^desk: ' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^desk: //p' "$log")
[ -n "$url" ] || { cat "$log"; exit 2; }
python3 tests/desk/e2e.py "$url" . "$@"
