#!/usr/bin/env bash
# verify's per-file cost of the working tree against an earlier commit, measured in one run on the
# same files, so that both meet the same machine load (docs/benchmarks.md has figures and method).
# Builds BASE in a temporary git worktree and the working tree (into target-bench), generates FILES
# domain files with gen_domains.py, then runs ROUNDS rounds; each round runs, in turn, BASE and the
# working tree, each in a fresh JVM, once with Maven's default JIT and once with
# -XX:TieredStopAtLevel=1 (what the README tells repositories of definitions to use):
#   - VerifyPasses: verify's own check per file in one warm JVM, one thread (fastest of 3 passes);
#   - the whole process's CPU time (user + system) for those passes, JIT warm-up included.
# Prints each round and the median ratio working tree / BASE of each figure.
# Usage: tools/bench/compare-builds.sh BASE [FILES=10000] [ROUNDS=5]
set -euo pipefail
BASE=${1:?usage: compare-builds.sh BASE [FILES] [ROUNDS]}; FILES=${2:-10000}; ROUNDS=${3:-5}
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/addralloc-compare.XXXXXX")
cleanup() { git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

build() { # DIR BUILD_DIR OUT: package the plugin in DIR and compile the bench tools against it into OUT
  (cd "$1" && ./mvnw -B -q package -DskipTests -Dinvoker.skip -Daddralloc.buildDir="$2" >/dev/null &&
    ./mvnw -B -q dependency:build-classpath -Daddralloc.buildDir="$2" -Dmdep.outputFile="$3.cp" >/dev/null)
  mkdir -p "$3"
  echo "$1/$2/classes:$(cat "$3.cp")" > "$3.cp"
  javac -d "$3" -cp "$(cat "$3.cp")" "$here/BareParse.java" "$here/VerifyPasses.java"
}
git -C "$repo" worktree add --detach "$work/base" "$BASE" >/dev/null 2>&1
build "$work/base" target "$work/tools-base"
build "$repo" target-bench "$work/tools-new"
PYTHONPATH="$here/../libvirt-corpus" python3 "$here/gen_domains.py" "$FILES" "$work/files" 1 >/dev/null

run() { # NAME JVM_FLAGS...: prints "us_per_file cpu_seconds"
  local name=$1; shift
  local out; out=$(mktemp)
  local line
  line=$(/usr/bin/time -f '%U %S' -o "$out" java "$@" -cp "$work/tools-$name:$(cat "$work/tools-$name.cp")" \
    VerifyPasses "$work/files" 3 | sed -n 's/.* \([0-9.]*\) us\/file.*/\1/p')
  echo "$line $(awk '{ printf "%.2f", $1 + $2 }' "$out")"; rm -f "$out"
}
declare -A ratios
printf '%-6s %-8s %12s %12s %10s %10s\n' round jit "base us" "new us" "base cpu" "new cpu"
for r in $(seq "$ROUNDS"); do
  for jit in default c1; do
    flags=(); [ "$jit" = c1 ] && flags=(-XX:TieredStopAtLevel=1)
    read -r bu bc < <(run base "${flags[@]}")
    read -r nu nc < <(run new "${flags[@]}")
    printf '%-6s %-8s %12s %12s %10s %10s\n' "$r" "$jit" "$bu" "$nu" "$bc" "$nc"
    ratios[$jit-us]+="$(python3 -c "print($nu/$bu)") "; ratios[$jit-cpu]+="$(python3 -c "print($nc/$bc)") "
  done
done
for k in default-us default-cpu c1-us c1-cpu; do
  python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[2:]]; print('median new/base %-12s %.3f (%s)' % (sys.argv[1], statistics.median(v), ', '.join('%.3f' % x for x in v)))" "$k" ${ratios[$k]}
done
