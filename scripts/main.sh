#!/usr/bin/env bash
# The main job: builds MMSB, fetches the sources of two consecutive releases of a real library
# (Apache Commons Lang 3.17.0 and 3.18.0) from Maven Central, records both compilations with the
# MMSB javac plugin into the embedded default store (./mmsb-store), and prints what changed
# semantically between them, which classes the API changes invalidate, and how that prediction
# compares with the classes whose recorded facts really changed.
# Usage: scripts/main.sh [--store DIR] [OLD_VERSION NEW_VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
store=mmsb-store
if [ "${1:-}" = "--store" ]; then store=$2; shift 2; fi
old=${1:-3.17.0}
new=${2:-3.18.0}
work=target/main-job
$MVN -q -DskipTests -pl mmsb-cli -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
rm -rf "$store" "$work"
for v in "$old" "$new"; do
  echo "== fetching org.apache.commons:commons-lang3:$v:sources from Maven Central"
  $MVN -q dependency:unpack -Dartifact="org.apache.commons:commons-lang3:$v:jar:sources" -DoutputDirectory="$work/src-$v" -Dmdep.overWriteReleases=true >/dev/null
  find "$work/src-$v" -name '*.java' ! -name 'module-info.java' ! -name 'package-info.java' | sort > "$work/files-$v.txt"
  echo "== recording commons-lang3 $v ($(wc -l < "$work/files-$v.txt") source files)"
  bin/mmsb record --store "$store" --full --id "commons-lang3-$v" -- -d "$work/classes-$v" -proc:none -nowarn -Xlint:none -encoding UTF-8 "@$work/files-$v.txt"
done
echo
bin/mmsb changes --store "$store"
echo
bin/mmsb impact --store "$store" --limit 10
echo
bin/mmsb verify --store "$store"
