#!/usr/bin/env bash
# Repository-scale benchmark for addralloc:verify (docs/benchmarks.md has the figures and the method).
# Generates domain files, then measures in one run on the same files:
#   - verify's marginal per-file cost: (time for LARGE files - time for SMALL) / (LARGE - SMALL), each a full
#     `mvn verify` with the cache off, best of REPS rounds that run SMALL and LARGE in turn (so both meet the
#     same load); in wall time and in CPU time (user + system, all threads: on a shared machine CPU time is
#     the steadier of the two);
#   - the same marginal cost between LARGE and 2 x LARGE files (the cost of one more file once the JVM has
#     compiled the hot code: the SMALL-to-LARGE figure carries most of the JIT's warm-up);
#   - the same marginal cost for a bare dom4j parse in a plain JVM, cold, on as many threads as verify uses;
#   - the wall time of LARGE files with Maven's start, cold (no cache yet) and unchanged (cache on, nothing
#     changed), best of REPS each;
#   - verify's check and a bare dom4j parse per file in one warm JVM, one thread (BareParse, VerifyPasses);
#   - virt-xml-validate (libvirt's schema check, one process per file, as users run it today) on SAMPLE files.
# Every mvn figure is taken twice on the same files: with the `.mvn/jvm.config` the README tells repositories
# of definitions to use (-XX:TieredStopAtLevel=1), and with Maven's default JVM (no jvm.config).
# Usage: tools/bench/repo-scale.sh [LARGE=10000] [SMALL=200] [SAMPLE=200] [REPS=3]
# MAVEN_OPTS reaches every mvn run on top of the jvm.config (not the plain JVMs of the floor).
set -euo pipefail
LARGE=${1:-10000}; SMALL=${2:-200}; SAMPLE=${3:-200}; REPS=${4:-3}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/addralloc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$repo"
load_before=$(uptime)
# The plugin under test goes to a local repository of its own, so that another build on this machine
# installing the same version meanwhile cannot swap it; everything else still comes from ~/.m2
# (a read-only tail, Maven 3.9+).
repo_opts=(-Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository")
./mvnw -B -q install -DskipTests -Dinvoker.skip -Daddralloc.buildDir=target-bench "${repo_opts[@]}" >/dev/null
mvnw="$repo/mvnw"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
threads=$(nproc) # what verify's parallel stream uses: the common pool plus the calling thread

project() { # DIR N: a project with N generated domain files
  mkdir -p "$1"
  PYTHONPATH="$here/../libvirt-corpus" python3 "$here/gen_domains.py" "$2" "$1/vms" 1
  cat > "$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>bench</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>io.addralloc</groupId><artifactId>addralloc-maven-plugin</artifactId>
<version>$version</version><configuration><directories><directory>vms</directory></directories></configuration>
<executions><execution><goals><goal>verify</goal></goals></execution></executions></plugin></plugins></build></project>
POM
}
calc() { python3 -c "print($1)"; }
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
measure() { # run a command; print its wall time and its CPU time (user + system), in seconds
  local out; out=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out"; rm -f "$out"
}
best() { # best of REPS runs of a command: the lowest wall time and the lowest CPU time
  local bw=999999 bc=999999 w c
  for _ in $(seq "$REPS"); do
    read -r w c < <(measure "$@"); bw=$(calc "min($w, $bw)"); bc=$(calc "min($c, $bc)")
  done
  echo "$bw $bc"
}
in_turn() { # ARRAY_A ARRAY_B: REPS rounds of the two commands, one after the other; the best of each, "wA cA wB cB"
  local -n first=$1 second=$2
  local wa=999999 ca=999999 wb=999999 cb=999999 w c
  for _ in $(seq "$REPS"); do
    read -r w c < <(measure "${first[@]}"); wa=$(calc "min($w, $wa)"); ca=$(calc "min($c, $ca)")
    read -r w c < <(measure "${second[@]}"); wb=$(calc "min($w, $wb)"); cb=$(calc "min($c, $cb)")
  done
  echo "$wa $ca $wb $cb"
}
project "$work/small" "$SMALL"
project "$work/large" "$LARGE"
project "$work/xlarge" "$((2 * LARGE))"
mvn=("$mvnw" -B -q "${repo_opts[@]}")
# Warm Maven's own caches once so the first timed run is not a download.
"${mvn[@]}" -f "$work/small/pom.xml" verify -Daddralloc.cache=false >/dev/null 2>&1 || true

RECOMMENDED_JVM_CONFIG="-XX:TieredStopAtLevel=1" # README, "Large repositories"
jvm_config() { # CONTENT or empty: the .mvn/jvm.config of every generated project, or none
  local d
  for d in "$work/small" "$work/large" "$work/xlarge"; do
    if [ -n "$1" ]; then mkdir -p "$d/.mvn" && printf '%s\n' "$1" > "$d/.mvn/jvm.config"; else rm -rf "$d/.mvn"; fi
  done
}
small_verify=("${mvn[@]}" -f "$work/small/pom.xml" verify -Daddralloc.cache=false)
large_verify=("${mvn[@]}" -f "$work/large/pom.xml" verify -Daddralloc.cache=false)
xlarge_verify=("${mvn[@]}" -f "$work/xlarge/pom.xml" verify -Daddralloc.cache=false)
verify_figures() { # the mvn figures under the current jvm.config, on one line (see the read below)
  local t_small c_small t_large c_large t_large2 c_large2 t_xlarge c_xlarge t_cold c_cold t_warm c_warm
  read -r t_small c_small t_large c_large < <(in_turn small_verify large_verify)
  read -r t_large2 c_large2 t_xlarge c_xlarge < <(in_turn large_verify xlarge_verify)
  # Cold: the cache is removed before each run, so the best of REPS is as fair as for the other figures.
  read -r t_cold c_cold < <(best bash -c 'rm -rf "$1/target" && exec "${@:2}"' _ "$work/large" "${mvn[@]}" \
    -f "$work/large/pom.xml" verify)
  read -r t_warm c_warm < <(best "${mvn[@]}" -f "$work/large/pom.xml" verify)
  # LARGE is timed in both pairs; its best time is the base of the LARGE to 2 x LARGE figure.
  local t_best c_best; t_best=$(calc "min($t_large, $t_large2)"); c_best=$(calc "min($c_large, $c_large2)")
  echo "$t_small $c_small $t_best $c_best $t_xlarge $c_xlarge $t_cold $c_cold $t_warm $c_warm" \
    "$(calc "($t_large - $t_small) * 1000000 / ($LARGE - $SMALL)")" \
    "$(calc "($c_large - $c_small) * 1000000 / ($LARGE - $SMALL)")" \
    "$(calc "($t_xlarge - $t_best) * 1000000 / $LARGE")" "$(calc "($c_xlarge - $c_best) * 1000000 / $LARGE")"
}
jvm_config "$RECOMMENDED_JVM_CONFIG"
read -r -a rec < <(verify_figures)
jvm_config ""
read -r -a def < <(verify_figures)

dom4j=$(find ~/.m2/repository/org/dom4j/dom4j/2.1.4 -name 'dom4j-2.1.4.jar' | head -1)
cp="$work/classes:$repo/target-bench/classes:$dom4j"
javac -d "$work/classes" -cp "$cp" "$here/BareParse.java" "$here/VerifyPasses.java"
small_parse=(java -cp "$cp" BareParse "$work/small/vms" 1 "$threads")
large_parse=(java -cp "$cp" BareParse "$work/large/vms" 1 "$threads")
read -r f_small fc_small f_large fc_large < <(in_turn small_parse large_parse)
per_floor_cold=$(calc "($f_large - $f_small) * 1000000 / ($LARGE - $SMALL)")
cpu_floor_cold=$(calc "($fc_large - $fc_small) * 1000000 / ($LARGE - $SMALL)")
floor_lines=$(java -cp "$cp" BareParse "$work/large/vms" 7)
per_floor=$(echo "$floor_lines" | sed -n 's/.*files, \([0-9.]*\) us\/file (one reader.*/\1/p')
per_floor_new=$(echo "$floor_lines" | sed -n 's/.*new reader per file.* files, \([0-9.]*\) us\/file.*/\1/p')
verify_line=$(java -cp "$cp" VerifyPasses "$work/large/vms" 7)
per_verify_warm=$(echo "$verify_line" | sed -n 's/.*files, \([0-9.]*\) us\/file.*/\1/p')

command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null; }
mapfile -t sample < <(find "$work/large/vms" -name '*.xml' | sort | head -n "$SAMPLE")
t0=$(date +%s.%N); for f in "${sample[@]}"; do virt-xml-validate "$f" domain >/dev/null 2>&1 || true; done; t1=$(date +%s.%N)
per_validate=$(calc "($t1 - $t0) * 1000000 / ${#sample[@]}")

printf 'machine: %s cores, %s\n' "$(nproc)" "$(java -version 2>&1 | head -1)"
printf 'MAVEN_OPTS (on top of the jvm.config): %s\n' "${MAVEN_OPTS:-(none)}"
printf 'files: small %d, large %d; virt-xml-validate sample %d; best of %d\n' "$SMALL" "$LARGE" "${#sample[@]}" "$REPS"
report_verify() { # LABEL FIGURES...: the mvn lines for one JVM setting
  local label=$1; shift; local f=("$@")
  printf -- '-- verify, %s\n' "$label"
  printf 'mvn verify, %d files, cache off: %.2f s (CPU %.2f s)\n' "$SMALL" "${f[0]}" "${f[1]}"
  printf 'mvn verify, %d files, cache off: %.2f s (CPU %.2f s)\n' "$LARGE" "${f[2]}" "${f[3]}"
  printf 'mvn verify, %d files, cache off: %.2f s (CPU %.2f s)\n' "$((2 * LARGE))" "${f[4]}" "${f[5]}"
  printf 'mvn verify, %d files, cold (no cache yet): %.2f s (CPU %.2f s)\n' "$LARGE" "${f[6]}" "${f[7]}"
  printf 'mvn verify, %d files, unchanged second run (cache): %.2f s (CPU %.2f s)\n' "$LARGE" "${f[8]}" "${f[9]}"
  printf 'marginal cost, cold, %d threads: %.1f us/file wall, %.1f us/file CPU\n' "$threads" "${f[10]}" "${f[11]}"
  printf 'marginal cost, %d to %d files, %d threads: %.1f us/file wall, %.1f us/file CPU\n' "$LARGE" \
    "$((2 * LARGE))" "$threads" "${f[12]}" "${f[13]}"
  printf 'verify marginal / warm floor: %.2fx (%d to %d files), %.2fx (%d to %d files)\n' \
    "$(calc "${f[10]} / $per_floor")" "$SMALL" "$LARGE" "$(calc "${f[12]} / $per_floor")" "$LARGE" "$((2 * LARGE))"
  printf 'verify marginal / bare parse marginal, both cold: %.2fx wall, %.2fx CPU\n' \
    "$(calc "${f[10]} / $per_floor_cold")" "$(calc "${f[11]} / $cpu_floor_cold")"
  printf 'virt-xml-validate / verify marginal (wall): %.0fx\n' "$(calc "$per_validate / ${f[10]}")"
}
printf 'bare parse JVM, %d / %d files, %d threads: %.2f / %.2f s (CPU %.2f / %.2f s)\n' "$SMALL" "$LARGE" \
  "$threads" "$f_small" "$f_large" "$fc_small" "$fc_large"
printf 'bare parse marginal, cold, %d threads: %.1f us/file wall, %.1f us/file CPU\n' "$threads" \
  "$per_floor_cold" "$cpu_floor_cold"
printf 'warm, one thread: verify %.1f us/file, bare parse (the floor) %.1f us/file (%.1f with a new reader per file); verify / floor %.2fx\n' \
  "$per_verify_warm" "$per_floor" "$per_floor_new" "$(calc "$per_verify_warm / $per_floor")"
printf 'virt-xml-validate: %.1f us/file\n' "$per_validate"
report_verify "with .mvn/jvm.config $RECOMMENDED_JVM_CONFIG (README)" "${rec[@]}"
report_verify "Maven's default JVM (no .mvn/jvm.config)" "${def[@]}"
printf 'before: %s\nafter:  %s\n' "$load_before" "$(uptime)"
