#!/usr/bin/env bash
# How long `make demo` takes from a fresh clone until the office answers on http://127.0.0.1:PORT/
# (README Quick start command 1; the goal is under 120 s). Clones REPO into DEST, runs
# `make demo PORT=PORT` there with a new .venv, polls the address every 0.5 s, prints the
# seconds, then stops the demo (the whole process group it started).
#   bench/make_demo.sh [REPO] [DEST] [PORT]      e.g. bench/make_demo.sh . /tmp/demo-clone 8014
# For a cold package cache, set UV_CACHE_DIR (and PIP_CACHE_DIR) to an empty folder.
set -u
repo=$(cd "${1:-.}" && pwd); dest=${2:-/tmp/saferpractice-demo-clone}; port=${3:-8000}
rm -rf "$dest"; git clone -q "$repo" "$dest"; cd "$dest" || exit 1
start=$(date +%s.%N)
setsid make demo PORT="$port" >"$dest.log" 2>&1 &
demo=$!
answered=no
while kill -0 "$demo" 2>/dev/null; do
  if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" | grep -q '^[23]'; then
    answered=yes; break
  fi
  sleep 0.5
done
end=$(date +%s.%N)
if [ "$answered" = yes ]; then
  echo "make demo: served after $(echo "$end - $start" | bc) s (log: $dest.log)"
else
  echo "make demo exited without serving (log: $dest.log)"; exit 1
fi
grep -E "^(Demo office|The demo's)" "$dest.log" || true
kill -- -"$demo" 2>/dev/null
