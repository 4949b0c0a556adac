#!/usr/bin/env bash
# Set up (first run only) and run every check: ruff (lint and format), mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# The server's browser tests drive Debian's chromium (a test tool's own browser download does not work).
if ! command -v chromium >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null
fi
echo "== ruff check" && .venv/bin/ruff check .
echo "== ruff format --check" && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy
echo "== pytest" && .venv/bin/pytest "$@"
