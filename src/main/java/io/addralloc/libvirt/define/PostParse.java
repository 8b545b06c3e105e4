package io.addralloc.libvirt.define;

import io.addralloc.libvirt.assign.PciAssigner;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.parse.DiskNames;
import io.addralloc.rules.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * libvirt's post-parse phase: controller indexes, default models, the devices and
 * controllers the machine type implies, drive addresses derived from target names, and the
 * controllers that disks, channels and smartcards imply. Runs before any address is assigned,
 * in libvirt's order, because each step sees what the previous one added.
 */
final class PostParse {
    private final Domain domain;
    private final Problems problems;

    private PostParse(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    static void run(Domain domain, Problems problems) {
        new PostParse(domain, problems).run();
    }

    private void run() {
        // While parsing, before any default is known: a model the file does not give stays unset.
        Hostdevs.addScsiControllersWhileParsing(domain);
        consoleCompat();
        assignControllerIndexes();
        addMachineDefaults();
        deviceDefaults();
        PciControllerOptions.postParse(domain, problems);
        checkDuplicateControllerIndexes();
        addImplicitDiskControllers();
        addImplicitVirtioSerialControllers();
        addImplicitCcidControllers();
        Hostdevs.addScsiControllers(domain);
        // The implicit SCSI controllers get the default model only now: until then the host
        // devices' pass copies models from the controllers that have one.
        for (Device c : domain.controllers()) {
            if ("scsi".equals(c.type) && c.model == null) {
                c.model = defaultScsiModel();
            }
        }
    }

    /**
     * A controller without index gets the lowest unused index of its type, in list order. The
     * exception (libvirt's virDomainAssignControllerIndexes): an ich9
     * EHCI or UHCI right after another one on the USB list joins that one's index, unless a
     * controller of its own model already has that index.
     */
    private void assignControllerIndexes() {
        List<Device> controllers = domain.controllers();
        for (int i = 0; i < controllers.size(); i++) {
            Device c = controllers.get(i);
            if (c.index >= 0) {
                continue;
            }
            Device prev = null;
            if (isUsb2(c)) {
                for (int j = i - 1; j >= 0 && prev == null; j--) {
                    if ("usb".equals(controllers.get(j).type)) {
                        prev = controllers.get(j);
                    }
                }
                if (prev != null && !isUsb2(prev)) {
                    prev = null;
                }
                for (Device o : controllers) {
                    if (prev != null && "usb".equals(o.type) && o.index == prev.index
                            && java.util.Objects.equals(o.model, c.model)) {
                        prev = null;
                    }
                }
            }
            if (prev != null) {
                c.index = prev.index;
                continue;
            }
            Set<Long> used = new HashSet<>();
            for (Device o : controllers) {
                if (o.type.equals(c.type) && o.index >= 0) {
                    used.add(o.index);
                }
            }
            long idx = 0;
            while (used.contains(idx)) {
                idx++;
            }
            c.index = idx;
        }
    }

    private static boolean isUsb2(Device c) {
        return "usb".equals(c.type) && PciAssigner.isUsb2Family(c.model);
    }

    private void addMachineDefaults() {
        Domain.Machine machine = domain.machine();
        String usbModel = switch (machine) {
            case PC -> "piix3-uhci";
            case Q35, PSERIES -> "qemu-xhci";
            // s390 has no USB, and aarch64 virt gets a USB controller only when one is asked for.
            default -> null;
        };
        if (usbModel != null && domain.controller("usb", 0) == null) {
            domain.addImplicitController("usb", 0, usbModel);
        }
        if (domain.isQ35() && domain.controller("sata", 0) == null) {
            domain.addImplicitController("sata", 0, null);
        }
        String root = machine.pcieRoot() ? "pcie-root" : "pci-root";
        Device pci0 = domain.controller("pci", 0);
        if (pci0 == null) {
            domain.addImplicitController("pci", 0, root);
        } else if (!root.equals(pci0.model)) {
            problems.add(Problem.error(Rule.CONTROLLER_INVALID, pci0.element(),
                    "the PCI controller with index 0 must be model='" + root + "' on this machine type, not model='"
                            + pci0.model + "'; give that controller another index or the right model"));
            pci0.model = root;
        }
        for (Device c : domain.controllers()) {
            boolean root0 = "pci-root".equals(c.model) || "pcie-root".equals(c.model);
            // pseries may have more host bridges: each is a pci-root with its own index.
            boolean extraHostBridge = machine == Domain.Machine.PSERIES && "pci-root".equals(c.model);
            if ("pci".equals(c.type) && c.index != 0 && root0 && !extraHostBridge) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, c.element(),
                        "a " + c.model + " controller must have index 0, not " + c.index));
            }
        }
        // aarch64 virt gets no balloon unless the file asks for one.
        if (machine != Domain.Machine.VIRT && domain.of(DeviceKind.MEMBALLOON).isEmpty()) {
            Device balloon = new Device(DeviceKind.MEMBALLOON, null, 0, null);
            balloon.model = "virtio";
            domain.of(DeviceKind.MEMBALLOON).add(balloon);
        }
        for (Device m : domain.of(DeviceKind.MEMBALLOON)) {
            if ("none".equals(m.model) && m.addr != null) {
                // libvirt accepts any address on a balloon it will not create, and drops it.
                m.addr = null;
            }
        }
        if (machine.isX86()) {
            addInput("mouse", "ps2");
            addInput("keyboard", "ps2");
        }
        if (machine == Domain.Machine.PSERIES && domain.hasGraphics()) {
            addInput("keyboard", "usb");
            // libvirt leaves the mouse out when a USB tablet already points.
            boolean tablet = domain.of(DeviceKind.INPUT).stream()
                    .anyMatch(i -> "tablet".equals(i.type) && "usb".equals(i.bus));
            if (!tablet) {
                addInput("mouse", "usb");
            }
        }
        if (domain.hasGraphics() && domain.of(DeviceKind.VIDEO).isEmpty()) {
            Device video = new Device(DeviceKind.VIDEO, null, 0, null);
            video.model = defaultVideoModel();
            domain.of(DeviceKind.VIDEO).add(video);
        }
        String panic = switch (machine) {
            case S390_CCW -> "s390";
            case PSERIES -> "pseries";
            default -> null;
        };
        if (panic != null && domain.of(DeviceKind.PANIC).isEmpty()) {
            Device p = new Device(DeviceKind.PANIC, null, 0, null);
            p.model = panic;
            domain.of(DeviceKind.PANIC).add(p);
        }
    }

    private String defaultVideoModel() {
        return switch (domain.machine()) {
            case PC, Q35 -> "cirrus";
            case PSERIES -> "vga";
            default -> "virtio";
        };
    }

    /** The serial target type a machine gives a serial that names none. */
    static String defaultSerialTarget(Domain.Machine machine) {
        return switch (machine) {
            case PC, Q35 -> "isa-serial";
            case S390_CCW -> "sclp-serial";
            case PSERIES -> "spapr-vio-serial";
            case VIRT -> "system-serial";
        };
    }


    /**
     * libvirt's console compatibility (virDomainDefAddConsoleCompat): a first console of target
     * type serial (or none) stands for the first serial port. Without a serial, the console
     * itself becomes that serial, address and all, and the console is left as its alias; with
     * one, the console is an alias whatever it says. An alias takes no address of its own:
     * libvirt shows the serial's address on it.
     */
    private void consoleCompat() {
        List<Device> consoles = domain.of(DeviceKind.CONSOLE);
        List<Device> serials = domain.of(DeviceKind.SERIAL);
        if (consoles.isEmpty() || !isSerialConsole(consoles.get(0))) {
            String t = serials.isEmpty() ? null : serials.get(0).targetType;
            if (!serials.isEmpty() && (t == null || t.equals("isa-serial") || t.equals("spapr-vio-serial")
                    || t.equals("system-serial") || t.equals("sclp-serial"))) {
                // A serial of the machine's own kind gets a console that stands for it, listed first.
                Device stub = new Device(DeviceKind.CONSOLE, null, 0, null);
                stub.serialAlias = true;
                stub.template = serials.get(0).element();
                consoles.add(0, stub);
            }
            return;
        }
        Device console = consoles.get(0);
        if (serials.isEmpty()) {
            Device serial = new Device(DeviceKind.SERIAL, null, 0, console.addrInvalid ? null : console.xmlAddr);
            serial.template = console.element();
            serial.addrInvalid = console.addrInvalid;
            serial.targetPort = 0;
            serial.acpiIndex = console.acpiIndex;
            serials.add(serial);
        }
        console.serialAlias = true;
        console.addr = null;
    }

    private static boolean isSerialConsole(Device console) {
        return console.targetType == null || "serial".equals(console.targetType);
    }

    private void addInput(String type, String bus) {
        List<Device> inputs = domain.of(DeviceKind.INPUT);
        for (Device i : inputs) {
            if (type.equals(i.type) && bus.equals(i.bus)) {
                return;
            }
        }
        Device input = new Device(DeviceKind.INPUT, null, inputs.size(), null);
        input.type = type;
        input.bus = bus;
        inputs.add(input);
    }

    private void deviceDefaults() {
        Domain.Machine machine = domain.machine();
        for (Device c : domain.controllers()) {
            if (c.model == null || ("scsi".equals(c.type) && "auto".equals(c.model))) {
                switch (c.type) {
                    case "scsi" -> c.model = defaultScsiModel();
                    case "usb" -> c.model = switch (machine) {
                        case PC, Q35 -> "piix3-uhci";
                        // s390 has no USB unless the controller is placed: unplaced means model='none'.
                        case S390_CCW -> c.addr == null ? "none" : null;
                        default -> "qemu-xhci";
                    };
                    default -> { }
                }
            }
        }
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if ("mdev".equals(h.type) && "vfio-ap".equals(h.model)) {
                // An AP matrix device sits on no bus; libvirt drops any address it is given.
                h.addr = null;
            }
        }
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            if (n.model == null && !"hostdev".equals(n.type)) {
                n.model = "vdpa".equals(n.type) || machine == Domain.Machine.S390_CCW
                        || machine == Domain.Machine.VIRT ? "virtio" : "rtl8139";
            }
        }
        if (!machine.isX86()) {
            // x86 keeps null: libvirt's ISA serial checks count only serials that say isa-serial.
            for (Device s : domain.of(DeviceKind.SERIAL)) {
                // An ISA serial port does not exist there; libvirt makes it the machine's own kind.
                if (s.targetType == null || "isa-serial".equals(s.targetType)) {
                    s.targetType = defaultSerialTarget(machine);
                }
            }
        }
        List<Device> videos = domain.of(DeviceKind.VIDEO);
        for (Device v : videos) {
            if (v.model == null) {
                v.model = defaultVideoModel();
            }
        }
        // libvirt moves the video marked primary to the front.
        for (int i = 1; i < videos.size(); i++) {
            if (videos.get(i).primary) {
                videos.add(0, videos.remove(i));
                break;
            }
        }
        if (!videos.isEmpty() && "none".equals(videos.get(0).model)) {
            // libvirt clears a primary video of model none, its address included: no device is made.
            Device none = videos.get(0);
            none.addr = null;
            none.zpciUid = -1;
            none.zpciFid = -1;
        }
        for (Device d : domain.of(DeviceKind.DISK)) {
            if (d.bus == null) {
                d.bus = defaultDiskBus(d);
            }
            if (d.targetDev == null) {
                problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(), "the disk has no target name; add"
                        + " <target dev='vdb' bus='virtio'/> or the like (libvirt: missing target information for device"
                        + (d.source == null ? "" : " " + d.source) + ")"));
                continue;
            }
            if (d.addr != null || d.addrInvalid) {
                continue;
            }
            long idx = DiskNames.index(d.targetDev);
            if (idx < 0) {
                problems.add(Problem.error(Rule.DRIVE_BAD_TARGET, d.element(),
                        "no drive address can be derived from disk target '" + d.targetDev
                                + "'; use a name like sda, vdb or hdc, or give the disk an <address>"));
                continue;
            }
            if (DiskNames.isDriveBus(d.bus)) {
                d.addr = DiskNames.driveAddress(d.bus, idx);
                Hostdevs.checkDerivedDiskAddress(domain, d, (Addr.Drive) d.addr, problems);
            }
        }
        Hostdevs.assignScsiUnits(domain, problems);
    }

    /**
     * The bus libvirt gives a disk that names none (virDomainDiskDefPostParse): fdc for a floppy,
     * else by the target name's prefix, else ide.
     */
    private static String defaultDiskBus(Device disk) {
        String dev = disk.targetDev == null ? "" : disk.targetDev;
        if ("floppy".equals(disk.diskDevice)) {
            return "fdc";
        }
        for (String[] prefix : new String[][] {{"hd", "ide"}, {"sd", "scsi"}, {"vd", "virtio"}, {"xvd", "xen"},
                {"ubd", "uml"}}) {
            if (dev.startsWith(prefix[0])) {
                return prefix[1];
            }
        }
        return "ide";
    }

    private String defaultScsiModel() {
        return switch (domain.machine()) {
            case S390_CCW -> "virtio-scsi";
            case PSERIES -> "ibmvscsi";
            default -> "lsilogic";
        };
    }

    private void checkDuplicateControllerIndexes() {
        List<Device> cs = domain.controllers();
        for (int i = 0; i < cs.size(); i++) {
            Device a = cs.get(i);
            if ("usb".equals(a.type)) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                Device b = cs.get(j);
                if (a.type.equals(b.type) && a.index == b.index) {
                    problems.add(Problem.error(Rule.CONTROLLER_DUPLICATE_INDEX, a.element(),
                            "two '" + a.type + "' controllers have index " + a.index
                                    + "; give each controller of a type its own index").with(b.element()));
                    break;
                }
            }
        }
    }

    private void addImplicitDiskControllers() {
        for (String bus : new String[] {"scsi", "fdc", "ide", "sata"}) {
            long max = -1;
            for (Device d : domain.of(DeviceKind.DISK)) {
                if (bus.equals(d.bus) && d.addr instanceof Addr.Drive drive && drive.controller() > max) {
                    max = drive.controller();
                }
            }
            for (long i = 0; i <= max && i < 1024; i++) {
                if (domain.controller(bus, i) == null) {
                    domain.addImplicitController(bus, i, null);
                }
            }
        }
    }

    private void addImplicitVirtioSerialControllers() {
        for (DeviceKind kind : new DeviceKind[] {DeviceKind.CHANNEL, DeviceKind.CONSOLE}) {
            for (Device chr : domain.of(kind)) {
                if (!"virtio".equals(chr.targetType)) {
                    continue;
                }
                long idx = chr.addr instanceof Addr.VirtioSerial vs ? vs.controller() : 0;
                if (domain.controller("virtio-serial", idx) == null) {
                    domain.addImplicitController("virtio-serial", idx, null);
                }
            }
        }
    }

    private void addImplicitCcidControllers() {
        for (Device card : domain.of(DeviceKind.SMARTCARD)) {
            long idx = card.addr instanceof Addr.Ccid c ? c.controller() : 0;
            if (domain.controller("ccid", idx) == null) {
                domain.addImplicitController("ccid", idx, null);
            }
        }
    }
}
