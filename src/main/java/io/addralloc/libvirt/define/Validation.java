package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.parse.DiskNames;
import io.addralloc.rules.Rule;
import java.util.List;

/**
 * libvirt's validation phase, the part about addresses: what each disk bus allows of a drive
 * address, which address types a device may carry, smartcard slots, controller index limits,
 * and the domain-wide duplicate target and duplicate drive address checks.
 */
final class Validation {
    private final Domain domain;
    private final Problems problems;

    private Validation(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    static void run(Domain domain, Problems problems) {
        new Validation(domain, problems).validate();
    }

    private void validate() {
        for (Device d : domain.of(DeviceKind.DISK)) {
            disk(d);
        }
        for (Device c : domain.controllers()) {
            controller(c);
        }
        PciControllerOptions.validate(domain, problems);
        smartcards();
        zpciIdentifiers();
        Hostdevs.validate(domain, problems);
        duplicateTargets();
        Hostdevs.duplicates(domain, problems);
        duplicateDriveAddresses();
        DeviceRules.run(domain, problems);
    }

    private void disk(Device d) {
        long partition = d.targetDev == null ? 0 : DiskNames.partition(d.targetDev);
        if (d.targetDev != null && ("disk".equals(d.diskDevice) || "lun".equals(d.diskDevice))
                && !DiskNames.isHardDiskName(d.targetDev)) {
            problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(), "disk target '" + d.targetDev + "' is not"
                    + " a hard disk name (libvirt: Invalid harddisk device name: " + d.targetDev + "); use vdX, sdX or"
                    + " hdX, or make the disk device='floppy'"));
        } else if (d.targetDev != null && partition < 0 && d.addr != null) {
            // Without an address libvirt has refused the name already, while deriving one.
            problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(), "disk target '" + d.targetDev + "' is not"
                    + " a name libvirt can read (libvirt: invalid disk target '" + d.targetDev + "'); use a name like"
                    + " vdb, sda or hdc"));
        } else if (partition > 0) {
            problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(), "disk target '" + d.targetDev
                    + "' names a partition (libvirt: invalid disk target '" + d.targetDev + "', partitions can't appear"
                    + " in disk targets); a target must name a whole disk such as '"
                    + d.targetDev.replaceAll("[0-9]+$", "") + "'"));
        }
        if ("ide".equals(d.bus) && domain.machine() != Domain.Machine.PC) {
            problems.add(Problem.error(Rule.DRIVE_UNSUPPORTED_BUS, d.element(), "disk '" + d.targetDev
                    + "' uses bus='ide', but " + (domain.isQ35() ? "q35 machines have no IDE controller; use"
                    + " bus='sata'" : "this machine type has no IDE (libvirt: IDE controllers are unsupported for this"
                    + " QEMU binary or machine type); use bus='virtio' or 'scsi'")));
        }
        if (d.addrInvalid || d.addr == null) {
            return;
        }
        if (DiskNames.isDriveBus(d.bus) && !(d.addr instanceof Addr.Drive)) {
            problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "disk '" + d.targetDev + "' on bus '"
                    + d.bus + "' cannot have an address of type '" + d.addr.type() + "'; use type='drive'"));
            return;
        }
        if ("usb".equals(d.bus) && !(d.addr instanceof Addr.Usb)) {
            problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "USB disk '" + d.targetDev
                    + "' cannot have a " + d.addr.type() + " address (libvirt: unexpected address type for usb disk);"
                    + " use type='usb' or remove the address"));
            return;
        }
        if (!(d.addr instanceof Addr.Drive a)) {
            return;
        }
        switch (d.bus) {
            case "ide" -> {
                if (a.controller() != 0) {
                    driveRange(d, "there is only one IDE controller, so controller must be 0");
                } else if (a.target() != 0) {
                    driveRange(d, "target must be 0 on an IDE controller");
                }
            }
            case "fdc" -> {
                if (a.controller() != 0) {
                    driveRange(d, "there is only one floppy controller, so controller must be 0");
                } else if (a.bus() != 0) {
                    driveRange(d, "the floppy controller has one bus, so bus must be 0");
                } else if (a.target() != 0) {
                    driveRange(d, "target must be 0 on the floppy controller");
                }
            }
            case "sata" -> {
                if (a.bus() != 0) {
                    driveRange(d, "bus must be 0 on a SATA controller");
                } else if (a.target() != 0) {
                    driveRange(d, "target must be 0 on a SATA controller");
                }
            }
            case "scsi" -> {
                Device ctrl = domain.controller("scsi", a.controller());
                if (a.bus() != 0) {
                    driveRange(d, "a SCSI controller has one bus, so bus must be 0");
                } else if (a.target() != 0 && ctrl != null && "lsilogic".equals(ctrl.model)) {
                    driveRange(d, "target must be 0 on an lsilogic SCSI controller (use a virtio-scsi controller"
                            + " for more targets)");
                }
            }
            default -> { }
        }
    }

    private void driveRange(Device d, String why) {
        problems.add(Problem.error(Rule.DRIVE_OUT_OF_RANGE, addressOf(d), "disk '" + d.targetDev + "' has drive address "
                + d.addr + ", but " + why));
    }

    private void controller(Device c) {
        if ("pci".equals(c.type) && c.index > 255) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, c.element(), "PCI controller index " + c.index
                    + " is too high; the maximum is 255"
                    + (c.isImplicit() ? " (libvirt would have to add this many controllers for the buses named)" : "")));
        }
        if ("ide".equals(c.type) && domain.machine() == Domain.Machine.PC && c.index > 0) {
            problems.add(Problem.error(Rule.DRIVE_UNSUPPORTED_BUS, c.element(), "IDE controller index " + c.index
                    + ": a pc machine has only its built-in IDE controller, index 0 (libvirt: Only a single IDE"
                    + " controller is supported for this machine type); use SCSI or virtio for more disks"));
        }
        if ("ide".equals(c.type) && domain.machine() != Domain.Machine.PC && !c.isImplicit()) {
            problems.add(Problem.error(Rule.DRIVE_UNSUPPORTED_BUS, c.element(), domain.isQ35()
                    ? "q35 machines have no IDE controller; remove it and use SATA"
                    : "this machine type has no IDE controller (libvirt: IDE controllers are unsupported for this QEMU"
                            + " binary or machine type); remove it"));
        }
        if ("pci".equals(c.type) && ("pci-root".equals(c.model) || "pcie-root".equals(c.model)) && !c.isImplicit()
                && c.xmlAddr != null && !c.addrInvalid) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, Device.addressOf(c), "a " + c.model
                    + " controller is the root of the PCI hierarchy and has no address (libvirt: pci-root and"
                    + " pcie-root controllers should not have an address); remove the address"));
        }
    }

    /**
     * The zPCI identifiers of s390 PCI devices, as libvirt's PCI assignment gives them. First,
     * device by device, those the file names: a {@code <zpci>} that gives only one of uid and fid
     * gets the other, the lowest free, right away (so a fid given further on can collide with one
     * libvirt chose), and each must be unique (libvirt prints the number in octal). Then every
     * other PCI device but character devices, in the same order, takes the lowest free uid (from
     * 1) and fid (from 0). The identifiers are part of the address assign pins.
     */
    private void zpciIdentifiers() {
        if (domain.machine() != Domain.Machine.S390_CCW && !anyZpci()) {
            return;
        }
        java.util.Map<Long, Device> uids = new java.util.HashMap<>();
        java.util.Map<Long, Device> fids = new java.util.HashMap<>();
        for (Device d : domain.all()) {
            if (d.addrInvalid || (d.zpciUid < 0 && d.zpciFid < 0)) {
                continue;
            }
            zpciTake(uids, d.zpciUid, d, "uid");
            zpciTake(fids, d.zpciFid, d, "fid");
            if (d.zpciUid < 0) {
                d.zpciUid = lowestFree(uids, 1);
                uids.put(d.zpciUid, d);
            }
            if (d.zpciFid < 0) {
                d.zpciFid = lowestFree(fids, 0);
                fids.put(d.zpciFid, d);
            }
        }
        if (domain.machine() != Domain.Machine.S390_CCW) {
            return;
        }
        // Bridges the PCI pass adds come after libvirt marked the devices that get identifiers,
        // so libvirt gives them none; once assign has written them into the file they are the
        // file's own, and defining it again gives them the lowest free ones, after all others.
        for (boolean addedBuses : new boolean[] {false, true}) {
            for (Device d : domain.all()) {
                boolean chr = d.kind() == DeviceKind.SERIAL || d.kind() == DeviceKind.PARALLEL
                        || d.kind() == DeviceKind.CHANNEL || d.kind() == DeviceKind.CONSOLE;
                boolean addedBus = d.isImplicit() && d.isController("pci");
                if (chr || addedBus != addedBuses || d.addrInvalid || !(d.addr instanceof Addr.Pci)
                        || d.zpciUid >= 0) {
                    continue;
                }
                d.zpciUid = lowestFree(uids, 1);
                uids.put(d.zpciUid, d);
                d.zpciFid = lowestFree(fids, 0);
                fids.put(d.zpciFid, d);
            }
        }
    }

    private boolean anyZpci() {
        for (Device d : domain.all()) {
            if (d.zpciUid >= 0 || d.zpciFid >= 0) {
                return true;
            }
        }
        return false;
    }

    private void zpciTake(java.util.Map<Long, Device> taken, long v, Device d, String what) {
        Device other = v < 0 ? null : taken.putIfAbsent(v, d);
        if (other != null) {
            problems.add(Problem.error(Rule.PCI_DUPLICATE_ADDRESS, Device.addressOf(d), "zPCI " + what
                    + " " + v + " of " + d.describe() + " is already used by " + other.describe()
                    + " (libvirt: zPCI " + what + " " + Long.toOctalString(v) + " is already reserved); give"
                    + " each device its own " + what));
        }
    }

    private static long lowestFree(java.util.Map<Long, Device> taken, long from) {
        long v = from;
        while (taken.containsKey(v)) {
            v++;
        }
        return v;
    }

    private void smartcards() {
        List<Device> cards = domain.of(DeviceKind.SMARTCARD);
        for (Device card : cards) {
            if (card.addrInvalid) {
                continue;
            }
            if (card.addr == null) {
                long max = -1;
                for (Device o : cards) {
                    if (o.addr instanceof Addr.Ccid c && c.controller() == 0) {
                        max = Math.max(max, c.slot());
                    }
                }
                card.addr = new Addr.Ccid(0, max + 1);
                continue;
            }
            if (!(card.addr instanceof Addr.Ccid)) {
                problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(card), "a smartcard needs a ccid"
                        + " address, not '" + card.addr.type() + "'"));
            }
        }
        boolean first = true;
        for (Device card : cards) {
            if (card.addr instanceof Addr.Ccid c && (c.controller() != 0 || c.slot() != 0 || !first)) {
                problems.add(Problem.error(Rule.CCID_UNSUPPORTED, addressOf(card), "QEMU 7.2 supports one smartcard,"
                        + " at ccid controller 0 slot 0; this one would be at controller " + c.controller()
                        + " slot " + c.slot()));
            }
            first = false;
        }
    }

    private void duplicateTargets() {
        List<Device> disks = domain.of(DeviceKind.DISK);
        for (int i = 0; i < disks.size(); i++) {
            for (int j = 0; j < i; j++) {
                Device a = disks.get(j);
                Device b = disks.get(i);
                if (a.targetDev != null && a.targetDev.equals(b.targetDev)) {
                    problems.add(Problem.error(Rule.DRIVE_DUPLICATE_TARGET, b.element(), "disk target '" + b.targetDev
                            + "' is also used by the disk at line " + a.element().line() + "; give each disk its own"
                            + " target name").with(a.element()));
                    break;
                }
            }
        }
    }

    private void duplicateDriveAddresses() {
        List<Device> disks = domain.of(DeviceKind.DISK);
        for (int i = 0; i < disks.size(); i++) {
            Device b = disks.get(i);
            if (!(b.addr instanceof Addr.Drive db) || !DiskNames.isDriveBus(b.bus)) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                Device a = disks.get(j);
                if (a.addr instanceof Addr.Drive da && da.equals(db) && b.bus.equals(a.bus)) {
                    String derived = b.xmlAddr == null ? " (derived from its target name)" : "";
                    problems.add(Problem.error(Rule.DRIVE_DUPLICATE_ADDRESS, addressOf(b), "disk '" + b.targetDev
                            + "' has drive address " + db + derived + ", which disk '" + a.targetDev + "' at line "
                            + a.element().line() + " already uses on the same " + b.bus + " bus; change the unit or"
                            + " remove the address").with(a.element()));
                    break;
                }
            }
        }
    }

    private static io.addralloc.libvirt.xml.LocatedElement addressOf(Device d) {
        return Device.addressOf(d);
    }
}
