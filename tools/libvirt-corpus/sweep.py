#!/usr/bin/env python3
"""An independent sweep corpus for addralloc, written apart from generate.py.

generate.py draws its inputs from libvirt's own output of random mixes. This sweep instead
builds every input from hand-written recipes that explore what generate.py does not: machine
spellings (no machine, no arch, old pc-i440fx-X / pc-q35-X versions), controller index
games, PCIe topologies (switches, expander buses, dmi/pci bridge chains), explicit
multifunction groups, partial addresses, number spellings (decimal, 0X, leading zeros,
whitespace), USB hub chains and companions, many virtio-serial ports, serial/console combos,
many SCSI/SATA/IDE disks, many NIC/video/sound/misc device models, and a long list of fault
classes. Every verdict, message and output comes from libvirt (`virsh define`, `dumpxml
--inactive`, `undefine`); nothing is predicted here.

Output format is the one of generate.py (manifest.tsv + cases/<id>/input.xml, output.xml),
so `-Daddralloc.corpus=DIR` works with LibvirtCorpusTest and LiveLibvirtTest. Domains are
named addralloc-sweep-<id> so the sweep never touches generate.py's addralloc-gen-* domains.

Usage: sweep.py --seed 1 --count 700 --out /tmp/sweep1
Python 3 standard library only.
"""

import collections
import random

# The recipes below are written apart from generate.py; only the plumbing around libvirt's
# answers (its message cleanup, libvirt's disk-name letters, message shapes) is shared.
from corpuslib import cli, corpus
from corpuslib.xmlbuild import (Dom, addr_drive, addr_pci, addr_usb, addr_vser, channel, console_virtio, ctrl, disk,
                                disk_suffix, nic, rngdev, simple, spell, video)
PREFIX = "addralloc-sweep-"

PC_VERSIONS = ["2.0", "2.5", "2.12", "4.2", "5.2", "6.2", "7.0", "7.1", "7.2"]
Q35_VERSIONS = ["2.4", "2.7", "2.12", "3.1", "4.2", "5.2", "6.2", "7.1", "7.2"]


def shmem(d, address=""):
    d.shm += 1
    return simple("shmem", "name='sweepshm%d'" % d.shm, ["<model type='ivshmem-plain'/>", "<size unit='M'>4</size>"], address)


def endpoint(d, kind, address=""):
    """One PCI endpoint of a given kind."""
    if kind == "nic":
        return nic(d, d.rng.choice(["virtio", "e1000", "rtl8139", "e1000e"]), address)
    if kind == "virtio-nic":
        return nic(d, "virtio", address)
    if kind == "disk":
        d.vdn = getattr(d, "vdn", 0) + 1
        return disk("vd" + disk_suffix(d.vdn - 1), "virtio", address=address)
    if kind == "rng":
        return rngdev(address)
    if kind == "shmem":
        return shmem(d, address)
    if kind == "scsi":
        return ctrl("scsi", model="virtio-scsi", address=address)
    if kind == "vser":
        return ctrl("virtio-serial", address=address)
    if kind == "sound":
        return simple("sound", "model='%s'" % d.rng.choice(["ich6", "ac97", "es1370"]), (), address)
    raise ValueError(kind)


def pick_machine(rng, fam=None, wild=True):
    if fam is None:
        fam = rng.choice(["pc", "q35"])
    if fam == "pc":
        opts = ["pc", "pc-i440fx-7.2"]
        if wild:
            opts += [None, "pc-i440fx-" + rng.choice(PC_VERSIONS)]
        return rng.choice(opts)
    opts = ["q35", "pc-q35-7.2"]
    if wild:
        opts += ["pc-q35-" + rng.choice(Q35_VERSIONS)]
    return rng.choice(opts)


# --------------------------------------------------------------------------------------------
# clean recipes


def r_machine_variants(rng):
    machine = rng.choice([None, "pc", "q35"] + ["pc-i440fx-" + v for v in PC_VERSIONS] +
                         ["pc-q35-" + v for v in Q35_VERSIONS])
    d = Dom(rng, machine, arch=rng.choice(["x86_64", "x86_64", None]))
    for _ in range(rng.randint(0, 5)):
        k = rng.choice(["nic", "disk", "rng", "vser", "scsi", "sound", "video", "input", "usbctl", "chan", "balloon"])
        if k == "video":
            d.add(video(rng.choice(["qxl", "vga", "virtio", "cirrus", "bochs"])))
        elif k == "input":
            d.add(simple("input", "type='tablet' bus='usb'"))
        elif k == "usbctl":
            d.add(ctrl("usb", rng.choice([None, "0"]), rng.choice(["piix3-uhci", "qemu-xhci", "ich9-ehci1", "nec-xhci", "piix4-uhci"])))
        elif k == "chan":
            d.add(channel(d))
        elif k == "balloon":
            d.add(simple("memballoon", "model='virtio'"))
        else:
            d.add(endpoint(d, k))
    return d


def r_ctrl_index(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    items = []
    ns = rng.randint(1, 4)
    idxs = list(range(ns))
    rng.shuffle(idxs)
    mode = rng.choice(["none", "shuffled", "gaps", "mixed"])
    for i, ix in enumerate(idxs):
        show = {"none": None, "shuffled": ix, "gaps": ix * 2, "mixed": rng.choice([None, ix])}[mode]
        items.append(ctrl("scsi", show, rng.choice(["virtio-scsi", "lsilogic", "virtio-scsi", None])))
    for i in range(rng.randint(0, 3)):
        items.append(ctrl("virtio-serial", rng.choice([None, str(i), str(i + 2)])))
    nusb = rng.randint(0, 3)
    for i in range(nusb):
        items.append(ctrl("usb", rng.choice([None, str(i)]), rng.choice(["qemu-xhci", "piix3-uhci", "ich9-ehci1", "nec-xhci"])))
    if fam == "q35" and rng.random() < 0.5:
        for i in range(rng.randint(1, 4)):
            items.append(ctrl("pci", rng.choice([None, str(rng.randint(1, 9))]), "pcie-root-port"))
    if fam == "pc" and rng.random() < 0.4:
        items.append(ctrl("pci", rng.choice([None, "2", "1"]), "pci-bridge"))
    if rng.random() < 0.5:
        items.append(ctrl("sata", rng.choice([None, "0", "1"])))
    if rng.random() < 0.3:
        items.append(ctrl("pci", "0", "pcie-root" if fam == "q35" else "pci-root"))
    rng.shuffle(items)
    for it in items:
        d.add(it)
    for i in range(rng.randint(0, 4)):
        d.add(disk("sd" + disk_suffix(i), rng.choice(["scsi", "scsi", "sata"])))
    if rng.random() < 0.5:
        d.add(simple("input", "type='tablet' bus='usb'"))
    return d


def r_pcie_topology(rng):
    machine = pick_machine(rng, "q35")
    d = Dom(rng, machine)
    nxt = 1
    ports = []
    bridges = []
    style = rng.choice([None, "dec", "hex"])
    # root ports, some with explicit target chassis/port
    for _ in range(rng.randint(0, 5)):
        extra_inner = ""
        if rng.random() < 0.5:
            extra_inner = "<target chassis='%d' port='0x%x'/>" % (nxt, 0x10 + nxt)
        addr = ""
        if rng.random() < 0.3:
            addr = addr_pci(0, 2 + (nxt - 1) // 8, (nxt - 1) % 8, "on" if (nxt - 1) % 8 == 0 else None)
        d.add(ctrl("pci", nxt, "pcie-root-port", addr, inner=extra_inner))
        ports.append(nxt)
        nxt += 1
    r = rng.random()
    if r < 0.35:
        # a switch: upstream on a root port, downstream ports on the upstream
        if not ports:
            d.add(ctrl("pci", nxt, "pcie-root-port"))
            ports.append(nxt)
            nxt += 1
        up = nxt
        d.add(ctrl("pci", up, "pcie-switch-upstream-port",
                   addr_pci(ports[-1], 0) if rng.random() < 0.6 else ""))
        ports.pop()
        nxt += 1
        for k in range(rng.randint(1, 4)):
            d.add(ctrl("pci", nxt, "pcie-switch-downstream-port",
                       addr_pci(up, k) if rng.random() < 0.5 else ""))
            ports.append(nxt)
            nxt += 1
    elif r < 0.55:
        # pcie-expander-bus with busNr, root ports behind it
        ex = nxt
        d.add(ctrl("pci", ex, "pcie-expander-bus", inner="<target busNr='%d'/>" % rng.choice([64, 128, 200, 254])
                   if rng.random() < 0.7 else ""))
        nxt += 1
        for k in range(rng.randint(0, 3)):
            d.add(ctrl("pci", nxt, "pcie-root-port", addr_pci(ex, k) if rng.random() < 0.5 else ""))
            ports.append(nxt)
            nxt += 1
    elif r < 0.8:
        # dmi-to-pci-bridge + pci-bridge chain
        dmi = nxt
        d.add(ctrl("pci", dmi, "dmi-to-pci-bridge"))
        nxt += 1
        parent = dmi
        for k in range(rng.randint(1, 3)):
            d.add(ctrl("pci", nxt, "pci-bridge", addr_pci(parent, 1 + k) if rng.random() < 0.5 else ""))
            bridges.append(nxt)
            parent = nxt
            nxt += 1
    else:
        if not ports:
            d.add(ctrl("pci", nxt, "pcie-root-port"))
            ports.append(nxt)
            nxt += 1
        d.add(ctrl("pci", nxt, "pcie-to-pci-bridge", addr_pci(ports.pop(), 0) if rng.random() < 0.6 else ""))
        bridges.append(nxt)
        nxt += 1
    # endpoints: some on given ports/bridges, some auto
    used = set()
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(["virtio-nic", "disk", "rng", "nic", "scsi", "shmem"])
        a = ""
        if ports and rng.random() < 0.4:
            p = rng.choice(ports)
            if p not in used:
                used.add(p)
                a = addr_pci(p, 0, rng=rng, style=style)
        elif bridges and rng.random() < 0.4:
            b = rng.choice(bridges)
            s = rng.randint(1, 31)
            if (b, s) not in used:
                used.add((b, s))
                a = addr_pci(b, s, 0)
        d.add(endpoint(d, kind, a))
    return d


def r_expander_pc(rng):
    d = Dom(rng, pick_machine(rng, "pc"))
    nxt = 1
    buses = []
    for _ in range(rng.randint(1, 2)):
        busnr = rng.choice([None, 16, 32, 100, 254])
        d.add(ctrl("pci", nxt, "pci-expander-bus",
                   inner=("<target busNr='%d'/>" % busnr) if busnr else "",
                   address=addr_pci(0, rng.randint(3, 9)) if rng.random() < 0.3 else ""))
        buses.append(nxt)
        nxt += 1
    for b in list(buses):
        if rng.random() < 0.6:
            d.add(ctrl("pci", nxt, "pci-bridge", addr_pci(b, 0 if rng.random() < 0.3 else 1)))
            buses.append(nxt)
            nxt += 1
    for _ in range(rng.randint(1, 6)):
        a = ""
        if rng.random() < 0.5:
            b = rng.choice(buses)
            a = addr_pci(b, rng.randint(0, 3) if rng.random() < 0.2 else rng.randint(1, 31))
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng", "nic"]), a))
    return d


def r_bridge_chain_pc(rng):
    d = Dom(rng, pick_machine(rng, "pc"))
    n = rng.randint(1, 4)
    parent = 0
    order = list(range(1, n + 1))
    if rng.random() < 0.4:
        rng.shuffle(order)
    chain = {}
    for i in range(1, n + 1):
        chain[i] = parent
        parent = i if rng.random() < 0.6 else parent
    for i in order:
        a = addr_pci(chain[i], rng.randint(1, 31)) if rng.random() < 0.5 else ""
        d.add(ctrl("pci", i if rng.random() < 0.8 else None, "pci-bridge", a))
    for _ in range(rng.randint(0, 40)):
        a = ""
        if rng.random() < 0.2:
            a = addr_pci(rng.randint(0, n), rng.randint(1, 31))
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng", "nic", "shmem"]), a))
    return d


def r_multifunction(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam, wild=False))
    slot = rng.randint(3, 0x1e) if fam == "pc" else rng.randint(2, 0x1e)
    nfn = rng.randint(2, 8)
    fns = list(range(nfn))
    variant = rng.choice(["ok", "ok", "no-mf", "mf-off", "nofn0", "gaps", "mf-on-all", "spell"])
    if variant == "nofn0":
        fns = fns[1:]
    if variant == "gaps":
        fns = sorted(rng.sample(range(8), nfn))
    for f in fns:
        mf = None
        if f == 0 and variant in ("ok", "gaps", "spell", "mf-on-all"):
            mf = "on"
        if variant == "mf-off" and f == 0:
            mf = "off"
        if variant == "mf-on-all":
            mf = "on"
        st = "dec" if variant == "spell" else None
        a = addr_pci(0, slot, f, mf, rng=rng if variant == "spell" else None, style=st)
        kind = rng.choice(["virtio-nic", "disk", "rng", "nic", "scsi", "vser"])
        if fam == "q35" and kind == "nic":
            kind = "virtio-nic"
        d.add(endpoint(d, kind, a))
    # controllers in a multifunction group (pcie-root-ports, usb companions)
    if fam == "q35" and rng.random() < 0.5:
        s2 = slot + 1 if slot < 0x1e else slot - 1
        for f in range(rng.randint(1, 8)):
            d.add(ctrl("pci", rng.choice([None, str(20 + f)]) if f else str(20 + f), "pcie-root-port",
                       addr_pci(0, s2, f, "on" if f == 0 else None)))
    for _ in range(rng.randint(0, 3)):
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk"])))
    return d


def r_partial_address(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    for _ in range(rng.randint(1, 6)):
        k = rng.choice(["pci", "pci", "drive", "usb", "vser"])
        if k == "pci":
            pick = rng.choice(["empty", "slot", "bus", "fn", "slotfn", "dom", "busslot", "mf"])
            a = {"empty": "<address type='pci'/>",
                 "slot": "<address type='pci' slot='%s'/>" % spell(rng, rng.randint(3, 0x1f)),
                 "bus": "<address type='pci' bus='0x00'/>",
                 "fn": "<address type='pci' function='0x%x'/>" % rng.randint(0, 2),
                 "slotfn": "<address type='pci' slot='0x%02x' function='0x%x'/>" % (rng.randint(3, 0x1f), rng.randint(0, 3)),
                 "dom": "<address type='pci' domain='0x0000'/>",
                 "busslot": "<address type='pci' bus='0' slot='%d'/>" % rng.randint(3, 31),
                 "mf": "<address type='pci' multifunction='on'/>"}[pick]
            d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng", "nic"]), a))
        elif k == "drive":
            n = getattr(d, "sdn", 0)
            d.sdn = n + 1
            bus = rng.choice(["scsi", "sata", "ide"] if fam == "pc" else ["scsi", "sata"])
            pick = rng.choice(["empty", "unit", "ctrl", "bus", "target", "ctrlunit"])
            a = {"empty": addr_drive(), "unit": addr_drive(unit=rng.randint(0, 5)),
                 "ctrl": addr_drive(controller=rng.randint(0, 1)), "bus": addr_drive(bus=rng.randint(0, 1)),
                 "target": addr_drive(target=rng.randint(0, 3)),
                 "ctrlunit": addr_drive(controller=0, unit=rng.randint(0, 3))}[pick]
            name = ("hd" if bus == "ide" else "sd") + disk_suffix(n if bus != "ide" else min(n, 3))
            d.add(disk(name, bus, rng.choice(["disk", "cdrom"]), a))
        elif k == "usb":
            pick = rng.choice(["empty", "bus", "port"])
            a = {"empty": addr_usb(), "bus": addr_usb(bus=0), "port": addr_usb(port=rng.randint(1, 2))}[pick]
            d.add(simple("input", "type='%s' bus='usb'" % rng.choice(["tablet", "mouse", "keyboard"]), (), a))
        else:
            pick = rng.choice(["empty", "ctrl", "port", "bus"])
            a = {"empty": addr_vser(), "ctrl": addr_vser(controller=0), "port": addr_vser(port=rng.randint(1, 5)),
                 "bus": addr_vser(bus=0)}[pick]
            d.add(channel(d, address=a))
    return d


def r_spelling(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    used = set()
    for _ in range(rng.randint(1, 6)):
        slot = rng.randint(3, 0x1f)
        if slot in used:
            continue
        used.add(slot)
        bus = 0
        style = rng.choice(["dec", "HEX", "short", "lead0x", "ws", "octal", "hex"])
        if style == "octal":
            s = "0%o" % slot  # base-0 parsing reads it as octal
            a = "<address type='pci' domain='0' bus='00' slot='%s' function='00'/>" % s
        else:
            a = addr_pci(bus, slot, 0, domain=0, rng=rng, style=style)
        if fam == "q35" and rng.random() < 0.5:
            a = a  # endpoints on pcie-root directly are allowed for virtio (integrated)
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng"]), a))
    # drive and other decimal-only attributes spelled oddly
    if rng.random() < 0.5:
        d.add(ctrl("scsi", rng.choice(["0", "00", " 0"]), "virtio-scsi"))
        u = rng.choice(["1", "01", "0x1", " 1", "1 "])
        d.add(disk("sda", "scsi", address="<address type='drive' controller='0' bus='0' target='0' unit='%s'/>" % u))
    if rng.random() < 0.4:
        p = rng.choice(["1", "01", "0x1", " 1", "2"])
        d.add(simple("input", "type='tablet' bus='usb'", (), "<address type='usb' bus='0' port='%s'/>" % p))
    if rng.random() < 0.4:
        p = rng.choice(["1", "01", "0x2", " 3", "4"])
        d.add(channel(d, address="<address type='virtio-serial' controller='0' bus='0' port='%s'/>" % p))
    if rng.random() < 0.3:
        d.add(ctrl("pci", rng.choice(["01", "0x1", "1", " 1"]), "pci-bridge" if fam == "pc" else "pcie-root-port"))
    return d


def r_usb_topology(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    model = rng.choice(["qemu-xhci", "qemu-xhci-15", "piix3-uhci", "ich9-ehci1", "nec-xhci", "companions",
                        "companions-explicit", "none", "piix4-uhci", "default"])
    nports = {"qemu-xhci": 4, "qemu-xhci-15": 15, "piix3-uhci": 2, "ich9-ehci1": 6, "nec-xhci": 4,
              "companions": 6, "companions-explicit": 6, "none": 0, "piix4-uhci": 2,
              "default": 2 if fam == "pc" else 4}[model]
    if model == "qemu-xhci-15":
        d.add(ctrl("usb", "0", "qemu-xhci", extra="ports='15'"))
    elif model in ("companions", "companions-explicit"):
        d.add(ctrl("usb", "0", "ich9-ehci1",
                   addr_pci(0, 7, 7) if model == "companions-explicit" else ""))
        for n, start in ((1, 0), (2, 2), (3, 4)):
            a = addr_pci(0, 7, n - 1, "on" if n == 1 else None) if model == "companions-explicit" else ""
            d.add(ctrl("usb", "0", "ich9-uhci%d" % n, a, inner="<master startport='%d'/>" % start))
    elif model != "default":
        d.add(ctrl("usb", "0", model))
    if model == "none":
        if rng.random() < 0.5:
            d.add(simple("input", "type='mouse' bus='ps2'"))
        return d
    # hub chains
    hubs = []
    top_ports = list(range(1, nports + 1))
    if rng.random() < 0.6:
        p = rng.choice(top_ports)
        top_ports.remove(p)
        addressed = rng.random() < 0.7
        d.add(simple("hub", "type='usb'", (), addr_usb(0, p) if addressed else ""))
        if addressed:
            hubs.append(str(p))
        if addressed and rng.random() < 0.5:
            q = "%s.%d" % (p, rng.randint(1, 8))
            d.add(simple("hub", "type='usb'", (), addr_usb(0, q)))
            hubs.append(q)
    free = [str(p) for p in top_ports]
    for h in hubs:
        free += ["%s.%d" % (h, k) for k in range(1, 9)]
    free = [f for f in free if f not in hubs]
    for _ in range(rng.randint(1, min(10, nports + 8 * len(hubs)))):
        a = ""
        if free and rng.random() < 0.6:
            f = rng.choice(free)
            free.remove(f)
            a = addr_usb(rng.choice(["0", None]) if rng.random() < 0.2 else "0", f)
        k = rng.choice(["tablet", "mouse", "keyboard", "disk", "redir", "serial"])
        if k == "disk":
            d.sdn = getattr(d, "sdn", 0) + 1
            d.add(disk("sd" + disk_suffix(d.sdn - 1), "usb", address=a))
        elif k == "redir":
            d.graphics = "spice"
            d.add(simple("redirdev", "bus='usb' type='spicevmc'", (), a))
        elif k == "serial":
            d.add(simple("serial", "type='pty'", ["<target type='usb-serial' port='%d'/>" % getattr(d, "usbser", 0)], a))
            d.usbser = getattr(d, "usbser", 0) + 1
        else:
            d.add(simple("input", "type='%s' bus='usb'" % k, (), a))
    return d


def r_virtio_serial(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    nctl = rng.choice([0, 1, 1, 2])
    ports = {}
    for i in range(nctl):
        p = rng.choice([None, None, 1, 2, 3, 4, 8, 31])
        ports[i] = p
        d.add(ctrl("virtio-serial", rng.choice([None, str(i)]), extra=("ports='%d'" % p) if p else ""))
    nch = rng.choice([1, 3, 5, 10, 31, 32, 33, 40, 62, 64])
    for i in range(nch):
        r = rng.random()
        a = ""
        if r < 0.1:
            a = addr_vser(controller=rng.randint(0, max(0, nctl - 1)))
        elif r < 0.15:
            a = addr_vser(controller=0, bus=0)
        if rng.random() < 0.15:
            d.add(console_virtio(a))
        else:
            d.add(channel(d, address=a, ctype=rng.choice(["unix", "unix", "pty"])))
    return d


def r_serial_console(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    for i in range(rng.randint(1, 5)):
        k = rng.choice(["isa", "isa-port", "pci", "usb", "plain", "console-serial", "console-virtio", "console-plain"])
        if k == "isa":
            d.add(simple("serial", "type='pty'", ["<target type='isa-serial' port='%d'><model name='isa-serial'/></target>" % i]))
        elif k == "isa-port":
            d.add(simple("serial", "type='pty'", ["<target port='%d'/>" % rng.randint(0, 3)]))
        elif k == "pci":
            d.add(simple("serial", "type='pty'", ["<target type='pci-serial'/>"],
                         addr_pci(0, rng.randint(10, 20)) if rng.random() < 0.3 else ""))
        elif k == "usb":
            d.add(simple("serial", "type='pty'", ["<target type='usb-serial'/>"]))
        elif k == "plain":
            d.add(simple("serial", "type='pty'"))
        elif k == "console-serial":
            d.add(simple("console", "type='pty'", ["<target type='serial'/>"]))
        elif k == "console-virtio":
            d.add(console_virtio())
        else:
            d.add(simple("console", "type='pty'"))
    return d


def r_scsi_many(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    model = rng.choice(["virtio-scsi", "lsilogic", "default", "lsisas1068", "mptsas1068", "virtio-scsi-2"])
    if model == "virtio-scsi-2":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(ctrl("scsi", "1", "virtio-scsi"))
    elif model != "default":
        d.add(ctrl("scsi", rng.choice([None, "0"]), model))
    n = rng.choice([3, 7, 8, 9, 15, 20, 27, 30])
    names = list(range(n))
    if rng.random() < 0.3:
        names = rng.sample(range(40), n)
    for i, ix in enumerate(names):
        a = ""
        r = rng.random()
        if r < 0.2:
            a = addr_drive(0, 0, 0, rng.randint(0, 20))
        elif r < 0.25 and model.startswith("virtio"):
            a = addr_drive(0, 0, rng.randint(0, 10), 0)
        d.add(disk("sd" + disk_suffix(ix), "scsi", rng.choice(["disk", "disk", "cdrom"]), a))
    return d


def r_sata_ide_fdc(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    if fam == "q35":
        n = rng.choice([3, 6, 7, 8, 12, 13])
        for i in range(n):
            a = ""
            if rng.random() < 0.2:
                a = addr_drive(rng.choice([0, 0, 1]), 0, 0, rng.randint(0, 5))
            d.add(disk("sd" + disk_suffix(i), "sata", rng.choice(["disk", "cdrom"]), a,
                       boot=(i + 1) if rng.random() < 0.2 else None))
    else:
        names = rng.sample(["hda", "hdb", "hdc", "hdd"], rng.randint(1, 4))
        for nm in names:
            a = ""
            if rng.random() < 0.5:
                k = ord(nm[2]) - ord("a")
                a = addr_drive(0, k // 2, 0, k % 2) if rng.random() < 0.7 else addr_drive(0, rng.randint(0, 1), 0, rng.randint(0, 1))
            d.add(disk(nm, "ide", rng.choice(["disk", "cdrom"]), a))
        if rng.random() < 0.4:
            for i in range(rng.randint(1, 3)):
                d.add(disk("sd" + disk_suffix(i), "sata"))
    for nm in rng.sample(["fda", "fdb"], rng.randint(0, 2)):
        a = addr_drive(0, 0, 0, ord(nm[2]) - ord("a")) if rng.random() < 0.4 else ""
        d.add(disk(nm, "fdc", "floppy", a))
    if rng.random() < 0.3:
        d.add(disk("sdz", "usb", boot=rng.randint(1, 9) if rng.random() < 0.5 else None))
    return d


def r_nic_models(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    models = ["virtio", "e1000", "e1000e", "rtl8139", "ne2k_pci", "pcnet", "vmxnet3", None, "virtio-transitional",
              "virtio-non-transitional", "i82559er"]
    for _ in range(rng.randint(1, 12)):
        m = rng.choice(models)
        extra = ""
        r = rng.random()
        if r < 0.2:
            extra = "<rom bar='off'/>"
        elif r < 0.3:
            extra = "<boot order='%d'/>" % rng.randint(1, 5)
        d.add(nic(d, m, extra=extra))
    return d


def r_misc_devices(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    picks = rng.sample(["video", "sound", "balloon", "watchdog", "rng", "input", "panic", "shmem", "vsock", "iommu",
                        "tpm", "fs"], rng.randint(2, 7))
    for p in picks:
        if p == "video":
            v = rng.choice(["none", "qxl2", "virtio-heads", "ramfb", "vga", "bochs-qxl", "cirrus", "virtio-3d"])
            if v == "none":
                d.add(video("none"))
            elif v == "qxl2":
                for _ in range(rng.randint(2, 4)):
                    d.add(video("qxl"))
            elif v == "virtio-heads":
                d.add(video("virtio", extra="heads='%d'" % rng.randint(1, 4)))
            elif v == "ramfb":
                d.add(video("ramfb"))
            elif v == "bochs-qxl":
                d.add(video("bochs"))
                d.add(video("qxl"))
            elif v == "virtio-3d":
                d.add(video("virtio"))
                d.add(video("virtio"))
            else:
                d.add(video(v))
        elif p == "sound":
            for _ in range(rng.randint(1, 3)):
                m = rng.choice(["ich9", "ich6", "ac97", "usb", "es1370", "sb16", "ich7"])
                d.add(simple("sound", "model='%s'" % m))
        elif p == "balloon":
            r = rng.random()
            if r < 0.4:
                d.add(simple("memballoon", "model='virtio'", ["<stats period='10'/>"], addr_pci(0, rng.randint(3, 0x1f))))
            elif r < 0.7:
                d.add(simple("memballoon", "model='virtio' autodeflate='on'"))
            else:
                d.add(simple("memballoon", "model='virtio' freePageReporting='on'"))
        elif p == "watchdog":
            m = rng.choice(["i6300esb", "ib700", "itco"])
            d.add(simple("watchdog", "model='%s' action='reset'" % m))
        elif p == "rng":
            for _ in range(rng.randint(1, 3)):
                d.add(rngdev(rate=rng.random() < 0.5))
        elif p == "input":
            for _ in range(rng.randint(1, 3)):
                t, b = rng.choice([("mouse", "ps2"), ("keyboard", "ps2"), ("tablet", "virtio"), ("keyboard", "virtio"),
                                   ("mouse", "virtio"), ("tablet", "usb")])
                d.add(simple("input", "type='%s' bus='%s'" % (t, b)))
        elif p == "panic":
            d.add(simple("panic", "model='%s'" % rng.choice(["isa", "hyperv", "pvpanic"])
                         if rng.random() < 0.9 else ""))
        elif p == "shmem":
            for _ in range(rng.randint(1, 6)):
                d.add(shmem(d))
        elif p == "vsock":
            a = addr_pci(0, rng.randint(3, 0x1f)) if rng.random() < 0.6 else ""
            d.add(simple("vsock", "model='virtio'", ["<cid auto='no' address='%d'/>" % rng.randint(3, 99)], a))
        elif p == "iommu":
            if fam == "q35":
                d.features += ["<acpi/>", "<apic/>", "<ioapic driver='qemu'/>"]
                d.add(simple("iommu", "model='intel'", ["<driver intremap='on' caching_mode='on'/>"]))
        elif p == "tpm":
            d.add(simple("tpm", "model='tpm-crb'" if fam == "q35" else "model='tpm-tis'",
                         ["<backend type='passthrough'><device path='/dev/tpm0'/></backend>"]))
        elif p == "fs":
            d.add(simple("filesystem", "type='mount' accessmode='passthrough'",
                         ["<source dir='/srv/sw'/>", "<target dir='sw'/>"]))
    return d


def r_boot_disks(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    buses = ["virtio", "sata", "scsi", "usb"] + (["ide"] if fam == "pc" else [])
    orders = list(range(1, 9))
    rng.shuffle(orders)
    counters = collections.Counter()
    for i in range(rng.randint(2, 8)):
        b = rng.choice(buses)
        pre = {"virtio": "vd", "ide": "hd"}.get(b, "sd")
        if b == "ide" and counters["hd"] >= 4:
            continue
        if pre == "sd":
            idx = counters["sd"]
        else:
            idx = counters[pre]
        counters[pre] += 1
        d.add(disk(pre + disk_suffix(idx), b, rng.choice(["disk", "disk", "cdrom"]) if b != "virtio" else "disk",
                   boot=orders.pop() if rng.random() < 0.7 else None))
    return d


def r_mixed_big(rng):
    """A larger, realistic-looking mix with a random subset of explicit addresses."""
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    slots = list(range(3, 0x1f)) if fam == "pc" else []
    rng.shuffle(slots)
    if fam == "q35":
        for i in range(1, rng.randint(2, 10)):
            d.add(ctrl("pci", i, "pcie-root-port",
                       addr_pci(0, 2 + (i - 1) // 8, (i - 1) % 8, "on" if (i - 1) % 8 == 0 else None)
                       if rng.random() < 0.5 else "",
                       inner="<model name='pcie-root-port'/>\n  <target chassis='%d' port='0x%x'/>" % (i, 0x10 + i - 1)
                       if rng.random() < 0.5 else ""))
    for _ in range(rng.randint(3, 14)):
        a = ""
        if slots and rng.random() < 0.4:
            a = addr_pci(0, slots.pop(), 0)
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng", "nic", "scsi", "vser", "sound", "shmem"]), a))
    d.add(ctrl("usb", "0", rng.choice(["qemu-xhci", "piix3-uhci", "ich9-ehci1"])))
    d.add(simple("input", "type='tablet' bus='usb'"))
    d.add(simple("memballoon", "model='virtio'"))
    d.add(channel(d, "org.qemu.guest_agent.0"))
    d.add(video(rng.choice(["qxl", "vga", "virtio"])))
    return d


# --------------------------------------------------------------------------------------------
# fault recipes: (name, builder)

BAD_VALUES = ["abc", "-1", "0xzz", "", "1.5", "99999999999", "0x100000000", "+1", "0x", "08", "1 ", " ", "0b1",
              "1e3", "0x1f0"]

ADDR_ATTRS = {
    "pci": ["domain", "bus", "slot", "function", "multifunction"],
    "drive": ["controller", "bus", "target", "unit"],
    "usb": ["bus", "port"],
    "virtio-serial": ["controller", "bus", "port"],
    "ccid": ["controller", "slot"],
    "isa": ["iobase", "irq"],
}


def f_bad_value(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    t = rng.choice(list(ADDR_ATTRS))
    attr = rng.choice(ADDR_ATTRS[t])
    bad = rng.choice(BAD_VALUES + (["yes", "ON", "true", "default"] if attr == "multifunction" else []) +
                     (["1.2.3.4.5.6", "1..2", "0.1", "1.0", "1.9", "a.b"] if (t, attr) == ("usb", "port") else []))
    base = {
        "pci": {"domain": "0x0000", "bus": "0x00", "slot": "0x05", "function": "0x0", "multifunction": "off"},
        "drive": {"controller": "0", "bus": "0", "target": "0", "unit": "0"},
        "usb": {"bus": "0", "port": "1"},
        "virtio-serial": {"controller": "0", "bus": "0", "port": "1"},
        "ccid": {"controller": "0", "slot": "0"},
        "isa": {"iobase": "0x3f8", "irq": "4"},
    }[t]
    attrs = dict(base)
    attrs[attr] = bad
    a = "<address type='%s' %s/>" % (t, " ".join("%s='%s'" % kv for kv in attrs.items()))
    if t == "pci":
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng"]), a))
    elif t == "drive":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(disk("sda", "scsi", address=a))
    elif t == "usb":
        d.add(simple("input", "type='tablet' bus='usb'", (), a))
    elif t == "virtio-serial":
        d.add(channel(d, address=a))
    elif t == "ccid":
        d.graphics = "spice"
        d.add(ctrl("ccid", "0"))
        d.add(simple("smartcard", "mode='passthrough' type='spicevmc'", (), a))
    else:
        d.add(simple("serial", "type='pty'", ["<target type='isa-serial' port='0'/>"], a))
    d.add(nic(d))
    return d, "bad-value-%s" % t


def f_dup_across(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    slot = rng.randint(3, 0x1f) if fam == "pc" else rng.randint(2, 0x1e)
    fn = rng.choice([0, 0, 1, 3])
    kinds = rng.sample(["virtio-nic", "disk", "scsi", "vser", "rng", "shmem", "sound", "balloon", "video"], 2)
    for k in kinds:
        a = addr_pci(0, slot, fn, "on" if fn == 0 and rng.random() < 0.3 else None)
        if k == "balloon":
            d.add(simple("memballoon", "model='virtio'", (), a))
        elif k == "video":
            d.add(video("virtio", a))
        else:
            d.add(endpoint(d, k, a))
    return d, "dup-pci-across-kinds"


def f_slot0(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    r = rng.random()
    if r < 0.5:
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng", "scsi"]), addr_pci(0, 0, rng.choice([0, 1, 2]))))
    elif r < 0.75:
        d.add(ctrl("pci", "1", "pci-bridge" if fam == "pc" else "pcie-root-port", addr_pci(0, 0)))
    else:
        d.add(simple("memballoon", "model='virtio'", (), addr_pci(0, 0, 0)))
    return d, "slot0-root"


def f_pcie_on_bridge(rng):
    d = Dom(rng, pick_machine(rng, "q35"))
    d.add(ctrl("pci", "1", "pcie-root-port"))
    d.add(ctrl("pci", "2", "pcie-to-pci-bridge") if rng.random() < 0.5 else ctrl("pci", "2", "dmi-to-pci-bridge"))
    if rng.random() < 0.5:
        d.add(ctrl("pci", "3", "pci-bridge"))
        b = 3
    else:
        b = 2
    k = rng.choice(["e1000e", "root-port", "xhci", "virtio", "upstream", "virtio-nt"])
    a = addr_pci(b, rng.randint(1, 31))
    if k == "e1000e":
        d.add(nic(d, "e1000e", a))
    elif k == "root-port":
        d.add(ctrl("pci", "9", "pcie-root-port", a))
    elif k == "upstream":
        d.add(ctrl("pci", "9", "pcie-switch-upstream-port", a))
    elif k == "xhci":
        d.add(ctrl("usb", "0", "qemu-xhci", a))
    elif k == "virtio-nt":
        d.add(nic(d, "virtio-non-transitional", a))
    else:
        d.add(nic(d, "virtio", a))
    return d, "pcie-on-pci-bridge-" + k


def f_rootport_slot(rng):
    d = Dom(rng, pick_machine(rng, "q35"))
    d.add(ctrl("pci", "1", "pcie-root-port"))
    k = rng.choice(["slot", "fn", "downstream"])
    if k == "slot":
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk", "rng"]), addr_pci(1, rng.randint(1, 31))))
    elif k == "fn":
        d.add(endpoint(d, rng.choice(["virtio-nic", "disk"]), addr_pci(1, 0, rng.randint(1, 7))))
    else:
        d.add(ctrl("pci", "2", "pcie-switch-upstream-port", addr_pci(1, 0)))
        d.add(ctrl("pci", "3", "pcie-switch-downstream-port", addr_pci(2, rng.randint(0, 31))))
        d.add(endpoint(d, "virtio-nic", addr_pci(3, rng.randint(0, 2))))
    return d, "rootport-" + k


def f_usb_ports(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    model, n = rng.choice([("piix3-uhci", 2), ("qemu-xhci", 4), ("ich9-ehci1", 6), ("qemu-xhci-8", 8), ("nec-xhci", 4)])
    if model == "qemu-xhci-8":
        d.add(ctrl("usb", "0", "qemu-xhci", extra="ports='8'"))
    else:
        d.add(ctrl("usb", "0", model))
    k = rng.choice(["past-end", "hub-port0", "hub-past-8", "deep-chain", "no-hub", "too-many", "port0"])
    if k == "past-end":
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, n + rng.randint(1, 3))))
    elif k == "port0":
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, 0)))
    elif k == "hub-port0":
        d.add(simple("hub", "type='usb'", (), addr_usb(0, 1)))
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, "1.0")))
    elif k == "hub-past-8":
        d.add(simple("hub", "type='usb'", (), addr_usb(0, 1)))
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, "1.%d" % rng.randint(9, 12))))
    elif k == "deep-chain":
        p = "1"
        for _ in range(rng.randint(4, 6)):
            d.add(simple("hub", "type='usb'", (), addr_usb(0, p)))
            p += ".1"
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, p)))
    elif k == "no-hub":
        d.add(simple("input", "type='tablet' bus='usb'", (), addr_usb(0, "1.%d" % rng.randint(1, 3))))
    else:
        for _ in range(n + rng.randint(1, 3)):
            d.add(simple("input", "type='tablet' bus='usb'"))
    return d, "usb-" + k


def f_dup_targets(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["disk-vd", "disk-sd", "disk-vd-sd-mixed", "channel-name", "hd-sd", "fd"])
    if k == "disk-vd":
        d.add(disk("vda", "virtio"))
        d.add(disk("vda", "virtio"))
    elif k == "disk-sd":
        d.add(disk("sdb", "scsi"))
        d.add(disk("sdb", rng.choice(["scsi", "sata", "usb"])))
    elif k == "disk-vd-sd-mixed":
        d.add(disk("sda", "virtio"))
        d.add(disk("sda", "scsi"))
    elif k == "hd-sd":
        d.add(disk("hda", "sata"))
        d.add(disk("hda", "sata"))
    elif k == "fd":
        d.add(disk("fda", "fdc", "floppy"))
        d.add(disk("fda", "fdc", "floppy"))
    else:
        d.add(channel(d, "org.qemu.guest_agent.0"))
        d.add(channel(d, "org.qemu.guest_agent.0"))
    return d, "dup-target-" + k


def f_wrong_addr_type(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    t = rng.choice(["isa", "ccw", "virtio-mmio", "spapr-vio", "dimm", "bogus", "unassigned", "s390", "none", "drive",
                    "usb", "virtio-serial", "ccid", "pci"])
    a = {"isa": "<address type='isa' iobase='0x300' irq='5'/>",
         "ccw": "<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>",
         "virtio-mmio": "<address type='virtio-mmio'/>",
         "spapr-vio": "<address type='spapr-vio' reg='0x1000'/>",
         "dimm": "<address type='dimm' slot='0'/>",
         "bogus": "<address type='bogus'/>",
         "unassigned": "<address type='unassigned'/>",
         "s390": "<address type='s390'/>",
         "none": "<address/>",
         "drive": addr_drive(0, 0, 0, 1),
         "usb": addr_usb(0, 1),
         "virtio-serial": addr_vser(0, 0, 1),
         "ccid": "<address type='ccid' controller='0' slot='0'/>",
         "pci": addr_pci(0, 9)}[t]
    dev = rng.choice(["virtio-disk", "nic", "sata-disk", "rng", "input-usb", "channel", "balloon", "video", "controller",
                      "sound", "watchdog"])
    if dev == "virtio-disk":
        d.add(disk("vda", "virtio", address=a))
    elif dev == "sata-disk":
        d.add(disk("sda", "sata", address=a))
    elif dev == "nic":
        d.add(nic(d, "virtio", a))
    elif dev == "rng":
        d.add(rngdev(a))
    elif dev == "input-usb":
        d.add(simple("input", "type='tablet' bus='usb'", (), a))
    elif dev == "channel":
        d.add(channel(d, address=a))
    elif dev == "balloon":
        d.add(simple("memballoon", "model='virtio'", (), a))
    elif dev == "video":
        d.add(video("qxl", a))
    elif dev == "controller":
        d.add(ctrl("scsi", "0", "virtio-scsi", a))
    elif dev == "sound":
        d.add(simple("sound", "model='ich6'", (), a))
    else:
        d.add(simple("watchdog", "model='i6300esb'", (), a))
    return d, "addr-type-%s-on-%s" % (t, dev)


def f_drive_faults(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["scsi-ctl2-missing", "lsilogic-unit7", "lsilogic-unit8", "virtio-scsi-unit-16384", "virtio-scsi-target",
                    "sata-unit6", "sata-bus1", "ide-unit2", "ide-bus2", "fdc-unit2", "fdc-bus1", "sata-ctl1",
                    "scsi-bus1", "usb-drive"])
    if k == "scsi-ctl2-missing":
        d.add(disk("sda", "scsi", address=addr_drive(2, 0, 0, 0)))
    elif k.startswith("lsilogic"):
        d.add(ctrl("scsi", "0", "lsilogic"))
        d.add(disk("sda", "scsi", address=addr_drive(0, 0, 0, 7 if k.endswith("7") else 8)))
    elif k == "virtio-scsi-unit-16384":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(disk("sda", "scsi", address=addr_drive(0, 0, 0, rng.choice([16383, 16384, 20000]))))
    elif k == "virtio-scsi-target":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(disk("sda", "scsi", address=addr_drive(0, 0, rng.choice([255, 256, 1000]), 0)))
    elif k == "sata-unit6":
        d.add(disk("sda", "sata", address=addr_drive(0, 0, 0, rng.choice([6, 7, 30]))))
    elif k == "sata-bus1":
        d.add(disk("sda", "sata", address=addr_drive(0, 1, 0, 0)))
    elif k == "sata-ctl1":
        d.add(disk("sda", "sata", address=addr_drive(1, 0, 0, 0)))
    elif k == "ide-unit2":
        if fam == "q35":
            d.machine = pick_machine(rng, "pc")
        d.add(disk("hda", "ide", address=addr_drive(0, 0, 0, 2)))
    elif k == "ide-bus2":
        if fam == "q35":
            d.machine = pick_machine(rng, "pc")
        d.add(disk("hda", "ide", address=addr_drive(0, 2, 0, 0)))
    elif k == "fdc-unit2":
        d.add(disk("fda", "fdc", "floppy", addr_drive(0, 0, 0, 2)))
    elif k == "fdc-bus1":
        d.add(disk("fda", "fdc", "floppy", addr_drive(0, 1, 0, 0)))
    elif k == "scsi-bus1":
        d.add(ctrl("scsi", "0", rng.choice(["virtio-scsi", "lsilogic"])))
        d.add(disk("sda", "scsi", address=addr_drive(0, 1, 0, 0)))
    else:
        d.add(disk("sda", "usb", address=addr_drive(0, 0, 0, 0)))
    return d, "drive-" + k


def f_ctrl_faults(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["dup-index-scsi", "dup-index-pci", "root-wrong", "root-index1", "pci-bridge-index0",
                    "pcie-root-on-pc", "pci-root-on-q35", "vser-dup", "usb-none-plus-device", "usb-none-and-xhci",
                    "bridge-bus-missing", "expander-on-bridge", "busNr-too-low", "chassis-dup", "port-dup"])
    if k == "dup-index-scsi":
        d.add(ctrl("scsi", "0", "virtio-scsi"))
        d.add(ctrl("scsi", "0", "lsilogic"))
    elif k == "dup-index-pci":
        m = "pci-bridge" if fam == "pc" else "pcie-root-port"
        d.add(ctrl("pci", "1", m))
        d.add(ctrl("pci", "1", m))
    elif k == "root-wrong":
        d.add(ctrl("pci", "0", "pci-root" if fam == "q35" else "pcie-root"))
    elif k == "root-index1":
        d.add(ctrl("pci", "1", "pci-root" if fam == "pc" else "pcie-root"))
    elif k == "pci-bridge-index0":
        d.add(ctrl("pci", "0", "pci-bridge"))
    elif k == "pcie-root-on-pc":
        d.machine = pick_machine(rng, "pc")
        d.add(ctrl("pci", "1", rng.choice(["pcie-root-port", "dmi-to-pci-bridge", "pcie-expander-bus"])))
    elif k == "pci-root-on-q35":
        d.machine = pick_machine(rng, "q35")
        d.add(ctrl("pci", "1", rng.choice(["pci-expander-bus", "pci-bridge"])))
    elif k == "vser-dup":
        d.add(ctrl("virtio-serial", "0"))
        d.add(ctrl("virtio-serial", "0"))
    elif k == "usb-none-plus-device":
        d.add(ctrl("usb", "0", "none"))
        d.add(simple("input", "type='%s' bus='usb'" % rng.choice(["tablet", "mouse"])))
    elif k == "usb-none-and-xhci":
        d.add(ctrl("usb", "0", "none"))
        d.add(ctrl("usb", "1", "qemu-xhci"))
    elif k == "bridge-bus-missing":
        d.add(ctrl("pci", "1", "pci-bridge" if fam == "pc" else "pcie-root-port", addr_pci(5, 1)))
    elif k == "expander-on-bridge":
        d.machine = pick_machine(rng, "pc")
        d.add(ctrl("pci", "1", "pci-bridge"))
        d.add(ctrl("pci", "2", "pci-expander-bus", addr_pci(1, 1)))
    elif k == "busNr-too-low":
        d.machine = pick_machine(rng, "pc")
        d.add(ctrl("pci", "1", "pci-bridge"))
        d.add(ctrl("pci", "2", "pci-bridge"))
        d.add(ctrl("pci", "3", "pci-expander-bus", inner="<target busNr='%d'/>" % rng.choice([1, 2, 3, 0])))
    elif k == "chassis-dup":
        d.machine = pick_machine(rng, "q35")
        d.add(ctrl("pci", "1", "pcie-root-port", inner="<target chassis='1' port='0x10'/>"))
        d.add(ctrl("pci", "2", "pcie-root-port", inner="<target chassis='1' port='0x11'/>"))
    else:
        d.machine = pick_machine(rng, "q35")
        d.add(ctrl("pci", "1", "pcie-root-port", inner="<target chassis='1' port='0x10'/>"))
        d.add(ctrl("pci", "2", "pcie-root-port", inner="<target chassis='2' port='0x10'/>"))
    d.add(nic(d))
    return d, "ctrl-" + k


def f_pci_range(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["slot32", "fn8", "bus-big", "domain1", "slot-hex-upper", "bus255", "fn-mf-conflict",
                    "mf-on-nonzero", "fn-without-fn0"])
    if k == "slot32":
        d.add(endpoint(d, "virtio-nic", addr_pci(0, rng.choice([32, 0x20, 0xff]))))
    elif k == "fn8":
        d.add(endpoint(d, "virtio-nic", addr_pci(0, 5, 8)))
    elif k == "bus-big":
        d.add(endpoint(d, "virtio-nic", addr_pci(rng.choice([1, 3, 7]), 1)))
    elif k == "domain1":
        d.add(endpoint(d, "virtio-nic", addr_pci(0, 5, 0, domain=1)))
    elif k == "slot-hex-upper":
        d.add(endpoint(d, "virtio-nic", "<address type='pci' slot='0X1F'/>"))
    elif k == "bus255":
        d.add(endpoint(d, "virtio-nic", addr_pci(255, 1)))
    elif k == "fn-mf-conflict":
        d.add(endpoint(d, "virtio-nic", addr_pci(0, 6, 0, "off")))
        d.add(endpoint(d, "disk", addr_pci(0, 6, 1)))
    elif k == "mf-on-nonzero":
        d.add(endpoint(d, "virtio-nic", addr_pci(0, 6, 2, "on")))
    else:
        d.add(endpoint(d, "virtio-nic", addr_pci(0, 6, 3)))
    return d, "pci-" + k


def f_vser_faults(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["ctl-missing", "port0", "bus1", "dup-port", "port-beyond", "console-port0", "ports0"])
    if k == "ctl-missing":
        d.add(channel(d, address=addr_vser(rng.randint(1, 3), 0, 1)))
    elif k == "port0":
        d.add(ctrl("virtio-serial", "0"))
        d.add(channel(d, address=addr_vser(0, 0, 0)))
    elif k == "bus1":
        d.add(ctrl("virtio-serial", "0"))
        d.add(channel(d, address=addr_vser(0, 1, 1)))
    elif k == "dup-port":
        d.add(channel(d, address=addr_vser(0, 0, 2)))
        d.add(console_virtio(addr_vser(0, 0, 2)))
    elif k == "port-beyond":
        d.add(ctrl("virtio-serial", "0", extra="ports='4'"))
        d.add(channel(d, address=addr_vser(0, 0, rng.choice([4, 5, 31]))))
    elif k == "console-port0":
        d.add(console_virtio(addr_vser(0, 0, 0)))
    else:
        d.add(ctrl("virtio-serial", "0", extra="ports='%s'" % rng.choice(["0", "-1", "abc"])))
        d.add(channel(d))
    return d, "vser-" + k


def f_misc_faults(rng):
    fam = rng.choice(["pc", "q35"])
    d = Dom(rng, pick_machine(rng, fam))
    k = rng.choice(["two-balloons", "two-watchdogs-same", "video-none-plus", "vga-secondary", "ide-on-q35-sata-bus",
                    "iommu-on-pc", "iommu-no-ioapic", "two-vsock", "panic-two", "isa-on-pci-serial", "ps2-on-q35-addr",
                    "balloon-none-addr", "sound-usb-pci-addr", "virtio-input-pci-on-bridge"])
    if k == "two-balloons":
        d.add(simple("memballoon", "model='virtio'"))
        d.add(simple("memballoon", "model='virtio'"))
    elif k == "two-watchdogs-same":
        d.add(simple("watchdog", "model='i6300esb'"))
        d.add(simple("watchdog", "model='i6300esb'"))
    elif k == "video-none-plus":
        d.add(video("none"))
        d.add(video("qxl"))
    elif k == "vga-secondary":
        d.add(video("qxl"))
        d.add(video("vga"))
    elif k == "ide-on-q35-sata-bus":
        d.machine = pick_machine(rng, "q35")
        d.add(disk("hda", "ide"))
    elif k == "iommu-on-pc":
        d.machine = pick_machine(rng, "pc")
        d.add(simple("iommu", "model='intel'"))
    elif k == "iommu-no-ioapic":
        d.machine = pick_machine(rng, "q35")
        d.add(simple("iommu", "model='intel'", ["<driver intremap='on'/>"]))
    elif k == "two-vsock":
        d.add(simple("vsock", "model='virtio'", ["<cid auto='yes'/>"]))
        d.add(simple("vsock", "model='virtio'", ["<cid auto='yes'/>"]))
    elif k == "panic-two":
        d.add(simple("panic", "model='isa'"))
        d.add(simple("panic", "model='isa'"))
    elif k == "isa-on-pci-serial":
        d.add(simple("serial", "type='pty'", ["<target type='pci-serial'/>"], "<address type='isa' iobase='0x2f8' irq='3'/>"))
    elif k == "ps2-on-q35-addr":
        d.add(simple("input", "type='mouse' bus='ps2'", (), addr_pci(0, 5)))
    elif k == "balloon-none-addr":
        d.add(simple("memballoon", "model='none'", (), addr_pci(0, 5)))
    elif k == "sound-usb-pci-addr":
        d.add(simple("sound", "model='usb'", (), addr_pci(0, 5)))
    else:
        d.add(simple("input", "type='tablet' bus='virtio'", (), addr_pci(0, rng.choice([0, 5, 0x1f]))))
    return d, "misc-" + k


CLEAN = [
    ("machine-variants", r_machine_variants, 6),
    ("ctrl-index", r_ctrl_index, 6),
    ("pcie-topology", r_pcie_topology, 8),
    ("expander-pc", r_expander_pc, 4),
    ("bridge-chain-pc", r_bridge_chain_pc, 5),
    ("multifunction", r_multifunction, 6),
    ("partial-address", r_partial_address, 6),
    ("spelling", r_spelling, 6),
    ("usb-topology", r_usb_topology, 7),
    ("virtio-serial", r_virtio_serial, 6),
    ("serial-console", r_serial_console, 5),
    ("scsi-many", r_scsi_many, 5),
    ("sata-ide-fdc", r_sata_ide_fdc, 5),
    ("nic-models", r_nic_models, 4),
    ("misc-devices", r_misc_devices, 7),
    ("boot-disks", r_boot_disks, 3),
    ("mixed-big", r_mixed_big, 5),
]
FAULTS = [
    ("bad-value", f_bad_value, 6),
    ("dup-across", f_dup_across, 3),
    ("slot0", f_slot0, 2),
    ("pcie-on-bridge", f_pcie_on_bridge, 2),
    ("rootport-slot", f_rootport_slot, 2),
    ("usb-ports", f_usb_ports, 3),
    ("dup-targets", f_dup_targets, 2),
    ("wrong-addr-type", f_wrong_addr_type, 5),
    ("drive-faults", f_drive_faults, 4),
    ("ctrl-faults", f_ctrl_faults, 4),
    ("pci-range", f_pci_range, 3),
    ("vser-faults", f_vser_faults, 3),
    ("misc-faults", f_misc_faults, 3),
]


def main():
    ap = cli.parser(__doc__)
    cli.add_run(ap, 700)
    cli.add_only(ap)
    ap.add_argument("--dry-run", action="store_true", help="write the inputs and stop")
    args = ap.parse_args()

    recipes = [(n, fn, w, False) for n, fn, w in CLEAN] + [(n, fn, w, True) for n, fn, w in FAULTS]
    if args.only:
        keep = set(cli.only(args))
        recipes = [r for r in recipes if r[0] in keep]
    total_w = sum(r[2] for r in recipes)
    plan = []
    for r in recipes:
        plan += [r] * max(1, round(args.count * r[2] / total_w))
    plan = plan[:args.count]
    while len(plan) < args.count:
        plan.append(recipes[len(plan) % len(recipes)])
    rng_plan = random.Random(args.seed)
    rng_plan.shuffle(plan)

    cases = []
    for i, (name, fn, _, is_fault) in enumerate(plan, 1):
        cid = "s%04d" % i
        rng = random.Random("%d/%s" % (args.seed, cid))
        res = fn(rng)
        if is_fault:
            d, fault = res
        else:
            d, fault = res, "none"
        cases.append((cid, d.fam, name, fault, d.text(PREFIX + cid)))
    rows = corpus.judge_and_write(cases, args.out, PREFIX, uri=args.uri, dry_run=args.dry_run)
    if rows is not None:
        print(corpus.summary(args.seed, rows))


if __name__ == "__main__":
    main()
