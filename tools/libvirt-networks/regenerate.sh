#!/usr/bin/env bash
# Records libvirt 9.0's verdict on every network case under src/test/resources/libvirt/networks:
# net-define each cases/NAME.xml, write "accepted" or "rejected<TAB>message" to verdicts.tsv,
# and undefine it again. Starts the daemon with the shared script when none answers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir="$repo/src/test/resources/libvirt/networks"
bash "$repo/../shared/libvirt/start-libvirtd.sh"
out="$dir/verdicts.tsv"
printf 'case\tverdict\tmessage\n' > "$out"
for f in "$dir"/cases/*.xml; do
  id=$(basename "$f" .xml)
  name=$(sed -n 's:.*<name>\([^<]*\)</name>.*:\1:p' "$f" | head -1)
  virsh -q -c qemu:///system net-undefine "$name" >/dev/null 2>&1 || true
  if err=$(virsh -q -c qemu:///system net-define "$f" 2>&1 >/dev/null); then
    printf '%s\taccepted\t\n' "$id" >> "$out"
    virsh -q -c qemu:///system net-undefine "$name" >/dev/null
  else
    msg=$(printf '%s\n' "$err" | grep -v 'Failed to define' | sed 's/^error: //' | tr '\n' ' ' | sed 's/ *$//')
    printf '%s\trejected\t%s\n' "$id" "$msg" >> "$out"
  fi
done
echo "wrote $out"
