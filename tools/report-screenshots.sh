#!/usr/bin/env bash
# The README's screenshots of the report, made anew from today's code: builds the plugin into a
# local repository of its own, runs addralloc:report on a copy of examples/infra-repo, and has
# headless Chromium (Debian's chromium package, installed if missing; nothing else is fetched)
# take the index and the page of the q35 domain web01.
# Usage: tools/report-screenshots.sh   (writes docs/report-index.png and docs/report-web01.png)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/addralloc-screens.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
repo_opts=(-Dmaven.repo.local="$work/m2" -Dmaven.repo.local.tail="$HOME/.m2/repository")
(cd "$repo" && ./mvnw -B -q install -DskipTests -Dinvoker.skip -Daddralloc.buildDir=target-screens "${repo_opts[@]}")
cp -r "$repo/examples/infra-repo" "$work/example"
"$repo/mvnw" -B -q -f "$work/example/pom.xml" addralloc:report "${repo_opts[@]}" >/dev/null
pages="$work/example/target/addralloc/report"
shot() { # PAGE OUT HEIGHT
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
    --window-size=1280,"$3" --screenshot="$2" "file://$pages/$1" >/dev/null 2>&1
}
shot index.html "$repo/docs/report-index.png" 420
shot files/vms_web01.xml.html "$repo/docs/report-web01.png" 1400
echo "wrote docs/report-index.png and docs/report-web01.png"
