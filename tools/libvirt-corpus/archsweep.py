#!/usr/bin/env python3
"""An independent sweep corpus for s390x (s390-ccw-virtio), ppc64 (pseries) and aarch64 (virt).

Written apart from the tuned architecture corpus so that it does not share its blind spots: every
input comes from the hand-written recipes below (realistic infrastructure VMs, device floods that
exhaust the defaults, partially pinned files made from libvirt's own output, explicit addresses
in odd places, controllers in unusual order) plus a set of fault classes, and a few x86 domains
with dimm memory devices. Every verdict, message and output comes from libvirt (`virsh define`,
`dumpxml --inactive`, `undefine`); nothing is predicted here.

Output format is the one of generate.py and sweep.py (manifest.tsv + cases/<id>/input.xml,
output.xml), so `-Daddralloc.corpus=DIR` works with LibvirtCorpusTest and LiveLibvirtTest. The
manifest's machine column is `s390x`, `pseries` or `virt` (`pc` / `q35` for the dimm cases).
Domains are named addralloc-asw-<id>; only those are ever removed.

Usage: archsweep.py --seed 1 --count 300 --out /tmp/arch-sweep1   (standard library only)
"""

import collections
import random

from corpuslib import cli, corpus, xmlbuild
from corpuslib.virsh import session
from corpuslib.xmlbuild import (Dom, addr_drive, addr_pci, addr_usb, addr_vser, channel, console_virtio, ctrl, disk,
                                disk_suffix, nic, rngdev, simple, video)
PREFIX = "addralloc-asw-"
ARCHES = ["s390x", "pseries", "virt"]
ARCH_OF = {"s390x": "s390x", "pseries": "ppc64", "virt": "aarch64"}
MACHINES = {
    "s390x": ["s390-ccw-virtio"] * 8 + ["s390-ccw-virtio-7.2", "s390-ccw-virtio-6.2", "s390-ccw-virtio-5.2"],
    "pseries": ["pseries"] * 8 + ["pseries-7.2", "pseries-6.2", "pseries-5.2"],
    "virt": ["virt"] * 8 + ["virt-7.2", "virt-6.2", "virt-5.2"],
}
ROLES = ["web", "db", "dns", "ci", "k8s", "mon", "bastion", "mail", "proxy", "backup"]


# --------------------------------------------------------------------------------------------
# domain under construction


class ArchDom(Dom):
    """sweep.Dom plus an architecture, vcpus, a realistic head and the aarch64 cpu model."""

    def __init__(self, rng, kind, machine=None):
        if kind in ARCHES:
            super().__init__(rng, machine or rng.choice(MACHINES[kind]), ARCH_OF[kind])
        else:
            super().__init__(rng, machine or kind, "x86_64")
        self.kind = kind
        self.vcpus = rng.choice([1, 2, 2, 4, 8])
        self.head = []
        self.tail = []
        self.cpu = None
        self.once = set()
        self.vd = 0
        self.sd = 0
        self.fs = 0
        self.memory = rng.choice([524288, 1048576, 2097152, 4194304])
        if rng.random() < 0.3:
            self.head.append("<title>%s-%02d</title>" % (rng.choice(ROLES), rng.randint(1, 40)))
        if rng.random() < 0.2:
            self.tail += ["<on_poweroff>destroy</on_poweroff>", "<on_reboot>restart</on_reboot>",
                          "<on_crash>%s</on_crash>" % rng.choice(["destroy", "restart"])]
        if kind == "virt":
            self.cpu = rng.choice(["<cpu mode='custom'><model>cortex-a57</model></cpu>",
                                   "<cpu mode='custom' match='exact'>\n    <model fallback='forbid'>cortex-a57</model>\n  </cpu>"])

    @property
    def fam(self):
        return self.kind if self.kind in ARCHES else super().fam

    def text(self, name):
        t = super().text(name)
        t = t.replace("  <vcpu>1</vcpu>\n", "  <vcpu placement='static'>%d</vcpu>\n" % self.vcpus, 1)
        if self.head:
            mem = "  <memory unit='KiB'>%d</memory>\n" % self.memory
            t = t.replace(mem, mem + "".join("  %s\n" % h for h in self.head), 1)
        tail = ([self.cpu] if self.cpu else []) + self.tail
        if tail:
            t = t.replace("  </os>\n", "  </os>\n" + "".join("  %s\n" % x for x in tail), 1)
        return t


class TreeCase:
    """An input made from libvirt's own output (an ElementTree root)."""

    def __init__(self, root, fam):
        self.root = root
        self.fam = fam

    def text(self, name):
        self.root.find("name").text = name
        return xmlbuild.to_text(self.root)


# --------------------------------------------------------------------------------------------
# addresses of the non-x86 machines


def hx(rng, n, width, style=None):
    """A spelling of n that libvirt's base-0 parser reads as n."""
    style = style or rng.choice(["hex", "hex", "hex", "short", "dec", "HEX"])
    if style == "hex":
        return "0x%0*x" % (width, n)
    if style == "short":
        return "0x%x" % n
    if style == "HEX":
        return "0X%0*X" % (width, n)
    return str(n)


def addr_ccw(devno=None, ssid=0, cssid=0xfe, rng=None, style="hex"):
    if devno is None:
        return "<address type='ccw'/>"
    r = rng or random.Random(0)
    return "<address type='ccw' cssid='%s' ssid='%s' devno='%s'/>" % (
        hx(r, cssid, 2, style), hx(r, ssid, 1, style), hx(r, devno, 4, style))


def addr_vio(reg=None):
    if reg is None:
        return "<address type='spapr-vio'/>"
    return "<address type='spapr-vio' reg='%s'/>" % (reg if isinstance(reg, str) else "0x%x" % reg)


def addr_mmio():
    return "<address type='virtio-mmio'/>"


def addr_zpci(slot=None, uid=None, fid=None):
    a = "<address type='pci'%s>" % (" slot='0x%02x'" % slot if slot is not None else "")
    z = []
    if uid is not None:
        z.append("uid='0x%04x'" % uid)
    if fid is not None:
        z.append("fid='0x%08x'" % fid)
    return a + "<zpci %s/></address>" % " ".join(z)


def addr_dimm(slot=None, base=None):
    parts = ""
    if slot is not None:
        parts += " slot='%s'" % slot
    if base is not None:
        parts += " base='%s'" % base
    return "<address type='dimm'%s/>" % parts


# --------------------------------------------------------------------------------------------
# devices


def vdisk(d, address="", boot=None):
    d.vd += 1
    return disk("vd" + disk_suffix(d.vd - 1), "virtio", address=address, boot=boot,
                fmt=d.rng.choice(["qcow2", "raw"]))


def sdisk(d, address="", bus="scsi"):
    d.sd += 1
    return disk("sd" + disk_suffix(d.sd - 1), bus, d.rng.choice(["disk", "disk", "cdrom"]), address)


def fs9p(d, address=""):
    d.fs += 1
    return simple("filesystem", "type='mount' accessmode='%s'" % d.rng.choice(["mapped", "squash"]),
                  ["<source dir='/srv/share%d'/>" % d.fs, "<target dir='share%d'/>" % d.fs], address)


def dev(d, kind, address=""):
    """One device of a given kind in the arch's natural model; '' when the kind is used up."""
    rng = d.rng
    if kind in ("balloon", "vsock", "nvram", "wd", "video") and kind in d.once:
        kind = "vdisk"
    if kind == "vdisk":
        return vdisk(d, address)
    if kind == "sdisk":
        return sdisk(d, address)
    if kind == "nic":
        return nic(d, "virtio", address)
    if kind == "vlan":
        return nic(d, "spapr-vlan", address)
    if kind == "e1000e":
        return nic(d, rng.choice(["e1000e", "e1000", "rtl8139"]), address)
    if kind == "rng":
        return rngdev(address, rate=rng.random() < 0.3)
    if kind == "balloon":
        d.once.add(kind)
        return simple("memballoon", "model='virtio'", ["<stats period='10'/>"] if rng.random() < 0.3 else [], address)
    if kind == "vsock":
        d.once.add(kind)
        return simple("vsock", "model='virtio'", ["<cid auto='yes'/>"], address)
    if kind == "fs":
        return fs9p(d, address)
    if kind == "input":
        return simple("input", "type='%s' bus='virtio'" % rng.choice(["keyboard", "mouse", "tablet"]), (), address)
    if kind == "vscsi":
        return ctrl("scsi", None, "virtio-scsi", address)
    if kind == "vser":
        return ctrl("virtio-serial", None, address=address,
                    extra=("ports='%d'" % rng.choice([4, 8, 16])) if rng.random() < 0.3 else "")
    if kind == "video":
        d.once.add(kind)
        d.graphics = d.graphics or "vnc"
        return video({"s390x": "virtio", "virt": "virtio", "pseries": rng.choice(["vga", "virtio", "bochs"])}
                     .get(d.kind, "virtio"), address)
    if kind == "nvram":
        d.once.add(kind)
        return simple("nvram", "", (), address)
    if kind == "ibmvscsi":
        return ctrl("scsi", None, "ibmvscsi", address)
    if kind == "wd":
        d.once.add(kind)
        if d.kind == "s390x":
            return simple("watchdog", "model='diag288' action='%s'" % rng.choice(["reset", "poweroff"]))
        return simple("watchdog", "model='i6300esb' action='reset'", (), address)
    raise ValueError(kind)


NATURAL = {
    "s390x": ["vdisk", "vdisk", "nic", "nic", "rng", "vscsi", "vser", "fs", "input", "vsock", "balloon", "video"],
    "pseries": ["vdisk", "vdisk", "nic", "vlan", "rng", "vscsi", "vser", "ibmvscsi", "balloon", "video", "wd", "nvram"],
    "virt": ["vdisk", "vdisk", "nic", "nic", "rng", "vscsi", "vser", "fs", "input", "vsock", "balloon", "video"],
}


def server(rng, kind, machine=None):
    """A realistic infrastructure VM of an arch, as an ops team would keep it in git."""
    d = ArchDom(rng, kind, machine)
    role = rng.choice(ROLES)
    for _ in range(rng.randint(1, 3 if role != "db" else 5)):
        d.add(vdisk(d, boot=1 if d.vd == 0 and rng.random() < 0.4 else None))
    for _ in range(rng.randint(1, 2 if role != "proxy" else 4)):
        d.add(nic(d, "spapr-vlan" if kind == "pseries" and rng.random() < 0.4 else "virtio"))
    if rng.random() < 0.5:
        d.add(ctrl("scsi", None, "ibmvscsi" if kind == "pseries" and rng.random() < 0.5 else "virtio-scsi"))
        for _ in range(rng.randint(1, 3)):
            d.add(sdisk(d))
    if rng.random() < 0.7:
        d.add(channel(d, "org.qemu.guest_agent.0"))
    if rng.random() < 0.4:
        d.add(channel(d, "org.%s.telemetry" % role))
    r = rng.random()
    if r < 0.5:
        d.add(simple("console", "type='pty'"))
    elif r < 0.7:
        d.add(simple("serial", "type='pty'"))
        d.add(simple("console", "type='pty'"))
    elif r < 0.8:
        d.add(console_virtio())
    if rng.random() < 0.6:
        d.add(rngdev())
    if rng.random() < 0.3:
        d.add(simple("memballoon", "model='%s'" % rng.choice(["virtio", "none"])))
        d.once.add("balloon")
    if kind in ("s390x", "virt") and rng.random() < 0.3:
        d.add(fs9p(d))
    if rng.random() < 0.2:
        d.add(dev(d, "vsock"))
    if rng.random() < 0.3:
        d.add(dev(d, "wd"))
    if kind == "pseries" and rng.random() < 0.3:
        d.add(dev(d, "nvram"))
    if rng.random() < (0.2 if kind == "s390x" else 0.5):
        d.add(dev(d, "video"))
        if kind == "virt":
            d.add(ctrl("usb", rng.choice([None, "0"]), "qemu-xhci"))
            d.add(simple("input", "type='tablet' bus='usb'"))
            d.add(simple("input", "type='keyboard' bus='usb'"))
        elif kind == "pseries":
            d.add(simple("input", "type='tablet' bus='usb'"))
        else:
            d.add(simple("input", "type='keyboard' bus='virtio'"))
    if rng.random() < 0.3:
        rng.shuffle(d.devs)
    return d


# --------------------------------------------------------------------------------------------
# clean recipes (rng, ctx) -> case


def r_server(rng, ctx):
    return server(rng, rng.choice(ARCHES))


def r_s390_many_ccw(rng, ctx):
    d = ArchDom(rng, "s390x")
    n = rng.choice([12, 20, 30, 45, 64, 90])
    pins = {}
    for _ in range(rng.randint(0, 8)):
        ssid = 0 if rng.random() < 0.8 else rng.randint(1, 3)
        pins[(ssid, rng.randint(0, n + 5))] = True
    pins = list(pins)
    rng.shuffle(pins)
    for i in range(n):
        a = ""
        if pins and rng.random() < 0.3:
            ssid, devno = pins.pop()
            a = addr_ccw(devno, ssid, rng=rng, style=rng.choice(["hex", "hex", "short", "dec"]))
        d.add(dev(d, rng.choice(["vdisk", "vdisk", "nic", "nic", "rng", "input", "vscsi", "vser", "fs"]), a))
    for ssid, devno in pins:
        d.add(nic(d, "virtio", addr_ccw(devno, ssid)))
    if rng.random() < 0.5:
        d.add(simple("memballoon", "model='none'"))
    return d


def r_s390_odd_ccw(rng, ctx):
    """Explicit ccw addresses in odd places: devno near 0xffff, other ssids, cssid 0, spellings."""
    d = ArchDom(rng, "s390x")
    used = set()
    for _ in range(rng.randint(3, 12)):
        r = rng.random()
        a = ""
        if r < 0.65:
            pick = rng.choice(["top", "top", "low", "ssid", "cssid0", "mid", "dec", "upper", "zeros"])
            cssid, ssid, style = 0xfe, 0, "hex"
            if pick == "top":
                devno = rng.randint(0xfff0, 0xffff)
            elif pick == "low":
                devno = rng.randint(0, 6)
            elif pick == "ssid":
                ssid, devno = rng.randint(1, 3), rng.choice([0, 1, 0xffff, rng.randint(0, 0xffff)])
            elif pick == "cssid0":
                cssid, devno = 0, rng.randint(0, 20)
            elif pick == "mid":
                devno = rng.choice([0x100, 0x1000, 0x8000, 0xabcd])
            else:
                devno = rng.randint(0, 40)
                style = {"dec": "dec", "upper": "HEX", "zeros": "hex"}[pick]
            if (cssid, ssid, devno) in used:
                continue
            used.add((cssid, ssid, devno))
            a = addr_ccw(devno, ssid, cssid, rng=rng, style=style)
        elif r < 0.75:
            a = addr_ccw()
        d.add(dev(d, rng.choice(NATURAL["s390x"]), a))
    for _ in range(rng.randint(0, 5)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng"])))
    if rng.random() < 0.5:
        rng.shuffle(d.devs)
    return d


def r_s390_zpci(rng, ctx):
    """PCI devices on s390x (zPCI), with and without uid/fid, beside ccw devices."""
    d = ArchDom(rng, "s390x")
    uids, fids, slots = set(), set(), set()
    for _ in range(rng.randint(1, 7)):
        pick = rng.choice(["empty", "slot", "uid", "fid", "both", "both"])
        slot = uid = fid = None
        if pick in ("slot", "both") and rng.random() < 0.7:
            slot = rng.randint(1, 0x1f)
            if slot in slots:
                slot = None
            else:
                slots.add(slot)
        if pick in ("uid", "both"):
            uid = rng.choice([1, 2, 3, 7, 0x10, 0xffff, rng.randint(1, 0xffff)])
            if uid in uids:
                uid = None
            else:
                uids.add(uid)
        if pick in ("fid", "both"):
            fid = rng.choice([0, 1, 2, 0x20, 0xffffffff, rng.randint(0, 0xffffffff)])
            if fid in fids:
                fid = None
            else:
                fids.add(fid)
        a = "<address type='pci'/>" if uid is None and fid is None and slot is None else (
            addr_pci(0, slot, 0) if uid is None and fid is None else addr_zpci(slot, uid, fid))
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng", "vscsi", "balloon"]), a))
    for _ in range(rng.randint(0, 4)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "vser", "input"])))
    if rng.random() < 0.3:
        d.add(ctrl("usb", None, "qemu-xhci"))
        d.add(simple("input", "type='tablet' bus='usb'"))
    return d


def r_s390_consoles(rng, ctx):
    d = ArchDom(rng, "s390x")
    for i in range(rng.randint(1, 4)):
        k = rng.choice(["sclp", "sclplm", "virtio", "plain", "serial", "serial-lm", "chan", "chan-addr"])
        if k in ("sclp", "sclplm", "virtio"):
            d.add(simple("console", "type='pty'", ["<target type='%s'/>" % k]))
        elif k == "plain":
            d.add(simple("console", "type='pty'"))
        elif k == "serial":
            d.add(simple("serial", "type='pty'"))
        elif k == "serial-lm":
            d.add(simple("serial", "type='pty'", ["<target type='sclp-serial'><model name='sclplmconsole'/></target>"]))
        elif k == "chan":
            d.add(channel(d))
        else:
            d.add(channel(d, address=addr_vser(0, 0, rng.randint(1, 6))))
    d.add(vdisk(d))
    d.add(nic(d))
    return d


def r_pseries_vio(rng, ctx):
    """Many spapr-vio devices, some pinned where the default 0x1000 stepping would go."""
    d = ArchDom(rng, "pseries")
    nv = rng.choice([2, 4, 8, 16, 24, 40])
    used = set()

    def reg_pick():
        r = rng.random()
        if r < 0.5:
            v = 0x1000 * rng.randint(1, nv + 3)
        elif r < 0.7:
            v = 0x1000 * rng.randint(1, nv) + rng.choice([1, 0x10, 0x800])
        elif r < 0.8:
            v = rng.choice([0x71000000, 0xfffff000, 0x7fff0000])
        else:
            v = 0x30000000 + 0x1000 * rng.randint(1, 4)
        if v in used:
            return None
        used.add(v)
        return v

    for _ in range(nv):
        a = ""
        if rng.random() < 0.25:
            v = reg_pick()
            a = addr_vio(v) if v is not None else addr_vio()
        d.add(nic(d, "spapr-vlan", a))
    for _ in range(rng.randint(0, 3)):
        v = reg_pick() if rng.random() < 0.4 else None
        d.add(ctrl("scsi", None, "ibmvscsi", addr_vio(v) if v is not None else ""))
    if rng.random() < 0.7:
        v = reg_pick() if rng.random() < 0.5 else None
        d.add(simple("nvram", "", (), addr_vio(v) if v is not None else ""))
    for i in range(rng.randint(0, 3)):
        v = reg_pick() if rng.random() < 0.5 else None
        d.add(simple("serial", "type='pty'", [], addr_vio(v) if v is not None else ""))
    if rng.random() < 0.5:
        d.add(simple("console", "type='pty'"))
    for _ in range(rng.randint(0, 3)):
        d.add(sdisk(d))
    for _ in range(rng.randint(0, 3)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng"])))
    if rng.random() < 0.4:
        rng.shuffle(d.devs)
    return d


def r_pseries_vio_spelling(rng, ctx):
    """spapr-vio reg spellings: libvirt reads reg as hex even without 0x."""
    d = ArchDom(rng, "pseries")
    vals = rng.sample(range(1, 40), rng.randint(1, 5))
    for v in vals:
        sp = rng.choice(["0x%x" % (v * 0x1000), "0x%08x" % (v * 0x1000), "%x" % (v * 0x1000), "%d" % (v * 1000),
                         "0X%X" % (v * 0x1000), "%d" % v])
        k = rng.choice(["vlan", "vlan", "nvram", "ibmvscsi", "serial"])
        if k == "nvram" and "nvram" in d.once:
            k = "vlan"
        if k == "serial":
            d.add(simple("serial", "type='pty'", [], addr_vio(sp)))
        else:
            d.add(dev(d, k, addr_vio(sp)))
    for _ in range(rng.randint(0, 4)):
        d.add(dev(d, rng.choice(["vlan", "ibmvscsi", "nic", "vdisk"])))
    return d


def r_pseries_phb(rng, ctx):
    """Extra PCI host bridges (pci-root with target index), pci-bridges, device floods."""
    d = ArchDom(rng, "pseries")
    nphb = rng.randint(0, 4)
    targets = rng.sample(range(1, 31), nphb)
    buses = [0]
    items = []
    for i, t in enumerate(targets, 1):
        style = rng.random()
        if style < 0.6:
            inner = "<target index='%d'/>" % t
        elif style < 0.8:
            inner = "<model name='spapr-pci-host-bridge'/>\n  <target index='%d'/>" % t
        else:
            inner = ""
        items.append(ctrl("pci", str(i), "pci-root", inner=inner))
        buses.append(i)
    if rng.random() < 0.3:
        items.append(ctrl("pci", "0", "pci-root", inner=rng.choice(["", "<target index='0'/>"])))
    nxt = nphb + 1
    used = set()
    for _ in range(rng.randint(0, 3)):
        parent, s = rng.choice(buses), rng.randint(1, 0x1f)
        a = ""
        if rng.random() < 0.5 and (parent, s) not in used:
            used.add((parent, s))
            a = addr_pci(parent, s)
        items.append(ctrl("pci", str(nxt), "pci-bridge", a))
        buses.append(nxt)
        nxt += 1
    if rng.random() < 0.6:
        rng.shuffle(items)
    for it in items:
        d.add(it)
    n = rng.choice([2, 5, 10, 20, 33, 45, 70])
    for _ in range(n):
        a = ""
        if rng.random() < 0.25:
            b, s = rng.choice(buses), rng.randint(1, 0x1f)
            if (b, s) not in used:
                used.add((b, s))
                a = addr_pci(b, s, 0)
        d.add(dev(d, rng.choice(["vdisk", "nic", "nic", "rng", "vscsi", "vser", "e1000e"]), a))
    if rng.random() < 0.3:
        d.add(dev(d, "video"))
    return d


def r_pseries_usb(rng, ctx):
    d = ArchDom(rng, "pseries")
    model = rng.choice(["default", "qemu-xhci", "nec-xhci", "pci-ohci", "two", "ports"])
    nports = 4
    if model == "two":
        d.add(ctrl("usb", "0", "qemu-xhci"))
        d.add(ctrl("usb", "1", rng.choice(["nec-xhci", "pci-ohci"])))
    elif model == "ports":
        nports = rng.choice([2, 8, 15])
        d.add(ctrl("usb", "0", "qemu-xhci", extra="ports='%d'" % nports))
    elif model != "default":
        d.add(ctrl("usb", rng.choice([None, "0"]), model, addr_pci(0, rng.randint(2, 0x1f)) if rng.random() < 0.3 else ""))
        nports = 3 if model == "pci-ohci" else 4
    free = list(range(1, nports + 1))
    if rng.random() < 0.4:
        p = free.pop(rng.randrange(len(free)))
        d.add(simple("hub", "type='usb'", (), addr_usb(0, p) if rng.random() < 0.6 else ""))
    for _ in range(rng.randint(1, 5)):
        a = ""
        if free and rng.random() < 0.4:
            a = addr_usb(0, free.pop(rng.randrange(len(free))))
        k = rng.choice(["tablet", "keyboard", "mouse", "disk"])
        if k == "disk":
            d.add(sdisk(d, a, bus="usb"))
        else:
            d.add(simple("input", "type='%s' bus='usb'" % k, (), a))
    d.add(dev(d, "video"))
    d.add(vdisk(d))
    return d


def root_port(idx, chassis=None, port=None, address="", index_str=None):
    inner = ""
    if chassis is not None or port is not None:
        parts = []
        if chassis is not None:
            parts.append("chassis='%d'" % chassis)
        if port is not None:
            parts.append("port='0x%x'" % port)
        inner = "<target %s/>" % " ".join(parts)
    return ctrl("pci", index_str if index_str is not None else str(idx), "pcie-root-port", address, inner=inner)


def r_virt_rootports(rng, ctx):
    """Enough PCIe endpoints to force many root ports; some explicit ports with chassis/port."""
    d = ArchDom(rng, "virt")
    nrp = rng.choice([0, 0, 2, 4, 8, 12])
    ports = []
    slotfn = [(s, f) for s in range(1, 0x20) for f in range(8)]
    start = rng.choice([0, 0, 8, 16, 40])
    for i in range(1, nrp + 1):
        r = rng.random()
        a = ""
        if r < 0.4:
            s, f = slotfn[start + i - 1]
            a = addr_pci(0, s, f, "on" if f == 0 else None)
        ch = i if rng.random() < 0.5 else None
        pt = (0x8 + i - 1 if rng.random() < 0.5 else 0x10 + i) if rng.random() < 0.5 else None
        d.add(root_port(i, ch, pt, a))
        ports.append(i)
    if rng.random() < 0.5:
        rng.shuffle(d.devs)
    n = rng.choice([3, 8, 15, 25, 40, 60])
    free = list(ports)
    for _ in range(n):
        a = ""
        if free and rng.random() < 0.4:
            a = addr_pci(free.pop(rng.randrange(len(free))), 0, 0)
        d.add(dev(d, rng.choice(["vdisk", "vdisk", "nic", "rng", "vscsi", "vser", "input"]), a))
    return d


def r_virt_mmio(rng, ctx):
    """virtio-mmio on some aarch64 devices (one of them flips all unaddressed virtio devices)."""
    d = ArchDom(rng, "virt")
    pinned_port = None
    if rng.random() < 0.4:
        d.add(root_port(1, 1, 0x8))
        pinned_port = 1
    for _ in range(rng.randint(2, 10)):
        r = rng.random()
        a = ""
        if r < 0.35:
            a = addr_mmio()
        elif r < 0.45 and pinned_port:
            a = addr_pci(pinned_port, 0, 0)
            pinned_port = None
        elif r < 0.55:
            a = "<address type='pci'/>"
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng", "vscsi", "vser", "input", "balloon", "fs", "vsock"]), a))
    if rng.random() < 0.4:
        d.add(channel(d, "org.qemu.guest_agent.0"))
    if rng.random() < 0.3:
        d.add(ctrl("usb", None, "qemu-xhci"))
        d.add(simple("input", "type='tablet' bus='usb'"))
    if rng.random() < 0.3:
        d.add(sdisk(d))
    return d


def r_virt_topology(rng, ctx):
    """Switches, pxb-pcie, pcie-to-pci-bridge, dmi-to-pci-bridge + pci-bridge, legacy PCI devices."""
    d = ArchDom(rng, "virt")
    nxt = 1
    ports, bridges = [], []
    items = []
    shape_ = rng.choice(["switch", "pxb", "pcie-pci", "dmi", "legacy"])
    if shape_ == "switch":
        items.append(root_port(nxt, nxt, 0x8))
        rp = nxt
        nxt += 1
        up = nxt
        items.append(ctrl("pci", str(up), "pcie-switch-upstream-port", addr_pci(rp, 0) if rng.random() < 0.5 else ""))
        nxt += 1
        for k in range(rng.randint(1, 6)):
            items.append(ctrl("pci", str(nxt), "pcie-switch-downstream-port",
                              addr_pci(up, k) if rng.random() < 0.5 else ""))
            ports.append(nxt)
            nxt += 1
    elif shape_ == "pxb":
        ex = nxt
        items.append(ctrl("pci", str(ex), "pcie-expander-bus",
                          inner="<target busNr='%d'/>" % rng.choice([32, 64, 128, 200]) if rng.random() < 0.7 else ""))
        nxt += 1
        for k in range(rng.randint(1, 4)):
            items.append(ctrl("pci", str(nxt), "pcie-root-port", addr_pci(ex, k) if rng.random() < 0.5 else ""))
            ports.append(nxt)
            nxt += 1
    elif shape_ == "pcie-pci":
        items.append(root_port(nxt))
        rp = nxt
        nxt += 1
        items.append(ctrl("pci", str(nxt), "pcie-to-pci-bridge", addr_pci(rp, 0) if rng.random() < 0.5 else ""))
        bridges.append(nxt)
        nxt += 1
    elif shape_ == "dmi":
        items.append(ctrl("pci", str(nxt), "dmi-to-pci-bridge"))
        parent = nxt
        nxt += 1
        for k in range(rng.randint(1, 2)):
            items.append(ctrl("pci", str(nxt), "pci-bridge", addr_pci(parent, 1 + k) if rng.random() < 0.5 else ""))
            bridges.append(nxt)
            parent = nxt
            nxt += 1
    if rng.random() < 0.5:
        rng.shuffle(items)
    for it in items:
        d.add(it)
    used = set()
    for _ in range(rng.randint(2, 10)):
        kind = rng.choice(["vdisk", "nic", "rng", "e1000e", "vscsi", "wd", "legacy-usb", "video"])
        a = ""
        if ports and rng.random() < 0.4 and kind not in ("wd", "legacy-usb", "e1000e"):
            p = rng.choice(ports)
            if p not in used:
                used.add(p)
                a = addr_pci(p, 0, 0)
        elif bridges and rng.random() < 0.4:
            b, s = rng.choice(bridges), rng.randint(1, 0x1f)
            if (b, s) not in used:
                used.add((b, s))
                a = addr_pci(b, s, 0)
        if kind == "legacy-usb":
            d.add(ctrl("usb", None, rng.choice(["pci-ohci", "nec-xhci", "ich9-ehci1", "piix3-uhci"]), a))
        else:
            d.add(dev(d, kind, a))
    return d


def r_ctrl_order(rng, ctx):
    """Controllers given explicitly, in unusual order (indexes descending, root last, gaps)."""
    kind = rng.choice(ARCHES)
    d = ArchDom(rng, kind)
    items = []
    if kind == "virt":
        n = rng.randint(2, 8)
        for i in range(n, 0, -1):
            items.append(root_port(i, i + 10 if rng.random() < 0.4 else None))
        if rng.random() < 0.5:
            items.append(ctrl("pci", "0", "pcie-root"))
        items.append(ctrl("usb", "1", "qemu-xhci"))
        items.append(ctrl("usb", "0", rng.choice(["qemu-xhci", "nec-xhci"])))
    elif kind == "pseries":
        n = rng.randint(1, 3)
        for i in range(n, 0, -1):
            items.append(ctrl("pci", str(i), "pci-root", inner="<target index='%d'/>" % (31 - i)))
        items.append(ctrl("pci", "0", "pci-root"))
        items.append(ctrl("usb", "0", "qemu-xhci"))
        items.append(ctrl("scsi", "1", "ibmvscsi"))
        items.append(ctrl("scsi", "0", "virtio-scsi"))
    else:
        items.append(ctrl("pci", "0", "pci-root"))
    for i in rng.sample(range(4), rng.randint(1, 3)):
        items.append(ctrl("virtio-serial", str(i)))
    for i in rng.sample(range(4), rng.randint(0, 2)):
        items.append(ctrl("scsi", str(i + 2), "virtio-scsi"))
    rng.shuffle(items)
    front = rng.random() < 0.5
    if front:
        for it in items:
            d.add(it)
    for _ in range(rng.randint(2, 8)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng", "sdisk"])))
    for _ in range(rng.randint(0, 4)):
        d.add(channel(d))
    if kind in ("virt", "pseries") and rng.random() < 0.6:
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(rng.choice([0, 1]), 1) if rng.random() < 0.5 else ""))
    if not front:
        for it in items:
            d.add(it)
    return d


def dimm(size, node, address=""):
    return simple("memory", "model='dimm'", ["<target>\n    <size unit='KiB'>%d</size>\n    <node>%d</node>\n  </target>"
                                             % (size, node)], address)


def dimm_dom(rng, slots=None, cells=None):
    d = ArchDom(rng, rng.choice(["pc", "q35"]))
    d.memory = rng.choice([1048576, 2097152])
    cells = cells or rng.choice([1, 1, 2])
    d.vcpus = cells * rng.choice([1, 2])
    slots = slots or rng.choice([1, 2, 4, 8, 16, 32])
    d.head.append("<maxMemory slots='%d' unit='KiB'>%d</maxMemory>" % (slots, 16777216))
    per = d.vcpus // cells
    cell_xml = "".join("<cell id='%d' cpus='%s' memory='%d' unit='KiB'/>" % (
        c, "%d-%d" % (c * per, c * per + per - 1) if per > 1 else str(c), d.memory // cells) for c in range(cells))
    d.cpu = "<cpu><numa>%s</numa></cpu>" % cell_xml
    d.cells = cells
    d.slots = slots
    return d


def r_x86_dimm(rng, ctx):
    d = dimm_dom(rng)
    free = list(range(d.slots))
    for _ in range(rng.randint(1, d.slots)):
        a = ""
        if rng.random() < 0.4:
            s = free.pop(rng.randrange(len(free)))
            a = addr_dimm(s)
        elif free:
            free.pop()
        d.add(dimm(rng.choice([131072, 262144, 524288]), rng.randrange(d.cells), a))
    for _ in range(rng.randint(0, 3)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng"])))
    rng.shuffle(d.devs)
    return d


# ---- recipes made from libvirt's own output


def strip_addresses(rng, root, kind, p, keep=()):
    """Remove a random subset of addresses; sometimes only a part of a pci/spapr-vio address."""
    devs = xmlbuild.devices_of(root)
    for el in list(devs):
        a = el.find("address")
        if a is None or rng.random() >= p or any(el is k for k in keep):
            continue
        t = a.get("type")
        r = rng.random()
        if t == "pci" and r < 0.25:
            for k in rng.sample(["domain", "bus", "slot", "function"], rng.randint(1, 2)):
                a.attrib.pop(k, None)
            z = a.find("zpci")
            if z is not None and rng.random() < 0.5:
                a.remove(z)
        elif t == "spapr-vio" and r < 0.3:
            a.attrib.pop("reg", None)
        elif t == "usb" and r < 0.2:
            a.attrib.pop("port", None)
        elif t == "drive" and r < 0.2:
            a.attrib.pop("unit", None)
        else:
            el.remove(a)
    # drop some auto-added pcie-root-ports / PHBs together with what points at them
    for c in [c for c in devs if c.tag == "controller" and c.get("type") == "pci"
              and c.get("model") in ("pcie-root-port", "pci-root", "pcie-to-pci-bridge")
              and xmlbuild.num(c.get("index")) > 0]:
        if rng.random() < p / 2:
            idx = xmlbuild.num(c.get("index"))
            if any(xmlbuild.num(x.get("index")) > idx for x in devs
                   if x.tag == "controller" and x.get("type") == "pci"):
                continue
            if any(xmlbuild.num((x.find("address").get("bus") if x.find("address") is not None else None), -1) == idx
                   for x in keep):
                continue
            devs.remove(c)
            xmlbuild.clear_refs(devs, "pci", idx)


def from_libvirt(rng, ctx, d):
    """libvirt's output for d, uuid dropped, machine alias sometimes restored, or None."""
    ok, _, out = ctx.base(d)
    if not ok:
        return None
    root = xmlbuild.parse(out)
    xmlbuild.normalize_dumped(root, "x", machine=d.machine if rng.random() < 0.4 else None,
                              strip_boilerplate=rng.random() < 0.5, rng=rng)
    return root


def r_partial_pinned(rng, ctx):
    kind = rng.choice(ARCHES)
    maker = rng.choice([server, server, lambda r, k: RECIPE_BY_ARCH[k](r, ctx)])
    d = maker(rng, kind)
    root = from_libvirt(rng, ctx, d)
    if root is None:
        return d
    strip_addresses(rng, root, kind, rng.choice([0.2, 0.4, 0.6, 0.8]))
    return TreeCase(root, kind)


def r_roundtrip(rng, ctx):
    kind = rng.choice(ARCHES)
    d = server(rng, kind)
    root = from_libvirt(rng, ctx, d)
    return TreeCase(root, kind) if root is not None else d


RECIPE_BY_ARCH = {
    "s390x": lambda rng, ctx: rng.choice([r_s390_many_ccw, r_s390_odd_ccw, r_s390_zpci])(rng, ctx),
    "pseries": lambda rng, ctx: rng.choice([r_pseries_vio, r_pseries_phb, r_pseries_usb])(rng, ctx),
    "virt": lambda rng, ctx: rng.choice([r_virt_rootports, r_virt_mmio, r_virt_topology])(rng, ctx),
}


# --------------------------------------------------------------------------------------------
# fault recipes (rng, ctx) -> (case, fault)

BAD = ["abc", "-1", "0xzz", "", "1.5", "0x", " ", "+1", "99999999999999999999"]


def f_ccw(rng, ctx):
    d = server(rng, "s390x")
    k = rng.choice(["dup-devno", "devno-big", "ssid-4", "cssid-bad", "partial", "malformed", "dup-zpci-uid",
                    "zpci-uid0", "zpci-uid-big", "dup-zpci-fid", "ccw-on-scsi-disk", "usb-no-ctrl", "dup-ssid-devno",
                    "ccw-on-console"])
    if k in ("dup-devno", "dup-ssid-devno"):
        devno, ssid = rng.randint(0, 8), (0 if k == "dup-devno" else rng.randint(1, 3))
        for kind in rng.sample(["vdisk", "nic", "rng", "vscsi", "vser", "balloon", "input"], 2):
            d.add(dev(d, kind, addr_ccw(devno, ssid, rng=rng, style=rng.choice(["hex", "dec"]))))
    elif k == "devno-big":
        d.add(nic(d, "virtio", "<address type='ccw' cssid='0xfe' ssid='0x0' devno='%s'/>"
                  % rng.choice(["0x10000", "65536", "0x1ffff"])))
    elif k == "ssid-4":
        d.add(vdisk(d, "<address type='ccw' cssid='0xfe' ssid='%s' devno='0x0001'/>" % rng.choice(["0x4", "4", "0xff"])))
    elif k == "cssid-bad":
        d.add(nic(d, "virtio", "<address type='ccw' cssid='%s' ssid='0x0' devno='0x0002'/>"
                  % rng.choice(["0xff", "0x1", "0x100", "0xfd"])))
    elif k == "partial":
        d.add(vdisk(d, rng.choice(["<address type='ccw' devno='0x0005'/>", "<address type='ccw' cssid='0xfe'/>",
                                   "<address type='ccw' ssid='0x1'/>", "<address type='ccw' cssid='0xfe' devno='0x7'/>",
                                   "<address type='ccw' cssid='0xfe' ssid='0x0'/>"])))
    elif k == "malformed":
        attr = rng.choice(["cssid", "ssid", "devno"])
        vals = {"cssid": "0xfe", "ssid": "0x0", "devno": "0x0003"}
        vals[attr] = rng.choice(BAD + ["ffff"])
        d.add(nic(d, "virtio", "<address type='ccw' %s/>" % " ".join("%s='%s'" % kv for kv in vals.items())))
    elif k in ("dup-zpci-uid", "dup-zpci-fid"):
        for i in range(2):
            d.add(nic(d, "virtio", addr_zpci(None, 5 if k == "dup-zpci-uid" else 5 + i, 9 if k == "dup-zpci-fid" else i)))
    elif k == "zpci-uid0":
        d.add(nic(d, "virtio", addr_zpci(None, 0, 3)))
    elif k == "zpci-uid-big":
        d.add(nic(d, "virtio", "<address type='pci'><zpci uid='0x10000' fid='0x1'/></address>"))
    elif k == "ccw-on-scsi-disk":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(sdisk(d, addr_ccw(0x20)))
    elif k == "usb-no-ctrl":
        d.add(simple("input", "type='%s' bus='usb'" % rng.choice(["tablet", "keyboard"])))
    else:
        d.add(simple("console", "type='pty'", ["<target type='virtio'/>"], addr_ccw(0x30)))
    return d, "ccw-" + k


def f_vio(rng, ctx):
    d = server(rng, "pseries")
    k = rng.choice(["dup-reg", "reg-big", "reg-malformed", "pci-on-vlan", "vio-on-virtio", "vio-on-virt",
                    "vlan-on-virt", "ibmvscsi-on-s390", "serial-console-reg", "dup-default", "ccw-on-pseries",
                    "vio-on-usb-ctrl"])
    if k == "dup-reg":
        reg = rng.choice([0x1000, 0x2000, 0x3000, 0x30000000, 0x4000])
        kinds = rng.sample(["vlan", "nvram", "ibmvscsi", "serial"], 2)
        for kind in kinds:
            if kind == "serial":
                d.add(simple("serial", "type='pty'", [], addr_vio(reg)))
            else:
                d.once.discard(kind)
                d.add(dev(d, kind, addr_vio(reg)))
    elif k == "reg-big":
        d.add(nic(d, "spapr-vlan", addr_vio(rng.choice(["0x100000000", "0x1ffffffff"]))))
    elif k == "reg-malformed":
        d.add(nic(d, "spapr-vlan", addr_vio(rng.choice(["zz", "-1", "0x", "", "1.5", " "]))))
    elif k == "pci-on-vlan":
        d.add(nic(d, "spapr-vlan", addr_pci(0, rng.randint(3, 0x1f), 0)))
    elif k == "vio-on-virtio":
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng"]), addr_vio(rng.choice([0x5000, 0x1000]))))
    elif k == "ccw-on-pseries":
        d.add(nic(d, "virtio", addr_ccw(rng.randint(0, 4))))
    elif k == "vio-on-usb-ctrl":
        d.add(ctrl("usb", "0", "qemu-xhci", addr_vio(0x7000)))
    elif k == "serial-console-reg":
        d.add(simple("serial", "type='pty'", [], addr_vio(0x30000000)))
        d.add(simple("console", "type='pty'", ["<target type='serial' port='0'/>"], addr_vio(0x30001000)))
    elif k == "dup-default":
        d.add(nic(d, "spapr-vlan", addr_vio(0x1000)))
        d.add(nic(d, "spapr-vlan", addr_vio(0x1000 if rng.random() < 0.5 else "0x00001000")))
    else:
        other = {"vio-on-virt": "virt", "vlan-on-virt": "virt", "ibmvscsi-on-s390": "s390x"}[k]
        d = server(rng, other)
        if k == "vio-on-virt":
            d.add(nic(d, "virtio", addr_vio(0x1000)))
        elif k == "vlan-on-virt":
            d.add(nic(d, "spapr-vlan"))
        else:
            d.add(ctrl("scsi", None, "ibmvscsi"))
    return d, "vio-" + k


def f_pseries_pci(rng, ctx):
    d = server(rng, "pseries")
    k = rng.choice(["target-out-of-range", "target0", "dup-target", "domain1", "bus-missing", "slot-big", "fn8",
                    "slot0", "dup-pci", "rootport", "bridge-slot0", "target-malformed", "phb-address"])
    if k == "target-out-of-range":
        d.add(ctrl("pci", "1", "pci-root", inner="<target index='%s'/>" % rng.choice(["31", "32", "255", "-1"])))
    elif k == "target0":
        d.add(ctrl("pci", "1", "pci-root", inner="<target index='0'/>"))
    elif k == "dup-target":
        t = rng.randint(1, 30)
        d.add(ctrl("pci", "1", "pci-root", inner="<target index='%d'/>" % t))
        d.add(ctrl("pci", "2", "pci-root", inner="<target index='%d'/>" % t))
    elif k == "target-malformed":
        d.add(ctrl("pci", "1", "pci-root", inner="<target index='%s'/>" % rng.choice(["abc", "1.5", ""])))
    elif k == "domain1":
        d.add(ctrl("pci", "1", "pci-root", inner="<target index='1'/>"))
        d.add(nic(d, "virtio", addr_pci(0, 1, 0, domain=1)))
    elif k == "bus-missing":
        d.add(nic(d, "virtio", addr_pci(rng.randint(1, 5), rng.randint(1, 0x1f), 0)))
    elif k == "slot-big":
        d.add(vdisk(d, addr_pci(0, rng.choice([0x20, 0x3f, 0xff]), 0)))
    elif k == "fn8":
        d.add(vdisk(d, addr_pci(0, 5, 8)))
    elif k == "slot0":
        d.add(nic(d, "virtio", addr_pci(0, 0, 0)))
    elif k == "dup-pci":
        s = rng.randint(1, 0x1f)
        for kind in rng.sample(["vdisk", "nic", "rng", "vscsi", "balloon", "video"], 2):
            d.add(dev(d, kind, addr_pci(0, s, 0)))
    elif k == "rootport":
        d.add(ctrl("pci", "1", "pcie-root-port"))
    elif k == "bridge-slot0":
        d.add(ctrl("pci", "1", "pci-bridge"))
        d.add(nic(d, "virtio", addr_pci(1, 0, 0)))
    else:
        d.add(ctrl("pci", "1", "pci-root", addr_pci(0, 5, 0), inner="<target index='1'/>"))
    return d, "pseries-" + k


def f_virt(rng, ctx):
    d = server(rng, "virt")
    k = rng.choice(["rootport-no-index", "pci-root", "slot0", "rootport-slot1", "legacy-on-rootport",
                    "pcie-on-pci-bridge", "dup-pci", "ide", "usb-no-ctrl", "dup-chassis-port", "mmio-on-e1000",
                    "mmio-on-usb-ctrl", "ccw-on-virt", "fn8", "slot-big", "busnr-bad", "mmio-attrs", "two-pcie-root"])
    if k == "rootport-no-index":
        d.add(ctrl("pci", None, "pcie-root-port"))
    elif k == "pci-root":
        d.add(ctrl("pci", "0", "pci-root"))
    elif k == "slot0":
        d.add(nic(d, "virtio", addr_pci(0, 0, 0)))
    elif k == "rootport-slot1":
        d.add(root_port(1))
        d.add(vdisk(d, addr_pci(1, rng.randint(1, 0x1f), 0)))
    elif k == "legacy-on-rootport":
        d.add(root_port(1))
        d.add(nic(d, rng.choice(["e1000", "rtl8139"]), addr_pci(1, 0, 0)))
    elif k == "pcie-on-pci-bridge":
        d.add(root_port(1))
        d.add(ctrl("pci", "2", "pcie-to-pci-bridge"))
        d.add(ctrl("pci", "3", "pcie-root-port", addr_pci(2, 1, 0)))
    elif k == "dup-pci":
        d.add(root_port(1))
        for kind in rng.sample(["vdisk", "nic", "rng", "vscsi", "balloon"], 2):
            d.add(dev(d, kind, addr_pci(1, 0, 0)))
    elif k == "ide":
        d.add(disk("hdc", "ide", "cdrom"))
    elif k == "usb-no-ctrl":
        d.devs = [x for x in d.devs if "bus='usb'" not in x and "type='usb'" not in x]
        d.add(simple("input", "type='tablet' bus='usb'"))
    elif k == "dup-chassis-port":
        c = rng.choice(["<target chassis='1' port='0x8'/>", "<target chassis='3' port='0x10'/>"])
        d.add(ctrl("pci", "1", "pcie-root-port", inner=c))
        d.add(ctrl("pci", "2", "pcie-root-port", inner=c))
    elif k == "mmio-on-e1000":
        d.add(nic(d, "e1000", addr_mmio()))
    elif k == "mmio-on-usb-ctrl":
        d.add(ctrl("usb", "0", "qemu-xhci", addr_mmio()))
    elif k == "ccw-on-virt":
        d.add(vdisk(d, addr_ccw(1)))
    elif k == "fn8":
        d.add(ctrl("pci", "1", "pcie-root-port", addr_pci(0, 2, 8)))
    elif k == "slot-big":
        d.add(ctrl("pci", "1", "pcie-root-port", addr_pci(0, 0x20, 0)))
    elif k == "busnr-bad":
        d.add(ctrl("pci", "1", "pcie-expander-bus", inner="<target busNr='%s'/>" % rng.choice(["0", "255", "256", "-1"])))
    elif k == "mmio-attrs":
        d.add(vdisk(d, "<address type='virtio-mmio' slot='0x03'/>"))
    else:
        d.add(ctrl("pci", "0", "pcie-root"))
        d.add(ctrl("pci", "0", "pcie-root"))
    return d, "virt-" + k


def f_common(rng, ctx):
    """drive / virtio-serial / usb faults, on any of the three machines."""
    kind = rng.choice(ARCHES)
    d = server(rng, kind)
    k = rng.choice(["dup-drive", "unit-beyond", "drive-ctrl-missing", "dup-vser-port", "vser-port-beyond",
                    "vser-ctrl-missing", "dup-usb-port", "usb-port-beyond", "usb-bus-missing", "dup-ctrl-index",
                    "dup-disk-target", "usb-none-with-dev"])
    if k == "dup-drive":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        for _ in range(2):
            d.add(sdisk(d, addr_drive(0, 0, 0, 3)))
    elif k == "unit-beyond":
        d.add(ctrl("scsi", "0", rng.choice(["virtio-scsi", "ibmvscsi"]) if kind == "pseries" else "virtio-scsi"))
        d.add(sdisk(d, addr_drive(0, 0, rng.choice([0, 300]), rng.choice([7, 63, 64, 16384, 16385]))))
    elif k == "drive-ctrl-missing":
        d.add(sdisk(d, addr_drive(rng.randint(1, 3), 0, 0, 0)))
    elif k == "dup-vser-port":
        d.add(channel(d, address=addr_vser(0, 0, 2)))
        d.add(channel(d, address=addr_vser(0, 0, 2)))
    elif k == "vser-port-beyond":
        d.add(ctrl("virtio-serial", "0", extra="ports='4'"))
        d.add(channel(d, address=addr_vser(0, 0, rng.choice([4, 5, 31]))))
    elif k == "vser-ctrl-missing":
        d.add(channel(d, address=addr_vser(rng.randint(1, 3), 0, 1)))
    elif k in ("dup-usb-port", "usb-port-beyond", "usb-bus-missing", "usb-none-with-dev"):
        if kind != "pseries":
            d.devs = [x for x in d.devs if "bus='usb'" not in x and "type='usb'" not in x]
            d.add(ctrl("usb", "0", "qemu-xhci" if k != "usb-none-with-dev" else "none"))
        elif k == "usb-none-with-dev":
            d.devs = [x for x in d.devs if "bus='usb'" not in x and "type='usb'" not in x]
            d.add(ctrl("usb", "0", "none"))
        if k == "dup-usb-port":
            d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, 2)))
            d.add(simple("input", "type='keyboard' bus='usb'", (), addr_usb(0, 2)))
        elif k == "usb-port-beyond":
            d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, rng.choice([5, 16, 9]))))
        elif k == "usb-bus-missing":
            d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(rng.randint(1, 3), 1)))
        else:
            d.add(simple("input", "type='mouse' bus='usb'"))
    elif k == "dup-ctrl-index":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(ctrl("scsi", "0", "virtio-scsi"))
    elif k == "dup-disk-target":
        d.add(disk("vdq", "virtio"))
        d.add(disk("vdq", "virtio"))
    return d, "common-" + k


def f_dimm(rng, ctx):
    d = dimm_dom(rng, slots=rng.choice([2, 4, 8]))
    k = rng.choice(["slot-beyond", "dup-slot", "no-slot-attr", "too-many", "no-maxmemory", "no-numa", "slot-malformed",
                    "node-missing", "pci-address", "drive-address", "base-only", "slot-hex"])
    size = 262144
    if k == "slot-beyond":
        d.add(dimm(size, 0, addr_dimm(d.slots + rng.choice([0, 1, 100]))))
    elif k == "dup-slot":
        d.add(dimm(size, 0, addr_dimm(1)))
        d.add(dimm(size, 0, addr_dimm(1)))
    elif k == "no-slot-attr":
        d.add(dimm(size, 0, addr_dimm()))
    elif k == "too-many":
        for _ in range(d.slots + 1):
            d.add(dimm(131072, 0))
    elif k == "no-maxmemory":
        d.head = [h for h in d.head if not h.startswith("<maxMemory")]
        d.add(dimm(size, 0))
    elif k == "no-numa":
        d.cpu = None
        d.vcpus = 1
        d.add(dimm(size, 0))
    elif k == "slot-malformed":
        d.add(dimm(size, 0, addr_dimm(rng.choice(["abc", "-1", "1.5", "0x1", ""]))))
    elif k == "node-missing":
        d.add(dimm(size, d.cells + rng.randint(0, 3)))
    elif k == "pci-address":
        d.add(dimm(size, 0, addr_pci(0, rng.randint(3, 0x1f), 0)))
    elif k == "drive-address":
        d.add(dimm(size, 0, addr_drive(0, 0, 0, rng.randint(1, 3))))
    elif k == "base-only":
        d.add(dimm(size, 0, addr_dimm(base="0x%x" % rng.choice([0x100000000, 0x140000000]))))
    else:
        d.add(dimm(size, 0, addr_dimm("0x1")))
    d.add(dimm(size, 0))
    return d, "dimm-" + k


def f_from_output(rng, ctx):
    """libvirt's own fully addressed output with one address duplicated or pushed out of range."""
    kind = rng.choice(ARCHES)
    d = server(rng, kind)
    for _ in range(rng.randint(1, 3)):
        d.add(dev(d, rng.choice(["vdisk", "nic", "rng"] + (["vlan", "nvram"] if kind == "pseries" else []))))
    root = from_libvirt(rng, ctx, d)
    if root is None:
        return d, "out-base-rejected"
    devs = xmlbuild.devices_of(root)
    with_addr = [el for el in devs if el.find("address") is not None]
    by_type = collections.defaultdict(list)
    for el in with_addr:
        by_type[el.find("address").get("type")].append(el)
    dup_types = sorted(t for t, els in by_type.items() if len(els) >= 2 and t != "drive")
    if dup_types and rng.random() < 0.6:
        t = rng.choice(dup_types)
        a, b = rng.sample(by_type[t], 2)
        if a.tag == "controller" and b.tag == "controller" and t == "pci":
            a, b = by_type[t][0], by_type[t][-1]
        xmlbuild.copy_addr(a, b)
        if rng.random() < 0.5:
            strip_addresses(rng, root, kind, 0.3, keep=(a, b))
        return TreeCase(root, kind), "out-dup-" + t
    types = sorted(by_type)
    t = rng.choice(types)
    el = rng.choice(by_type[t])
    a = el.find("address")
    if t == "ccw":
        a.set("devno", rng.choice(["0x10000", "0xfffff"]))
    elif t == "spapr-vio":
        a.set("reg", "0x1%08x" % xmlbuild.num(a.get("reg")))
    elif t == "pci":
        a.set(rng.choice(["slot", "function"]), rng.choice(["0x20", "0x8"]))
    elif t == "virtio-serial":
        a.set("port", rng.choice(["0", "32"]))
    elif t == "usb":
        a.set("port", "9")
    elif t == "drive":
        a.set("controller", "7")
    elif t == "virtio-mmio":
        a.set("type", "ccw")
    else:
        a.set("type", "isa")
    return TreeCase(root, kind), "out-range-" + t


CLEAN = [
    ("server", r_server, 16),
    ("s390-many-ccw", r_s390_many_ccw, 4),
    ("s390-odd-ccw", r_s390_odd_ccw, 5),
    ("s390-zpci", r_s390_zpci, 3),
    ("s390-consoles", r_s390_consoles, 2),
    ("pseries-vio", r_pseries_vio, 5),
    ("pseries-vio-spelling", r_pseries_vio_spelling, 2),
    ("pseries-phb", r_pseries_phb, 5),
    ("pseries-usb", r_pseries_usb, 2),
    ("virt-rootports", r_virt_rootports, 5),
    ("virt-mmio", r_virt_mmio, 4),
    ("virt-topology", r_virt_topology, 4),
    ("ctrl-order", r_ctrl_order, 4),
    ("partial-pinned", r_partial_pinned, 9),
    ("roundtrip", r_roundtrip, 2),
    ("x86-dimm", r_x86_dimm, 2),
]
FAULTS = [
    ("ccw-fault", f_ccw, 7),
    ("vio-fault", f_vio, 5),
    ("pseries-pci-fault", f_pseries_pci, 5),
    ("virt-fault", f_virt, 7),
    ("common-fault", f_common, 6),
    ("dimm-fault", f_dimm, 2),
    ("output-fault", f_from_output, 6),
]


# --------------------------------------------------------------------------------------------
# driver


class Ctx:
    def __init__(self, virsh, tmp, cid):
        self.virsh = virsh
        self.tmp = tmp
        self.cid = cid
        self.bases = 0

    def base(self, d):
        """Define a helper domain for a recipe that starts from libvirt's output."""
        self.bases += 1
        name = "%s%s-b%d" % (PREFIX, self.cid, self.bases)
        return self.virsh.trial(d.text(name), name, self.tmp)


def schedule(seed, count, only):
    """count recipe slots, apportioned to the weights by largest remainder, in a seeded order."""
    table = [(n, fn, w, False) for n, fn, w in CLEAN] + [(n, fn, w, True) for n, fn, w in FAULTS]
    table = [t for t in table if not only or t[0] in only]
    weight = float(sum(t[2] for t in table))
    quota = [(count * t[2] / weight, t) for t in table]
    slots = {t[0]: int(q) for q, t in quota}
    left = count - sum(slots.values())
    for q, t in sorted(quota, key=lambda x: (int(x[0]) - x[0], x[1][0]))[:left]:
        slots[t[0]] += 1
    order = [t for t in table for _ in range(slots[t[0]])]
    random.Random(seed).shuffle(order)
    return order


def main():
    ap = cli.parser(__doc__)
    cli.add_run(ap, 300, out_help="corpus directory (replaced)")
    cli.add_only(ap)
    opts = ap.parse_args()
    order = schedule(opts.seed, opts.count, set(cli.only(opts)))
    cases = []
    # only this generator's leftovers are removed; other prefixes share the daemon
    with session(PREFIX, opts.uri) as (virsh, scratch):
        for n, (recipe, build, _, faulty) in enumerate(order, 1):
            cid = "a%04d" % n
            made = build(random.Random("asw/%d/%s" % (opts.seed, cid)), Ctx(virsh, scratch, cid))
            case, fault = made if faulty else (made, "none")
            cases.append((cid, case.fam, recipe, fault, case.text(PREFIX + cid)))
            cli.progress(n, len(order), 50)
    rows = corpus.judge_and_write(cases, opts.out, PREFIX, uri=opts.uri)
    print(corpus.summary(opts.seed, rows))


if __name__ == "__main__":
    main()
