#!/usr/bin/env python3
"""Device-class corpus generator for addralloc: the device classes the other generators never drew.

Every verdict, message and output comes from the live libvirt 9.0.0 + QEMU 7.2 daemon
(`virsh -c qemu:///system define` / `dumpxml --inactive` / `undefine`, through `corpuslib`);
the generator only draws inputs and never predicts a verdict.

Usage (from the repository root; the daemon must answer on qemu:///system, with the s390x,
ppc64 and aarch64 emulators: ../shared/libvirt/start-libvirtd.sh all):
    classgen.py --seed 1 --count 1500 --out src/test/resources/libvirt/corpus-classgen
    classgen.py --seed 2 --count 1500 --out /tmp/classgen-seed2
    classgen.py --seed 3 --count 200 --out /tmp/cg --only hostdev-scsi,consoles
    classgen.py --out DIR --summarize     (print the summary of DIR/manifest.tsv)
    (--workers N: parallel virsh sessions, default 4; --dry-run: write the inputs only)
OUT/cases is replaced; only domains named addralloc-cg-* are ever defined or removed.

Output (the layout of tools/libvirt-corpus/README.md): OUT/manifest.tsv with the header
`id machine kind fault verdict message`, OUT/cases/<id>/input.xml (exactly what was defined, as
domain `addralloc-cg-<id>`, `<domain type='qemu'>`, no `<uuid>`), OUT/cases/<id>/output.xml
(`virsh dumpxml --inactive`, accepted cases only). `machine` is the family (pc, q35, s390x,
pseries, virt); the input holds the exact machine (aliases, versioned names, i686 guests, and
now and then a machine QEMU 7.2 lacks, with fault `machine-unknown`). `kind` is the recipe,
`fault` the one injected fault (`none` for clean cases, which still may be rejected).

Each case draws its own random generator from (seed, case number), so the same seed gives
byte-identical inputs and manifest whatever the number of workers (outputs differ only in the
`<uuid>` libvirt makes up).

Recipes (kind):
  hostdev-pci       PCI hostdevs and <interface type='hostdev'>, managed/rom/driver, unassigned
                    and explicit guest addresses, multifunction host functions; faults: same host
                    address twice (hostdev+hostdev, hostdev+interface), same guest address, usb /
                    drive / ccw / virtio-serial / zpci addresses, source function 8, USB source
                    on an interface hostdev.
  hostdev-usb       USB hostdevs (vendor/product, bus/device) on uhci/ehci/xhci/hubs, some pinned;
                    faults: pci/drive/ccw address, duplicate or missing port, port beyond the
                    controller, missing bus, usb model none, the same host device twice.
  hostdev-scsi      SCSI hostdevs (scsi_host adapters and iSCSI) with lsilogic / lsisas1068 /
                    virtio-scsi / ibmvscsi / no controller, explicit indexes or not, SCSI disks
                    named sdX or pinned; faults: same source twice, same drive address, target
                    name conflict, missing controller, unit/target/bus out of range, pci/usb
                    address.
  hostdev-vhost     vhost-scsi (type='scsi_host', wwpn) with models and addresses; faults: same
                    wwpn, bad wwpn, drive/usb/ccw address.
  hostdev-mdev      mdev vfio-pci (all machines), vfio-ccw and vfio-ap (s390x); faults: same
                    uuid twice, drive/usb/ccw/pci address on the wrong model, vfio-ccw/vfio-ap
                    off s390x, two vfio-ap, bad uuid.
  hostdev-mixed     every hostdev type at once; faults: the duplicates and foreign addresses
                    above.
  pci-options       PCI controllers with <model name>, <target chassis port chassisNr busNr
                    hotplug>, <node> (with <cpu><numa>); faults: wrong/unknown model names,
                    values out of range, options a model does not take, bad values.
  pci-topology      pxb (pc), pxb-pcie (q35, virt), PCIe switches, dmi-to-pci-bridge +
                    pci-bridge chains, pcie-to-pci-bridge, root ports with/without addresses and
                    targets, hotplug='off', devices behind them; faults: devices on ports that do
                    not take them, expander buses on the wrong machine, busNr clashes, ...
  foreign-address   one device with an address type it cannot have (or, clean, the right one).
  unknown-elements  <crypto> and <pstore> (later releases; libvirt 9.0 ignores them) with and
                    without addresses, also colliding ones.
  consoles          consoles and serials of every target type, port and address, on every
                    machine; faults: wrong target types for the machine, foreign addresses,
                    duplicate ports, ...
  usb-topology      ich9 EHCI + UHCI companions with/without index and <master startport>,
                    xhci ports 1-20, hub chains, many USB devices; faults: ports out of range,
                    companions without master, missing hubs/buses, ...
  memory-devices    <maxMemory slots> with NUMA, dimm / nvdimm / virtio-mem / virtio-pmem, slot
                    numbers; faults: too many, duplicate/out-of-range slots, no maxMemory/NUMA,
                    foreign addresses, bad nodes.
  zero-pci          <address type='pci'/>, all-zero and slot-0-with-function PCI addresses.
  disk-targets      disks without bus, odd targets, no target.
  misc-devices      vsock, iommu, tpm, nvram, sound codecs, shmem, virtiofs/9p, virtio inputs,
                    redirdev + redirfilter, audio, watchdog, rng, memballoon, panic, video.
  machine-defaults  no devices at all, explicit controllers in odd orders, index games.

Python 3 standard library only.
"""

import collections
import random
import re
import xml.etree.ElementTree as ET

from corpuslib import cli
from corpuslib.corpus import judge_and_write, read_manifest, table
from corpuslib.messages import shape
from corpuslib.mix import wpick
from corpuslib.xmlbuild import disk_suffix

PREFIX = "addralloc-cg-"
FAMILIES = ["pc", "q35", "s390x", "pseries", "virt"]
ARCH = {"pc": "x86_64", "q35": "x86_64", "s390x": "s390x", "pseries": "ppc64", "virt": "aarch64"}
MACHINES = {
    "pc": [("pc", 55), ("pc-i440fx-7.2", 20), ("pc-i440fx-5.2", 8), ("pc-i440fx-2.12", 5),
           ("pc-i440fx-4.0", 4), ("pc-i440fx-1.4", 3)],
    "q35": [("q35", 55), ("pc-q35-7.2", 20), ("pc-q35-5.2", 8), ("pc-q35-2.12", 5),
            ("pc-q35-4.0.1", 4), ("pc-q35-2.4", 3)],
    "s390x": [("s390-ccw-virtio", 75), ("s390-ccw-virtio-7.2", 15), ("s390-ccw-virtio-4.0", 10)],
    "pseries": [("pseries", 75), ("pseries-7.2", 15), ("pseries-5.0", 10)],
    "virt": [("virt", 75), ("virt-7.2", 15), ("virt-6.2", 10)],
}
UNKNOWN_MACHINES = {"pc": ["pc-0.12", "pc-1.0", "pc-i440fx-8.1"],
                    "q35": ["pc-q35-1.4", "pc-q35-2.0", "pc-q35-8.1"]}


# --------------------------------------------------------------------------------------------
# address spellings


def h2(n):
    return "0x%02x" % n if isinstance(n, int) else str(n)


def pci(bus=0, slot=0, fn=0, mf=None, dom=0, zpci=None):
    a = "<address type='pci' domain='%s' bus='%s' slot='%s' function='%s'%s" % (
        "0x%04x" % dom if isinstance(dom, int) else dom, h2(bus), h2(slot),
        "0x%x" % fn if isinstance(fn, int) else fn, " multifunction='%s'" % mf if mf else "")
    if zpci:
        return a + "><zpci uid='0x%04x' fid='0x%08x'/></address>" % zpci
    return a + "/>"


def drive(ctrl=0, bus=0, target=0, unit=0):
    return "<address type='drive' controller='%s' bus='%s' target='%s' unit='%s'/>" % (ctrl, bus, target, unit)


def usba(bus=0, port=1):
    return "<address type='usb' bus='%s' port='%s'/>" % (bus, port)


def ccw(devno, ssid=0, cssid=0xfe):
    return "<address type='ccw' cssid='0x%02x' ssid='0x%x' devno='0x%04x'/>" % (cssid, ssid, devno)


def vio(reg):
    return "<address type='spapr-vio' reg='0x%x'/>" % reg


def vsa(ctrl=0, bus=0, port=1):
    return "<address type='virtio-serial' controller='%s' bus='%s' port='%s'/>" % (ctrl, bus, port)


def isa(iobase=None, irq=None):
    s = "<address type='isa'"
    if iobase is not None:
        s += " iobase='0x%x'" % iobase
    if irq is not None:
        s += " irq='0x%x'" % irq
    return s + "/>"


def dimma(slot=None, base=None):
    s = "<address type='dimm'"
    if slot is not None:
        s += " slot='%s'" % slot
    if base is not None:
        s += " base='0x%x'" % base
    return s + "/>"


def ccida(ctrl=0, slot=0):
    return "<address type='ccid' controller='%s' slot='%s'/>" % (ctrl, slot)


# --------------------------------------------------------------------------------------------
# a domain under construction


class G:
    def __init__(self, rng, fam):
        self.r = rng
        self.fam = fam
        self.arch = ARCH[fam]
        self.machine = wpick(rng, MACHINES[fam])
        if fam in ("pc", "q35") and rng.random() < 0.08:
            self.arch = "i686"
        self.fault = "none"
        self.applied = False
        self.devs = []
        self.memory = 262144
        self.maxmem = None          # (slots, KiB)
        self.numa = None            # number of cells
        self.features = []
        self.membacking = False
        self.vcpu = 1
        self.no_devices = False
        self.n = collections.Counter()
        self.used_slots = set()

    # randomness
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(list(seq))

    def rint(self, a, b):
        return self.r.randint(a, b)

    # families
    @property
    def x86(self):
        return self.fam in ("pc", "q35")

    @property
    def pcie(self):
        return self.fam in ("q35", "virt")

    def hit(self, *names):
        """True (and marks the fault applied) when the drawn fault is one of names."""
        if self.fault in names:
            self.applied = True
            return True
        return False

    # devices
    def add(self, xml):
        el = ET.fromstring(xml)
        self.devs.append(el)
        return el

    def insert(self, pos, xml):
        el = ET.fromstring(xml)
        self.devs.insert(pos, el)
        return el

    def mac(self):
        self.n["mac"] += 1
        return "52:54:00:%02x:%02x:%02x" % (self.rint(0, 255), self.rint(0, 255), self.n["mac"] % 256)

    def img(self):
        self.n["img"] += 1
        return "/var/lib/libvirt/images/cg%d.img" % self.n["img"]

    def uuid(self):
        b = self.r.getrandbits(128)
        s = "%032x" % b
        return "%s-%s-4%s-8%s-%s" % (s[0:8], s[8:12], s[13:16], s[17:20], s[20:32])

    def slot(self, lo=None):
        """A free slot on bus 0 for an explicitly addressed endpoint."""
        lo = lo if lo is not None else {"pc": 3, "q35": 2, "virt": 2, "pseries": 1, "s390x": 1}[self.fam]
        hi = 0x1e if self.fam == "q35" else 0x1f
        free = [s for s in range(lo, hi + 1) if s not in self.used_slots]
        s = self.pick(free)
        self.used_slots.add(s)
        return s

    def pciaddr(self, zp=True):
        """An explicit bus-0 PCI address valid for an endpoint on this machine."""
        z = None
        if self.fam == "s390x" and zp and self.chance(0.4):
            self.n["zpci"] += 1
            z = (0x20 + self.n["zpci"], 0x40 + self.n["zpci"])
        return pci(0, self.slot(), 0, zpci=z)

    def vd(self):
        self.n["vd"] += 1
        return "vd" + disk_suffix(self.n["vd"] - 1)

    def vdisk(self, addr=""):
        return self.add("<disk type='file' device='disk'><source file='%s'/><target dev='%s' bus='virtio'/>%s</disk>"
                        % (self.img(), self.vd(), addr))

    def nic(self, model=None, addr=""):
        if model is None:
            model = self.pick(["virtio", "virtio", "e1000", "rtl8139"]) if self.fam != "s390x" else "virtio"
            if self.fam == "q35" and self.chance(0.3):
                model = "e1000e"
        return self.add("<interface type='user'><mac address='%s'/><model type='%s'/>%s</interface>"
                        % (self.mac(), model, addr))

    def filler(self, lo=0, hi=2):
        for _ in range(self.rint(lo, hi)):
            if self.chance(0.5):
                self.vdisk()
            else:
                self.nic()

    def ccwdevno(self):
        while True:
            d = self.rint(1, 0xfff0)
            if d not in self.used_slots:
                self.used_slots.add(d)
                return d

    # text
    def text(self, ident):
        root = ET.Element("domain", {"type": "qemu"})
        ET.SubElement(root, "name").text = PREFIX + ident
        ET.SubElement(root, "memory", {"unit": "KiB"}).text = str(self.memory)
        if self.maxmem:
            ET.SubElement(root, "maxMemory", {"slots": str(self.maxmem[0]), "unit": "KiB"}).text = str(self.maxmem[1])
        if self.membacking:
            mb = ET.SubElement(root, "memoryBacking")
            ET.SubElement(mb, "source", {"type": "memfd"})
            ET.SubElement(mb, "access", {"mode": "shared"})
        ET.SubElement(root, "vcpu").text = str(self.vcpu)
        os_ = ET.SubElement(root, "os")
        ET.SubElement(os_, "type", {"arch": self.arch, "machine": self.machine}).text = "hvm"
        if self.features:
            f = ET.SubElement(root, "features")
            for name in self.features:
                if name == "ioapic":
                    ET.SubElement(f, "ioapic", {"driver": "qemu"})
                else:
                    ET.SubElement(f, name)
        if self.fam == "virt" or self.numa:
            cpu = ET.SubElement(root, "cpu", {"mode": "custom"} if self.fam == "virt" else {})
            if self.fam == "virt":
                ET.SubElement(cpu, "model").text = "cortex-a57"
            if self.numa:
                numa = ET.SubElement(cpu, "numa")
                per = self.memory // self.numa
                for c in range(self.numa):
                    ET.SubElement(numa, "cell", {"id": str(c), "cpus": str(c), "memory": str(per), "unit": "KiB"})
        if not self.no_devices:
            devs = ET.SubElement(root, "devices")
            for d in self.devs:
                devs.append(d)
        ET.indent(root, space="  ")
        return ET.tostring(root, encoding="unicode") + "\n"

    def set_numa(self, cells=None):
        self.numa = cells or self.pick([1, 1, 2])
        self.vcpu = max(self.vcpu, self.numa)
        self.memory = 262144 * self.numa if self.fam != "pseries" else 524288 * self.numa



RECIPES = collections.OrderedDict()


class Recipe:
    def __init__(self, name, fn, weight, fams, pfault, faults):
        self.name, self.fn, self.weight, self.fams, self.pfault = name, fn, weight, fams, pfault
        self.faults = faults  # list of (name, families or None)

    def faults_for(self, fam):
        return [f for f, fs in self.faults if fs is None or fam in fs]


def recipe(name, weight, fams, pfault, faults):
    def deco(fn):
        RECIPES[name] = Recipe(name, fn, weight, fams, pfault, faults)
        return fn
    return deco


X86 = ("pc", "q35")
NOT390 = ("pc", "q35", "pseries", "virt")
USBFAMS = ("pc", "q35", "pseries", "virt")

# --------------------------------------------------------------------------------------------
# hostdevs


def host_pci_sources(g, n):
    seen = set()
    out = []
    while len(out) < n:
        a = (g.rint(1, 0x3f), g.rint(0, 0x1f), g.pick([0, 0, 0, 1, 2, 3, 7]))
        if a not in seen:
            seen.add(a)
            out.append(a)
    return out


def host_src(a, fn=None):
    return "<source><address domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/></source>" % (
        a[0], a[1], a[2] if fn is None else fn)


def pci_hostdev(g, src, addr="", extra=None):
    managed = g.pick(["", " managed='yes'", " managed='no'"])
    inner = host_src(src) if isinstance(src, tuple) else src
    if extra is None:
        extra = ""
        if g.chance(0.2):
            extra += "<driver name='vfio'/>"
        if g.chance(0.15):
            extra += "<rom bar='%s'/>" % g.pick(["on", "off"])
    return "<hostdev mode='subsystem' type='pci'%s>%s%s%s</hostdev>" % (managed, inner, extra, addr)


def iface_hostdev(g, src, addr=""):
    inner = host_src(src).replace("<address ", "<address type='pci' ") if isinstance(src, tuple) else src
    return "<interface type='hostdev' managed='yes'><mac address='%s'/>%s%s</interface>" % (g.mac(), inner, addr)


def guest_pci_explicit(g):
    return g.pciaddr()


FOREIGN = {
    "usb": lambda g: usba(0, g.rint(1, 2)),
    "drive": lambda g: drive(0, 0, 0, g.rint(0, 3)),
    "ccw": lambda g: ccw(g.rint(1, 0x100)),
    "virtio-serial": lambda g: vsa(0, 0, g.rint(1, 3)),
    "pci": lambda g: pci(0, g.slot()),
    "isa": lambda g: isa(0x300),
    "dimm": lambda g: dimma(0),
    "spapr-vio": lambda g: vio(0x5000),
    "ccid": lambda g: ccida(0, 0),
    "virtio-mmio": lambda g: "<address type='virtio-mmio'/>",
    "unassigned": lambda g: "<address type='unassigned'/>",
}


@recipe("hostdev-pci", 7, [("pc", 30), ("q35", 30), ("s390x", 10), ("pseries", 15), ("virt", 15)], 0.4, [
    ("dup-host-pci", None), ("dup-host-pci-iface", None), ("dup-guest-pci", None),
    ("usb-address", None), ("drive-address", None), ("ccw-address", NOT390),
    ("virtio-serial-address", None), ("zpci-off-s390", NOT390), ("source-function-8", None),
    ("iface-usb-source", None), ("iface-unassigned", None), ("guest-slot-0x20", None)])
def r_hostdev_pci(g):
    n = g.rint(1, 4)
    srcs = host_pci_sources(g, n + 2)
    placed = []  # (kind, src, addr)
    for i in range(n):
        kind = "iface" if g.chance(0.25) else "hostdev"
        r = g.r.random()
        addr = ""
        if r < 0.35:
            addr = guest_pci_explicit(g)
        elif r < 0.42 and kind == "hostdev":
            addr = "<address type='unassigned'/>"
        placed.append([kind, srcs[i], addr])
    if g.chance(0.15):  # a multifunction host slot passed as a multifunction guest slot
        hb, hs = srcs[-1][0], srcs[-1][1]
        s = g.slot()
        k = g.rint(2, 4)
        for fn in range(k):
            placed.append(["hostdev", (hb, hs, fn), pci(0, s, fn, mf="on" if fn == 0 else None)])
    g.filler(0, 2)
    if g.hit("dup-host-pci"):
        placed.append(["hostdev", placed[0][1], ""])
    elif g.hit("dup-host-pci-iface"):
        placed.append(["iface" if placed[0][0] == "hostdev" else "hostdev", placed[0][1], ""])
    elif g.hit("dup-guest-pci"):
        a = placed[0][2] if placed[0][2].startswith("<address type='pci'") else None
        if a is None:
            a = guest_pci_explicit(g)
            placed[0][2] = a
        placed.append(["hostdev", srcs[n], a])
    elif g.hit("usb-address", "drive-address", "ccw-address", "virtio-serial-address"):
        placed[0][2] = FOREIGN[g.fault.replace("-address", "")](g)
    elif g.hit("zpci-off-s390"):
        placed[0][2] = pci(0, g.slot(), 0, zpci=(1, 1))
    elif g.hit("source-function-8"):
        placed[0][1] = (placed[0][1][0], placed[0][1][1], 8)
    elif g.hit("iface-usb-source"):
        placed.append(["iface", "<source><address type='usb' bus='1' device='2'/></source>", ""])
    elif g.hit("iface-unassigned"):
        placed.append(["iface", srcs[n], "<address type='unassigned'/>"])
    elif g.hit("guest-slot-0x20"):
        placed[0][2] = pci(0, 0x20)
    for kind, src, addr in placed:
        g.add(iface_hostdev(g, src, addr) if kind == "iface" else pci_hostdev(g, src, addr))


def usb_src(g, style, i):
    if style == "vp":
        return "<source><vendor id='0x%04x'/><product id='0x%04x'/></source>" % (0x046d + i, g.rint(1, 0xfffe))
    return "<source><address bus='%d' device='%d'/></source>" % (g.rint(1, 4), 2 + i * 3)


def usb_hostdev(g, src, addr="", policy=True):
    sp = " startupPolicy='%s'" % g.pick(["optional", "requisite", "mandatory"]) if policy and g.chance(0.2) else ""
    if sp:
        src = src.replace("<source>", "<source%s>" % sp, 1)
    return "<hostdev mode='subsystem' type='usb'%s>%s%s</hostdev>" % (
        g.pick(["", " managed='no'", " managed='yes'"]), src, addr)


def usb_controller_setup(g, allow_none=True):
    """Adds USB controller(s); returns the ports of bus 0 (None when unknown/default)."""
    f = g.fam
    choices = ["xhci", "xhci-ports", "nec", "ehci", "two"]
    if f in X86:
        choices += ["uhci", "ich9"]
    if allow_none and f != "s390x":
        choices += ["default", "default"]
    c = g.pick(choices)
    if c == "default":
        return {"pc": 2, "q35": 4, "pseries": 4, "virt": None}[f]
    if c == "xhci":
        g.add("<controller type='usb' index='0' model='qemu-xhci'/>")
        return 4
    if c == "xhci-ports":
        p = g.rint(1, 15)
        g.add("<controller type='usb' index='0' model='qemu-xhci' ports='%d'/>" % p)
        return p
    if c == "nec":
        p = g.rint(2, 15)
        g.add("<controller type='usb' index='0' model='nec-xhci' ports='%d'/>" % p)
        return p
    if c == "ehci":
        g.add("<controller type='usb' index='0' model='%s'/>" % ("ich9-ehci1" if f in X86 else "qemu-xhci"))
        return 6 if f in X86 else 4
    if c == "uhci":
        g.add("<controller type='usb' index='0' model='%s'/>" % g.pick(["piix3-uhci", "piix4-uhci"]))
        return 2
    if c == "ich9":
        g.add("<controller type='usb' index='0' model='ich9-ehci1'/>")
        for k in (1, 2, 3):
            g.add("<controller type='usb' index='0' model='ich9-uhci%d'><master startport='%d'/></controller>" % (k, 2 * (k - 1)))
        return 6
    # two controllers
    g.add("<controller type='usb' index='0' model='qemu-xhci' ports='8'/>")
    g.add("<controller type='usb' index='1' model='%s'/>" % ("piix3-uhci" if f in X86 else "nec-xhci"))
    return 8


@recipe("hostdev-usb", 6, [("pc", 30), ("q35", 30), ("s390x", 8), ("pseries", 15), ("virt", 17)], 0.4, [
    ("pci-address", None), ("drive-address", None), ("ccw-address", NOT390), ("dup-usb-port", None),
    ("port-beyond", None), ("bus-missing", None), ("usb-none", None), ("dup-vendor-product", None),
    ("dup-bus-device", None), ("port-zero", None), ("hub-port-missing", None)])
def r_hostdev_usb(g):
    ports = usb_controller_setup(g, allow_none=g.fam != "virt")
    n = g.rint(1, 7)
    devs = []
    pinned = set()
    for i in range(n):
        style = g.pick(["vp", "vp", "bd"])
        addr = ""
        if ports and n + 1 <= ports and g.chance(0.3):
            p = g.rint(1, ports)
            if p not in pinned:
                pinned.add(p)
                addr = usba(0, p)
        devs.append([usb_src(g, style, i), addr])
    if g.chance(0.3):
        g.add("<input type='tablet' bus='usb'/>")
    if g.chance(0.2) and g.fam != "s390x":
        g.add("<hub type='usb'/>")
    g.filler(0, 1)
    if g.hit("pci-address", "drive-address", "ccw-address"):
        devs[0][1] = FOREIGN[g.fault.replace("-address", "")](g)
    elif g.hit("dup-usb-port"):
        p = 1 if not pinned else min(pinned)
        devs[0][1] = usba(0, p)
        devs.append([usb_src(g, "vp", 40), usba(0, p)])
    elif g.hit("port-beyond"):
        devs[0][1] = usba(0, (ports or 15) + 1)
    elif g.hit("bus-missing"):
        devs[0][1] = usba(3, 1)
    elif g.hit("usb-none"):
        g.devs = [d for d in g.devs if not (d.tag == "controller" and d.get("type") == "usb")]
        g.insert(0, "<controller type='usb' index='0' model='none'/>")
    elif g.hit("dup-vendor-product"):
        devs.append(["<source><vendor id='0x1d6b'/><product id='0x0104'/></source>", ""])
        devs.append(["<source><vendor id='0x1d6b'/><product id='0x0104'/></source>", ""])
    elif g.hit("dup-bus-device"):
        devs.append(["<source><address bus='2' device='5'/></source>", ""])
        devs.append(["<source><address bus='2' device='5'/></source>", ""])
    elif g.hit("port-zero"):
        devs[0][1] = usba(0, 0)
    elif g.hit("hub-port-missing"):
        devs[0][1] = usba(0, "%d.3" % g.rint(1, 2))
    for src, addr in devs:
        g.add(usb_hostdev(g, src, addr))


SCSI_UNITS = {"lsilogic": 7, "lsisas1068": 2, "virtio-scsi": 16384, "ibmvscsi": 64, "auto": 7}


def scsi_models(g):
    if g.fam == "pseries":
        return ["ibmvscsi", "virtio-scsi", "lsilogic"]
    if g.fam == "s390x":
        return ["virtio-scsi"]
    return ["lsilogic", "lsisas1068", "virtio-scsi"]


def scsi_hostdev(g, src, addr="", flags=True):
    extra = ""
    if flags and g.chance(0.15):
        extra += "<readonly/>"
    if flags and g.chance(0.15):
        extra += "<shareable/>"
    sgio = " sgio='filtered'" if flags and g.chance(0.1) else ""
    return "<hostdev mode='subsystem' type='scsi'%s>%s%s%s</hostdev>" % (sgio, src, extra, addr)


def scsi_src(t):
    if t[0] == "iscsi":
        return ("<source protocol='iscsi' name='iqn.2014-08.com.example:storage/%d'>"
                "<host name='example.org' port='3260'/></source>" % t[1])
    return "<source><adapter name='scsi_host%d'/><address bus='%d' target='%d' unit='%d'/></source>" % t


def scsi_sources(g, n):
    seen, out = set(), []
    while len(out) < n:
        t = ("iscsi", g.rint(1, 9)) if g.chance(0.12) else (g.rint(0, 2), 0, g.rint(0, 3), g.rint(0, 7))
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


@recipe("hostdev-scsi", 8, [("pc", 32), ("q35", 32), ("s390x", 12), ("pseries", 12), ("virt", 12)], 0.4, [
    ("dup-source", None), ("dup-drive-address", None), ("target-name-conflict", None),
    ("controller-missing", None), ("unit-beyond", None), ("target-nonzero", None),
    ("bus-nonzero", None), ("pci-address", None), ("usb-address", None),
    ("controller-index-gap", None), ("controller-not-scsi", X86)])
def r_hostdev_scsi(g):
    # controllers
    mode = g.pick(["none", "one", "one", "one-noindex", "two"])
    models = []
    if mode == "one":
        m = g.pick(scsi_models(g))
        g.add("<controller type='scsi' index='0' model='%s'/>" % m)
        models = [m]
    elif mode == "one-noindex":
        m = g.pick(scsi_models(g))
        g.add("<controller type='scsi' model='%s'/>" % m)
    elif mode == "two":
        m0, m1 = g.pick(scsi_models(g)), g.pick(scsi_models(g))
        g.add("<controller type='scsi' index='0' model='%s'/>" % m0)
        g.add("<controller type='scsi' index='1' model='%s'/>" % m1)
        models = [m0, m1]
    n = g.rint(1, 10) if g.chance(0.75) else g.rint(11, 24)
    srcs = scsi_sources(g, n + 2)
    hds = [[scsi_src(s), ""] for s in srcs[:n]]
    # disks named sdX (auto address) or pinned
    ndisks = g.rint(0, 3)
    letters = sorted(g.r.sample(range(0, 16), ndisks))
    disks = []
    pinned = set()
    for li in letters:
        disks.append(["sd" + disk_suffix(li), ""])
    # pin some hostdevs / disks at the top units of known controllers
    implied = {(li // 7, li % 7) for li in letters}  # libvirt's drive address for a name: index // 7, index % 7
    if models:
        for item in hds + disks:
            if g.chance(0.3):
                c = g.rint(0, len(models) - 1)
                units = min(SCSI_UNITS[models[c]], 16)
                u = units - 1 - g.rint(0, min(2, units - 1))
                if (c, u) not in pinned and (c, u) not in implied and not (models[c] == "lsisas1068" and u < 1):
                    pinned.add((c, u))
                    item[1] = drive(c, 0, 0, u)
    g.filler(0, 1)
    if g.hit("dup-source"):
        hds.append([scsi_src(srcs[0]), ""])
    elif g.hit("dup-drive-address"):
        a = drive(0, 0, 0, 0)
        hds[0][1] = a
        if disks:
            disks[0][1] = a
        else:
            hds.append([scsi_src(srcs[n]), a])
    elif g.hit("target-name-conflict"):
        if not disks:
            disks.append(["sda", ""])
        disks[0][1] = ""
        li = ord(disks[0][0][2]) - ord("a")
        u = SCSI_UNITS[models[0]] if models else 7
        hds[0][1] = drive(li // min(u, 7) if u <= 7 else 0, 0, 0, li % u if u <= 7 else li)
    elif g.hit("controller-missing"):
        hds[0][1] = drive(g.rint(3, 6), 0, 0, 0)
    elif g.hit("unit-beyond"):
        m = models[0] if models else "lsilogic"
        hds[0][1] = drive(0, 0, 0, {"lsilogic": 7, "lsisas1068": 2, "virtio-scsi": 16384, "ibmvscsi": 64}[m])
    elif g.hit("target-nonzero"):
        hds[0][1] = drive(0, 0, g.rint(1, 7), 0)
    elif g.hit("bus-nonzero"):
        hds[0][1] = drive(0, 1, 0, 0)
    elif g.hit("pci-address"):
        hds[0][1] = pci(0, g.slot())
    elif g.hit("usb-address"):
        hds[0][1] = usba(0, 1)
    elif g.hit("controller-index-gap"):
        g.add("<controller type='scsi' index='4' model='%s'/>" % g.pick(scsi_models(g)))
        hds[0][1] = drive(4, 0, 0, 1)
    elif g.hit("controller-not-scsi"):
        g.add("<controller type='sata' index='2'/>")
        hds[0][1] = drive(2, 0, 0, 0)
    for tgt, addr in disks:
        g.add("<disk type='file' device='disk'><source file='%s'/><target dev='%s' bus='scsi'/>%s</disk>"
              % (g.img(), tgt, addr))
    for src, addr in hds:
        g.add(scsi_hostdev(g, src, addr))
    if g.chance(0.3):
        g.r.shuffle(g.devs)


def wwpn(g):
    return "naa.5001405%09x" % g.r.getrandbits(36)


@recipe("hostdev-vhost", 3, [("pc", 30), ("q35", 30), ("s390x", 15), ("pseries", 15), ("virt", 10)], 0.4, [
    ("dup-wwpn", None), ("bad-wwpn", None), ("drive-address", None), ("usb-address", None),
    ("ccw-address", NOT390), ("protocol-missing", None)])
def r_hostdev_vhost(g):
    n = g.rint(1, 4)
    items = []
    for _ in range(n):
        model = g.pick(["", "", " model='virtio'", " model='virtio-transitional'", " model='virtio-non-transitional'"])
        addr = ""
        if g.chance(0.3):
            addr = ccw(g.ccwdevno()) if g.fam == "s390x" and g.chance(0.7) else g.pciaddr()
        items.append([model, "<source protocol='vhost' wwpn='%s'/>" % wwpn(g), addr])
    g.filler(0, 2)
    if g.hit("dup-wwpn"):
        items.append(["", items[0][1], ""])
    elif g.hit("bad-wwpn"):
        items[0][1] = "<source protocol='vhost' wwpn='%s'/>" % g.pick(["wwn.5001405012345678", "naa.50014050zz", "naa.123"])
    elif g.hit("drive-address", "usb-address", "ccw-address"):
        items[0][2] = FOREIGN[g.fault.replace("-address", "")](g)
    elif g.hit("protocol-missing"):
        items[0][1] = items[0][1].replace(" protocol='vhost'", "")
    for model, src, addr in items:
        g.add("<hostdev mode='subsystem' type='scsi_host'%s>%s%s</hostdev>" % (model, src, addr))


def mdev(g, model, uuid, addr="", extra=""):
    return "<hostdev mode='subsystem' type='mdev' model='%s'%s><source><address uuid='%s'/></source>%s</hostdev>" % (
        model, extra, uuid, addr)


@recipe("hostdev-mdev", 5, [("pc", 20), ("q35", 30), ("s390x", 35), ("pseries", 5), ("virt", 10)], 0.4, [
    ("dup-uuid", None), ("drive-address", None), ("usb-address", None), ("ccw-on-vfio-pci", NOT390),
    ("vfio-ccw-off-s390", NOT390), ("vfio-ap-off-s390", NOT390), ("vfio-ap-with-address", ("s390x",)),
    ("two-vfio-ap", ("s390x",)), ("vfio-ccw-pci-address", ("s390x",)), ("bad-uuid", None),
    ("model-missing", None), ("display-on-no-graphics", X86)])
def r_hostdev_mdev(g):
    items = []  # [model, uuid, addr, extra]
    if g.fam == "s390x":
        for _ in range(g.rint(1, 3)):
            items.append(["vfio-ccw", g.uuid(), ccw(g.ccwdevno()) if g.chance(0.35) else "", ""])
        if g.chance(0.5):
            items.append(["vfio-ap", g.uuid(), "", ""])
        if g.chance(0.3):
            items.append(["vfio-pci", g.uuid(), g.pciaddr() if g.chance(0.3) else "", ""])
    else:
        for _ in range(g.rint(1, 3)):
            extra = g.pick(["", "", " display='off'"])
            items.append(["vfio-pci", g.uuid(), g.pciaddr() if g.chance(0.35) else "", extra])
    g.filler(0, 2)
    if g.hit("dup-uuid"):
        items.append([items[0][0], items[0][1], "", ""])
    elif g.hit("drive-address", "usb-address"):
        items[0][2] = FOREIGN[g.fault.replace("-address", "")](g)
    elif g.hit("ccw-on-vfio-pci"):
        items[0][2] = ccw(0x10)
    elif g.hit("vfio-ccw-off-s390"):
        items.append(["vfio-ccw", g.uuid(), "", ""])
    elif g.hit("vfio-ap-off-s390"):
        items.append(["vfio-ap", g.uuid(), "", ""])
    elif g.hit("vfio-ap-with-address"):
        items.append(["vfio-ap", g.uuid(), ccw(g.ccwdevno()), ""])
    elif g.hit("two-vfio-ap"):
        items.append(["vfio-ap", g.uuid(), "", ""])
        items.append(["vfio-ap", g.uuid(), "", ""])
    elif g.hit("vfio-ccw-pci-address"):
        items.append(["vfio-ccw", g.uuid(), pci(0, g.slot()), ""])
    elif g.hit("bad-uuid"):
        items[0][1] = "c2177883-f1bb-47f0-914d-32a22e3a88zz"
    elif g.hit("model-missing"):
        g.add("<hostdev mode='subsystem' type='mdev'><source><address uuid='%s'/></source></hostdev>" % g.uuid())
    elif g.hit("display-on-no-graphics"):
        items[0][3] = " display='on'"
    for model, uuid, addr, extra in items:
        g.add(mdev(g, model, uuid, addr, extra))


@recipe("hostdev-mixed", 4, [("pc", 40), ("q35", 40), ("pseries", 8), ("virt", 12)], 0.45, [
    ("dup-host-pci", None), ("dup-host-pci-iface", None), ("dup-mdev-uuid", None),
    ("dup-scsi-source", None), ("dup-wwpn", None), ("usb-hostdev-pci-address", None),
    ("mdev-drive-address", None), ("pci-hostdev-usb-address", None), ("scsi-hostdev-usb-address", None),
    ("vhost-drive-address", None), ("usb-hostdev-drive-address", None)])
def r_hostdev_mixed(g):
    psrc = host_pci_sources(g, 3)
    ssrc = scsi_sources(g, 5)
    lists = collections.OrderedDict()
    lists["pci"] = [[s, ""] for s in psrc[:g.rint(1, 2)]]
    lists["iface"] = [[psrc[2], ""]] if g.chance(0.5) else []
    lists["usb"] = [[usb_src(g, g.pick(["vp", "bd"]), i), ""] for i in range(g.rint(1, 3))]
    lists["scsi"] = [[scsi_src(s), ""] for s in ssrc[:g.rint(1, 4)]]
    lists["vhost"] = [["<source protocol='vhost' wwpn='%s'/>" % wwpn(g), ""] for _ in range(g.rint(0, 2))]
    lists["mdev"] = [[g.uuid(), ""] for _ in range(g.rint(0, 2))]
    if g.chance(0.3):
        g.add("<controller type='scsi' index='0' model='%s'/>" % g.pick(scsi_models(g)))
    if g.fam == "virt":  # virt has no USB controller by default
        g.add("<controller type='usb' index='0' model='qemu-xhci'/>")
    f = g.fault
    if g.hit("dup-host-pci"):
        lists["pci"].append([lists["pci"][0][0], ""])
    elif g.hit("dup-host-pci-iface"):
        lists["iface"].append([lists["pci"][0][0], ""])
    elif g.hit("dup-mdev-uuid"):
        u = g.uuid()
        lists["mdev"] += [[u, ""], [u, ""]]
    elif g.hit("dup-scsi-source"):
        lists["scsi"].append([lists["scsi"][0][0], ""])
    elif g.hit("dup-wwpn"):
        w = "<source protocol='vhost' wwpn='%s'/>" % wwpn(g)
        lists["vhost"] += [[w, ""], [w, ""]]
    elif g.hit("usb-hostdev-pci-address"):
        lists["usb"][0][1] = pci(0, g.slot())
    elif g.hit("usb-hostdev-drive-address"):
        lists["usb"][0][1] = drive(0, 0, 0, 3)
    elif g.hit("mdev-drive-address"):
        lists["mdev"].append([g.uuid(), drive(0, 0, 0, 5)])
    elif g.hit("pci-hostdev-usb-address"):
        lists["pci"][0][1] = usba(0, 1)
    elif g.hit("scsi-hostdev-usb-address"):
        lists["scsi"][0][1] = usba(0, 2)
    elif g.hit("vhost-drive-address"):
        lists["vhost"].append(["<source protocol='vhost' wwpn='%s'/>" % wwpn(g), drive(0, 0, 0, 6)])
    assert f == "none" or g.applied
    out = []
    for s, a in lists["pci"]:
        out.append(pci_hostdev(g, s, a))
    for s, a in lists["iface"]:
        out.append(iface_hostdev(g, s, a))
    for s, a in lists["usb"]:
        out.append(usb_hostdev(g, s, a))
    for s, a in lists["scsi"]:
        out.append(scsi_hostdev(g, s, a))
    for s, a in lists["vhost"]:
        out.append("<hostdev mode='subsystem' type='scsi_host'>%s%s</hostdev>" % (s, a))
    for u, a in lists["mdev"]:
        out.append(mdev(g, "vfio-pci", u, a))
    if g.chance(0.5):
        g.r.shuffle(out)
    for x in out:
        g.add(x)
    g.filler(0, 1)


# --------------------------------------------------------------------------------------------
# PCI controllers


class Ctl:
    def __init__(self, model, index, name=None, target=None, addr="", node=None):
        self.model, self.index, self.name = model, index, name
        self.target = collections.OrderedDict(target or {})
        self.addr = addr
        self.node = node
        self.index_attr = True

    def xml(self):
        s = "<controller type='pci'"
        if self.index_attr and self.index is not None:
            s += " index='%s'" % self.index
        s += " model='%s'>" % self.model
        if self.name:
            s += "<model name='%s'/>" % self.name
        if self.target or self.node is not None:
            s += "<target" + "".join(" %s='%s'" % kv for kv in self.target.items())
            s += "><node>%s</node></target>" % self.node if self.node is not None else "/>"
        return s + self.addr + "</controller>"


MODEL_NAMES = {"pci-bridge": "pci-bridge", "dmi-to-pci-bridge": "i82801b11-bridge", "pcie-root-port": "pcie-root-port",
               "pcie-switch-upstream-port": "x3130-upstream", "pcie-switch-downstream-port": "xio3130-downstream",
               "pci-expander-bus": "pxb", "pcie-expander-bus": "pxb-pcie", "pcie-to-pci-bridge": "pcie-pci-bridge"}
ALL_NAMES = ["pci-bridge", "i82801b11-bridge", "ioh3420", "pcie-root-port", "x3130-upstream", "xio3130-downstream",
             "pxb", "pxb-pcie", "pcie-pci-bridge", "spapr-pci-host-bridge"]


class Topo:
    """A list of explicitly indexed PCI controllers plus endpoints placed on their buses."""

    def __init__(self, g):
        self.g = g
        self.ctls = []
        self.next = 1
        self.eps = []  # endpoint xml strings

    def add(self, model, bus, slot=None, fn=0, mf=None, **kw):
        c = Ctl(model, self.next, **kw)
        c.bus = bus
        self.next += 1
        if slot is not None:
            c.addr = pci(bus, slot, fn, mf)
        self.ctls.append(c)
        return c

    def named(self, c, p=0.5):
        if self.g.chance(p):
            c.name = "ioh3420" if c.model == "pcie-root-port" and self.g.chance(0.3) else MODEL_NAMES.get(c.model)
        return c

    def find(self, *models):
        return [c for c in self.ctls if c.model in models]

    def emit(self, shuffle=False):
        g = self.g
        items = [c.xml() for c in self.ctls]
        if shuffle:
            g.r.shuffle(items)
        for x in items:
            g.add(x)
        for e in self.eps:
            g.add(e)


def endpoint(g, bus, slot, legacy=False, fn=0, mf=None):
    """A small endpoint (virtio disk, NIC, ...) at bus/slot (slot None = no address)."""
    a = pci(bus, slot, fn, mf) if slot is not None else ""
    k = g.pick(["disk", "nic", "rng"]) if not legacy else g.pick(["e1000", "rtl8139", "ich6"])
    if k == "disk":
        return "<disk type='file' device='disk'><source file='%s'/><target dev='%s' bus='virtio'/>%s</disk>" % (
            g.img(), g.vd(), a)
    if k == "nic":
        return "<interface type='user'><mac address='%s'/><model type='virtio'/>%s</interface>" % (g.mac(), a)
    if k == "rng":
        return "<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % a
    if k == "ich6":
        return "<sound model='ich6'>%s</sound>" % a
    return "<interface type='user'><mac address='%s'/><model type='%s'/>%s</interface>" % (g.mac(), k, a)


def build_pcie_tree(g, t, pin):
    """q35/virt: root ports, maybe a switch, a dmi + pci-bridge chain, a pcie-to-pci-bridge."""
    nrp = g.rint(1, 5)
    rslot = g.pick([1, 2, 3, 4, 5]) if pin else None
    rps = []
    for i in range(nrp):
        tgt = {}
        if g.chance(0.4):
            tgt["chassis"] = str(t.next)
            tgt["port"] = "0x%x" % (0x10 + i)
        if g.chance(0.2):
            tgt["hotplug"] = "off"
        c = t.add("pcie-root-port", 0, rslot, i if pin else 0, "on" if pin and i == 0 and nrp > 1 else None, target=tgt)
        t.named(c)
        rps.append(c)
    free_rps = list(rps)
    if g.chance(0.45) and free_rps:
        rp = free_rps.pop()
        up = t.named(t.add("pcie-switch-upstream-port", rp.index, 0 if pin else None))
        for k in range(g.rint(1, 4)):
            tgt = {}
            if g.chance(0.4):
                tgt["chassis"] = str(t.next)
                tgt["port"] = "0x%x" % k
            if g.chance(0.2):
                tgt["hotplug"] = "off"
            dn = t.named(t.add("pcie-switch-downstream-port", up.index, k if pin else None, target=tgt))
            if g.chance(0.7):
                t.eps.append(endpoint(g, dn.index, 0 if pin or g.chance(0.5) else None))
    if g.fam == "q35" and g.chance(0.35):
        dmi = t.named(t.add("dmi-to-pci-bridge", 0, g.pick([0x1e, 0x0a, 0x0b]) if pin else None))
        br = t.add("pci-bridge", dmi.index, 1 if pin else None)
        if g.chance(0.4):
            br.target["chassisNr"] = str(br.index)
        t.named(br)
        for _ in range(g.rint(0, 3)):
            t.eps.append(endpoint(g, br.index, g.rint(1, 31) if pin or g.chance(0.5) else None, legacy=True))
    if g.chance(0.35) and free_rps:
        rp = free_rps.pop()
        pb = t.named(t.add("pcie-to-pci-bridge", rp.index, 0 if pin else None))
        used = set()
        for _ in range(g.rint(0, 3)):
            s = g.rint(1, 31)
            if s in used:
                continue
            used.add(s)
            t.eps.append(endpoint(g, pb.index, s if pin or g.chance(0.5) else None, legacy=True))
    for rp in free_rps:
        if g.chance(0.7):
            t.eps.append(endpoint(g, rp.index, 0 if pin or g.chance(0.5) else None))
    return rps


def build_pc_tree(g, t, pin):
    """pc: one to three pci-bridges (some behind others) with devices behind them."""
    for _ in range(g.rint(1, 3)):
        parent = g.pick([0] + [c.index for c in t.find("pci-bridge")])
        br = t.add("pci-bridge", parent, (g.slot() if parent == 0 else g.rint(1, 31)) if pin else None)
        if g.chance(0.4):
            br.target["chassisNr"] = str(br.index)
        t.named(br)
        for _ in range(g.rint(0, 3)):
            t.eps.append(endpoint(g, br.index, g.rint(1, 31) if pin or g.chance(0.5) else None,
                                  legacy=g.chance(0.5)))


def add_expander(g, t, pin, model, bus_nr=None, node=None):
    x = t.add(model, 0, g.slot() if pin else None)
    t.named(x)
    if bus_nr is not None:
        x.target["busNr"] = str(bus_nr)
    x.node = node
    return x


@recipe("pci-options", 9, [("pc", 40), ("q35", 45), ("virt", 15)], 0.5, [
    ("model-name-wrong", None), ("model-name-unknown", None), ("port-256", ("q35", "virt")),
    ("chassis-256", ("q35", "virt")), ("chassisNr-0", None), ("chassisNr-256", None),
    ("busNr-0", None), ("busNr-255", None), ("busNr-on-root-port", ("q35", "virt")),
    ("hotplug-on-pci-bridge", None), ("chassisNr-on-root-port", ("q35", "virt")),
    ("index-on-expander", None), ("hotplug-yes", None), ("port-abc", ("q35", "virt")),
    ("chassis-negative", ("q35", "virt")), ("node-without-numa", None), ("node-out-of-range", None),
    ("node-on-pci-bridge", None), ("dup-chassis-port", ("q35", "virt")), ("busNr-collision", None),
    ("pcie-expander-on-pc", ("pc",)), ("pci-expander-on-q35", ("q35",)), ("hotplug-on-expander", None),
    ("chassis-on-pci-bridge", None), ("pci-root-hotplug-off-with-bridge", ("pc",))])
def r_pci_options(g):
    t = Topo(g)
    pin = g.chance(0.4)
    withnuma = g.chance(0.4)
    if withnuma:
        g.set_numa()
    if g.fam == "pc":
        if g.chance(0.3):
            g.add("<controller type='pci' index='0' model='pci-root'>%s</controller>"
                  % ("<target hotplug='off'/>" if g.chance(0.5) else ""))
        build_pc_tree(g, t, pin)
        if g.chance(0.6):
            for k in range(g.rint(1, 2)):
                x = add_expander(g, t, pin, "pci-expander-bus", g.pick([None, 254 - 20 * k, 200 - 30 * k]),
                                 node=g.rint(0, g.numa - 1) if withnuma and g.chance(0.6) else None)
                for _ in range(g.rint(0, 2)):
                    t.eps.append(endpoint(g, x.index, g.rint(0, 31) if pin else None, legacy=g.chance(0.5)))
    else:
        if g.chance(0.3):
            g.add("<controller type='pci' index='0' model='pcie-root'/>")
        build_pcie_tree(g, t, pin)
        if g.chance(0.5):
            for k in range(g.rint(1, 2)):
                x = add_expander(g, t, pin, "pcie-expander-bus", g.pick([None, 250 - 20 * k, 180 - 30 * k]),
                                 node=g.rint(0, g.numa - 1) if withnuma and g.chance(0.6) else None)
                rp = t.named(t.add("pcie-root-port", x.index, 0 if pin else None))
                if g.chance(0.7):
                    t.eps.append(endpoint(g, rp.index, 0 if pin else None))
    f = g.fault

    def one(*models, make=None):
        cs = t.find(*models)
        if cs:
            return g.pick(cs)
        return make() if make else None

    def mk_rp():
        return t.named(t.add("pcie-root-port", 0, None))

    def mk_br():
        if g.fam == "pc":
            return t.add("pci-bridge", 0, None)
        d = t.find("dmi-to-pci-bridge")
        parent = d[0] if d else t.add("dmi-to-pci-bridge", 0, None)
        return t.add("pci-bridge", parent.index, None)

    def mk_x():
        return add_expander(g, t, False, "pci-expander-bus" if g.fam == "pc" else "pcie-expander-bus")

    if g.hit("model-name-wrong"):
        c = g.pick(t.ctls)
        right = MODEL_NAMES.get(c.model)
        c.name = g.pick([n for n in ALL_NAMES if n != right and not (c.model == "pcie-root-port" and n == "ioh3420")])
    elif g.hit("model-name-unknown"):
        g.pick(t.ctls).name = g.pick(["pcie-root-port-ng", "x3130", "pxb-cxl", "foo"])
    elif g.hit("port-256"):
        one("pcie-root-port", "pcie-switch-downstream-port", make=mk_rp).target["port"] = "256"
    elif g.hit("chassis-256"):
        one("pcie-root-port", "pcie-switch-downstream-port", make=mk_rp).target["chassis"] = "256"
    elif g.hit("chassis-negative"):
        one("pcie-root-port", "pcie-switch-downstream-port", make=mk_rp).target["chassis"] = "-1"
    elif g.hit("chassisNr-0", "chassisNr-256"):
        one("pci-bridge", make=mk_br).target["chassisNr"] = "0" if f.endswith("-0") else "256"
    elif g.hit("busNr-0", "busNr-255"):
        one("pci-expander-bus", "pcie-expander-bus", make=mk_x).target["busNr"] = "0" if f.endswith("-0") else "255"
    elif g.hit("busNr-on-root-port"):
        one("pcie-root-port", make=mk_rp).target["busNr"] = "100"
    elif g.hit("hotplug-on-pci-bridge"):
        one("pci-bridge", make=mk_br).target["hotplug"] = "off"
    elif g.hit("chassisNr-on-root-port"):
        one("pcie-root-port", make=mk_rp).target["chassisNr"] = "5"
    elif g.hit("index-on-expander"):
        one("pci-expander-bus", "pcie-expander-bus", make=mk_x).target["index"] = "1"
    elif g.hit("hotplug-yes"):
        if g.fam == "pc":
            g.insert(0, "<controller type='pci' index='0' model='pci-root'><target hotplug='yes'/></controller>")
        else:
            one("pcie-root-port", "pcie-switch-downstream-port", make=mk_rp).target["hotplug"] = "yes"
    elif g.hit("port-abc"):
        one("pcie-root-port", "pcie-switch-downstream-port", make=mk_rp).target["port"] = "abc"
    elif g.hit("node-without-numa"):
        g.numa = None
        g.vcpu = 1
        g.memory = 262144
        one("pci-expander-bus", "pcie-expander-bus", make=mk_x).node = 0
    elif g.hit("node-out-of-range"):
        if not g.numa:
            g.set_numa(1)
        one("pci-expander-bus", "pcie-expander-bus", make=mk_x).node = g.numa + g.rint(0, 2)
    elif g.hit("node-on-pci-bridge"):
        if not g.numa:
            g.set_numa(1)
        one("pci-bridge", make=mk_br).node = 0
    elif g.hit("dup-chassis-port"):
        rps = t.find("pcie-root-port")
        if len(rps) < 2:
            rps.append(mk_rp())
        for c in rps[:2]:
            c.target["chassis"] = "7"
            c.target["port"] = "0x1a"
    elif g.hit("busNr-collision"):
        a = one("pci-expander-bus", "pcie-expander-bus", make=mk_x)
        b = mk_x()
        a.target["busNr"] = b.target["busNr"] = "220"
    elif g.hit("pcie-expander-on-pc"):
        add_expander(g, t, pin, "pcie-expander-bus")
    elif g.hit("pci-expander-on-q35"):
        add_expander(g, t, pin, "pci-expander-bus")
    elif g.hit("hotplug-on-expander"):
        one("pci-expander-bus", "pcie-expander-bus", make=mk_x).target["hotplug"] = "off"
    elif g.hit("chassis-on-pci-bridge"):
        c = one("pci-bridge", make=mk_br)
        c.target["chassis"] = "3"
        c.target["port"] = "0x4"
    elif g.hit("pci-root-hotplug-off-with-bridge"):
        g.insert(0, "<controller type='pci' index='0' model='pci-root'><target hotplug='off'/></controller>")
        if not t.find("pci-bridge"):
            mk_br()
    t.emit(shuffle=g.chance(0.2))
    g.filler(0, 1)


@recipe("pci-topology", 8, [("pc", 30), ("q35", 50), ("virt", 20)], 0.4, [
    ("endpoint-on-upstream", ("q35", "virt")), ("endpoint-on-pxb-pcie", ("q35", "virt")),
    ("downstream-on-root-port", ("q35", "virt")), ("pci-device-slot1-on-root-port", ("q35", "virt")),
    ("pcie-to-pci-bridge-on-pci-bridge", ("q35",)), ("bridge-on-own-bus", None),
    ("upstream-on-pcie-root", ("q35", "virt")), ("pci-bridge-on-pcie-root", ("q35", "virt")),
    ("root-port-on-pci-bridge", None), ("dmi-on-pc", ("pc",)), ("endpoint-on-missing-bus", None),
    ("expander-slot0", None), ("bridge-slot0", None), ("root-port-on-switch-downstream", ("q35", "virt")),
    ("pxb-busNr-below-bridges", ("pc",))])
def r_pci_topology(g):
    t = Topo(g)
    pin = g.chance(0.5)
    if g.fam == "pc":
        build_pc_tree(g, t, pin)
        if g.chance(0.5):
            x = add_expander(g, t, pin, "pci-expander-bus", g.pick([None, 240, 250]))
            for _ in range(g.rint(1, 3)):
                t.eps.append(endpoint(g, x.index, g.rint(0, 31) if pin else None, legacy=g.chance(0.4)))
            if g.chance(0.5):
                br = t.add("pci-bridge", x.index, g.rint(0, 31) if pin else None)
                for _ in range(g.rint(0, 2)):
                    t.eps.append(endpoint(g, br.index, g.rint(1, 31) if pin else None))
    else:
        build_pcie_tree(g, t, pin)
        if g.chance(0.45):
            x = add_expander(g, t, pin, "pcie-expander-bus", g.pick([None, 200, 240]))
            for k in range(g.rint(1, 3)):
                rp = t.add("pcie-root-port", x.index, k if pin else None)
                if g.chance(0.4) and k == 0:
                    up = t.add("pcie-switch-upstream-port", rp.index, 0 if pin else None)
                    for j in range(g.rint(1, 2)):
                        dn = t.add("pcie-switch-downstream-port", up.index, j if pin else None)
                        t.eps.append(endpoint(g, dn.index, 0 if pin else None))
                elif g.chance(0.8):
                    t.eps.append(endpoint(g, rp.index, 0 if pin else None))
    noindex = not pin and g.fault == "none" and g.chance(0.3)
    if noindex:
        for c in t.ctls:
            c.index_attr = False
        g.add("<controller type='pci'%s model='%s'/>" % (g.pick(["", " index='0'"]), "pci-root" if g.fam == "pc" else "pcie-root"))
    f = g.fault
    if g.hit("endpoint-on-upstream"):
        ups = t.find("pcie-switch-upstream-port")
        if not ups:
            rp = t.add("pcie-root-port", 0, None)
            ups = [t.add("pcie-switch-upstream-port", rp.index, None)]
        t.eps.append(endpoint(g, ups[0].index, 0))
    elif g.hit("endpoint-on-pxb-pcie"):
        x = t.find("pcie-expander-bus") or [add_expander(g, t, False, "pcie-expander-bus")]
        t.eps.append(endpoint(g, x[0].index, 1))
    elif g.hit("downstream-on-root-port"):
        rp = t.find("pcie-root-port")[0]
        t.add("pcie-switch-downstream-port", rp.index, 0)
    elif g.hit("pci-device-slot1-on-root-port"):
        rp = t.find("pcie-root-port")[-1]
        t.eps.append(endpoint(g, rp.index, 1, legacy=True))
    elif g.hit("pcie-to-pci-bridge-on-pci-bridge"):
        brs = t.find("pci-bridge")
        if not brs:
            dmi = t.add("dmi-to-pci-bridge", 0, None)
            brs = [t.add("pci-bridge", dmi.index, None)]
        t.add("pcie-to-pci-bridge", brs[0].index, 2)
    elif g.hit("bridge-on-own-bus"):
        c = t.add("pci-bridge", 0, None) if g.fam == "pc" else t.add("pcie-root-port", 0, None)
        c.addr = pci(c.index, 0 if g.fam != "pc" else 1)
        for x in t.ctls:
            x.index_attr = True
    elif g.hit("upstream-on-pcie-root"):
        t.add("pcie-switch-upstream-port", 0, g.slot())
    elif g.hit("pci-bridge-on-pcie-root"):
        br = t.add("pci-bridge", 0, g.slot())
        t.eps.append(endpoint(g, br.index, 3, legacy=True))
    elif g.hit("root-port-on-pci-bridge"):
        brs = t.find("pci-bridge")
        if not brs:
            brs = [t.add("pci-bridge", 0, None)] if g.fam == "pc" else None
            if brs is None:
                dmi = t.add("dmi-to-pci-bridge", 0, None)
                brs = [t.add("pci-bridge", dmi.index, None)]
        t.add("pcie-root-port", brs[0].index, 5)
    elif g.hit("dmi-on-pc"):
        dmi = t.add("dmi-to-pci-bridge", 0, None)
        t.add("pci-bridge", dmi.index, 1)
    elif g.hit("endpoint-on-missing-bus"):
        for x in t.ctls:
            x.index_attr = True
        t.eps.append(endpoint(g, t.next + g.rint(3, 8), g.rint(0, 3)))
    elif g.hit("expander-slot0"):
        x = t.add("pci-expander-bus" if g.fam == "pc" else "pcie-expander-bus", 0, 0)
        if g.fam != "pc":
            t.add("pcie-root-port", x.index, 0)
    elif g.hit("bridge-slot0"):
        brs = t.find("pci-bridge") or [t.add("pci-bridge", 0, None)] if g.fam == "pc" else None
        if g.fam == "pc":
            t.eps.append(endpoint(g, brs[0].index, 0, legacy=True))
        else:
            pb = t.find("pcie-to-pci-bridge", "pci-bridge")
            if not pb:
                rp = t.add("pcie-root-port", 0, None)
                pb = [t.add("pcie-to-pci-bridge", rp.index, None)]
            t.eps.append(endpoint(g, pb[0].index, 0, legacy=True))
        for x in t.ctls:
            x.index_attr = True
    elif g.hit("root-port-on-switch-downstream"):
        rp = t.add("pcie-root-port", 0, None)
        up = t.add("pcie-switch-upstream-port", rp.index, None)
        dn = t.add("pcie-switch-downstream-port", up.index, None)
        t.add("pcie-root-port", dn.index, 0)
        for x in t.ctls:
            x.index_attr = True
    elif g.hit("pxb-busNr-below-bridges"):
        add_expander(g, t, False, "pci-expander-bus", 2)
        for x in t.ctls:
            x.index_attr = True
    assert f == "none" or g.applied
    t.emit(shuffle=not noindex and g.chance(0.25))
    g.filler(0, 1)


# --------------------------------------------------------------------------------------------
# address types a device cannot have


def mem_hotplug(g, slots=None):
    if not g.maxmem:
        g.maxmem = (slots or g.rint(2, 8), 16777216)
    if not g.numa:
        g.set_numa()


def d_virtio_mem(g, a=""):
    return ("<memory model='virtio-mem'><target><size unit='KiB'>131072</size><node>0</node>"
            "<block unit='KiB'>2048</block><requested unit='KiB'>0</requested></target>%s</memory>" % a)


def d_virtio_pmem(g, a=""):
    g.n["pmem"] += 1
    return ("<memory model='virtio-pmem' access='shared'><source><path>/tmp/cg-pmem%d</path></source>"
            "<target><size unit='KiB'>131072</size></target>%s</memory>" % (g.n["pmem"], a))


def d_dimm(g, a="", size=None, node=0):
    size = size or (262144 if g.fam == "pseries" else 131072)
    return "<memory model='dimm'><target><size unit='KiB'>%d</size><node>%d</node></target>%s</memory>" % (size, node, a)


def d_nvdimm(g, a="", node=0):
    g.n["nvdimm"] += 1
    return ("<memory model='nvdimm'><source><path>/tmp/cg-nvdimm%d</path></source>"
            "<target><size unit='KiB'>131072</size><node>%d</node></target>%s</memory>" % (g.n["nvdimm"], node, a))


def right_pci(g):
    return g.pick(["", g.pciaddr()])


def right_virtio(g):
    if g.fam == "s390x":
        return g.pick(["", ccw(g.ccwdevno())])
    return right_pci(g)


# name, families, setup, device(g, addr), right address, wrong addresses {fault: fn}
FA = [
    ("panic-isa", X86, None, lambda g, a: "<panic model='isa'>%s</panic>" % a,
     lambda g: g.pick(["", isa(0x505)]), {"panic-isa-pci-address": lambda g: pci(0, g.slot()),
                                          "panic-isa-usb-address": lambda g: usba(0, 1)}),
    ("intel-iommu", ("q35",), None, lambda g, a: "<iommu model='intel'>%s</iommu>" % a,
     lambda g: "", {"intel-iommu-pci-address": lambda g: pci(0, g.slot())}),
    ("virtio-iommu", ("q35",), lambda g: g.features.append("acpi"), lambda g, a: "<iommu model='virtio'>%s</iommu>" % a,
     lambda g: g.pick(["", pci(0, g.slot())]),
     {"virtio-iommu-drive-address": lambda g: drive(0, 0, 0, 0),
      "virtio-iommu-usb-address": lambda g: usba(0, 1),
      "virtio-iommu-off-bus0": lambda g: (g.add("<controller type='pci' index='1' model='pcie-root-port'/>"), pci(1, 0))[1]}),
    ("virtio-mem", ("pc", "q35", "virt"), mem_hotplug, lambda g, a: d_virtio_mem(g, a), right_pci,
     {"virtio-mem-dimm-address": lambda g: dimma(0)}),
    ("virtio-pmem", X86, mem_hotplug, lambda g, a: d_virtio_pmem(g, a), right_pci,
     {"virtio-pmem-dimm-address": lambda g: dimma(1)}),
    ("dimm", ("pc", "q35", "pseries"), mem_hotplug, lambda g, a: d_dimm(g, a), lambda g: g.pick(["", dimma(1)]),
     {"dimm-pci-address": lambda g: pci(0, g.slot()), "dimm-drive-address": lambda g: drive(0, 0, 0, 1)}),
    ("nvdimm", X86, mem_hotplug, lambda g, a: d_nvdimm(g, a), lambda g: g.pick(["", dimma(0)]),
     {"nvdimm-pci-address": lambda g: pci(0, g.slot())}),
    ("ramfb", ("pc", "q35", "virt"), None, lambda g, a: "<video><model type='ramfb'/>%s</video>" % a, lambda g: "",
     {"ramfb-pci-address": lambda g: pci(0, g.slot())}),
    ("usb-disk", USBFAMS, None,
     lambda g, a: "<disk type='file' device='disk'><source file='%s'/><target dev='sdb' bus='usb'/>%s</disk>" % (g.img(), a),
     lambda g: g.pick(["", usba(0, 1)]),
     {"usb-disk-pci-address": lambda g: pci(0, g.slot()), "usb-disk-drive-address": lambda g: drive(0, 0, 0, 0)}),
    ("zpci-disk", NOT390, None,
     lambda g, a: "<disk type='file' device='disk'><source file='%s'/><target dev='vdz' bus='virtio'/>%s</disk>" % (g.img(), a),
     lambda g: pci(0, g.slot()), {"zpci-off-s390": lambda g: pci(0, g.slot(), zpci=(3, 4))}),
    ("i6300esb", X86, None, lambda g, a: "<watchdog model='i6300esb' action='reset'>%s</watchdog>" % a, right_pci,
     {"watchdog-usb-address": lambda g: usba(0, 1), "watchdog-drive-address": lambda g: drive(0, 0, 0, 0)}),
    ("ib700", X86, None, lambda g, a: "<watchdog model='ib700' action='poweroff'>%s</watchdog>" % a, lambda g: "",
     {"ib700-pci-address": lambda g: pci(0, g.slot()), "ib700-isa-address": lambda g: isa(0x443)}),
    ("diag288", ("s390x",), None, lambda g, a: "<watchdog model='diag288' action='inject-nmi'>%s</watchdog>" % a,
     lambda g: "", {"diag288-ccw-address": lambda g: ccw(g.ccwdevno())}),
    ("rng", None, None, lambda g, a: "<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % a,
     right_virtio, {"rng-usb-address": lambda g: usba(0, 1), "rng-drive-address": lambda g: drive(0, 0, 0, 0),
                    "rng-isa-address": lambda g: isa(0x300)}),
    ("memballoon", None, None, lambda g, a: "<memballoon model='virtio'>%s</memballoon>" % a, right_virtio,
     {"balloon-usb-address": lambda g: usba(0, 1), "balloon-drive-address": lambda g: drive(0, 0, 0, 0),
      "balloon-ccw-address": lambda g: ccw(5) if g.fam != "s390x" else pci(0, 0x40)}),
    ("usb-tablet", USBFAMS, None, lambda g, a: "<input type='tablet' bus='usb'>%s</input>" % a,
     lambda g: g.pick(["", usba(0, 1)]), {"usb-tablet-pci-address": lambda g: pci(0, g.slot()),
                                          "usb-tablet-ccid-address": lambda g: ccida(0, 0)}),
    ("virtio-tablet", None, None, lambda g, a: "<input type='tablet' bus='virtio'>%s</input>" % a, right_virtio,
     {"virtio-tablet-usb-address": lambda g: usba(0, 1)}),
    ("ps2-mouse", X86, None, lambda g, a: "<input type='mouse' bus='ps2'>%s</input>" % a, lambda g: "",
     {"ps2-mouse-usb-address": lambda g: usba(0, 1), "ps2-mouse-pci-address": lambda g: pci(0, g.slot())}),
    ("ich6", X86, None, lambda g, a: "<sound model='ich6'>%s</sound>" % a, right_pci,
     {"sound-usb-address": lambda g: usba(0, 1)}),
    ("usb-sound", USBFAMS, None, lambda g, a: "<sound model='usb'>%s</sound>" % a, lambda g: g.pick(["", usba(0, 2)]),
     {"usb-sound-pci-address": lambda g: pci(0, g.slot())}),
    ("tpm-tis", X86, None,
     lambda g, a: "<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend>%s</tpm>" % a,
     lambda g: "", {"tpm-pci-address": lambda g: pci(0, g.slot()), "tpm-isa-address": lambda g: isa(0xfed4)}),
    ("tpm-crb", ("q35",), None,
     lambda g, a: "<tpm model='tpm-crb'><backend type='passthrough'><device path='/dev/tpm0'/></backend>%s</tpm>" % a,
     lambda g: "", {"tpm-crb-pci-address": lambda g: pci(0, g.slot())}),
    ("vsock", None, None, lambda g, a: "<vsock model='virtio'><cid auto='yes'/>%s</vsock>" % a, right_virtio,
     {"vsock-usb-address": lambda g: usba(0, 1), "vsock-drive-address": lambda g: drive(0, 0, 0, 0)}),
    ("shmem", NOT390, None,
     lambda g, a: "<shmem name='cg-shm'><model type='ivshmem-plain'/><size unit='M'>4</size>%s</shmem>" % a,
     right_pci, {"shmem-usb-address": lambda g: usba(0, 1)}),
    ("nvram", ("pseries",), None, lambda g, a: "<nvram>%s</nvram>" % a, lambda g: g.pick(["", vio(0x4000)]),
     {"nvram-pci-address": lambda g: pci(0, g.slot())}),
    ("spapr-vlan", ("pseries",), None,
     lambda g, a: "<interface type='user'><mac address='%s'/><model type='spapr-vlan'/>%s</interface>" % (g.mac(), a),
     lambda g: g.pick(["", vio(0x2000)]), {"spapr-vlan-pci-address": lambda g: pci(0, g.slot())}),
    ("virtio-serial-ctrl", None, None, lambda g, a: "<controller type='virtio-serial' index='0'>%s</controller>" % a,
     right_virtio, {"virtio-serial-ctrl-drive-address": lambda g: drive(0, 0, 0, 0)}),
    ("usb-ctrl", USBFAMS, None, lambda g, a: "<controller type='usb' index='0' model='qemu-xhci'>%s</controller>" % a,
     right_pci, {"usb-ctrl-drive-address": lambda g: drive(0, 0, 0, 0), "usb-ctrl-usb-address": lambda g: usba(0, 1)}),
    ("scsi-ctrl", None, None, lambda g, a: "<controller type='scsi' index='0' model='virtio-scsi'>%s</controller>" % a,
     right_virtio, {"scsi-ctrl-usb-address": lambda g: usba(0, 1)}),
    ("hub", USBFAMS, None, lambda g, a: "<hub type='usb'>%s</hub>" % a, lambda g: g.pick(["", usba(0, 1)]),
     {"hub-pci-address": lambda g: pci(0, g.slot())}),
    ("redirdev", USBFAMS, None,
     lambda g, a: "<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='4000'/>%s</redirdev>" % a,
     lambda g: g.pick(["", usba(0, 1)]), {"redirdev-pci-address": lambda g: pci(0, g.slot())}),
    ("smartcard", USBFAMS, None, lambda g, a: "<smartcard mode='host'>%s</smartcard>" % a,
     lambda g: g.pick(["", ccida(0, 0)]), {"smartcard-pci-address": lambda g: pci(0, g.slot()),
                                           "smartcard-usb-address": lambda g: usba(0, 1)}),
    ("channel", None, None,
     lambda g, a: "<channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/>%s</channel>" % a,
     lambda g: g.pick(["", vsa(0, 0, g.rint(1, 5))]), {"channel-pci-address": lambda g: pci(0, g.slot()),
                                                         "channel-ccid-address": lambda g: ccida(0, 1)}),
    ("isa-serial", X86, None,
     lambda g, a: "<serial type='pty'><target type='isa-serial' port='0'><model name='isa-serial'/></target>%s</serial>" % a,
     lambda g: g.pick(["", isa(0x3f8, 4)]), {"isa-serial-pci-address": lambda g: pci(0, g.slot())}),
    ("pci-serial", ("pc", "q35", "virt"), None,
     lambda g, a: "<serial type='pty'><target type='pci-serial'><model name='pci-serial'/></target>%s</serial>" % a,
     right_pci, {"pci-serial-isa-address": lambda g: isa(0x2f8, 3), "pci-serial-usb-address": lambda g: usba(0, 1)}),
    ("usb-serial", USBFAMS, None,
     lambda g, a: "<serial type='pty'><target type='usb-serial'><model name='usb-serial'/></target>%s</serial>" % a,
     lambda g: g.pick(["", usba(0, 1)]), {"usb-serial-pci-address": lambda g: pci(0, g.slot())}),
    ("virtio-console", None, None, lambda g, a: "<console type='pty'><target type='virtio'/>%s</console>" % a,
     lambda g: g.pick(["", vsa(0, 0, g.rint(1, 4))]), {"virtio-console-pci-address": lambda g: pci(0, g.slot())}),
    ("fs9p", None, None,
     lambda g, a: "<filesystem type='mount' accessmode='mapped'><source dir='/tmp'/><target dir='share'/>%s</filesystem>" % a,
     right_virtio, {"fs9p-usb-address": lambda g: usba(0, 1)}),
    ("nic", None, None,
     lambda g, a: "<interface type='user'><mac address='%s'/><model type='virtio'/>%s</interface>" % (g.mac(), a),
     right_virtio, {"nic-drive-address": lambda g: drive(0, 0, 0, 0),
                    "nic-ccw-address": lambda g: ccw(0x22) if g.fam != "s390x" else vio(0x3000),
                    "nic-spapr-vio-address": lambda g: vio(0x3000) if g.fam != "pseries" else ccw(0x22)}),
    ("video-virtio", NOT390, None, lambda g, a: "<video><model type='virtio'/>%s</video>" % a, right_pci,
     {"video-usb-address": lambda g: usba(0, 1)}),
    ("disk", None, None,
     lambda g, a: "<disk type='file' device='disk'><source file='%s'/><target dev='vdy' bus='virtio'/>%s</disk>" % (g.img(), a),
     right_virtio, {"disk-isa-address": lambda g: isa(0x1f0, 14), "disk-unassigned-address": lambda g: "<address type='unassigned'/>",
                    "disk-virtio-mmio-address": lambda g: "<address type='virtio-mmio'/>" if g.fam != "virt" else dimma(0)}),
    ("sata-disk", ("q35",), None,
     lambda g, a: "<disk type='file' device='disk'><source file='%s'/><target dev='sdc' bus='sata'/>%s</disk>" % (g.img(), a),
     lambda g: g.pick(["", drive(0, 0, 0, g.rint(0, 5))]), {"sata-disk-pci-address": lambda g: pci(0, g.slot())}),
    ("ide-disk", ("pc",), None,
     lambda g, a: "<disk type='file' device='cdrom'><source file='%s'/><target dev='hdc' bus='ide'/><readonly/>%s</disk>" % (g.img(), a),
     lambda g: g.pick(["", drive(0, 1, 0, 0)]), {"ide-disk-usb-address": lambda g: usba(0, 1),
                                                  "ide-disk-pci-address": lambda g: pci(0, g.slot())}),
    ("virtio-mmio-disk", ("virt",), None,
     lambda g, a: "<disk type='file' device='disk'><source file='%s'/><target dev='vdx' bus='virtio'/>%s</disk>" % (g.img(), a),
     lambda g: "<address type='virtio-mmio'/>", {"virtio-mmio-disk-ccw-address": lambda g: ccw(7)}),
]


USB_VARIANTS = {"usb-disk", "usb-tablet", "usb-sound", "hub", "redirdev", "smartcard", "usb-serial"}


@recipe("foreign-address", 8, [("pc", 28), ("q35", 30), ("s390x", 12), ("pseries", 15), ("virt", 15)], 0.55, [
    (f, None) for v in FA for f in v[5]])
def r_foreign(g):
    fits = [v for v in FA if v[1] is None or g.fam in v[1]]
    if g.fault != "none":
        cands = [v for v in fits if g.fault in v[5]]
        if not cands:  # the fault drawn does not fit this family: draw one that does
            v = g.pick(fits)
            g.fault = g.pick(sorted(v[5]))
        else:
            v = g.pick(cands)
    else:
        v = g.pick(fits)
    name, fams, setup, dev, right, wrongs = v
    if setup:
        setup(g)
    if g.fam == "virt" and name in USB_VARIANTS:  # virt has no USB controller by default
        g.add("<controller type='usb' index='0' model='qemu-xhci'/>")
    g.filler(0, 2)
    if g.fault != "none":
        g.applied = True
        a = wrongs[g.fault](g)
    else:
        a = right(g)
    g.add(dev(g, a))


# --------------------------------------------------------------------------------------------
# elements libvirt 9.0 does not know


CRYPTO = ["<crypto model='virtio' type='qemu'><backend model='builtin' queues='1'/>%s</crypto>",
          "<crypto model='virtio' type='qemu'><backend model='lkcf' queues='2'/>%s</crypto>"]
PSTORE = "<pstore backend='acpi-erst'><path>/tmp/cg_acpi_erst</path><size unit='KiB'>8</size>%s</pstore>"


@recipe("unknown-elements", 3, [("pc", 30), ("q35", 35), ("s390x", 10), ("pseries", 10), ("virt", 15)], 0.4, [
    ("unknown-collides", None), ("unknown-bad-address", None), ("unknown-foreign-address", None)])
def r_unknown(g):
    real = []
    for _ in range(g.rint(1, 3)):
        a = g.pciaddr(zp=False) if g.chance(0.5) else ""
        real.append(a)
        if g.chance(0.5):
            g.vdisk(a)
        else:
            g.nic("virtio", a)
    elems = []
    kinds = g.pick([["crypto"], ["pstore"], ["crypto", "pstore"], ["crypto", "crypto"]])
    if g.fam not in X86:
        kinds = [k if k == "crypto" else "crypto" for k in kinds]
    for k in kinds:
        tmpl = g.pick(CRYPTO) if k == "crypto" else PSTORE
        a = g.pick(["", pci(0, g.slot())]) if g.fam != "s390x" else g.pick(["", ccw(g.ccwdevno())])
        elems.append([tmpl, a])
    if g.hit("unknown-collides"):
        pinned = [a for a in real if a]
        if not pinned:
            a = g.pciaddr(zp=False)
            g.nic("virtio", a)
            pinned = [a]
        elems[0][1] = pinned[0]
    elif g.hit("unknown-bad-address"):
        elems[0][1] = g.pick([pci(0, 0x20), pci(7, 1), pci(0, 3, 9), "<address type='pci' slot='zz'/>"])
    elif g.hit("unknown-foreign-address"):
        elems[0][1] = g.pick([drive(0, 0, 0, 0), usba(0, 1), ccw(3) if g.fam != "s390x" else pci(0, 3)])
    pos = g.rint(0, len(g.devs))
    for tmpl, a in elems:
        g.insert(pos, tmpl % a)
    if g.chance(0.3):
        g.add("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>")


# --------------------------------------------------------------------------------------------
# consoles and serials


SERIAL_TARGETS = {
    "pc": [("isa-serial", "isa-serial"), ("isa-serial", None), ("pci-serial", "pci-serial"), ("usb-serial", "usb-serial"), (None, None)],
    "q35": [("isa-serial", "isa-serial"), ("isa-serial", None), ("pci-serial", "pci-serial"), ("usb-serial", "usb-serial"), (None, None)],
    "s390x": [("sclp-serial", "sclpconsole"), ("sclp-serial", "sclplmconsole"), ("sclp-serial", None), (None, None)],
    "pseries": [("spapr-vio-serial", "spapr-vty"), ("spapr-vio-serial", None), (None, None)],
    "virt": [("system-serial", "pl011"), ("pci-serial", "pci-serial"), (None, None)],
}
CONSOLE_TARGETS = {"pc": ["serial", "virtio", None], "q35": ["serial", "virtio", None],
                   "s390x": ["sclp", "sclplm", "virtio", None], "pseries": ["serial", "virtio", None],
                   "virt": ["serial", "virtio", None]}


def chr_source(g):
    k = g.pick(["pty", "pty", "pty", "null", "file", "unix"])
    if k == "file":
        g.n["chr"] += 1
        return "file", "<source path='/tmp/cg-serial%d.log'/>" % g.n["chr"]
    if k == "unix":
        g.n["chr"] += 1
        return "unix", "<source mode='bind' path='/tmp/cg-serial%d.sock'/>" % g.n["chr"]
    return k, ""


def serial_xml(g, ttype, model, port=None, addr=""):
    typ, src = chr_source(g)
    tgt = ""
    if ttype or port is not None:
        tgt = "<target%s%s" % (" type='%s'" % ttype if ttype else "", " port='%s'" % port if port is not None else "")
        tgt += "><model name='%s'/></target>" % model if model else "/>"
    return "<serial type='%s'>%s%s%s</serial>" % (typ, src, tgt, addr)


def console_xml(g, ttype, addr="", port=None):
    typ, src = chr_source(g)
    tgt = ""
    if ttype or port is not None:
        tgt = "<target%s%s/>" % (" type='%s'" % ttype if ttype else "", " port='%s'" % port if port is not None else "")
    return "<console type='%s'>%s%s%s</console>" % (typ, src, tgt, addr)


@recipe("consoles", 7, [("pc", 24), ("q35", 24), ("s390x", 18), ("pseries", 17), ("virt", 17)], 0.4, [
    ("console-pci-address", None), ("console-virtio-pci-address", None), ("isa-serial-pci-address", X86),
    ("pci-serial-usb-address", ("pc", "q35", "virt")), ("usb-serial-pci-address", X86),
    ("dup-serial-port", None), ("isa-serial-port-4", X86), ("sclp-console-off-s390", NOT390),
    ("sclp-serial-off-s390", NOT390), ("spapr-vty-off-pseries", ("pc", "q35", "s390x", "virt")),
    ("pl011-off-virt", ("pc", "q35", "pseries", "s390x")), ("two-sclp-consoles", ("s390x",)),
    ("two-sclplm-consoles", ("s390x",)), ("two-pl011", ("virt",)), ("dup-virtio-console-port", None),
    ("serial-model-mismatch", ("pc", "q35", "virt", "pseries")), ("spapr-vty-dup-reg", ("pseries",)),
    ("isa-serial-off-x86", ("s390x", "pseries", "virt")), ("console-usb-address", None),
    ("serial-port-negative", None)])
def r_consoles(g):
    f = g.fam
    pattern = g.pick(["lone-console", "serial+console", "consoles", "serials", "mixed", "serial-only"])
    serials, consoles = [], []
    nser = {"lone-console": 0, "serial+console": 1, "consoles": 0, "serials": g.rint(2, 4),
            "mixed": g.rint(1, 3), "serial-only": 1}[pattern]
    ncon = {"lone-console": 1, "serial+console": 1, "consoles": g.rint(2, 4), "serials": g.rint(0, 1),
            "mixed": g.rint(1, 3), "serial-only": 0}[pattern]
    isa_ports = [0, 1, 2, 3]
    g.r.shuffle(isa_ports)
    vio_reg = 0x30000000
    used_ttypes = collections.Counter()
    for i in range(nser):
        ttype, model = g.pick(SERIAL_TARGETS[f])
        if ttype in ("system-serial", "sclp-serial"):
            key = model or ("sclpconsole" if ttype == "sclp-serial" else "pl011")
            if used_ttypes[key]:
                ttype, model = (None, None)
            else:
                used_ttypes[key] += 1
        port, addr = None, ""
        if ttype == "isa-serial" or (ttype is None and f in X86):
            if g.chance(0.5) and isa_ports:
                port = isa_ports.pop()
            elif ttype is None:
                pass
        elif ttype == "pci-serial" and g.chance(0.4):
            addr = g.pciaddr()
        elif ttype == "usb-serial" and g.chance(0.3):
            addr = usba(0, i + 1)
        elif ttype == "spapr-vio-serial" and g.chance(0.4):
            vio_reg += 0x1000
            addr = vio(vio_reg)
        serials.append([ttype, model, port, addr])
    vsports = list(range(1, 8))
    g.r.shuffle(vsports)
    for i in range(ncon):
        opts = list(CONSOLE_TARGETS[f])
        if i > 0:  # only the first console may be a serial one
            opts = [o for o in opts if o not in ("serial", None)] or ["virtio"]
        if f == "s390x":
            for k in ("sclp", "sclplm"):
                if used_ttypes["console-" + k] and k in opts:
                    opts.remove(k)
        ttype = g.pick(opts)
        used_ttypes["console-%s" % ttype] += 1
        addr = vsa(0, 0, vsports.pop()) if ttype == "virtio" and g.chance(0.3) else ""
        consoles.append([ttype, addr, None])
    if not serials and not consoles:
        consoles.append([None, "", None])

    def first_con():
        if not consoles:
            consoles.append([None, "", None])
        return consoles[0]

    def first_ser(ttype=None, model=None):
        for s in serials:
            if ttype is None or s[0] == ttype:
                return s
        s = [ttype, model, None, ""]
        serials.append(s)
        return s
    if g.hit("console-pci-address"):
        first_con()[1] = pci(0, g.slot())
    elif g.hit("console-usb-address"):
        first_con()[1] = usba(0, 1)
    elif g.hit("console-virtio-pci-address"):
        consoles.append(["virtio", pci(0, g.slot()), None])
    elif g.hit("isa-serial-pci-address"):
        first_ser("isa-serial", "isa-serial")[3] = pci(0, g.slot())
    elif g.hit("pci-serial-usb-address"):
        first_ser("pci-serial", "pci-serial")[3] = usba(0, 1)
    elif g.hit("usb-serial-pci-address"):
        first_ser("usb-serial", "usb-serial")[3] = pci(0, g.slot())
    elif g.hit("dup-serial-port"):
        tt = {"pc": "isa-serial", "q35": "isa-serial", "s390x": "sclp-serial", "pseries": "spapr-vio-serial", "virt": "pci-serial"}[f]
        serials.append([tt, None, 0, ""])
        serials.append([tt, None, 0, ""])
    elif g.hit("isa-serial-port-4"):
        serials.append(["isa-serial", "isa-serial", 4, ""])
    elif g.hit("sclp-console-off-s390"):
        consoles.append([g.pick(["sclp", "sclplm"]), "", None])
    elif g.hit("sclp-serial-off-s390"):
        serials.append(["sclp-serial", "sclpconsole", None, ""])
    elif g.hit("spapr-vty-off-pseries"):
        serials.append(["spapr-vio-serial", "spapr-vty", None, ""])
    elif g.hit("pl011-off-virt"):
        serials.append(["system-serial", "pl011", None, ""])
    elif g.hit("two-sclp-consoles"):
        consoles += [["sclp", "", None], ["sclp", "", None]]
    elif g.hit("two-sclplm-consoles"):
        consoles += [["sclplm", "", None], ["sclplm", "", None]]
    elif g.hit("two-pl011"):
        serials += [["system-serial", "pl011", None, ""], ["system-serial", "pl011", None, ""]]
    elif g.hit("dup-virtio-console-port"):
        consoles += [["virtio", vsa(0, 0, 3), None], ["virtio", vsa(0, 0, 3), None]]
    elif g.hit("serial-model-mismatch"):
        tt = g.pick(SERIAL_TARGETS[f][:1])[0]
        wrong = g.pick([m for m in ["isa-serial", "pci-serial", "usb-serial", "pl011", "spapr-vty", "sclpconsole", "16550a"]
                        if m != dict(SERIAL_TARGETS[f]).get(tt)])
        serials.append([tt, wrong, None, ""])
    elif g.hit("spapr-vty-dup-reg"):
        serials += [["spapr-vio-serial", "spapr-vty", None, vio(0x30001000)],
                    ["spapr-vio-serial", "spapr-vty", None, vio(0x30001000)]]
    elif g.hit("isa-serial-off-x86"):
        serials.append(["isa-serial", "isa-serial", None, ""])
    elif g.hit("serial-port-negative"):
        serials.append([None, None, -1, ""])
    if any(s[0] == "usb-serial" for s in serials) and f == "virt":
        g.add("<controller type='usb' index='0' model='qemu-xhci'/>")
    for s in serials:
        g.add(serial_xml(g, *s))
    for c in consoles:
        g.add(console_xml(g, c[0], c[1], c[2]))
    if g.chance(0.3):
        g.add("<channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>")
    g.filler(0, 1)


# --------------------------------------------------------------------------------------------
# USB topologies


def usb_device(g, kind, addr):
    if kind == "tablet":
        return "<input type='tablet' bus='usb'>%s</input>" % addr
    if kind == "keyboard":
        return "<input type='keyboard' bus='usb'>%s</input>" % addr
    if kind == "mouse":
        return "<input type='mouse' bus='usb'>%s</input>" % addr
    if kind == "redirdev":
        g.n["redir"] += 1
        return ("<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='%d'/>%s</redirdev>"
                % (4000 + g.n["redir"], addr))
    if kind == "disk":
        g.n["usbdisk"] += 1
        return "<disk type='file' device='disk'><source file='%s'/><target dev='sd%s' bus='usb'/>%s</disk>" % (
            g.img(), disk_suffix(g.n["usbdisk"] + 5), addr)
    if kind == "hostdev":
        g.n["usbhd"] += 1
        return usb_hostdev(g, usb_src(g, "vp", g.n["usbhd"]), addr, policy=False)
    if kind == "serial":
        return "<serial type='pty'><target type='usb-serial'><model name='usb-serial'/></target>%s</serial>" % addr
    if kind == "sound":
        return "<sound model='usb'>%s</sound>" % addr
    if kind == "hub":
        return "<hub type='usb'>%s</hub>" % addr
    if kind == "smartcard":
        return "<smartcard mode='host'/>"
    raise ValueError(kind)


@recipe("usb-topology", 7, [("pc", 30), ("q35", 30), ("pseries", 18), ("virt", 22)], 0.4, [
    ("port-beyond-ports", None), ("dup-port", None), ("hub-missing", None), ("hub-port-9", None),
    ("companion-no-master", X86), ("companion-wrong-index", X86), ("startport-beyond", X86),
    ("ports-above-15", None), ("ports-zero-with-devices", None), ("usb-none-with-devices", None),
    ("two-controllers-same-index", None), ("bus-missing", None), ("hub-on-hub-port-0", None),
    ("companion-dup-startport", X86), ("ehci-only-companion-addresses", X86)])
def r_usb_topology(g):
    f = g.fam
    setups = ["xhci", "nec", "multi"]
    if f in X86:
        setups += ["ich9", "ich9", "piix", "ehci"]
    if f == "pseries":
        setups += ["ohci", "default"]
    if f in X86:
        setups += ["default"]
    setup = g.pick(setups)
    buses = {}  # bus index -> number of root ports
    ctl = []
    if setup == "ich9":
        withindex = g.chance(0.5)
        withmaster = g.chance(0.6)
        pin = g.chance(0.4)
        s = g.slot() if pin else None
        ix = " index='0'" if withindex else ""
        ctl.append("<controller type='usb'%s model='ich9-ehci1'>%s</controller>" % (ix, pci(0, s, 7) if pin else ""))
        for k in (1, 2, 3):
            m = "<master startport='%d'/>" % (2 * (k - 1)) if withmaster else ""
            a = pci(0, s, k - 1, "on" if k == 1 else None) if pin else ""
            ctl.append("<controller type='usb'%s model='ich9-uhci%d'>%s%s</controller>" % (ix, k, m, a))
        if g.chance(0.3):
            g.r.shuffle(ctl)
            if not withindex:  # without index the EHCI must come first to be the master of bus 0
                pass
        buses[0] = 6
    elif setup in ("xhci", "nec"):
        model = "qemu-xhci" if setup == "xhci" else "nec-xhci"
        p = g.pick([None, g.rint(1, 15), g.rint(1, 15)])
        ctl.append("<controller type='usb' index='0' model='%s'%s/>" % (model, " ports='%d'" % p if p else ""))
        buses[0] = p or 4
    elif setup == "piix":
        ctl.append("<controller type='usb' index='0' model='%s'/>" % g.pick(["piix3-uhci", "piix4-uhci"]))
        buses[0] = 2
    elif setup == "ehci":
        ctl.append("<controller type='usb' index='0' model='ehci'/>")
        buses[0] = 6
    elif setup == "ohci":
        ctl.append("<controller type='usb' index='0' model='pci-ohci'/>")
        buses[0] = 3
    elif setup == "default":
        buses[0] = {"pc": 2, "q35": 4, "pseries": 4}[f]
    else:
        n = g.rint(2, 3)
        for i in range(n):
            p = g.rint(2, 8)
            ctl.append("<controller type='usb' index='%d' model='%s' ports='%d'/>" % (i, g.pick(["qemu-xhci", "nec-xhci"]), p))
            buses[i] = p
    # hubs: chains on bus 0
    free = {b: ["%d" % p for p in range(1, n + 1)] for b, n in buses.items()}
    for b in free:
        g.r.shuffle(free[b])
    hubs = []
    if g.chance(0.45):
        depth = g.rint(1, 3)
        b = g.pick(sorted(buses))
        parent = None
        for _ in range(depth):
            if parent is None:
                if not free[b]:
                    break
                port = free[b].pop()
            else:
                port = parent + "." + str(g.rint(1, 8))
            pinned = g.chance(0.7) or parent is not None
            hubs.append([port if pinned else None, b])
            if not pinned:
                break
            free[b] += ["%s.%d" % (port, k) for k in range(1, 9) if "%s.%d" % (port, k) not in [h[0] for h in hubs]]
            g.r.shuffle(free[b])
            parent = port
        # the hub a child hub hangs off is not free any more
        taken = {h[0] for h in hubs}
        for bb in free:
            free[bb] = [p for p in free[bb] if p not in taken]
    kinds = ["tablet", "keyboard", "mouse", "redirdev", "disk", "hostdev", "serial", "sound", "hub", "smartcard"]
    devs = []
    ndev = g.rint(1, 14)
    for _ in range(ndev):
        k = g.pick(kinds)
        if k == "smartcard":
            kinds.remove(k)
        addr = ""
        if k != "smartcard" and g.chance(0.35) and ndev + len(hubs) <= sum(buses.values()):
            b = g.pick(sorted(buses))
            if free[b]:
                addr = usba(b, free[b].pop())
        devs.append([k, addr])
    if any(k == "smartcard" for k, _ in devs) and g.chance(0.5):
        ctl.append("<controller type='ccid' index='0'/>")
    allpinned = [d for d in devs if d[1]]
    if g.hit("port-beyond-ports"):
        b = g.pick(sorted(buses))
        devs.append(["tablet", usba(b, buses[b] + g.rint(1, 3))])
    elif g.hit("dup-port"):
        a = allpinned[0][1] if allpinned else usba(0, 1)
        devs.append(["keyboard", a])
        if not allpinned:
            devs.append(["mouse", a])
    elif g.hit("hub-missing"):
        devs.append(["tablet", usba(0, "%d.%d" % (g.rint(1, buses[0]), g.rint(1, 8)))])
        hubs = []
    elif g.hit("hub-port-9"):
        hubs = [["1", 0]]
        devs = [d for d in devs if not d[1].startswith("<address type='usb' bus='0' port='1")]
        devs.append(["tablet", usba(0, "1.9")])
    elif g.hit("companion-no-master"):
        ctl = [c for c in ctl if "ehci" not in c]
        if not any("uhci" in c for c in ctl):
            ctl = ["<controller type='usb' index='0' model='ich9-uhci%d'/>" % g.rint(1, 3)]
    elif g.hit("companion-wrong-index"):
        ctl = ["<controller type='usb' index='0' model='ich9-ehci1'/>",
               "<controller type='usb' index='1' model='ich9-uhci1'><master startport='0'/></controller>"]
        buses = {0: 6}
        devs = [[k, ""] for k, _ in devs]
    elif g.hit("startport-beyond"):
        ctl = ["<controller type='usb' index='0' model='ich9-ehci1'/>",
               "<controller type='usb' index='0' model='ich9-uhci1'><master startport='%d'/></controller>" % g.pick([6, 7, 12])]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("companion-dup-startport"):
        ctl = ["<controller type='usb' index='0' model='ich9-ehci1'/>",
               "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>",
               "<controller type='usb' index='0' model='ich9-uhci2'><master startport='0'/></controller>"]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("ehci-only-companion-addresses"):
        s = g.slot()
        ctl = ["<controller type='usb' index='0' model='ich9-ehci1'>%s</controller>" % pci(0, s, 7),
               "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/>%s</controller>" % pci(0, s, 7)]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("ports-above-15"):
        ctl = ["<controller type='usb' index='0' model='%s' ports='%d'/>" % (g.pick(["qemu-xhci", "nec-xhci"]), g.rint(16, 20))]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("ports-zero-with-devices"):
        ctl = ["<controller type='usb' index='0' model='qemu-xhci' ports='0'/>"]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("usb-none-with-devices"):
        ctl = ["<controller type='usb' index='0' model='none'/>"]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("two-controllers-same-index"):
        ctl = ["<controller type='usb' index='0' model='qemu-xhci'/>",
               "<controller type='usb' index='0' model='%s'/>" % g.pick(["nec-xhci", "qemu-xhci", "piix3-uhci" if f in X86 else "pci-ohci"])]
        devs = [[k, ""] for k, _ in devs]
        hubs = []
    elif g.hit("bus-missing"):
        devs.append(["tablet", usba(max(buses) + g.rint(1, 3), 1)])
    elif g.hit("hub-on-hub-port-0"):
        hubs = [["1", 0], ["1.0", 0]]
        devs = [[k, ""] for k, _ in devs]
    for c in ctl:
        g.add(c)
    for port, b in hubs:
        g.add("<hub type='usb'>%s</hub>" % (usba(b, port) if port else ""))
    for k, a in devs:
        g.add(usb_device(g, k, a))


# --------------------------------------------------------------------------------------------
# memory devices


@recipe("memory-devices", 6, [("pc", 32), ("q35", 38), ("pseries", 15), ("virt", 10), ("s390x", 5)], 0.4, [
    ("count-above-slots", None), ("dup-slot", None), ("slot-out-of-range", None), ("no-maxMemory", None),
    ("no-numa", None), ("node-out-of-range", None), ("virtio-mem-dimm-address", ("pc", "q35", "virt")),
    ("virtio-pmem-dimm-address", X86), ("dimm-pci-address", None), ("exceeds-maxMemory", None),
    ("slots-zero", None), ("dimm-dup-base", X86), ("dimm-slot-negative", None), ("virtio-mem-dup-pci", X86),
    ("virtio-count-above-slots", ("pc", "q35", "virt"))])
def r_memory(g):
    f = g.fam
    slots = g.rint(1, 16)
    g.maxmem = (slots, 16777216)
    g.set_numa()
    models = ["dimm"]
    if f in X86:
        models += ["nvdimm", "virtio-mem", "virtio-pmem"]
    elif f == "virt":
        models += ["virtio-mem"]
    k = g.rint(0, slots)
    slot_models = ("dimm", "nvdimm")
    nslot = 0
    free_slots = list(range(slots))
    g.r.shuffle(free_slots)
    mems = []  # [model, addr, node]
    for i in range(k):
        m = g.pick(models)
        if m in slot_models:
            if nslot >= slots:
                m = "virtio-mem" if "virtio-mem" in models else None
                if m is None:
                    break
            else:
                nslot += 1
        addr = ""
        if m in slot_models and g.chance(0.4):
            addr = dimma(free_slots.pop())
        elif m in ("virtio-mem", "virtio-pmem") and g.chance(0.3):
            addr = g.pciaddr()
        mems.append([m, addr, g.rint(0, g.numa - 1)])
    g.filler(0, 1)

    def need(model="dimm"):
        for m in mems:
            if m[0] == model:
                return m
        mems.append([model, "", 0])
        return mems[-1]
    if g.hit("count-above-slots"):
        while sum(1 for m in mems if m[0] in slot_models) <= slots:
            mems.append(["dimm", "", 0])
    elif g.hit("dup-slot"):
        s = g.rint(0, slots - 1)
        mems = [m for m in mems if m[1] != dimma(s)]
        mems.append(["dimm", dimma(s), 0])
        mems.append(["dimm", dimma(s), 0])
    elif g.hit("slot-out-of-range"):
        mems.append(["dimm", dimma(slots + g.rint(0, 2)), 0])
    elif g.hit("no-maxMemory"):
        g.maxmem = None
        need()
    elif g.hit("no-numa"):
        g.numa = None
        g.vcpu = 1
        g.memory = 1048576
        need()
        for m in mems:
            m[2] = None
    elif g.hit("node-out-of-range"):
        need()[2] = g.numa + g.rint(0, 2)
    elif g.hit("virtio-mem-dimm-address"):
        mems.append(["virtio-mem", dimma(g.rint(0, slots)), 0])
    elif g.hit("virtio-pmem-dimm-address"):
        mems.append(["virtio-pmem", dimma(g.rint(0, slots)), 0])
    elif g.hit("dimm-pci-address"):
        mems.append(["dimm", pci(0, g.slot()), 0])
    elif g.hit("exceeds-maxMemory"):
        g.maxmem = (slots, g.memory + 131072)
        need()
        need()[0] = "dimm"
        mems.append(["dimm", "", 0])
    elif g.hit("slots-zero"):
        g.maxmem = (0, 16777216)
        need()
    elif g.hit("dimm-dup-base"):
        mems.append(["dimm", dimma(None, 0x100000000), 0])
        mems.append(["dimm", dimma(None, 0x100000000), 0])
    elif g.hit("dimm-slot-negative"):
        mems.append(["dimm", "<address type='dimm' slot='-1'/>", 0])
    elif g.hit("virtio-count-above-slots"):
        mems = [m for m in mems if m[0] not in slot_models]
        while len(mems) <= slots:
            mems.append(["virtio-mem", "", 0])
    elif g.hit("virtio-mem-dup-pci"):
        a = g.pciaddr()
        mems.append(["virtio-mem", a, 0])
        mems.append(["virtio-pmem", a, 0])
    for m, a, node in mems:
        if m == "dimm":
            x = d_dimm(g, a, node=node or 0)
        elif m == "nvdimm":
            x = d_nvdimm(g, a, node=node or 0)
        elif m == "virtio-mem":
            x = d_virtio_mem(g, a)
            if node:
                x = x.replace("<node>0</node>", "<node>%d</node>" % node)
        else:
            x = d_virtio_pmem(g, a)
        if node is None:
            x = x.replace("<node>0</node>", "")
        g.add(x)


# --------------------------------------------------------------------------------------------
# all-zero PCI addresses


ZERO_ADDRS = [
    ("empty", "<address type='pci'/>"),
    ("zeros", "<address type='pci' domain='0' bus='0' slot='0' function='0'/>"),
    ("zeros-hex", "<address type='pci' domain='0x0000' bus='0x00' slot='0x00' function='0x0'/>"),
    ("slot-only", "<address type='pci' slot='0'/>"),
]


def zero_pool(g):
    f = g.fam
    pool = ["disk", "nic", "rng", "vserial", "vscsi", "vsock", "vinput", "balloon"]
    if f != "s390x":
        pool += ["e1000", "xhci", "video", "shmem", "hostdev"]
    if f in X86:
        pool += ["ich6", "i6300esb"]
    return pool


def zero_dev(g, k, a):
    if k == "disk":
        return "<disk type='file' device='disk'><source file='%s'/><target dev='%s' bus='virtio'/>%s</disk>" % (g.img(), g.vd(), a)
    if k == "nic":
        return "<interface type='user'><mac address='%s'/><model type='virtio'/>%s</interface>" % (g.mac(), a)
    if k == "e1000":
        return "<interface type='user'><mac address='%s'/><model type='e1000'/>%s</interface>" % (g.mac(), a)
    if k == "rng":
        return "<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % a
    if k == "vserial":
        g.n["vsc"] += 1
        return "<controller type='virtio-serial' index='%d'>%s</controller>" % (g.n["vsc"] - 1, a)
    if k == "vscsi":
        g.n["scsic"] += 1
        return "<controller type='scsi' index='%d' model='virtio-scsi'>%s</controller>" % (g.n["scsic"] - 1, a)
    if k == "vsock":
        return "<vsock model='virtio'><cid auto='yes'/>%s</vsock>" % a
    if k == "vinput":
        return "<input type='%s' bus='virtio'>%s</input>" % (g.pick(["tablet", "keyboard", "mouse"]), a)
    if k == "balloon":
        return "<memballoon model='virtio'>%s</memballoon>" % a
    if k == "xhci":
        return "<controller type='usb' index='0' model='qemu-xhci'>%s</controller>" % a
    if k == "video":
        return "<video><model type='virtio'/>%s</video>" % a
    if k == "shmem":
        g.n["shm"] += 1
        return "<shmem name='cg-shm%d'><model type='ivshmem-plain'/><size unit='M'>4</size>%s</shmem>" % (g.n["shm"], a)
    if k == "hostdev":
        return pci_hostdev(g, host_pci_sources(g, 1)[0], a, extra="")
    if k == "ich6":
        return "<sound model='ich6'>%s</sound>" % a
    if k == "i6300esb":
        return "<watchdog model='i6300esb' action='reset'>%s</watchdog>" % a
    raise ValueError(k)


@recipe("zero-pci", 4, [("pc", 25), ("q35", 25), ("s390x", 15), ("pseries", 15), ("virt", 20)], 0.4, [
    ("zero-slot-function", None), ("zero-multifunction", None), ("zero-nonzero-domain", None),
    ("zero-bus-only", None), ("zero-with-zpci", None)])
def r_zero(g):
    pool = zero_pool(g)
    once = {"vsock", "balloon", "xhci", "video", "i6300esb"}
    chosen = []
    for _ in range(g.rint(2, 7)):
        k = g.pick(pool)
        if k in once:
            pool.remove(k)
        a = g.pick([z for _, z in ZERO_ADDRS] + ["", ""])
        chosen.append([k, a])
    if not any(a for _, a in chosen):
        chosen[0][1] = ZERO_ADDRS[0][1]
    if g.hit("zero-slot-function"):
        chosen[0][1] = pci(0, 0, g.rint(1, 7))
    elif g.hit("zero-multifunction"):
        chosen[0][1] = pci(0, 0, 0, mf=g.pick(["on", "off"]))
    elif g.hit("zero-nonzero-domain"):
        chosen[0][1] = pci(0, 0, 0, dom=1)
    elif g.hit("zero-bus-only"):
        chosen[0][1] = "<address type='pci' bus='0x%02x'/>" % g.rint(1, 3)
    elif g.hit("zero-with-zpci"):
        chosen[0][1] = pci(0, 0, 0, zpci=(g.rint(1, 5), g.rint(0, 5)))
    for k, a in chosen:
        g.add(zero_dev(g, k, a))


# --------------------------------------------------------------------------------------------
# disk targets


def prefixes(g):
    f = g.fam
    p = ["vd", "sd"]
    if f == "pc":
        p += ["hd", "fd"]
    if f == "q35":
        p += ["fd"]
    return p


@recipe("disk-targets", 4, [("pc", 30), ("q35", 30), ("s390x", 13), ("pseries", 14), ("virt", 13)], 0.4, [
    ("no-target", None), ("unknown-prefix", None), ("no-letter", None), ("partition-suffix", None),
    ("uppercase", None), ("dup-target", None), ("hd-without-bus-off-pc", ("q35", "s390x", "pseries", "virt")),
    ("fd-without-bus-off-x86", ("s390x", "pseries", "virt")), ("bus-prefix-mismatch", None),
    ("target-bus-only", None), ("empty-dev", None), ("floppy-fdc-beyond", X86)])
def r_disks(g):
    used = set()
    disks = []  # [dev, bus, device]
    for _ in range(g.rint(1, 6)):
        pre = g.pick(prefixes(g))
        idx = g.pick([g.rint(0, 7), g.rint(0, 7), g.rint(8, 40), g.rint(26, 60), g.rint(700, 720)])
        if pre == "hd":
            idx = g.rint(0, 3)
        if pre == "fd":
            idx = g.rint(0, 1)
        dev = pre + disk_suffix(idx)
        if dev in used:
            continue
        used.add(dev)
        bus = None
        if g.chance(0.3):
            bus = {"vd": "virtio", "sd": g.pick(["scsi", "scsi", "sata", "usb"]) if g.fam == "q35" else "scsi",
                   "hd": "ide", "fd": "fdc"}[pre]
        device = "floppy" if pre == "fd" else g.pick(["disk", "disk", "cdrom"]) if pre in ("sd", "hd") else "disk"
        disks.append([dev, bus, device])
    if g.hit("no-target"):
        disks.append([None, None, "disk"])
    elif g.hit("unknown-prefix"):
        disks.append([g.pick(["xvda", "ubda", "mmcblk0", "nvme0n1", "disk1", "hda1x"]), None, "disk"])
    elif g.hit("no-letter"):
        disks.append([g.pick(["vd", "sd", "hd"]), None, "disk"])
    elif g.hit("partition-suffix"):
        disks.append([g.pick(["sda1", "vdb2", "vda0"]), None, "disk"])
    elif g.hit("uppercase"):
        disks.append([g.pick(["vdA", "SDA", "Vdb"]), None, "disk"])
    elif g.hit("dup-target"):
        disks.append([disks[0][0], disks[0][1], disks[0][2]])
    elif g.hit("hd-without-bus-off-pc"):
        disks.append(["hd" + g.pick("abcd"), None, g.pick(["disk", "cdrom"])])
    elif g.hit("fd-without-bus-off-x86"):
        disks.append(["fda", None, "floppy"])
    elif g.hit("bus-prefix-mismatch"):
        disks.append([g.pick(["vdc", "hdb", "fdb"]), "scsi", "disk"] if g.chance(0.5) else ["sdq", "virtio", "disk"])
    elif g.hit("target-bus-only"):
        disks.append(["", "virtio", "disk"])
        disks[-1][0] = None
        disks[-1].append("bus-only")
    elif g.hit("empty-dev"):
        disks.append(["", None, "disk"])
    elif g.hit("floppy-fdc-beyond"):
        disks += [["fda", "fdc", "floppy"], ["fdc", "fdc", "floppy"]]
    for d in disks:
        dev, bus, device = d[:3]
        src = "<source file='%s'/>" % g.img()
        ro = "<readonly/>" if device == "cdrom" else ""
        if len(d) > 3:
            tgt = "<target bus='%s'/>" % bus
        elif dev is None:
            tgt = ""
        else:
            tgt = "<target dev='%s'%s/>" % (dev, " bus='%s'" % bus if bus else "")
        g.add("<disk type='file' device='%s'>%s%s%s</disk>" % (device, src, tgt, ro))
    if any(d[1] == "scsi" or (d[0] or "").startswith("sd") for d in disks) and g.chance(0.3):
        g.add("<controller type='scsi' index='0' model='%s'/>" % g.pick(scsi_models(g)))
    if g.chance(0.3):
        g.nic()


# --------------------------------------------------------------------------------------------
# everything else that carries an address


def misc_items(g):
    f = g.fam
    items = ["vsock", "rng", "balloon", "fs9p", "vinput", "channel", "video"]
    if f in X86:
        items += ["iommu", "tpm", "sound", "shmem", "evdev", "redirdev", "watchdog", "panic", "audio", "virtiofs"]
    if f == "q35":
        items += ["viommu"]
    if f == "pseries":
        items += ["nvram", "tpm-spapr", "shmem", "redirdev", "panic"]
    if f == "virt":
        items += ["smmuv3", "shmem", "tpm", "virtiofs"]
    if f == "s390x":
        items += ["watchdog", "panic", "virtiofs"]
    return items


def misc_dev(g, k, pin, st):
    f = g.fam

    def pa():
        if not pin:
            return ""
        if f == "s390x" and k not in ("shmem",):
            return ccw(g.ccwdevno())
        return g.pciaddr()
    if k == "vsock":
        cid = "<cid auto='yes'/>" if g.chance(0.5) else "<cid auto='no' address='%d'/>" % g.rint(3, 1000)
        return "<vsock model='virtio'>%s%s</vsock>" % (cid, pa())
    if k == "rng":
        be = g.pick(["<backend model='random'>/dev/urandom</backend>", "<backend model='builtin'/>",
                     "<backend model='egd' type='tcp'><source mode='connect' host='localhost' service='1234'/></backend>"])
        return "<rng model='%s'>%s%s</rng>" % (g.pick(["virtio", "virtio", "virtio-transitional"]) if f != "s390x" else "virtio", be, pa())
    if k == "balloon":
        m = g.pick(["virtio", "virtio", "none"])
        if m == "none":
            return "<memballoon model='none'/>"
        return "<memballoon model='virtio'>%s%s</memballoon>" % ("<stats period='10'/>" if g.chance(0.3) else "", pa())
    if k == "fs9p":
        g.n["fs"] += 1
        return ("<filesystem type='mount' accessmode='%s'><source dir='/tmp'/><target dir='share%d'/>%s</filesystem>"
                % (g.pick(["mapped", "squash", "passthrough"]), g.n["fs"], pa()))
    if k == "virtiofs":
        g.membacking = True
        g.n["fs"] += 1
        return ("<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/tmp'/>"
                "<target dir='vfs%d'/>%s</filesystem>" % (g.n["fs"], pa()))
    if k == "vinput":
        t = g.pick(["tablet", "keyboard", "mouse", "passthrough"])
        if t == "passthrough":
            return "<input type='passthrough' bus='virtio'><source evdev='/dev/input/event%d'/>%s</input>" % (g.rint(0, 9), pa())
        return "<input type='%s' bus='virtio'>%s</input>" % (t, pa())
    if k == "evdev":
        return "<input type='evdev'><source dev='/dev/input/event%d'/></input>" % g.rint(10, 19)
    if k == "channel":
        st["port"] = st.get("port", 0) + 1
        a = vsa(0, 0, st["port"]) if pin else ""
        return "<channel type='unix'><source mode='bind'/><target type='virtio' name='org.example.cg%d'/>%s</channel>" % (st["port"], a)
    if k == "video":
        if st.get("video"):
            return None
        st["video"] = True
        m = {"pc": ["vga", "cirrus", "qxl", "virtio", "bochs", "none", "ramfb"],
             "q35": ["vga", "qxl", "virtio", "bochs", "none", "ramfb"],
             "s390x": ["virtio"], "pseries": ["vga", "virtio", "bochs"], "virt": ["virtio", "vga", "bochs", "ramfb"]}[f]
        m = g.pick(m)
        if m in ("none", "ramfb"):
            return "<video><model type='%s'/></video>" % m
        return "<video><model type='%s'/>%s</video>" % (m, pa() if m != "none" else "")
    if k == "ramfb":
        return "<video><model type='ramfb'/></video>"
    if k == "iommu":
        if f == "q35" and g.chance(0.5):
            g.features += ["acpi", "ioapic"]
            return "<iommu model='intel'><driver intremap='on' caching_mode='on' iotlb='on'/></iommu>"
        return "<iommu model='intel'/>" if f == "q35" else None
    if k == "viommu":
        if "acpi" not in g.features:
            g.features.append("acpi")
        return "<iommu model='virtio'>%s</iommu>" % (pci(0, g.slot()) if pin else "")
    if k == "smmuv3":
        return "<iommu model='smmuv3'/>"
    if k == "tpm":
        m = {"pc": ["tpm-tis"], "q35": ["tpm-tis", "tpm-crb"], "virt": ["tpm-tis"]}[f]
        return "<tpm model='%s'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>" % g.pick(m)
    if k == "tpm-spapr":
        return "<tpm model='tpm-spapr'><backend type='passthrough'><device path='/dev/tpm0'/></backend>%s</tpm>" % (
            vio(0x5000) if pin else "")
    if k == "sound":
        m = g.pick(["ich6", "ich9", "ac97", "es1370", "sb16", "pcspk", "usb"])
        codecs = ""
        if m in ("ich6", "ich9") and g.chance(0.6):
            codecs = "".join("<codec type='%s'/>" % c for c in g.r.sample(["duplex", "micro", "output"], g.rint(1, 3)))
        a = ""
        if pin and m in ("ich6", "ich9", "ac97", "es1370"):
            a = g.pciaddr()
        return "<sound model='%s'>%s%s</sound>" % (m, codecs, a)
    if k == "audio":
        st["audio"] = st.get("audio", 0) + 1
        return "<audio id='%d' type='%s'/>" % (st["audio"], g.pick(["none", "pulseaudio", "file"]))
    if k == "shmem":
        g.n["shm"] += 1
        if g.chance(0.3):
            return ("<shmem name='cg-db%d'><model type='ivshmem-doorbell'/><server path='/tmp/cg-ivsh%d'/>"
                    "<msi vectors='32' ioeventfd='on'/>%s</shmem>" % (g.n["shm"], g.n["shm"], pa()))
        return "<shmem name='cg-shm%d'><model type='ivshmem-plain'/><size unit='M'>%d</size>%s</shmem>" % (
            g.n["shm"], g.pick([1, 4, 32]), pa())
    if k == "redirdev":
        g.n["redir"] += 1
        s = ("<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='%d'/>%s</redirdev>"
             % (4000 + g.n["redir"], usba(0, g.rint(1, 2)) if pin and g.n["redir"] == 1 else ""))
        if not st.get("filter") and g.chance(0.6):
            st["filter"] = True
            s2 = ("<redirfilter><usbdev class='0x08' vendor='0x1234' product='0xbeef' version='2.0' allow='yes'/>"
                  "<usbdev allow='no'/></redirfilter>")
            g.add(s2)
        return s
    if k == "watchdog":
        if st.get("watchdog"):
            return None
        st["watchdog"] = True
        if f == "s390x":
            return "<watchdog model='diag288' action='%s'/>" % g.pick(["reset", "poweroff", "inject-nmi"])
        m = g.pick(["i6300esb", "ib700"])
        return "<watchdog model='%s' action='%s'>%s</watchdog>" % (
            m, g.pick(["reset", "poweroff", "pause", "none", "dump"]), pa() if m == "i6300esb" else "")
    if k == "panic":
        m = {"pc": ["isa", "hyperv"], "q35": ["isa", "hyperv"], "pseries": ["pseries"], "s390x": ["s390"]}[f]
        m = g.pick(m)
        if st.get("panic-" + m):
            return None
        st["panic-" + m] = True
        a = isa(0x505) if m == "isa" and pin else ""
        return "<panic model='%s'>%s</panic>" % (m, a)
    if k == "nvram":
        if st.get("nvram"):
            return None
        st["nvram"] = True
        return "<nvram>%s</nvram>" % (vio(0x3000 + 0x1000 * g.rint(0, 4)) if pin else "")
    raise ValueError(k)


@recipe("misc-devices", 7, [("pc", 27), ("q35", 30), ("s390x", 13), ("pseries", 15), ("virt", 15)], 0.4, [
    ("two-vsocks", None), ("two-iommus", ("q35", "virt")), ("vsock-cid-2", None), ("dup-shmem-name", NOT390),
    ("dup-pci-address", None), ("two-watchdogs", ("pc", "q35", "s390x")), ("two-tpms", ("pc", "q35", "virt")),
    ("intel-iommu-on-pc", ("pc",)), ("smmuv3-on-q35", ("q35",)), ("virtiofs-without-shared-memory", ("pc", "q35", "virt", "s390x")),
    ("sound-audio-missing", X86), ("nvram-off-pseries", ("pc", "q35", "s390x", "virt")), ("panic-wrong-model", None),
    ("codec-on-ac97", X86), ("dup-nvram-reg", ("pseries",)), ("virtio-iommu-without-acpi", ("q35",)),
    ("intel-iommu-intremap-without-ioapic", ("q35",)), ("two-balloons", None), ("ramfb-twice", ("pc", "q35", "virt")),
    ("dup-channel-name", None)])
def r_misc(g):
    items = misc_items(g)
    st = {}
    chosen = g.r.sample(items, min(len(items), g.rint(2, 6)))
    if "iommu" in chosen and "viommu" in chosen:  # one IOMMU per domain
        chosen.remove("viommu")
    for k in chosen:
        x = misc_dev(g, k, g.chance(0.3), st)
        if x:
            g.add(x)
    f = g.fam
    if g.hit("two-vsocks"):
        g.add("<vsock model='virtio'><cid auto='yes'/></vsock>")
        g.add("<vsock model='virtio'><cid auto='no' address='7'/></vsock>")
    elif g.hit("two-iommus"):
        if f == "q35":
            g.add("<iommu model='intel'/>")
            g.add("<iommu model='intel'/>")
        else:
            g.add("<iommu model='smmuv3'/>")
            g.add("<iommu model='smmuv3'/>")
    elif g.hit("vsock-cid-2"):
        g.add("<vsock model='virtio'><cid auto='no' address='%d'/></vsock>" % g.pick([0, 1, 2]))
    elif g.hit("dup-shmem-name"):
        g.add("<shmem name='cg-dup'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>")
        g.add("<shmem name='cg-dup'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>")
    elif g.hit("dup-pci-address"):
        a = g.pciaddr(zp=False)
        g.add("<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % a)
        g.add("<vsock model='virtio'><cid auto='yes'/>%s</vsock>" % a if "vsock" not in chosen else
              "<input type='tablet' bus='virtio'>%s</input>" % a)
    elif g.hit("two-watchdogs"):
        if f == "s390x":
            g.add("<watchdog model='diag288' action='reset'/>")
            g.add("<watchdog model='diag288' action='reset'/>")
        else:
            g.add("<watchdog model='i6300esb' action='reset'/>")
            g.add("<watchdog model='ib700' action='reset'/>")
    elif g.hit("two-tpms"):
        g.add("<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>")
        g.add("<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm1'/></backend></tpm>")
    elif g.hit("intel-iommu-on-pc"):
        g.add("<iommu model='intel'/>")
    elif g.hit("smmuv3-on-q35"):
        g.add("<iommu model='smmuv3'/>")
    elif g.hit("virtiofs-without-shared-memory"):
        g.add("<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/tmp'/>"
              "<target dir='noshm'/></filesystem>")
        g.membacking = False
        g.devs = [d for d in g.devs if not (d.tag == "filesystem" and d.find("driver") is not None
                                            and d.find("target").get("dir") != "noshm")]
    elif g.hit("sound-audio-missing"):
        g.add("<sound model='ich9'><audio id='%d'/></sound>" % (st.get("audio", 0) + 3))
    elif g.hit("nvram-off-pseries"):
        g.add("<nvram/>")
    elif g.hit("panic-wrong-model"):
        g.add("<panic model='%s'/>" % {"pc": "pseries", "q35": "s390", "s390x": "isa", "pseries": "hyperv", "virt": "isa"}[f])
    elif g.hit("codec-on-ac97"):
        g.add("<sound model='ac97'><codec type='duplex'/></sound>")
    elif g.hit("dup-nvram-reg"):
        g.add("<interface type='user'><mac address='%s'/><model type='spapr-vlan'/>%s</interface>" % (g.mac(), vio(0x3000)))
        g.devs = [d for d in g.devs if d.tag != "nvram"]
        g.add("<nvram>%s</nvram>" % vio(0x3000))
    elif g.hit("virtio-iommu-without-acpi"):
        g.devs = [d for d in g.devs if d.tag != "iommu"]
        g.features = []
        g.add("<iommu model='virtio'/>")
    elif g.hit("intel-iommu-intremap-without-ioapic"):
        g.devs = [d for d in g.devs if d.tag != "iommu"]
        g.features = [x for x in g.features if x != "ioapic"]
        g.add("<iommu model='intel'><driver intremap='on'/></iommu>")
    elif g.hit("two-balloons"):
        g.devs = [d for d in g.devs if d.tag != "memballoon"]
        g.add("<memballoon model='virtio'/>")
        g.add("<memballoon model='virtio'/>")
    elif g.hit("ramfb-twice"):
        g.add("<video><model type='ramfb'/></video>")
        g.add("<video><model type='ramfb'/></video>")
    elif g.hit("dup-channel-name"):
        for _ in range(2):
            g.add("<channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>")
    g.features = list(dict.fromkeys(g.features))
    if any(d.tag == "graphics" for d in g.devs) is False and g.chance(0.2) and g.fam != "s390x":
        g.add("<graphics type='vnc' autoport='yes'/>")


# --------------------------------------------------------------------------------------------
# machine defaults and controller order


def explicit_controllers(g):
    f = g.fam
    c = []
    if f == "pc":
        c.append("<controller type='pci' index='0' model='pci-root'/>")
        c.append("<controller type='usb' index='0' model='piix3-uhci'/>")
        c.append("<controller type='ide' index='0'/>")
        if g.chance(0.5):
            c.append("<controller type='fdc' index='0'/>")
        for i in range(g.rint(0, 2)):
            c.append("<controller type='pci' index='%d' model='pci-bridge'/>" % (i + 1))
    elif f in ("q35", "virt"):
        c.append("<controller type='pci' index='0' model='pcie-root'/>")
        n = g.rint(1, 5)
        for i in range(n):
            c.append("<controller type='pci' index='%d' model='pcie-root-port'/>" % (i + 1))
        if f == "q35":
            c.append("<controller type='sata' index='0'/>")
        c.append("<controller type='usb' index='0' model='qemu-xhci'/>")
    elif f == "pseries":
        c.append("<controller type='pci' index='0' model='pci-root'><model name='spapr-pci-host-bridge'/><target index='0'/></controller>")
        if g.chance(0.5):
            c.append("<controller type='pci' index='1' model='pci-root'><model name='spapr-pci-host-bridge'/><target index='1'/></controller>")
        c.append("<controller type='usb' index='0' model='qemu-xhci'/>")
    else:
        c.append("<controller type='pci' index='0' model='pci-root'/>")
    if g.chance(0.6):
        c.append("<controller type='virtio-serial' index='0'%s/>" % (" ports='%d'" % g.rint(1, 31) if g.chance(0.4) else ""))
    if g.chance(0.5):
        c.append("<controller type='scsi' index='0' model='%s'/>" % g.pick(scsi_models(g)))
    return c


@recipe("machine-defaults", 4, [("pc", 20), ("q35", 20), ("s390x", 20), ("pseries", 20), ("virt", 20)], 0.35, [
    ("root-wrong-type", None), ("root-index-nonzero", None), ("dup-controller-index", None),
    ("usb-none-with-tablet", USBFAMS), ("unknown-controller-type", None), ("pci-bridge-index-0", ("pc",)),
    ("root-port-index-0", ("q35", "virt")), ("second-root", None), ("controller-index-negative", None),
    ("root-with-address", None)])
def r_machine_defaults(g):
    variant = g.pick(["empty", "no-devices-element", "odd-order", "odd-order", "descending", "controllers-after",
                      "noindex", "only-controllers"])
    if g.fault != "none" and variant in ("empty", "no-devices-element"):
        variant = "odd-order"
    if variant == "empty":
        return
    if variant == "no-devices-element":
        g.no_devices = True
        return
    ctl = explicit_controllers(g)
    others = []
    if variant != "only-controllers":
        for _ in range(g.rint(1, 3)):
            others.append(g.pick(["disk", "nic"]))
    if variant == "odd-order":
        g.r.shuffle(ctl)
    elif variant == "descending":
        ctl = list(reversed(ctl))
    elif variant == "noindex":
        ctl = [c.replace(" index='0'", "", 1) if "index='0'" not in c or "model='pci-root'" not in c else c for c in ctl]
        ctl = [re.sub(r" index='\d+'", "", c) if "root-port" in c or "pci-bridge" in c else c for c in ctl]
    if g.hit("root-wrong-type"):
        ctl = [c for c in ctl if "pci-root" not in c and "pcie-root'" not in c]
        ctl.insert(0, "<controller type='pci' index='0' model='%s'/>" % ("pcie-root" if g.fam in ("pc", "pseries", "s390x") else "pci-root"))
    elif g.hit("root-index-nonzero"):
        ctl = [c.replace("index='0' model='pci-root'", "index='%d' model='pci-root'" % g.rint(1, 3))
               .replace("index='0' model='pcie-root'", "index='%d' model='pcie-root'" % g.rint(1, 3)) for c in ctl]
    elif g.hit("dup-controller-index"):
        ctl.append(g.pick(["<controller type='virtio-serial' index='0'/><controller type='virtio-serial' index='0'/>",
                           "<controller type='scsi' index='2' model='%s'/><controller type='scsi' index='2'/>" % g.pick(scsi_models(g))]))
    elif g.hit("usb-none-with-tablet"):
        ctl = [c for c in ctl if "type='usb'" not in c] + ["<controller type='usb' model='none'/>"]
        others.append("tablet")
    elif g.hit("unknown-controller-type"):
        ctl.append("<controller type='%s' index='0'/>" % g.pick(["nvme", "foo", "pcie"]))
    elif g.hit("pci-bridge-index-0"):
        ctl.append("<controller type='pci' index='0' model='pci-bridge'/>")
    elif g.hit("root-port-index-0"):
        ctl.append("<controller type='pci' index='0' model='pcie-root-port'/>")
    elif g.hit("second-root"):
        ctl.append("<controller type='pci' index='%d' model='%s'/>" % (
            g.rint(5, 9), "pci-root" if g.fam in ("pc", "pseries", "s390x") else "pcie-root"))
    elif g.hit("controller-index-negative"):
        ctl.append("<controller type='virtio-serial' index='-1'/>")
    elif g.hit("root-with-address"):
        ctl = [c for c in ctl if "-root'" not in c and "model='pci-root'>" not in c]
        root = "pcie-root" if g.fam in ("q35", "virt") else "pci-root"
        ctl.insert(0, "<controller type='pci' index='0' model='%s'>%s</controller>" % (root, pci(0, 0x1e)))
    blocks = []
    for c in ctl:
        blocks += [ET.tostring(x, encoding="unicode") for x in ET.fromstring("<x>%s</x>" % c)]
    devxml = []
    for o in others:
        if o == "disk":
            devxml.append("<disk type='file' device='disk'><source file='%s'/><target dev='%s' bus='virtio'/></disk>" % (g.img(), g.vd()))
        elif o == "nic":
            devxml.append("<interface type='user'><mac address='%s'/><model type='virtio'/></interface>" % g.mac())
        else:
            devxml.append("<input type='tablet' bus='usb'/>")
    if variant == "controllers-after":
        order = devxml + blocks
    elif variant == "odd-order":
        order = blocks + devxml
        g.r.shuffle(order)
    else:
        order = blocks + devxml
    for x in order:
        g.add(x)


# --------------------------------------------------------------------------------------------
# driver


def draw_cases(seed, count, only):
    names = [n for n in RECIPES if not only or n in only]
    if not names:
        raise SystemExit("no recipe selected")
    pairs = [(n, RECIPES[n].weight) for n in names]
    cases = []
    for i in range(count):
        ident = "c%04d" % (i + 1)
        rng = random.Random("classgen/%d/%d" % (seed, i))
        name = wpick(rng, pairs)
        rec = RECIPES[name]
        fam = wpick(rng, rec.fams)
        g = G(rng, fam)
        if rng.random() < rec.pfault:
            fl = rec.faults_for(fam)
            if fl:
                g.fault = rng.choice(fl)
        rec.fn(g)
        if g.fault != "none" and not g.applied:
            raise AssertionError("%s: fault %s of %s was not applied" % (ident, g.fault, name))
        if fam in UNKNOWN_MACHINES and g.fault == "none" and rng.random() < 0.03:
            g.machine = rng.choice(UNKNOWN_MACHINES[fam])
            g.fault = "machine-unknown"
        cases.append((ident, fam, name, g.fault, g.text(ident)))
    return cases


def summary(rows, top=0):
    lines = []
    acc = sum(1 for r in rows if r[4] == "accepted")
    lines.append("%d cases: %d accepted, %d rejected" % (len(rows), acc, len(rows) - acc))
    for col, title in ((1, "machine"), (2, "recipe")):
        lines.append("")
        lines += table(rows, title, lambda r: [r[col]], 28)
    clean = [r for r in rows if r[3] == "none"]
    lines.append("")
    lines.append("clean cases: %d, accepted %d; faulty cases: %d, accepted %d" % (
        len(clean), sum(1 for r in clean if r[4] == "accepted"), len(rows) - len(clean),
        sum(1 for r in rows if r[3] != "none" and r[4] == "accepted")))
    if top:
        lines.append("")
        lines.append("top rejection messages (quoted values X, numbers N):")
        c = collections.Counter(shape(r[5]) for r in rows if r[4] == "rejected")
        for msg, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            lines.append("%5d  %s" % (n, msg))
    return "\n".join(lines)


def main():
    ap = cli.parser(__doc__, first_line=True)
    cli.add_run(ap, 1500, uri=False)
    cli.add_only(ap)
    cli.add_judging(ap)
    cli.add_summarize(ap)
    args = ap.parse_args()
    if args.summarize:
        rows = read_manifest(args.out)
        print(summary(rows, top=25))
        return
    only = cli.only(args)
    for o in only:
        if o not in RECIPES:
            raise SystemExit("unknown recipe %s (known: %s)" % (o, ", ".join(RECIPES)))
    cases = draw_cases(args.seed, args.count, only)
    out = args.out
    # everything is written to a staging directory and moved into OUT at the end, so that OUT
    # never holds a half-written corpus (inputs without manifest or outputs)
    rows = judge_and_write(cases, out, PREFIX, args.workers, args.dry_run)
    if rows is None:
        return
    print(summary(rows, top=15))


if __name__ == "__main__":
    main()
