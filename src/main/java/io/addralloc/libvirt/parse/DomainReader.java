package io.addralloc.libvirt.parse;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.HostSource;
import io.addralloc.libvirt.model.PciModelNames;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.QemuMachines;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dom4j.Element;

/**
 * Reads a {@code <domain>} into a {@link Domain}, the way libvirt's parser does: the same
 * number syntax per address type, the same range checks at parse time, the same controller
 * list order. Everything libvirt would refuse while parsing becomes a {@link Problem}; unlike
 * libvirt, reading goes on so that every problem of the file is reported at once (a device
 * whose address cannot be read is treated as having none).
 */
public final class DomainReader {

    /** What reading found: the domain (null when its machine is not modelled) and problems. */
    public record Result(Domain domain, String unsupportedReason, List<Problem> problems) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private Domain.Machine machine;

    private DomainReader() {}

    public static Result read(LocatedElement root) {
        return new DomainReader().readDomain(root);
    }

    private Result readDomain(LocatedElement root) {
        Element os = root.element("os");
        Element osType = os == null ? null : os.element("type");
        String arch = osType == null ? null : osType.attributeValue("arch");
        String machineName = osType == null ? null : osType.attributeValue("machine");
        Domain.Machine machine = machineFamily(arch, machineName);
        if (machine == null) {
            return new Result(null, arch != null && !ARCHES.contains(arch)
                    ? "architecture '" + arch + "' is not supported yet"
                    : "machine type '" + machineName + "' is not supported yet", problems);
        }
        if (!QemuMachines.exists(machineName)) {
            problems.add(Problem.error(Rule.DOMAIN_INVALID, (LocatedElement) osType, "QEMU 7.2 has no machine type '"
                    + machineName + "' (libvirt: Emulator ... does not support machine type '" + machineName
                    + "'); use '" + switch (machine) {
                        case PC -> "pc";
                        case Q35 -> "q35";
                        case S390_CCW -> "s390-ccw-virtio";
                        case PSERIES -> "pseries";
                        case VIRT -> "virt";
                    } + "' or one of the versions"
                    + " 'virsh capabilities' lists"));
        }
        this.machine = machine;
        Domain domain = new Domain(machine);
        Element features = root.element("features");
        Element ioapic = features == null ? null : features.element("ioapic");
        domain.setIoapicDriver(ioapic == null ? null : ioapic.attributeValue("driver"));
        domain.setHasOsBoot(os != null && os.element("boot") != null);
        Element cpu = root.element("cpu");
        Element numa = cpu == null ? null : cpu.element("numa");
        domain.setNumaCells(numa == null ? 0 : numa.elements("cell").size());
        Element maxMemory = root.element("maxMemory");
        if (maxMemory != null) {
            long slots = Numbers.parseUnsigned(maxMemory.attributeValue("slots"), 10);
            domain.setMemorySlots(Math.max(slots, 0));
        }
        Element devices = root.element("devices");
        if (devices != null) {
            int[] ordinals = new int[DeviceKind.values().length];
            for (Element child : devices.elements()) {
                if (child.getName().equals("graphics")) {
                    domain.setHasGraphics(true);
                    continue;
                }
                DeviceKind kind = DeviceKind.forElement(child.getName());
                if (kind == null) {
                    if (!KNOWN_WITHOUT_ADDRESS.contains(child.getName())) {
                        problems.add(new Problem(Rule.DEVICE_UNKNOWN_ELEMENT, Rule.DEVICE_UNKNOWN_ELEMENT.severity(),
                                (LocatedElement) child, "libvirt 9.0 does not know <" + child.getName()
                                        + "> and drops it, with any address in it, when the domain is defined;"
                                        + " it takes no address here either"));
                    }
                    continue;
                }
                Device d = readDevice(kind, (LocatedElement) child, ordinals[kind.ordinal()]++);
                if (kind == DeviceKind.CONTROLLER) {
                    insertController(domain.controllers(), d);
                } else if (kind == DeviceKind.DISK) {
                    insertDisk(domain.of(kind), d);
                } else {
                    domain.of(kind).add(d);
                }
            }
        }
        return new Result(domain, null, problems);
    }

    /**
     * Where libvirt's parser puts a disk: among the disks of its bus, before the earliest one
     * whose target name sorts after it, else right after the last one of its bus; at the end
     * when none shares its bus. The PCI pass walks disks in this order, so {@code vdb} gets its
     * slot before {@code vdc} whatever order the file lists them in.
     */
    static void insertDisk(List<Device> disks, Device disk) {
        long index = disk.targetDev == null ? -1 : DiskNames.index(disk.targetDev);
        int insertAt = -1;
        for (int i = disks.size() - 1; i >= 0; i--) {
            Device other = disks.get(i);
            // The bus as written: libvirt inserts while parsing, before a missing bus is filled in.
            if (!java.util.Objects.equals(other.bus, disk.bus)) {
                continue;
            }
            long otherIndex = other.targetDev == null ? -1 : DiskNames.index(other.targetDev);
            if (otherIndex > index) {
                insertAt = i;
            } else if (insertAt == -1) {
                insertAt = i + 1;
            }
        }
        disks.add(insertAt == -1 ? disks.size() : insertAt, disk);
    }

    /** The other elements libvirt 9.0 reads under {@code <devices>}; none of them has an address. */
    private static final java.util.Set<String> KNOWN_WITHOUT_ADDRESS = java.util.Set.of("emulator", "lease",
            "redirfilter", "audio");

    private static final java.util.Set<String> ARCHES = java.util.Set.of("x86_64", "i686", "s390x", "ppc64",
            "ppc64le", "aarch64");

    /**
     * The modelled machine family of an architecture and machine name, or null. Without a
     * machine name QEMU 7.2's default applies: pc on x86, s390-ccw-virtio on s390x, pseries on
     * ppc64, and virt, the one libvirt prefers, on aarch64.
     */
    static Domain.Machine machineFamily(String arch, String name) {
        if (arch == null || arch.equals("x86_64") || arch.equals("i686")) {
            // pc-0.12 and the like: i440fx machines from before they were named so.
            if (name == null || name.equals("pc") || name.startsWith("pc-i440fx-")
                    || (name.startsWith("pc-") && name.length() > 3 && Character.isDigit(name.charAt(3)))) {
                return Domain.Machine.PC;
            }
            return name.equals("q35") || name.startsWith("pc-q35-") ? Domain.Machine.Q35 : null;
        }
        return switch (arch) {
            case "s390x" -> family(name, "s390-ccw-virtio", Domain.Machine.S390_CCW);
            case "ppc64", "ppc64le" -> family(name, "pseries", Domain.Machine.PSERIES);
            case "aarch64" -> family(name, "virt", Domain.Machine.VIRT);
            default -> null;
        };
    }

    private static Domain.Machine family(String name, String base, Domain.Machine machine) {
        return name == null || name.equals(base) || name.startsWith(base + "-") ? machine : null;
    }

    private Device readDevice(DeviceKind kind, LocatedElement e, int ordinal) {
        Addr addr = null;
        boolean invalid = false;
        LocatedElement addrElement = hasNoDeviceInfo(kind, e) ? null : (LocatedElement) e.element("address");
        if (addrElement != null) {
            int before = problems.size();
            addr = readAddress(addrElement);
            invalid = problems.size() > before;
        }
        Device d = new Device(kind, e, ordinal, addr);
        if (addr instanceof Addr.Pci && !invalid && addrElement.element("zpci") != null) {
            int before = problems.size();
            readZpci(d, (LocatedElement) addrElement.element("zpci"));
            invalid = problems.size() > before;
        }
        d.addrInvalid = invalid;
        if (invalid) {
            // libvirt stops here; going on as if there were no address reports the rest.
            d.dropAddress();
        }
        Element acpi = e.element("acpi");
        d.acpiIndex = acpi != null && acpi.attributeValue("index") != null && !hasNoDeviceInfo(kind, e);
        Element rom = e.element("rom");
        d.romTuned = rom != null && (kind == DeviceKind.INTERFACE || kind == DeviceKind.HOSTDEV)
                && (rom.attributeValue("enabled") != null || rom.attributeValue("bar") != null
                        || rom.attributeValue("file") != null);
        d.type = e.attributeValue("type");
        if (kind == DeviceKind.CONTROLLER && d.type == null) {
            // libvirt reads a controller without type as an IDE controller.
            d.type = "ide";
        }
        if (kind == DeviceKind.DISK || kind == DeviceKind.INTERFACE || kind == DeviceKind.HOSTDEV
                || kind == DeviceKind.REDIRDEV) {
            readBootOrder(d, e);
        }
        switch (kind) {
            case DISK -> readDisk(d, e);
            case CONTROLLER -> readController(d, e);
            case INTERFACE -> {
                d.model = childAttr(e, "model", "type");
                if ("hostdev".equals(d.type)) {
                    // The host device behind the NIC is of the type its source address names.
                    Element source = e.element("source");
                    Element address = source == null ? null : source.element("address");
                    String type = address == null ? null : address.attributeValue("type");
                    d.hostSource = readHostSource(e, "subsystem", type == null ? "pci" : type);
                }
            }
            case VIDEO -> {
                d.model = childAttr(e, "model", "type");
                d.primary = "yes".equals(childAttr(e, "model", "primary"));
            }
            case SHMEM -> d.model = childAttr(e, "model", "type");
            case SERIAL, PARALLEL, CHANNEL, CONSOLE -> {
                Element target = e.element("target");
                d.targetType = target == null ? null : target.attributeValue("type");
                d.targetModel = target == null ? null : childAttr(target, "model", "name");
                String port = target == null ? null : target.attributeValue("port");
                if (port != null) {
                    long v = Numbers.parseUnsigned(port, 10);
                    d.targetPort = v > Integer.MAX_VALUE ? -1 : v;
                }
            }
            case INPUT, REDIRDEV -> {
                d.bus = e.attributeValue("bus");
                d.model = e.attributeValue("model");
                if (kind == DeviceKind.INPUT && d.bus == null) {
                    d.bus = defaultInputBus(d.type);
                }
            }
            case FILESYSTEM -> {
                d.model = e.attributeValue("model");
                d.targetType = childAttr(e, "driver", "type");
            }
            case HOSTDEV -> {
                d.model = e.attributeValue("model");
                String mode = e.attributeValue("mode");
                d.hostSource = readHostSource(e, mode == null ? "subsystem" : mode, d.type);
            }
            default -> d.model = e.attributeValue("model");
        }
        boolean usbOnly = (kind == DeviceKind.INPUT && "usb".equals(d.bus))
                || (kind == DeviceKind.REDIRDEV && (d.bus == null || "usb".equals(d.bus)));
        if (usbOnly && addr != null && !(addr instanceof Addr.Usb) && !invalid) {
            problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addrElement,
                    "a USB " + kind + " cannot have a '" + addr.type() + "' address; use type='usb' or drop"
                            + " the address (libvirt: Invalid address for a USB device)"));
            d.addrInvalid = true;
            d.dropAddress();
        }
        return d;
    }

    /** The bus libvirt gives an input without one, while it reads the input: it depends on the type. */
    private String defaultInputBus(String type) {
        boolean x86 = machine == Domain.Machine.PC || machine == Domain.Machine.Q35;
        if (x86 && ("mouse".equals(type) || "keyboard".equals(type))) {
            return "ps2";
        } else if (machine == Domain.Machine.S390_CCW || "passthrough".equals(type)) {
            return "virtio";
        } else if ("evdev".equals(type)) {
            return "none";
        }
        return "usb";
    }

    private static void readDisk(Device d, Element e) {
        d.model = e.attributeValue("model");
        d.diskDevice = Objects.toString(e.attributeValue("device"), "disk");
        Element target = e.element("target");
        if (target != null) {
            d.targetDev = target.attributeValue("dev");
            d.bus = target.attributeValue("bus");
        }
        Element source = e.element("source");
        if (source != null) {
            for (String a : new String[] {"file", "dev", "dir", "name", "volume"}) {
                if (source.attributeValue(a) != null) {
                    d.source = source.attributeValue(a);
                    break;
                }
            }
        }
    }

    /**
     * libvirt reads no address, {@code <master>}, alias or ACPI index of a USB controller or a
     * balloon of model none: whatever the file gives there is neither checked nor kept.
     */
    private static boolean hasNoDeviceInfo(DeviceKind kind, Element e) {
        return "none".equals(e.attributeValue("model")) && (kind == DeviceKind.MEMBALLOON
                || (kind == DeviceKind.CONTROLLER && "usb".equals(e.attributeValue("type"))));
    }

    private void readController(Device d, LocatedElement e) {
        d.model = e.attributeValue("model");
        // A UHCI companion names its EHCI master's ports even without <master> (libvirt sets it while parsing).
        d.usbCompanion = "usb".equals(d.type) && !"none".equals(d.model) && (e.element("master") != null
                || "ich9-uhci1".equals(d.model)
                || "ich9-uhci2".equals(d.model) || "ich9-uhci3".equals(d.model));
        String index = e.attributeValue("index");
        if (index != null) {
            long v = Numbers.parseUnsigned(index, 10);
            if (v < 0 || v > Integer.MAX_VALUE) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, e, "controller index '" + index
                        + "' is not a non-negative decimal number"));
            } else {
                d.index = v;
            }
        }
        d.ports = readInt(e, "ports", 10);
        Element target = e.element("target");
        int targets = 0;
        int models = 0;
        for (Element c : e.elements()) {
            targets += c.getName().equals("target") ? 1 : 0;
            models += c.getName().equals("model") ? 1 : 0;
        }
        if (targets > 1 || ("pci".equals(d.type) && models > 1)) {
            String what = targets > 1 ? "target" : "model";
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, e, "a controller has one <" + what + "> at most"
                    + " (libvirt: Multiple <" + what + "> elements in controller definition not allowed); merge them"));
        }
        if (target != null) {
            readNode(d, (LocatedElement) target);
        }
        if (!"pci".equals(d.type)) {
            return;
        }
        Element modelName = e.element("model");
        String name = modelName == null ? null : modelName.attributeValue("name");
        if (name != null && !PciModelNames.KNOWN.contains(name)) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, (LocatedElement) modelName, "unknown PCI controller"
                    + " model name '" + abbreviate(name) + "' (libvirt: Invalid value for attribute 'name' in element"
                    + " 'model': '" + abbreviate(name) + "'.); libvirt knows "
                    + String.join(", ", PciModelNames.KNOWN)));
        } else if (name != null && !name.equals("none")) {
            d.modelName = name;
        }
        if (target == null) {
            return;
        }
        LocatedElement t = (LocatedElement) target;
        d.chassisNr = readInt(t, "chassisNr", 0);
        d.chassis = readInt(t, "chassis", 0);
        d.port = readInt(t, "port", 0);
        d.busNr = readInt(t, "busNr", 0);
        d.targetIndex = readInt(t, "index", 0);
        String hotplug = t.attributeValue("hotplug");
        if ("on".equals(hotplug) || "off".equals(hotplug)) {
            d.hotplug = "on".equals(hotplug);
        } else if (hotplug != null) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, t, "hotplug='" + abbreviate(hotplug) + "' must be"
                    + " 'on' or 'off' (libvirt: Invalid value for attribute 'hotplug' in element 'target': '"
                    + abbreviate(hotplug) + "'.)"));
        }
    }

    /** {@code <target><node>}: a decimal number from 0, read for every controller type. */
    private void readNode(Device d, LocatedElement target) {
        Element node = target.element("node");
        String text = node == null ? "" : node.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        long v = Numbers.parseUnsigned(text, 10);
        if (v < 0 || v > Integer.MAX_VALUE) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, (LocatedElement) node, "<node>" + abbreviate(text)
                    + "</node> is not a NUMA node number (libvirt: invalid NUMA node in target); write the number of a"
                    + " <cpu><numa> cell"));
        } else {
            d.numaNode = v;
        }
    }

    /**
     * A non-negative int attribute as libvirt reads {@code ports} (decimal) and a PCI
     * controller's {@code <target>} numbers (C's base 0: decimal, {@code 0x} hexadecimal, leading
     * {@code 0} octal): leading blanks and {@code +} allowed, at most 2147483647, {@code -0}
     * taken as 0, a negative value refused as such.
     *
     * @return the value, or -1 when absent or after reporting a problem
     */
    private long readInt(LocatedElement at, String attr, int base) {
        String text = at.attributeValue(attr);
        if (text == null) {
            return -1;
        }
        String t = text.stripLeading();
        if (t.startsWith("-")) {
            long v = Numbers.parseUnsigned(t.substring(1), base);
            if (v == 0) {
                return 0;
            }
            if (v > 0 && v <= 0x8000_0000L) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, at, attr + "='" + abbreviate(text) + "' is"
                        + " negative (libvirt: Invalid value for attribute '" + attr + "' in element '" + at.getName()
                        + "': '" + abbreviate(text) + "'. Expected non-negative value)"));
                return -1;
            }
        }
        long v = Numbers.parseUnsigned(text, base);
        if (v < 0 || v > Integer.MAX_VALUE) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, at, attr + "='" + abbreviate(text) + "' is not a"
                    + (base == 10 ? " decimal" : "") + " number from 0 to 2147483647 (libvirt: Invalid value for"
                    + " attribute '" + attr + "' in element '" + at.getName() + "': '" + abbreviate(text) + "'."
                    + " Expected integer value)"));
            return -1;
        }
        return v;
    }

    /** {@code <boot order>} of a device: a decimal number from 1 up. */
    private void readBootOrder(Device d, LocatedElement e) {
        LocatedElement boot = (LocatedElement) e.element("boot");
        String order = boot == null ? null : boot.attributeValue("order");
        if (order == null) {
            return;
        }
        long v = Numbers.parseUnsigned(order, 10);
        if (v < 0) {
            problems.add(Problem.error(Rule.DOMAIN_INVALID, boot, "boot order='" + abbreviate(order)
                    + "' is not a decimal number; write 1, 2, ... (libvirt: Expected non-negative integer value)"));
        } else if (v == 0) {
            problems.add(Problem.error(Rule.DOMAIN_INVALID, boot, "boot order='" + order
                    + "' is not allowed; boot orders start at 1 (libvirt: Zero is not permitted)"));
        } else {
            d.bootOrder = v;
        }
    }

    /**
     * libvirt's controller insertion: among controllers of the same type, before the first one
     * (scanning from the back) with a larger index, or before a USB companion of the same index
     * when the new one is a master; else after the last; a new type goes last; a controller
     * without index goes right after the last one of its type.
     */
    static void insertController(List<Device> list, Device c) {
        int insertAt = -1;
        for (int i = list.size() - 1; i >= 0; i--) {
            Device cur = list.get(i);
            if (!cur.type.equals(c.type)) {
                continue;
            }
            if (c.index == -1) {
                insertAt = i + 1;
                break;
            }
            if (cur.index > c.index) {
                insertAt = i;
            } else if (!c.usbCompanion && cur.usbCompanion && cur.index == c.index) {
                insertAt = i;
            } else if (insertAt == -1) {
                insertAt = i + 1;
            }
        }
        if (insertAt == -1) {
            list.add(c);
        } else {
            list.add(insertAt, c);
        }
    }

    /** What a host device passes through, as libvirt compares host devices (see {@link HostSource}). */
    private HostSource readHostSource(LocatedElement e, String mode, String type) {
        Element source = e.element("source");
        Element address = source == null ? null : source.element("address");
        String t = type == null ? "" : type;
        String key = null;
        long vendor = 0;
        long product = 0;
        long bus = 0;
        long device = 0;
        switch (t) {
            case "pci" -> {
                if (address != null) {
                    // The host's PCI address is read, and range-checked, as a guest's is.
                    key = "pci " + readPci((LocatedElement) address);
                }
            }
            case "usb" -> {
                vendor = source == null || source.element("vendor") == null ? 0
                        : requiredSourceNumber(source.element("vendor"), "id");
                product = source == null || source.element("product") == null ? 0
                        : requiredSourceNumber(source.element("product"), "id");
                bus = address == null ? 0 : requiredSourceNumber(address, "bus");
                device = address == null ? 0 : requiredSourceNumber(address, "device");
            }
            case "scsi" -> {
                String protocol = source == null ? null : source.attributeValue("protocol");
                if ("iscsi".equals(protocol)) {
                    Element host = source.element("host");
                    String name = Objects.toString(source.attributeValue("name"), "");
                    key = "iscsi " + (host == null ? "" : host.attributeValue("name") + ":"
                            + host.attributeValue("port")) + " " + (name.contains("/") ? name : name + "/0");
                } else if (source != null) {
                    Element adapter = source.element("adapter");
                    key = "scsi " + (adapter == null ? "" : adapter.attributeValue("name")) + (address == null ? ""
                            : " " + requiredSourceNumber(address, "bus") + ":"
                                    + requiredSourceNumber(address, "target") + ":"
                                    + requiredSourceNumber(address, "unit"));
                }
            }
            case "scsi_host" -> key = source == null ? null
                    : source.attributeValue("protocol") + " " + source.attributeValue("wwpn");
            case "mdev" -> {
                String uuid = address == null ? null : address.attributeValue("uuid");
                if (uuid == null) {
                    problems.add(Problem.error(Rule.DOMAIN_INVALID, (LocatedElement) (address != null ? address : e),
                            "a mediated device needs <source><address uuid='...'/></source> (libvirt: Missing 'uuid'"
                                    + " attribute for element <address>)"));
                } else {
                    key = "mdev " + uuid.replace("-", "").toLowerCase(Locale.ROOT);
                }
            }
            default -> key = source == null ? null : source.asXML();
        }
        return new HostSource(mode, t, key, vendor, product, bus, device);
    }

    /**
     * A number a host device's source must give, read as libvirt reads it (C's base 0, nothing
     * after the digits); a problem when absent or unreadable.
     *
     * @return the value, or 0 after reporting a problem
     */
    private long requiredSourceNumber(Element e, String attr) {
        String text = e.attributeValue(attr);
        long v = text == null ? -1 : Numbers.parseUnsigned(text, 0);
        if (text == null) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, (LocatedElement) e, "the host device's <"
                    + e.getName() + "> needs " + attr + "= (libvirt: Missing required attribute '" + attr
                    + "' in element '" + e.getName() + "')"));
        } else if (v < 0) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, (LocatedElement) e, "the host device's "
                    + e.getName() + " " + attr + "='" + abbreviate(text) + "' is not a number libvirt reads (libvirt:"
                    + " Invalid value for attribute '" + attr + "' in element '" + e.getName() + "': '"
                    + abbreviate(text) + "'. Expected non-negative integer value)"));
        }
        return Math.max(v, 0);
    }

    private static String childAttr(Element e, String child, String attr) {
        Element c = e.element(child);
        return c == null ? null : c.attributeValue(attr);
    }

    private Addr readAddress(LocatedElement a) {
        String type = a.attributeValue("type");
        if (type == null) {
            problems.add(Problem.error(Rule.ADDRESS_UNKNOWN_TYPE, a,
                    "the address has no type; add type='pci' (or the type the device needs), or remove the"
                            + " element to let libvirt choose"));
            return null;
        }
        return switch (type) {
            case "pci" -> readPci(a);
            case "drive" -> new Addr.Drive(num(a, "controller", 10), num(a, "bus", 10), num(a, "target", 10),
                    num(a, "unit", 10));
            case "virtio-serial" -> new Addr.VirtioSerial(num(a, "controller", 10), num(a, "bus", 10),
                    num(a, "port", 10));
            case "ccid" -> new Addr.Ccid(num(a, "controller", 10), num(a, "slot", 10));
            case "usb" -> readUsb(a);
            case "isa" -> new Addr.Isa(unsetIfZero(optional(a, "iobase", 16)), unsetIfZero(optional(a, "irq", 16)));
            case "spapr-vio" -> readSpaprVio(a);
            case "dimm" -> readDimm(a);
            case "ccw" -> readCcw(a);
            case "virtio-mmio" -> new Addr.VirtioMmio();
            case "unassigned" -> new Addr.Other(type);
            case "virtio-s390" -> {
                problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, a, "an address of type 'virtio-s390' cannot"
                        + " be given (libvirt: virtio-s390 bus doesn't have an address); remove the address"));
                yield null;
            }
            default -> {
                problems.add(Problem.error(Rule.ADDRESS_UNKNOWN_TYPE, a, "unknown address type '"
                        + type + "'; libvirt knows pci, drive, virtio-serial, ccid, usb, spapr-vio, ccw,"
                        + " virtio-mmio, isa, dimm and unassigned (and on x86 only pci, drive, virtio-serial,"
                        + " ccid, usb, isa and virtio-mmio are of use)"));
                yield null;
            }
        };
    }

    private Addr readPci(LocatedElement a) {
        long domain = num(a, "domain", 0);
        long bus = num(a, "bus", 0);
        long slot = num(a, "slot", 0);
        long function = num(a, "function", 0);
        String multi = a.attributeValue("multifunction");
        Boolean multifunction = multi == null ? null : "on".equals(multi) ? Boolean.TRUE
                : "off".equals(multi) ? Boolean.FALSE : null;
        if (multi != null && multifunction == null) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "multifunction='" + multi
                    + "' must be 'on' or 'off'"));
        }
        Addr.Pci pci = new Addr.Pci(Math.max(domain, 0), Math.max(bus, 0), Math.max(slot, 0),
                Math.max(function, 0), multifunction);
        if (domain < 0 || bus < 0 || slot < 0 || function < 0) {
            return pci;
        }
        if (!pci.isPresent()) {
            // libvirt checks no field of an address it reads as absent, and never shows its function.
            return new Addr.Pci(0, 0, 0, 0, multifunction);
        }
        if (bus > 0xFF) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, a, String.format(Locale.ROOT,
                    "PCI bus 0x%x is out of range; a bus number must be at most 0xff", bus)));
        } else if (slot > 0x1F) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, a, String.format(Locale.ROOT,
                    "PCI slot 0x%x is out of range; a slot must be at most 0x1f (31)", slot)));
        } else if (function > 7) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, a, String.format(Locale.ROOT,
                    "PCI function 0x%x is out of range; a function must be at most 7", function)));
        }
        return pci;
    }

    /**
     * A CCW address: all three fields or none (none asks for one to be assigned), each within
     * what the s390 channel subsystem can address.
     *
     * @return the address (-1 fields when it has none, i.e. one is to be assigned), or null
     */
    private Addr readCcw(LocatedElement a) {
        String[] names = {"cssid", "ssid", "devno"};
        int given = 0;
        for (String n : names) {
            given += a.attributeValue(n) == null ? 0 : 1;
        }
        if (given == 0) {
            return Addr.Ccw.UNASSIGNED;
        }
        if (given < 3) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "a CCW address needs all of cssid, ssid and"
                    + " devno, or none of them to let libvirt choose (libvirt: Invalid partial specification for"
                    + " virtio ccw address)"));
            return null;
        }
        long cssid = num(a, "cssid", 0);
        long ssid = num(a, "ssid", 0);
        long devno = num(a, "devno", 0);
        if (cssid < 0 || ssid < 0 || devno < 0) {
            return null;
        }
        if (cssid > 0xfe || ssid > 3 || devno > 0xffff) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, String.format(Locale.ROOT,
                    "CCW address %x.%x.%04x is out of range; cssid is at most 0xfe, ssid at most 3, devno at most"
                            + " 0xffff (libvirt: Invalid specification for virtio ccw address)", cssid, ssid, devno)));
            return null;
        }
        return new Addr.Ccw(cssid, ssid, devno);
    }

    private Addr readSpaprVio(LocatedElement a) {
        String text = a.attributeValue("reg");
        if (text == null) {
            return new Addr.SpaprVio(-1);
        }
        long reg = Numbers.parseUnsigned(text, 16, Long.MAX_VALUE);
        if (reg < 0) {
            return new Addr.SpaprVio(num(a, "reg", 16));
        }
        if (reg > Numbers.UINT_MAX) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, String.format(Locale.ROOT, "spapr-vio"
                    + " reg='0x%x' is beyond the largest reg, 0xffffffff (libvirt: spapr-vio reg exceeds maximum"
                    + " possible value)", reg)));
            return null;
        }
        return new Addr.SpaprVio(reg);
    }

    private Addr readDimm(LocatedElement a) {
        if (a.attributeValue("slot") == null) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "a dimm address needs slot=; give the slot or"
                    + " remove the address (libvirt: Missing required attribute 'slot' in element 'address')"));
            return null;
        }
        long slot = num(a, "slot", 10);
        String baseText = a.attributeValue("base");
        long base = -1;
        if (baseText != null) {
            base = Numbers.parseUnsigned(baseText, 16, Long.MAX_VALUE);
            if (base < 0) {
                problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "address attribute base='"
                        + abbreviate(baseText) + "' is not a hexadecimal number libvirt accepts"));
            }
        }
        return new Addr.Dimm(slot, unsetIfZero(base));
    }

    /** libvirt keeps 0 for a field the file leaves out, so a 0 the file gives is no value either (-1). */
    private static long unsetIfZero(long v) {
        return v == 0 ? -1 : v;
    }

    /** s390 PCI identifiers: uid from 1 to 0xffff, fid any 32-bit value. */
    private void readZpci(Device d, LocatedElement z) {
        d.zpciUid = optional(z, "uid", 0);
        d.zpciFid = optional(z, "fid", 0);
        if (z.attributeValue("uid") != null && d.zpciUid >= 0 && (d.zpciUid == 0 || d.zpciUid > 0xffff)) {
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, z, String.format(Locale.ROOT, "zPCI uid 0x%04x is"
                    + " out of range; it must be from 0x0001 to 0xffff (libvirt: Invalid PCI address uid, must be >"
                    + " 0x0000 and <= 0xffff)", d.zpciUid)));
        }
    }

    /** As {@link #num} but -1 when the attribute is absent. */
    private long optional(LocatedElement a, String attr, int base) {
        return a.attributeValue(attr) == null ? -1 : num(a, attr, base);
    }

    private Addr readUsb(LocatedElement a) {
        long bus = num(a, "bus", 10);
        String port = a.attributeValue("port");
        List<Integer> parts = new ArrayList<>();
        if (port != null && !port.isEmpty()) {
            String[] pieces = port.split("\\.", -1);
            boolean ok = pieces.length <= 4;
            for (String p : pieces) {
                long v = ok ? Numbers.parseUnsigned(p, 10) : -1;
                if (v < 0 || v > Integer.MAX_VALUE) {
                    ok = false;
                    break;
                }
                parts.add((int) v);
            }
            if (!ok) {
                problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "USB port '" + port
                        + "' is not a path of at most four decimal numbers such as '1' or '1.2'"));
                parts.clear();
            }
        }
        // A zero component ends the path, as in libvirt.
        int len = 0;
        while (len < parts.size() && parts.get(len) != 0) {
            len++;
        }
        int[] path = new int[len];
        for (int i = 0; i < len; i++) {
            path[i] = parts.get(i);
        }
        return new Addr.Usb(Math.max(bus, 0), path);
    }

    /** An attribute as libvirt reads it; absent is 0, unreadable is a problem and -1. */
    private long num(LocatedElement a, String attr, int base) {
        String text = a.attributeValue(attr);
        if (text == null) {
            return 0;
        }
        long v = Numbers.parseUnsigned(text, base);
        if (v < 0) {
            String expected = switch (base) {
                case 10 -> "a decimal number";
                case 16 -> "a hexadecimal number";
                default -> "a number (decimal, 0x hexadecimal or 0 octal)";
            };
            problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, a, "address attribute " + attr + "='"
                    + abbreviate(text) + "' is not a value libvirt accepts; write " + expected
                    + " from 0 to 4294967295"));
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
