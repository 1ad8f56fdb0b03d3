#!/usr/bin/env bash
# Runs the whole MMSB test suite (all modules), with the off-heap leak check in every test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
exec $MVN verify "$@"
