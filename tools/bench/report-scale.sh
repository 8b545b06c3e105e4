#!/usr/bin/env bash
# What addralloc:report costs beyond verify's own work (docs/benchmarks.md has the figures): installs
# the plugin into a local repository of its own, generates FILES domain files (gen_domains.py), then
# runs ROUNDS rounds, each a full Maven run of `addralloc:verify` (cache off, so every file is checked)
# and one of `addralloc:report` (which checks every file the same way, then builds and writes the
# pages; from the second round on it also replaces the pages of the round before), one after the
# other so that both meet the same machine load. Each is timed as a whole process: wall time and CPU
# time (user + system, all threads). Both with the README's .mvn/jvm.config (-XX:TieredStopAtLevel=1)
# and with Maven's default JVM. Prints every round, then the median and the best of report - verify.
# Usage: tools/bench/report-scale.sh [FILES=10000] [ROUNDS=5]
set -euo pipefail
FILES=${1:-10000}; ROUNDS=${2:-5}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/addralloc-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
repo_opts=(-Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository")
(cd "$repo" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Daddralloc.buildDir=target-bench "${repo_opts[@]}" >/dev/null)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -1)
p="$work/project"
mkdir -p "$p"
python3 "$here/gen_domains.py" "$FILES" "$p/vms" 1 >/dev/null
cat > "$p/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>io.addralloc</groupId><artifactId>addralloc-maven-plugin</artifactId>
<version>$version</version><configuration><directories><directory>vms</directory></directories></configuration>
</plugin></plugins></build></project>
POM
mvn=("$repo/mvnw" -B -q -f "$p/pom.xml" "${repo_opts[@]}")
measure() { # a command's wall time and CPU time (user + system), in seconds
  local out; out=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out"; rm -f "$out"
}
"${mvn[@]}" addralloc:verify -Daddralloc.cache=false >/dev/null 2>&1 || true # Maven's own caches, once
printf 'machine: %s cores, %s; load before: %s\n' "$(nproc)" "$(java -version 2>&1 | head -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
for jvm in "-XX:TieredStopAtLevel=1" ""; do
  if [ -n "$jvm" ]; then mkdir -p "$p/.mvn" && echo "$jvm" > "$p/.mvn/jvm.config"; else rm -rf "$p/.mvn"; fi
  rm -rf "$p/target"
  label="with .mvn/jvm.config $jvm (README)"; [ -n "$jvm" ] || label="Maven's default JVM (no .mvn/jvm.config)"
  echo "-- $label"
  printf '%-6s %10s %10s %10s %10s %12s %12s\n' round "verify s" "cpu s" "report s" "cpu s" "extra wall" "extra cpu"
  extras=(); cpus=()
  for r in $(seq "$ROUNDS"); do
    read -r vw vc < <(measure "${mvn[@]}" addralloc:verify -Daddralloc.cache=false)
    read -r rw rc < <(measure "${mvn[@]}" addralloc:report)
    ew=$(python3 -c "print(f'{$rw - $vw:.2f}')"); ec=$(python3 -c "print(f'{$rc - $vc:.2f}')")
    printf '%-6s %10s %10s %10s %10s %12s %12s\n' "$r" "$vw" "$vc" "$rw" "$rc" "$ew" "$ec"
    extras+=("$ew"); cpus+=("$ec")
  done
  python3 -c "import statistics,sys; w=[float(x) for x in sys.argv[1].split()]; c=[float(x) for x in sys.argv[2].split()]; print('report - verify: median %.2f s wall (best %.2f), median %.2f s CPU (best %.2f)' % (statistics.median(w), min(w), statistics.median(c), min(c)))" "${extras[*]}" "${cpus[*]}"
done
pages=$(find "$p/target/addralloc/report" -type f | wc -l)
printf 'pages: %s files, %s\n' "$pages" "$(du -sh "$p/target/addralloc/report" | cut -f1)"
printf 'load after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
