#!/usr/bin/env bash
# Set up (first run only) and run every check: ruff (lint and format), mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# Debian packages the tests drive: chromium for the browser tests of the server and the static site (a
# test tool's own browser download does not work here), Virtuoso for publishing into a real store, nginx
# and Apache for the static site's content negotiation (run by the tests as their own processes).
missing=()
command -v chromium >/dev/null || missing+=(chromium fonts-thai-tlwg)
command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing the Debian packages the tests drive: ${missing[*]} (apt; about a minute, once)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "== ruff check" && .venv/bin/ruff check .
echo "== ruff format --check" && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy
echo "== pytest" && .venv/bin/pytest "$@"
