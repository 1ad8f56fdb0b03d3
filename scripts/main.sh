#!/usr/bin/env bash
# The main job: builds MMSB, then records a compilation into the embedded default store
# (./mmsb-store) and queries it. Usage: scripts/main.sh [--store DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
$MVN -q -DskipTests -pl mmsb-cli -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
exec bin/mmsb demo "$@"
