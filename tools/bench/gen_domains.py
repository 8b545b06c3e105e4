#!/usr/bin/env python3
"""Writes N varied libvirt domain files (pc and q35, some addresses preset) for benchmarks.

Usage: gen_domains.py N DIR [SEED]. Deterministic for a given seed. Files are what an
infrastructure repository holds: one domain per file, a handful of disks and NICs each."""
import os
import random
import sys


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
        dev.append("    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/%s-%d.qcow2'/>\n"
                   "      <target dev='%s' bus='%s'/>\n    </disk>" % (name, d, tgt, bus))
    for n in range(rng.randint(1, 3)):
        model = rng.choice(["virtio", "e1000e" if q35 else "e1000", "rtl8139"])
        mac = "52:54:%02x:%02x:%02x:%02x" % ((i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, n)
        dev.append("    <interface type='network'>\n      <mac address='%s'/>\n      <source network='default'/>\n"
                   "      <model type='%s'/>\n    </interface>" % (mac, model))
    if rng.random() < 0.7:
        dev.append("    <channel type='unix'>\n      <target type='virtio' name='org.qemu.guest_agent.0'/>\n    </channel>")
    if rng.random() < 0.5:
        dev.append("    <input type='tablet' bus='usb'/>")
    dev.append("    <graphics type='vnc'/>")
    if rng.random() < 0.3:
        dev.append("    <rng model='virtio'>\n      <backend model='random'>/dev/urandom</backend>\n    </rng>")
    return ("<domain type='qemu'>\n  <name>%s</name>\n  <memory unit='MiB'>1024</memory>\n  <vcpu>2</vcpu>\n"
            "  <os>\n    <type arch='x86_64' machine='%s'>hvm</type>\n  </os>\n  <devices>\n%s\n  </devices>\n"
            "</domain>\n") % (name, "q35" if q35 else "pc", "\n".join(dev))


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
