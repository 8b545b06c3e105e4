#!/usr/bin/env python3
"""Writes N varied libvirt domain files (pc and q35, some addresses preset) for benchmarks.

Usage: PYTHONPATH=tools/libvirt-corpus python3 tools/bench/gen_domains.py N DIR [SEED] (it builds
with corpuslib.xmlbuild). Deterministic for a given seed. Files are what an infrastructure
repository holds: one domain per file, a handful of disks and NICs each."""
import os
import random
import sys

try:
    from corpuslib.xmlbuild import domain_text, simple
except ImportError:
    raise SystemExit("gen_domains.py needs tools/libvirt-corpus on PYTHONPATH (it builds with corpuslib.xmlbuild)")


def domain(i, rng):
    q35 = rng.random() < 0.5
    name = "bench%05d" % i
    dev = []
    disks = rng.randint(1, 4)
    for d in range(disks):
        bus = rng.choice(["virtio", "sata" if q35 else "ide", "scsi"])
        tgt = {"virtio": "vd", "sata": "sd", "scsi": "sd", "ide": "hd"}[bus] + "abcdefgh"[d]
        if bus in ("sata", "scsi") and any(x for x in dev if ("dev='sd" + "abcdefgh"[d]) in x):
            bus, tgt = "virtio", "vd" + "abcdefgh"[d]
        dev.append(simple("disk", "type='file' device='disk'", ["<source file='/var/lib/libvirt/images/%s-%d.qcow2'/>" % (name, d),
                                                                "<target dev='%s' bus='%s'/>" % (tgt, bus)]))
    for n in range(rng.randint(1, 3)):
        model = rng.choice(["virtio", "e1000e" if q35 else "e1000", "rtl8139"])
        mac = "52:54:%02x:%02x:%02x:%02x" % ((i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, n)
        dev.append(simple("interface", "type='network'", ["<mac address='%s'/>" % mac, "<source network='default'/>",
                                                          "<model type='%s'/>" % model]))
    if rng.random() < 0.7:
        dev.append(simple("channel", "type='unix'", ["<target type='virtio' name='org.qemu.guest_agent.0'/>"]))
    if rng.random() < 0.5:
        dev.append(simple("input", "type='tablet' bus='usb'"))
    dev.append(simple("graphics", "type='vnc'"))
    if rng.random() < 0.3:
        dev.append(simple("rng", "model='virtio'", ["<backend model='random'>/dev/urandom</backend>"]))
    return domain_text(name, " arch='x86_64' machine='%s'" % ("q35" if q35 else "pc"), dev,
                       "<memory unit='MiB'>1024</memory>", "<vcpu>2</vcpu>")


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        sub = os.path.join(out, "rack%02d" % (i // 500))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "bench%05d.xml" % i), "w") as f:
            f.write(domain(i, rng))


if __name__ == "__main__":
    main()
