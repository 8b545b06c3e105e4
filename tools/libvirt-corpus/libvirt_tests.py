#!/usr/bin/env python3
"""Turn libvirt 9.0.0's own test inputs into a golden corpus of addralloc.

Reads every domain XML of `tests/qemuxml2argvdata` and `tests/qemuxml2xmloutdata` of a libvirt
9.0.0 source tree (Debian 12's source package holds the release tarball: see README.md), keeps
those for x86_64, i686, s390x, ppc64, ppc64le and aarch64, adapts each as little as a define on
this machine needs, and asks the live daemon for its verdict and its `dumpxml --inactive`.

The adaptations, all textual so that the rest of the file stays byte for byte as libvirt's
authors wrote it:
  - the domain's <name> becomes addralloc-lt-<n> (unique on the daemon),
  - the domain's own <uuid> is dropped (libvirt's tests reuse a handful of UUIDs),
  - <emulator> names this machine's QEMU binary for the architecture,
  - <domain type='kvm'> (or 'hvf') becomes type='qemu' (no KVM here),
  - a <sysinfo> entry naming a UUID is dropped (it would become the domain's UUID).

Nothing is predicted: the verdict, libvirt's message and its output are what the daemon said.
The manifest's `fault` column sorts rejections by libvirt's message into `address` (about
addresses, buses, controllers or ports: what addralloc must flag) and `other` (CPU features,
firmware, host resources, ...: out of scope), by the patterns of ADDRESS_MESSAGES below.

Usage: libvirt_tests.py --src LIBVIRT_SOURCE_TREE --out DIR [--jobs 4]
       libvirt_tests.py --probes DIR --out DIR     the same for a flat directory of domain
                                                   files of our own (case id: the file's name)
       libvirt_tests.py --rejudge CORPUS           judge a corpus's inputs again, in place
Python 3 standard library only.
"""

import hashlib
import os
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

from corpuslib import cli
from corpuslib.corpus import Case, judge_and_write

PREFIX = "addralloc-lt-"
DIRS = [("argv", "tests/qemuxml2argvdata"), ("out", "tests/qemuxml2xmloutdata")]
EMULATORS = {"x86_64": "/usr/bin/qemu-system-x86_64", "i686": "/usr/bin/qemu-system-i386",
             "s390x": "/usr/bin/qemu-system-s390x", "ppc64": "/usr/bin/qemu-system-ppc64",
             "ppc64le": "/usr/bin/qemu-system-ppc64", "aarch64": "/usr/bin/qemu-system-aarch64"}

# A rejection is about addresses (in scope for addralloc) when libvirt's message matches one of the
# patterns in this file, which the Java Scorecard reads too; everything else (CPU features,
# firmware, TPM versions, graphics, host resources, ...) is `other`.
ADDRESS_MESSAGES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test",
                                     "resources", "libvirt", "address-messages.txt")
with open(ADDRESS_MESSAGES_FILE, encoding="utf-8") as _f:
    ADDRESS_MESSAGES = [line for line in _f.read().split("\n") if line.strip() and not line.startswith("#")]


def machine_of(root):
    os_type = root.find("os/type")
    arch = os_type.get("arch") if os_type is not None else None
    machine = os_type.get("machine") if os_type is not None else None
    return arch or "x86_64", machine


def family(arch, machine):
    if arch in ("x86_64", "i686"):
        if machine is None or machine == "pc" or machine.startswith("pc-i440fx-") or re.match(r"pc-\d", machine):
            return "pc"
        if machine == "q35" or machine.startswith("pc-q35-"):
            return "q35"
        return "x86-other"
    if arch == "s390x":
        return "s390x"
    if arch in ("ppc64", "ppc64le"):
        return "pseries" if machine is None or machine.startswith("pseries") else "ppc-other"
    if arch == "aarch64":
        return "virt" if machine is None or machine.startswith("virt") else "arm-other"
    return None


def adapt(text, name, arch):
    """The minimal edits a define here needs; returns the new text or None when not a domain."""
    devices_at = text.find("<devices")
    limit = devices_at if devices_at >= 0 else len(text)
    m = re.search(r"<name>[^<]*</name>", text)
    if m is None or m.start() > limit:
        return None
    text = text[:m.start()] + "<name>" + name + "</name>" + text[m.end():]
    limit = text.find("<devices") if devices_at >= 0 else len(text)
    m = re.search(r"[ \t]*<uuid>[^<]*</uuid>[ \t]*\r?\n?", text)
    if m is not None and m.start() < limit:
        text = text[:m.start()] + text[m.end():]
    text = re.sub(r"<emulator>[^<]*</emulator>", "<emulator>" + EMULATORS[arch] + "</emulator>", text, count=1)
    text = re.sub(r"(<domain\b[^>]*\btype=)(['\"])(kvm|hvf)\2", r"\1\2qemu\2", text, count=1)
    # <sysinfo> may give the domain its UUID too; libvirt's tests share one.
    text = re.sub(r"[ \t]*<entry name=(['\"])uuid\1>[^<]*</entry>[ \t]*\r?\n?", "", text)
    return text


def classify(message):
    return "address" if any(re.search(p, message) for p in ADDRESS_MESSAGES) else "other"


def main():
    ap = cli.parser(__doc__)
    ap.add_argument("--src", help="libvirt 9.0.0 source tree (holds tests/)")
    ap.add_argument("--probes", help="a directory of domain files to judge instead")
    ap.add_argument("--rejudge", help="a corpus whose cases/*/input.xml to judge again")
    ap.add_argument("--out")
    ap.add_argument("--jobs", type=int, default=4)
    args = ap.parse_args()

    if sum(1 for a in (args.src, args.probes, args.rejudge) if a) != 1:
        ap.error("give one of --src, --probes and --rejudge")
    if args.rejudge:
        args.out = args.rejudge
        staged = tempfile.mkdtemp(prefix="addralloc-rejudge-")
        with open(os.path.join(args.rejudge, "manifest.tsv"), encoding="utf-8") as f:
            ids = [line.split("\t")[0] for line in f.read().split("\n")[1:] if line.strip()]
        for cid in ids:
            shutil.copy(os.path.join(args.rejudge, "cases", cid, "input.xml"), os.path.join(staged, cid + ".xml"))
        args.probes = staged
    if not args.out:
        ap.error("--out is needed")
    inputs = []
    seen = {}
    dirs = DIRS if args.src else [("probe", None)]
    for kind, rel in dirs:
        d = os.path.join(args.src, rel) if args.src else args.probes
        for fn in sorted(os.listdir(d)):
            if not fn.endswith(".xml"):
                continue
            path = os.path.join(d, fn)
            with open(path, "rb") as f:
                raw = f.read()
            digest = hashlib.sha256(raw).hexdigest()
            if digest in seen:
                continue  # a link or copy of a file already taken
            try:
                root = ET.fromstring(raw)
            except ET.ParseError:
                continue
            if root.tag != "domain":
                continue
            arch, machine = machine_of(root)
            if arch not in EMULATORS:
                continue
            fam = family(arch, machine)
            cid = kind + "." + fn[:-4] if args.src else fn[:-4]
            seen[digest] = cid
            inputs.append((cid, kind, fam, arch, raw.decode("utf-8")))

    cases = []
    for n, (cid, kind, fam, arch, text) in enumerate(inputs):
        name = PREFIX + str(n)
        adapted = adapt(text, name, arch)
        if adapted is not None:
            cases.append(Case(cid, fam, kind, "none", adapted, name))
    rows = judge_and_write(cases, args.out, PREFIX, args.jobs,
                           fault_of=lambda accepted, message: "none" if accepted else classify(message))
    if args.rejudge:
        shutil.rmtree(args.probes, ignore_errors=True)
    by = {}
    for cid, fam, kind, fault, verdict, _ in rows:
        key = (fam, verdict, fault)
        by[key] = by.get(key, 0) + 1
    for key in sorted(by):
        print("%-10s %-8s %-8s %5d" % (key + (by[key],)), file=sys.stderr)


if __name__ == "__main__":
    main()
