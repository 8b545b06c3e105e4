"""generate.py's x86 domains under construction (ElementTree): Mix and its random device mixes.

archgen.py's ArchMix builds on Mix for s390x, pseries and virt, and takes random_mix for its
x86 extras; the fault preparations of corpuslib.faults add to a Mix. Also wpick, a weighted choice.
"""

import collections

from corpuslib.xmlbuild import E, disk_suffix


def wpick(rng, pairs):
    """A weighted choice from [(value, weight)] with one rng.random() (classgen.py, mutate.py)."""
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def family(machine):
    return "q35" if "q35" in machine else "pc"


class Mix:
    """A domain under construction: the <devices> children plus a little state."""

    def __init__(self, rng, machine):
        self.rng = rng
        self.machine = machine
        self.arch = "x86_64"
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
        dom.append(E("os", None, E("type", {"arch": self.arch, "machine": self.machine}, text="hvm")))
        self.after_os(dom)
        devices = E("devices")
        for d in self.devs:
            devices.append(d)
        if self.graphics:
            devices.append(E("graphics", {"type": self.graphics}))
        dom.append(devices)
        return dom

    def after_os(self, dom):
        """What follows <os>: <features> in one mix of three (always with an iommu)."""
        if self.count["iommu"] or self.rng.random() < 0.3:
            dom.append(E("features", None, E("acpi"), E("apic")))


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
