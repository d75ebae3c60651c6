#!/usr/bin/env bash
# Make sure the Debian packages saferpractice needs are present, installing any that are missing.
# WeasyPrint (PDF rendering) needs Pango and a font; pdftoppm (poppler-utils) lets tests look at PDFs;
# the web office's browser tests need chromium.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
# The web office's browser tests drive Debian's chromium (Playwright never downloads a browser).
packages+=(chromium)
# libpff-python (the .pst reader) ships manylinux wheels from 20260926; on a platform without
# one, pip builds it from source (about 100 s) with a C compiler and the Python headers.
packages+=(gcc libc6-dev python3-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "Please install these Debian packages as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "saferpractice needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "Installing python3-venv"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq python3-venv; else sudo apt-get install -y -qq python3-venv; fi
fi
