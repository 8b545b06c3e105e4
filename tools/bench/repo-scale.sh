#!/usr/bin/env bash
# Repository-scale benchmark for addralloc:verify (docs/benchmarks.md has the figures).
# Generates domain files, then measures in one run on the same files:
#   - verify's marginal per-file cost: (wall time for LARGE files - wall time for SMALL) / (LARGE - SMALL),
#     each a full `mvn verify` with the cache off, best of REPS;
#   - the wall time of LARGE files with Maven's start, cold and then warm (cache on, nothing changed);
#   - virt-xml-validate (libvirt's schema check, one process per file, as users run it today) on SAMPLE files;
#   - the floor: a bare dom4j parse of every file in one warm JVM.
# Usage: tools/bench/repo-scale.sh [LARGE=10000] [SMALL=200] [SAMPLE=200] [REPS=3]
set -euo pipefail
LARGE=${1:-10000}; SMALL=${2:-200}; SAMPLE=${3:-200}; REPS=${4:-3}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/addralloc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$repo"
./mvnw -B -q install -DskipTests -Dinvoker.skip -Daddralloc.buildDir=target-bench >/dev/null
mvnw="$repo/mvnw"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)

project() { # DIR N: a project with N generated domain files
  mkdir -p "$1"
  python3 "$here/gen_domains.py" "$2" "$1/vms" 1
  cat > "$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>io.addralloc</groupId><artifactId>addralloc-maven-plugin</artifactId>
<version>$version</version><configuration><directories><directory>vms</directory></directories></configuration>
<executions><execution><goals><goal>verify</goal></goals></execution></executions></plugin></plugins></build></project>
POM
}
calc() { python3 -c "print($1)"; }
seconds() { # run a command, print its wall time in seconds
  local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); calc "$t1 - $t0"
}
best() { # best of REPS runs of a command
  local b=999999 t; for _ in $(seq "$REPS"); do t=$(seconds "$@"); b=$(calc "min($t, $b)"); done; echo "$b"
}
project "$work/small" "$SMALL"
project "$work/large" "$LARGE"
# Warm Maven's own caches once so the first timed run is not a download.
"$mvnw" -B -q -f "$work/small/pom.xml" verify -Daddralloc.cache=false >/dev/null 2>&1 || true

t_small=$(best "$mvnw" -B -q -f "$work/small/pom.xml" verify -Daddralloc.cache=false)
t_large=$(best "$mvnw" -B -q -f "$work/large/pom.xml" verify -Daddralloc.cache=false)
rm -rf "$work/large/target"
t_cold=$(seconds "$mvnw" -B -q -f "$work/large/pom.xml" verify)
t_warm=$(best "$mvnw" -B -q -f "$work/large/pom.xml" verify)
per_verify=$(calc "($t_large - $t_small) * 1000000 / ($LARGE - $SMALL)")

command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }
mapfile -t sample < <(find "$work/large/vms" -name '*.xml' | sort | head -n "$SAMPLE")
t0=$(date +%s.%N); for f in "${sample[@]}"; do virt-xml-validate "$f" domain >/dev/null 2>&1 || true; done; t1=$(date +%s.%N)
per_validate=$(calc "($t1 - $t0) * 1000000 / ${#sample[@]}")

cp=$(find ~/.m2/repository/org/dom4j/dom4j/2.1.4 -name 'dom4j-2.1.4.jar' | head -1)
floor_line=$(java -cp "$cp" "$here/BareParse.java" "$work/large/vms" 7)
per_floor=$(echo "$floor_line" | sed -n 's/.*files, \([0-9.]*\) us\/file.*/\1/p')

printf 'machine: %s cores, %s\n' "$(nproc)" "$(java -version 2>&1 | head -1)"
printf 'files: small %d, large %d; virt-xml-validate sample %d; best of %d\n' "$SMALL" "$LARGE" "${#sample[@]}" "$REPS"
printf 'mvn verify, %d files, cache off: %.2f s\n' "$SMALL" "$t_small"
printf 'mvn verify, %d files, cache off: %.2f s\n' "$LARGE" "$t_large"
printf 'mvn verify, %d files, cold (no cache yet): %.2f s\n' "$LARGE" "$t_cold"
printf 'mvn verify, %d files, unchanged second run (cache): %.2f s\n' "$LARGE" "$t_warm"
printf 'verify marginal cost: %.1f us/file\n' "$per_verify"
printf 'virt-xml-validate: %.1f us/file\n' "$per_validate"
printf '%s\n' "$floor_line"
printf 'verify / floor: %.2fx; virt-xml-validate / verify: %.0fx\n' "$(calc "$per_verify / $per_floor")" \
  "$(calc "$per_validate / $per_verify")"
