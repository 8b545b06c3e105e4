package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;

/**
 * Addresses that name a PCI bus or a drive controller the file does not define, and all-zero
 * PCI addresses. libvirt accepts them and silently adds the controllers, or picks a slot, which
 * is rarely what the author meant, so they are worth a warning (never an error: libvirt
 * accepts the file).
 */
final class MissingBusWarnings {
    private MissingBusWarnings() {}

    static void run(Domain domain, Problems problems) {
        long maxPci = domain.maxControllerIndex("pci");
        for (Device d : domain.all()) {
            if (d.pciPresent() && d.pci().bus() > Math.max(maxPci, 0) && d.pci().bus() <= 0xff) {
                problems.add(Problem.warning(Rule.PCI_MISSING_BUS, Device.addressOf(d), d.describe()
                        + " is on PCI bus " + d.pci().bus() + ", which no controller in this file provides; libvirt"
                        + " will add controllers up to that bus. Define them, or run addralloc:assign to pin them"));
            }
        }
        for (Device d : domain.of(DeviceKind.DISK)) {
            driveControllerMissing(domain, d, problems);
        }
    }

    /**
     * After assignment: a PCI address whose domain, bus and slot are 0 is no address to libvirt
     * (its function and multifunction are dropped too), so libvirt picks a slot, or none.
     */
    static void zeroPciAddresses(Domain domain, Problems problems) {
        for (Device d : domain.all()) {
            if (!(d.xmlAddr instanceof Addr.Pci zero) || zero.isPresent() || d.addrInvalid || d.element() == null) {
                continue;
            }
            String outcome = d.addr instanceof Addr.Pci p && p.isPresent()
                    ? "libvirt reads it as no address and puts " + d.describe() + " at " + p
                            + "; write that address, or run addralloc:assign to pin it"
                    : "libvirt reads it as no address and gives " + d.describe() + " none; remove it";
            problems.add(Problem.warning(Rule.PCI_ZERO_ADDRESS, Device.addressOf(d),
                    "PCI address " + zero + " has domain, bus and slot 0: " + outcome));
        }
    }

    /** Whether libvirt adds the controller (the file does not define it). */
    private static boolean isAdded(Device controller) {
        return controller == null || controller.isImplicit();
    }

    private static void driveControllerMissing(Domain domain, Device d, Problems problems) {
        // Controller 0 is the one everybody relies on libvirt to add; higher ones are worth a word.
        if (d.xmlAddr instanceof Addr.Drive a && !d.addrInvalid && ("sata".equals(d.bus) || "scsi".equals(d.bus))
                && a.controller() > 0 && isAdded(domain.controller(d.bus, a.controller()))) {
            problems.add(Problem.warning(Rule.DRIVE_MISSING_CONTROLLER, Device.addressOf(d),
                    "disk '" + d.targetDev + "' names " + d.bus + " controller " + a.controller()
                            + ", which this file does not define; libvirt will add it"));
        }
    }
}
