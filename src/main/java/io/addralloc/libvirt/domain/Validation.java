package io.addralloc.libvirt.domain;

import io.addralloc.libvirt.Rule;
import java.util.List;

/**
 * libvirt's validation phase, the part about addresses: what each disk bus allows of a drive
 * address, which address types a device may carry, smartcard slots, controller index limits,
 * and the domain-wide duplicate target and duplicate drive address checks.
 */
final class Validation {
    private final Domain domain;
    private final List<Problem> problems;

    private Validation(Domain domain, List<Problem> problems) {
        this.domain = domain;
        this.problems = problems;
    }

    static void run(Domain domain, List<Problem> problems) {
        new Validation(domain, problems).validate();
    }

    private void validate() {
        for (Device d : domain.of(DeviceKind.DISK)) {
            disk(d);
        }
        for (Device c : domain.controllers()) {
            controller(c);
        }
        smartcards();
        duplicateTargets();
        duplicateDriveAddresses();
        DeviceRules.run(domain, problems);
    }

    private void disk(Device d) {
        if (DiskNames.hasPartition(d.targetDev)) {
            problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(), "disk target '" + d.targetDev
                    + "' names a partition; a target must name a whole disk such as '"
                    + d.targetDev.replaceAll("[0-9]+$", "") + "'"));
        }
        if ("ide".equals(d.bus) && domain.isQ35()) {
            problems.add(Problem.error(Rule.DRIVE_UNSUPPORTED_BUS, d.element(), "disk '" + d.targetDev
                    + "' uses bus='ide', but q35 machines have no IDE controller; use bus='sata'"));
        }
        if (d.addrInvalid || d.addr == null) {
            return;
        }
        if (DiskNames.isDriveBus(d.bus) && !(d.addr instanceof Addr.Drive)) {
            problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "disk '" + d.targetDev + "' on bus '"
                    + d.bus + "' cannot have an address of type '" + d.addr.type() + "'; use type='drive'"));
            return;
        }
        if ("usb".equals(d.bus) && d.addr instanceof Addr.Drive) {
            problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "USB disk '" + d.targetDev
                    + "' cannot have a drive address; use type='usb' or remove the address"));
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
        if ("ide".equals(c.type) && domain.isQ35() && !c.isImplicit()) {
            problems.add(Problem.error(Rule.DRIVE_UNSUPPORTED_BUS, c.element(),
                    "q35 machines have no IDE controller; remove it and use SATA"));
        }
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
                            + " target name"));
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
                            + " remove the address"));
                    break;
                }
            }
        }
    }

    private static io.addralloc.libvirt.xml.LocatedElement addressOf(Device d) {
        return VirtioSerialAssigner.addressOf(d);
    }
}
