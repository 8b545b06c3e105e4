#!/usr/bin/env python3
"""Golden libvirt corpus for s390x, ppc64 pseries and aarch64 virt (plus a few x86 dimm/isa cases).

Like generate.py (whose Mix and faults it shares through corpuslib), every verdict, message and output comes from a real
libvirt 9.0 + QEMU 7.2 daemon (`virsh define` / `dumpxml --inactive` / `undefine`); nothing is
predicted here. Same seed -> same inputs. Domains are named `addralloc-arch-<id>`.

Usage: archgen.py --seed 1 --count 480 --out src/test/resources/libvirt/corpus-arch
Python 3 standard library only.
"""

import copy
import os
import random
import sys

from corpuslib import cli, corpus, faults
from corpuslib.faults import ALL3
from corpuslib.mix import Mix, random_mix
from corpuslib.virsh import session
from corpuslib.xmlbuild import E, addr, atype, controllers, devices_of, drop_subset, hexs, normalize_dumped, parse, to_text

FAULTS = faults.registry(faults.ARCHGEN)

PREFIX = "addralloc-arch-"
# family -> (arch, [(machine spelling, weight)])
FAMILIES = {
    "s390x": ("s390x", [("s390-ccw-virtio", 85), ("s390-ccw-virtio-7.2", 15)]),
    "pseries": ("ppc64", [("pseries", 85), ("pseries-7.2", 15)]),
    "virt": ("aarch64", [("virt", 85), ("virt-7.2", 15)]),
    "pc": ("x86_64", [("pc", 80), ("pc-i440fx-7.2", 20)]),
    "q35": ("x86_64", [("q35", 80), ("pc-q35-7.2", 20)]),
}
RECIPES = [("mixed", 32), ("presets", 16), ("many-devices", 6), ("dumpxml-roundtrip", 10), ("fault", 36)]
X86_RECIPES = [("mixed", 35), ("presets", 10), ("dumpxml-roundtrip", 10), ("fault", 45)]
X86_SHARE = 40 / 480.0
IMG = "/var/lib/libvirt/images/"


# --------------------------------------------------------------------------------------------
# building domains


class ArchMix(Mix):
    """A domain for one of the non-x86 families (the x86 extras use corpuslib.mix.Mix, see x86_mix)."""

    def __init__(self, rng, fam):
        arch, machines = FAMILIES[fam]
        super().__init__(rng, rng.choices([m for m, _ in machines], [w for _, w in machines])[0])
        self.fam = fam
        self.arch = arch
        self.ccw_used = set()
        self.reg_used = set()
        self.pci_used = set()
        self.zpci_used = set()
        self.p_explicit = rng.choice([0, 0, 0.15, 0.3, 0.6, 0.9])
        self.mmio = fam == "virt" and rng.random() < 0.3
        self.scsi_idx = 0
        self.usb = False
        self.roots = []      # explicit pcie-root-port indexes (virt) / PHB indexes (pseries)
        self.bridges = []    # pci-bridge / pcie-to-pci-bridge indexes
        self.next_pci = 1

    # -- explicit addresses
    def explicit(self):
        return self.rng.random() < self.p_explicit

    def ccw(self, el, virtio=True):
        if self.fam != "s390x" or not virtio:
            return el
        r = self.rng.random()
        if r < 0.04:
            el.append(E("address", {"type": "ccw"}))
        elif self.explicit():
            rng = self.rng
            while True:
                w = rng.random()
                if w < 0.8:
                    key = (0xfe, 0, rng.choice([rng.randrange(0, 12), rng.randrange(0, 0x40), rng.randrange(0, 0x10000)]))
                elif w < 0.93:
                    key = (0xfe, rng.randrange(1, 4), rng.randrange(0, 0x100))
                else:
                    key = (0, 0, rng.randrange(0, 0x20))
                if key not in self.ccw_used:
                    break
            self.ccw_used.add(key)
            cs, ss, dn = key
            spell = rng.random()
            if spell < 0.85:
                attrs = {"cssid": hexs(cs, 0), "ssid": hexs(ss, 0), "devno": hexs(dn, 4)}
            else:
                attrs = {"cssid": str(cs), "ssid": str(ss), "devno": str(dn)}
            el.append(E("address", dict(type="ccw", **attrs)))
        return el

    def reg(self, el, kind):
        if self.fam != "pseries" or not self.explicit():
            return el
        rng = self.rng
        base = {"net": 0x1000, "scsi": 0x2000, "nvram": 0x3000, "tpm": 0x4000, "serial": 0x30000000}[kind]
        while True:
            w = rng.random()
            if w < 0.5:
                v = base + 0x1000 * rng.randrange(0, 6)
            elif w < 0.8:
                v = 0x1000 * rng.randrange(1, 8)
            else:
                v = rng.choice([0x71000000, 0x30000000 + 0x1000 * rng.randrange(0, 4), 0x2001, 0x10, 0x8000])
            if v not in self.reg_used:
                break
        self.reg_used.add(v)
        el.append(E("address", {"type": "spapr-vio", "reg": hexs(v, 8) if rng.random() < 0.8 else hexs(v, 0)}))
        return el

    def pci(self, el, pcie=True, conventional=False):
        """Maybe an explicit PCI address (or virtio-mmio on virt) for a PCI-capable device."""
        rng = self.rng
        if self.fam == "virt" and self.mmio and not conventional and rng.random() < 0.5:
            el.append(E("address", {"type": "virtio-mmio"}))
            return el
        if self.fam == "s390x" and not conventional and not (self.explicit() and rng.random() < 0.15):
            return self.ccw(el)
        if not self.explicit() or (rng.random() < 0.5 and self.fam != "s390x"):
            return el
        if rng.random() < 0.08:
            el.append(E("address", {"type": "pci"}))
            return el
        choices = []
        if self.fam == "virt":
            if pcie:
                choices += [(r, 0) for r in self.roots if (r, 0) not in self.pci_used]
            choices += [(b, s) for b in self.bridges for s in range(1, 32) if (b, s) not in self.pci_used][:6]
            choices += [(0, s) for s in range(2, 0x1f) if (0, s) not in self.pci_used][:8]
        else:
            buses = [0] + self.roots + self.bridges
            for b in buses:
                choices += [(b, s) for s in range(1, 32) if (b, s) not in self.pci_used][:10]
        if not choices:
            return el
        bus, slot = rng.choice(choices)
        self.pci_used.add((bus, slot))
        a = E("address", {"type": "pci", "domain": "0x0000", "bus": hexs(bus), "slot": hexs(slot),
                          "function": "0x0"})
        if self.fam == "s390x" and rng.random() < 0.4:
            uid = rng.randrange(1, 0x40)
            if uid not in self.zpci_used:
                self.zpci_used.add(uid)
                z = {"uid": hexs(uid, 4), "fid": hexs(uid + 0x100, 8)}
                if rng.random() < 0.25:
                    z.pop(rng.choice(["uid", "fid"]))
                a.append(E("zpci", z))
        el.append(a)
        return el

    # -- devices
    def vdisk(self):
        name = self.new_target("vd", 0, 26 if self.rng.random() < 0.9 else 40)
        if name is None:
            return None
        fmt = self.rng.choice(["qcow2", "raw"])
        d = E("disk", {"type": "file", "device": "disk"}, E("driver", {"name": "qemu", "type": fmt}),
              E("source", {"file": IMG + name + "." + fmt}), E("target", {"dev": name, "bus": "virtio"}))
        return self.add(self.pci(d))

    def sdisk(self, bus="scsi"):
        name = self.new_target("sd", 0, 8 if self.rng.random() < 0.7 else 30)
        if name is None:
            return None
        cd = self.rng.random() < 0.25
        kids = [E("driver", {"name": "qemu", "type": "raw"}), E("source", {"file": IMG + name + ".img"})] if not cd else []
        kids.append(E("target", {"dev": name, "bus": bus}))
        if cd:
            kids.append(E("readonly"))
        if bus == "usb":
            self.need_usb()
        return self.add(E("disk", {"type": "file", "device": "cdrom" if cd else "disk"}, *kids))

    def disk(self, bus=None, device=None):
        if self.fam == "virt" or self.fam == "s390x":
            choices = ["virtio", "virtio", "virtio", "scsi"] + (["usb"] if self.fam == "virt" else [])
        else:
            choices = ["virtio", "virtio", "scsi", "scsi", "usb"]
        bus = bus or self.rng.choice(choices)
        return self.vdisk() if bus == "virtio" else self.sdisk(bus)

    NET_MODELS = {"s390x": ["virtio", "virtio", "virtio", None, "e1000"],
                  "pseries": ["spapr-vlan", "spapr-vlan", "virtio", "virtio", "e1000", "rtl8139", None],
                  "virt": ["virtio", "virtio", "virtio", None, "e1000", "e1000e", "rtl8139"]}

    def interface(self, model="?"):
        if model == "?":
            model = self.rng.choice(self.NET_MODELS[self.fam])
        el = E("interface", {"type": "user"}, E("mac", {"address": self.new_mac()}),
               E("model", {"type": model}) if model else None)
        if model == "spapr-vlan":
            self.reg(el, "net")
        else:
            real = model or {"s390x": "virtio", "pseries": "rtl8139", "virt": "virtio"}[self.fam]
            conv = real in ("e1000", "rtl8139")
            self.pci(el, pcie=real != "rtl8139" and real != "e1000", conventional=conv or (real != "virtio" and self.fam == "s390x"))
        return self.add(el)

    def video(self):
        first = self.count["video"] == 0
        if self.fam == "s390x":
            model = "virtio"
        elif self.fam == "pseries":
            model = self.rng.choice(["vga", "virtio", "bochs"]) if first else "virtio"
        else:
            model = self.rng.choice(["virtio", "virtio", "vga", "bochs", "ramfb"]) if first else "virtio"
        el = E("video", None, E("model", {"type": model}))
        if model != "ramfb":
            self.pci(el, pcie=model in ("virtio", "bochs"), conventional=model == "vga")
        return self.add(el)

    def input_dev(self, bus=None):
        rng = self.rng
        if bus is None:
            bus = "virtio" if self.fam == "s390x" else rng.choice(["usb", "usb", "virtio"])
        kinds = ["tablet", "mouse"] if self.fam == "s390x" and bus == "usb" else ["tablet", "mouse", "keyboard"]
        el = E("input", {"type": rng.choice(kinds), "bus": bus})
        if bus == "usb":
            self.need_usb()
        else:
            self.pci(el)
        return self.add(el)

    def rng_dev(self):
        return self.add(self.pci(E("rng", {"model": "virtio"}, E("backend", {"model": "random"}, text="/dev/urandom"))))

    def memballoon(self):
        if self.count["memballoon"]:
            return None
        model = self.rng.choice(["virtio", "virtio", "none"])
        el = E("memballoon", {"model": model})
        if model == "virtio":
            self.pci(el)
        return self.add(el)

    def filesystem(self):
        el = super().filesystem()
        self.pci(el)
        return el

    def vsock(self):
        el = super().vsock()
        if el is not None:
            self.pci(el)
        return el

    def scsi_controller(self):
        rng = self.rng
        models = {"s390x": ["virtio-scsi", None], "pseries": [None, "ibmvscsi", "virtio-scsi", "virtio-scsi"],
                  "virt": ["virtio-scsi", None]}[self.fam]
        model = rng.choice(models)
        idx = self.scsi_idx
        self.scsi_idx += 1
        el = self.controller("scsi", model, idx if (idx or rng.random() < 0.6) else None)
        if self.fam == "pseries" and model in (None, "ibmvscsi"):
            self.reg(el, "scsi")
        else:
            self.pci(el)
        return el

    def vserial_controller(self, ports=None):
        el = super().vserial_controller(ports)
        self.pci(el)
        return el

    def usb_controller(self, model=None, ports=None):
        if self.usb:
            return None
        self.usb = True
        models = {"s390x": ["qemu-xhci"], "pseries": ["qemu-xhci", "qemu-xhci", "nec-xhci", "pci-ohci"],
                  "virt": ["qemu-xhci", "qemu-xhci", "nec-xhci"]}[self.fam]
        model = model or self.rng.choice(models)
        if ports is None and model.endswith("xhci") and self.rng.random() < 0.3:
            ports = self.rng.choice([4, 8, 15])
        el = self.controller("usb", model, 0 if self.rng.random() < 0.6 else None, ports=ports)
        self.pci(el, pcie=model != "pci-ohci", conventional=model == "pci-ohci")
        return el

    def need_usb(self):
        if not self.usb and self.fam != "pseries":
            self.usb_controller()

    def channel(self, kind=None):
        return super().channel("unix")

    def hub(self):
        if self.fam == "s390x":  # no usb-hub in qemu-system-s390x
            return self.input_dev("usb")
        self.need_usb()
        return super().hub()

    def usb_input(self):
        return self.input_dev("usb")

    def serial(self):
        rng = self.rng
        if self.fam == "s390x":
            kids = [E("target", {"type": "sclp-serial"}, E("model", {"name": rng.choice(["sclpconsole", "sclplmconsole"])}))] \
                if rng.random() < 0.3 else []
            return self.add(E("serial", {"type": "pty"}, *kids))
        if self.fam == "pseries":
            if self.count["serial"] >= 4:
                return None
            el = E("serial", {"type": "pty"})
            if rng.random() < 0.3:
                el.append(E("target", {"type": "spapr-vio-serial"}))
            return self.add(self.reg(el, "serial"))
        if self.count["serial"]:
            return None
        return self.add(E("serial", {"type": "pty"}))

    def console(self):
        rng = self.rng
        kinds = {"s390x": [None, "virtio", "sclp", "sclplm", "virtio"], "pseries": [None, "virtio"],
                 "virt": [None, "virtio"]}[self.fam]
        kind = rng.choice(kinds)
        if kind is None and self.count["console"]:
            kind = "virtio"  # only the first console can be the serial one
        if kind in ("sclp", "sclplm"):
            if self.count["console-" + kind]:
                kind = "virtio"
            self.count["console-" + kind] += 1
        el = E("console", {"type": "pty"})
        if kind:
            el.append(E("target", {"type": kind}))
        return self.add(el)

    def nvram(self):
        if self.count["nvram"]:
            return None
        return self.add(self.reg(E("nvram"), "nvram"))

    def tpm(self):
        if self.count["tpm"]:
            return None
        model = self.rng.choice([None, "tpm-spapr", "tpm-spapr", "spapr-tpm-proxy"])
        path = "/dev/tpmrm0" if model == "spapr-tpm-proxy" else "/dev/tpm0"
        el = E("tpm", {"model": model}, E("backend", {"type": "passthrough"}, E("device", {"path": path})))
        if model != "spapr-tpm-proxy":
            self.reg(el, "tpm")
        return self.add(el)

    def watchdog(self):
        if self.count["watchdog"]:
            return None
        if self.fam == "s390x":
            return self.add(E("watchdog", {"model": "diag288", "action": self.rng.choice(["reset", "poweroff", None])}))
        el = E("watchdog", {"model": "i6300esb", "action": self.rng.choice(["reset", None])})
        return self.add(self.pci(el, pcie=False, conventional=True))

    def e1000(self):
        return self.interface("e1000" if self.fam != "pseries" or self.rng.random() < 0.5 else "rtl8139")

    def pci_controllers(self):
        rng = self.rng
        if self.fam == "pseries":
            r = rng.random()
            if r < 0.6:
                for _ in range(rng.randint(1, 3)):
                    idx = self.next_pci
                    self.next_pci += 1
                    t = None
                    if rng.random() < 0.4:
                        t = E("target", {"index": str(min(30, idx + rng.choice([0, 0, 1, 3, 10])))})
                    self.add(E("controller", {"type": "pci", "index": str(idx), "model": "pci-root"}, t))
                    self.roots.append(idx)
            else:
                idx = self.next_pci
                self.next_pci += 1
                self.controller("pci", "pci-bridge", idx)
                self.bridges.append(idx)
        elif self.fam == "s390x":
            idx = self.next_pci
            self.next_pci += 1
            self.controller("pci", "pci-bridge", idx)
            self.bridges.append(idx)
        else:
            r = rng.random()
            if r < 0.6:
                for _ in range(rng.randint(1, 8)):
                    self.roots.append(self.next_pci)
                    self.controller("pci", "pcie-root-port", self.next_pci)
                    self.next_pci += 1
            elif r < 0.85:
                self.roots.append(self.next_pci)
                self.controller("pci", "pcie-root-port", self.next_pci)
                self.controller("pci", "pcie-to-pci-bridge", self.next_pci + 1)
                self.bridges.append(self.next_pci + 1)
                self.next_pci += 2
                if rng.random() < 0.4:
                    self.controller("pci", "pci-bridge", self.next_pci)
                    self.bridges.append(self.next_pci)
                    self.next_pci += 1
            else:
                self.controller("pci", "dmi-to-pci-bridge", self.next_pci)
                self.controller("pci", "pci-bridge", self.next_pci + 1)
                self.bridges.append(self.next_pci + 1)
                self.next_pci += 2

    # -- whole domain
    def after_os(self, dom):
        if self.fam == "virt":
            dom.append(E("cpu", {"mode": "custom"}, E("model", text="cortex-a57")))


# (method, most per pick, families)
KINDS = {
    "disk": (ArchMix.disk, 4, "s390x pseries virt"), "interface": (ArchMix.interface, 3, "s390x pseries virt"),
    "scsi": (ArchMix.scsi_controller, 2, "s390x pseries virt"),
    "virtio-serial": (ArchMix.vserial_controller, 2, "s390x pseries virt"),
    "usb": (ArchMix.usb_controller, 1, "s390x pseries virt"), "hub": (ArchMix.hub, 2, "pseries virt"),
    "usb-input": (ArchMix.usb_input, 2, "pseries virt"), "pci": (ArchMix.pci_controllers, 1, "s390x pseries virt"),
    "filesystem": (ArchMix.filesystem, 2, "s390x pseries virt"), "video": (ArchMix.video, 2, "s390x pseries virt"),
    "watchdog": (ArchMix.watchdog, 1, "s390x pseries virt"), "memballoon": (ArchMix.memballoon, 1, "s390x pseries virt"),
    "rng": (ArchMix.rng_dev, 2, "s390x pseries virt"), "input": (ArchMix.input_dev, 3, "s390x pseries virt"),
    "vsock": (ArchMix.vsock, 1, "s390x pseries virt"), "channel": (ArchMix.channel, 3, "s390x pseries virt"),
    "console": (ArchMix.console, 2, "s390x pseries virt"), "serial": (ArchMix.serial, 2, "s390x pseries virt"),
    "nvram": (ArchMix.nvram, 1, "pseries"), "tpm": (ArchMix.tpm, 1, "pseries"),
    "e1000": (ArchMix.e1000, 2, "s390x pseries virt"),
}
COMMON = ["disk", "disk", "interface", "interface", "video", "input", "console", "serial"]


def arch_mix(rng, fam, size=None):
    mix = ArchMix(rng, fam)
    if size is None and rng.random() < 0.1:
        return mix  # what libvirt adds on its own
    kinds = [k for k, v in KINDS.items() if fam in v[2].split()]
    picks = [rng.choice(kinds + COMMON) for _ in range(size if size is not None else rng.randint(2, 12))]
    if rng.random() < 0.3:
        picks.insert(0, "pci")  # controllers first so explicit addresses can use them
    for k in picks:
        fn, most, _ = KINDS[k]
        for _ in range(rng.randint(1, most)):
            fn(mix)
    if mix.mmio and not any(atype(d) == "virtio-mmio" for d in mix.devs):
        last = mix.vdisk()
        if last is not None:
            if addr(last) is not None:
                last.remove(addr(last))
            last.append(E("address", {"type": "virtio-mmio"}))
    if rng.random() < 0.3:
        mix.graphics = "vnc"
    return mix


def many_mix(rng, fam):
    mix = ArchMix(rng, fam)
    mix.p_explicit = rng.choice([0, 0, 0.1, 0.3])
    if fam == "s390x":
        target, makers = rng.randint(20, 80), [(mix.vdisk, 5), (lambda: mix.interface("virtio"), 5),
                                                 (mix.rng_dev, 1), (mix.scsi_controller, 1), (lambda: mix.input_dev("virtio"), 1),
                                                 (mix.e1000, 1 if rng.random() < 0.5 else 12)]
    elif fam == "pseries":
        if rng.random() < 0.3:
            mix.pci_controllers()
        target, makers = rng.randint(20, 70), [(mix.vdisk, 5), (lambda: mix.interface("virtio"), 4),
                                                 (lambda: mix.interface("spapr-vlan"), 3), (mix.scsi_controller, 1),
                                                 (mix.e1000, 2), (mix.serial, 1), (mix.rng_dev, 1)]
    else:
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 24)):
                mix.roots.append(mix.next_pci)
                mix.controller("pci", "pcie-root-port", mix.next_pci)
                mix.next_pci += 1
        target, makers = rng.randint(10, 45), [(mix.vdisk, 5), (lambda: mix.interface("virtio"), 5), (mix.e1000, 2),
                                                 (mix.scsi_controller, 1), (mix.rng_dev, 1), (mix.vserial_controller, 1)]
    made = 0
    while made < target:
        if rng.choices([m for m, _ in makers], [w for _, w in makers])[0]() is not None:
            made += 1
    for _ in range(rng.randint(0, 3)):
        rng.choice([mix.console, mix.channel, mix.video, mix.memballoon])()
    return mix


# ---- x86 extras: dimm and isa on top of generate.py's x86 mixes


def x86_mix(rng, fam):
    machine = rng.choices([m for m, _ in FAMILIES[fam][1]], [w for _, w in FAMILIES[fam][1]])[0]
    mix = random_mix(rng, machine, size=rng.randint(0, 4))
    mix.dimms = []
    mix.slots = rng.choice([None, 2, 4, 4, 8, 16]) if rng.random() < 0.8 else None
    if mix.slots:
        used = set()
        for _ in range(rng.randint(0, mix.slots)):
            el = E("memory", {"model": "dimm"}, E("target", None, E("size", {"unit": "KiB"}, text=str(rng.choice([131072, 262144]))),
                                                   E("node", text="0")))
            if rng.random() < 0.35:
                free = [s for s in range(mix.slots) if s not in used]
                s = rng.choice(free)
                used.add(s)
                el.append(E("address", {"type": "dimm", "slot": str(s)}))
            mix.dimms.append(el)
    isa = rng.random()
    if isa < 0.35 and not mix.count["panic"]:
        mix.add(E("panic", {"model": "isa"}, E("address", dict({"type": "isa", "iobase": rng.choice(["0x505", "0x506", "0x600"])},
                                                               **({"irq": "0x5"} if rng.random() < 0.3 else {})))))
    elif isa < 0.6:
        for io, irq in ([("0x3f8", "0x4"), ("0x2f8", "0x3")][:rng.randint(1, 2)]):
            mix.add(E("serial", {"type": "pty"}, E("target", {"type": "isa-serial"}),
                      E("address", {"type": "isa", "iobase": io, "irq": irq})))
    elif isa < 0.75 and not mix.count["tpm"]:
        mix.add(E("tpm", {"model": rng.choice(["tpm-tis", "tpm-crb"])}, E("backend", {"type": "passthrough"}, E("device", {"path": "/dev/tpm0"})),
                  E("address", {"type": "isa", "iobase": "0xfed40000"})))
    return mix


def x86_root(mix, name):
    root = mix.root(name)
    if mix.slots:
        root.insert(1, E("maxMemory", {"slots": str(mix.slots), "unit": "KiB"}, text="8388608"))
        mem = root.find("memory")
        mem.text = "1048576"
        vcpu = root.find("vcpu")
        if vcpu is None:
            vcpu = E("vcpu", None, text="2")
            root.insert(list(root).index(mem) + 1, vcpu)
        cpus = int(vcpu.text)
        root.insert(list(root).index(root.find("os")) + 1,
                    E("cpu", None, E("numa", None, E("cell", {"id": "0", "cpus": "0-%d" % (cpus - 1), "memory": "524288", "unit": "KiB"}))))
        devs = devices_of(root)
        for d in mix.dimms:
            devs.append(d)
    return root


# --------------------------------------------------------------------------------------------
# transforming libvirt output


def normalize(root, name, machine, rng, strip):
    """libvirt's output as an input: no uuid, renamed, machine alias, maybe without boilerplate.
    The <cpu> stays (cortex-a57 on virt, NUMA for dimms)."""
    normalize_dumped(root, name, machine)
    if strip:
        for tag in ["currentMemory", "vcpu", "clock", "on_poweroff", "on_reboot", "on_crash"]:
            for el in root.findall(tag):
                if rng.random() < 0.7 and not (tag == "vcpu" and root.find("cpu/numa") is not None):
                    root.remove(el)
        devs = devices_of(root)
        for el in devs.findall("emulator") + devs.findall("audio"):
            if rng.random() < 0.8:
                devs.remove(el)
    return root


def uses_usb(root):
    for el in devices_of(root):
        if atype(el) == "usb" or el.tag in ("hub", "redirdev") or (el.tag == "input" and el.get("bus") == "usb"):
            return True
        t = el.find("target")
        if el.tag == "disk" and t is not None and t.get("bus") == "usb":
            return True
    return False


def drop(rng, root, p_addr, p_ctrl, protect=()):
    """generate.drop_subset (addresses and controllers), plus zpci parts. Where no USB controller is
    added by default (s390x, virt), a dropped USB controller comes back (without its address) while
    USB devices remain."""
    usb = [copy.deepcopy(c) for c in controllers(root, "usb")]
    drop_subset(rng, root, p_addr, p_ctrl, protect)
    if root.find("os/type").get("arch") in ("s390x", "aarch64") and usb and not controllers(root, "usb") and uses_usb(root):
        for c in usb:
            if addr(c) is not None:
                c.remove(addr(c))
            devices_of(root).insert(0, c)
    for el in devices_of(root):
        a = addr(el)
        if a is not None and a.find("zpci") is not None and rng.random() < p_addr * 0.5:
            z = a.find("zpci")
            if rng.random() < 0.7:
                a.remove(z)
            else:
                z.attrib.pop(rng.choice(["uid", "fid"]), None)


# --------------------------------------------------------------------------------------------
# the run


class ArchGenerator(corpus.Drawer):
    """Draws the cases; presets, round trips and faults start from libvirt's output of a clean
    variant."""

    def maker(self, fam):
        return (lambda r, f: x86_mix(r, f)) if fam in ("pc", "q35") else arch_mix

    def root_of(self, mix, name):
        return x86_root(mix, name) if mix.fam in ("pc", "q35") or getattr(mix, "dimms", None) is not None else mix.root(name)

    def accepted_base(self, rng, cid, fam, make):
        name = PREFIX + cid + "-base"

        def draw():
            mix = make(rng, fam)
            return mix, to_text(self.root_of(mix, name))

        def rejected(text, msg):
            print("base of %s rejected: %s" % (cid, msg), file=sys.stderr)
            if os.environ.get("ARCHGEN_DEBUG"):
                with open(os.path.join(os.environ["ARCHGEN_DEBUG"], name + ".xml"), "w", encoding="utf-8") as f:
                    f.write(text)
        return self.accepted(draw, name, cid, rejected)

    def make_arch_case(self, cid, fam, recipe, fault):
        rng = random.Random("arch-%d-%s" % (self.args.seed, cid))
        name = PREFIX + cid
        make = self.maker(fam)
        if recipe == "mixed":
            mix = make(rng, fam)
            return mix.machine, self.root_of(mix, name)
        if recipe == "many-devices":
            mix = many_mix(rng, fam)
            return mix.machine, mix.root(name)
        if recipe == "dumpxml-roundtrip":
            mix, out = self.accepted_base(rng, cid, fam, many_mix if (rng.random() < 0.25 and fam in ALL3) else make)
            return mix.machine, normalize(parse(out), name, None, rng, False)
        if recipe == "presets":
            mix, out = self.accepted_base(rng, cid, fam, make)
            root = normalize(parse(out), name, mix.machine, rng, rng.random() < 0.5)
            drop(rng, root, rng.uniform(0.2, 0.8), rng.choice([0, 0.2, 0.4]))
            return mix.machine, root
        fams, prepare, apply = FAULTS[fault]
        for _ in range(20):
            def fmake(r, f):
                if f in ("pc", "q35"):
                    mix = x86_mix(r, f)
                else:
                    mix = arch_mix(r, f, size=r.randint(0, 6))
                    mix.p_explicit = 0 if r.random() < 0.5 else mix.p_explicit
                if prepare:
                    prepare(mix)
                return mix
            mix, out = self.accepted_base(rng, cid, fam, fmake)
            root = normalize(parse(out), name, mix.machine, rng, rng.random() < 0.4)
            involved = apply(rng, root, fam)
            if involved:
                if rng.random() < 0.35:
                    drop(rng, root, rng.uniform(0.2, 0.9), 0, protect=involved)
                return mix.machine, root
        raise SystemExit("fault %s not applicable for %s" % (fault, cid))

    def plan(self):
        args = self.args
        plan = random.Random("arch-plan-%d" % args.seed)
        n_x86 = round(args.count * X86_SHARE)
        fams = ["pc" if i % 2 == 0 else "q35" for i in range(n_x86)]
        fams += [ALL3[i % 3] for i in range(args.count - n_x86)]
        plan.shuffle(fams)
        faults = {f: [k for k, v in FAULTS.items() if f in v[0]] for f in FAMILIES}
        for lst in faults.values():
            plan.shuffle(lst)
        used = {f: 0 for f in FAMILIES}
        cases = []
        for i, fam in enumerate(fams, 1):
            recipes = X86_RECIPES if fam in ("pc", "q35") else RECIPES
            recipe = plan.choices([r for r, _ in recipes], [w for _, w in recipes])[0]
            fault = "none"
            if recipe == "fault":
                fault = faults[fam][used[fam] % len(faults[fam])]
                used[fam] += 1
            cases.append(("c%04d" % i, fam, recipe, fault))
        return cases

    def cases(self):
        cases = []
        plan = self.plan()
        for n, (cid, fam, recipe, fault) in enumerate(plan, 1):
            machine, root = self.make_arch_case(cid, fam, recipe, fault)
            cases.append((cid, fam, recipe, fault, to_text(root)))
            cli.progress(n, len(plan), 50)
        return cases


def main():
    ap = cli.parser(__doc__)
    cli.add_run(ap, 480)
    args = ap.parse_args()
    with session(PREFIX, args.uri) as (virsh, tmp):
        cases = ArchGenerator(args, virsh, tmp).cases()
    rows = corpus.judge_and_write(cases, args.out, PREFIX, uri=args.uri)
    for cid, fam, recipe, fault, verdict, msg in rows:
        if verdict == "rejected" and fault == "none":
            print("clean case %s (%s %s) rejected: %s" % (cid, fam, recipe, msg), file=sys.stderr)
    print(corpus.summary(args.seed, rows))


if __name__ == "__main__":
    main()
