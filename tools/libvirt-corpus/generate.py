#!/usr/bin/env python3
"""Generate the golden libvirt corpus of addralloc from a real libvirt daemon.

Every verdict, message and output in the corpus comes from running
`virsh -c qemu:///system define` / `dumpxml --inactive` / `undefine` against
libvirt 9.0 + QEMU 7.2; nothing is predicted here. The inputs are drawn from a
seeded random generator, so the same seed gives the same inputs (presets,
round trips and faults start from libvirt's own output of a clean variant,
which is deterministic once the <uuid> is stripped).

Usage: generate.py --seed 1 --count 720 --out src/test/resources/libvirt/corpus
Python 3 standard library only.
"""

import argparse
import collections
import os
import random
import shutil
import sys
import tempfile

from corpuslib import faults
from corpuslib.messages import shape
from corpuslib.mix import family, random_mix, KINDS, Mix
from corpuslib.virsh import URI, Virsh
from corpuslib.xmlbuild import drop_subset, normalize_dumped, parse, to_text

FAULTS = faults.registry(faults.GENERATE)

PREFIX = "addralloc-gen-"

MACHINES = [("pc", 40), ("q35", 40), ("pc-i440fx-7.2", 10), ("pc-q35-7.2", 10)]
RECIPES = [("mixed", 30), ("presets", 20), ("many-devices", 10), ("dumpxml-roundtrip", 10), ("fault", 30)]


# --------------------------------------------------------------------------------------------
# building domains


def many_mix(rng, machine):
    mix = Mix(rng, machine)
    if mix.fam == "pc":
        target = rng.randint(28, 60)
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                mix.pci_controller("pci-bridge")
        makers = [lambda: mix.interface(), lambda: mix.disk("virtio"), lambda: mix.interface(rng.choice(["virtio", "e1000", "rtl8139"])),
                  lambda: mix.scsi_controller(), lambda: mix.rng_dev(), lambda: mix.shmem(), lambda: mix.sound(),
                  lambda: mix.vserial_controller()]
        weights = [6, 6, 3, 1, 1, 1, 1, 1]
    else:
        target = rng.randint(12, 45)
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 24)):
                mix.pci_controller("pcie-root-port")
        makers = [lambda: mix.interface("virtio"), lambda: mix.disk("virtio"), lambda: mix.interface("e1000e"),
                  lambda: mix.interface(rng.choice(["e1000", "rtl8139"])), lambda: mix.scsi_controller(),
                  lambda: mix.rng_dev(), lambda: mix.usb_controller("qemu-xhci"), lambda: mix.vserial_controller(),
                  lambda: mix.sound()]
        weights = [6, 6, 2, 1, 1, 1, 1, 1, 1]
    made = 0
    while made < target:
        if rng.choices(makers, weights)[0]() is not None:
            made += 1
    for _ in range(rng.randint(0, 4)):
        fn, _ = KINDS[rng.choice(["input", "channel", "console", "video", "memballoon", "watchdog"])]
        fn(mix)
    return mix


# --------------------------------------------------------------------------------------------
# the run


class Generator:
    def __init__(self, args):
        self.args = args
        self.virsh = Virsh(args.uri)
        self.tmp = tempfile.mkdtemp(prefix="addralloc-corpus-")
        self.rows = []

    def base(self, rng, cid, machine, maker):
        """A clean variant libvirt accepts, and libvirt's output for it."""
        for attempt in range(20):
            mix = maker(rng, machine)
            root = mix.root(PREFIX + cid + "-base")
            ok, msg, out = self.virsh.trial(to_text(root), PREFIX + cid + "-base", self.tmp)
            if ok:
                return mix, out
        raise SystemExit("no clean variant accepted for " + cid)

    def make_case(self, cid, recipe, fault):
        rng = random.Random("%d-%s" % (self.args.seed, cid))
        machine = rng.choices([m for m, _ in MACHINES], [w for _, w in MACHINES])[0]
        fam = family(machine)
        name = PREFIX + cid
        if recipe == "mixed":
            return machine, random_mix(rng, machine).root(name)
        if recipe == "many-devices":
            return machine, many_mix(rng, machine).root(name)
        if recipe == "dumpxml-roundtrip":
            maker = many_mix if rng.random() < 0.3 else random_mix
            _, out = self.base(rng, cid, machine, maker)
            return machine, normalize_dumped(parse(out), name)
        if recipe == "presets":
            _, out = self.base(rng, cid, machine, random_mix)
            root = normalize_dumped(parse(out), name, machine, rng.random() < 0.5, rng)
            drop_subset(rng, root, rng.uniform(0.2, 0.8), rng.choice([0, 0.2, 0.4]))
            return machine, root
        # fault
        fams, prepare, apply = FAULTS[fault]
        if fam not in fams:
            machine = rng.choice(["q35", "pc-q35-7.2"] if "q35" in fams else ["pc", "pc-i440fx-7.2"])
        for attempt in range(20):
            def maker(r, m):
                mix = random_mix(r, m, size=r.randint(0, 6))
                prepare(mix)
                return mix
            _, out = self.base(rng, cid, machine, maker)
            root = normalize_dumped(parse(out), name, machine, rng.random() < 0.4, rng)
            involved = apply(rng, root, family(machine))
            if involved:
                if rng.random() < 0.4:
                    drop_subset(rng, root, rng.uniform(0.2, 0.9), 0, protect=involved)
                return machine, root
        raise SystemExit("fault %s not applicable for %s" % (fault, cid))

    def run(self):
        args = self.args
        self.virsh.cleanup(PREFIX)
        out_cases = os.path.join(args.out, "cases")
        if os.path.isdir(out_cases):
            shutil.rmtree(out_cases)
        os.makedirs(out_cases)
        plan = random.Random(args.seed)
        recipes = []
        for r, w in RECIPES:
            recipes += [r] * round(args.count * w / 100)
        while len(recipes) < args.count:
            recipes.append("mixed")
        recipes = recipes[:args.count]
        plan.shuffle(recipes)
        fault_names = list(FAULTS)
        plan.shuffle(fault_names)
        fi = 0
        for i, recipe in enumerate(recipes, 1):
            cid = "c%04d" % i
            fault = "none"
            if recipe == "fault":
                fault = fault_names[fi % len(fault_names)]
                fi += 1
            machine, root = self.make_case(cid, recipe, fault)
            text = to_text(root)
            ok, msg, dumped = self.virsh.trial(text, PREFIX + cid, self.tmp)
            d = os.path.join(out_cases, cid)
            os.makedirs(d)
            with open(os.path.join(d, "input.xml"), "w", encoding="utf-8") as f:
                f.write(text)
            if ok:
                with open(os.path.join(d, "output.xml"), "w", encoding="utf-8") as f:
                    f.write(dumped)
            self.rows.append((cid, family(machine), recipe, fault, "accepted" if ok else "rejected", msg))
            if i % 50 == 0:
                print("%d/%d cases (%d virsh calls)" % (i, args.count, self.virsh.calls), file=sys.stderr)
        with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
            f.write("id\tmachine\tkind\tfault\tverdict\tmessage\n")
            for row in self.rows:
                f.write("\t".join(row) + "\n")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.virsh.cleanup(PREFIX)
        return self.summary()

    def summary(self):
        rows = self.rows
        acc = sum(1 for r in rows if r[4] == "accepted")
        lines = ["seed %d, %d cases: %d accepted, %d rejected" % (self.args.seed, len(rows), acc, len(rows) - acc), ""]

        def table(title, col):
            lines.append("%-34s %6s %9s %9s" % (title, "cases", "accepted", "rejected"))
            counts = collections.OrderedDict()
            for r in rows:
                c = counts.setdefault(r[col], [0, 0])
                c[0 if r[4] == "accepted" else 1] += 1
            for k in sorted(counts):
                a, j = counts[k]
                lines.append("%-34s %6d %9d %9d" % (k, a + j, a, j))
            lines.append("")

        table("machine", 1)
        table("recipe", 2)
        table("fault", 3)
        lines.append("rejection messages (numbers replaced by N):")
        msgs = collections.Counter(shape(r[5]) for r in rows if r[4] == "rejected")
        for m, n in sorted(msgs.items(), key=lambda x: (-x[1], x[0])):
            lines.append("%5d  %s" % (n, m))
        return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=720)
    ap.add_argument("--out", required=True, help="corpus directory (manifest.tsv and cases/ are replaced)")
    ap.add_argument("--uri", default=URI)
    ap.add_argument("--readme", help="also write the summary between the summary markers of this README")
    args = ap.parse_args()
    summary = Generator(args).run()
    print(summary)
    if args.readme:
        with open(args.readme, encoding="utf-8") as f:
            text = f.read()
        start, end = "<!-- summary:start -->", "<!-- summary:end -->"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = head + start + "\n```\n" + summary + "\n```\n" + end + tail
            with open(args.readme, "w", encoding="utf-8") as f:
                f.write(text)


if __name__ == "__main__":
    main()
