"""Domain XML for the generators: ElementTree helpers, libvirt's output made an input again, and
text snippets (the sweeps write their inputs as text, to control every spelling).

ElementTree: E() builds an element; addr/atype/set_addr/copy_addr/with_addr read and write a
device's <address>; devices_of, controllers; num reads a number as libvirt does (base 0);
to_text serialises with two-space indentation. disk_suffix gives libvirt's disk letters.
Text: Dom (a domain under construction) and domain_text, the addr_* spellings, and snippets of
common devices (disk, ctrl, nic, channel, console_virtio, simple, video, rngdev).
"""

import copy
import xml.etree.ElementTree as ET


# --------------------------------------------------------------------------------------------
# ElementTree


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


# --------------------------------------------------------------------------------------------
# libvirt's output as an input


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
# text: number spellings, a domain under construction, device snippets


def hexs(n, width=2):
    return "0x%0*x" % (width, n)


def spell(rng, n, width=2, style=None):
    """A spelling of n that libvirt reads as n (base 0 parsing for PCI attributes)."""
    style = style or rng.choice(["hex", "hex", "dec", "HEX", "short", "lead0x", "ws"])
    if style == "hex":
        return "0x%0*x" % (width, n)
    if style == "dec":
        return str(n)
    if style == "HEX":
        return "0X%0*X" % (width, n)
    if style == "short":
        return "0x%x" % n
    if style == "lead0x":
        return "0x%06x" % n
    if style == "ws":
        return " 0x%x" % n
    return str(n)


class Dom:
    def __init__(self, rng, machine, arch="x86_64"):
        self.rng = rng
        self.machine = machine
        self.arch = arch
        self.devs = []
        self.features = []
        self.macn = 0
        self.chan = 0
        self.shm = 0
        self.graphics = None
        self.memory = rng.choice([262144, 524288, 1048576])

    @property
    def fam(self):
        return "q35" if self.machine and "q35" in self.machine else "pc"

    def add(self, s):
        self.devs.append(s)
        return s

    def mac(self):
        self.macn += 1
        return "52:54:00:5e:%02x:%02x" % (self.macn // 256, self.macn % 256)

    def text(self, name):
        attrs = ""
        if self.arch:
            attrs += " arch='%s'" % self.arch
        if self.machine:
            attrs += " machine='%s'" % self.machine
        devs = self.devs + (["<graphics type='%s'/>" % self.graphics] if self.graphics else [])
        return domain_text(name, attrs, devs, "<memory unit='KiB'>%d</memory>" % self.memory, features=self.features)


def domain_text(name, type_attrs, devices, memory, vcpu="<vcpu>1</vcpu>", features=()):
    """A domain as text, two spaces a level: `devices` are snippets (a snippet's lines are
    indented under <devices>), `type_attrs` the attributes of <os><type> (with a leading blank)."""
    out = ["<domain type='qemu'>", "  <name>%s</name>" % name, "  " + memory, "  " + vcpu,
           "  <os>", "    <type%s>hvm</type>" % type_attrs, "  </os>"]
    if features:
        out.append("  <features>")
        out += ["    " + f for f in features]
        out.append("  </features>")
    out.append("  <devices>")
    for d in devices:
        for line in d.strip("\n").split("\n"):
            out.append("    " + line)
    out.append("  </devices>")
    out.append("</domain>")
    return "\n".join(out) + "\n"


def addr_pci(bus=None, slot=None, fn=None, mf=None, domain=None, rng=None, style=None):
    parts = []
    sp = (lambda n, w=2: spell(rng, n, w, style)) if rng else (lambda n, w=2: hexs(n, w))
    if domain is not None:
        parts.append("domain='%s'" % (domain if isinstance(domain, str) else sp(domain, 4)))
    if bus is not None:
        parts.append("bus='%s'" % (bus if isinstance(bus, str) else sp(bus)))
    if slot is not None:
        parts.append("slot='%s'" % (slot if isinstance(slot, str) else sp(slot)))
    if fn is not None:
        parts.append("function='%s'" % (fn if isinstance(fn, str) else sp(fn, 1)))
    if mf is not None:
        parts.append("multifunction='%s'" % mf)
    return "<address type='pci' %s/>" % " ".join(parts) if parts else "<address type='pci'/>"


def addr_drive(controller=None, bus=None, target=None, unit=None):
    parts = []
    for k, v in (("controller", controller), ("bus", bus), ("target", target), ("unit", unit)):
        if v is not None:
            parts.append("%s='%s'" % (k, v))
    return "<address type='drive'%s/>" % ("".join(" " + p for p in parts))


def addr_usb(bus=None, port=None):
    parts = []
    if bus is not None:
        parts.append("bus='%s'" % bus)
    if port is not None:
        parts.append("port='%s'" % port)
    return "<address type='usb'%s/>" % ("".join(" " + p for p in parts))


def addr_vser(controller=None, bus=None, port=None):
    parts = []
    for k, v in (("controller", controller), ("bus", bus), ("port", port)):
        if v is not None:
            parts.append("%s='%s'" % (k, v))
    return "<address type='virtio-serial'%s/>" % ("".join(" " + p for p in parts))


def disk(name, bus, device="disk", address="", boot=None, fmt="raw"):
    inner = []
    if device == "disk":
        inner.append("<driver name='qemu' type='%s'/>" % fmt)
        inner.append("<source file='/var/lib/libvirt/images/sw-%s.img'/>" % name)
    elif device == "floppy":
        inner.append("<source file='/var/lib/libvirt/images/sw-%s.img'/>" % name)
    inner.append("<target dev='%s' bus='%s'/>" % (name, bus))
    if device == "cdrom":
        inner.append("<readonly/>")
    if boot is not None:
        inner.append("<boot order='%d'/>" % boot)
    if address:
        inner.append(address)
    return "<disk type='file' device='%s'>\n%s\n</disk>" % (device, "\n".join("  " + i for i in inner))


def ctrl(ctype, index=None, model=None, address="", extra="", inner=""):
    a = "type='%s'" % ctype
    if index is not None:
        a += " index='%s'" % index
    if model is not None:
        a += " model='%s'" % model
    if extra:
        a += " " + extra
    body = "\n".join("  " + x for x in [inner, address] if x)
    if body:
        return "<controller %s>\n%s\n</controller>" % (a, body)
    return "<controller %s/>" % a


def nic(d, model="virtio", address="", extra=""):
    inner = ["<mac address='%s'/>" % d.mac()]
    if model:
        inner.append("<model type='%s'/>" % model)
    if extra:
        inner.append(extra)
    if address:
        inner.append(address)
    return "<interface type='user'>\n%s\n</interface>" % "\n".join("  " + i for i in inner)


def channel(d, name=None, address="", ctype="unix"):
    if name is None:
        name = "org.sweep.ch.%d" % d.chan
        d.chan += 1
    s = "<channel type='%s'>\n  <target type='virtio' name='%s'/>\n" % (ctype, name)
    if address:
        s += "  %s\n" % address
    return s + "</channel>"


def console_virtio(address=""):
    return "<console type='pty'>\n  <target type='virtio'/>\n%s</console>" % ("  %s\n" % address if address else "")


def simple(tag, attrs="", inner=(), address=""):
    body = list(inner) + ([address] if address else [])
    if body:
        return "<%s%s>\n%s\n</%s>" % (tag, (" " + attrs) if attrs else "", "\n".join("  " + b for b in body), tag)
    return "<%s%s/>" % (tag, (" " + attrs) if attrs else "")


def video(model, address="", extra=""):
    return "<video>\n  <model type='%s'%s/>\n%s</video>" % (model, (" " + extra) if extra else "",
                                                           ("  %s\n" % address) if address else "")


def rngdev(address="", rate=False):
    inner = []
    if rate:
        inner.append("<rate period='2000' bytes='1234'/>")
    inner.append("<backend model='random'>/dev/urandom</backend>")
    return simple("rng", "model='virtio'", inner, address)
