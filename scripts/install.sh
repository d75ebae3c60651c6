#!/usr/bin/env bash
# Install saferpractice into the virtual environment .venv: `runtime` (what `make demo` needs)
# or `dev` (runtime and the test tools, for `make test`).
#
# uv (from PyPI, installed into the venv by pip) installs the ~90 packages in parallel: a fresh
# runtime install takes about 30 s instead of pip's two minutes or more. If uv cannot be had,
# pip does the same job, only slower.
set -euo pipefail

what=${1:?usage: scripts/install.sh runtime|dev}
python=${PYTHON:-python3}
venv=${VENV:-.venv}
case "$what" in
  runtime) target=. ;;
  dev) target='.[dev]' ;;
  *) echo "scripts/install.sh: unknown target '$what' (runtime or dev)" >&2; exit 2 ;;
esac

PYTHON="$python" bash "$(dirname "$0")/bootstrap.sh"
test -x "$venv/bin/python" || "$python" -m venv "$venv"

if "$venv/bin/uv" --version >/dev/null 2>&1 || "$venv/bin/python" -m pip install --quiet uv; then
  echo "Installing saferpractice ($what) with uv"
  VIRTUAL_ENV="$PWD/$venv" "$venv/bin/uv" pip install --quiet --python "$venv/bin/python" -e "$target"
else
  echo "uv is not available; installing saferpractice ($what) with pip (slower)"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e "$target"
fi
