package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Host devices as libvirt 9.0 defines them: the drive addresses of SCSI host devices (the SCSI
 * controllers they imply, the first free unit an unaddressed one takes, the disks they must not
 * meet), which address types each kind of host device may carry, and the rule that one host
 * device is passed through once.
 */
final class Hostdevs {
    /**
     * An unaddressed SCSI host device takes a unit below this on some controller: libvirt scans
     * a narrow SCSI bus (virDomainHostdevAssignAddress), whatever the controller's model.
     */
    private static final int NARROW_UNITS = 7;

    private Hostdevs() {}

    static boolean isScsi(Device h) {
        return h.kind() == DeviceKind.HOSTDEV && "scsi".equals(h.type) && h.hostSource != null
                && "subsystem".equals(h.hostSource.mode());
    }

    /**
     * The SCSI controllers the host devices name (virDomainDefMaybeAddHostdevSCSIcontroller):
     * every index up to the highest named, where missing; a new one copies the model of the
     * controller whose index last raised that highest, else its model stays unset for post-parse
     * to fill in. libvirt does this
     * once while parsing (an unaddressed host device counts as controller 0) and once among the
     * implicit controllers, after the units are assigned.
     */
    static void addScsiControllers(Domain domain) {
        addScsiControllers(domain, domain.of(DeviceKind.HOSTDEV).size());
    }

    /**
     * As libvirt's parser calls it: after each host device, over the host devices read so far,
     * so a controller it adds for an early one exists when a later one is read.
     */
    static void addScsiControllersWhileParsing(Domain domain) {
        for (int n = 1; n <= domain.of(DeviceKind.HOSTDEV).size(); n++) {
            addScsiControllers(domain, n);
        }
    }

    private static void addScsiControllers(Domain domain, int hostdevs) {
        long max = -1;
        String model = null;
        for (Device h : domain.of(DeviceKind.HOSTDEV).subList(0, hostdevs)) {
            if (!isScsi(h)) {
                continue;
            }
            long controller = h.addr instanceof Addr.Drive d ? d.controller() : 0;
            if (controller > max) {
                max = controller;
                Device existing = domain.controller("scsi", max);
                if (existing != null && existing.model != null) {
                    model = existing.model;
                }
            }
        }
        for (long i = 0; i <= max && i < 1024; i++) {
            if (domain.controller("scsi", i) == null) {
                // Without a model to copy the model stays unset; post-parse gives the default later.
                domain.addImplicitController("scsi", i, model);
            }
        }
    }

    /**
     * A drive address derived from a SCSI disk's target name must not be one a SCSI host
     * device gives explicitly (checked as libvirt derives it, before host devices get theirs).
     */
    static void checkDerivedDiskAddress(Domain domain, Device disk, Addr.Drive derived, Problems problems) {
        if (!"scsi".equals(disk.bus)) {
            return;
        }
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if (isScsi(h) && derived.equals(h.addr)) {
                problems.add(Problem.error(Rule.DRIVE_DUPLICATE_ADDRESS, Device.addressOf(h),
                        "disk '" + disk.targetDev + "' takes drive address " + derived + " from its target name,"
                                + " which this SCSI host device gives itself (libvirt: using disk target name '"
                                + disk.targetDev + "' conflicts with SCSI host device address " + derived.toString()
                                .replaceAll("'$", "") + "); give the disk an <address> or the host device another"
                                + " unit"));
            }
        }
    }

    /**
     * libvirt's post-parse of SCSI host devices, in list order: one without an address takes the
     * first unit from 0 to 6, controller by controller from 0, that no SCSI disk and no other
     * SCSI host device holds (an lsisas1068 has units 0 and 1 only); one with an address must not
     * hold a SCSI disk's.
     */
    static void assignScsiUnits(Domain domain, Problems problems) {
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if (!isScsi(h) || h.addrInvalid) {
                continue;
            }
            if (h.addr == null) {
                h.addr = firstFreeUnit(domain);
                continue;
            }
            Device disk = h.addr instanceof Addr.Drive a ? usedByScsiDisk(domain, a) : null;
            if (disk != null) {
                Addr.Drive a = (Addr.Drive) h.addr;
                problems.add(Problem.error(Rule.DRIVE_DUPLICATE_ADDRESS, Device.addressOf(h),
                        "SCSI host device at " + a + " is on the unit of disk '" + disk.targetDev + "'"
                                + (disk.element() == null ? "" : " at line " + disk.element().line()) + " (libvirt:"
                                + " SCSI host address " + a + " in use by a SCSI disk); give one of them another unit")
                        .with(disk.element()));
            }
        }
    }

    private static Addr.Drive firstFreeUnit(Domain domain) {
        for (long controller = 0; ; controller++) {
            Device c = domain.controller("scsi", controller);
            int units = c != null && "lsisas1068".equals(c.model) ? 2 : NARROW_UNITS;
            for (int unit = 0; unit < units; unit++) {
                Addr.Drive a = new Addr.Drive(controller, 0, 0, unit);
                if (usedByScsiDisk(domain, a) == null && usedByScsiHostdev(domain, a) == null) {
                    return a;
                }
            }
        }
    }

    private static Device usedByScsiDisk(Domain domain, Addr.Drive a) {
        for (Device d : domain.of(DeviceKind.DISK)) {
            if ("scsi".equals(d.bus) && a.equals(d.addr)) {
                return d;
            }
        }
        return null;
    }

    private static Device usedByScsiHostdev(Domain domain, Addr.Drive a) {
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if (isScsi(h) && a.equals(h.addr)) {
                return h;
            }
        }
        return null;
    }

    /**
     * Validation of each host device: the address type its kind takes (the limits of a SCSI
     * drive address are {@link DeviceRules}', as they hold for every device but a disk).
     */
    static void validate(Domain domain, Problems problems) {
        List<Device> hosts = new ArrayList<>(domain.of(DeviceKind.HOSTDEV));
        // libvirt validates the host device inside an <interface type='hostdev'> as any other.
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            if (n.hostSource != null) {
                hosts.add(n);
            }
        }
        for (Device h : hosts) {
            if (h.addrInvalid || h.addr == null || h.hostSource == null || !"subsystem".equals(h.hostSource.mode())) {
                continue;
            }
            String type = h.hostSource.type();
            Addr a = h.addr;
            String fault = switch (type) {
                case "pci" -> a instanceof Addr.Pci || (a instanceof Addr.Other o && "unassigned".equals(o.type()))
                        ? null : "PCI host devices must use 'pci' or 'unassigned' address type";
                case "scsi" -> a instanceof Addr.Drive ? null : "SCSI host device must use 'drive' address type";
                case "scsi_host" -> a instanceof Addr.Pci || a instanceof Addr.Ccw ? null
                        : "SCSI_host host device must use 'pci' or 'ccw' address type";
                case "usb" -> a instanceof Addr.Usb ? null : "USB host device must use 'usb' address type";
                case "mdev" -> "vfio-pci".equals(h.model) && !(a instanceof Addr.Pci)
                        ? "Unsupported address type '" + a.type() + "' with mediated device model 'vfio-pci'" : null;
                default -> null;
            };
            if (fault != null) {
                problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, Device.addressOf(h), "a " + type
                        + " host device cannot have an address of type '" + a.type() + "' (libvirt: " + fault
                        + "); fix the type or remove the address"));
            }
        }
    }

    /**
     * Domain-wide checks after the devices': no host device twice (libvirt compares every pair,
     * the hosts of {@code <interface type='hostdev'>} first), then no two SCSI host devices on
     * one drive address.
     */
    static void duplicates(Domain domain, Problems problems) {
        List<Device> hosts = new ArrayList<>();
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            if (n.hostSource != null) {
                hosts.add(n);
            }
        }
        if (hosts.isEmpty() && domain.of(DeviceKind.HOSTDEV).isEmpty()) {
            return;
        }
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if (h.hostSource != null) {
                hosts.add(h);
            }
        }
        for (int j = 1; j < hosts.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (hosts.get(i).hostSource.sameDeviceAs(hosts.get(j).hostSource)) {
                    Device first = hosts.get(i);
                    problems.add(Problem.error(Rule.HOSTDEV_DUPLICATE_SOURCE, hosts.get(j).element(), hosts.get(j).describe()
                            + " passes through the same host device as " + first.describe()
                            + (first.element() == null ? "" : " at line " + first.element().line()) + " (libvirt:"
                            + " Hostdev already exists in the domain configuration); a host device can be given to a"
                            + " domain once").with(first.element()));
                    break;
                }
            }
        }
        List<Device> scsi = domain.of(DeviceKind.HOSTDEV).stream().filter(Hostdevs::isScsi).toList();
        for (int j = 1; j < scsi.size(); j++) {
            for (int i = 0; i < j; i++) {
                Device a = scsi.get(i);
                Device b = scsi.get(j);
                if (b.addr instanceof Addr.Drive d && d.equals(a.addr)) {
                    // libvirt prints the bus as controller and the controller as bus.
                    problems.add(Problem.error(Rule.DRIVE_DUPLICATE_ADDRESS, Device.addressOf(b),
                            "SCSI host device at " + d + " is on the unit of the SCSI host device"
                                    + (a.element() == null ? "" : " at line " + a.element().line()) + " (libvirt: SCSI"
                                    + " host address controller='" + d.bus() + "' bus='" + d.controller() + "' target='"
                                    + d.target() + "' unit='" + d.unit() + "' in use by another SCSI host device);"
                                    + " give one of them another unit or remove its address").with(a.element()));
                    break;
                }
            }
        }
    }
}
