"""The faults generate.py and archgen.py inject, in one registry.

A fault is prepare(mix), which adds to a clean mix what the fault needs (None: nothing), and
apply(rng, root, fam), which injects it into libvirt's fully addressed output of that mix and
returns the elements involved (falsy when not applicable). `registry(generator)` is one
generator's faults in the order of TABLE: its plan shuffles that list, so the order is part of
what the generator draws and must not change.
"""

import collections
import copy

from corpuslib.mix import Mix
from corpuslib.xmlbuild import E, addr, atype, controllers, copy_addr, devices_of, hexs, num, set_addr, with_addr


# --------------------------------------------------------------------------------------------
# x86 (generate.py)


def prep_none(mix):
    pass


def prep_pci2(mix):
    mix.interface()
    mix.interface()
    if mix.rng.random() < 0.5:
        mix.disk("virtio")


def dup_pair(rng, pool):
    """Two elements of pool, the first's address copied onto the second (None: fewer than two)."""
    if len(pool) < 2:
        return None
    a, b = rng.sample(pool, 2)
    copy_addr(a, b)
    return [a, b]


def apply_dup_pci(rng, root, fam):
    c = with_addr(root, "pci")
    ends = [e for e in c if e.tag != "controller"]
    return dup_pair(rng, ends if len(ends) >= 2 and rng.random() < 0.7 else c)


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


def pick_drive_disk(rng, root):
    disks = [d for g in drive_disks(root).values() for d in g]
    return rng.choice(disks) if disks else None


def apply_dup_drive(rng, root, fam):
    groups = [g for g in drive_disks(root).values() if len(g) >= 2]
    return dup_pair(rng, rng.choice(groups)) if groups else None


def prep_vser2(mix):
    if mix.rng.random() < 0.4:
        mix.vserial_controller()
    mix.channel("unix")
    if mix.rng.random() < 0.5:
        mix.console()
    else:
        mix.channel()


def apply_dup_vser(rng, root, fam):
    return dup_pair(rng, with_addr(root, "virtio-serial"))


USB_MAKERS = [lambda m: m.input_dev("usb"), Mix.hub, lambda m: m.disk("usb"), Mix.redirdev]


def prep_usb2(mix):
    if mix.rng.random() < 0.4:
        mix.usb_controller()
    for _ in range(2):
        mix.rng.choice(USB_MAKERS)(mix)


def apply_dup_usb(rng, root, fam):
    return dup_pair(rng, with_addr(root, "usb"))


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
    el = pick_drive_disk(rng, root)
    if el is None:
        return None
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
    el = pick_drive_disk(rng, root)
    if el is None:
        return None
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
    el = pick_drive_disk(rng, root)
    if el is None:
        return None
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


# --------------------------------------------------------------------------------------------
# s390x, pseries, virt and the x86 dimm/isa extras (archgen.py)


def prep_virtio3(mix):
    mix.vdisk()
    mix.interface("virtio")
    mix.rng.choice([mix.vdisk, mix.rng_dev, mix.input_dev, mix.scsi_controller])()


def ccw_devs(root):
    return with_addr(root, "ccw")


def apply_ccw_dup(rng, root, fam):
    pair = dup_pair(rng, ccw_devs(root))
    if pair is None:
        return None
    a, b = pair
    if rng.random() < 0.3:  # same devno, other spelling
        ab = addr(b)
        ab.set("devno", str(num(ab.get("devno"))))
    return [a, b]


def apply_ccw_range(rng, root, fam):
    c = ccw_devs(root)
    if not c:
        return None
    el = rng.choice(c)
    a = addr(el)
    key, val = rng.choice([("cssid", "0xff"), ("cssid", "0x100"), ("cssid", "255"), ("ssid", "0x4"), ("ssid", "0x7"),
                           ("ssid", "0x10"), ("devno", "0x10000"), ("devno", "0x1ffff"), ("devno", "65536")])
    a.set(key, val)
    return [el]


def apply_ccw_partial(rng, root, fam):
    c = ccw_devs(root)
    if not c:
        return None
    el = rng.choice(c)
    a = addr(el)
    for k in rng.sample(["cssid", "ssid", "devno"], rng.choice([1, 1, 2])):
        a.attrib.pop(k)
    return [el]


def apply_ccw_elsewhere(rng, root, fam):
    """A ccw address on a machine without CCW."""
    c = [el for el in devices_of(root) if atype(el) in ("pci", "virtio-mmio", "spapr-vio")
         and not (el.tag == "controller" and el.get("type") == "pci")]
    if not c:
        return None
    el = rng.choice(c)
    set_addr(el, {"type": "ccw", "cssid": "0xfe", "ssid": "0x0", "devno": hexs(rng.randrange(0, 8), 4)})
    return [el]


def prep_zpci(mix):
    mix.interface("e1000")
    mix.rng.choice([lambda: mix.interface("e1000"), lambda: mix.usb_controller("qemu-xhci"),
                    lambda: mix.add(E("watchdog", {"model": "i6300esb"}))])()


def apply_zpci_dup(rng, root, fam):
    c = [el for el in with_addr(root, "pci") if addr(el).find("zpci") is not None]
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    k = rng.choice(["uid", "fid", "uid", "both"])
    za, zb = addr(a).find("zpci"), addr(b).find("zpci")
    for key in (["uid", "fid"] if k == "both" else [k]):
        zb.set(key, za.get(key))
    return [a, b]


def apply_zpci_range(rng, root, fam):
    c = [el for el in with_addr(root, "pci") if addr(el).find("zpci") is not None]
    if not c:
        return None
    el = rng.choice(c)
    z = addr(el).find("zpci")
    key, val = rng.choice([("uid", "0x0000"), ("uid", "0"), ("uid", "0x10000"), ("uid", "0x1ffff"),
                           ("fid", "0x100000000"), ("fid", "-1"), ("uid", "0xzz")])
    z.set(key, val)
    return [el]


def prep_spapr(mix):
    mix.interface("spapr-vlan")
    mix.rng.choice([lambda: mix.interface("spapr-vlan"), mix.nvram, mix.tpm, mix.serial])()
    mix.controller("scsi", "ibmvscsi")


def spapr_devs(root):
    return [el for el in with_addr(root, "spapr-vio") if el.tag != "console"]


def apply_reg_dup(rng, root, fam):
    c = spapr_devs(root)
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    v = num(addr(a).get("reg"), 0) if addr(a).get("reg", "").startswith("0x") else 0
    addr(b).set("reg", rng.choice([addr(a).get("reg"), hexs(v, 0), "%x" % v]))
    return [a, b]


def apply_reg_steal(rng, root, fam):
    """Take another device's reg and drop that device's address: libvirt moves it on (accepted)."""
    c = spapr_devs(root)
    if len(c) < 2:
        return None
    a, b = rng.sample(c, 2)
    reg = addr(b).get("reg")
    addr(a).set("reg", reg)
    b.remove(addr(b))
    for con in devices_of(root).findall("console"):
        ca = addr(con)
        if ca is not None and ca.get("type") == "spapr-vio" and ca.get("reg") == reg and b.tag == "serial":
            con.remove(ca)
    return [a, b]


def apply_reg_range(rng, root, fam):
    c = spapr_devs(root)
    if not c:
        return None
    el = rng.choice(c)
    addr(el).set("reg", rng.choice(["0x100000000", "0x1ffffffff", "-1", "0xzz", "4294967296", "", "0x71000000"]))
    return [el]


def prep_phb(mix):
    mix.pci_controllers()
    if not mix.roots:
        mix.add(E("controller", {"type": "pci", "index": str(mix.next_pci), "model": "pci-root"}))
        mix.roots.append(mix.next_pci)
        mix.next_pci += 1
    mix.interface("virtio")


def apply_phb_target(rng, root, fam):
    phbs = [c for c in controllers(root, "pci") if c.get("model") == "pci-root" and num(c.get("index")) > 0]
    if not phbs:
        return None
    el = rng.choice(phbs)
    t = el.find("target")
    others = [c.find("target").get("index") for c in phbs if c is not el]
    v = rng.choice(["0", "31", "32", "255", "-1"] + others + ["0"])
    t.set("index", v)
    return [el]


def apply_phb_slot0(rng, root, fam):
    phbs = [num(c.get("index")) for c in controllers(root, "pci") if c.get("model") == "pci-root" and num(c.get("index")) > 0]
    el = pick_pci(rng, root, 0.9)
    if el is None or not phbs:
        return None
    set_addr(el, {"type": "pci", "domain": "0x0000", "bus": hexs(rng.choice(phbs)), "slot": "0x00", "function": "0x0"})
    return [el]


def prep_rootports(mix):
    for _ in range(mix.rng.randint(1, 4)):
        mix.roots.append(mix.next_pci)
        mix.controller("pci", "pcie-root-port", mix.next_pci)
        mix.next_pci += 1
    mix.interface("virtio")
    mix.vdisk()


def apply_rootport_slot(rng, root, fam):
    ports = {num(c.get("index")) for c in controllers(root, "pci") if c.get("model") == "pcie-root-port"}
    c = [el for el in with_addr(root, "pci") if num(addr(el).get("bus")) in ports]
    if not c:
        return None
    el = rng.choice(c)
    addr(el).set("slot", hexs(rng.choice([1, 1, 2, 3, 0x1f])))
    return [el]


def prep_bridge_virt(mix):
    mix.roots.append(mix.next_pci)
    mix.controller("pci", "pcie-root-port", mix.next_pci)
    mix.controller("pci", "pcie-to-pci-bridge", mix.next_pci + 1)
    mix.bridges.append(mix.next_pci + 1)
    mix.next_pci += 2
    if mix.rng.random() < 0.5:
        mix.controller("pci", "pci-bridge", mix.next_pci)
        mix.next_pci += 1
    mix.e1000()
    mix.interface("virtio")


def apply_bridge_on_root(rng, root, fam):
    """Move a bridge (pci-bridge or pcie-to-pci-bridge) onto pcie-root or a root port slot > 0."""
    c = [x for x in controllers(root, "pci") if x.get("model") in ("pci-bridge", "pcie-to-pci-bridge") and addr(x) is not None]
    if not c:
        return None
    el = rng.choice(c)
    used = {num(addr(e).get("slot")) for e in with_addr(root, "pci") if num(addr(e).get("bus")) == 0}
    free = [s for s in range(2, 0x1f) if s not in used] or [2]
    set_addr(el, {"type": "pci", "domain": "0x0000", "bus": "0x00", "slot": hexs(rng.choice(free[:5])), "function": "0x0"})
    return [el]


def prep_mmio(mix):
    mix.interface("e1000")
    mix.vdisk()
    mix.interface("virtio")
    mix.usb_controller("qemu-xhci")


def apply_mmio_mix(rng, root, fam):
    """virtio-mmio on a device that is not virtio, or on one virtio device of an all-PCI file."""
    c = [el for el in with_addr(root, "pci") if not (el.tag == "controller" and el.get("type") == "pci")]
    if not c:
        return None
    el = rng.choice(c)
    set_addr(el, {"type": "virtio-mmio"})
    if rng.random() < 0.6:  # and let libvirt re-place some virtio devices
        for other in c:
            if other is not el and rng.random() < 0.5:
                other.remove(addr(other))
    return [el]


def prep_usb_dev(mix):
    mix.usb_controller()
    mix.input_dev("usb")
    if mix.rng.random() < 0.5:
        mix.hub()


def apply_usb_gone(rng, root, fam):
    c = with_addr(root, "usb")
    if not c:
        return None
    devs = devices_of(root)
    for x in controllers(root, "usb"):
        devs.remove(x)
    if rng.random() < 0.4:
        n = E("controller", {"type": "usb", "index": "0", "model": "none"})
        devs.insert(1, n)
    if rng.random() < 0.5:
        for el in c:
            el.remove(addr(el))
    return c


def prep_pci2_arch(mix):
    mix.interface(mix.rng.choice(["virtio", "e1000"]) if mix.fam != "pseries" else "virtio")
    mix.interface("e1000" if mix.fam != "pseries" else "rtl8139")
    if mix.fam == "s390x":
        mix.usb_controller("qemu-xhci")
    else:
        mix.vdisk()


def prep_drive2_arch(mix):
    mix.scsi_controller()
    mix.sdisk()
    mix.sdisk()


def prep_vser2_arch(mix):
    mix.vserial_controller()
    mix.channel("unix")
    mix.channel("unix")


def prep_usb2_arch(mix):
    mix.usb_controller()
    mix.input_dev("usb")
    mix.hub()


def prep_ctrls_arch(mix):
    mix.scsi_controller()
    mix.vserial_controller()
    if mix.fam != "s390x":
        mix.usb_controller()


# ---- x86 dimm / isa faults (the prepare step is built into x86_mix; faults need dimms or isa)


def dimms_of(root):
    return [el for el in devices_of(root) if el.tag == "memory" and el.get("model") == "dimm"]


def max_slots(root):
    m = root.find("maxMemory")
    return num(m.get("slots")) if m is not None else 0


def apply_dimm_beyond(rng, root, fam):
    d = dimms_of(root)
    if not d:
        return None
    el = rng.choice(d)
    addr(el).set("slot", str(max_slots(root) + rng.choice([0, 0, 1, 5])))
    return [el]


def apply_dimm_dup(rng, root, fam):
    d = dimms_of(root)
    if len(d) < 2:
        return None
    a, b = rng.sample(d, 2)
    addr(b).set("slot", addr(a).get("slot"))
    if rng.random() < 0.3:
        b.remove(addr(b))  # then it just takes a free one
    return [a, b]


def apply_dimm_too_many(rng, root, fam):
    d = dimms_of(root)
    if not d:
        return None
    devs = devices_of(root)
    extra = []
    for _ in range(max_slots(root) - len(d) + rng.choice([0, 1, 1, 2])):
        x = copy.deepcopy(d[0])
        if addr(x) is not None:
            x.remove(addr(x))
        devs.append(x)
        extra.append(x)
    return extra or [d[0]]


def apply_dimm_no_max(rng, root, fam):
    if not dimms_of(root):
        return None
    root.remove(root.find("maxMemory"))
    return dimms_of(root)


def apply_dimm_base(rng, root, fam):
    d = dimms_of(root)
    if not d:
        return None
    bases = ["0x100000000", "0x140000000", "0x180000000"]
    for el in d:
        if rng.random() < 0.7:
            addr(el).set("base", rng.choice(bases))
    return d


def apply_dimm_addr_bad(rng, root, fam):
    d = dimms_of(root)
    if not d:
        return None
    el = rng.choice(d)
    v = rng.choice(["", "abc", "-1", "none", "0x10", "1.5"])
    if v == "none":
        addr(el).attrib.pop("slot")
    else:
        addr(el).set("slot", v)
    return [el]


def isa_devs(root):
    return with_addr(root, "isa")


def apply_isa_bad(rng, root, fam):
    c = isa_devs(root)
    if not c:
        return None
    el = rng.choice(c)
    a = addr(el)
    v = rng.random()
    if v < 0.4:
        a.set(rng.choice(["iobase", "irq"]), rng.choice(["zz", "-1", "0x100000000", "1.5", ""]))
    elif v < 0.6:
        a.attrib.clear()
        a.set("type", "isa")
    elif v < 0.8 and el.tag == "panic":
        set_addr(el, {"type": "pci", "domain": "0x0000", "bus": "0x00", "slot": "0x0a", "function": "0x0"})
    else:
        t = el.find("target")
        if el.tag == "serial" and t is not None:
            t.set("type", "pci-serial")
        else:
            a.set("iobase", addr(c[0]).get("iobase", "0x3f8"))
            a.set("irq", rng.choice(["4", "0x4", "15"]))
    return [el]


def prep_dimms(mix):
    if not mix.slots:
        mix.slots = mix.rng.choice([2, 4, 8])
    while len(mix.dimms) < 2:
        el = E("memory", {"model": "dimm"}, E("target", None, E("size", {"unit": "KiB"}, text="131072"), E("node", text="0")))
        mix.dimms.append(el)


def prep_isa(mix):
    if not any(atype(d) == "isa" for d in mix.devs):
        mix.add(E("panic", {"model": "isa"}, E("address", {"type": "isa", "iobase": "0x505"})))
        mix.add(E("serial", {"type": "pty"}, E("target", {"type": "isa-serial", "port": "0"}),
                  E("address", {"type": "isa", "iobase": "0x3f8", "irq": "0x4"})))


# --------------------------------------------------------------------------------------------
# the registry

GENERATE, ARCHGEN = "generate", "archgen"
ALL3 = ("s390x", "pseries", "virt")
# (generator, name, families, prepare, apply)
TABLE = [
    (GENERATE, "dup-pci-address", ("pc", "q35"), prep_pci2, apply_dup_pci),
    (GENERATE, "dup-drive-address", ("pc", "q35"), prep_drive2, apply_dup_drive),
    (GENERATE, "dup-virtio-serial-port", ("pc", "q35"), prep_vser2, apply_dup_vser),
    (GENERATE, "dup-usb-port", ("pc", "q35"), prep_usb2, apply_dup_usb),
    (GENERATE, "pci-slot-above-0x1f", ("pc", "q35"), prep_pci2, apply_slot_high),
    (GENERATE, "pci-function-above-7", ("pc", "q35"), prep_pci2, apply_function_high),
    (GENERATE, "pci-bus-missing", ("pc", "q35"), prep_pci2, apply_bus_missing),
    (GENERATE, "pci-slot0", ("pc", "q35"), prep_bridges, apply_slot0),
    (GENERATE, "pci-domain-nonzero", ("pc", "q35"), prep_pci2, apply_pci_domain),
    (GENERATE, "virtio-serial-port-beyond", ("pc", "q35"), prep_vser_ports, apply_vser_beyond),
    (GENERATE, "virtio-serial-controller-missing", ("pc", "q35"), prep_vser2, apply_vser_ctl_missing),
    (GENERATE, "drive-unit-beyond", ("pc", "q35"), prep_drive1, apply_unit_beyond),
    (GENERATE, "drive-bus-beyond", ("pc", "q35"), prep_drive1, apply_drive_bus_beyond),
    (GENERATE, "drive-controller-missing", ("pc", "q35"), prep_drive1, apply_drive_ctl_missing),
    (GENERATE, "usb-port-beyond", ("pc", "q35"), prep_usb1, apply_usb_port_beyond),
    (GENERATE, "usb-bus-missing", ("pc", "q35"), prep_usb1, apply_usb_bus_missing),
    (GENERATE, "usb-controller-none", ("pc", "q35"), prep_usb1, apply_usb_none),
    (GENERATE, "address-type-mismatch", ("pc", "q35"), prep_mismatch, apply_mismatch),
    (GENERATE, "malformed-value", ("pc", "q35"), prep_pci2, apply_malformed),
    (GENERATE, "multifunction", ("pc", "q35"), prep_pci2, apply_multifunction),
    (GENERATE, "pcie-device-on-pci-bridge", ("pc", "q35"), prep_bridges, apply_pcie_on_bridge),
    (GENERATE, "pci-device-on-root-port", ("q35",), prep_bridges, apply_pci_on_rootport),
    (GENERATE, "pcie-controller-on-pc", ("pc",), prep_rootport_on_pc, apply_pcie_ctrl_on_pc),
    (GENERATE, "dup-controller-index", ("pc", "q35"), prep_ctrls, apply_dup_ctrl_index),
    (GENERATE, "ide-on-q35", ("q35",), prep_ide, apply_ide_on_q35),
    (ARCHGEN, "ccw-dup-devno", ("s390x",), prep_virtio3, apply_ccw_dup),
    (ARCHGEN, "ccw-out-of-range", ("s390x",), prep_virtio3, apply_ccw_range),
    (ARCHGEN, "ccw-partial", ("s390x",), prep_virtio3, apply_ccw_partial),
    (ARCHGEN, "ccw-wrong-machine", ("pseries", "virt", "pc", "q35"), None, apply_ccw_elsewhere),
    (ARCHGEN, "zpci-dup", ("s390x",), prep_zpci, apply_zpci_dup),
    (ARCHGEN, "zpci-out-of-range", ("s390x",), prep_zpci, apply_zpci_range),
    (ARCHGEN, "spapr-vio-dup-reg", ("pseries",), prep_spapr, apply_reg_dup),
    (ARCHGEN, "spapr-vio-reg-steal", ("pseries",), prep_spapr, apply_reg_steal),
    (ARCHGEN, "spapr-vio-bad-reg", ("pseries",), prep_spapr, apply_reg_range),
    (ARCHGEN, "phb-target-index", ("pseries",), prep_phb, apply_phb_target),
    (ARCHGEN, "phb-slot0", ("pseries",), prep_phb, apply_phb_slot0),
    (ARCHGEN, "root-port-slot-nonzero", ("virt",), prep_rootports, apply_rootport_slot),
    (ARCHGEN, "bridge-on-root", ("virt",), prep_bridge_virt, apply_bridge_on_root),
    (ARCHGEN, "virtio-mmio-mix", ("virt",), prep_mmio, apply_mmio_mix),
    (ARCHGEN, "pcie-device-on-pci-bridge", ("virt",), prep_bridge_virt, apply_pcie_on_bridge),
    (ARCHGEN, "pci-device-on-root-port", ("virt",), prep_bridge_virt, apply_pci_on_rootport),
    (ARCHGEN, "pcie-controller-on-pseries", ("pseries",), prep_pci2_arch, apply_pcie_ctrl_on_pc),
    (ARCHGEN, "usb-controller-gone", ("s390x", "virt", "pseries"), prep_usb_dev, apply_usb_gone),
    (ARCHGEN, "dup-pci-address", ALL3, prep_pci2_arch, apply_dup_pci),
    (ARCHGEN, "pci-slot-above-0x1f", ALL3, prep_pci2_arch, apply_slot_high),
    (ARCHGEN, "pci-function-above-7", ALL3, prep_pci2_arch, apply_function_high),
    (ARCHGEN, "pci-bus-missing", ALL3, prep_pci2_arch, apply_bus_missing),
    (ARCHGEN, "pci-slot0", ALL3, prep_pci2_arch, apply_slot0),
    (ARCHGEN, "pci-domain-nonzero", ALL3, prep_pci2_arch, apply_pci_domain),
    (ARCHGEN, "malformed-value", ALL3, prep_virtio3, apply_malformed),
    (ARCHGEN, "dup-drive-address", ALL3, prep_drive2_arch, apply_dup_drive),
    (ARCHGEN, "dup-virtio-serial-port", ALL3, prep_vser2_arch, apply_dup_vser),
    (ARCHGEN, "dup-usb-port", ("pseries", "virt"), prep_usb2_arch, apply_dup_usb),
    (ARCHGEN, "dup-controller-index", ALL3, prep_ctrls_arch, apply_dup_ctrl_index),
    (ARCHGEN, "dimm-slot-beyond", ("pc", "q35"), prep_dimms, apply_dimm_beyond),
    (ARCHGEN, "dimm-dup-slot", ("pc", "q35"), prep_dimms, apply_dimm_dup),
    (ARCHGEN, "dimm-too-many", ("pc", "q35"), prep_dimms, apply_dimm_too_many),
    (ARCHGEN, "dimm-no-maxmemory", ("pc", "q35"), prep_dimms, apply_dimm_no_max),
    (ARCHGEN, "dimm-base", ("pc", "q35"), prep_dimms, apply_dimm_base),
    (ARCHGEN, "dimm-bad-address", ("pc", "q35"), prep_dimms, apply_dimm_addr_bad),
    (ARCHGEN, "isa-bad", ("pc", "q35"), prep_isa, apply_isa_bad),
]


def registry(generator):
    """{name: (families, prepare, apply)} of one generator, in TABLE's order."""
    return collections.OrderedDict((name, (fams, prep, apply)) for gen, name, fams, prep, apply in TABLE if gen == generator)
