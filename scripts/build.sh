#!/usr/bin/env bash
# Set up (first run only) and build the graph: seeds/ -> validated graph/, printing a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/smartcity-kg build "$@"
