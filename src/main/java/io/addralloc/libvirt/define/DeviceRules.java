package io.addralloc.libvirt.define;

import io.addralloc.libvirt.assign.UsbAssigner;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.rules.Rule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * libvirt 9.0's checks on devices that are not about where an address points: which models it
 * knows, how many of a kind a domain may have, which address types a device may carry at all,
 * and a few machine-type conditions (IOMMU, consoles, secondary video, boot order). Each was
 * confirmed with {@code virsh define}; the cases are under {@code src/test/resources/libvirt/rules}.
 */
public final class DeviceRules {
    private static final Set<String> WATCHDOG_MODELS = Set.of("i6300esb", "ib700", "diag288");
    private static final Set<String> SCSI_MODELS = Set.of("auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi",
            "ibmvscsi", "virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional", "ncr53c90",
            "am53c974", "dc390");
    private static final Set<String> SECONDARY_VIDEO = Set.of("qxl", "virtio");
    private static final Set<String> UNSUPPORTED_VIDEO = Set.of("xen", "vbox", "parallels", "gop");

    private final Domain domain;
    private final Problems problems;

    private DeviceRules(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    static void run(Domain domain, Problems problems) {
        DeviceRules r = new DeviceRules(domain, problems);
        r.addressTypes();
        r.driveAddressesOffDisks();
        r.pciOnlyTuning();
        r.consoles();
        r.serials();
        r.watchdogs();
        r.single(DeviceKind.MEMBALLOON, "memory balloon", "only a single memory balloon device is supported");
        r.single(DeviceKind.VSOCK, "vsock", "only a single vsock device is supported");
        r.single(DeviceKind.NVRAM, "nvram", "only a single nvram device is supported");
        if (domain.machine() != Domain.Machine.PSERIES) {
            for (Device n : domain.of(DeviceKind.NVRAM)) {
                r.error(Rule.DEVICE_UNSUPPORTED, n.element(), "an nvram device exists only on pseries (libvirt: nvram"
                        + " device is only supported for PPC64); remove it");
            }
        }
        r.s390Usb();
        r.inputs();
        r.tpms();
        r.mediatedDevices();
        if (domain.machine() == Domain.Machine.S390_CCW || domain.machine() == Domain.Machine.PSERIES) {
            for (Device p : domain.of(DeviceKind.PARALLEL)) {
                r.error(Rule.DEVICE_UNSUPPORTED, p.element(), "this machine type has no parallel port (libvirt: parallel"
                        + " ports are not supported); remove it");
            }
        }
        r.panics();
        r.scsiControllers();
        r.usbNone();
        r.usbMastersAndPorts();
        r.videos();
        r.iommu();
        r.bootOrder();
    }

    /** At most one TPM of the proxy kind and one of every other kind. */
    private void tpms() {
        Device proxy = null;
        Device other = null;
        for (Device t : domain.of(DeviceKind.TPM)) {
            boolean isProxy = "spapr-tpm-proxy".equals(t.model);
            Device first = isProxy ? proxy : other;
            if (first != null) {
                error(Rule.DEVICE_TOO_MANY, t.element(), "a second " + (isProxy ? "TPM proxy" : "TPM") + "; the first"
                        + " is" + at(first) + " (libvirt: only a single TPM " + (isProxy ? "Proxy" : "non-proxy")
                        + " device is supported); remove one");
            } else if (isProxy) {
                proxy = t;
            } else {
                other = t;
            }
        }
    }

    /** vfio-ccw devices sit on the channel subsystem and take only a CCW address. */
    private void mediatedDevices() {
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if ("mdev".equals(h.type) && ("vfio-ccw".equals(h.model) || "vfio-ap".equals(h.model))
                    && domain.machine() != Domain.Machine.S390_CCW) {
                String what = "vfio-ccw".equals(h.model) ? "CCW" : "AP";
                error(Rule.DEVICE_UNSUPPORTED, h.element(), "a " + h.model + " mediated device exists only on s390"
                        + " (libvirt: VFIO " + what + " device assignment is not supported by this version of QEMU);"
                        + " use model='vfio-pci'");
                continue;
            }
            if ("mdev".equals(h.type) && "vfio-ccw".equals(h.model) && h.address() != null && !h.addrInvalid
                    && !(h.address() instanceof Addr.Ccw)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(h), "a vfio-ccw mediated device cannot have a '"
                        + h.address().type() + "' address (libvirt: Unsupported address type '" + h.address().type()
                        + "' with mediated device model 'vfio-ccw'); use type='ccw' or remove the address");
            }
        }
    }

    /**
     * Inputs a machine's QEMU does not build: PS/2 on s390 and aarch64 virt; on s390 also the
     * USB keyboard and evdev passthrough.
     */
    private void inputs() {
        for (Device i : domain.of(DeviceKind.INPUT)) {
            String fault = null;
            if ("ps2".equals(i.bus) && !"mouse".equals(i.type) && !"keyboard".equals(i.type)) {
                fault = "ps2 bus does not support " + i.type + " input device";
            } else if ("passthrough".equals(i.type) && !"virtio".equals(i.bus)) {
                fault = "only bus 'virtio' is supported for 'passthrough' input devices";
            } else if ("evdev".equals(i.type) && !"none".equals(i.bus)) {
                fault = "input evdev doesn't support bus element";
            }
            if (fault != null && !i.isImplicit()) {
                error(Rule.DEVICE_UNSUPPORTED, i.element(), "an input of type '" + i.type + "' cannot be on bus '"
                        + i.bus + "'" + ("evdev".equals(i.type) && i.element().attributeValue("bus") == null
                                ? " (the bus libvirt gives it on this machine)" : "") + " (libvirt: " + fault
                        + "); " + ("evdev".equals(i.type) ? "an evdev input takes no bus" : "change the bus"));
            }
        }
        Domain.Machine m = domain.machine();
        if (m != Domain.Machine.S390_CCW && m != Domain.Machine.VIRT) {
            return;
        }
        String machine = m == Domain.Machine.VIRT ? "aarch64 virt" : "QEMU for s390";
        for (Device i : domain.of(DeviceKind.INPUT)) {
            if (i.isImplicit()) {
                continue;
            }
            if ("ps2".equals(i.bus)) {
                error(Rule.DEVICE_UNSUPPORTED, i.element(), machine + " has no PS/2 (libvirt: ps2 is not supported"
                        + " by this QEMU binary); use bus='virtio'" + (m == Domain.Machine.VIRT ? " or 'usb'" : ""));
            } else if (m == Domain.Machine.S390_CCW && "usb".equals(i.bus) && "keyboard".equals(i.type)) {
                error(Rule.DEVICE_UNSUPPORTED, i.element(), "QEMU for s390 has no USB keyboard (libvirt: usb keyboard"
                        + " is not supported by this QEMU binary); use bus='virtio'");
            } else if (m == Domain.Machine.S390_CCW && "passthrough".equals(i.type)) {
                error(Rule.DEVICE_UNSUPPORTED, i.element(), "QEMU for s390 has no evdev passthrough input (libvirt:"
                        + " virtio-input-host is not supported by this QEMU binary); remove it");
            }
        }
    }

    /** SCSI controller models QEMU for s390 lacks, with the name libvirt's message gives them. */
    private static final Map<String, String> S390_MISSING_SCSI = Map.of("lsilogic", "LSI 53C895A SCSI",
            "lsisas1068", "LSI SAS1068 (MPT Fusion)", "lsisas1078", "LSI SAS1078 (MegaRAID)",
            "vmpvscsi", "pvscsi (VMware paravirtual SCSI)");

    /**
     * What QEMU for s390 does not build besides inputs: USB hubs, disks and redirection, SATA,
     * ICH9 sound and ivshmem.
     */
    private void s390Usb() {
        if (domain.machine() != Domain.Machine.S390_CCW) {
            return;
        }
        for (Device c : domain.controllers()) {
            if ("sata".equals(c.type)) {
                Device blamed = c.isImplicit() ? domain.of(DeviceKind.DISK).stream()
                        .filter(d -> "sata".equals(d.bus)).findFirst().orElse(c) : c;
                error(Rule.DRIVE_UNSUPPORTED_BUS, blamed.element(), "QEMU for s390 has no SATA controller"
                        + " (libvirt: SATA is not supported with this QEMU binary); use bus='virtio' or 'scsi'");
                break;
            }
        }
        for (Device s : domain.of(DeviceKind.SOUND)) {
            if ("ich9".equals(s.model)) {
                error(Rule.DEVICE_UNSUPPORTED, s.element(), "QEMU for s390 has no ICH9 sound (libvirt: The"
                        + " ich9-intel-hda audio controller is not supported in this QEMU binary); remove it");
            }
        }
        for (Device m : domain.of(DeviceKind.SHMEM)) {
            error(Rule.DEVICE_UNSUPPORTED, m.element(), "QEMU for s390 has no ivshmem (libvirt: shmem model '"
                    + (m.model == null ? "ivshmem-plain" : m.model) + "' is not supported by this QEMU binary);"
                    + " remove it");
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            if (!h.isImplicit()) {
                error(Rule.DEVICE_UNSUPPORTED, h.element(), "QEMU for s390 has no USB hub (libvirt: usb-hub not"
                        + " supported by QEMU binary); remove it");
            }
        }
        for (Device r : domain.of(DeviceKind.REDIRDEV)) {
            error(Rule.DEVICE_UNSUPPORTED, r.element(), "QEMU for s390 has no USB redirection (libvirt: USB"
                    + " redirection is not supported by this version of QEMU); remove the redirdev");
        }
        for (Device d : domain.of(DeviceKind.DISK)) {
            if ("usb".equals(d.bus)) {
                error(Rule.DRIVE_UNSUPPORTED_BUS, d.element(), "QEMU for s390 has no USB storage (libvirt: This QEMU"
                        + " doesn't support '-device usb-storage'); use bus='virtio' or 'scsi'");
            }
        }
    }

    private void error(Rule rule, LocatedElement at, String message) {
        problems.add(Problem.error(rule, at, message));
    }

    private static LocatedElement addressOf(Device d) {
        return Device.addressOf(d);
    }

    private static String at(Device d) {
        return d.element() == null ? "" : " at line " + d.element().line();
    }

    /**
     * libvirt checks a drive address on anything but a disk as a SCSI address (it would be a
     * SCSI host device): one bus, and target 0 on an lsilogic controller
     * (qemuValidateDomainDeviceDefAddressDrive). A host device of another type is already
     * reported for having a drive address at all.
     */
    private void driveAddressesOffDisks() {
        for (Device d : domain.all()) {
            if (d.kind() == DeviceKind.DISK || d.addrInvalid || !(d.address() instanceof Addr.Drive a)
                    || (d.hostSource != null && !"scsi".equals(d.hostSource.type()))) {
                continue;
            }
            Device controller = domain.controller("scsi", a.controller());
            if (a.bus() != 0) {
                error(Rule.DRIVE_OUT_OF_RANGE, addressOf(d), d.describe() + " has drive address " + a + ", which"
                        + " libvirt takes for a SCSI address, and a SCSI controller has one bus, so bus must be 0"
                        + " (libvirt: SCSI controller only supports 1 bus)");
            } else if (a.target() != 0 && controller != null && "lsilogic".equals(controller.model)) {
                error(Rule.DRIVE_OUT_OF_RANGE, addressOf(d), d.describe() + " has drive address " + a + " on an"
                        + " lsilogic SCSI controller, where target must be 0 (libvirt: target must be 0 for"
                        + " controller model 'lsilogic'); use a virtio-scsi controller for more targets");
            }
        }
    }

    /**
     * An ACPI index, and a NIC's or host device's ROM tuning, need a PCI device: an address of
     * type pci once libvirt has assigned addresses (none also passes, and unassigned for the ROM).
     */
    private void pciOnlyTuning() {
        for (Device d : domain.all()) {
            if (d.addrInvalid || d.address() == null || d.address() instanceof Addr.Pci) {
                continue;
            }
            String assigned = d.xmlAddr == null ? " (the one libvirt gives it)" : "";
            if (d.acpiIndex) {
                error(Rule.ADDRESS_WRONG_TYPE, d.element() != null ? d.element() : addressOf(d), d.describe()
                        + " has an <acpi index>, which only a PCI device can have, but its address is of type '"
                        + d.address().type() + "'" + assigned + " (libvirt: ACPI index is only supported for PCI"
                        + " devices); remove <acpi>");
            }
            if (d.romTuned && !isUnassigned(d.address())) {
                error(Rule.ADDRESS_WRONG_TYPE, d.element() != null ? d.element() : addressOf(d), d.describe()
                        + " tunes its <rom>, which only a PCI device can, but its address is of type '"
                        + d.address().type() + "'" + assigned + " (libvirt: ROM tuning is only supported for PCI"
                        + " devices); remove <rom>");
            }
        }
    }

    /** Address types no x86 device can carry (after libvirt replaced those it replaces). */
    private void addressTypes() {
        for (Device d : domain.all()) {
            // The serial libvirt makes from a lone console carries the console's address.
            if ((d.isImplicit() && d.template == null) || d.addrInvalid) {
                continue;
            }
            if (d.address() instanceof Addr.Other o && "unassigned".equals(o.type())) {
                // Only a <hostdev>: an <interface type='hostdev'> is checked as an interface.
                boolean hostdev = d.kind() == DeviceKind.HOSTDEV;
                // A virtio disk is already reported by the PCI pass.
                boolean virtioDisk = d.kind() == DeviceKind.DISK && "virtio".equals(d.bus);
                if (!hostdev && !virtioDisk) {
                    error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), d.describe() + " has an address of type"
                            + " 'unassigned', which only host devices may have (libvirt: address of type"
                            + " 'unassigned' is supported only for hostdevs); remove the address");
                }
            } else if (d.kind() == DeviceKind.MEMORY && "sgx-epc".equals(d.model) && d.address() != null) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "an sgx-epc memory device is on no bus and takes no"
                        + " address (libvirt: memory device address is not supported for model 'sgx-epc'); remove"
                        + " the address");
            } else if (d.kind() == DeviceKind.VIDEO && "ramfb".equals(d.model) && d.address() != null) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "a ramfb video is not on any bus and has no address"
                        + " (libvirt: address not supported for video type ramfb); remove the address");
            } else if (d.kind() == DeviceKind.MEMORY && ("virtio-mem".equals(d.model) || "virtio-pmem".equals(d.model))
                    && d.address() != null && !(d.address() instanceof Addr.Pci)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "a " + d.model + " device is a PCI device and cannot"
                        + " have an address of type '" + d.address().type() + "' (libvirt: only 'pci' addresses are"
                        + " supported for the " + d.model + " device); use type='pci' or remove the address");
            } else if ((d.zpciUid >= 0 || d.zpciFid >= 0) && domain.machine() != Domain.Machine.S390_CCW) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), d.describe() + " has a <zpci> identifier, which only"
                        + " s390 guests have (libvirt: This QEMU binary doesn't support zPCI); remove <zpci>");
            } else if (d.address() instanceof Addr.Ccw && domain.machine() != Domain.Machine.S390_CCW) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), d.describe() + " has a CCW address, which exists only"
                        + " on s390 machines (libvirt: cannot use CCW address type for device ... using machine"
                        + " type ...); use a pci address or remove it");
            }
        }
    }

    /** Only the first console may be a serial console (target type serial, the x86 default). */
    private void consoles() {
        List<Device> consoles = domain.of(DeviceKind.CONSOLE);
        for (int i = 1; i < consoles.size(); i++) {
            Device c = consoles.get(i);
            if (c.targetType == null || "serial".equals(c.targetType)) {
                error(Rule.DEVICE_UNSUPPORTED, c.element(), "console #" + (i + 1) + " is a serial console"
                        + (c.targetType == null ? " (no target type means serial)" : "") + ", but only the first"
                        + " console can be a serial port (libvirt: Only the first console can be a serial port);"
                        + " give it <target type='virtio'/> or make it the first console");
            }
        }
    }

    private void serials() {
        int isa = 0;
        Map<Long, Device> ports = new HashMap<>();
        for (Device s : domain.of(DeviceKind.SERIAL)) {
            String type = s.targetType == null ? "isa-serial" : s.targetType;
            if (!s.addrInvalid && s.address() != null && !isUnassigned(s.address())
                    && !(s.address() instanceof Addr.Ccw && domain.machine() != Domain.Machine.S390_CCW)) {
                String need = switch (type) {
                    case "isa-serial", "isa-debug" -> s.address() instanceof Addr.Isa ? null : "isa";
                    case "pci-serial" -> s.address() instanceof Addr.Pci ? null : "pci";
                    case "usb-serial" -> s.address() instanceof Addr.Usb ? null : "usb";
                    case "spapr-vio-serial" -> s.address() instanceof Addr.SpaprVio ? null : "spapr-vio";
                    default -> null;
                };
                if ("system-serial".equals(type) || "sclp-serial".equals(type)) {
                    error(Rule.ADDRESS_WRONG_TYPE, addressOf(s), "a serial of target type '" + type + "' has no"
                            + " address (libvirt: Target type '" + type + "' cannot have an associated address);"
                            + " remove it");
                } else if (need != null) {
                    error(Rule.ADDRESS_WRONG_TYPE, addressOf(s), "a serial of target type '" + type + "'"
                            + (s.targetType == null ? " (the default)" : "") + " needs an address of type '" + need
                            + "', not '" + s.address().type() + "' (libvirt: Target type '" + type
                            + "' requires address type '" + need + "'); fix the address type or remove the address");
                }
            }
            serialModel(s, type);
            // libvirt counts and checks only the serials whose XML says type='isa-serial'.
            if (!"isa-serial".equals(s.targetType) || s.isImplicit()) {
                continue;
            }
            isa++;
            if (isa > 4 || s.targetPort >= 4) {
                error(Rule.DEVICE_TOO_MANY, s.element(), isa > 4
                        ? "this is isa-serial #" + isa + "; a domain can have at most 4 (libvirt: Maximum supported"
                                + " number of ISA serial ports is '4'); remove some"
                        : "isa-serial port " + s.targetPort + " does not exist; ISA serial ports are 0 to 3"
                                + " (libvirt: Maximum supported number of ISA serial ports is '4')");
                continue;
            }
            if (s.targetPort >= 0) {
                Device other = ports.putIfAbsent(s.targetPort, s);
                if (other != null) {
                    error(Rule.DEVICE_TOO_MANY, s.element(), "isa-serial port " + s.targetPort + " is already taken"
                            + " by the serial" + at(other) + " (libvirt: target port '" + s.targetPort
                            + "' already allocated); give each serial its own port or drop port=");
                }
            }
        }
    }

    /** The target type each serial target model belongs to. */
    private static final Map<String, String> SERIAL_MODEL_TYPES = Map.of("isa-serial", "isa-serial",
            "usb-serial", "usb-serial", "pci-serial", "pci-serial", "spapr-vty", "spapr-vio-serial",
            "pl011", "system-serial", "16550a", "system-serial", "sclpconsole", "sclp-serial",
            "sclplmconsole", "sclp-serial", "isa-debugcon", "isa-debug");

    /**
     * A serial's target model must belong to its target type, and type and model must exist on
     * the machine (qemuValidateDomainChrTargetDef, qemuValidateDomainChrDef).
     */
    private void serialModel(Device s, String type) {
        String model = s.targetModel;
        String expected = model == null ? null : SERIAL_MODEL_TYPES.get(model);
        if (expected != null && !expected.equals(type)) {
            error(Rule.DEVICE_UNSUPPORTED, s.element(), "serial target model '" + model + "' belongs to target type '"
                    + expected + "', not '" + type + "' (libvirt: Target model '" + model + "' requires target type '"
                    + expected + "'); make them match");
            return;
        }
        if (model == null) {
            model = switch (type) {
                case "spapr-vio-serial" -> "spapr-vty";
                case "system-serial" -> domain.machine() == Domain.Machine.VIRT ? "pl011" : null;
                case "sclp-serial" -> "sclpconsole";
                default -> null;
            };
        }
        Domain.Machine m = domain.machine();
        boolean fits = !("system-serial".equals(type) && "pl011".equals(model) && m != Domain.Machine.VIRT)
                && !(m != Domain.Machine.PSERIES && ("spapr-vio-serial".equals(type) || "spapr-vty".equals(model)))
                && !(m != Domain.Machine.S390_CCW && ("sclp-serial".equals(type) || "sclpconsole".equals(model)
                        || "sclplmconsole".equals(model)));
        if (!fits) {
            error(Rule.DEVICE_UNSUPPORTED, s.element(), "a serial of target type '" + type + "' and model '" + model
                    + "' does not exist on this machine (libvirt: Serial device with target type '" + type + "' and"
                    + " target model '" + model + "' not compatible with guest architecture or machine type); use the"
                    + " machine's own serial type or leave the target type out");
        }
    }

    private static boolean isUnassigned(Addr a) {
        return a instanceof Addr.Other o && "unassigned".equals(o.type());
    }


    private void watchdogs() {
        List<Device> dogs = domain.of(DeviceKind.WATCHDOG);
        for (int i = 0; i < dogs.size(); i++) {
            Device w = dogs.get(i);
            if (i > 0) {
                error(Rule.DEVICE_TOO_MANY, w.element(), "a second watchdog; a domain can have only one (libvirt:"
                        + " only a single watchdog device is supported); remove all but one");
            }
            if (w.model == null) {
                error(Rule.DEVICE_UNKNOWN_MODEL, w.element(), "a watchdog needs a model (libvirt: watchdog must"
                        + " contain model name); add model='i6300esb' or model='ib700'");
                continue;
            }
            if (!WATCHDOG_MODELS.contains(w.model)) {
                error(Rule.DEVICE_UNKNOWN_MODEL, w.element(), "unknown watchdog model '" + w.model + "'; on x86"
                        + " libvirt 9.0 offers 'i6300esb' (PCI) and 'ib700' (ISA); model names are lower case");
                continue;
            }
            if ("diag288".equals(w.model) && domain.machine() != Domain.Machine.S390_CCW) {
                error(Rule.DEVICE_UNSUPPORTED, w.element(), "watchdog model 'diag288' exists only on s390"
                        + " machines; use 'i6300esb' or 'ib700'");
            }
            // Off s390 a CCW address is reported as such; an unassigned one is reported for every device.
            if (w.address() == null || w.addrInvalid || isUnassigned(w.address())
                    || (w.address() instanceof Addr.Ccw && domain.machine() != Domain.Machine.S390_CCW)) {
                continue;
            }
            if ("ib700".equals(w.model)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(w), "an ib700 watchdog cannot be given an address (libvirt:"
                        + " ib700 model of watchdog does not support configuring the address); remove it");
            } else if ("diag288".equals(w.model)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(w), "a diag288 watchdog is built into the s390 machine and"
                        + " has no address (libvirt: diag288 model of watchdog is virtual and cannot go on any bus.);"
                        + " remove it");
            } else if ("i6300esb".equals(w.model) && !(w.address() instanceof Addr.Pci)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(w), "an i6300esb watchdog is a PCI device and cannot have"
                        + " an address of type '" + w.address().type() + "' (libvirt: i6300esb model of watchdog can go"
                        + " only on PCI bus); use type='pci' or remove the address");
            }
        }
    }

    private void single(DeviceKind kind, String what, String libvirt) {
        List<Device> all = domain.of(kind);
        for (int i = 1; i < all.size(); i++) {
            error(Rule.DEVICE_TOO_MANY, all.get(i).element(), "a second " + what + " device; a domain can have"
                    + " only one (libvirt: " + libvirt + "); remove all but one");
        }
    }

    /** Panic models that are part of the machine and take no address. */
    private static final Set<String> ADDRESSLESS_PANICS = Set.of("s390", "pseries", "hyperv");

    private void panics() {
        Map<String, Device> seen = new HashMap<>();
        for (Device p : domain.of(DeviceKind.PANIC)) {
            if (p.isImplicit()) {
                continue;
            }
            Domain.Machine machine = domain.machine();
            String native_ = switch (machine) {
                case S390_CCW -> "s390";
                case PSERIES -> "pseries";
                default -> "isa";
            };
            String model = p.model == null ? native_ : p.model;
            boolean fits = machine.isX86() ? "isa".equals(model) || "hyperv".equals(model) : native_.equals(model);
            if (p.address() != null && !p.addrInvalid) {
                if ("isa".equals(model) && !(p.address() instanceof Addr.Isa)) {
                    error(Rule.ADDRESS_WRONG_TYPE, addressOf(p), "an isa panic device can only have an isa address,"
                            + " not '" + p.address().type() + "' (libvirt: panic is supported only with ISA address type);"
                            + " use type='isa' or remove the address");
                } else if (ADDRESSLESS_PANICS.contains(model)) {
                    error(Rule.ADDRESS_WRONG_TYPE, addressOf(p), "a panic device of model '" + model + "' has no"
                            + " address (libvirt: setting the panic device address is not supported for model '"
                            + model + "'); remove the address");
                }
            }
            if (machine == Domain.Machine.VIRT && p.model != null) {
                // aarch64 QEMU has no ISA panic device, and the other models belong to other machines.
                String libvirt = switch (model) {
                    case "isa" -> "the QEMU binary does not support the ISA panic device";
                    case "hyperv" -> "only i686 and x86_64 guests support panic device of model 'hyperv'";
                    case "pseries" -> "only pSeries guests support panic device of model 'pseries'";
                    case "s390" -> "only S390 guests support panic device of model 's390'";
                    default -> "unknown panic model";
                };
                error(Rule.DEVICE_UNSUPPORTED, p.element(), "panic model '" + model + "' does not exist on aarch64"
                        + " virt (libvirt: " + libvirt + "); remove the panic device");
            } else if (!fits && machine != Domain.Machine.VIRT) {
                if ("pseries".equals(model) || "s390".equals(model) || "isa".equals(model) || "hyperv".equals(model)) {
                    error(Rule.DEVICE_UNSUPPORTED, p.element(), "panic model '" + model + "' does not exist on this"
                            + " machine; use '" + native_ + "'" + (machine.isX86() ? " or 'hyperv'" : "")
                            + " or remove the panic device");
                } else {
                    error(Rule.DEVICE_UNKNOWN_MODEL, p.element(), "unknown panic model '" + model + "'; libvirt 9.0"
                            + " offers 'isa' and 'hyperv' on x86, 's390' on s390 and 'pseries' on pSeries");
                }
            }
            Device other = seen.putIfAbsent(model, p);
            if (other != null) {
                error(Rule.DEVICE_TOO_MANY, p.element(), "a second panic device of model '" + model + "'"
                        + (p.model == null ? " (the default)" : "") + "; the first is" + at(other) + " (libvirt:"
                        + " Multiple panic devices with model '" + model + "'); keep one per model");
            }
        }
    }

    private void scsiControllers() {
        for (Device c : domain.controllers()) {
            if (!"scsi".equals(c.type) || c.isImplicit() || c.element().attributeValue("model") == null) {
                continue;
            }
            String m = c.element().attributeValue("model");
            if (!SCSI_MODELS.contains(m)) {
                error(Rule.DEVICE_UNKNOWN_MODEL, c.element(), "unknown SCSI controller model '" + m + "' (libvirt:"
                        + " Unknown model type); use e.g. 'virtio-scsi' or 'lsilogic' (names are lower case)");
            } else if ("buslogic".equals(m)) {
                error(Rule.DEVICE_UNSUPPORTED, c.element(), "QEMU 7.2 has no 'buslogic' SCSI controller (libvirt:"
                        + " Unsupported controller model: buslogic); use 'virtio-scsi' or 'lsilogic'");
            } else if (domain.machine() == Domain.Machine.S390_CCW && S390_MISSING_SCSI.containsKey(m)) {
                error(Rule.DEVICE_UNSUPPORTED, c.element(), "QEMU for s390 has no '" + m + "' SCSI controller"
                        + " (libvirt: This QEMU doesn't support the " + S390_MISSING_SCSI.get(m) + " controller);"
                        + " use 'virtio-scsi'");
            } else if ("ncr53c90".equals(m)) {
                error(Rule.DEVICE_UNSUPPORTED, c.element(), "the 'ncr53c90' SCSI controller is built into other"
                        + " machines, not x86 ones (libvirt: ncr53c90 SCSI controller is not a built-in for this"
                        + " machine); use 'virtio-scsi' or 'lsilogic'");
            }
        }
    }

    /**
     * A USB controller of model 'none', at any index, disables USB while libvirt reads the file:
     * no other USB controller, and no USB input, hub or host device may follow. (libvirt still
     * adds its USB controller at index 0 when the none one is elsewhere.)
     */
    private void usbNone() {
        Device disabling = null;
        int usb = 0;
        for (Device c : domain.controllers()) {
            if ("usb".equals(c.type) && !c.isImplicit()) {
                usb++;
                if (disabling == null && "none".equals(c.model)) {
                    disabling = c;
                }
            }
        }
        if (disabling == null) {
            return;
        }
        for (Device d : UsbAssigner.usbDevicesRefusedWhileReading(domain)) {
            String libvirt = switch (d.kind()) {
                case INPUT -> "Can't add USB input device. USB bus is disabled";
                case HUB -> "Can't add USB hub: USB is disabled for this domain";
                default -> "Can't add host USB device: USB is disabled in this host";
            };
            error(Rule.USB_DISABLED, d.element(), d.describe() + " is a USB device, but the USB controller of"
                    + " model='none'" + at(disabling) + " disables USB (libvirt: " + libvirt + "); remove the"
                    + " device or that controller");
        }
        if (usb < 2) {
            return;
        }
        for (Device c : domain.controllers()) {
            if ("usb".equals(c.type) && !c.isImplicit() && c != disabling) {
                error(Rule.USB_DISABLED, c.element(), "a USB controller beside the one of model='none'"
                        + at(disabling) + ", which disables USB (libvirt: Can't add another USB controller: USB is"
                        + " disabled for this domain); remove one of them");
            }
        }
    }

    /**
     * Among the USB controllers that are not 'none', one at least must be a master rather than
     * a UHCI companion (libvirt's parser), and an xHCI controller has at most 15 ports.
     */
    private void usbMastersAndPorts() {
        Device firstCompanion = null;
        boolean master = false;
        for (Device c : domain.controllers()) {
            if (!"usb".equals(c.type) || c.isImplicit() || "none".equals(c.model)) {
                continue;
            }
            master |= !c.usbCompanion;
            if (c.usbCompanion && firstCompanion == null) {
                firstCompanion = c;
            }
            if (("qemu-xhci".equals(c.model) || "nec-xhci".equals(c.model)) && c.ports > 15) {
                error(Rule.CONTROLLER_INVALID, c.element(), "a " + c.model + " controller has at most 15 ports, not "
                        + c.ports + " (libvirt: '" + c.model + "' controller only supports up to '15' ports); add a"
                        + " second controller or a USB hub instead");
            }
        }
        if (firstCompanion != null && !master) {
            error(Rule.CONTROLLER_INVALID, firstCompanion.element(), "USB " + firstCompanion.model + " is the"
                    + " companion of a USB2 master, but the domain has no master controller (libvirt: No master USB"
                    + " controller specified); add <controller type='usb' model='ich9-ehci1'/> with the same index");
        }
    }

    private void videos() {
        List<Device> videos = domain.of(DeviceKind.VIDEO);
        for (int i = 0; i < videos.size(); i++) {
            Device v = videos.get(i);
            if (v.isImplicit()) {
                continue;
            }
            if ("none".equals(v.model) && videos.size() > 1) {
                error(Rule.DEVICE_TOO_MANY, v.element(), "a video of model 'none' must be the only video device"
                        + " (libvirt: a 'none' video type must be the only video device defined for the domain);"
                        + " remove it or the other videos");
            } else if (!videoOnMachine(v.model)) {
                error(Rule.DEVICE_UNSUPPORTED, v.element(), "video model '" + v.model + "' does not exist on this"
                        + " machine type (libvirt: domain configuration does not support video model '" + v.model
                        + "'); use 'virtio'" + (domain.machine() == Domain.Machine.S390_CCW ? "" : " or 'vga'"));
            } else if (UNSUPPORTED_VIDEO.contains(v.model)) {
                error(Rule.DEVICE_UNSUPPORTED, v.element(), "QEMU does not offer video model '" + v.model
                        + "' (libvirt: domain configuration does not support video model '" + v.model + "'); use"
                        + " 'virtio', 'qxl', 'vga' or 'bochs'");
            } else if (i > 0 && !"none".equals(v.model) && !SECONDARY_VIDEO.contains(v.model)) {
                error(Rule.DEVICE_UNSUPPORTED, v.element(), "video model '" + v.model + "' can only be the primary"
                        + " (first) video (libvirt: video type '" + v.model + "' is only valid as primary video"
                        + " device); only 'qxl' and 'virtio' can be secondary");
            }
        }
    }

    private boolean videoOnMachine(String model) {
        return switch (domain.machine()) {
            case S390_CCW -> "virtio".equals(model) || "none".equals(model);
            case PSERIES -> !"qxl".equals(model) && !"ramfb".equals(model);
            case VIRT -> !"qxl".equals(model);
            default -> true;
        };
    }

    private void iommu() {
        List<Device> all = domain.of(DeviceKind.IOMMU);
        for (int i = 0; i < all.size(); i++) {
            Device d = all.get(i);
            if (i > 0) {
                error(Rule.DEVICE_TOO_MANY, d.element(), "a second IOMMU; a domain can have only one (libvirt: only a"
                        + " single IOMMU device is supported)");
            }
            String m = d.model;
            if (!"intel".equals(m) && !"virtio".equals(m) && !"smmuv3".equals(m)) {
                error(Rule.DEVICE_UNKNOWN_MODEL, d.element(), "unknown IOMMU model '" + m + "'; libvirt 9.0 knows"
                        + " 'intel', 'virtio' and 'smmuv3'");
                continue;
            }
            boolean fits = domain.machine() == Domain.Machine.VIRT ? !"intel".equals(m)
                    : domain.isQ35() && !"smmuv3".equals(m);
            if (!fits) {
                error(Rule.DEVICE_UNSUPPORTED, d.element(), "IOMMU model '" + m + "' is not available on this"
                        + " machine type (libvirt: IOMMU device: '" + m + "' is only supported with "
                        + ("smmuv3".equals(m) ? "ARM Virt machines" : "Q35 machines") + ")"
                        + ("smmuv3".equals(m) ? "" : "; use a q35 machine"));
                continue;
            }
            if (d.address() != null && !d.addrInvalid && !"virtio".equals(m)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "an IOMMU of model '" + m + "' is part of the machine"
                        + " and has no address (libvirt: iommu model '" + m + "' can't have address); remove it");
                continue;
            }
            if (d.address() != null && !d.addrInvalid && !(d.address() instanceof Addr.Pci)) {
                error(Rule.ADDRESS_WRONG_TYPE, addressOf(d), "a virtio IOMMU is a PCI device and cannot have an"
                        + " address of type '" + d.address().type() + "' (libvirt: IOMMU device: 'virtio' needs a PCI"
                        + " address); use type='pci' on bus 0 or remove the address");
                continue;
            }
            org.dom4j.Element driver = d.element().element("driver");
            if ("intel".equals(m) && driver != null && "on".equals(driver.attributeValue("intremap"))
                    && !"qemu".equals(domain.ioapicDriver())) {
                error(Rule.DEVICE_UNSUPPORTED, (LocatedElement) driver, "intremap='on' needs the split I/O APIC;"
                        + " add <ioapic driver='qemu'/> to <features> (libvirt: IOMMU interrupt remapping requires"
                        + " split I/O APIC (ioapic driver='qemu'))");
            }
        }
    }

    private void bootOrder() {
        Map<Long, Device> seen = new HashMap<>();
        boolean any = false;
        for (Device d : domain.all()) {
            if (d.bootOrder < 0) {
                continue;
            }
            any = true;
            Device other = seen.putIfAbsent(d.bootOrder, d);
            if (other != null) {
                error(Rule.DOMAIN_INVALID, (LocatedElement) d.element().element("boot"), "boot order '"
                        + d.bootOrder + "' is also given to " + other.describe() + at(other) + " (libvirt: boot order"
                        + " used for more than one device); give each device its own order");
            }
        }
        if (any && domain.hasOsBoot()) {
            Device first = domain.all().stream().filter(d -> d.bootOrder >= 0).findFirst().orElseThrow();
            error(Rule.DOMAIN_INVALID, (LocatedElement) first.element().element("boot"), "per-device <boot order>"
                    + " cannot be combined with <boot dev> in <os> (libvirt: per-device boot elements cannot be used"
                    + " together with os/boot elements); use one or the other");
        }
    }
}
