package io.addralloc.libvirt.domain;

import io.addralloc.libvirt.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * libvirt's post-parse phase for x86: controller indexes, default models, the devices and
 * controllers the machine type implies, drive addresses derived from target names, and the
 * controllers that disks, channels and smartcards imply. Runs before any address is assigned,
 * in libvirt's order, because each step sees what the previous one added.
 */
final class PostParse {
    private final Domain domain;
    private final List<Problem> problems;

    private PostParse(Domain domain, List<Problem> problems) {
        this.domain = domain;
        this.problems = problems;
    }

    static void run(Domain domain, List<Problem> problems) {
        new PostParse(domain, problems).run();
    }

    private void run() {
        assignControllerIndexes();
        addMachineDefaults();
        deviceDefaults();
        checkDuplicateControllerIndexes();
        addImplicitDiskControllers();
        addImplicitVirtioSerialControllers();
        addImplicitCcidControllers();
    }

    private void assignControllerIndexes() {
        for (Device c : domain.controllers()) {
            if (c.index >= 0) {
                continue;
            }
            Set<Long> used = new HashSet<>();
            for (Device o : domain.controllers()) {
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

    private void addMachineDefaults() {
        for (Device i : domain.of(DeviceKind.INPUT)) {
            if (i.bus == null) {
                i.bus = "tablet".equals(i.type) ? "usb" : "ps2";
            }
        }
        if (domain.controller("usb", 0) == null) {
            domain.addImplicitController("usb", 0, domain.isQ35() ? "qemu-xhci" : "piix3-uhci");
        }
        if (domain.isQ35() && domain.controller("sata", 0) == null) {
            domain.addImplicitController("sata", 0, null);
        }
        String root = domain.isQ35() ? "pcie-root" : "pci-root";
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
            if ("pci".equals(c.type) && c.index != 0 && ("pci-root".equals(c.model) || "pcie-root".equals(c.model))) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, c.element(),
                        "a " + c.model + " controller must have index 0, not " + c.index));
            }
        }
        if (domain.of(DeviceKind.MEMBALLOON).isEmpty()) {
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
        addConsoleSerial();
        addPs2Input("mouse");
        addPs2Input("keyboard");
        if (domain.hasGraphics() && domain.of(DeviceKind.VIDEO).isEmpty()) {
            Device video = new Device(DeviceKind.VIDEO, null, 0, null);
            video.model = "cirrus";
            domain.of(DeviceKind.VIDEO).add(video);
        }
    }

    /**
     * A first console that is a serial console (target type serial, or none, which means serial
     * on x86) in a domain without any serial device makes libvirt add the serial it stands for:
     * an isa-serial on port 0, without an address.
     */
    private void addConsoleSerial() {
        List<Device> consoles = domain.of(DeviceKind.CONSOLE);
        List<Device> serials = domain.of(DeviceKind.SERIAL);
        if (consoles.isEmpty() || !serials.isEmpty()) {
            return;
        }
        String t = consoles.get(0).targetType;
        if (t != null && !"serial".equals(t)) {
            return;
        }
        Device serial = new Device(DeviceKind.SERIAL, null, 0, null);
        serial.targetType = "isa-serial";
        serial.targetPort = 0;
        serials.add(serial);
    }

    private void addPs2Input(String type) {
        List<Device> inputs = domain.of(DeviceKind.INPUT);
        for (Device i : inputs) {
            if (type.equals(i.type) && "ps2".equals(i.bus)) {
                return;
            }
        }
        Device input = new Device(DeviceKind.INPUT, null, inputs.size(), null);
        input.type = type;
        input.bus = "ps2";
        inputs.add(input);
    }

    private void deviceDefaults() {
        for (Device c : domain.controllers()) {
            if (c.model == null) {
                switch (c.type) {
                    case "scsi" -> c.model = "lsilogic";
                    case "usb" -> c.model = "piix3-uhci";
                    default -> { }
                }
            }
        }
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            if (n.model == null && !"hostdev".equals(n.type)) {
                n.model = "rtl8139";
            }
        }
        List<Device> videos = domain.of(DeviceKind.VIDEO);
        for (Device v : videos) {
            if (v.model == null) {
                v.model = "cirrus";
            }
        }
        // libvirt moves the video marked primary to the front.
        for (int i = 1; i < videos.size(); i++) {
            if (videos.get(i).primary) {
                videos.add(0, videos.remove(i));
                break;
            }
        }
        for (Device d : domain.of(DeviceKind.DISK)) {
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
            }
        }
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
                                    + "; give each controller of a type its own index"));
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
                    domain.addImplicitController(bus, i, "scsi".equals(bus) ? "lsilogic" : null);
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
