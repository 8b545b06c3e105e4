#!/usr/bin/env python3
"""Every device of a catalog, alone and in pairs, on every machine family, judged by libvirt 9.0.

Where the random generators draw mixes, this one enumerates: each snippet of CATALOG (one device
kind and model or variant of libvirt 9.0's domain format that can take an address) is defined on
pc, q35, aarch64 virt, pseries and s390x, first alone, then next to a second device of the catalog
(the next one in a fixed shuffle), so that every device's bus, slot class and default model meets
libvirt once on each machine. Nothing is predicted; the verdicts and outputs are the daemon's.

Usage: catalog.py --out DIR [--workers 4] [--dry-run]
Python 3 standard library only.
"""

import random
import sys

from corpuslib import cli
from corpuslib.corpus import judge_and_write

PREFIX = "addralloc-cat-"

MACHINES = {
    "pc": ("x86_64", "pc", ""),
    "q35": ("x86_64", "q35", ""),
    "virt": ("aarch64", "virt", "<cpu mode='custom'><model>cortex-a57</model></cpu>"),
    "pseries": ("ppc64", "pseries", ""),
    "s390x": ("s390x", "s390-ccw-virtio", ""),
}

IMG = "/var/lib/libvirt/images/cat.img"
CATALOG = [
    # disks
    "<disk type='file' device='disk'><source file='%s'/><target dev='vda' bus='virtio'/></disk>" % IMG,
    "<disk type='file' device='disk' model='virtio-transitional'><source file='%s'/><target dev='vdb' bus='virtio'/></disk>" % IMG,
    "<disk type='file' device='disk' model='virtio-non-transitional'><source file='%s'/><target dev='vdc' bus='virtio'/></disk>" % IMG,
    "<disk type='file' device='disk'><source file='%s'/><target dev='sda' bus='scsi'/></disk>" % IMG,
    "<disk type='file' device='cdrom'><source file='%s'/><target dev='sdb' bus='sata'/><readonly/></disk>" % IMG,
    "<disk type='file' device='disk'><source file='%s'/><target dev='hda' bus='ide'/></disk>" % IMG,
    "<disk type='file' device='disk'><source file='%s'/><target dev='sdc' bus='usb'/></disk>" % IMG,
    "<disk type='file' device='floppy'><source file='%s'/><target dev='fda' bus='fdc'/></disk>" % IMG,
    "<disk type='file' device='lun'><source file='%s'/><target dev='sdd' bus='scsi'/></disk>" % IMG,
    # interfaces
    "<interface type='user'><mac address='52:54:00:aa:00:01'/><model type='virtio'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:02'/><model type='virtio-transitional'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:03'/><model type='virtio-non-transitional'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:04'/><model type='e1000'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:05'/><model type='e1000e'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:06'/><model type='rtl8139'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:07'/><model type='igb'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:08'/><model type='ne2k_pci'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:09'/><model type='pcnet'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:0a'/><model type='vmxnet3'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:0b'/><model type='spapr-vlan'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:0c'/><model type='usb-net'/></interface>",
    "<interface type='user'><mac address='52:54:00:aa:00:0d'/></interface>",
    "<interface type='network'><mac address='52:54:00:aa:00:0e'/><source network='default'/><model type='virtio'/></interface>",
    "<interface type='hostdev' managed='yes'><mac address='52:54:00:aa:00:0f'/><source><address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/></source></interface>",
    # controllers
    "<controller type='scsi' model='virtio-scsi'/>",
    "<controller type='scsi' model='lsilogic'/>",
    "<controller type='scsi' model='lsisas1068'/>",
    "<controller type='scsi' model='lsisas1078'/>",
    "<controller type='scsi' model='vmpvscsi'/>",
    "<controller type='scsi' model='ibmvscsi'/>",
    "<controller type='scsi' model='am53c974'/>",
    "<controller type='scsi' model='dc390'/>",
    "<controller type='scsi' model='virtio-transitional'/>",
    "<controller type='scsi'/>",
    "<controller type='usb' model='qemu-xhci' ports='8'/>",
    "<controller type='usb' model='nec-xhci'/>",
    "<controller type='usb' model='piix3-uhci'/>",
    "<controller type='usb' model='piix4-uhci'/>",
    "<controller type='usb' model='ehci'/>",
    "<controller type='usb' model='pci-ohci'/>",
    "<controller type='usb' model='ich9-ehci1'/><controller type='usb' model='ich9-uhci1'/>"
    "<controller type='usb' model='ich9-uhci2'/><controller type='usb' model='ich9-uhci3'/>",
    "<controller type='usb' model='none'/>",
    "<controller type='virtio-serial' ports='4'/>",
    "<controller type='virtio-serial' model='virtio-transitional'/>",
    "<controller type='sata'/>",
    "<controller type='ccid'/>",
    "<controller type='pci' model='pci-bridge'/>",
    "<controller type='pci' model='pcie-root-port'/>",
    "<controller type='pci' model='pcie-to-pci-bridge'/>",
    "<controller type='pci' model='pcie-switch-upstream-port'/>",
    "<controller type='pci' model='pci-expander-bus'/>",
    "<controller type='pci' model='pcie-expander-bus'/>",
    "<controller type='pci' model='dmi-to-pci-bridge'/>",
    # host devices
    "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x06' slot='0x00' function='0x0'/></source></hostdev>",
    "<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev>",
    "<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' unit='0'/></source></hostdev>",
    "<hostdev mode='subsystem' type='scsi_host'><source protocol='vhost' wwpn='naa.5123456789abcde0'/></hostdev>",
    "<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>",
    "<hostdev mode='subsystem' type='mdev' model='vfio-ccw'><source><address uuid='90c6c135-ad44-41d0-b1b7-bae47de48627'/></source></hostdev>",
    "<hostdev mode='subsystem' type='mdev' model='vfio-ap'><source><address uuid='8ae1da87-c1b7-4a8f-8e6b-1c4b8e6b0c5d'/></source></hostdev>",
    # video, sound, input
    "<video><model type='virtio' heads='1' primary='yes'/></video>",
    "<video><model type='vga'/></video>",
    "<video><model type='cirrus'/></video>",
    "<video><model type='qxl'/></video>",
    "<video><model type='bochs'/></video>",
    "<video><model type='ramfb'/></video>",
    "<video><model type='none'/></video>",
    "<video><model type='vga'/></video><video><model type='qxl'/></video>",
    "<sound model='ich6'/>",
    "<sound model='ich9'/>",
    "<sound model='ac97'/>",
    "<sound model='es1370'/>",
    "<sound model='ich7'/>",
    "<sound model='usb'/>",
    "<sound model='sb16'/>",
    "<input type='tablet' bus='usb'/>",
    "<input type='keyboard' bus='virtio'/>",
    "<input type='mouse' bus='virtio'/>",
    "<input type='tablet' bus='virtio'/>",
    "<input type='passthrough' bus='virtio'><source evdev='/dev/input/event1'/></input>",
    "<input type='keyboard' bus='usb'/>",
    "<input type='mouse' bus='ps2'/>",
    # character devices
    "<serial type='pty'><target type='pci-serial'/></serial>",
    "<serial type='pty'><target type='usb-serial'/></serial>",
    "<serial type='pty'/>",
    "<console type='pty'/>",
    "<console type='pty'><target type='virtio'/></console>",
    "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>",
    "<channel type='pty'><target type='virtio' name='com.example.c'/></channel><channel type='pty'><target type='virtio' name='com.example.d'/></channel>",
    "<parallel type='pty'/>",
    # the rest
    "<filesystem type='mount' accessmode='mapped'><source dir='/srv'/><target dir='srv'/></filesystem>",
    "<filesystem type='mount' accessmode='mapped' model='virtio-transitional'><source dir='/srv'/><target dir='srv2'/></filesystem>",
    "<watchdog model='i6300esb'/>",
    "<watchdog model='ib700'/>",
    "<watchdog model='diag288'/>",
    "<memballoon model='virtio'/>",
    "<memballoon model='virtio-transitional'/>",
    "<memballoon model='none'/>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio-non-transitional'><backend model='random'>/dev/urandom</backend></rng>",
    "<nvram/>",
    "<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>",
    "<tpm model='tpm-crb'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>",
    "<tpm model='tpm-spapr'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>",
    "<shmem name='cat0'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>",
    "<panic model='isa'/>",
    "<panic model='pvpanic'/>",
    "<panic model='hyperv'/>",
    "<panic model='pseries'/>",
    "<panic model='s390'/>",
    "<iommu model='virtio'/>",
    "<iommu model='smmuv3'/>",
    "<vsock model='virtio'><cid auto='yes'/></vsock>",
    "<redirdev bus='usb' type='spicevmc'/>",
    "<smartcard mode='passthrough' type='spicevmc'/>",
    "<hub type='usb'/>",
]


def domain(name, machine, devices):
    arch, mtype, extra = MACHINES[machine]
    graphics = "<graphics type='spice' autoport='yes'/>" if "spicevmc" in devices else ""
    features = "<features><acpi/></features>" if "iommu model='virtio'" in devices else ""
    return ("<domain type='qemu'>\n  <name>%s</name>\n  <memory unit='KiB'>262144</memory>\n  <vcpu>1</vcpu>\n"
            "  <os><type arch='%s' machine='%s'>hvm</type></os>\n  %s%s\n  <devices>\n    %s%s\n  </devices>\n"
            "</domain>\n" % (name, arch, mtype, features, extra, devices, graphics))


def cases():
    order = list(range(len(CATALOG)))
    random.Random(1).shuffle(order)
    out = []
    n = 0
    for machine in MACHINES:
        for i, snippet in enumerate(CATALOG):
            partner = CATALOG[order[i]]
            for devices, kind in ((snippet, "alone"), (snippet + "\n    " + partner, "pair")):
                n += 1
                ident = "k%04d" % n
                out.append((ident, machine, kind, "none", domain(PREFIX + ident, machine, devices)))
    return out


def main():
    ap = cli.parser(__doc__)
    ap.add_argument("--out", required=True, help="corpus directory (manifest.tsv and cases/ are replaced)")
    cli.add_judging(ap)
    args = ap.parse_args()
    rows = judge_and_write(cases(), args.out, PREFIX, args.workers, args.dry_run)
    if rows:
        acc = sum(1 for r in rows if r[4] == "accepted")
        print("%d cases, %d accepted" % (len(rows), acc), file=sys.stderr)


if __name__ == "__main__":
    main()
