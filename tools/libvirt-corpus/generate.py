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
import copy
import os
import random
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

from corpuslib.messages import shape
from corpuslib.virsh import URI, Virsh

PREFIX = "addralloc-gen-"

MACHINES = [("pc", 40), ("q35", 40), ("pc-i440fx-7.2", 10), ("pc-q35-7.2", 10)]
RECIPES = [("mixed", 30), ("presets", 20), ("many-devices", 10), ("dumpxml-roundtrip", 10), ("fault", 30)]


def family(machine):
    return "q35" if "q35" in machine else "pc"


# --------------------------------------------------------------------------------------------
# building domains


def E(tag, attrib=None, *children, text=None):
    el = ET.Element(tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    for c in children:
        if c is not None:
            el.append(c)
    if text is not None:
        el.text = text
    return el


def disk_suffix(i):
    """libvirt's disk name index: 0 -> a, 25 -> z, 26 -> aa."""
    s = ""
    i += 1
    while i > 0:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def to_text(root):
    root = copy.deepcopy(root)
    for el in root.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


class Mix:
    """A domain under construction: the <devices> children plus a little state."""

    def __init__(self, rng, machine):
        self.rng = rng
        self.machine = machine
        self.fam = family(machine)
        self.devs = []
        self.used_names = set()
        self.macs = set()
        self.count = collections.Counter()
        self.spice = False
        self.graphics = None
        self.pci_explicit = rng.random() < 0.7
        self.pci_next = 1
        self.pci_root_added = False
        self.usb_next = 0
        self.vser = 0
        self.chan_names = set()
        self.memory = rng.choice([262144, 524288, 1048576, 2097152])
        self.vcpu = rng.choice([None, 1, 2, 4])

    def add(self, el):
        self.devs.append(el)
        self.count[el.tag] += 1
        return el

    # -- naming helpers
    def new_target(self, prefix, lo, hi):
        free = [i for i in range(lo, hi) if prefix + disk_suffix(i) not in self.used_names]
        if not free:
            return None
        # prefer low letters, sometimes anywhere
        i = free[0] if self.rng.random() < 0.5 else self.rng.choice(free)
        name = prefix + disk_suffix(i)
        self.used_names.add(name)
        return name

    def new_mac(self):
        while True:
            mac = "52:54:00:%02x:%02x:%02x" % (self.rng.randrange(256), self.rng.randrange(256),
                                              self.rng.randrange(256))
            if mac not in self.macs:
                self.macs.add(mac)
                return mac

    def need_spice(self):
        if not self.spice:
            self.spice = True
            self.graphics = "spice"

    # -- devices
    def disk(self, bus=None, device=None):
        rng = self.rng
        if bus is None:
            choices = ["virtio", "virtio", "sata", "scsi", "usb", "fdc"] + (["ide", "ide"] if self.fam == "pc" else [])
            bus = rng.choice(choices)
        if bus == "fdc":
            device = "floppy"
            name = self.new_target("fd", 0, 2)
        elif bus == "ide":
            device = device or rng.choice(["disk", "cdrom", "cdrom"])
            name = self.new_target("hd", 0, 4)
        elif bus == "virtio":
            device = "disk"
            name = self.new_target("vd", 0, 26 if rng.random() < 0.9 else 60)
        else:
            if device is None:
                device = "cdrom" if rng.random() < 0.25 else "disk"
            name = self.new_target("sd", 0, 8 if rng.random() < 0.7 else 40)
        if name is None:
            return None
        children = []
        if device == "disk":
            fmt = rng.choice(["qcow2", "raw"])
            children.append(E("driver", {"name": "qemu", "type": fmt}))
            children.append(E("source", {"file": "/var/lib/libvirt/images/%s.%s" % (name, fmt)}))
        elif device == "floppy":
            children.append(E("source", {"file": "/var/lib/libvirt/images/%s.img" % name}))
        elif rng.random() < 0.5:
            children.append(E("source", {"file": "/var/lib/libvirt/images/install.iso"}))
        children.append(E("target", {"dev": name, "bus": bus}))
        if device == "cdrom":
            children.append(E("readonly"))
        return self.add(E("disk", {"type": "file", "device": device}, *children))

    def controller(self, ctype, model=None, index=None, **extra):
        attrs = {"type": ctype, "index": None if index is None else str(index), "model": model}
        attrs.update({k: str(v) for k, v in extra.items() if v is not None})
        return self.add(E("controller", attrs))

    def scsi_controller(self):
        idx = self.rng.choice([None, self.count["scsi-ctl"]])
        self.count["scsi-ctl"] += 1
        return self.controller("scsi", self.rng.choice(["virtio-scsi", "virtio-scsi", "lsilogic"]), idx)

    def vserial_controller(self, ports=None):
        ports = ports if ports is not None else (self.rng.choice([1, 2, 4, 8, 16, 31]) if self.rng.random() < 0.5 else None)
        idx = self.vser if self.rng.random() < 0.6 else None
        if idx is None and self.vser > 0:
            idx = self.vser
        self.vser += 1
        return self.controller("virtio-serial", None, idx, ports=ports)

    def usb_controller(self, model=None, ports=None):
        rng = self.rng
        model = model or rng.choice(["piix3-uhci", "ich9-ehci1", "qemu-xhci", "qemu-xhci", "nec-xhci", "ich9-set"])
        idx = self.usb_next
        self.usb_next += 1
        show_idx = idx if (idx > 0 or rng.random() < 0.6) else None
        if model == "ich9-set":
            self.controller("usb", "ich9-ehci1", idx)
            for n, start in ((1, 0), (2, 2), (3, 4)):
                self.add(E("controller", {"type": "usb", "index": str(idx), "model": "ich9-uhci%d" % n},
                           E("master", {"startport": str(start)})))
            return None
        if ports is None and model.endswith("xhci") and rng.random() < 0.5:
            ports = rng.choice([2, 4, 6, 8, 15])
        return self.controller("usb", model, show_idx, ports=ports if model.endswith("xhci") else None)

    def pci_controller(self, model):
        if self.pci_explicit:
            idx = self.pci_next
            self.pci_next += 1
            return self.controller("pci", model, idx)
        if not self.pci_root_added:
            self.pci_root_added = True
            self.devs.insert(0, E("controller", {"type": "pci", "index": "0",
                                                 "model": "pcie-root" if self.fam == "q35" else "pci-root"}))
        return self.controller("pci", model)

    def pci_controllers(self):
        rng = self.rng
        if self.fam == "pc":
            for _ in range(rng.choice([1, 1, 2])):
                self.pci_controller("pci-bridge")
        else:
            r = rng.random()
            if r < 0.5:
                for _ in range(rng.randint(1, 6)):
                    self.pci_controller("pcie-root-port")
            elif r < 0.8:
                self.pci_controller("pcie-root-port")
                self.pci_controller("pcie-to-pci-bridge")
            else:
                self.pci_controller("dmi-to-pci-bridge")
                if rng.random() < 0.7:
                    self.pci_controller("pci-bridge")

    def interface(self, model=None):
        model = model or self.rng.choice(["virtio", "virtio", "e1000", "e1000e", "rtl8139", None])
        return self.add(E("interface", {"type": "user"}, E("mac", {"address": self.new_mac()}),
                          E("model", {"type": model}) if model else None))

    def filesystem(self):
        n = self.count["filesystem"]
        return self.add(E("filesystem", {"type": "mount", "accessmode": "mapped"},
                          E("source", {"dir": "/srv/share%d" % n}), E("target", {"dir": "share%d" % n})))

    def video(self):
        primary = self.count["video"] == 0
        model = self.rng.choice(["qxl", "vga", "virtio", "cirrus", "bochs"] if primary else ["qxl", "virtio"])
        return self.add(E("video", None, E("model", {"type": model})))

    def sound(self):
        model = self.rng.choice(["ich6", "ich9", "ac97", "es1370"])
        codecs = []
        if model in ("ich6", "ich9") and self.rng.random() < 0.6:
            codecs.append(E("codec", {"type": self.rng.choice(["duplex", "micro", "output"])}))
        return self.add(E("sound", {"model": model}, *codecs))

    def watchdog(self):
        if self.count["watchdog"]:
            return None
        return self.add(E("watchdog", {"model": self.rng.choice(["i6300esb", "ib700"]),
                                       "action": self.rng.choice(["reset", "poweroff", None])}))

    def memballoon(self):
        if self.count["memballoon"]:
            return None
        return self.add(E("memballoon", {"model": self.rng.choice(["virtio", "virtio", "none"])}))

    def rng_dev(self):
        return self.add(E("rng", {"model": "virtio"}, E("backend", {"model": "random"}, text="/dev/urandom")))

    def input_dev(self, bus=None):
        rng = self.rng
        bus = bus or rng.choice(["usb", "usb", "virtio", "ps2"])
        kinds = ["mouse", "keyboard"] if bus == "ps2" else ["tablet", "mouse", "keyboard"]
        return self.add(E("input", {"type": rng.choice(kinds), "bus": bus}))

    def hub(self):
        return self.add(E("hub", {"type": "usb"}))

    def redirdev(self):
        self.need_spice()
        return self.add(E("redirdev", {"bus": "usb", "type": "spicevmc"}))

    def smartcard(self):
        if self.count["smartcard"]:
            return None
        self.need_spice()
        if self.rng.random() < 0.4 and not self.count["ccid"]:
            self.count["ccid"] += 1
            self.controller("ccid", None, 0 if self.rng.random() < 0.5 else None)
        return self.add(E("smartcard", {"mode": "passthrough", "type": "spicevmc"}))

    def ccid(self):
        if self.count["ccid"]:
            return None
        self.count["ccid"] += 1
        return self.controller("ccid")

    def shmem(self):
        n = self.count["shmem"]
        return self.add(E("shmem", {"name": "shmem%d" % n}, E("model", {"type": "ivshmem-plain"}),
                          E("size", {"unit": "M"}, text=str(self.rng.choice([1, 2, 4, 8, 16])))))

    def vsock(self):
        if self.count["vsock"]:
            return None
        return self.add(E("vsock", {"model": "virtio"}, E("cid", {"auto": "yes"})))

    def channel(self, kind=None):
        kind = kind or self.rng.choice(["unix", "unix", "spicevmc"])
        if kind == "spicevmc":
            if "com.redhat.spice.0" in self.chan_names:
                kind = "unix"
            else:
                self.need_spice()
                self.chan_names.add("com.redhat.spice.0")
                return self.add(E("channel", {"type": "spicevmc"},
                                  E("target", {"type": "virtio", "name": "com.redhat.spice.0"})))
        for name in ["org.qemu.guest_agent.0"] + ["org.example.chan.%d" % i for i in range(64)]:
            if name not in self.chan_names:
                break
        self.chan_names.add(name)
        return self.add(E("channel", {"type": "unix"}, E("target", {"type": "virtio", "name": name})))

    def console(self):
        return self.add(E("console", {"type": "pty"}, E("target", {"type": "virtio"})))

    def serial(self):
        if self.rng.random() < 0.25:
            return self.add(E("serial", {"type": "pty"}, E("target", {"type": "pci-serial"})))
        return self.add(E("serial", {"type": "pty"}))

    def panic(self):
        if self.count["panic"]:
            return None
        return self.add(E("panic", {"model": "isa"}))

    def tpm(self):
        if self.count["tpm"]:
            return None
        return self.add(E("tpm", {"model": "tpm-tis"}, E("backend", {"type": "passthrough"},
                                                         E("device", {"path": "/dev/tpm0"}))))

    def iommu(self):
        if self.count["iommu"] or self.fam != "q35":
            return None
        return self.add(E("iommu", {"model": "intel"}))

    # -- whole domain
    def root(self, name):
        dom = E("domain", {"type": "qemu"})
        dom.append(E("name", text=name))
        dom.append(E("memory", {"unit": "KiB"}, text=str(self.memory)))
        if self.vcpu:
            dom.append(E("vcpu", None, text=str(self.vcpu)))
        dom.append(E("os", None, E("type", {"arch": "x86_64", "machine": self.machine}, text="hvm")))
        if self.count["iommu"] or self.rng.random() < 0.3:
            dom.append(E("features", None, E("acpi"), E("apic")))
        devices = E("devices")
        for d in self.devs:
            devices.append(d)
        if self.graphics:
            devices.append(E("graphics", {"type": self.graphics}))
        dom.append(devices)
        return dom


KINDS = {
    "disk": (Mix.disk, 4), "interface": (Mix.interface, 3), "scsi": (Mix.scsi_controller, 2),
    "virtio-serial": (Mix.vserial_controller, 2), "usb": (Mix.usb_controller, 2),
    "pci": (Mix.pci_controllers, 1), "ccid": (Mix.ccid, 1), "filesystem": (Mix.filesystem, 2),
    "video": (Mix.video, 3), "sound": (Mix.sound, 2), "watchdog": (Mix.watchdog, 1),
    "memballoon": (Mix.memballoon, 1), "rng": (Mix.rng_dev, 2), "input": (Mix.input_dev, 3),
    "hub": (Mix.hub, 2), "redirdev": (Mix.redirdev, 2), "smartcard": (Mix.smartcard, 1),
    "shmem": (Mix.shmem, 2), "vsock": (Mix.vsock, 1), "channel": (Mix.channel, 3),
    "console": (Mix.console, 2), "serial": (Mix.serial, 2), "panic": (Mix.panic, 1),
    "tpm": (Mix.tpm, 1), "iommu": (Mix.iommu, 1),
}
COMMON = ["disk", "disk", "disk", "interface", "interface", "video", "input", "channel", "usb", "scsi"]


def random_mix(rng, machine, size=None):
    mix = Mix(rng, machine)
    if rng.random() < 0.15 and size is None:
        return mix  # nearly empty domains: only what libvirt adds
    kinds = list(KINDS)
    n = size if size is not None else rng.randint(2, 12)
    picks = [rng.choice(kinds + COMMON) for _ in range(n)]
    for k in picks:
        fn, most = KINDS[k]
        for _ in range(rng.randint(1, most)):
            fn(mix)
    if rng.random() < 0.15 and not mix.graphics:
        mix.graphics = "vnc"
    return mix


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
# transforming libvirt output


def parse(text):
    return ET.fromstring(text)


def devices_of(root):
    return root.find("devices")


def addr(el):
    return el.find("address")


def atype(el):
    a = addr(el)
    return a.get("type") if a is not None else None


def num(v, default=0):
    if v is None:
        return default
    try:
        return int(v, 0)
    except ValueError:
        return default


BOILERPLATE = ["currentMemory", "vcpu", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash"]


def normalize_dumped(root, name, machine=None, strip_boilerplate=False, rng=None):
    """Make libvirt's output an input: drop the uuid, rename, optionally restore the machine alias."""
    for u in root.findall("uuid"):
        root.remove(u)
    root.find("name").text = name
    if machine is not None:
        root.find("os").find("type").set("machine", machine)
    if strip_boilerplate:
        for tag in BOILERPLATE:
            for el in root.findall(tag):
                if rng.random() < 0.7:
                    root.remove(el)
        devs = devices_of(root)
        for em in devs.findall("emulator"):
            devs.remove(em)
    return root


def clear_refs(devs, ctype, idx):
    for el in list(devs):
        a = addr(el)
        if a is None:
            continue
        t = a.get("type")
        hit = False
        if ctype == "pci" and t == "pci" and num(a.get("bus")) == idx:
            hit = True
        elif t == "drive" and el.tag == "disk" and num(a.get("controller")) == idx:
            tgt = el.find("target")
            hit = tgt is not None and tgt.get("bus") == ctype
        elif t == ctype and ctype in ("virtio-serial", "ccid") and num(a.get("controller")) == idx:
            hit = True
        elif ctype == "usb" and t == "usb" and num(a.get("bus")) == idx:
            hit = True
        if hit:
            el.remove(a)


def drop_subset(rng, root, p_addr, p_ctrl, protect=()):
    """Drop a random subset of controllers (with every address referring to them) and addresses."""
    devs = devices_of(root)
    protect = set(id(p) for p in protect)
    if p_ctrl > 0:
        ctrls = [c for c in devs if c.tag == "controller" and c.get("type") != "pci"]
        seen = set()
        for c in ctrls:
            key = (c.get("type"), c.get("index"))
            if key in seen or rng.random() >= p_ctrl:
                continue
            seen.add(key)
            for d in [d for d in devs if d.tag == "controller" and (d.get("type"), d.get("index")) == key]:
                devs.remove(d)
            clear_refs(devs, key[0], num(key[1]))
        while rng.random() < p_ctrl:
            pcis = [c for c in devs if c.tag == "controller" and c.get("type") == "pci" and num(c.get("index")) > 0]
            if not pcis:
                break
            top = max(pcis, key=lambda c: num(c.get("index")))
            devs.remove(top)
            clear_refs(devs, "pci", num(top.get("index")))
    for el in list(devs):
        if id(el) in protect:
            continue
        a = addr(el)
        if a is not None and rng.random() < p_addr:
            el.remove(a)
            if el.tag == "hub" and a.get("type") == "usb":
                # devices behind the hub follow it wherever libvirt puts it
                behind = a.get("port", "") + "."
                for d in devs:
                    da = addr(d)
                    if (da is not None and da.get("type") == "usb" and da.get("bus") == a.get("bus")
                            and da.get("port", "").startswith(behind)):
                        d.remove(da)


# --------------------------------------------------------------------------------------------
# faults: prepare(mix) adds what the fault needs; apply(rng, root, fam) injects it into libvirt's
# fully addressed output and returns the elements involved (falsy when not applicable).


def with_addr(root, t, tags=None, exclude_ctrl=False):
    out = []
    for el in devices_of(root):
        if atype(el) == t and (tags is None or el.tag in tags):
            if exclude_ctrl and el.tag == "controller":
                continue
            out.append(el)
    return out


def controllers(root, ctype=None):
    return [c for c in devices_of(root) if c.tag == "controller" and (ctype is None or c.get("type") == ctype)]


def set_addr(el, attrs):
    a = addr(el)
    if a is None:
        a = ET.SubElement(el, "address")
    a.attrib.clear()
    a.attrib.update(attrs)
    return a


def copy_addr(src, dst):
    set_addr(dst, dict(addr(src).attrib))


def prep_none(mix):
    pass


def prep_pci2(mix):
    mix.interface()
    mix.interface()
    if mix.rng.random() < 0.5:
        mix.disk("virtio")


def apply_dup_pci(rng, root, fam):
    c = with_addr(root, "pci")
    ends = [e for e in c if e.tag != "controller"]
    pool = ends if len(ends) >= 2 and rng.random() < 0.7 else c
    if len(pool) < 2:
        return None
    a, b = rng.sample(pool, 2)
    copy_addr(a, b)
    return [a, b]


DRIVE_BUSES = {"pc": ["sata", "scsi", "ide", "fdc"], "q35": ["sata", "scsi", "fdc"]}


def prep_drive2(mix):
    bus = mix.rng.choice(DRIVE_BUSES[mix.fam])
    mix.disk(bus)
    mix.disk(bus)
    if bus == "scsi" and mix.rng.random() < 0.5:
        mix.scsi_controller()


def drive_disks(root):
    by = collections.defaultdict(list)
    for el in with_addr(root, "drive", {"disk"}):
        by[el.find("target").get("bus")].append(el)
    return by


def apply_dup_drive(rng, root, fam):
    groups = [g for g in drive_disks(root).values() if len(g) >= 2]
    if not groups:
        return None
    a, b = rng.sample(rng.choice(groups), 2)
    copy_addr(a, b)
    return [a, b]


def prep_vser2(mix):
    if mix.rng.random() < 0.4:
        mix.vserial_controller()
    mix.channel("unix")
    if mix.rng.random() < 0.5:
        mix.console()
    else:
        mix.channel()


def apply_dup_vser(rng, root, fam):
    c = with_addr(root, "virtio-serial")
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    copy_addr(a, b)
    return [a, b]


USB_MAKERS = [lambda m: m.input_dev("usb"), Mix.hub, lambda m: m.disk("usb"), Mix.redirdev]


def prep_usb2(mix):
    if mix.rng.random() < 0.4:
        mix.usb_controller()
    for _ in range(2):
        mix.rng.choice(USB_MAKERS)(mix)


def apply_dup_usb(rng, root, fam):
    c = with_addr(root, "usb")
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    copy_addr(a, b)
    return [a, b]


def pick_pci(rng, root, endpoints=0.7):
    c = with_addr(root, "pci")
    ends = [e for e in c if e.tag != "controller"]
    pool = ends if ends and rng.random() < endpoints else c
    return rng.choice(pool) if pool else None


def apply_slot_high(rng, root, fam):
    el = pick_pci(rng, root)
    if el is None:
        return None
    addr(el).set("slot", rng.choice(["0x20", "0x21", "0x2a", "0x3f", "0x40", "0xff", "32", "0x100"]))
    return [el]


def apply_function_high(rng, root, fam):
    el = pick_pci(rng, root)
    if el is None:
        return None
    addr(el).set("function", rng.choice(["0x8", "0x9", "0xf", "0x10", "0xff"]))
    return [el]


def max_pci_index(root):
    return max([num(c.get("index")) for c in controllers(root, "pci")] or [0])


def apply_bus_missing(rng, root, fam):
    el = pick_pci(rng, root, 0.9)
    if el is None:
        return None
    bus = min(255, max_pci_index(root) + rng.choice([1, 1, 2, 3, 5, 10, 50, 200]))
    a = addr(el)
    a.set("bus", "0x%02x" % bus)
    if rng.random() < 0.5:
        a.set("slot", "0x%02x" % rng.choice([0, 1, 2, 3, 5]))
    a.set("function", "0x0")
    a.attrib.pop("multifunction", None)
    return [el]


def apply_slot0(rng, root, fam):
    el = pick_pci(rng, root, 0.8)
    if el is None:
        return None
    bridges = [c for c in controllers(root, "pci") if c.get("model") in ("pci-bridge", "pcie-to-pci-bridge")]
    bus = num(rng.choice(bridges).get("index")) if bridges and rng.random() < 0.4 else 0
    set_addr(el, {"type": "pci", "domain": "0x0000", "bus": "0x%02x" % bus, "slot": "0x00", "function": "0x0"})
    return [el]


def prep_vser_ports(mix):
    mix.vserial_controller(ports=mix.rng.choice([1, 2, 3, 4, 8, None]))
    mix.channel("unix")
    if mix.rng.random() < 0.5:
        mix.channel()


def apply_vser_beyond(rng, root, fam):
    c = with_addr(root, "virtio-serial", {"channel"}) or with_addr(root, "virtio-serial")
    if not c:
        return None
    el = rng.choice(c)
    a = addr(el)
    ctl = [x for x in controllers(root, "virtio-serial") if num(x.get("index")) == num(a.get("controller"))]
    ports = num(ctl[0].get("ports"), 31) if ctl and ctl[0].get("ports") else 31
    a.set("port", str(ports + rng.choice([0, 0, 1, 2, 10])))
    return [el] + ctl


DRIVE_LIMITS = {"ide": (2, 2), "sata": (1, 6), "fdc": (1, 2)}


def prep_drive1(mix):
    bus = mix.rng.choice(DRIVE_BUSES[mix.fam])
    if bus == "scsi" and mix.rng.random() < 0.6:
        mix.controller("scsi", mix.rng.choice(["lsilogic", "virtio-scsi"]), 0)
    mix.disk(bus)
    if mix.rng.random() < 0.3:
        mix.disk(bus)


def scsi_model(root, idx):
    for c in controllers(root, "scsi"):
        if num(c.get("index")) == idx:
            return c.get("model")
    return None


def apply_unit_beyond(rng, root, fam):
    disks = [d for g in drive_disks(root).values() for d in g]
    if not disks:
        return None
    el = rng.choice(disks)
    bus = el.find("target").get("bus")
    a = addr(el)
    if bus == "scsi":
        model = scsi_model(root, num(a.get("controller")))
        if model == "virtio-scsi":
            a.set("unit", str(rng.choice([16384, 16385, 20000])))
        else:
            a.set("unit", str(rng.choice([7, 8, 9, 15, 16])))
    else:
        a.set("unit", str(DRIVE_LIMITS[bus][1] + rng.choice([0, 0, 1, 3])))
    return [el]


def apply_drive_bus_beyond(rng, root, fam):
    disks = [d for g in drive_disks(root).values() for d in g]
    if not disks:
        return None
    el = rng.choice(disks)
    bus = el.find("target").get("bus")
    a = addr(el)
    if bus == "scsi":
        if rng.random() < 0.5:
            a.set("bus", str(rng.choice([1, 2])))
        else:
            model = scsi_model(root, num(a.get("controller")))
            a.set("target", str(rng.choice([7, 8, 255, 256] if model != "virtio-scsi" else [256, 300])))
    else:
        a.set("bus", str(DRIVE_LIMITS[bus][0] + rng.choice([0, 0, 1])))
    return [el]


def apply_drive_ctl_missing(rng, root, fam):
    disks = [d for g in drive_disks(root).values() for d in g]
    if not disks:
        return None
    el = rng.choice(disks)
    bus = el.find("target").get("bus")
    top = max([num(c.get("index")) for c in controllers(root, bus)] or [0])
    addr(el).set("controller", str(top + rng.choice([1, 1, 2, 4])))
    return [el]


def prep_usb1(mix):
    r = mix.rng.random()
    if r < 0.5:
        mix.usb_controller(ports=mix.rng.choice([None, 2, 4]))
    rng_makers = USB_MAKERS + [Mix.hub]
    for _ in range(mix.rng.randint(1, 2)):
        mix.rng.choice(rng_makers)(mix)


USB_PORTS = {"piix3-uhci": 2, "piix4-uhci": 2, "ich9-uhci1": 2, "ich9-uhci2": 2, "ich9-uhci3": 2,
             "ich9-ehci1": 6, "nec-xhci": 4, "qemu-xhci": 15}


def apply_usb_port_beyond(rng, root, fam):
    c = with_addr(root, "usb")
    if not c:
        return None
    el = rng.choice(c)
    a = addr(el)
    bus = num(a.get("bus"))
    ctl = [x for x in controllers(root, "usb") if num(x.get("index")) == bus]
    if not ctl:
        return None
    first = ctl[0]
    ports = num(first.get("ports"), 0) or USB_PORTS.get(first.get("model"), 4)
    port = a.get("port", "1")
    if "." in port and rng.random() < 0.7:
        a.set("port", port.split(".")[0] + "." + str(rng.choice([9, 10])))
    else:
        a.set("port", str(ports + rng.choice([1, 1, 2, 5])))
    return [el] + ctl


def apply_usb_bus_missing(rng, root, fam):
    c = with_addr(root, "usb")
    if not c:
        return None
    el = rng.choice(c)
    top = max([num(x.get("index")) for x in controllers(root, "usb")] or [0])
    addr(el).set("bus", str(top + rng.choice([1, 1, 2, 5])))
    return [el]


def apply_vser_ctl_missing(rng, root, fam):
    c = with_addr(root, "virtio-serial")
    if not c:
        return None
    el = rng.choice(c)
    top = max([num(x.get("index")) for x in controllers(root, "virtio-serial")] or [0])
    addr(el).set("controller", str(top + rng.choice([1, 1, 2, 3])))
    return [el]


def prep_mismatch(mix):
    mix.disk(mix.rng.choice(["sata", "scsi", "virtio"] + (["ide"] if mix.fam == "pc" else [])))
    mix.interface()
    mix.input_dev("usb")
    mix.channel("unix")


PCI_ADDR = {"type": "pci", "domain": "0x0000", "bus": "0x00", "slot": "0x1a", "function": "0x0"}


def apply_mismatch(rng, root, fam):
    devs = list(devices_of(root))
    variants = []
    for el in devs:
        t = atype(el)
        if el.tag == "disk" and t == "drive":
            variants.append((el, dict(PCI_ADDR, slot="0x%02x" % rng.randint(0x0a, 0x1d))))
            variants.append((el, {"type": "usb", "bus": "0", "port": "3"}))
            variants.append((el, {"type": "virtio-serial", "controller": "0", "bus": "0", "port": "3"}))
            variants.append((el, {"type": "ccid", "controller": "0", "slot": "0"}))
        elif el.tag == "disk" and t == "pci":
            variants.append((el, {"type": "drive", "controller": "0", "bus": "0", "target": "0", "unit": "1"}))
        elif el.tag == "interface":
            variants.append((el, {"type": "drive", "controller": "0", "bus": "0", "target": "0", "unit": "0"}))
            variants.append((el, {"type": "usb", "bus": "0", "port": "2"}))
            variants.append((el, {"type": "virtio-serial", "controller": "0", "bus": "0", "port": "2"}))
            variants.append((el, {"type": "isa", "iobase": "0x300"}))
        elif t == "usb":
            variants.append((el, dict(PCI_ADDR, slot="0x%02x" % rng.randint(0x0a, 0x1d))))
            variants.append((el, {"type": "drive", "controller": "0", "bus": "0", "target": "0", "unit": "0"}))
        elif el.tag == "channel":
            variants.append((el, dict(PCI_ADDR, slot="0x%02x" % rng.randint(0x0a, 0x1d))))
            variants.append((el, {"type": "usb", "bus": "0", "port": "4"}))
        elif el.tag == "controller" and t == "pci" and el.get("type") != "pci":
            variants.append((el, {"type": "drive", "controller": "0", "bus": "0", "target": "0", "unit": "0"}))
    if not variants:
        return None
    el, attrs = rng.choice(variants)
    set_addr(el, attrs)
    return [el]


MALFORMED = ["0xzz", "-1", "abc", "", "0x99999999999999999999", "99999999999999999999", "0x", "1.5", "0x1g", "ten"]


def apply_malformed(rng, root, fam):
    c = [el for el in devices_of(root) if addr(el) is not None and len(addr(el).attrib) > 1]
    if not c:
        return None
    pci = [el for el in c if atype(el) == "pci"]
    el = rng.choice(pci if pci and rng.random() < 0.6 else c)
    a = addr(el)
    keys = [k for k in a.attrib if k not in ("type", "multifunction")]
    key = rng.choice(keys)
    val = rng.choice(MALFORMED + (["8"] if key == "function" else []))
    a.set(key, val)
    return [el]


def apply_multifunction(rng, root, fam):
    c = with_addr(root, "pci")
    ends = [e for e in c if e.tag != "controller"]
    pool = ends if len(ends) >= 2 else c
    if not pool:
        return None
    v = rng.choice(["no-mf", "mf-on-fn1", "fn1-alone", "mf-alone", "mf-ok", "mf-off"])
    if len(pool) < 2:
        v = rng.choice(["fn1-alone", "mf-alone"])
    a, b = rng.sample(pool, 2) if len(pool) >= 2 else (pool[0], None)
    aa = addr(a)
    aa.attrib.pop("multifunction", None)
    aa.set("function", "0x0")
    if v in ("no-mf", "mf-on-fn1", "mf-ok", "mf-off"):
        bb = set_addr(b, dict(aa.attrib))
        bb.set("function", "0x%x" % rng.choice([1, 1, 2, 7]))
        if v == "mf-on-fn1":
            bb.set("multifunction", "on")
        elif v == "mf-ok":
            aa.set("multifunction", "on")
        elif v == "mf-off":
            aa.set("multifunction", "off")
        return [a, b]
    if v == "fn1-alone":
        aa.set("function", "0x%x" % rng.choice([1, 3]))
        return [a]
    aa.set("multifunction", "on")
    return [a]


def prep_bridges(mix):
    if mix.fam == "q35":
        if mix.rng.random() < 0.5:
            mix.pci_controller("pcie-root-port")
            mix.pci_controller("pcie-to-pci-bridge")
        else:
            mix.pci_controller("dmi-to-pci-bridge")
            mix.pci_controller("pci-bridge")
        for _ in range(mix.rng.randint(1, 3)):
            mix.pci_controller("pcie-root-port")
    else:
        mix.pci_controller("pci-bridge")
    mix.interface(mix.rng.choice(["e1000e", "virtio", "rtl8139", "e1000"]))
    mix.interface(mix.rng.choice(["e1000e", "virtio", "rtl8139", "e1000"]))
    if mix.rng.random() < 0.5:
        mix.usb_controller(mix.rng.choice(["qemu-xhci", "nec-xhci", "piix3-uhci"]))
    if mix.rng.random() < 0.5:
        mix.sound()


CONVENTIONAL = {("interface", "e1000"), ("interface", "rtl8139"), ("sound", "ich6"), ("sound", "ac97"),
                ("sound", "es1370"), ("controller", "lsilogic"), ("controller", "pci-bridge"),
                ("controller", "piix3-uhci"), ("controller", "ich9-ehci1"), ("video", "cirrus"), ("watchdog", "i6300esb")}


def model_of(el):
    if el.tag in ("controller", "sound", "watchdog"):
        return el.get("model")
    m = el.find("model")
    return m.get("type") if m is not None else None


def apply_pcie_on_bridge(rng, root, fam):
    bridges = [c for c in controllers(root, "pci") if c.get("model") in ("pci-bridge", "pcie-to-pci-bridge")]
    if not bridges:
        return None
    br = rng.choice(bridges)
    cands = [c for c in controllers(root, "pci") if c.get("model") == "pcie-root-port"]
    cands += [e for e in with_addr(root, "pci") if e.tag != "controller" and (e.tag, model_of(e)) not in CONVENTIONAL]
    cands += [c for c in controllers(root, "usb") if c.get("model") in ("qemu-xhci", "nec-xhci") and addr(c) is not None]
    if not cands:
        return None
    el = rng.choice(cands)
    used = {num(addr(e).get("slot")) for e in with_addr(root, "pci") if num(addr(e).get("bus")) == num(br.get("index"))}
    free = [s for s in range(1, 32) if s not in used] or [1]
    set_addr(el, {"type": "pci", "domain": "0x0000", "bus": "0x%02x" % num(br.get("index")),
                  "slot": "0x%02x" % rng.choice(free[:6]), "function": "0x0"})
    return [el]


def apply_pci_on_rootport(rng, root, fam):
    ports = [c for c in controllers(root, "pci") if c.get("model") == "pcie-root-port"]
    if not ports:
        return None
    port = rng.choice(ports)
    ends = [e for e in with_addr(root, "pci") if e.tag != "controller" or e.get("type") != "pci"]
    conv = [e for e in ends if (e.tag, model_of(e)) in CONVENTIONAL]
    pool = conv if conv and rng.random() < 0.7 else ends
    if not pool:
        return None
    el = rng.choice(pool)
    slot = rng.choice([1, 1, 2, 5, 0x1f, 0])
    set_addr(el, {"type": "pci", "domain": "0x0000", "bus": "0x%02x" % num(port.get("index")),
                  "slot": "0x%02x" % slot, "function": "0x0"})
    return [el]


def prep_ctrls(mix):
    for _ in range(mix.rng.randint(1, 2)):
        mix.rng.choice([Mix.scsi_controller, Mix.vserial_controller, Mix.usb_controller, Mix.ccid])(mix)


def apply_dup_ctrl_index(rng, root, fam):
    cs = [c for c in controllers(root) if not (c.get("type") == "pci" and num(c.get("index")) == 0)]
    if not cs:
        return None
    c = rng.choice(cs)
    d = copy.deepcopy(c)
    v = rng.random()
    if v < 0.4 and addr(d) is not None:
        d.remove(addr(d))
    elif v < 0.7:
        other = {"usb": ["qemu-xhci", "piix3-uhci", "nec-xhci", "ich9-ehci1"], "scsi": ["lsilogic", "virtio-scsi"],
                 "pci": ["pci-bridge", "pcie-root-port", "pcie-to-pci-bridge", "dmi-to-pci-bridge"]}.get(c.get("type"))
        if other:
            d.set("model", rng.choice(other))
            for sub in d.findall("model") + d.findall("target"):
                d.remove(sub)
        if addr(d) is not None:
            d.remove(addr(d))
    devs = devices_of(root)
    devs.insert(list(devs).index(c) + 1, d)
    return [c, d]


def prep_ide(mix):
    mix.disk("sata")


def apply_ide_on_q35(rng, root, fam):
    devs = devices_of(root)
    used = {d.find("target").get("dev") for d in devs if d.tag == "disk"}
    name = next(n for n in ("hda", "hdb", "hdc", "hdd") if n not in used)
    d = E("disk", {"type": "file", "device": "cdrom"}, E("target", {"dev": name, "bus": "ide"}), E("readonly"))
    if rng.random() < 0.5:
        d.append(E("address", {"type": "drive", "controller": "0", "bus": "0", "target": "0", "unit": "0"}))
    devs.insert(1, d)
    return [d]


def apply_usb_none(rng, root, fam):
    if not with_addr(root, "usb"):
        return None
    devs = devices_of(root)
    for c in controllers(root, "usb"):
        devs.remove(c)
    n = E("controller", {"type": "usb", "index": "0", "model": "none"})
    devs.insert(1, n)
    if rng.random() < 0.5:
        for el in with_addr(root, "usb"):
            el.remove(addr(el))
    return [n]


def apply_pci_domain(rng, root, fam):
    el = pick_pci(rng, root)
    if el is None:
        return None
    addr(el).set("domain", rng.choice(["0x0001", "0x0002", "0xffff"]))
    return [el]


def prep_rootport_on_pc(mix):
    mix.interface()


def apply_pcie_ctrl_on_pc(rng, root, fam):
    top = max_pci_index(root)
    model = rng.choice(["pcie-root-port", "pcie-to-pci-bridge", "dmi-to-pci-bridge", "pcie-switch-upstream-port"])
    c = E("controller", {"type": "pci", "index": str(top + 1), "model": model})
    devices_of(root).append(c)
    return [c]


# name: (families, prepare, apply)
FAULTS = {
    "dup-pci-address": (("pc", "q35"), prep_pci2, apply_dup_pci),
    "dup-drive-address": (("pc", "q35"), prep_drive2, apply_dup_drive),
    "dup-virtio-serial-port": (("pc", "q35"), prep_vser2, apply_dup_vser),
    "dup-usb-port": (("pc", "q35"), prep_usb2, apply_dup_usb),
    "pci-slot-above-0x1f": (("pc", "q35"), prep_pci2, apply_slot_high),
    "pci-function-above-7": (("pc", "q35"), prep_pci2, apply_function_high),
    "pci-bus-missing": (("pc", "q35"), prep_pci2, apply_bus_missing),
    "pci-slot0": (("pc", "q35"), prep_bridges, apply_slot0),
    "pci-domain-nonzero": (("pc", "q35"), prep_pci2, apply_pci_domain),
    "virtio-serial-port-beyond": (("pc", "q35"), prep_vser_ports, apply_vser_beyond),
    "virtio-serial-controller-missing": (("pc", "q35"), prep_vser2, apply_vser_ctl_missing),
    "drive-unit-beyond": (("pc", "q35"), prep_drive1, apply_unit_beyond),
    "drive-bus-beyond": (("pc", "q35"), prep_drive1, apply_drive_bus_beyond),
    "drive-controller-missing": (("pc", "q35"), prep_drive1, apply_drive_ctl_missing),
    "usb-port-beyond": (("pc", "q35"), prep_usb1, apply_usb_port_beyond),
    "usb-bus-missing": (("pc", "q35"), prep_usb1, apply_usb_bus_missing),
    "usb-controller-none": (("pc", "q35"), prep_usb1, apply_usb_none),
    "address-type-mismatch": (("pc", "q35"), prep_mismatch, apply_mismatch),
    "malformed-value": (("pc", "q35"), prep_pci2, apply_malformed),
    "multifunction": (("pc", "q35"), prep_pci2, apply_multifunction),
    "pcie-device-on-pci-bridge": (("pc", "q35"), prep_bridges, apply_pcie_on_bridge),
    "pci-device-on-root-port": (("q35",), prep_bridges, apply_pci_on_rootport),
    "pcie-controller-on-pc": (("pc",), prep_rootport_on_pc, apply_pcie_ctrl_on_pc),
    "dup-controller-index": (("pc", "q35"), prep_ctrls, apply_dup_ctrl_index),
    "ide-on-q35": (("q35",), prep_ide, apply_ide_on_q35),
}


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
