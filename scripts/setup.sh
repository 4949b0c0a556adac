#!/usr/bin/env bash
# Create .venv (once) and install the project with the pinned versions of requirements.lock.
# Sourced by build.sh and test.sh; `extras` selects optional dependencies (e.g. "test").
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed (found: $("$python" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment .venv/ ($("$python" --version 2>&1))" >&2
  "$python" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[${extras}]"
stamp=".venv/.installed-${extras:-base}"
# Reinstall only when the pins or the project metadata changed.
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing the Python packages${extras:+ with [$extras]} pinned by requirements.lock (pip; about a minute the first time)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e "$spec"
  touch "$stamp"
fi
# The front-end packages `smartcity-kg serve` serves itself (YASGUI), pinned by web/package-lock.json.
if [ ! -f web/node_modules/.installed ] || [ web/package-lock.json -nt web/node_modules/.installed ]; then
  if command -v npm >/dev/null; then
    echo "setup: installing the front-end packages pinned by web/package-lock.json (npm ci: YASGUI, jsonld)" >&2
    (cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) && touch web/node_modules/.installed
  else
    echo "setup: npm not found; the query page of smartcity-kg serve will have no YASGUI" >&2
  fi
fi
