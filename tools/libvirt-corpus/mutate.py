#!/usr/bin/env python3
"""Mutation corpus generator for addralloc: random, seeded mutations of domains libvirt accepted.

It starts from the domains libvirt 9.0 accepted in the committed corpora
(src/test/resources/libvirt/corpus*/cases/*/: the `output.xml` files, libvirt's own fully
addressed `dumpxml --inactive`, and the `input.xml` files of accepted cases), applies 1-4 random
mutations per case and asks the live libvirt 9.0.0 + QEMU 7.2 daemon for the verdict and output
(`virsh -c qemu:///system define` / `dumpxml --inactive` / `undefine`, through `corpuslib`).
Nothing is predicted here: the verdict is always libvirt's.

Usage (from the repository root; the daemon must answer on qemu:///system with the s390x, ppc64
and aarch64 emulators: ../shared/libvirt/start-libvirtd.sh all):
    mutate.py --seed 1 --count 1500 --out /tmp/mut-seed1
    mutate.py --seed 2 --count 300 --out /tmp/mut-seed2 --corpora DIR,DIR
    (--workers N: parallel virsh sessions, default 4; --dry-run: write the inputs only;
     --summarize: print the summary of OUT/manifest.tsv and stop)
--corpora defaults to every src/test/resources/libvirt/corpus*/ of this repository. OUT/cases
and OUT/manifest.tsv are replaced; the corpus is written to a staging directory first and moved
into OUT at the end. Only domains named addralloc-mut-<id> are ever defined or removed.

Output (the layout of tools/libvirt-corpus/README.md): OUT/manifest.tsv with the header
`id machine kind fault verdict message`; OUT/cases/<id>/input.xml (exactly what was defined: a
comment naming the source file, then `<domain type='qemu'>` named addralloc-mut-<id>, with no
`<uuid>`); OUT/cases/<id>/output.xml (`virsh dumpxml --inactive`, accepted cases only).
`machine` is the family of the mutated file's machine (pc, q35, s390x, pseries, virt), `kind`
the comma-joined names of the mutations in the order they were applied, `fault` `none` or the
name of the one mutation meant to be a fault (the verdict is libvirt's either way).

Same seed => byte-identical inputs and manifest: the source files are sorted, and each case
draws its own random generator from (seed, case number); outputs differ only in the <uuid>.

Mutations (kind names; [F] = meant to be a fault, named in the `fault` column):
  drop-address          drop a random subset of the devices' <address> elements
  drop-address-attr     drop single attributes of some <address> elements
  drop-controller       drop 1-3 controllers libvirt adds by itself (pcie-root-port, pci-bridge,
                        pcie-to-pci-bridge, dmi-to-pci-bridge, usb, sata, scsi, virtio-serial,
                        ccid, ide, fdc, now and then the PCI root) or USB hubs
  drop-target           drop <target chassis/port/...> (or one attribute of it) and <model name>
                        of PCI controllers, or the index attribute of some controllers
  dup-device            copy a device without its address, MAC/target/serial/name/source changed
  dup-device-addr   [F] copy a device with its address (identity changed or not)
  dup-device-same   [F] copy a device without its address, identity unchanged
  dup-controller        copy a controller with a new index (no address, no <target>)
  dup-controller-index [F] copy a controller keeping its index
  move-neighbour        change one address field (bus/slot/function/controller/unit/target/port/
                        reg/devno/cssid/ssid/slot/base/iobase/irq) to the neighbouring value
  move-free             ... to a value no other device uses
  move-taken        [F] ... to another device's value (or take its whole address)
  move-beyond       [F] ... beyond the field's range (slot 0x20, function 8, a missing bus,
                        unit 7/100, port 16, devno 0x10000, ssid 4, cssid 0xff, ...)
  swap-address          swap the addresses of two devices (mostly of one address type)
  move-behind           move a device behind another bridge / root port / hub / controller
  move-behind-bad   [F] ... onto a taken port, slot 1+ of a root port, a missing bus, a
                        controller's own bus
  multifunction         set or drop multifunction='on', or put a device on a free function of
                        another device's slot (function 0 made multifunction)
  multifunction-bad [F] a function > 0 on a slot whose function 0 is free or not multifunction
  nic-model             NIC model: virtio, e1000, e1000e, rtl8139, igb, virtio-transitional,
                        virtio-non-transitional, usb-net, spapr-vlan (address kept or dropped)
  disk-bus              disk bus virtio/sata/scsi/ide/usb/fdc with a matching target prefix
  disk-bus-mismatch [F] ... with a mismatching prefix or the old address kept
  controller-model      scsi lsilogic/virtio-scsi/lsisas1068/lsisas1078/ibmvscsi/auto/...;
                        usb piix3-uhci/piix4-uhci/ehci/ich9 family/pci-ohci/nec-xhci/qemu-xhci/
                        none; pci-bridge <-> pcie-root-port <-> pcie-to-pci-bridge
  video-model           vga, cirrus, qxl, virtio, bochs, ramfb, none
  sound-model           ich6, ich7, ich9, ac97, es1370, sb16, usb, pcspk
  misc-model            watchdog i6300esb/ib700/diag288/itco, rng virtio variants and
                        backends, memballoon virtio variants/none
  insert                add 1-6 devices from a catalog, without addresses or on free ones
  insert-pinned     [F] add 1-6 devices, some pinned at random (free, taken, odd) addresses
                        catalog: disks (virtio/sata/scsi/ide/usb/floppy, cdroms), interfaces
                        (user in every model, hostdev), hostdevs (pci/usb/scsi/mdev), controllers
                        of every type and model, 9p filesystems, inputs, sound, video, watchdog,
                        memballoon, rng, nvram, tpm, shmem, panic, memory devices (dimm, nvdimm,
                        virtio-mem, virtio-pmem; <maxMemory> and NUMA added), iommu, vsock,
                        redirdev, smartcard, hub, channels, consoles, serials, parallel
  shuffle               shuffle the device elements
  controllers-last      move the controllers after the other devices
  reverse-controllers   reverse the order of the controllers
  machine-switch    [F] pc <-> q35 (aliases and versioned names), the rest kept (so addresses
                        and controllers of the other chipset remain)
  machine-version       another name of the same chipset (alias or version)
  respell-numbers       numbers of addresses and controllers in other spellings (decimal vs
                        0x, 0X, leading zeros, leading spaces)
  respell-space     [F] a trailing or embedded space in a number
  attr-order            attributes in another order
  quotes                double instead of single quotes, spaces around '=', attributes on
                        separate lines

Python 3 standard library only.
"""

import collections
import copy
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

from corpuslib import cli
from corpuslib.corpus import judge_and_write, read_manifest, table
from corpuslib.messages import shape
from corpuslib.mix import wpick
from corpuslib.xmlbuild import disk_suffix

PREFIX = "addralloc-mut-"
FAMILIES = ["pc", "q35", "s390x", "pseries", "virt"]
FAMILY_WEIGHTS = [("pc", 24), ("q35", 24), ("s390x", 16), ("pseries", 16), ("virt", 20)]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
P_FAULT = 0.55


def family(machine):
    m = machine or ""
    if m == "q35" or m.startswith("pc-q35"):
        return "q35"
    if m == "pc" or m.startswith("pc-"):
        return "pc"
    if m.startswith("s390-ccw-virtio"):
        return "s390x"
    if m.startswith("pseries"):
        return "pseries"
    if m == "virt" or m.startswith("virt-"):
        return "virt"
    return None


def num(s, hexonly=False):
    """An address number as libvirt would mostly read it (None when unreadable)."""
    if s is None:
        return None
    t = s.strip()
    try:
        if hexonly:
            return int(t[2:] if t.lower().startswith("0x") else t, 16)
        if t.lower().startswith("0x"):
            return int(t, 16)
        return int(t, 10)
    except ValueError:
        return None


def fmt_like(value, like, hexonly=False):
    """value spelled like `like` (hex with the same width, or decimal)."""
    if like is not None and like.strip().lower().startswith("0x"):
        width = max(len(like.strip()) - 2, 1)
        return "0x%0*x" % (width, value)
    if hexonly:
        return "%x" % value
    return str(value)


# --------------------------------------------------------------------------------------------
# serializing (libvirt's style: two spaces, single quotes; quotes/attr-order mutations vary it)


def esc_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s, q):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")
    return s.replace("'", "&apos;") if q == "'" else s.replace('"', "&quot;")


def serialize(root, style, comment):
    """style: {id(el): {'q': '"', 'eq': ' = ', 'nl': True}} for the quotes mutation."""
    out = ["<!-- %s -->\n" % comment.replace("--", "- -")]

    def attrs(el):
        st = style.get(id(el), {})
        parts = []
        for k, v in el.attrib.items():
            q = st.get("q", "'")
            if isinstance(q, dict):
                q = q.get(k, "'")
            eq = st.get("eq", "=")
            parts.append("%s%s%s%s%s" % (k, eq, q, esc_attr(v, q), q))
        if not parts:
            return ""
        if st.get("nl"):
            return " " + ("\n" + " " * 6).join(parts)
        return " " + " ".join(parts)

    def rec(el, depth):
        pad = "  " * depth
        text = el.text if el.text is not None and el.text.strip() else None
        children = list(el)
        if not children and text is None:
            out.append("%s<%s%s/>\n" % (pad, el.tag, attrs(el)))
        elif not children:
            out.append("%s<%s%s>%s</%s>\n" % (pad, el.tag, attrs(el), esc_text(el.text), el.tag))
        else:
            out.append("%s<%s%s>" % (pad, el.tag, attrs(el)))
            if text is not None:
                out.append(esc_text(el.text))
            out.append("\n")
            for c in children:
                rec(c, depth + 1)
                if c.tail is not None and c.tail.strip():
                    out.append(esc_text(c.tail) + "\n")
            out.append("%s</%s>\n" % (pad, el.tag))

    rec(root, 0)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# sources


def default_corpora():
    base = os.path.join(REPO, "src", "test", "resources", "libvirt")
    return sorted(os.path.join(base, d) for d in os.listdir(base)
                  if d.startswith("corpus") and os.path.isfile(os.path.join(base, d, "manifest.tsv")))


def load_sources(corpora):
    """{family: [(label, text)]}, sorted by label: accepted cases' input.xml and output.xml."""
    by_fam = {f: [] for f in FAMILIES}
    for cdir in sorted(corpora):
        cname = os.path.basename(os.path.normpath(cdir))
        with open(os.path.join(cdir, "manifest.tsv"), encoding="utf-8") as fh:
            rows = [line.rstrip("\n").split("\t") for line in fh][1:]
        for row in sorted(rows):
            if len(row) < 5 or row[4] != "accepted":
                continue
            for fn in ("input.xml", "output.xml"):
                path = os.path.join(cdir, "cases", row[0], fn)
                if not os.path.isfile(path):
                    continue
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                if "xmlns:" in text:
                    continue  # namespaced extensions (qemu:commandline, metadata): left out
                try:
                    root = ET.fromstring(text)
                except ET.ParseError:
                    continue
                t = root.find("os/type")
                fam = family(t.get("machine") if t is not None else None)
                if fam is None or root.find("devices") is None:
                    continue
                by_fam[fam].append(("%s/%s/%s" % (cname, row[0], fn), text))
    for f in FAMILIES:
        by_fam[f].sort()
    return by_fam


# --------------------------------------------------------------------------------------------
# the domain being mutated

DISK_PREFIX = {"virtio": "vd", "sata": "sd", "scsi": "sd", "usb": "sd", "ide": "hd", "fdc": "fd"}



def disk_index(name):
    m = re.match(r"^(?:vd|sd|hd|fd|xvd|ubd)([a-z]+)$", name or "")
    if not m:
        return None
    i = 0
    for ch in m.group(1):
        i = i * 26 + (ord(ch) - ord("a") + 1)
    return i - 1


class Ctx:
    def __init__(self, rng, root):
        self.rng = rng
        self.root = root
        self.style = {}
        self.serial = 0
        devs = root.find("devices")
        if devs is None:
            devs = ET.SubElement(root, "devices")
        self.devices = devs

    # -- machine
    @property
    def machine(self):
        t = self.root.find("os/type")
        return t.get("machine") if t is not None else None

    @machine.setter
    def machine(self, m):
        self.root.find("os/type").set("machine", m)

    @property
    def fam(self):
        return family(self.machine)

    # -- devices
    def devs(self):
        return [d for d in self.devices if d.tag != "emulator"]

    def addressed(self, types=None, exclude=None):
        out = []
        for d in self.devs():
            a = d.find("address")
            if a is None or d is exclude:
                continue
            if types is None or a.get("type") in types:
                out.append((d, a))
        return out

    def controllers(self, ctype=None, models=None):
        out = []
        for c in self.devices.findall("controller"):
            if ctype is not None and c.get("type") != ctype:
                continue
            if models is not None and c.get("model") not in models:
                continue
            out.append(c)
        return out

    def ctrl_indexes(self, ctype):
        return sorted({num(c.get("index")) for c in self.controllers(ctype) if num(c.get("index")) is not None})

    def next_index(self, ctype):
        idx = self.ctrl_indexes(ctype)
        return (max(idx) + 1) if idx else (1 if ctype == "pci" else 0)

    def usb_on(self):
        return not any(c.get("model") == "none" for c in self.controllers("usb"))

    def has_usb_controller(self):
        return any(c.get("model") != "none" for c in self.controllers("usb"))

    def uniq(self, what):
        self.serial += 1
        return "%s%d" % (what, self.serial)

    def macs(self):
        return {m.get("address", "").lower() for m in self.root.iter("mac")}

    def new_mac(self):
        used = self.macs()
        while True:
            mac = "52:54:00:%02x:%02x:%02x" % (self.rng.randrange(256), self.rng.randrange(256),
                                               self.rng.randrange(256))
            if mac not in used:
                return mac

    def targets(self):
        return {t.get("dev") for t in self.devices.findall("disk/target")}

    def new_target(self, prefix):
        used = self.targets()
        free = [prefix + disk_suffix(i) for i in range(0, 40) if prefix + disk_suffix(i) not in used]
        if not free:
            return prefix + "zz"
        return free[0] if self.rng.random() < 0.5 else self.rng.choice(free[:12])

    def vcpus(self):
        v = self.root.find("vcpu")
        n = num(v.text) if v is not None and v.text else None
        return n or 1

    def memory_kib(self):
        m = self.root.find("memory")
        if m is None or not m.text:
            return 1048576
        v = num(m.text) or 1048576
        unit = (m.get("unit") or "KiB").lower()
        mult = {"b": 1 / 1024, "bytes": 1 / 1024, "k": 1, "kib": 1, "kb": 1000 / 1024, "m": 1024,
                "mib": 1024, "mb": 1000 * 1000 / 1024, "g": 1048576, "gib": 1048576,
                "gb": 1e9 / 1024, "t": 1024 ** 3, "tib": 1024 ** 3}.get(unit, 1)
        return int(v * mult)


def add_address(dev, addr):
    old = dev.find("address")
    if old is not None:
        dev.remove(old)
    if addr is not None:
        dev.append(addr)
    return dev


def A(**kw):
    """An <address> element; keys in order, None values left out."""
    el = ET.Element("address")
    for k, v in kw.items():
        if v is not None:
            el.set("type" if k == "type_" else k, str(v))
    return el


def pci_addr(bus, slot, fn=0, mf=None):
    return A(type_="pci", domain="0x0000", bus="0x%02x" % bus, slot="0x%02x" % slot,
             function="0x%x" % fn, multifunction=mf)


def X(text):
    return ET.fromstring(text)


# --------------------------------------------------------------------------------------------
# occupancy and free addresses

PCI_PORT_MODELS = ("pcie-root-port", "pcie-switch-downstream-port")


def pci_used(ctx, exclude=None):
    used = set()
    for d, a in ctx.addressed(("pci",), exclude=exclude):
        b, s, f = num(a.get("bus", "0")), num(a.get("slot", "0")), num(a.get("function", "0"))
        if None not in (b, s, f):
            used.add((b, s, f))
    return used


def pci_buses(ctx):
    """[(bus, model, slots)]: the buses devices may sit on (root bus 0, bridges, ports, PHBs)."""
    fam = ctx.fam
    out = []
    if True:
        if fam == "pc":
            out.append((0, "pci-root", [s for s in range(3, 32)]))
        elif fam == "q35":
            out.append((0, "pcie-root", [s for s in range(2, 31)]))
        elif fam == "pseries":
            out.append((0, "pci-root", list(range(1, 32))))
        else:
            out.append((0, "pcie-root" if fam == "virt" else "pci-root", list(range(1, 32))))
    for c in ctx.controllers("pci"):
        i = num(c.get("index"))
        m = c.get("model")
        if i is None or i == 0:
            continue
        if m in ("pci-bridge", "pcie-to-pci-bridge"):
            out.append((i, m, list(range(1, 32))))
        elif m in PCI_PORT_MODELS:
            out.append((i, m, [0]))
        elif m == "pci-root":
            out.append((i, m, list(range(1, 32))))
        elif m in ("pci-expander-bus",):
            out.append((i, m, list(range(0, 32))))
        elif m in ("pcie-expander-bus",):
            pass  # takes only root ports and switch upstream ports
    return out


def free_pci(ctx, exclude=None, ports_ok=True, port_only=False):
    used = pci_used(ctx, exclude)
    cands = []
    for bus, model, slots in pci_buses(ctx):
        if model in PCI_PORT_MODELS and not ports_ok:
            continue
        if port_only and model not in PCI_PORT_MODELS:
            continue
        for s in slots:
            if all((bus, s, f) not in used for f in range(8)):
                cands.append((bus, s))
    if not cands:
        return None
    # mostly the root bus, low slots
    root = [c for c in cands if c[0] == 0]
    if root and ctx.rng.random() < 0.6:
        return root[0] if ctx.rng.random() < 0.5 else ctx.rng.choice(root)
    return ctx.rng.choice(cands)


def ccw_used(ctx, exclude=None):
    used = set()
    for d, a in ctx.addressed(("ccw",), exclude=exclude):
        used.add((num(a.get("cssid")), num(a.get("ssid")), num(a.get("devno"))))
    return used


def free_ccw(ctx, exclude=None):
    used = ccw_used(ctx, exclude)
    top = max([u[2] for u in used if u[2] is not None] + [0])
    free = [d for d in range(0, top + 12) if (0xfe, 0, d) not in used]
    d = free[0] if ctx.rng.random() < 0.3 else ctx.rng.choice(free)
    return A(type_="ccw", cssid="0xfe", ssid="0x0", devno="0x%04x" % d)


def drive_used(ctx, exclude=None):
    """(controller type, controller, bus, target, unit) of drive addresses, with the addresses libvirt
    derives from target names of unaddressed disks."""
    used = set()
    for d in ctx.devs():
        if d is exclude:
            continue
        a = d.find("address")
        if d.tag == "disk":
            bus = d.find("target").get("bus") if d.find("target") is not None else None
            ctype = {"scsi": "scsi", "sata": "sata", "ide": "ide", "fdc": "fdc"}.get(bus)
            if ctype is None:
                continue
            if a is not None and a.get("type") == "drive":
                used.add((ctype, num(a.get("controller", "0")), num(a.get("bus", "0")),
                          num(a.get("target", "0")), num(a.get("unit", "0"))))
            elif a is None:
                i = disk_index(d.find("target").get("dev"))
                if i is None:
                    continue
                if ctype == "scsi":
                    used.add((ctype, i // 7, 0, 0, i % 7))
                elif ctype == "sata":
                    used.add((ctype, i // 6, 0, 0, i % 6))
                elif ctype == "ide":
                    used.add((ctype, i // 4, (i % 4) // 2, 0, i % 2))
                else:
                    used.add((ctype, i // 2, 0, 0, i % 2))
        elif d.tag == "hostdev" and d.get("type") == "scsi" and a is not None and a.get("type") == "drive":
            used.add(("scsi", num(a.get("controller", "0")), num(a.get("bus", "0")),
                      num(a.get("target", "0")), num(a.get("unit", "0"))))
    return used


def free_drive(ctx, ctype, exclude=None):
    used = drive_used(ctx, exclude)
    ctrls = ctx.ctrl_indexes(ctype) or [0]
    cands = []
    for c in ctrls:
        if ctype == "ide":
            slots = [(b, 0, u) for b in range(2) for u in range(2)]
        elif ctype == "fdc":
            slots = [(0, 0, u) for u in range(2)]
        elif ctype == "sata":
            slots = [(0, 0, u) for u in range(6)]
        else:
            slots = [(0, 0, u) for u in range(7)]
        for b, t, u in slots:
            if (ctype, c, b, t, u) not in used:
                cands.append((c, b, t, u))
    if not cands:
        return None
    c, b, t, u = ctx.rng.choice(cands)
    return A(type_="drive", controller=c, bus=b, target=t, unit=u)


def usb_used(ctx, exclude=None):
    return {(num(a.get("bus", "0")), a.get("port")) for d, a in ctx.addressed(("usb",), exclude=exclude)}


def free_usb(ctx, exclude=None):
    used = usb_used(ctx, exclude)
    buses = ctx.ctrl_indexes("usb") or [0]
    bus = buses[0] if ctx.rng.random() < 0.7 else ctx.rng.choice(buses)
    for p in range(1, 5):
        if (bus, str(p)) not in used:
            return A(type_="usb", bus=bus, port=p)
    return None


def vser_used(ctx, exclude=None):
    return {(num(a.get("controller", "0")), num(a.get("bus", "0")), num(a.get("port", "0")))
            for d, a in ctx.addressed(("virtio-serial",), exclude=exclude)}


def vser_ports(ctx, index):
    for c in ctx.controllers("virtio-serial"):
        if num(c.get("index")) == index:
            return num(c.get("ports")) or 31
    return 31


def free_vser(ctx, exclude=None):
    used = vser_used(ctx, exclude)
    ctrls = ctx.ctrl_indexes("virtio-serial") or [0]
    c = ctx.rng.choice(ctrls)
    for p in range(1, vser_ports(ctx, c)):
        if (c, 0, p) not in used:
            return A(type_="virtio-serial", controller=c, bus=0, port=p)
    return None


def free_vio(ctx, exclude=None):
    used = {num(a.get("reg"), hexonly=True) for d, a in ctx.addressed(("spapr-vio",), exclude=exclude)}
    for r in range(0x1000, 0x40000, 0x1000):
        if r not in used and ctx.rng.random() < 0.5:
            return A(type_="spapr-vio", reg="0x%08x" % r)
    return A(type_="spapr-vio", reg="0x%08x" % (0x41000 + 0x1000 * ctx.rng.randrange(16)))


def free_ccid(ctx, exclude=None):
    used = {(num(a.get("controller", "0")), num(a.get("slot", "0")))
            for d, a in ctx.addressed(("ccid",), exclude=exclude)}
    for s in range(0, 32):
        if (0, s) not in used:
            return A(type_="ccid", controller=0, slot=s)
    return None


def free_of_type(ctx, atype, dev=None, drive_ctype="scsi"):
    if atype == "pci":
        fs = free_pci(ctx, exclude=dev)
        return pci_addr(*fs) if fs else None
    if atype == "ccw":
        return free_ccw(ctx, exclude=dev)
    if atype == "drive":
        return free_drive(ctx, drive_ctype, exclude=dev)
    if atype == "usb":
        return free_usb(ctx, exclude=dev)
    if atype == "virtio-serial":
        return free_vser(ctx, exclude=dev)
    if atype == "spapr-vio":
        return free_vio(ctx, exclude=dev)
    if atype == "ccid":
        return free_ccid(ctx, exclude=dev)
    return None


def pci_or_ccw(ctx):
    return "ccw" if ctx.fam == "s390x" else "pci"


# --------------------------------------------------------------------------------------------
# address fields and their values

FIELDS = {
    "pci": ["bus", "slot", "function", "domain"],
    "drive": ["controller", "bus", "target", "unit"],
    "usb": ["bus", "port"],
    "virtio-serial": ["controller", "bus", "port"],
    "ccid": ["controller", "slot"],
    "ccw": ["devno", "ssid", "cssid"],
    "spapr-vio": ["reg"],
    "dimm": ["slot", "base"],
    "isa": ["iobase", "irq"],
}
FIELD_WEIGHTS = {"slot": 5, "bus": 3, "function": 2, "domain": 1, "unit": 5, "controller": 3,
                 "target": 1, "port": 5, "devno": 6, "ssid": 1, "cssid": 1, "reg": 4, "base": 1,
                 "iobase": 2, "irq": 1}


def pick_field(ctx, atype, a):
    fields = [f for f in FIELDS.get(atype, [])]
    if not fields:
        return None
    # fields that are set weigh more
    pairs = [(f, FIELD_WEIGHTS.get(f, 1) * (3 if a.get(f) is not None else 1)) for f in fields]
    if atype == "pci":
        pairs = [(f, w) for f, w in pairs if f != "domain" or ctx.rng.random() < 0.3]
    return wpick(ctx.rng, pairs)


def default_of(atype, field):
    return {"cssid": "0xfe", "ssid": "0x0"}.get(field, "0")


# how libvirt 9.0 reads each number (virXMLPropUInt's base): 0 = C rules (0x hex, 0 octal), 10, 16
ADDRESS_BASE = {
    "pci": 0, "ccw": 0, "drive": 10, "virtio-serial": 10, "ccid": 10, "usb": 10,
    "spapr-vio": 16, "isa": 16,
}


def attr_base(el, k):
    if el.tag == "address":
        t = el.get("type")
        if t == "dimm":
            return 16 if k == "base" else 10
        return ADDRESS_BASE.get(t, 0)
    if el.tag == "controller" or el.tag == "master":
        return 10
    return 0  # <target chassis port chassisNr busNr index>, <zpci uid fid>


def is_hexonly(atype, field):
    return atype in ("spapr-vio", "isa") or (atype == "dimm" and field == "base")


def field_value(a, atype, field):
    raw = a.get(field)
    if atype == "usb" and field == "port":
        return raw
    return num(raw if raw is not None else default_of(atype, field), hexonly=is_hexonly(atype, field))


def set_field(a, atype, field, value):
    like = a.get(field)
    if atype == "usb" and field == "port":
        a.set(field, str(value))
        return
    if like is None:
        like = {"pci": "0x00", "ccw": "0x0000", "spapr-vio": "0x00000000"}.get(atype, "0")
        if atype == "pci" and field == "function":
            like = "0x0"
        if atype == "pci" and field == "domain":
            like = "0x0000"
        if atype == "isa":
            like = "0x000" if field == "iobase" else "0x0"
        if atype == "dimm" and field == "base":
            like = "0x0000000000000000"
        if atype in ("dimm", "drive", "virtio-serial", "ccid", "usb") and field not in ("base",):
            like = "0"
    a.set(field, fmt_like(value, like, hexonly=is_hexonly(atype, field)))


def usb_port_bump(port, delta):
    parts = (port or "1").split(".")
    try:
        last = int(parts[-1]) + delta
    except ValueError:
        last = 1
    parts[-1] = str(max(last, 0))
    return ".".join(parts)


BEYOND = {
    ("pci", "slot"): [0x20, 0x21, 0x3f, 0xff],
    ("pci", "function"): [8, 9, 0xf],
    ("pci", "domain"): [1, 2],
    ("pci", "bus"): ["missing", 0xff, 0x100],
    ("drive", "unit"): [2, 6, 7, 16, 100, 16384],
    ("drive", "bus"): [1, 2, 3, 8],
    ("drive", "target"): [1, 7, 8, 16384],
    ("drive", "controller"): ["missing", 9],
    ("usb", "port"): ["16", "20", "0", "1.9", "9.1", "1.2.3.4.5.6"],
    ("usb", "bus"): ["missing", 9],
    ("virtio-serial", "port"): [31, 32, 0, 100],
    ("virtio-serial", "bus"): [1, 2],
    ("virtio-serial", "controller"): ["missing", 7],
    ("ccid", "slot"): [32, 255],
    ("ccid", "controller"): [1, 5],
    ("ccw", "devno"): [0x10000, 0xffff, 0x12345],
    ("ccw", "ssid"): [4, 7],
    ("ccw", "cssid"): [0xff, 0x100],
    ("spapr-vio", "reg"): [0x100000000, 0xffffffff, 0],
    ("dimm", "slot"): ["slots", 255, 1000],
    ("dimm", "base"): [0x1, 0xffffffffffff],
    ("isa", "iobase"): [0x10000, 0xffff],
    ("isa", "irq"): [16, 255],
}


def beyond_value(ctx, atype, field):
    opts = BEYOND.get((atype, field))
    if not opts:
        return None
    v = ctx.rng.choice(opts)
    if v == "missing":
        ctype = {"pci": "pci", "drive": None, "usb": "usb", "virtio-serial": "virtio-serial"}.get(atype)
        if ctype is None:
            ctype = ctx.rng.choice(["scsi", "sata", "ide"])
        idx = ctx.ctrl_indexes(ctype)
        v = (max(idx) if idx else 0) + ctx.rng.randint(1, 4)
        if atype == "usb":
            v = str(v)
    elif v == "slots":
        mm = ctx.root.find("maxMemory")
        v = num(mm.get("slots")) if mm is not None and num(mm.get("slots")) is not None else 16
    return v


# --------------------------------------------------------------------------------------------
# mutations: each returns True when it applied (and changed nothing when it returns False)

CAN_DROP_CTRL = {("pci", m) for m in ("pcie-root-port", "pci-bridge", "pcie-to-pci-bridge",
                                      "dmi-to-pci-bridge", "pcie-switch-upstream-port",
                                      "pcie-switch-downstream-port")}


def m_drop_address(ctx):
    items = ctx.addressed()
    if not items:
        return False
    p = ctx.rng.choice([0.15, 0.3, 0.5, 0.8, 1.0])
    chosen = [x for x in items if ctx.rng.random() < p] or [ctx.rng.choice(items)]
    for d, a in chosen:
        d.remove(a)
    return True


def m_drop_address_attr(ctx):
    items = [(d, a) for d, a in ctx.addressed() if any(k != "type" for k in a.attrib)]
    if not items:
        return False
    for d, a in ctx.rng.sample(items, min(len(items), ctx.rng.randint(1, 3))):
        keys = [k for k in a.attrib if k != "type"]
        k = ctx.rng.choice(keys)
        del a.attrib[k]
    return True


def m_drop_controller(ctx):
    cands = []
    for c in ctx.controllers():
        t, m = c.get("type"), c.get("model")
        if t == "pci":
            if (t, m) in CAN_DROP_CTRL:
                cands.append(c)
            elif m in ("pci-root", "pcie-root") and ctx.rng.random() < 0.15:
                cands.append(c)
        elif t in ("usb", "sata", "scsi", "virtio-serial", "ccid", "ide", "fdc"):
            cands.append(c)
    cands += ctx.devices.findall("hub")
    if not cands:
        return False
    for c in ctx.rng.sample(cands, min(len(cands), ctx.rng.choice([1, 1, 2, 3]))):
        ctx.devices.remove(c)
    return True


def m_drop_target(ctx):
    opts = []
    for c in ctx.controllers("pci"):
        if c.find("target") is not None:
            opts.append(("target", c))
        if c.find("model") is not None:
            opts.append(("model", c))
    for c in ctx.controllers():
        if c.get("index") is not None and ctx.rng.random() < 0.4:
            opts.append(("index", c))
    if not opts:
        return False
    for what, c in ctx.rng.sample(opts, min(len(opts), ctx.rng.randint(1, 4))):
        if what == "target":
            t = c.find("target")
            if t is None:
                continue
            if t.attrib and ctx.rng.random() < 0.5:
                del t.attrib[ctx.rng.choice(list(t.attrib))]
                if not t.attrib and len(t) == 0:
                    c.remove(t)
            else:
                c.remove(t)
        elif what == "model":
            m = c.find("model")
            if m is not None:
                c.remove(m)
        elif "index" in c.attrib:
            del c.attrib["index"]
    return True


def change_identity(ctx, d):
    """Make a copy differ from its original where libvirt compares devices."""
    for m in d.findall("mac"):
        m.set("address", ctx.new_mac())
    for b in d.findall("boot"):
        d.remove(b)
    for a in d.findall("alias"):
        d.remove(a)
    if d.tag == "disk":
        t = d.find("target")
        if t is not None:
            dev = t.get("dev") or "vda"
            t.set("dev", ctx.new_target(dev[:2] if dev[:2] in ("vd", "sd", "hd", "fd") else "vd"))
        for s in d.findall("serial"):
            s.text = ctx.uniq("mut")
        for w in d.findall("wwn"):
            d.remove(w)
        src = d.find("source")
        if src is not None and src.get("file"):
            src.set("file", "/var/lib/libvirt/images/%s.img" % ctx.uniq("mut-copy"))
    elif d.tag == "interface":
        t = d.find("target")
        if t is not None:
            d.remove(t)
        if d.get("type") == "hostdev":
            sa = d.find("source/address")
            if sa is not None:
                sa.set("bus", "0x%02x" % ctx.rng.randint(0x40, 0xfe))
    elif d.tag == "hostdev":
        sa = d.find("source/address")
        if sa is not None and sa.get("uuid"):
            sa.set("uuid", "%08x-0000-4000-8000-%012x" % (ctx.rng.getrandbits(32), ctx.rng.getrandbits(48)))
        elif sa is not None and d.get("type") == "pci":
            sa.set("bus", "0x%02x" % ctx.rng.randint(0x40, 0xfe))
        elif sa is not None and d.get("type") == "scsi":
            sa.set("unit", str(ctx.rng.randint(10, 99)))
        elif d.get("type") == "usb":
            p = d.find("source/product")
            if p is not None:
                p.set("id", "0x%04x" % ctx.rng.randint(0x1000, 0xfffe))
            elif sa is not None:
                sa.set("device", str(ctx.rng.randint(10, 120)))
        src = d.find("source")
        if src is not None and src.get("wwpn"):
            src.set("wwpn", "naa.5%015x" % ctx.rng.getrandbits(60))
    elif d.tag == "filesystem":
        t = d.find("target")
        if t is not None:
            t.set("dir", ctx.uniq("mutshare"))
    elif d.tag in ("channel", "console", "serial", "parallel"):
        t = d.find("target")
        if t is not None:
            if t.get("name"):
                t.set("name", "org.example." + ctx.uniq("mut"))
            if t.get("port") is not None:
                del t.attrib["port"]
    elif d.tag == "shmem":
        d.set("name", ctx.uniq("mutshm"))
    elif d.tag == "controller":
        d.set("index", str(ctx.next_index(d.get("type"))))
        for t in d.findall("target"):
            d.remove(t)
        for m in d.findall("master"):
            d.remove(m)
    elif d.tag == "memory":
        for p in d.iter("path"):
            p.text = "/tmp/%s" % ctx.uniq("mutmem")
        for u in d.findall("uuid"):
            u.text = "%08x-0000-4000-8000-%012x" % (ctx.rng.getrandbits(32), ctx.rng.getrandbits(48))
    return d


COPYABLE = ("disk", "interface", "hostdev", "filesystem", "input", "sound", "video", "rng",
            "shmem", "redirdev", "smartcard", "hub", "channel", "console", "serial", "memory",
            "controller", "watchdog", "memballoon", "panic", "tpm", "nvram", "vsock", "iommu",
            "parallel")


def copy_candidates(ctx, with_address=None, controllers=None):
    out = []
    for d in ctx.devs():
        if d.tag not in COPYABLE:
            continue
        if controllers is not None and (d.tag == "controller") != controllers:
            continue
        if d.tag == "controller" and d.get("model") in ("pci-root", "pcie-root") and ctx.fam != "pseries":
            continue
        if with_address is True and d.find("address") is None:
            continue
        out.append(d)
    # the frequent kinds weigh more
    weighted = [d for d in out if d.tag not in ("watchdog", "memballoon", "panic", "tpm", "vsock", "iommu")]
    return weighted if weighted and ctx.rng.random() < 0.85 else out


def insert_after(ctx, orig, new):
    kids = list(ctx.devices)
    pos = kids.index(orig) + 1 if orig in kids else len(kids)
    if ctx.rng.random() < 0.3:
        pos = len(kids)
    ctx.devices.insert(pos, new)


SINGLE = ("watchdog", "memballoon", "panic", "tpm", "vsock", "iommu", "nvram", "parallel")


def m_dup_device(ctx):
    cands = [d for d in copy_candidates(ctx, controllers=False) if d.tag not in SINGLE]
    if not cands:
        return False
    d = ctx.rng.choice(cands)
    c = copy.deepcopy(d)
    add_address(c, None)
    change_identity(ctx, c)
    insert_after(ctx, d, c)
    return True


def m_dup_device_addr(ctx):
    cands = copy_candidates(ctx, with_address=True)
    if not cands:
        return False
    d = ctx.rng.choice(cands)
    c = copy.deepcopy(d)
    if ctx.rng.random() < 0.6:
        change_identity(ctx, c)  # a controller gets a new index and keeps the address
    insert_after(ctx, d, c)
    return True


def m_dup_device_same(ctx):
    cands = copy_candidates(ctx, controllers=False)
    if not cands:
        return False
    d = ctx.rng.choice(cands)
    c = copy.deepcopy(d)
    add_address(c, None)
    for b in c.findall("boot"):
        c.remove(b)
    insert_after(ctx, d, c)
    return True


def m_dup_controller(ctx):
    cands = copy_candidates(ctx, controllers=True)
    if not cands:
        return False
    d = ctx.rng.choice(cands)
    c = copy.deepcopy(d)
    add_address(c, None)
    change_identity(ctx, c)
    insert_after(ctx, d, c)
    return True


def m_dup_controller_index(ctx):
    cands = [c for c in ctx.controllers() if c.get("index") is not None]
    if not cands:
        return False
    d = ctx.rng.choice(cands)
    c = copy.deepcopy(d)
    if ctx.rng.random() < 0.7:
        add_address(c, None)
    insert_after(ctx, d, c)
    return True


def move_field(ctx, mode):
    items = [(d, a) for d, a in ctx.addressed() if FIELDS.get(a.get("type"))]
    if not items:
        return False
    ctx.rng.shuffle(items)
    for d, a in items[:6]:
        atype = a.get("type")
        field = pick_field(ctx, atype, a)
        cur = field_value(a, atype, field)
        others = [(od, oa) for od, oa in ctx.addressed((atype,)) if od is not d]
        if mode == "neighbour":
            if atype == "usb" and field == "port":
                set_field(a, atype, field, usb_port_bump(cur, ctx.rng.choice([-1, 1])))
                return True
            if cur is None:
                continue
            step = 0x1000 if atype == "spapr-vio" and ctx.rng.random() < 0.6 else 1
            if atype == "dimm" and field == "base":
                step = 0x8000000
            nv = cur + ctx.rng.choice([-step, step])
            if nv < 0:
                nv = cur + step
            set_field(a, atype, field, nv)
            return True
        if mode == "free":
            fa = free_of_type(ctx, atype, dev=d, drive_ctype=drive_ctype_of(d))
            if fa is None or fa.get(field) is None:
                continue
            set_field(a, atype, field, field_value(fa, atype, field))
            # the other fields of a free address too where one field cannot make it free
            if atype in ("pci", "ccw") and field in ("bus", "ssid", "cssid"):
                for f in FIELDS[atype]:
                    if fa.get(f) is not None:
                        set_field(a, atype, f, field_value(fa, atype, f))
            return True
        if mode == "taken":
            if not others:
                continue
            od, oa = ctx.rng.choice(others)
            diff = [f for f in FIELDS[atype] if field_value(a, atype, f) != field_value(oa, atype, f)]
            if len(diff) <= 1 or ctx.rng.random() < 0.5:
                f = diff[0] if diff else field
                set_field(a, atype, f, field_value(oa, atype, f))
            else:
                for f in FIELDS[atype]:
                    if oa.get(f) is not None:
                        a.set(f, oa.get(f))
            return True
        if mode == "beyond":
            v = beyond_value(ctx, atype, field)
            if v is None:
                continue
            set_field(a, atype, field, v)
            return True
    return False


def drive_ctype_of(d):
    if d.tag == "disk" and d.find("target") is not None:
        return {"scsi": "scsi", "sata": "sata", "ide": "ide", "fdc": "fdc"}.get(d.find("target").get("bus"), "scsi")
    return "scsi"


def m_move_neighbour(ctx):
    return move_field(ctx, "neighbour")


def m_move_free(ctx):
    return move_field(ctx, "free")


def m_move_taken(ctx):
    return move_field(ctx, "taken")


def m_move_beyond(ctx):
    return move_field(ctx, "beyond")


def m_swap_address(ctx):
    items = ctx.addressed()
    if len(items) < 2:
        return False
    by_type = collections.defaultdict(list)
    for d, a in items:
        by_type[a.get("type")].append((d, a))
    multi = [t for t in sorted(by_type) if len(by_type[t]) >= 2]
    if multi and ctx.rng.random() < 0.85:
        (d1, a1), (d2, a2) = ctx.rng.sample(by_type[ctx.rng.choice(multi)], 2)
    else:
        (d1, a1), (d2, a2) = ctx.rng.sample(items, 2)
    d1.remove(a1)
    d2.remove(a2)
    d1.append(a2)
    d2.append(a1)
    return True


def pci_descendants(ctx, ctrl):
    """indexes of the buses behind a PCI controller (itself included)."""
    idx = num(ctrl.get("index"))
    out = {idx}
    changed = True
    while changed:
        changed = False
        for c in ctx.controllers("pci"):
            a = c.find("address")
            if a is not None and a.get("type") == "pci" and num(a.get("bus")) in out and num(c.get("index")) not in out:
                out.add(num(c.get("index")))
                changed = True
    return out


def move_behind(ctx, bad):
    rng = ctx.rng
    opts = []
    pci_devs = ctx.addressed(("pci",))
    bridges = [c for c in ctx.controllers("pci") if c.get("model") not in ("pci-root", "pcie-root")
               and num(c.get("index"))]
    if pci_devs and bridges:
        opts.append("pci")
    hubs = [h for h in ctx.devices.findall("hub") if h.find("address") is not None
            and h.find("address").get("type") == "usb"]
    usb_devs = ctx.addressed(("usb",))
    if hubs and usb_devs:
        opts.append("usb")
    if len(ctx.ctrl_indexes("virtio-serial")) >= 2 and ctx.addressed(("virtio-serial",)):
        opts.append("vser")
    if len(ctx.ctrl_indexes("scsi")) >= 2 and ctx.addressed(("drive",)):
        opts.append("drive")
    if bad and pci_devs:
        opts.append("pci-missing")
    if not opts:
        return False
    what = rng.choice(opts)
    if what == "pci":
        d, a = rng.choice(pci_devs)
        bridges = [b for b in bridges if b is not d]
        if d.tag == "controller":
            bridges = [b for b in bridges if num(b.get("index")) not in pci_descendants(ctx, d)]
            if bad and rng.random() < 0.5:
                bridges = [d]  # onto its own bus
        if not bridges:
            return False
        b = rng.choice(bridges)
        bi = num(b.get("index"))
        used = pci_used(ctx, exclude=d)
        if b.get("model") in PCI_PORT_MODELS:
            slots = [0] if not bad else [rng.randint(1, 31)]
            if not bad and (bi, 0, 0) in used:
                free = [p for p in bridges if p.get("model") in PCI_PORT_MODELS
                        and (num(p.get("index")), 0, 0) not in used]
                if not free:
                    return False
                bi = num(rng.choice(free).get("index"))
        else:
            free = [s for s in range(1, 32) if (bi, s, 0) not in used]
            taken = [s for (bb, s, f) in used if bb == bi]
            if bad and taken:
                slots = [rng.choice(sorted(taken))]
            else:
                slots = free or [1]
            if bad and not taken:
                slots = [0]
        s = rng.choice(slots)
        set_field(a, "pci", "bus", bi)
        set_field(a, "pci", "slot", s)
        set_field(a, "pci", "function", 0)
        if "multifunction" in a.attrib:
            del a.attrib["multifunction"]
        return True
    if what == "pci-missing":
        d, a = rng.choice(pci_devs)
        top = max(ctx.ctrl_indexes("pci") or [0])
        set_field(a, "pci", "bus", top + rng.randint(1, 3))
        set_field(a, "pci", "slot", rng.randint(0, 3))
        return True
    if what == "usb":
        d, a = rng.choice(usb_devs)
        hubs = [h for h in hubs if h is not d]
        if not hubs:
            return False
        h = rng.choice(hubs)
        ha = h.find("address")
        used = usb_used(ctx, exclude=d)
        hport = ha.get("port") or "1"
        bus = num(ha.get("bus", "0"))
        free = [p for p in range(1, 9) if (bus, "%s.%d" % (hport, p)) not in used]
        taken = [p for p in range(1, 9) if (bus, "%s.%d" % (hport, p)) in used]
        if bad:
            p = rng.choice(taken) if taken and rng.random() < 0.5 else rng.choice([0, 9, 10])
        else:
            if not free:
                return False
            p = free[0]
        a.set("bus", str(bus))
        a.set("port", "%s.%d" % (hport, p))
        return True
    if what == "vser":
        d, a = rng.choice(ctx.addressed(("virtio-serial",)))
        cur = num(a.get("controller", "0"))
        others = [i for i in ctx.ctrl_indexes("virtio-serial") if i != cur]
        c = rng.choice(others)
        used = vser_used(ctx, exclude=d)
        free = [p for p in range(1, vser_ports(ctx, c)) if (c, 0, p) not in used]
        if bad:
            p = rng.choice([q for (cc, bb, q) in used if cc == c] or [vser_ports(ctx, c)])
        elif free:
            p = free[0]
        else:
            return False
        a.set("controller", str(c))
        a.set("port", str(p))
        return True
    if what == "drive":
        d, a = rng.choice(ctx.addressed(("drive",)))
        cur = num(a.get("controller", "0"))
        others = [i for i in ctx.ctrl_indexes("scsi") if i != cur]
        c = rng.choice(others)
        a.set("controller", str(c))
        if bad:
            a.set("unit", str(rng.choice([7, 16, 100])))
        return True
    return False


def m_move_behind(ctx):
    return move_behind(ctx, False)


def m_move_behind_bad(ctx):
    return move_behind(ctx, True)


def m_multifunction(ctx):
    rng = ctx.rng
    items = ctx.addressed(("pci",))
    if not items:
        return False
    choice = rng.choice(["on", "drop", "off", "join"])
    if choice == "drop":
        mf = [(d, a) for d, a in items if a.get("multifunction") is not None]
        if mf:
            d, a = rng.choice(mf)
            del a.attrib["multifunction"]
            return True
        choice = "on"
    if choice in ("on", "off"):
        f0 = [(d, a) for d, a in items if num(a.get("function", "0")) == 0]
        if not f0:
            return False
        d, a = rng.choice(f0)
        a.set("multifunction", choice)
        return True
    # join: put a device on a free function of another device's slot, function 0 made multifunction
    used = pci_used(ctx)
    f0 = [(d, a) for d, a in items if num(a.get("function", "0")) == 0 and d.tag != "controller"]
    movers = [(d, a) for d, a in items if d.tag != "controller"]
    if not f0 or len(movers) < 2:
        return False
    d0, a0 = rng.choice(f0)
    b, s = num(a0.get("bus")), num(a0.get("slot"))
    free = [f for f in range(1, 8) if (b, s, f) not in used]
    cands = [(d, a) for d, a in movers if d is not d0]
    if not free or not cands:
        return False
    d, a = rng.choice(cands)
    a0.set("multifunction", "on")
    for f in ("domain", "bus", "slot"):
        if a0.get(f) is not None:
            a.set(f, a0.get(f))
    set_field(a, "pci", "function", free[0] if rng.random() < 0.7 else rng.choice(free))
    if "multifunction" in a.attrib:
        del a.attrib["multifunction"]
    return True


def m_multifunction_bad(ctx):
    rng = ctx.rng
    items = [(d, a) for d, a in ctx.addressed(("pci",))]
    if not items:
        return False
    d, a = rng.choice(items)
    used = pci_used(ctx, exclude=d)
    v = rng.choice(["lone", "off", "on-nonzero"])
    if v == "lone":
        # a function > 0 on a slot where nothing sits at function 0
        fs = free_pci(ctx, exclude=d, ports_ok=False)
        if fs is None:
            return False
        a.set("bus", "0x%02x" % fs[0])
        a.set("slot", "0x%02x" % fs[1])
        set_field(a, "pci", "function", rng.randint(1, 7))
    elif v == "off":
        # beside a function 0 whose multifunction is not on
        f0 = [(od, oa) for od, oa in ctx.addressed(("pci",)) if od is not d and num(oa.get("function", "0")) == 0]
        if not f0:
            return False
        od, oa = rng.choice(f0)
        if oa.get("multifunction") == "on":
            oa.set("multifunction", "off")
        for f in ("domain", "bus", "slot"):
            if oa.get(f) is not None:
                a.set(f, oa.get(f))
        b, s = num(oa.get("bus")), num(oa.get("slot"))
        free = [f for f in range(1, 8) if (b, s, f) not in used] or [1]
        set_field(a, "pci", "function", free[0])
    else:
        a.set("multifunction", "on")
        set_field(a, "pci", "function", rng.randint(1, 7))
    if v != "on-nonzero" and "multifunction" in a.attrib:
        del a.attrib["multifunction"]
    return True


NIC_MODELS = ["virtio", "e1000", "e1000e", "rtl8139", "igb", "virtio-transitional",
              "virtio-non-transitional", "usb-net", "spapr-vlan"]


def m_nic_model(ctx):
    nics = [n for n in ctx.devices.findall("interface") if n.get("type") != "hostdev"]
    if not nics:
        return False
    n = ctx.rng.choice(nics)
    m = n.find("model")
    cur = m.get("type") if m is not None else None
    new = ctx.rng.choice([x for x in NIC_MODELS if x != cur])
    if m is None:
        m = ET.SubElement(n, "model")
    m.set("type", new)
    if ctx.rng.random() < 0.5:
        add_address(n, None)
    for drv in n.findall("driver"):
        if new not in ("virtio", "virtio-transitional", "virtio-non-transitional"):
            n.remove(drv)
    return True


def m_disk_bus(ctx, mismatch=False):
    rng = ctx.rng
    disks = [d for d in ctx.devices.findall("disk") if d.find("target") is not None]
    if not disks:
        return False
    d = rng.choice(disks)
    t = d.find("target")
    buses = ["virtio", "sata", "scsi", "ide", "usb", "fdc"]
    if ctx.fam in ("s390x", "virt", "pseries"):
        buses = ["virtio", "scsi"] + (["usb"] if ctx.fam != "s390x" else []) + \
            (["sata", "ide"] if rng.random() < 0.2 else [])
    new = rng.choice([b for b in buses if b != t.get("bus")] or buses)
    old_addr = d.find("address")
    t.set("bus", new)
    if new == "fdc":
        d.set("device", "floppy")
    elif d.get("device") == "floppy":
        d.set("device", "disk")
    if mismatch:
        if rng.random() < 0.6 or old_addr is None:
            wrong = rng.choice([p for p in ("vd", "sd", "hd", "fd") if p != DISK_PREFIX[new]])
            t.set("dev", ctx.new_target(wrong))
        # otherwise: matching name but the old address is kept
        else:
            t.set("dev", ctx.new_target(DISK_PREFIX[new]))
    else:
        t.set("dev", ctx.new_target(DISK_PREFIX[new]))
        keep = old_addr is not None and (
            (new in ("sata", "scsi", "ide", "fdc") and old_addr.get("type") == "drive")
            or (new == "virtio" and old_addr.get("type") in ("pci", "ccw"))
            or (new == "usb" and old_addr.get("type") == "usb"))
        if not keep or rng.random() < 0.5:
            add_address(d, None)
    return True


def m_disk_bus_mismatch(ctx):
    return m_disk_bus(ctx, mismatch=True)


CTRL_MODELS = {
    "scsi": ["lsilogic", "virtio-scsi", "lsisas1068", "lsisas1078", "ibmvscsi", "auto",
             "virtio-transitional", "virtio-non-transitional", "buslogic", None],
    "usb": ["piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1", "ich9-uhci2",
            "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci", "qemu-xhci", "none", None],
    "pci": ["pci-bridge", "pcie-root-port", "pcie-to-pci-bridge", "pcie-switch-downstream-port"],
    "virtio-serial": [None, "virtio", "virtio-transitional", "virtio-non-transitional"],
}


def m_controller_model(ctx):
    cands = [c for c in ctx.controllers() if c.get("type") in CTRL_MODELS
             and not (c.get("type") == "pci" and c.get("model") in ("pci-root", "pcie-root"))]
    if not cands:
        return False
    c = ctx.rng.choice(cands)
    t = c.get("type")
    new = ctx.rng.choice([m for m in CTRL_MODELS[t] if m != c.get("model")])
    if new is None:
        if "model" in c.attrib:
            del c.attrib["model"]
    else:
        c.set("model", new)
    if t == "pci":
        for sub in ("model", "target"):
            for e in c.findall(sub):
                c.remove(e)
        a = c.find("address")
        if a is not None and a.get("type") == "pci" and ctx.rng.random() < 0.5:
            c.remove(a)
    elif t == "usb":
        if new is None or not new.startswith("ich9-uhci"):
            for e in c.findall("master"):
                c.remove(e)
        if new == "none":
            add_address(c, None)
    return True


VIDEO_MODELS = ["vga", "cirrus", "qxl", "virtio", "bochs", "ramfb", "none"]


def m_video_model(ctx):
    vids = [v for v in ctx.devices.findall("video")]
    if not vids:
        return False
    v = ctx.rng.choice(vids)
    m = v.find("model")
    if m is None:
        m = ET.SubElement(v, "model")
    cur = m.get("type")
    new = ctx.rng.choice([x for x in VIDEO_MODELS if x != cur])
    m.set("type", new)
    for k in ("ram", "vram", "vram64", "vgamem"):
        if k in m.attrib and new != "qxl":
            del m.attrib[k]
    for acc in m.findall("acceleration"):
        if new != "virtio":
            m.remove(acc)
    if new in ("none", "ramfb") and ctx.rng.random() < 0.6:
        add_address(v, None)
    return True


SOUND_MODELS = ["ich6", "ich7", "ich9", "ac97", "es1370", "sb16", "usb", "pcspk"]


def m_sound_model(ctx):
    snds = ctx.devices.findall("sound")
    if not snds:
        return False
    s = ctx.rng.choice(snds)
    new = ctx.rng.choice([m for m in SOUND_MODELS if m != s.get("model")])
    s.set("model", new)
    if new not in ("ich6", "ich7", "ich9"):
        for c in s.findall("codec"):
            s.remove(c)
    if new in ("sb16", "pcspk", "usb") and ctx.rng.random() < 0.6:
        add_address(s, None)
    return True


def m_misc_model(ctx):
    rng = ctx.rng
    opts = []
    opts += [("watchdog", w) for w in ctx.devices.findall("watchdog")]
    opts += [("rng", r) for r in ctx.devices.findall("rng")]
    opts += [("memballoon", b) for b in ctx.devices.findall("memballoon")]
    if not opts:
        return False
    kind, el = rng.choice(opts)
    if kind == "watchdog":
        new = rng.choice([m for m in ("i6300esb", "ib700", "diag288", "itco") if m != el.get("model")])
        el.set("model", new)
        if new != "i6300esb" and rng.random() < 0.6:
            add_address(el, None)
    elif kind == "rng":
        if rng.random() < 0.5:
            el.set("model", rng.choice([m for m in ("virtio", "virtio-transitional", "virtio-non-transitional")
                                        if m != el.get("model")]))
        else:
            b = el.find("backend")
            if b is not None:
                el.remove(b)
            bk = rng.choice(["random", "builtin", "egd"])
            if bk == "random":
                el.append(X("<backend model='random'>/dev/urandom</backend>"))
            elif bk == "builtin":
                el.append(X("<backend model='builtin'/>"))
            else:
                el.append(X("<backend model='egd' type='tcp'><source mode='connect' host='localhost' "
                            "service='1234'/><protocol type='raw'/></backend>"))
    else:
        new = rng.choice([m for m in ("virtio", "virtio-transitional", "virtio-non-transitional", "none")
                          if m != el.get("model")])
        el.set("model", new)
        if new == "none" and rng.random() < 0.6:
            add_address(el, None)
            for s in el.findall("stats"):
                el.remove(s)
    return True


def m_shuffle(ctx):
    kids = ctx.devs()
    if len(kids) < 2:
        return False
    for k in kids:
        ctx.devices.remove(k)
    ctx.rng.shuffle(kids)
    for k in kids:
        ctx.devices.append(k)
    return True


def m_controllers_last(ctx):
    ctrls = ctx.devices.findall("controller")
    if not ctrls or len(ctrls) == len(ctx.devs()):
        return False
    for c in ctrls:
        ctx.devices.remove(c)
        ctx.devices.append(c)
    return True


def m_reverse_controllers(ctx):
    kids = list(ctx.devices)
    pos = [i for i, k in enumerate(kids) if k.tag == "controller"]
    if len(pos) < 2:
        return False
    ctrls = [kids[i] for i in pos][::-1]
    for i, c in zip(pos, ctrls):
        kids[i] = c
    for k in list(ctx.devices):
        ctx.devices.remove(k)
    for k in kids:
        ctx.devices.append(k)
    return True


MACHINE_NAMES = {
    "pc": [("pc", 40), ("pc-i440fx-7.2", 30), ("pc-i440fx-5.2", 10), ("pc-i440fx-2.12", 8),
           ("pc-i440fx-4.0", 7), ("pc-i440fx-1.4", 5)],
    "q35": [("q35", 40), ("pc-q35-7.2", 30), ("pc-q35-5.2", 10), ("pc-q35-2.12", 8),
            ("pc-q35-4.0.1", 7), ("pc-q35-2.4", 5)],
    "s390x": [("s390-ccw-virtio", 40), ("s390-ccw-virtio-7.2", 30), ("s390-ccw-virtio-4.0", 15),
              ("s390-ccw-virtio-2.7", 15)],
    "pseries": [("pseries", 40), ("pseries-7.2", 30), ("pseries-5.0", 15), ("pseries-3.1", 15)],
    "virt": [("virt", 40), ("virt-7.2", 30), ("virt-6.2", 15), ("virt-4.2", 15)],
}


def m_machine_switch(ctx):
    fam = ctx.fam
    if fam not in ("pc", "q35"):
        return False
    other = "q35" if fam == "pc" else "pc"
    ctx.machine = wpick(ctx.rng, MACHINE_NAMES[other])
    return True


def m_machine_version(ctx):
    fam = ctx.fam
    names = [(n, w) for n, w in MACHINE_NAMES[fam] if n != ctx.machine]
    ctx.machine = wpick(ctx.rng, names)
    return True


# -- text-level: numbers, attribute order, quotes

NUMERIC_ATTRS = {
    "address": None,  # every attribute but type/multifunction/uuid
    "controller": ("index", "ports", "vectors"),
    "target": ("chassis", "port", "chassisNr", "busNr", "index"),
    "master": ("startport",),
    "zpci": ("uid", "fid"),
}


def numeric_attrs(ctx):
    out = []
    for el in ctx.devices.iter():
        if el.tag not in NUMERIC_ATTRS:
            continue
        if el.tag == "target" and el.get("type") is not None:
            continue
        keys = NUMERIC_ATTRS[el.tag]
        for k, v in el.attrib.items():
            if el.tag == "address" and k in ("type", "multifunction", "uuid"):
                continue
            if keys is not None and k not in keys:
                continue
            if el.tag == "address" and el.get("type") == "usb" and k == "port":
                continue
            if num(v) is None:
                continue
            out.append((el, k))
    return out


def m_respell_numbers(ctx):
    rng = ctx.rng
    items = numeric_attrs(ctx)
    if not items:
        return False
    p = rng.choice([0.2, 0.5, 1.0])
    chosen = [x for x in items if rng.random() < p] or [rng.choice(items)]
    style = rng.choice(["dec", "hex", "pad", "upper", "zeros", "space", "mixed"])
    for el, k in chosen:
        base = attr_base(el, k)
        v = num(el.get(k), hexonly=(base == 16))
        st = style if style != "mixed" else rng.choice(["dec", "hex", "pad", "upper", "zeros", "space"])
        if base == 10 and st in ("hex", "pad", "upper") and rng.random() < 0.9:
            st = rng.choice(["dec", "zeros", "space"])  # a decimal-only number: hex now and then
        if base == 16 and st == "dec" and rng.random() < 0.7:
            st = "bare"  # hex digits without 0x (same value); decimal digits now and then
        if st == "dec":
            s = str(v)
        elif st == "bare":
            s = "%x" % v
        elif st == "hex":
            s = "0x%x" % v
        elif st == "pad":
            s = "0x%0*x" % (rng.choice([2, 4, 8]), v)
        elif st == "upper":
            s = "0X%X" % v
        elif st == "zeros":
            zeros = rng.choice(["0", "00", "000"])
            if base == 10 or (base == 0 and rng.random() < 0.5):
                s = zeros + str(v)  # base 0 reads a leading zero as octal
            else:
                s = "0x" + zeros + "%x" % v
        else:
            s = rng.choice([" ", "  ", "\t"]) + el.get(k).strip()
        el.set(k, s)
    return True


def m_respell_space(ctx):
    items = numeric_attrs(ctx)
    if not items:
        return False
    el, k = ctx.rng.choice(items)
    v = el.get(k)
    if ctx.rng.random() < 0.6 or len(v) < 2:
        el.set(k, v + ctx.rng.choice([" ", "  "]))
    else:
        i = ctx.rng.randint(1, len(v) - 1)
        el.set(k, v[:i] + " " + v[i:])
    return True


def m_attr_order(ctx):
    els = [e for e in ctx.root.iter() if len(e.attrib) >= 2]
    if not els:
        return False
    p = ctx.rng.choice([0.3, 0.7, 1.0])
    done = False
    for e in els:
        if ctx.rng.random() < p:
            items = list(e.attrib.items())
            ctx.rng.shuffle(items)
            e.attrib.clear()
            e.attrib.update(items)
            done = True
    return done


def m_quotes(ctx):
    els = [e for e in ctx.root.iter() if e.attrib]
    p = ctx.rng.choice([0.2, 0.6, 1.0])
    for e in els:
        if ctx.rng.random() >= p:
            continue
        st = {}
        v = ctx.rng.random()
        if v < 0.5:
            st["q"] = '"'
        elif v < 0.7:
            st["q"] = {k: ctx.rng.choice(["'", '"']) for k in e.attrib}
        if ctx.rng.random() < 0.25:
            st["eq"] = ctx.rng.choice([" = ", "= ", " ="])
        if len(e.attrib) >= 2 and ctx.rng.random() < 0.2:
            st["nl"] = True
        if st:
            ctx.style[id(e)] = st
    return bool(ctx.style)


# --------------------------------------------------------------------------------------------
# the device catalog for insertions

def cat_disk(ctx, mode, bus=None):
    rng = ctx.rng
    fam = ctx.fam
    if bus is None:
        buses = {"pc": ["virtio", "sata", "scsi", "ide", "usb", "fdc"],
                 "q35": ["virtio", "sata", "scsi", "usb", "fdc"],
                 "s390x": ["virtio", "scsi"],
                 "pseries": ["virtio", "scsi", "usb"],
                 "virt": ["virtio", "scsi", "usb"]}[fam]
        if not usb_ok(ctx) and "usb" in buses:
            buses.remove("usb")
        bus = rng.choice(buses)
    device = "floppy" if bus == "fdc" else ("cdrom" if bus in ("sata", "ide", "scsi") and rng.random() < 0.3 else "disk")
    dev = ctx.new_target(DISK_PREFIX[bus])
    d = X("<disk type='file' device='%s'><driver name='qemu' type='raw'/></disk>" % device)
    if device != "cdrom" or rng.random() < 0.5:
        d.append(X("<source file='/var/lib/libvirt/images/%s.img'/>" % ctx.uniq("mut")))
    if device == "cdrom":
        d.append(X("<readonly/>"))
    d.append(X("<target dev='%s' bus='%s'/>" % (dev, bus)))
    if bus == "usb" and not ctx.has_usb_controller() and fam in ("s390x", "virt"):
        ensure_usb(ctx)
    atype = {"virtio": pci_or_ccw(ctx), "usb": "usb"}.get(bus, "drive")
    return d, atype, {"drive_ctype": bus}


def usb_ok(ctx):
    """USB devices are drawn where a USB bus can be had (qemu-system-s390x has no USB devices)."""
    return ctx.fam != "s390x" and ctx.usb_on()


def ensure_usb(ctx):
    if ctx.has_usb_controller():
        return
    if any(c.get("model") == "none" for c in ctx.controllers("usb")):
        return
    ctx.devices.append(X("<controller type='usb' index='0' model='qemu-xhci'/>"))


def nic_models(fam):
    return {"pc": ["virtio", "e1000", "rtl8139", "e1000e", "virtio-transitional", None],
            "q35": ["virtio", "e1000e", "e1000", "rtl8139", "virtio-non-transitional", None],
            "s390x": ["virtio", None],
            "pseries": ["spapr-vlan", "virtio", "e1000", "rtl8139", None],
            "virt": ["virtio", "e1000e", "rtl8139", None]}[fam]


def cat_interface(ctx, mode):
    model = ctx.rng.choice(nic_models(ctx.fam))
    t = ctx.rng.choice(["user", "user", "network"])
    d = X("<interface type='%s'><mac address='%s'/></interface>" % (t, ctx.new_mac()))
    if t == "network":
        d.append(X("<source network='default'/>"))
    if model:
        d.append(X("<model type='%s'/>" % model))
    if model == "spapr-vlan" or (model is None and ctx.fam == "pseries"):
        return d, "spapr-vio", {}
    return d, (pci_or_ccw(ctx) if model in (None, "virtio", "virtio-transitional",
                                            "virtio-non-transitional") else "pci"), {}


def host_pci(ctx):
    return ("<address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/>"
            % (ctx.rng.randint(1, 0x3f), ctx.rng.randint(0, 0x1f), ctx.rng.choice([0, 0, 0, 1])))


def cat_iface_hostdev(ctx, mode):
    d = X("<interface type='hostdev' managed='yes'><mac address='%s'/><source>%s</source></interface>"
          % (ctx.new_mac(), host_pci(ctx)))
    return d, "pci", {}


def cat_hostdev_pci(ctx, mode):
    d = X("<hostdev mode='subsystem' type='pci' managed='yes'><source>%s</source></hostdev>" % host_pci(ctx))
    return d, "pci", {}


def cat_hostdev_usb(ctx, mode):
    if not usb_ok(ctx):
        return None
    ensure_usb(ctx)
    if ctx.rng.random() < 0.6:
        src = "<vendor id='0x%04x'/><product id='0x%04x'/>" % (ctx.rng.randint(0x1000, 0xfff0),
                                                             ctx.rng.randint(0x1000, 0xfff0))
    else:
        src = "<address bus='%d' device='%d'/>" % (ctx.rng.randint(1, 4), ctx.rng.randint(2, 120))
    d = X("<hostdev mode='subsystem' type='usb' managed='no'><source>%s</source></hostdev>" % src)
    return d, "usb", {}


def cat_hostdev_scsi(ctx, mode):
    d = X("<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host%d'/>"
          "<address bus='0' target='0' unit='%d'/></source></hostdev>"
          % (ctx.rng.randint(0, 3), ctx.rng.randint(0, 60)))
    return d, "drive", {"drive_ctype": "scsi"}


def cat_hostdev_mdev(ctx, mode):
    uuid = "%08x-%04x-4%03x-8%03x-%012x" % (ctx.rng.getrandbits(32), ctx.rng.getrandbits(16),
                                            ctx.rng.getrandbits(12), ctx.rng.getrandbits(12),
                                            ctx.rng.getrandbits(48))
    model = "vfio-ccw" if ctx.fam == "s390x" and ctx.rng.random() < 0.5 else "vfio-pci"
    d = X("<hostdev mode='subsystem' type='mdev' model='%s'><source><address uuid='%s'/></source></hostdev>"
          % (model, uuid))
    return d, ("ccw" if model == "vfio-ccw" else "pci"), {}


def controller_choices(fam):
    return {
        "pc": [("pci", "pci-bridge"), ("scsi", "lsilogic"), ("scsi", "virtio-scsi"), ("scsi", "lsisas1068"),
               ("usb", "piix3-uhci"), ("usb", "qemu-xhci"), ("usb", "nec-xhci"), ("usb", "ich9-ehci1"),
               ("usb", "pci-ohci"), ("sata", None), ("virtio-serial", None), ("ccid", None),
               ("pci", "pci-expander-bus"), ("scsi", None), ("ide", None), ("fdc", None)],
        "q35": [("pci", "pcie-root-port"), ("pci", "pcie-root-port"), ("pci", "pcie-to-pci-bridge"),
                ("pci", "dmi-to-pci-bridge"), ("pci", "pcie-switch-upstream-port"),
                ("pci", "pcie-expander-bus"), ("pci", "pci-bridge"), ("scsi", "virtio-scsi"),
                ("scsi", "lsilogic"), ("usb", "qemu-xhci"), ("usb", "nec-xhci"), ("usb", "ich9-ehci1"),
                ("sata", None), ("virtio-serial", None), ("ccid", None), ("scsi", "auto")],
        "s390x": [("scsi", "virtio-scsi"), ("virtio-serial", None), ("pci", "pci-bridge"),
                  ("usb", "qemu-xhci"), ("scsi", None)],
        "pseries": [("pci", "pci-root"), ("pci", "pci-bridge"), ("scsi", "ibmvscsi"), ("scsi", "virtio-scsi"),
                    ("usb", "pci-ohci"), ("usb", "qemu-xhci"), ("virtio-serial", None), ("scsi", None)],
        "virt": [("pci", "pcie-root-port"), ("pci", "pcie-root-port"), ("pci", "pcie-to-pci-bridge"),
                 ("pci", "pcie-expander-bus"), ("pci", "pci-bridge"), ("scsi", "virtio-scsi"),
                 ("usb", "qemu-xhci"), ("usb", "nec-xhci"), ("virtio-serial", None), ("pci", "dmi-to-pci-bridge")],
    }[fam]


def cat_controller(ctx, mode):
    t, m = ctx.rng.choice(controller_choices(ctx.fam))
    if t in ("usb", "ccid") and not usb_ok(ctx):
        return None
    idx = ctx.next_index(t)
    attrs = "type='%s' index='%d'" % (t, idx)
    if m:
        attrs += " model='%s'" % m
    if t == "virtio-serial" and ctx.rng.random() < 0.4:
        attrs += " ports='%d'" % ctx.rng.choice([4, 8, 16, 31])
    c = X("<controller %s/>" % attrs)
    if m in ("pcie-expander-bus", "pci-expander-bus"):
        c.append(X("<target busNr='%d'/>" % ctx.rng.choice([100, 200, 254])))
    if t == "pci" and m == "pci-root":
        c.append(X("<model name='spapr-pci-host-bridge'/>"))
        c.append(X("<target index='%d'/>" % idx))
    atype = "ccw" if ctx.fam == "s390x" and t in ("scsi", "virtio-serial") else "pci"
    if t in ("ide", "fdc", "ccid") or (t == "scsi" and m == "ibmvscsi"):
        atype = {"ccid": "usb", "scsi": "spapr-vio"}.get(t)
    if t == "ccid":
        ensure_usb(ctx)
    if m in PCI_PORT_MODELS + ("pcie-switch-upstream-port",) and mode:
        return c, "pci-port", {}
    return c, atype, {}


def cat_filesystem(ctx, mode):
    d = X("<filesystem type='mount' accessmode='mapped'><source dir='/srv/%s'/><target dir='%s'/></filesystem>"
          % (ctx.uniq("mut"), ctx.uniq("mutshare")))
    return d, pci_or_ccw(ctx), {}


def cat_input(ctx, mode):
    kind = ctx.rng.choice(["tablet", "mouse", "keyboard"])
    bus = "usb" if ctx.fam in ("pc", "q35", "pseries") and usb_ok(ctx) and ctx.rng.random() < 0.6 else "virtio"
    if bus == "usb":
        ensure_usb(ctx)
    return X("<input type='%s' bus='%s'/>" % (kind, bus)), ("usb" if bus == "usb" else pci_or_ccw(ctx)), {}


def cat_sound(ctx, mode):
    if ctx.fam not in ("pc", "q35"):
        return None
    m = ctx.rng.choice(["ich6", "ich9", "ac97", "es1370", "ich7", "sb16"] + (["usb"] if usb_ok(ctx) else []))
    s = X("<sound model='%s'/>" % m)
    if m in ("ich6", "ich9", "ich7") and ctx.rng.random() < 0.4:
        s.append(X("<codec type='%s'/>" % ctx.rng.choice(["duplex", "micro", "output"])))
    return s, {"usb": "usb", "sb16": None}.get(m, "pci"), {}


def cat_video(ctx, mode):
    has = bool(ctx.devices.findall("video"))
    if ctx.fam in ("pc", "q35"):
        m = ctx.rng.choice(["virtio", "qxl"]) if has else ctx.rng.choice(["vga", "cirrus", "qxl", "virtio", "bochs"])
    elif ctx.fam == "pseries":
        m = "virtio" if has else ctx.rng.choice(["vga", "virtio", "bochs"])
    else:
        m = "virtio"
    v = X("<video><model type='%s' heads='1'%s/></video>" % (m, " primary='yes'" if has and ctx.rng.random() < 0.1 else ""))
    return v, pci_or_ccw(ctx), {}


def cat_watchdog(ctx, mode):
    m = {"pc": ["i6300esb", "ib700"], "q35": ["i6300esb", "ib700", "itco"], "s390x": ["diag288"],
         "pseries": ["i6300esb"], "virt": ["i6300esb"]}[ctx.fam]
    m = ctx.rng.choice(m)
    return X("<watchdog model='%s' action='%s'/>" % (m, ctx.rng.choice(["reset", "poweroff", "none"]))), \
        ("pci" if m == "i6300esb" else None), {}


def cat_memballoon(ctx, mode):
    for b in ctx.devices.findall("memballoon"):
        ctx.devices.remove(b)
    m = ctx.rng.choice(["virtio", "virtio", "virtio-transitional", "none"])
    return X("<memballoon model='%s'/>" % m), (pci_or_ccw(ctx) if m != "none" else None), {}


def cat_rng(ctx, mode):
    r = X("<rng model='virtio'/>")
    r.append(X("<backend model='random'>/dev/urandom</backend>") if ctx.rng.random() < 0.7
             else X("<backend model='builtin'/>"))
    return r, pci_or_ccw(ctx), {}


def cat_nvram(ctx, mode):
    if ctx.fam != "pseries" or ctx.devices.find("nvram") is not None:
        return None
    return X("<nvram/>"), "spapr-vio", {}


def cat_tpm(ctx, mode):
    if ctx.devices.find("tpm") is not None:
        return None
    if ctx.fam == "pseries":
        return X("<tpm model='tpm-spapr'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>"), \
            "spapr-vio", {}
    if ctx.fam in ("pc", "q35"):
        m = ctx.rng.choice(["tpm-tis", "tpm-crb"])
        return X("<tpm model='%s'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>" % m), None, {}
    return None


def cat_shmem(ctx, mode):
    if ctx.fam == "s390x":
        return None
    return X("<shmem name='%s'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>"
             % ctx.uniq("mutshm")), "pci", {}


def cat_panic(ctx, mode):
    m = {"pc": ["isa", "hyperv"], "q35": ["isa", "hyperv"], "s390x": ["s390"], "pseries": ["pseries"],
         "virt": []}[ctx.fam]
    if not m:
        return None
    m = ctx.rng.choice(m)
    if any(p.get("model") == m for p in ctx.devices.findall("panic")):
        return None
    p = X("<panic model='%s'/>" % m)
    return p, {"isa": "isa", "pvpanic": "pci"}.get(m), {}


def ensure_numa(ctx):
    root = ctx.root
    if root.find("maxMemory") is None:
        mm = ET.Element("maxMemory", {"slots": str(ctx.rng.choice([4, 8, 16])), "unit": "KiB"})
        mm.text = str(64 * 1048576)
        kids = list(root)
        pos = next((i for i, k in enumerate(kids) if k.tag == "memory"), 0)
        root.insert(pos, mm)
    cpu = root.find("cpu")
    if cpu is None:
        cpu = ET.Element("cpu")
        if ctx.fam == "virt":
            cpu.set("mode", "custom")
            cpu.append(X("<model>cortex-a57</model>"))
        kids = list(root)
        pos = next((i for i, k in enumerate(kids) if k.tag in ("clock", "on_poweroff", "devices")), len(kids))
        root.insert(pos, cpu)
    if cpu.find("numa") is None:
        n = ctx.vcpus()
        cpu.append(X("<numa><cell id='0' cpus='0-%d' memory='%d' unit='KiB'/></numa>" % (max(n - 1, 0), ctx.memory_kib())))


def cat_memory(ctx, mode):
    if ctx.fam == "s390x":
        return None
    kinds = {"pc": ["dimm", "dimm", "nvdimm", "virtio-mem", "virtio-pmem"],
             "q35": ["dimm", "dimm", "nvdimm", "virtio-mem", "virtio-pmem"],
             "pseries": ["dimm"], "virt": ["dimm", "virtio-mem"]}[ctx.fam]
    k = ctx.rng.choice(kinds)
    ensure_numa(ctx)
    if k == "dimm":
        m = X("<memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory>")
        return m, "dimm", {}
    if k == "nvdimm":
        m = X("<memory model='nvdimm'><source><path>/tmp/%s</path></source><target><size unit='KiB'>524288</size>"
              "<node>0</node></target></memory>" % ctx.uniq("mutnvdimm"))
        return m, "dimm", {}
    if k == "virtio-mem":
        m = X("<memory model='virtio-mem'><target><size unit='KiB'>1048576</size><node>0</node>"
              "<block unit='KiB'>2048</block><requested unit='KiB'>524288</requested></target></memory>")
        return m, "pci", {}
    m = X("<memory model='virtio-pmem' access='shared'><source><path>/tmp/%s</path></source>"
          "<target><size unit='KiB'>524288</size></target></memory>" % ctx.uniq("mutpmem"))
    return m, "pci", {}


def cat_iommu(ctx, mode):
    if ctx.devices.find("iommu") is not None:
        return None
    if ctx.fam == "q35":
        m = ctx.rng.choice(["intel", "virtio"])
    elif ctx.fam == "virt":
        m = ctx.rng.choice(["smmuv3", "virtio"])
    else:
        return None
    return X("<iommu model='%s'/>" % m), ("pci" if m == "virtio" else None), {}


def cat_vsock(ctx, mode):
    if ctx.devices.find("vsock") is not None:
        return None
    return X("<vsock model='virtio'><cid auto='yes'/></vsock>"), pci_or_ccw(ctx), {}


def spice_ok(ctx):
    return ctx.fam in ("pc", "q35")


def ensure_spice(ctx):
    if any(g.get("type") == "spice" for g in ctx.devices.findall("graphics")):
        return
    ctx.devices.append(X("<graphics type='spice' autoport='yes'/>"))


def cat_redirdev(ctx, mode):
    if not spice_ok(ctx) or not usb_ok(ctx):
        return None
    ensure_usb(ctx)
    if spice_ok(ctx):
        ensure_spice(ctx)
        return X("<redirdev bus='usb' type='spicevmc'/>"), "usb", {}
    return X("<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='%d'/>"
             "<protocol type='raw'/></redirdev>" % ctx.rng.randint(4000, 4999)), "usb", {}


def cat_smartcard(ctx, mode):
    if not spice_ok(ctx) or not usb_ok(ctx):
        return None
    ensure_usb(ctx)
    if spice_ok(ctx) and ctx.rng.random() < 0.5:
        ensure_spice(ctx)
        return X("<smartcard mode='passthrough' type='spicevmc'/>"), "ccid", {}
    return X("<smartcard mode='passthrough' type='tcp'><source mode='connect' host='127.0.0.1' service='%d'/>"
             "<protocol type='raw'/></smartcard>" % ctx.rng.randint(2000, 2999)), "ccid", {}


def cat_hub(ctx, mode):
    if not usb_ok(ctx):
        return None
    ensure_usb(ctx)
    return X("<hub type='usb'/>"), "usb", {}


def cat_channel(ctx, mode):
    k = ctx.rng.choice(["unix", "pty", "spicevmc"] if spice_ok(ctx) else ["unix", "pty"])
    if k == "spicevmc":
        ensure_spice(ctx)
        if any(t.get("name") == "com.redhat.spice.0" for t in ctx.devices.findall("channel/target")):
            k = "unix"
        else:
            return X("<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"), \
                "virtio-serial", {}
    src = "<source mode='bind'/>" if k == "unix" else ""
    return X("<channel type='%s'>%s<target type='virtio' name='org.example.%s'/></channel>"
             % (k, src, ctx.uniq("mut"))), "virtio-serial", {}


def cat_console(ctx, mode):
    if ctx.fam == "s390x" and ctx.rng.random() < 0.4:
        return X("<console type='pty'><target type='sclp'/></console>"), None, {}
    return X("<console type='pty'><target type='virtio'/></console>"), "virtio-serial", {}


def cat_serial(ctx, mode):
    fam = ctx.fam
    if fam in ("pc", "q35"):
        k = ctx.rng.choice(["isa-serial", "isa-serial", "pci-serial"] + (["usb-serial"] if usb_ok(ctx) else []))
    else:
        k = {"s390x": "sclp-serial", "pseries": "spapr-vio-serial", "virt": "system-serial"}[fam]
        if fam != "s390x" and ctx.rng.random() < 0.3:
            k = ctx.rng.choice(["pci-serial", "usb-serial"] if usb_ok(ctx) else ["pci-serial"])
    model = {"isa-serial": "isa-serial", "pci-serial": "pci-serial", "usb-serial": "usb-serial",
             "sclp-serial": "sclpconsole", "spapr-vio-serial": "spapr-vty", "system-serial": "pl011"}[k]
    if k == "usb-serial":
        ensure_usb(ctx)
    s = X("<serial type='pty'><target type='%s'><model name='%s'/></target></serial>" % (k, model))
    return s, {"pci-serial": "pci", "usb-serial": "usb", "spapr-vio-serial": "spapr-vio"}.get(k), {}


def cat_parallel(ctx, mode):
    if ctx.fam not in ("pc", "q35") or ctx.devices.find("parallel") is not None:
        return None
    return X("<parallel type='pty'><target port='0'/></parallel>"), None, {}


CATALOG = [
    ("disk", 14, cat_disk), ("interface", 10, cat_interface), ("iface-hostdev", 2, cat_iface_hostdev),
    ("hostdev-pci", 3, cat_hostdev_pci), ("hostdev-usb", 2, cat_hostdev_usb), ("hostdev-scsi", 2, cat_hostdev_scsi),
    ("hostdev-mdev", 2, cat_hostdev_mdev), ("controller", 12, cat_controller), ("filesystem", 3, cat_filesystem),
    ("input", 4, cat_input), ("sound", 2, cat_sound), ("video", 2, cat_video), ("watchdog", 1, cat_watchdog),
    ("memballoon", 1, cat_memballoon), ("rng", 3, cat_rng), ("nvram", 1, cat_nvram), ("tpm", 1, cat_tpm),
    ("shmem", 2, cat_shmem), ("panic", 1, cat_panic), ("memory", 3, cat_memory), ("iommu", 1, cat_iommu),
    ("vsock", 1, cat_vsock), ("redirdev", 2, cat_redirdev), ("smartcard", 1, cat_smartcard),
    ("hub", 2, cat_hub), ("channel", 4, cat_channel), ("console", 2, cat_console), ("serial", 3, cat_serial),
    ("parallel", 1, cat_parallel),
]


def free_address_for(ctx, dev, atype, extra):
    if atype is None:
        return None
    if atype == "pci-port":
        # a controller that plugs into a root bus slot
        fs = free_pci(ctx, ports_ok=False)
        return pci_addr(*fs) if fs else None
    if atype == "isa":
        if dev.tag == "panic":
            return A(type_="isa", iobase="0x505")
        return None
    if atype == "dimm":
        mm = ctx.root.find("maxMemory")
        slots = num(mm.get("slots")) if mm is not None and mm.get("slots") else 16
        used = {num(a.get("slot")) for d, a in ctx.addressed(("dimm",))}
        free = [s for s in range(slots or 1) if s not in used]
        return A(type_="dimm", slot=free[0]) if free else None
    return free_of_type(ctx, atype, drive_ctype=extra.get("drive_ctype", "scsi"))


def random_address_for(ctx, dev, atype, extra):
    """an address for a pinned insertion: free, taken (copied from a device of that type), odd."""
    rng = ctx.rng
    if atype == "pci-port":
        atype = "pci"
    if atype is None:
        atype = rng.choice(["pci", "usb", "drive", "isa"])
    r = rng.random()
    taken = ctx.addressed((atype,))
    if r < 0.4 and taken:
        return copy.deepcopy(rng.choice(taken)[1])
    if r < 0.75:
        fa = free_address_for(ctx, dev, atype, extra)
        if fa is not None:
            return fa
    # odd: a plausible-looking address with one field beyond its range
    fa = free_address_for(ctx, dev, atype, extra) or A(type_=atype)
    f = rng.choice(FIELDS.get(atype, []) or [None])
    if f is not None:
        v = beyond_value(ctx, atype, f)
        if v is not None:
            set_field(fa, atype, f, v)
    return fa


def insert_devices(ctx, pinned):
    rng = ctx.rng
    n = rng.choice([1, 1, 2, 2, 3, 4, 5, 6])
    made = 0
    pinned_done = False
    tries = 0
    while made < n and tries < 40:
        tries += 1
        name = wpick(rng, [(c[0], c[1]) for c in CATALOG])
        fn = dict((c[0], c[2]) for c in CATALOG)[name]
        want_addr = rng.random() < (0.5 if pinned else 0.4)
        r = fn(ctx, want_addr)
        if r is None:
            continue
        dev, atype, extra = r
        if pinned and (want_addr or (made == n - 1 and not pinned_done)):
            addr = random_address_for(ctx, dev, atype, extra)
            pinned_done = True
        elif want_addr:
            addr = free_address_for(ctx, dev, atype, extra)
        else:
            addr = None
        if addr is not None:
            dev.append(addr)
        kids = ctx.devs()
        if kids and rng.random() < 0.5:
            # beside a device of its kind, or anywhere
            same = [k for k in kids if k.tag == dev.tag]
            anchor = same[-1] if same else rng.choice(kids)
            pos = list(ctx.devices).index(anchor) + 1
            ctx.devices.insert(pos, dev)
        else:
            ctx.devices.append(dev)
        made += 1
    return made > 0


def m_insert(ctx):
    return insert_devices(ctx, False)


def m_insert_pinned(ctx):
    return insert_devices(ctx, True)


# name -> (function, weight, fault?, text-level?, families or None)
MUTATIONS = {
    "drop-address": (m_drop_address, 10, False, False, None),
    "drop-address-attr": (m_drop_address_attr, 5, False, False, None),
    "drop-controller": (m_drop_controller, 6, False, False, None),
    "drop-target": (m_drop_target, 4, False, False, None),
    "dup-device": (m_dup_device, 5, False, False, None),
    "dup-controller": (m_dup_controller, 4, False, False, None),
    "move-neighbour": (m_move_neighbour, 4, False, False, None),
    "move-free": (m_move_free, 5, False, False, None),
    "swap-address": (m_swap_address, 4, False, False, None),
    "move-behind": (m_move_behind, 4, False, False, None),
    "multifunction": (m_multifunction, 3, False, False, None),
    "nic-model": (m_nic_model, 3, False, False, None),
    "disk-bus": (m_disk_bus, 3, False, False, None),
    "controller-model": (m_controller_model, 3, False, False, None),
    "video-model": (m_video_model, 2, False, False, None),
    "sound-model": (m_sound_model, 2, False, False, None),
    "misc-model": (m_misc_model, 3, False, False, None),
    "insert": (m_insert, 12, False, False, None),
    "shuffle": (m_shuffle, 3, False, False, None),
    "controllers-last": (m_controllers_last, 2, False, False, None),
    "reverse-controllers": (m_reverse_controllers, 2, False, False, None),
    "machine-version": (m_machine_version, 2, False, False, None),
    "respell-numbers": (m_respell_numbers, 4, False, True, None),
    "attr-order": (m_attr_order, 3, False, True, None),
    "quotes": (m_quotes, 3, False, True, None),
    # meant as faults
    "dup-device-addr": (m_dup_device_addr, 6, True, False, None),
    "dup-device-same": (m_dup_device_same, 3, True, False, None),
    "dup-controller-index": (m_dup_controller_index, 4, True, False, None),
    "move-taken": (m_move_taken, 7, True, False, None),
    "move-beyond": (m_move_beyond, 7, True, False, None),
    "move-behind-bad": (m_move_behind_bad, 4, True, False, None),
    "multifunction-bad": (m_multifunction_bad, 3, True, False, None),
    "disk-bus-mismatch": (m_disk_bus_mismatch, 3, True, False, None),
    "machine-switch": (m_machine_switch, 6, True, False, ("pc", "q35")),
    "insert-pinned": (m_insert_pinned, 8, True, False, None),
    "respell-space": (m_respell_space, 2, True, True, None),
}


# --------------------------------------------------------------------------------------------
# drawing the cases


def prepare(text):
    root = ET.fromstring(text)
    root.set("type", "qemu")
    for tag in ("uuid", "name"):
        for e in root.findall(tag):
            root.remove(e)
    for s in root.findall("sysinfo"):
        for sys_ in s.findall("system"):
            for e in sys_.findall("entry"):
                if e.get("name") == "uuid":
                    sys_.remove(e)
    # strip whitespace-only text so the serializer indents afresh
    for el in root.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return root


def draw_case(seed, n, sources, width):
    rng = random.Random("addralloc-mutate:%d:%d" % (seed, n))
    ident = "m%0*d" % (width, n)
    fam = wpick(rng, [(f, w) for f, w in FAMILY_WEIGHTS if sources[f]])
    label, text = rng.choice(sources[fam])
    root = prepare(text)
    ctx = Ctx(rng, root)
    total = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
    want_fault = rng.random() < P_FAULT
    struct, text_level = [], []
    fault = None
    applied = []

    def draw(faulty, exclude_text=False):
        pairs = [(name, w) for name, (fn, w, f, t, fams) in MUTATIONS.items()
                 if f == faulty and (fams is None or ctx.fam in fams) and not (exclude_text and t)]
        return wpick(rng, pairs)

    plan = []
    for _ in range(total - (1 if want_fault else 0)):
        plan.append(draw(False))
    for name in plan:
        (text_level if MUTATIONS[name][3] else struct).append(name)
    for name in struct:
        for attempt in range(6):
            if MUTATIONS[name][0](ctx):
                applied.append(name)
                break
            name = draw(False, exclude_text=True)
    if want_fault:
        for attempt in range(8):
            name = draw(True)
            if MUTATIONS[name][0](ctx):
                applied.append(name)
                fault = name
                break
    for name in text_level:
        if MUTATIONS[name][0](ctx):
            applied.append(name)
    if not applied:
        for name in ("insert", "shuffle", "respell-numbers", "attr-order"):
            if MUTATIONS[name][0](ctx):
                applied.append(name)
                break
    name_el = ET.Element("name")
    name_el.text = PREFIX + ident
    root.insert(0, name_el)
    out = serialize(root, ctx.style, "mutate.py seed %d case %d from %s" % (seed, n, label))
    ET.fromstring(out)  # well-formed, or fail loudly
    return ident, ctx.fam or fam, ",".join(applied), fault or "none", out


def draw_cases(seed, count, sources):
    width = max(4, len(str(count)))
    return [draw_case(seed, n, sources, width) for n in range(1, count + 1)]


def summary(rows, top=0):
    out = []
    acc = sum(1 for r in rows if r[4] == "accepted")
    out.append("%d cases: %d accepted, %d rejected" % (len(rows), acc, len(rows) - acc))

    for title, key in (("machine", lambda r: [r[1]]), ("mutation (any position)", lambda r: sorted(set(r[2].split(",")))),
                       ("fault", lambda r: [r[3]])):
        out.append("")
        out += table(rows, title, key, 28)
    if top:
        msgs = collections.Counter(shape(r[5]) for r in rows if r[4] != "accepted")
        out.append("")
        out.append("rejection messages (numbers and quoted names replaced):")
        for m, k in msgs.most_common(top):
            out.append("%5d  %s" % (k, m[:150]))
    return "\n".join(out)


def main():
    ap = cli.parser(__doc__, first_line=True)
    cli.add_run(ap, 1500, uri=False)
    ap.add_argument("--corpora", default="", help="comma-separated corpus directories (default: every "
                    "src/test/resources/libvirt/corpus*)")
    cli.add_judging(ap)
    cli.add_summarize(ap)
    args = ap.parse_args()
    if args.summarize:
        rows = read_manifest(args.out)
        print(summary(rows, top=30))
        return
    corpora = [c for c in args.corpora.split(",") if c] or default_corpora()
    sources = load_sources(corpora)
    if not any(sources.values()):
        raise SystemExit("no accepted domains in " + ", ".join(corpora))
    print("sources: " + ", ".join("%s %d" % (f, len(sources[f])) for f in FAMILIES), file=sys.stderr)
    cases = draw_cases(args.seed, args.count, sources)
    rows = judge_and_write(cases, args.out, PREFIX, args.workers, args.dry_run)
    if rows is not None:
        print(summary(rows, top=30))


if __name__ == "__main__":
    main()
