#!/usr/bin/env bash
# Recall and precision of `mmsb impact` and of both baselines on seeded mutations of a real library:
# fetches the library's sources from Maven Central, records them unmutated, then records RUNS
# mutated copies (each: PER_RUN edits drawn from seed SEED+run by io.mmsb.cli.Mutations, callers
# never edited, kept only if the library still compiles; only declarations another named class uses:
# --used-elsewhere) into one store, and prints
# `mmsb impact --all` over the consecutive compilations (unmutated -> run 1 -> run 2 ...: each pair
# holds the edits of one run undone and those of the next applied).
# Usage: scripts/mutations.sh [--store DIR] GROUP:ARTIFACT VERSION [RUNS [PER_RUN [SEED]]]
# Example: scripts/mutations.sh commons-codec:commons-codec 1.16.0 6 12 1
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
store=target/mutations-store
if [ "${1:-}" = "--store" ]; then store=$2; shift 2; fi
ga=$1; version=$2; runs=${3:-6}; per_run=${4:-12}; seed=${5:-1}
group=${ga%%:*}; artifact=${ga##*:}
work=target/mutations-job/$artifact-$version
$MVN -q -DskipTests -pl mmsb-cli -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
rm -rf "$store" "$work"
$MVN -q dependency:unpack -Dartifact="$group:$artifact:$version:jar:sources" -DoutputDirectory="$work/src" -Dmdep.overWriteReleases=true >/dev/null \
  || { echo "mutations.sh: cannot fetch $group:$artifact:$version:jar:sources from Maven Central" >&2; exit 1; }
record() { # NAME DIR
  find "$2" -name '*.java' ! -name 'module-info.java' ! -name 'package-info.java' | sort > "$work/files-$1.txt"
  bin/mmsb record --store "$store" --full --id "$1" -- -d "$work/classes-$1" -proc:none -nowarn -Xlint:none -encoding UTF-8 ${JAVAC_OPTS:-} "@$work/files-$1.txt" >/dev/null
}
echo "== $group:$artifact:$version: recording the unmutated sources"
record "$artifact-$version" "$work/src"
for r in $(seq 1 "$runs"); do
  s=$((seed + r))
  "$JAVA_HOME/bin/java" -cp mmsb-cli/target/test-classes io.mmsb.cli.Mutations --used-elsewhere "$work/src" "$work/mut-$r" "$s" "$per_run" ${JAVAC_OPTS:-} > "$work/mut-$r.tsv"
  echo "== run $r (seed $s): $(wc -l < "$work/mut-$r.tsv") mutations: $(cut -f1 "$work/mut-$r.tsv" | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
  record "mut-$r" "$work/mut-$r"
done
echo
cat "$work"/mut-*.tsv | cut -f1 | sort | uniq -c | awk '{printf "  %-22s %d\n", $2, $1}' | sed '1i mutations by kind:'
echo
bin/mmsb impact --all --limit 20 --store "$store"
