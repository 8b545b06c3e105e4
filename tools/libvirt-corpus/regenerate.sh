#!/usr/bin/env bash
# Regenerates the committed golden corpus (seed 1, 720 cases) under
# src/test/resources/libvirt/corpus from a real libvirt 9.0 daemon, and the summary in README.md.
# Starts the daemon with the shared script beside the repository when none answers.
#   tools/libvirt-corpus/regenerate.sh                 the committed corpus
#   tools/libvirt-corpus/regenerate.sh --seed 2 --count 600 --out /tmp/corpus-seed2
#                                                      any other corpus (README left alone)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bash "$repo/../shared/libvirt/start-libvirtd.sh"
if [ $# -eq 0 ]; then
  exec python3 "$here/generate.py" --seed 1 --count 720 \
    --out "$repo/src/test/resources/libvirt/corpus" --readme "$here/README.md"
fi
exec python3 "$here/generate.py" "$@"
