#!/usr/bin/env bash
# Storage cost of recording a real library, as byte counts (deterministic, no timing):
#  1. one compilation of NEW into a fresh store, against the gzip -6 size of a plain text dump of the
#     same facts (`mmsb dump`: one line per row, every cell as text) and of the sources;
#  2. the same compilation recorded again (nothing changed): bytes added;
#  3. OLD then NEW into one store: bytes NEW added, per cell that changed between the two.
# Usage: scripts/storage.sh [GROUP:ARTIFACT [OLD NEW]]   (default org.apache.commons:commons-lang3 3.17.0 3.18.0)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
lib=${1:-org.apache.commons:commons-lang3}
old=${2:-3.17.0}
new=${3:-3.18.0}
name=${lib#*:}
work=target/storage/$name
$MVN -q -DskipTests -pl mmsb-cli -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
rm -rf "$work"
mkdir -p "$work"
for v in "$old" "$new"; do
  $MVN -q dependency:unpack -Dartifact="$lib:$v:jar:sources" -DoutputDirectory="$work/src-$v" -Dmdep.overWriteReleases=true >/dev/null
  find "$work/src-$v" -name '*.java' ! -name 'module-info.java' ! -name 'package-info.java' | LC_ALL=C sort > "$work/files-$v.txt"
done
record() { # store id version
  bin/mmsb record --store "$1" --full --id "$2" -- -d "$work/classes-$2" -proc:none -nowarn -Xlint:none -encoding UTF-8 "@$work/files-$3.txt" >/dev/null 2>"$work/record-$2.log" \
    || { cat "$work/record-$2.log" >&2; exit 1; }
}
logbytes() { cat "$1"/*.tlog | wc -c; }

record "$work/one" "$name-$new" "$new"
one=$(logbytes "$work/one")
bin/mmsb dump --store "$work/one" 2>/dev/null > "$work/dump.txt"
dump_raw=$(wc -c < "$work/dump.txt")
dump_gz=$(gzip -6 -c "$work/dump.txt" | wc -c)
src_gz=$(xargs cat < "$work/files-$new.txt" | gzip -6 -c | wc -c)
echo "== one compilation of $name $new ($(wc -l < "$work/files-$new.txt") files)"
echo "store: $one bytes; text dump of the same facts: $dump_raw bytes raw, $dump_gz gzip -6; sources: $src_gz gzip -6"
awk -v s="$one" -v d="$dump_gz" -v g="$src_gz" 'BEGIN { printf "store / gzipped text dump: %.3f (goal <= 0.5)\nstore / gzipped sources:   %.2f (goal <= 6)\n", s / d, s / g }'

record "$work/one" "$name-$new-again" "$new"
again=$(logbytes "$work/one")
echo "== the same compilation recorded again: +$((again - one)) bytes (goal <= 65536)"

record "$work/two" "$name-$old" "$old"
first=$(logbytes "$work/two")
from=$(bin/mmsb stats --store "$work/two" 2>/dev/null | awk '/^epochs:/ {print $2}')
record "$work/two" "$name-$new" "$new"
second=$(logbytes "$work/two")
cells=$(bin/mmsb diff --store "$work/two" --from "$from" --count 2>/dev/null)
echo "== $old then $new: $old took $first bytes, $new added $((second - first)) bytes; cells that differ between the two states: $cells"
if [ "$cells" -gt 0 ]; then
  awk -v b="$((second - first))" -v c="$cells" 'BEGIN { printf "bytes per changed cell: %.2f\n", b / c }'
fi
