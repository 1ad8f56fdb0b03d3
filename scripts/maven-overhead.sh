#!/usr/bin/env bash
# Whole-build overhead of recording with the MMSB javac plugin in a Maven build, set up as the
# README says, against the same build without it. Takes the sources of a real library without
# dependencies from Maven Central (default: commons-lang3 3.18.0), makes two Maven projects of
# them under target/maven-overhead/ (plain, and with the plugin in annotationProcessorPaths and
# -Xplugin in compilerArgs), then runs `mvn -o -q compile` in each, alternating, RUNS times after
# one warm-up pair (each run from a clean target/ and, with the plugin, a fresh store). Prints the
# wall, CPU (user + sys) and peak RSS of every run (/usr/bin/time), their medians and the ratios
# of the medians, the load average before and after, and whether the class files are identical.
# Usage: scripts/maven-overhead.sh [GROUP:ARTIFACT VERSION [RUNS [RELEASE]]]   (RELEASE: javac's --release, default 25;
# a library written for an older Java may need its own, e.g. commons-collections4 with 8)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
ga=${1:-org.apache.commons:commons-lang3}
version=${2:-3.18.0}
runs=${3:-5}
release=${4:-25}
root=$(pwd)
work=target/maven-overhead/${ga##*:}-$version
$MVN -q -DskipTests -pl mmsb-javac -am install >/dev/null # the README's one-time install
rm -rf "$work"
mkdir -p "$work/src"
$MVN -q dependency:unpack -Dartifact="$ga:$version:jar:sources" -DoutputDirectory="$work/src" -Dmdep.overWriteReleases=true >/dev/null
rm -rf "$work/src/META-INF"
find "$work/src" \( -name module-info.java -o ! -name '*.java' \) -type f -delete
files=$(find "$work/src" -name '*.java' | wc -l)
[ "$files" -gt 0 ] || { echo "no Java sources in $ga:$version:sources" >&2; exit 1; }
echo "$ga $version: $files source files; $runs alternating runs of mvn -o -q compile after a warm-up pair"
plugin='<annotationProcessorPaths>
        <path><groupId>io.mmsb</groupId><artifactId>mmsb-javac</artifactId><version>0.1.0-SNAPSHOT</version></path>
      </annotationProcessorPaths>'
for mode in plain mmsb; do
  p="$work/$mode"
  mkdir -p "$p/src/main" "$p/.mvn"
  cp -r "$work/src" "$p/src/main/java"
  echo "--sun-misc-unsafe-memory-access=allow -Darrow.allocation.manager.type=Unsafe" > "$p/.mvn/jvm.config"
  args='<arg>-nowarn</arg><arg>-Xlint:none</arg>'
  extra=''
  if [ $mode = mmsb ]; then
    args="$args<arg>-Xplugin:MMSB store=\${project.basedir}/mmsb-store classes=\${project.build.outputDirectory} build=full</arg>"
    extra=$plugin
  fi
  cat > "$p/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>demo</groupId><artifactId>${ga##*:}-build</artifactId><version>1</version>
  <properties>
    <maven.compiler.release>$release</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version>
    <configuration>
      $extra
      <compilerArgs>$args</compilerArgs>
    </configuration>
  </plugin></plugins></build>
</project>
EOF
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 "$runs"); do
  for mode in plain mmsb; do
    p="$work/$mode"
    rm -rf "$p/target" "$p/mmsb-store"
    (cd "$p" && /usr/bin/time -f '%e %U %S %M' -o "$root/$work/t" mvn -o -q -B compile > "$root/$work/$mode.log" 2>&1) \
      || { echo "mvn compile failed in $p:" >&2; tail -20 "$work/$mode.log" >&2; exit 1; }
    read -r wall user sys rss < "$work/t"
    [ "$i" -eq 0 ] && continue # warm-up pair (page cache, ~/.m2 reads)
    echo "$wall" >> "$work/$mode.wall"
    awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f\n", u + s}' >> "$work/$mode.cpu"
    echo "$rss" >> "$work/$mode.rss"
  done
done
for what in wall cpu rss; do
  p=$(median < "$work/plain.$what"); m=$(median < "$work/mmsb.$what")
  echo "$what: plain [$(paste -sd' ' "$work/plain.$what")] median $p; mmsb [$(paste -sd' ' "$work/mmsb.$what")] median $m; ratio $(awk -v a="$m" -v b="$p" 'BEGIN {printf "%.2f", a/b}')"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sum() { (cd "$1/target/classes" && find . -name '*.class' | sort | xargs cat | sha256sum); }
[ "$(sum "$work/plain")" = "$(sum "$work/mmsb")" ] && echo "class files: identical" || echo "class files: DIFFERENT"
