#!/usr/bin/env bash
# Set up (first run only) and run every check: ruff (lint and format), mypy, pytest (naming the 15 slowest tests).
# `scripts/test.sh --fast` is the fast tier, for after every change (under a minute on 2 cores): the same checks, and
# every test but those marked browser, stores, webservers, fuzz or slow (pyproject.toml), on every core (pytest-xdist);
# no Debian packages needed.
# Other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
fast=""
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
scripts/setup.sh test
# Debian packages the tests drive: chromium for the browser tests of the server and the static site (a
# test tool's own browser download does not work here), Virtuoso for publishing into a real store, nginx
# and Apache for the static site's content negotiation (run by the tests as their own processes).
missing=()
if [ -z "$fast" ]; then
  command -v chromium >/dev/null || missing+=(chromium fonts-thai-tlwg)
  command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/sbin/apache2 ] || missing+=(apache2)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing the Debian packages the tests drive: ${missing[*]} (apt; about a minute, once)" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "== ruff check" && .venv/bin/ruff check .
echo "== ruff format --check" && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy
if [ -n "$fast" ]; then
  echo "== pytest, fast tier" && exec .venv/bin/pytest -n auto -m "not browser and not stores and not webservers and not fuzz and not slow" "$@"
fi
echo "== pytest" && exec .venv/bin/pytest --durations=15 "$@"
