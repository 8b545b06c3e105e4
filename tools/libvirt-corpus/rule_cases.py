#!/usr/bin/env python3
"""Give every rule case of src/test/resources/libvirt/rules to a live libvirt 9.0 daemon again.

Each case is a small domain file (`<name>.xml`) with a row in `cases.tsv`: name, libvirt's
verdict, the addralloc rule expected for a rejection (or `-`), and libvirt's message. The
verdict and message columns come from `virsh define`; the rule column is ours and is kept.

  rule_cases.py            define every case, rewrite the verdict and message columns
  rule_cases.py --check    define every case, report the rows whose verdict or message changed
  rule_cases.py NAME...    only these cases (a new case gets a row with rule `?` to fill in)

The domain is defined as `addralloc-rule-<name>` and undefined again.
Python 3 standard library only.
"""

import os
import re
import sys
import tempfile

from corpuslib.virsh import URI, Virsh

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "..", "src", "test", "resources", "libvirt", "rules")


def main():
    args = sys.argv[1:]
    check = "--check" in args
    names = [a for a in args if not a.startswith("--")]
    path = os.path.join(RULES, "cases.tsv")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = {}
    order = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            rows[cols[0]] = cols
            order.append(cols[0])
    for n in names:
        if n not in rows:
            rows[n] = [n, "", "?", ""]
            order.append(n)
    virsh = Virsh(URI)
    tmp = tempfile.mkdtemp(prefix="addralloc-rule-")
    changed = 0
    for n in (names or order):
        with open(os.path.join(RULES, n + ".xml"), encoding="utf-8") as f:
            text = f.read()
        name = "addralloc-rule-" + re.sub(r"[^A-Za-z0-9_.-]", "_", n)
        text = re.sub(r"<name>[^<]*</name>", "<name>" + name + "</name>", text, count=1)
        accepted, message, _ = virsh.trial(text, name, tmp)
        verdict = "accepted" if accepted else "rejected"
        row = rows[n]
        while len(row) < 4:
            row.append("")
        if row[1] != verdict or row[3] != message:
            changed += 1
            print("%s: %s %s -> %s %s" % (n, row[1], row[3], verdict, message))
            row[1], row[3] = verdict, message
        if accepted and row[2] == "?":
            row[2] = "-"
    if check:
        sys.exit(1 if changed else 0)
    out = [lines[0]] + ["\t".join(rows[n]) for n in order]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("%d cases, %d changed" % (len(names or order), changed))


if __name__ == "__main__":
    main()
