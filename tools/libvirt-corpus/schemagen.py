#!/usr/bin/env python3
"""Schema-driven corpus generator for addralloc: devices drawn from libvirt 9.0's own RelaxNG grammar.

The other generators draw the devices we thought of. This one reads libvirt's domain schema
(`domain.rng` and what it includes, from libvirt 9.0.0's `src/conf/schemas`) and draws from the
grammar itself: which `<devices>` children exist, their attributes and children, the address types
of the `address` define and the values of each attribute's datatype or choice. It never predicts a
verdict: every verdict, message and output comes from the live daemon (`virsh -c qemu:///system
define` / `dumpxml --inactive` / `undefine`, through `corpuslib`).

Usage (from the repository root; the daemon must answer on qemu:///system with the s390x, ppc64
and aarch64 emulators; SCHEMAS is libvirt 9.0.0's src/conf/schemas directory):
    schemagen.py --schemas SCHEMAS --seed 1 --count 1500 --out /tmp/schemagen-s1
    schemagen.py --schemas SCHEMAS --seed 3 --count 20 --out /tmp/sg --dry-run   (inputs only)
    schemagen.py --out DIR --summarize     (print the summary of DIR/manifest.tsv)
    (--workers N: parallel virsh sessions, default 2)
OUT/cases is replaced; only domains named addralloc-sg-* are ever defined or removed.

Each case is one machine family (pc `pc-i440fx-7.2`, q35 `pc-q35-7.2`, s390x `s390-ccw-virtio`,
pseries `pseries`, virt `virt` on aarch64) with `<domain type='qemu'>`, memory, one vCPU, a
minimal `<os>` and 1-8 devices drawn from the `<devices>` define (every child it names but
`<emulator>`; those the grammar allows once are drawn at most once). Each device is expanded from
its define: `choice` picks a branch, `optional` / `zeroOrMore` / `oneOrMore` decide how many,
`data` and `value` give the values. The draw is weighted toward what decides addresses: optional
parts that hold an address, a target, a model, an index, ports or a bus are taken far more often
than the rest, and numeric attributes of `address`, `zpci`, `target`, `master` and `controller`
elements take the datatype's boundary values (0, its maximum, maximum + 1) and values already drawn
for the same attribute in the domain, so that collisions are frequent. Values that decide whether
`define` accepts a domain for reasons other than addresses are steered toward what it accepts
(file sources under /var/lib/libvirt/images, `user` and `network` NICs on network `default`, pty
character devices, ...): see STEER below. The grammar still decides what can be drawn; steering
only weighs it.

About 40% of the cases get one injected address fault (the manifest's `fault`; `none` otherwise):
  copy-address        another device's address copied onto a device
  out-of-range        one field of an address set to its datatype's maximum + 1 (or far above)
  wrong-address-type  an address of another type from the grammar's `address` choice
  missing-bus         an address's bus / controller pointing at a controller the domain lacks
`kind` is the drawn device element names joined by `+` in the order drawn (e.g. `smartcard+hub`).

Each case draws its own random generator from (seed, case number), so the same seed and schema
give byte-identical inputs and manifest whatever the number of workers. Python 3 standard library
only.
"""

import argparse
import collections
import os
import random
import re
import xml.etree.ElementTree as ET

from corpuslib.corpus import judge_and_write

PREFIX = "addralloc-sg-"
RNG = "{http://relaxng.org/ns/structure/1.0}"
FAMILIES = {
    # family: (arch, machine, weight)
    "pc": ("x86_64", "pc-i440fx-7.2", 22),
    "q35": ("x86_64", "pc-q35-7.2", 22),
    "s390x": ("s390x", "s390-ccw-virtio", 18),
    "pseries": ("ppc64", "pseries", 18),
    "virt": ("aarch64", "virt", 20),
}
FAULTS = ["copy-address", "out-of-range", "wrong-address-type", "missing-bus"]
P_FAULT = 0.4


class Unsatisfiable(Exception):
    """A branch that holds <notAllowed/> (or runs out of depth) cannot be drawn."""


# --------------------------------------------------------------------------------------------
# XSD regular expressions (the subset the schemas use): parse, sample, largest value


PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]


def rx_parse(pattern):
    pos = [0]

    def peek():
        return pattern[pos[0]] if pos[0] < len(pattern) else None

    def take():
        c = pattern[pos[0]]
        pos[0] += 1
        return c

    def escape():
        c = take()
        return {"s": [" "], "n": ["\n"], "d": [chr(x) for x in range(48, 58)],
                "w": [x for x in PRINTABLE if x.isalnum() or x == "_"]}.get(c, [c])

    def klass():
        neg = peek() == "^"
        if neg:
            take()
        chars = []
        first = True
        while peek() != "]" or first:
            first = False
            c = take()
            if c == "\\":
                lo = escape()
            else:
                lo = [c]
            if peek() == "-" and pos[0] + 1 < len(pattern) and pattern[pos[0] + 1] != "]" and len(lo) == 1:
                take()
                hi = take()
                if hi == "\\":
                    hi = escape()[0]
                chars.extend(chr(x) for x in range(ord(lo[0]), ord(hi) + 1))
            else:
                chars.extend(lo)
        take()
        if neg:
            chars = [c for c in PRINTABLE if c not in chars]
        return ("chars", sorted(set(chars)))

    def atom():
        c = take()
        if c == "(":
            node = alt()
            take()  # )
            return node
        if c == "[":
            return klass()
        if c == "\\":
            return ("chars", escape())
        if c == ".":
            return ("chars", PRINTABLE)
        return ("chars", [c])

    def quantified():
        node = atom()
        while peek() in ("?", "*", "+", "{"):
            q = take()
            if q == "?":
                node = ("rep", node, 0, 1)
            elif q == "*":
                node = ("rep", node, 0, None)
            elif q == "+":
                node = ("rep", node, 1, None)
            else:
                spec = ""
                while peek() != "}":
                    spec += take()
                take()
                if "," in spec:
                    lo, hi = spec.split(",")
                    node = ("rep", node, int(lo), int(hi) if hi else None)
                else:
                    node = ("rep", node, int(spec), int(spec))
        return node

    def seq():
        items = []
        while peek() is not None and peek() not in ("|", ")"):
            items.append(quantified())
        return ("seq", items)

    def alt():
        branches = [seq()]
        while peek() == "|":
            take()
            branches.append(seq())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    return alt()


def rx_sample(node, rng, small=False):
    kind = node[0]
    if kind == "chars":
        chars = node[1]
        if small:
            low = [c for c in chars if c in "0123"]
            if low:
                return rng.choice(low)
        return rng.choice(chars)
    if kind == "seq":
        return "".join(rx_sample(n, rng, small) for n in node[1])
    if kind == "alt":
        return rx_sample(rng.choice(node[1]), rng, small)
    _, sub, lo, hi = node
    top = lo + 2 if hi is None else hi
    if small:
        n = lo if rng.random() < 0.9 else min(top, lo + 1)
    else:
        n = rng.randint(lo, max(lo, min(top, lo + 3)))
    return "".join(rx_sample(sub, rng, small) for _ in range(n))


def rx_max(node):
    """The string of the largest number the pattern can spell, or None (unbounded, not a number)."""
    kind = node[0]
    if kind == "chars":
        digits = [c for c in node[1] if c in "0123456789abcdefABCDEF"]
        if not digits:
            return node[1][-1] if len(node[1]) == 1 else None
        return max(digits, key=lambda c: int(c, 16))
    if kind == "seq":
        parts = [rx_max(n) for n in node[1]]
        return None if None in parts else "".join(parts)
    if kind == "alt":
        best = None
        for b in node[1]:
            s = rx_max(b)
            if s is not None and (best is None or (as_number(s) or -1) > (as_number(best) or -1)):
                best = s
        return best
    _, sub, lo, hi = node
    if hi is None:
        return None
    s = rx_max(sub)
    return None if s is None else s * hi


def as_number(s):
    try:
        if s.lower().startswith("0x"):
            return int(s[2:], 16)
        if s.isdigit():
            return int(s, 10)
    except ValueError:
        pass
    return None


TYPE_RANGES = {
    "unsignedInt": (0, 2 ** 32 - 1), "unsignedLong": (0, 2 ** 64 - 1), "int": (-2 ** 31, 2 ** 31 - 1),
    "integer": (-2 ** 63, 2 ** 63 - 1), "long": (-2 ** 63, 2 ** 63 - 1), "positiveInteger": (1, 2 ** 64 - 1),
    "unsignedShort": (0, 65535), "unsignedByte": (0, 255),
}


# --------------------------------------------------------------------------------------------
# the grammar


class Grammar:
    """The defines of a RelaxNG grammar and the files it includes, as nested tuples."""

    def __init__(self, directory, start="domain.rng"):
        self.defines = {}
        self.dir = directory
        self._load(os.path.join(directory, start), set())
        self.rx_cache = {}

    def _load(self, path, seen):
        if path in seen:
            return
        seen.add(path)
        root = ET.parse(path).getroot()
        overrides = {}
        for el in root:
            if el.tag == RNG + "include":
                inner = {}
                for d in el:
                    if d.tag == RNG + "define":
                        inner[d.get("name")] = d
                self._load(os.path.join(os.path.dirname(path), el.get("href")), seen)
                overrides.update(inner)
        for el in list(root) + [d for e in root if e.tag == RNG + "include" for d in e]:
            if el.tag != RNG + "define":
                continue
            name = el.get("name")
            body = self.convert_children(el)
            if el.get("combine") and name in self.defines:
                op = "choice" if el.get("combine") == "choice" else "interleave"
                self.defines[name] = (op, [self.defines[name], body])
            else:
                self.defines[name] = body

    def convert_children(self, el):
        kids = [self.convert(c) for c in el if isinstance(c.tag, str)]
        kids = [k for k in kids if k is not None]
        return kids[0] if len(kids) == 1 else ("group", kids)

    def convert(self, el):
        tag = el.tag[len(RNG):] if el.tag.startswith(RNG) else None
        if tag in ("element", "attribute"):
            name = el.get("name")
            kids = [c for c in el if isinstance(c.tag, str)]
            if name is None:
                first = kids.pop(0)
                name = first.text.strip() if first.tag == RNG + "name" else None  # anyName: None
            if tag == "attribute" and not kids:
                return ("attribute", name, ("text",))
            body = [self.convert(c) for c in kids]
            body = [b for b in body if b is not None]
            return (tag, name, body[0] if len(body) == 1 else ("group", body))
        if tag in ("choice", "group", "interleave"):
            return (tag, [c for c in (self.convert(c) for c in el if isinstance(c.tag, str)) if c is not None])
        if tag in ("optional", "zeroOrMore", "oneOrMore", "list", "mixed"):
            return (tag, self.convert_children(el))
        if tag in ("ref", "parentRef"):
            return ("ref", el.get("name"))
        if tag == "data":
            params = {p.get("name"): p.text for p in el if p.tag == RNG + "param"}
            return ("data", el.get("type"), params)
        if tag == "value":
            return ("value", el.text or "")
        if tag in ("text", "empty", "notAllowed"):
            return (tag,)
        return None  # documentation, anyName, except (value exceptions are not drawn)

    # ---- facts about patterns

    def heads(self, node, depth=0, out=None, required=False):
        """The names of the attributes and elements a pattern starts with (refs followed);
        required: only those it cannot leave out."""
        out = set() if out is None else out
        if depth > 12:
            return out
        k = node[0]
        if k in ("element", "attribute"):
            if node[1]:
                out.add(node[1])
        elif k in ("choice", "group", "interleave"):
            for c in node[1]:
                self.heads(c, depth + 1, out, required)
        elif k in ("oneOrMore", "list", "mixed") or (k in ("optional", "zeroOrMore") and not required):
            self.heads(node[1], depth + 1, out, required)
        elif k == "ref":
            self.heads(self.defines[node[1]], depth + 1, out, required)
        return out

    def required_values(self, node, depth=0, out=None, optional=False):
        """{attribute: {values}} of the attributes a branch requires (optional: or may have) with
        fixed values, refs followed, not into child elements."""
        out = {} if out is None else out
        if depth > 12:
            return out
        k = node[0]
        if k == "attribute":
            vals = self.values(node[2])
            if vals:
                out.setdefault(node[1], set()).update(vals)
        elif k in ("group", "interleave"):
            for c in node[1]:
                self.required_values(c, depth + 1, out, optional)
        elif k == "oneOrMore" or (k == "optional" and optional):
            self.required_values(node[1], depth + 1, out, optional)
        elif k == "ref":
            self.required_values(self.defines[node[1]], depth + 1, out, optional)
        return out

    def values(self, node, depth=0):
        k = node[0]
        if k == "value":
            return {node[1]}
        if k == "choice":
            s = set()
            for c in node[1]:
                s |= self.values(c, depth + 1)
            return s
        if k == "ref" and depth < 8:
            return self.values(self.defines[node[1]], depth + 1)
        return set()

    def blocked(self, node, depth=0):
        """Whether a branch is notAllowed at its top (so it can never be drawn)."""
        k = node[0]
        if k == "notAllowed":
            return True
        if k == "ref" and depth < 12:
            return self.blocked(self.defines[node[1]], depth + 1)
        if k in ("group", "interleave"):
            return any(self.blocked(c, depth + 1) for c in node[1])
        if k == "choice":
            return all(self.blocked(c, depth + 1) for c in node[1])
        return False

    def num_range(self, node, depth=0):
        """(lowest, highest, hex) a numeric datatype allows, or None; hex: its pattern spells 0x."""
        k = node[0]
        if k == "ref" and depth < 10:
            return self.num_range(self.defines[node[1]], depth + 1)
        if k == "choice":
            rs = [r for r in (self.num_range(c, depth + 1) for c in node[1]) if r]
            if not rs:
                return None
            return (min(r[0] for r in rs), max(r[1] for r in rs), any(r[2] for r in rs))
        if k == "value":
            n = as_number(node[1])
            return None if n is None else (n, n, node[1].lower().startswith("0x"))
        if k != "data":
            return None
        typ, params = node[1], node[2]
        lo, hi = TYPE_RANGES.get(typ, (None, None))
        hexa = False
        if "pattern" in params:
            rx = self.rx(params["pattern"])
            s = rx_max(rx)
            if s is not None and as_number(s) is not None:
                hexa = s.lower().startswith("0x")
                lo, hi = 0, as_number(s)
            elif lo is None:
                return None
        if lo is None:
            return None
        if "minInclusive" in params:
            lo = int(params["minInclusive"])
        if "maxInclusive" in params:
            hi = int(params["maxInclusive"])
        return (lo, hi, hexa)

    def rx(self, pattern):
        if pattern not in self.rx_cache:
            self.rx_cache[pattern] = rx_parse(pattern)
        return self.rx_cache[pattern]

    def device_refs(self):
        """[(define name, element name, at most once)] of the <devices> element's children."""
        out = []

        def walk(node, once):
            k = node[0]
            if k == "ref":
                body = self.defines[node[1]]
                if body[0] == "element":
                    out.append((node[1], body[1], once))
                else:
                    walk(body, once)
            elif k in ("choice", "group", "interleave"):
                for c in node[1]:
                    walk(c, once)
            elif k in ("zeroOrMore", "oneOrMore"):
                walk(node[1], False)
            elif k == "optional":
                walk(node[1], once)

        devices = self.defines["devices"]
        walk(devices[2], True)
        return out

    def can_have_address(self, define, depth=0, node=None):
        """Whether a device's own content (not its children's) may hold <ref name='address'/>."""
        node = self.defines[define][2] if node is None else node
        k = node[0]
        if k == "ref":
            if node[1] == "address":
                return True
            body = self.defines[node[1]]
            return depth < 12 and body[0] != "element" and self.can_have_address(define, depth + 1, body)
        if k in ("choice", "group", "interleave"):
            return any(self.can_have_address(define, depth + 1, c) for c in node[1])
        if k in ("optional", "zeroOrMore", "oneOrMore"):
            return self.can_have_address(define, depth + 1, node[1])
        return False

    def address_types(self):
        return sorted(v for c in self.defines["address"][2][1] for v in self.required_values(c).get("type", ()))


# --------------------------------------------------------------------------------------------
# steering: weights that keep the draw where define accepts and where addresses are decided

# Probability of taking an optional part, by the names it starts with (the largest applies).
ADDRESS_NAMES = {
    "address": 0.0,  # device addresses are drawn apart (Drawer.address)
    "target": 0.7, "model": 0.6, "index": 0.55, "ports": 0.3, "bus": 0.6, "port": 0.5, "slot": 0.5,
    "unit": 0.5, "controller": 0.5, "master": 0.3, "reg": 0.5, "chassis": 0.4, "chassisNr": 0.4,
    "busNr": 0.3, "vectors": 0.15, "multifunction": 0.2, "zpci": 0.3, "function": 0.5, "domain": 0.2,
    "cssid": 0.5, "ssid": 0.5, "devno": 0.5, "iobase": 0.4, "irq": 0.4, "base": 0.3, "uid": 0.4,
    "fid": 0.4, "startport": 0.4, "source": 0.6, "device": 0.6, "type": 0.6, "cid": 0.4, "mode": 0.3,
}
# Parts that mostly earn rejections unrelated to addresses.
RARE = {
    "boot": 0.02, "seclabel": 0.0, "iotune": 0.0, "encryption": 0.0, "auth": 0.0, "reservations": 0.0,
    "backingStore": 0.0, "mirror": 0.0, "alias": 0.05, "acpi": 0.02, "geometry": 0.02, "blockio": 0.02,
    "driver": 0.04, "target/model": 0.15, "emulator": 0.0, "filterref": 0.0, "bandwidth": 0.0, "tune": 0.02, "coalesce": 0.0,
    "backenddomain": 0.0, "vlan": 0.0, "virtualport": 0.0, "privateData": 0.0, "slices": 0.0,
    "cookies": 0.0, "ssl": 0.0, "timeout": 0.0, "readahead": 0.0, "initiator": 0.0, "config": 0.0,
    "snapshot": 0.02, "throttlegroup": 0.0, "protocol": 0.1, "log": 0.0, "rom": 0.05, "filter": 0.02,
    "teaming": 0.0, "backup": 0.0, "ip": 0.0, "route": 0.0, "script": 0.0, "downscript": 0.0,
    "guest": 0.0, "link": 0.05, "mtu": 0.02, "portForward": 0.0, "startupPolicy": 0.0,
    "sgio": 0.05, "rawio": 0.05, "shareable": 0.05, "transient": 0.0, "serial": 0.05, "wwn": 0.0,
    "vendor": 0.0, "product": 0.0, "tray": 0.05, "removable": 0.05, "rotation_rate": 0.05,
    "rate": 0.1, "audio": 0.05, "codec": 0.3, "acceleration": 0.05, "resolution": 0.05,
    "portgroup": 0.0, "managed": 0.5, "origstates": 0.0, "statistics": 0.1, "autodeflate": 0.1,
    "freePageReporting": 0.1, "stats": 0.1, "timeouts": 0.0, "reconnect": 0.0, "protocolname": 0.0,
    "tty": 0.0, "disk/model": 0.1, "input/model": 0.1, "disk/source": 0.95, "source/path": 0.9,
    "target/node": 1.0, "source/file": 0.95, "source/dev": 0.95, "source/dir": 0.95, "source/index": 0.0,
    "source/name": 0.95, "adapter/name": 1.0, "memory/address": 0.0, "target/managed": 0.0, "msi": 0.0, "memory/target": 1.0, "memory/source": 0.1, "source/host": 0.0, "source/service": 0.0, "source/channel": 0.0, "source/master": 0.0,
    "source/slave": 0.0, "source/tls": 0.0, "source/append": 0.05, "source/seclabel": 0.0,
}
P_OPTIONAL = 0.15

# Weights of attribute values (and of the choice branches that fix them): (element, attribute).
VALUE_WEIGHTS = {
    ("disk", "type"): {"file": 8, "block": 0.4, "dir": 0.3, "network": 0.6, "volume": 0.2, "nvme": 0.2,
                       "vhostuser": 0.02},
    ("disk", "device"): {"disk": 5, "cdrom": 2, "floppy": 1, "lun": 0.4},
    ("target", "bus"): {"virtio": 3, "scsi": 3, "sata": 2, "ide": 1.5, "fdc": 1, "usb": 2, "xen": 0.1,
                        "uml": 0.1, "sd": 0.2},
    ("interface", "type"): {"user": 5, "network": 5},
    ("source", "mode"): {"bind": 1, "connect": 1},
    ("hostdev", "mode"): {"subsystem": 6, "capabilities": 0.02},
    ("backend", "type"): {"passthrough": 5, "emulator": 0.2, "external": 0.2, "passt": 0.02, "*": 1},
    ("controller", "type"): {"xenbus": 0.1, "isa": 0.2, "*": 1},
    ("memory", "unit"): {"KiB": 1},
    ("size", "unit"): {"KiB": 1},
    ("requested", "unit"): {"KiB": 1},
    ("current", "unit"): {"KiB": 1},
    ("block", "unit"): {"KiB": 1},
    ("shmem", "model"): {"ivshmem-plain": 5, "ivshmem-doorbell": 1, "ivshmem": 0.3},
    ("graphics", "type"): {"vnc": 3, "spice": 3},
    ("filesystem", "type"): {"mount": 6},
    ("filesystem", "accessmode"): {"mapped": 3, "squash": 1, "passthrough": 1},
    ("rng", "model"): {"virtio": 3},
    ("backend", "model"): {"random": 5, "egd": 1, "builtin": 2},
    ("target", "type"): {"xen": 0.05, "uml": 0.05, "lxc": 0.05, "openvz": 0.05, "guestfwd": 0.2, "*": 1},
    ("memory", "model"): {"dimm": 4, "nvdimm": 1, "virtio-mem": 1, "virtio-pmem": 1, "sgx-epc": 0.3},
}
# What a machine family lacks (define refuses it whatever the addresses): drawn rarely there.
_NOT_X86 = {("panic", "model"): {"isa": 0.05, "hyperv": 0.05}, ("tpm", "model"): {"tpm-tis": 0.1, "tpm-crb": 0.1},
            ("watchdog", "model"): {"i6300esb": 0.3, "ib700": 0.05}}
FAMILY_WEIGHTS = {
    "pc": {("panic", "model"): {"s390": 0.05, "pseries": 0.05}, ("tpm", "model"): {"spapr-tpm-proxy": 0.05,
                                                                                  "tpm-spapr": 0.05},
           ("watchdog", "model"): {"diag288": 0.05}, ("iommu", "model"): {"intel": 0.1}},
    "q35": {("panic", "model"): {"s390": 0.05, "pseries": 0.05}, ("tpm", "model"): {"spapr-tpm-proxy": 0.05,
                                                                                   "tpm-spapr": 0.05},
            ("watchdog", "model"): {"diag288": 0.05}, ("controller", "type"): {"ide": 0.1, "xenbus": 0.1,
                                                                               "isa": 0.2, "*": 1}},
    "s390x": {**_NOT_X86, ("video", "model", "type"): {"virtio": 1, "*": 0.03},
              ("disk", "target", "bus"): {"virtio": 3, "scsi": 3, "usb": 0.5, "*": 0.03},
              ("shmem", "model", "type"): {"*": 0.05}, ("panic", "model"): {"s390": 1, "*": 0.05}},
    "pseries": {**_NOT_X86, ("panic", "model"): {"pseries": 1, "*": 0.05}},
    "virt": {**_NOT_X86, ("video", "model", "type"): {"qxl": 0.05, "cirrus": 0.05},
             ("panic", "model"): {"*": 0.05}},
}
# character device target types per family (the grammar offers every one everywhere)
_TARGETS = {"pc": ("isa-serial", "usb-serial", "pci-serial", "isa-debug", "serial", "virtio"),
            "s390x": ("sclp-serial", "sclp", "sclplm", "virtio", "serial"),
            "pseries": ("spapr-vio-serial", "pci-serial", "usb-serial", "serial", "virtio"),
            "virt": ("system-serial", "pci-serial", "usb-serial", "serial", "virtio")}
_TARGETS["q35"] = _TARGETS["pc"]
for _f, _t in _TARGETS.items():
    FAMILY_WEIGHTS[_f][("target", "type")] = dict({t: 1 for t in _t}, xen=0.02, uml=0.02, lxc=0.02,
                                                  openvz=0.02, guestfwd=0.2, **{"*": 0.05})
    FAMILY_WEIGHTS[_f][("serial", "target", "type")] = dict({t: 1 for t in _t if t.endswith("-serial")},
                                                            **{"*": 0.03})
FAMILY_DEVICES = {"s390x": {"parallel": 0.1, "nvram": 0.1, "sound": 0.1, "shmem": 0.1, "smartcard": 0.2}, "pseries": {"parallel": 0.1},
                  "pc": {"nvram": 0.1}, "q35": {"nvram": 0.1}, "virt": {"nvram": 0.1, "panic": 0.1}}

# Character devices: pty almost always.
CHARDEV_TYPE = {"pty": 8, "null": 1, "vc": 1, "spicevmc": 2, "file": 1, "unix": 1}
CHARDEVS = ("serial", "console", "channel", "parallel")

# How many devices a case draws: 1 .. 8, weights.
DEVICE_COUNT = (32, 22, 14, 10, 8, 6, 4, 4)
# How often each <devices> child is drawn (element name; 1 otherwise).
DEVICE_WEIGHTS = {"disk": 3, "controller": 4, "interface": 2, "hostdev": 1.5, "input": 1.5, "channel": 1.5,
                  "serial": 1.2, "console": 1.2, "lease": 0.3, "graphics": 0.6, "audio": 0.4,
                  "redirfilter": 0.3, "iommu": 0.5, "emulator": 0}

# The address types a device takes, for the clean draw (most of the time) and for faults.
NATURAL_P = 0.85
P_ADDRESS = 0.3


class Drawer:
    """Expands patterns for one case: values, per-domain memory of drawn values, counters."""

    def __init__(self, grammar, rng, family):
        self.g = grammar
        self.r = rng
        self.family = family
        self.path = []
        self.drawn = collections.defaultdict(list)  # (element, attribute) -> values drawn
        self.counter = 0
        self.prefer = {}
        self.depth = 0
        self.boundary = 0.06
        self.hex_rate = 0.3

    # ---- the expansion

    def expand(self, node):
        """[(kind, ...)] items: ('a', name, value), ('e', Element), ('t', text)."""
        k = node[0]
        self.depth += 1
        try:
            if self.depth > 60:
                raise Unsatisfiable("depth")
            if k == "element":
                return [("e", self.element(node))]
            if k == "attribute":
                if node[1] is None:
                    return []
                return [("a", node[1], self.attribute(node))]
            if k in ("group", "interleave"):
                items = []
                for c in node[1]:
                    items.extend(self.expand(c))
                return items
            if k == "choice":
                return self.choice(node)
            if k == "optional":
                if self.r.random() < self.p_optional(node[1]):
                    try:
                        return self.expand(node[1])
                    except Unsatisfiable:
                        return []
                return []
            if k in ("zeroOrMore", "oneOrMore"):
                n = (1 if k == "oneOrMore" else 0)
                p = self.p_optional(node[1])
                most = 1 if "source" in self.g.heads(node[1]) else 3
                p = p if most == 1 else p * 0.6
                while n < most and self.r.random() < p:
                    n += 1
                items = []
                for _ in range(n):
                    try:
                        items.extend(self.expand(node[1]))
                    except Unsatisfiable:
                        if k == "oneOrMore" and not items:
                            raise
                return items
            if k == "ref":
                return self.expand(self.g.defines[node[1]])
            if k in ("data", "value", "text"):
                return [("t", self.value(node, None))]
            if k in ("list", "mixed"):
                return self.expand(node[1])
            if k == "empty":
                return []
            raise Unsatisfiable(k)
        finally:
            self.depth -= 1

    def element(self, node):
        name = node[1]
        if name is None:
            raise Unsatisfiable("anyName")
        el = ET.Element(name)
        self.path.append(el)
        try:
            for item in self.expand(node[2]):
                if item[0] == "a":
                    el.set(item[1], item[2])
                elif item[0] == "e":
                    el.append(item[1])
                else:
                    el.text = (el.text or "") + item[1]
        finally:
            self.path.pop()
        return el

    def here(self):
        return self.path[-1].tag if self.path else None

    def device(self):
        return self.path[0].tag if self.path else None

    def p_optional(self, node):
        heads = self.g.heads(node)
        if not heads:
            return P_OPTIONAL
        for h in sorted(heads):
            for key in ("%s/%s" % (self.here(), h), h):
                if key in RARE:
                    return RARE[key]
        if "zpci" in heads and self.family != "s390x":
            return 0.03
        ps = [ADDRESS_NAMES[h] for h in heads if h in ADDRESS_NAMES]
        if self.device() in CHARDEVS and "source" in heads:
            return 0.9
        p = max(ps) if ps else P_OPTIONAL
        for attr, vals in self.g.required_values(node, optional=True).items():
            table = self.weights(self.here(), attr)
            if table:
                p *= min(1.0, max(table.get(v, table.get("*", 0.05)) for v in vals))
        return p

    def weights(self, element, attribute):
        fams = FAMILY_WEIGHTS.get(self.family, {})
        fam = fams.get((self.device(), element, attribute), fams.get((element, attribute)))
        if fam is not None:
            base = dict(VALUE_WEIGHTS.get((element, attribute), {"*": 1}))
            base.update(fam)
            return base
        if attribute == "type" and element in CHARDEVS:
            return CHARDEV_TYPE if element == "channel" else dict(CHARDEV_TYPE, spicevmc=0.1)
        if element == "target" and attribute == "bus" and self.device() != "disk":
            return None
        if element == "target" and attribute == "type" and self.device() not in CHARDEVS:
            return None
        return VALUE_WEIGHTS.get((element, attribute))

    def choice(self, node):
        branches = [b for b in node[1] if not self.g.blocked(b)]
        if not branches:
            raise Unsatisfiable("choice")
        weights = []
        for b in branches:
            w = 1.0
            req = self.g.required_values(b, optional=True)
            for attr, vals in req.items():
                key = (self.here(), attr)
                forced = self.prefer.get(key)
                if forced is not None:
                    w = 1000.0 if forced in vals else 0.001
                    break
                table = self.weights(self.here(), attr)
                if table is not None:
                    w = max(table.get(v, table.get("*", 0.05)) for v in vals)
                    break
            for h in self.g.heads(b, required=True):
                for key in ("%s/%s" % (self.here(), h), h):
                    if key in RARE:
                        w *= max(RARE[key], 0.001)
                        break
            weights.append(w)
        order = []
        pool = list(zip(branches, weights))
        while pool:
            total = sum(w for _, w in pool)
            x = self.r.random() * total
            for i, (b, w) in enumerate(pool):
                x -= w
                if x <= 0 or i == len(pool) - 1:
                    order.append(b)
                    pool.pop(i)
                    break
        for b in order:
            try:
                return self.expand(b)
            except Unsatisfiable:
                continue
        raise Unsatisfiable("no branch")

    # ---- values

    def attribute(self, node):
        name = node[1]
        element = self.here()
        forced = self.prefer.get((element, name))
        hint = self.hint(element, name)
        if forced is not None and forced in self.g.values(node[2]):
            v = forced
        elif hint is not None:
            v = hint
        else:
            v = self.value(node[2], name)
        self.drawn[(element, name)].append(v)
        return v

    def value(self, node, attr):
        """A value of pattern `node` for attribute `attr` (None: element text)."""
        vals = self.g.values(node)
        element = self.here()
        if attr is None:
            hint = self.text_hint(element)
            if hint is not None:
                return hint
        if vals:
            table = self.weights(element, attr) if attr else None
            vals = sorted(vals)
            if table:
                return self.wpick([(v, table.get(v, table.get("*", 0.05))) for v in vals])
            return self.r.choice(vals)
        rng_ = self.g.num_range(node)
        if rng_ is None and attr and node[0] == "text" and self.addressy(element, attr):
            rng_ = (0, 2 ** 32 - 1, False)
        if rng_ is not None:
            return self.number(rng_, element, attr)
        return self.string(node, attr)

    def addressy(self, element, attr):
        return element in ("address", "zpci", "master", "controller") or (
            element == "target" and attr in ("port", "index", "chassis", "chassisNr", "busNr", "controller",
                                             "bus", "slot", "unit"))

    def number(self, rng_, element, attr):
        lo, hi, hexa = rng_
        r = self.r.random()
        prev = self.drawn.get((element, attr)) if attr else None
        if self.addressy(element, attr):
            if prev and r < 0.15:
                return self.r.choice(prev)
            r2 = self.r.random()
            if r2 < self.boundary:
                n = self.r.choice([lo, hi, hi + 1, lo, 0])
            else:
                n = self.typical(element, attr, lo, hi)
        else:
            n = self.r.randint(max(lo, 1) if hi >= 1 else lo, min(hi, max(lo, 1) + 3)) if hi >= lo else lo
        return self.spell(n, hexa)

    def typical(self, element, attr, lo, hi):
        """An ordinary value: selectors of other things (domain, bus, controller) mostly 0."""
        lo = max(lo, 0)
        r = self.r.random()
        typ = self.path[-1].get("type") if self.path else None
        if attr == "domain" or attr == "ssid" or (attr == "target" and element == "address"):
            n = 0 if r < 0.95 else 1
        elif attr in ("bus", "controller") and element == "address":
            n = 0 if r < 0.75 else self.r.randint(1, 3)
        elif attr == "slot" and typ == "pci":
            n = self.r.randint(1, 31)
        elif attr == "function":
            n = 0 if r < 0.7 else self.r.randint(1, 7)
        elif attr == "cssid":
            n = 0xfe if r < 0.8 else self.r.randint(0, 0xfe)
        elif attr in ("devno", "reg", "iobase"):
            n = self.r.randint(0, min(hi, 0xffff))
        else:
            n = self.r.randint(lo, lo + 7)
        return min(max(n, lo), hi)

    def spell(self, n, hexa):
        rate = self.hex_rate
        if self.here() != "address" or self.path[-1].get("type") not in ("pci", "ccw", "spapr-vio", "dimm"):
            rate = 0.05
        if hexa and self.r.random() < rate:
            return "0x%x" % n
        return str(n)

    def string(self, node, attr):
        k = node[0]
        if k == "ref":
            return self.string(self.g.defines[node[1]], attr)
        if k == "choice":
            return self.string(self.r.choice(node[1]), attr)
        if k == "data" and "pattern" in node[2]:
            small = self.addressy(self.here(), attr) and self.r.random() > self.boundary
            return rx_sample(self.g.rx(node[2]["pattern"]), self.r, small)
        self.counter += 1
        return "sg%d" % self.counter

    def text_hint(self, element):
        dev = self.device()
        if element == "backend" and dev == "rng":
            return "/dev/urandom"
        if element == "node" and dev == "memory":
            return "0"
        if element in ("size", "requested", "current") and dev == "memory":
            return "131072"
        if element == "block" and dev == "memory":
            return "2048"
        return None

    def wpick(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.r.random() * total
        for v, w in pairs:
            x -= w
            if x <= 0:
                return v
        return pairs[-1][0]

    # ---- hints: values that define accepts

    def hint(self, element, name):
        dev = self.device()
        parent = self.path[-2].tag if len(self.path) > 1 else None
        self.counter += 1
        n = self.counter
        if element == "source":
            if name == "file":
                if dev == "disk":
                    return "/var/lib/libvirt/images/sg-%d.img" % n
                return "/var/lib/libvirt/images/sg-%d.log" % n
            if name == "dir":
                return "/var/lib/libvirt/images"
            if name == "path" and dev in CHARDEVS + ("redirdev", "smartcard", "rng", "shmem"):
                return "/var/lib/libvirt/images/sg-%d.sock" % n
            if name == "dev":
                return "/dev/null" if dev != "disk" else "/dev/sg-%d" % n
            if name == "network":
                return "default"
            if name == "bridge":
                return "virbr0"
            if name == "pool":
                return "default"
            if name == "volume":
                return "sg-%d.img" % n
        if element == "backend" and dev == "rng" and name is None:
            return "/dev/urandom"
        if element == "mac" and name == "address":
            return "52:54:00:%02x:%02x:%02x" % (self.r.randrange(256), self.r.randrange(256), n % 256)
        if element == "target" and dev == "disk" and name == "dev":
            prev = self.drawn.get(("target", "dev"))
            if prev and self.r.random() < 0.15:
                return self.r.choice(prev)
            prefix = self.wpick([("vd", 3), ("sd", 4), ("hd", 2), ("fd", 1), ("xvd", 0.1), ("ubd", 0.1)])
            return prefix + self.r.choice("abcdef")
        if element == "target" and dev == "filesystem" and name == "dir":
            return "sgtag%d" % n
        if element == "target" and dev == "channel" and name == "name":
            return self.r.choice(["org.qemu.guest_agent.0", "com.redhat.spice.0", "org.sg.%d" % n])
        if element == "name" and dev == "shmem" or (dev == "shmem" and name == "name" and element == "shmem"):
            return "sg%d" % n
        if name == "unit" and dev == "memory":
            return "KiB"
        if element == "adapter" and name == "name":
            return "scsi_host0"
        if element == "source" and name == "mode" and dev in CHARDEVS + ("redirdev", "smartcard", "rng"):
            return self.r.choice(["bind", "connect"])
        if element == "target" and dev == "channel" and name == "address":
            return "10.0.2.%d" % (1 + n % 200)
        if name == "uuid" and element in ("address", "source"):
            return "6b6c4a3e-0b2c-4a3d-9a2e-%012x" % n
        if element == "audio" and name == "id" and dev == "audio":
            return "1"
        return None


DISK_PREFIX = {"virtio": "vd", "scsi": "sd", "sata": "sd", "usb": "sd", "ide": "hd", "fdc": "fd"}


def steer(dev, rng, family):
    """Mends a drawn device where its parts contradict each other in ways that define refuses for
    reasons other than addresses (most of the time; now and then the draw is left as it is)."""
    if rng.random() < 0.1:
        return
    if dev.tag == "panic" and family in ("s390x", "pseries"):
        dev.set("model", "s390" if family == "s390x" else "pseries")
    if dev.tag == "shmem" and dev.find("model") is None:
        ET.SubElement(dev, "model", {"type": "ivshmem-plain"})
    if dev.tag == "disk":
        t = dev.find("target")
        if t is None:
            return
        if dev.get("device") == "floppy":
            t.set("bus", "fdc")
        bus = t.get("bus")
        if bus is None:
            bus = {"vd": "virtio", "sd": "scsi", "hd": "ide", "fd": "fdc"}.get((t.get("dev") or "")[:2], "ide")
        if dev.get("device") == "cdrom" and bus in ("virtio", "fdc"):
            bus = rng.choice(["sata", "scsi", "ide", "usb"])
            t.set("bus", bus)
        if dev.get("device") != "floppy" and bus == "fdc":
            dev.set("device", "floppy")
        dev_name = t.get("dev") or "sda"
        letters = dev_name[len(dev_name.rstrip("abcdefghijklmnopqrstuvwxyz")):] or "a"
        if bus in DISK_PREFIX and not dev_name.startswith(DISK_PREFIX[bus]):
            t.set("dev", DISK_PREFIX[bus] + letters[-1:])
        if bus != "virtio" and dev.get("model"):
            del dev.attrib["model"]
        for attr, ok in (("tray", dev.get("device") in ("cdrom", "floppy")), ("removable", bus == "usb"),
                         ("rotation_rate", bus in ("scsi", "ide", "sata"))):
            if attr in t.attrib and not ok:
                del t.attrib[attr]


# --------------------------------------------------------------------------------------------
# natural address types (steering only: the grammar offers every type to every device)


def natural_address(dev, family):
    """The address types `dev` (a drawn element) takes on `family`, best first."""
    tag = dev.tag
    pci = ["ccw"] if family == "s390x" else (["pci", "virtio-mmio"] if family == "virt" else ["pci"])
    if tag == "disk":
        t = dev.find("target")
        bus = t.get("bus") if t is not None else None
        if bus is None and t is not None:
            dev_name = t.get("dev") or ""
            bus = {"vd": "virtio", "sd": "scsi", "hd": "ide", "fd": "fdc"}.get(dev_name[:2])
        if bus in ("scsi", "sata", "ide", "fdc"):
            return ["drive"]
        if bus == "usb":
            return ["usb"]
        return pci
    if tag in ("input", "hub", "redirdev"):
        b = dev.get("bus")
        if tag == "input" and b == "virtio":
            return pci
        return ["usb"] if b != "ps2" and tag != "input" or b == "usb" else []
    if tag == "smartcard":
        return ["ccid"]
    if tag in ("channel", "console"):
        t = dev.find("target")
        if tag == "channel" and t is not None and t.get("type") == "virtio":
            return ["virtio-serial"]
        if tag == "console" and t is not None and t.get("type") == "virtio":
            return ["virtio-serial"]
        if family == "pseries":
            return ["spapr-vio"]
        return []
    if tag in ("serial", "parallel"):
        t = dev.find("target")
        tt = t.get("type") if t is not None else None
        m = t.find("model").get("name") if t is not None and t.find("model") is not None else None
        if tt == "pci-serial" or m == "pci-serial":
            return ["pci"]
        if tt == "usb-serial" or m == "usb-serial":
            return ["usb"]
        if tt == "spapr-vio-serial" or family == "pseries":
            return ["spapr-vio"]
        return ["isa"] if family in ("pc", "q35") else []
    if tag == "memory":
        return ["dimm"] if dev.get("model") in ("dimm", "nvdimm") else pci
    if tag == "interface":
        m = dev.find("model")
        if m is not None and m.get("type") == "spapr-vlan":
            return ["spapr-vio"]
        return pci
    if tag == "controller":
        if dev.get("type") == "scsi" and dev.get("model") == "ibmvscsi":
            return ["spapr-vio"]
        if dev.get("type") in ("fdc", "ide", "isa", "xenbus"):
            return []
        if dev.get("type") == "ccid":
            return ["usb"]
        if dev.get("model") in ("pci-root", "pcie-root"):
            return []
        return ["pci"] if dev.get("type") in ("pci", "usb", "sata") else pci
    if tag in ("panic", "tpm"):
        return ["isa"] if family in ("pc", "q35") else []
    if tag in ("nvram",):
        return ["spapr-vio"]
    if tag in ("graphics", "audio", "lease", "redirfilter", "iommu"):
        return []
    if tag == "hostdev":
        src = dev.find("source")
        if dev.get("type") == "usb":
            return ["usb"]
        if dev.get("type") == "scsi":
            return ["drive"]
        if dev.get("type") == "mdev" and dev.get("model") == "vfio-ccw":
            return ["ccw"]
        return ["pci"] if src is not None else pci
    return pci


# --------------------------------------------------------------------------------------------
# one case


class Case:
    def __init__(self, grammar, rng, family, max_devices=8):
        self.g = grammar
        self.r = rng
        self.family = family
        self.max_devices = max_devices
        self.d = Drawer(grammar, rng, family)
        self.devices = []  # [(define, Element)]
        self.fault = "none"
        self.usb_helper = rng.random() < 0.8

    def draw(self):
        refs = self.g.device_refs()
        pool = [(ref, el, once) for ref, el, once in refs if DEVICE_WEIGHTS.get(el, 1) > 0]
        n = self.d.wpick(list(zip(range(1, 9), DEVICE_COUNT)))
        n = min(n, self.max_devices)
        used = set()
        for _ in range(n):
            choices = [(x, DEVICE_WEIGHTS.get(x[1], 1) * FAMILY_DEVICES[self.family].get(x[1], 1))
                       for x in pool if not (x[2] and x[0] in used)]
            ref, name, once = self.d.wpick(choices)
            used.add(ref)
            for _attempt in range(5):
                try:
                    dev = self.d.expand(("ref", ref))[0][1]
                except Unsatisfiable:
                    continue
                break
            else:
                continue
            steer(dev, self.r, self.family)
            if self.g.can_have_address(ref) and dev.find("address") is None and self.r.random() < P_ADDRESS:
                self.add_address(dev, self.address_type(dev, natural=self.r.random() < NATURAL_P))
            self.devices.append((ref, dev))

    def address_type(self, dev, natural):
        nat = natural_address(dev, self.family)
        if natural and nat:
            return self.r.choice(nat[:1] * 3 + nat)
        return self.r.choice(self.g.address_types())

    def add_address(self, dev, typ):
        old = dev.find("address")
        if old is not None:
            dev.remove(old)
        self.d.path = [dev]
        self.d.prefer = {("address", "type"): typ}
        try:
            addr = self.d.expand(("ref", "address"))[0][1]
        finally:
            self.d.prefer = {}
            self.d.path = []
        dev.append(addr)
        return addr

    # ---- faults

    def inject(self, fault):
        addressable = [(ref, dev) for ref, dev in self.devices if self.g.can_have_address(ref)]
        if not addressable:
            return False
        if fault == "copy-address":
            if len(addressable) < 2:
                return False
            src, dst = self.r.sample(addressable, 2)
            a = src[1].find("address")
            if a is None:
                a = self.add_address(src[1], self.address_type(src[1], True))
            old = dst[1].find("address")
            if old is not None:
                dst[1].remove(old)
            dst[1].append(ET.fromstring(ET.tostring(a)))
            return True
        ref, dev = self.r.choice(addressable)
        if fault == "wrong-address-type":
            nat = natural_address(dev, self.family)
            others = [t for t in self.g.address_types() if t not in nat]
            self.add_address(dev, self.r.choice(others))
            return True
        a = dev.find("address")
        if a is None:
            a = self.add_address(dev, self.address_type(dev, True))
        typ = a.get("type")
        if fault == "out-of-range":
            fields = self.address_fields(typ)
            if not fields:
                return False
            attr, rng_ = self.r.choice(fields)
            lo, hi, hexa = rng_
            n = self.r.choice([hi + 1, hi + 1, hi * 2 + 2, 2 ** 32])
            a.set(attr, self.d.spell(n, hexa))
            return True
        if fault == "missing-bus":
            key = {"pci": "bus", "drive": "controller", "virtio-serial": "controller", "ccid": "controller",
                   "usb": "bus"}.get(typ)
            if key is None:
                return False
            ctype = {"pci": "pci", "drive": None, "virtio-serial": "virtio-serial", "ccid": "ccid",
                     "usb": "usb"}[typ]
            taken = set()
            for _, d in self.devices:
                if d.tag == "controller" and (ctype is None or d.get("type") == ctype):
                    try:
                        taken.add(int(d.get("index", "0"), 0))
                    except ValueError:
                        pass
            free = [i for i in range(1, 12) if i not in taken]
            a.set(key, self.d.spell(self.r.choice(free[:4]), typ == "pci"))
            if typ == "pci" and a.get("slot") is None:
                a.set("slot", "0x01")
            return True
        raise ValueError(fault)

    def address_fields(self, typ):
        for branch in self.g.defines["address"][2][1]:
            if typ in self.g.required_values(branch).get("type", ()):
                out = []
                self._fields(branch, out, 0)
                return out
        return []

    def _fields(self, node, out, depth):
        k = node[0]
        if k == "attribute" and node[1] != "type":
            r = self.g.num_range(node[2])
            if r is not None:
                out.append((node[1], r))
        elif k in ("group", "interleave", "choice"):
            for c in node[1]:
                self._fields(c, out, depth + 1)
        elif k in ("optional", "zeroOrMore", "oneOrMore"):
            self._fields(node[1], out, depth + 1)
        elif k == "ref" and depth < 8:
            self._fields(self.g.defines[node[1]], out, depth + 1)

    # ---- the domain

    def text(self, ident):
        arch, machine, _ = FAMILIES[self.family]
        dom = ET.Element("domain", {"type": "qemu"})
        ET.SubElement(dom, "name").text = PREFIX + ident
        memdev = any(d.tag == "memory" for _, d in self.devices)
        if memdev:
            ET.SubElement(dom, "maxMemory", {"slots": "16", "unit": "KiB"}).text = "16777216"
        ET.SubElement(dom, "memory", {"unit": "KiB"}).text = "1048576"
        ET.SubElement(dom, "vcpu").text = "1"
        os_ = ET.SubElement(dom, "os")
        ET.SubElement(os_, "type", {"arch": arch, "machine": machine}).text = "hvm"
        if self.family == "virt" or memdev:
            cpu = ET.SubElement(dom, "cpu", {"mode": "custom"} if self.family == "virt" else {})
            if self.family == "virt":
                ET.SubElement(cpu, "model").text = "cortex-a57"
            if memdev:
                numa = ET.SubElement(cpu, "numa")
                ET.SubElement(numa, "cell", {"id": "0", "cpus": "0", "memory": "1048576", "unit": "KiB"})
        devs = ET.SubElement(dom, "devices")
        for _, d in self.devices:
            devs.append(d)
        usb = any("usb" in natural_address(d, self.family) or d.tag in ("hub", "redirdev", "smartcard")
                  for _, d in self.devices)
        has_usb = any(d.tag == "controller" and d.get("type") == "usb" for _, d in self.devices)
        if usb and not has_usb and self.family in ("s390x", "virt") and self.usb_helper:
            ET.SubElement(devs, "controller", {"type": "usb", "model": "qemu-xhci"})
        spice = any(x.get("type") == "spicevmc" for _, d in self.devices for x in d.iter())
        if spice and not any(d.tag == "graphics" and d.get("type") == "spice" for _, d in self.devices):
            ET.SubElement(devs, "graphics", {"type": "spice"})
        ET.indent(dom, "  ")
        return ET.tostring(dom, encoding="unicode") + "\n"


def draw_cases(grammar, seed, count, first=0, max_devices=8):
    fams = [(f, w) for f, (_, _, w) in FAMILIES.items()]
    cases = []
    for i in range(first, first + count):
        ident = "s%04d" % (i + 1)
        rng = random.Random("schemagen/%d/%d" % (seed, i))
        total = sum(w for _, w in fams)
        x = rng.random() * total
        fam = fams[-1][0]
        for f, w in fams:
            x -= w
            if x <= 0:
                fam = f
                break
        c = Case(grammar, rng, fam, max_devices)
        c.draw()
        if rng.random() < P_FAULT:
            faults = list(FAULTS)
            rng.shuffle(faults)
            for f in faults:
                if c.inject(f):
                    c.fault = f
                    break
        kind = "+".join(d.tag for _, d in c.devices) or "none"
        cases.append((ident, fam, kind, c.fault, c.text(ident)))
    return cases


# --------------------------------------------------------------------------------------------
# summary


def shape(msg):
    """A rejection message with quoted values as X and numbers as N, to count messages by kind."""
    msg = re.sub(r"'[^']*'", "'X'", msg)
    msg = re.sub(r"\b[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-9a-fA-F]\b", "D:B:S.F", msg)
    return re.sub(r"\b0x[0-9a-fA-F]+\b|\b\d+\b", "N", msg)


def report(rows, top=30):
    acc = collections.Counter()
    tot = collections.Counter()
    for r in rows:
        for key in (("machine", r[1]), ("fault", r[3]), ("clean", r[3] == "none")):
            tot[key] += 1
            acc[key] += r[4] == "accepted"
    out = ["%d cases, %d accepted" % (len(rows), sum(r[4] == "accepted" for r in rows)), ""]
    out.append("%-22s %7s %9s %6s" % ("", "cases", "accepted", "rate"))
    for key in sorted(tot, key=str):
        out.append("%-22s %7d %9d %5.0f%%" % ("%s=%s" % key, tot[key], acc[key], 100.0 * acc[key] / tot[key]))
    per_dev = collections.Counter()
    per_dev_acc = collections.Counter()
    for r in rows:
        if r[3] == "none":
            for t in set(r[2].split("+")):
                per_dev[t] += 1
                per_dev_acc[t] += r[4] == "accepted"
    out += ["", "clean cases holding each device: cases, accepted"]
    for t in sorted(per_dev):
        out.append("  %-14s %6d %6d" % (t, per_dev[t], per_dev_acc[t]))
    out += ["", "rejection messages (quoted values X, numbers N):"]
    c = collections.Counter(shape(r[5]) for r in rows if r[4] == "rejected")
    for msg, k in c.most_common(top):
        out.append("%5d  %s" % (k, msg[:200]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schemas", default="", help="libvirt 9.0.0's src/conf/schemas directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1500)
    ap.add_argument("--first", type=int, default=0, help="number of the first case (for probing)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dry-run", action="store_true", help="write the inputs and stop")
    ap.add_argument("--summarize", action="store_true", help="print the summary of OUT/manifest.tsv and stop")
    ap.add_argument("--max-devices", type=int, default=8, help="draw at most this many devices (tuning)")
    ap.add_argument("--top", type=int, default=30, help="how many rejection messages the summary lists")
    args = ap.parse_args()
    if args.summarize:
        with open(os.path.join(args.out, "manifest.tsv"), encoding="utf-8") as fh:
            rows = [tuple(line.rstrip("\n").split("\t")) for line in fh][1:]
        print(report(rows, args.top))
        return
    if not args.schemas or not os.path.isfile(os.path.join(args.schemas, "domain.rng")):
        raise SystemExit("--schemas must name libvirt 9.0.0's src/conf/schemas (the directory of domain.rng)")
    grammar = Grammar(args.schemas)
    cases = draw_cases(grammar, args.seed, args.count, args.first, args.max_devices)
    rows = judge_and_write(cases, args.out, PREFIX, args.workers, args.dry_run)
    if rows is not None:
        print(report(rows, args.top))


if __name__ == "__main__":
    main()
