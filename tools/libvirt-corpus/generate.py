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

import random

from corpuslib import cli, corpus, faults
from corpuslib.mix import KINDS, Mix, family, random_mix
from corpuslib.virsh import session
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


class Generator(corpus.Drawer):
    """Draws the cases; presets, round trips and faults start from libvirt's output of a clean
    variant."""

    def base(self, rng, cid, machine, maker):
        """A clean variant libvirt accepts, and libvirt's output for it."""
        name = PREFIX + cid + "-base"

        def draw():
            mix = maker(rng, machine)
            return mix, to_text(mix.root(name))
        return self.accepted(draw, name, cid)

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

    def cases(self):
        args = self.args
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
        cases = []
        for i, recipe in enumerate(recipes, 1):
            cid = "c%04d" % i
            fault = "none"
            if recipe == "fault":
                fault = fault_names[fi % len(fault_names)]
                fi += 1
            machine, root = self.make_case(cid, recipe, fault)
            cases.append((cid, family(machine), recipe, fault, to_text(root)))
            cli.progress(i, args.count, 50)
        return cases


def main():
    ap = cli.parser(__doc__)
    cli.add_run(ap, 720)
    ap.add_argument("--readme", help="also write the summary between the summary markers of this README")
    args = ap.parse_args()
    with session(PREFIX, args.uri) as (virsh, tmp):
        cases = Generator(args, virsh, tmp).cases()
    summary = corpus.summary(args.seed, corpus.judge_and_write(cases, args.out, PREFIX, uri=args.uri))
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
