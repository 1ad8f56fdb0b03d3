#!/usr/bin/env bash
# Whole-process overhead of recording with mmsb-scalac vs plain scalac 3.3.7, on the real libraries
# the mmsb-scalac tests compile (sources fetched by its build). For each library: RUNS alternating
# runs of `java dotty.tools.dotc.Main` without and with -Xplugin (a fresh store each time), wall
# and CPU (user + sys) time from /usr/bin/time; prints the raw times, the medians and their ratios,
# and the load average before and after (the machine may be shared: CPU time is the steadier figure).
# Usage: scripts/scalac-overhead.sh [RUNS [LIBRARIES]]   (after: mvn -pl mmsb-scalac -am package)
# MMSB_PLUGIN=<jar or class path> replaces the -plugin jar.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
runs="${1:-5}"
libs=mmsb-scalac/target/scala-libs
plugin="${MMSB_PLUGIN:-$(ls mmsb-scalac/target/mmsb-scalac-*-plugin.jar | head -1)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$MVN -q -o -N dependency:build-classpath -f mmsb-scalac/pom.xml -Dmdep.includeScope=provided -Dmdep.outputFile="$work/cp.txt" >/dev/null
compiler=$(tr ':' '\n' < "$work/cp.txt" | grep -E 'scala|jline|compiler-interface|util-interface' | paste -sd:)
stdlib=$(tr ':' '\n' < "$work/cp.txt" | grep -E 'scala3-library_3|scala-library' | paste -sd:)
flags=(--add-opens=java.base/java.nio=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Darrow.allocation.manager.type=Unsafe)
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for lib in ${2:-sourcecode geny fansi pprint}; do
  cp="$stdlib"
  case $lib in fansi) cp="$cp:$(ls $libs/jars/sourcecode_3-*.jar)";; pprint) cp="$cp:$(ls $libs/jars/sourcecode_3-*.jar):$(ls $libs/jars/fansi_3-*.jar)";; esac
  mapfile -t srcs < <(find "$libs/src/$lib" -name '*.scala' | sort)
  : > "$work/plain.txt"; : > "$work/mmsb.txt"; : > "$work/plain-cpu.txt"; : > "$work/mmsb-cpu.txt"
  for i in $(seq "$runs"); do
    for mode in plain mmsb; do
      out="$work/out-$mode"; rm -rf "$out" "$work/store"; mkdir -p "$out"
      extra=(); [ $mode = mmsb ] && extra=(-Xplugin:"$plugin" -P:mmsb:store="$work/store" -P:mmsb:id="$lib")
      /usr/bin/time -f '%e %U %S' -o "$work/t" "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$compiler" dotty.tools.dotc.Main \
        -classpath "$cp" -d "$out" "${extra[@]}" "${srcs[@]}" >/dev/null 2>&1
      read -r wall user sys < "$work/t"
      echo "$wall" >> "$work/$mode.txt"
      awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f\n", u + s}' >> "$work/$mode-cpu.txt"
    done
  done
  p=$(median < "$work/plain.txt"); m=$(median < "$work/mmsb.txt")
  pc=$(median < "$work/plain-cpu.txt"); mc=$(median < "$work/mmsb-cpu.txt")
  echo "$lib (${#srcs[@]} files): wall plain [$(paste -sd' ' "$work/plain.txt")] s, median $p s; with mmsb [$(paste -sd' ' "$work/mmsb.txt")] s, median $m s; ratio $(awk -v a="$m" -v b="$p" 'BEGIN {printf "%.3f", a/b}')"
  echo "$lib (${#srcs[@]} files): cpu  plain [$(paste -sd' ' "$work/plain-cpu.txt")] s, median $pc s; with mmsb [$(paste -sd' ' "$work/mmsb-cpu.txt")] s, median $mc s; ratio $(awk -v a="$mc" -v b="$pc" 'BEGIN {printf "%.3f", a/b}')"
  rm -f "$work"/plain*.txt "$work"/mmsb*.txt
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
