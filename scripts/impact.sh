#!/usr/bin/env bash
# Invalidation impact against ground truth on consecutive releases of a real library: fetches the
# sources of each release from Maven Central, records every compilation into one store (in release
# order), then runs `mmsb impact` on each consecutive pair.
# Usage: scripts/impact.sh [--store DIR] GROUP:ARTIFACT VERSION1 VERSION2 [VERSION3 ...]
# Example: scripts/impact.sh org.apache.commons:commons-lang3 3.14.0 3.15.0 3.16.0 3.17.0 3.18.0
# Extra javac options for every release go in JAVAC_OPTS (e.g. JAVAC_OPTS="--release 8" for a
# library that no longer compiles against the current JDK's class library).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
store=target/impact-store
if [ "${1:-}" = "--store" ]; then store=$2; shift 2; fi
ga=$1; shift
group=${ga%%:*}; artifact=${ga##*:}
work=target/impact-job/$artifact
$MVN -q -DskipTests -pl mmsb-cli -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
rm -rf "$store" "$work"
prev=
for v in "$@"; do
  echo "== $group:$artifact:$v: fetching sources, recording"
  $MVN -q dependency:unpack -Dartifact="$group:$artifact:$v:jar:sources" -DoutputDirectory="$work/src-$v" -Dmdep.overWriteReleases=true >/dev/null \
    || { echo "impact.sh: cannot fetch $group:$artifact:$v:jar:sources from Maven Central" >&2; exit 1; }
  find "$work/src-$v" -name '*.java' ! -name 'module-info.java' ! -name 'package-info.java' | sort > "$work/files-$v.txt"
  bin/mmsb record --store "$store" --full --id "$artifact-$v" -- -d "$work/classes-$v" -proc:none -nowarn -Xlint:none -encoding UTF-8 ${JAVAC_OPTS:-} "@$work/files-$v.txt"
done
for v in "$@"; do
  if [ -n "$prev" ]; then
    echo
    bin/mmsb impact --store "$store" --from "$artifact-$prev" --to "$artifact-$v"
  fi
  prev=$v
done
