package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.addr.PciAddressSet;
import io.addralloc.libvirt.addr.PciBus;
import io.addralloc.libvirt.addr.PciFlags;
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
 * Assigns PCI addresses the way libvirt 9.0's QEMU driver does: a dry run that only learns how
 * many buses (and of which models) the devices need and adds those controllers, then a real
 * pass on the final topology in which new controllers are placed first and every device
 * without an address takes the next free slot its class may use, in libvirt's class order.
 */
public final class PciAssigner {
    private static final Addr.Pci IDE0 = new Addr.Pci(0, 0, 1, 1, null);
    private static final Addr.Pci PIIX3_USB = new Addr.Pci(0, 0, 1, 2, null);
    private static final Addr.Pci Q35_SATA = new Addr.Pci(0, 0, 0x1f, 2, null);
    // The functions and slots the chipsets keep for themselves.
    private static final Addr.Pci PIIX3_ISA = new Addr.Pci(0, 0, 1, 0, null);
    private static final Addr.Pci PIIX3_ACPI = new Addr.Pci(0, 0, 1, 3, null);
    private static final Addr.Pci Q35_LPC = new Addr.Pci(0, 0, 0x1f, 0, Boolean.TRUE);
    private static final Addr.Pci Q35_SMBUS = new Addr.Pci(0, 0, 0x1f, 3, null);
    private static final Addr.Pci Q35_HDA = new Addr.Pci(0, 0, 0x1b, 0, null);
    private static final Addr.Pci Q35_DMI_BRIDGE = new Addr.Pci(0, 0, 0x1e, 0, null);
    /** The slots of the first ich9-uhci1 USB controller without an address, in the order libvirt tries them. */
    private static final Addr.Pci[] Q35_USB = {new Addr.Pci(0, 0, 0x1d, 0, null), new Addr.Pci(0, 0, 0x1a, 0, null)};

    private final Domain domain;
    private final Problems problems;
    private final boolean pcie;

    private PciAssigner(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
        this.pcie = domain.machine().pcieRoot();
    }

    /** Assigns the domain's PCI addresses; the address set they were reserved in, which the topology reads. */
    public static PciAddressSet run(Domain domain, Problems problems) {
        return new PciAssigner(domain, problems).assign();
    }

    private PciAddressSet assign() {
        for (Device d : domain.all()) {
            d.pciFlags = PciFlags.of(d, pcie);
        }
        long maxIdx = domain.maxControllerIndex("pci");
        int nbuses = (int) (maxIdx + 1);
        PciAddressSet dry = null;
        if (nbuses > 0) {
            dry = create(nbuses, true, null);
            chipset(dry);
            if (!pcie) {
                boolean allFull = true;
                for (int b = 0; b < dry.nbuses(); b++) {
                    allFull &= dry.busFullyReserved(b);
                }
                if (!allFull) {
                    // A spare slot so that a bridge can still be plugged in later.
                    dry.reserveNext(null, PciFlags.PCI_DEVICE | PciFlags.AUTOASSIGN, -1);
                }
            }
            devicePass(dry);
            if (pcie && maxIdx <= 0 && dry.nbuses() > maxIdx + 1) {
                // One empty root port for hot-plug when libvirt manages the topology.
                dry.reserveNext(null, PciFlags.PCIE_DEVICE | PciFlags.AUTOASSIGN, -1);
            }
            boolean[] hasController = pciControllerIndexes(dry.nbuses());
            for (int i = 1; i < dry.nbuses(); i++) {
                if (hasController[i]) {
                    continue;
                }
                PciBus bus = dry.buses.get(i);
                Device c = domain.addImplicitController("pci", i, bus.model);
                c.pciFlags = PciFlags.of(c, pcie);
                if (!bus.isRoot()) {
                    dry.reserveNext(c, c.pciFlags, -1);
                }
            }
            nbuses = dry.nbuses();
        }
        PciAddressSet real = create(nbuses, false, dry);
        chipset(real);
        devicePass(real);
        setMultifunction();
        PciControllerDefaults.fill(domain, problems);
        checkControllers();
        return real;
    }

    /**
     * Which of the bus numbers below {@code nbuses} a pci controller of the file (or post-parse)
     * has as its index: one pass over the controllers rather than one search per bus, since on
     * q35 the dry run adds a bus for nearly every device.
     */
    private boolean[] pciControllerIndexes(int nbuses) {
        boolean[] has = new boolean[nbuses];
        for (Device c : domain.controllers()) {
            if ("pci".equals(c.type) && c.index >= 0 && c.index < nbuses) {
                has[(int) c.index] = true;
            }
        }
        return has;
    }

    /**
     * The address set of a pass over {@code nbuses} buses, with the file's addresses reserved:
     * libvirt's qemuDomainPCIAddressSetCreate. The real pass continues in the allocator of the
     * dry run {@code dry} when there was one (see {@link PciAddressSet#startRealPass}).
     */
    private PciAddressSet create(int nbuses, boolean dryRun, PciAddressSet dry) {
        String[] models = new String[nbuses];
        boolean[] hotplugOff = new boolean[nbuses];
        boolean hasPcieRoot = false;
        for (Device c : domain.controllers()) {
            if (!"pci".equals(c.type) || c.index < 0 || c.index >= nbuses) {
                continue;
            }
            models[(int) c.index] = c.model;
            hotplugOff[(int) c.index] = Boolean.FALSE.equals(c.hotplug);
            hasPcieRoot |= "pcie-root".equals(c.model);
        }
        if (models[0] == null) {
            models[0] = "pci-root";
        }
        boolean pseries = domain.machine() == Domain.Machine.PSERIES;
        String fallback = hasPcieRoot ? "pcie-root-port" : pseries ? "pci-root" : "pci-bridge";
        List<PciBus> buses = new ArrayList<>(nbuses);
        for (int i = 0; i < nbuses; i++) {
            buses.add(new PciBus(models[i] == null ? fallback : models[i], !hotplugOff[i]));
        }
        PciAddressSet set = dryRun ? PciAddressSet.dryRun(buses, problems)
                : dry != null ? dry.startRealPass(buses) : PciAddressSet.realPass(buses, problems);
        if (pseries) {
            set.pciGrowthModel = "pci-root";
        }
        collect(set);
        return set;
    }

    /** Reserves every address the file (or an earlier step) already gives. */
    private void collect(PciAddressSet set) {
        for (Device d : domain.all()) {
            if (!d.pciPresent()) {
                continue;
            }
            Addr.Pci a = d.pci();
            int flags = d.pciFlags == 0 ? PciFlags.PCI_DEVICE : d.pciFlags;
            if (isPiix3Integrated(d, a)) {
                if ((set.buses.get(0).flags & PciFlags.PCI_DEVICE) == 0) {
                    problems.add(Problem.error(Rule.PCI_FIXED_ADDRESS, d.element(), d.describe()
                            + " at " + a + " is a PIIX3 chipset device, which this machine type does not have;"
                            + " remove its address"));
                }
                continue;
            }
            Addr.Pci reserved = set.reserveAt(a, flags, true, d);
            if (reserved != null && reserved.bus() != a.bus()) {
                // libvirt bumped the bus while adding the bridges it needs; the device keeps that.
                d.place(reserved);
            }
        }
    }

    private static boolean isPiix3Integrated(Device d, Addr.Pci a) {
        if (d.kind() != DeviceKind.CONTROLLER || a.domain() != 0 || a.bus() != 0 || a.slot() != 1 || d.index != 0) {
            return false;
        }
        return ("ide".equals(d.type) && a.function() == 1)
                || ("usb".equals(d.type) && isPiix3Usb(d) && a.function() == 2);
    }

    private static boolean isPiix3Usb(Device c) {
        return c.model == null || "piix3-uhci".equals(c.model);
    }

    /** The addresses the x86 chipsets fix; pseries and aarch64 virt have no such rules. */
    private void chipset(PciAddressSet set) {
        switch (domain.machine()) {
            case PC -> piix3(set);
            case Q35 -> q35(set);
            default -> { }
        }
    }

    private void piix3(PciAddressSet set) {
        int flags = PciFlags.AUTOASSIGN | PciFlags.PCI_DEVICE;
        for (Device c : domain.controllers()) {
            Addr.Pci fixed;
            if ("ide".equals(c.type) && c.index == 0) {
                fixed = IDE0;
            } else if ("usb".equals(c.type) && c.index == 0 && isPiix3Usb(c)) {
                fixed = PIIX3_USB;
            } else {
                continue;
            }
            if (c.pciPresent()) {
                Addr.Pci a = c.pci();
                if (a.domain() != fixed.domain() || a.bus() != fixed.bus() || a.slot() != fixed.slot()
                        || a.function() != fixed.function()) {
                    problems.add(Problem.error(Rule.PCI_FIXED_ADDRESS, addressOf(c), c.describe()
                            + " is built into the PIIX3 chipset and must be at " + fixed + ", not " + a
                            + "; change the address or remove it"));
                    continue;
                }
            } else {
                placeWhole(c, fixed);
            }
            set.reserve(c.pci(), flags, true, c);
        }
        set.reserve(PIIX3_ISA, flags, true, null);
        set.reserve(PIIX3_ACPI, flags, true, null);
        primaryVideo(set, 2, flags);
    }

    private void q35(PciAddressSet set) {
        int flags = PciFlags.PCIE_DEVICE;
        for (Device c : domain.controllers()) {
            if ("sata".equals(c.type) && c.index == 0) {
                if (c.pciPresent()) {
                    Addr.Pci a = c.pci();
                    if (a.bus() != 0 || a.slot() != 0x1f || a.function() != 2 || a.domain() != 0) {
                        problems.add(Problem.error(Rule.PCI_FIXED_ADDRESS, addressOf(c),
                                "the first SATA controller is built into the q35 chipset and must be at "
                                        + Q35_SATA + ", not " + a + "; change the address or remove it"));
                    }
                } else {
                    placeWhole(c, Q35_SATA);
                }
            } else if ("usb".equals(c.type) && "ich9-uhci1".equals(c.model) && c.address() == null && !c.addrInvalid) {
                for (Addr.Pci a : Q35_USB) {
                    if (!set.slotInUse(a)) {
                        set.reserve(a, flags, true, c);
                        c.place(a.withMultifunction(Boolean.TRUE));
                        break;
                    }
                }
            } else if ("pci".equals(c.type) && "dmi-to-pci-bridge".equals(c.model) && c.address() == null
                    && !c.addrInvalid) {
                if (!set.slotInUse(Q35_DMI_BRIDGE)) {
                    set.reserve(Q35_DMI_BRIDGE, flags, true, c);
                    c.place(Q35_DMI_BRIDGE);
                }
            }
        }
        set.reserve(Q35_LPC, flags, true, null);
        set.reserve(Q35_SMBUS, flags, true, null);
        primaryVideo(set, 1, flags);
        if (!set.slotInUse(Q35_HDA)) {
            for (Device s : domain.of(DeviceKind.SOUND)) {
                if ("ich9".equals(s.model) && s.pciWanted() && !s.addrInvalid) {
                    set.reserve(Q35_HDA, flags, true, s);
                    placeWhole(s, Q35_HDA);
                    break;
                }
            }
        }
    }

    private void primaryVideo(PciAddressSet set, int slot, int flags) {
        List<Device> videos = domain.of(DeviceKind.VIDEO);
        if (videos.isEmpty()) {
            return;
        }
        Device v = videos.get(0);
        if ("none".equals(v.model) || "ramfb".equals(v.model) || !v.pciWanted() || v.addrInvalid) {
            return;
        }
        Addr.Pci a = new Addr.Pci(0, 0, slot, 0, null);
        if (set.slotInUse(a)) {
            assignNext(set, v, v.pciFlags, -1);
        } else if (set.reserve(a, flags, true, v)) {
            placeWhole(v, a);
        }
    }

    /**
     * The chipset's fixed places replace the device's whole PCI address, the zPCI identifiers
     * of an all-zero address in the file included; a search for the next free slot keeps them.
     */
    private static void placeWhole(Device d, Addr.Pci a) {
        d.place(a);
        d.zpciUid = -1;
        d.zpciFid = -1;
    }

    private void assignNext(PciAddressSet set, Device d, int flags, int function) {
        Addr.Pci a = set.reserveNext(d, flags, function);
        if (a != null && !set.dryRun) {
            d.place(a);
        }
    }

    private static boolean wanted(Device d) {
        return d.pciWanted() && !d.addrInvalid;
    }

    /** The classes of devices in the order libvirt's PCI pass meets them; some classes twice. */
    private enum Step {
        PCI_CONTROLLERS(DeviceKind.CONTROLLER), FILESYSTEMS(DeviceKind.FILESYSTEM), NICS(DeviceKind.INTERFACE),
        SOUNDS(DeviceKind.SOUND), OTHER_CONTROLLERS(DeviceKind.CONTROLLER), VIRTIO_DISKS(DeviceKind.DISK),
        // libvirt lists the host device behind each type='hostdev' NIC first among its host devices.
        HOSTDEV_NICS(DeviceKind.INTERFACE), HOSTDEVS(DeviceKind.HOSTDEV), MEMBALLOONS(DeviceKind.MEMBALLOON),
        RNGS(DeviceKind.RNG), WATCHDOGS(DeviceKind.WATCHDOG), VIDEOS(DeviceKind.VIDEO), SHMEMS(DeviceKind.SHMEM),
        INPUTS(DeviceKind.INPUT), SERIALS(DeviceKind.SERIAL), IOMMUS(DeviceKind.IOMMU), VSOCKS(DeviceKind.VSOCK),
        MEMORIES(DeviceKind.MEMORY), PANICS(DeviceKind.PANIC);

        final DeviceKind kind;

        Step(DeviceKind kind) {
            this.kind = kind;
        }
    }

    private static final Step[] STEPS = Step.values();

    /** What the PCI pass does with a device. */
    private enum Action { SKIP, NEXT_SLOT, USB2_COMPANION, WRONG_ADDRESS_TYPE }

    /**
     * Every device without an address takes the next free slot its class may use, class by
     * class. One loop over a table of steps rather than a loop per class: with twenty loops,
     * this method was the costliest compilation of a cold verify run.
     */
    private void devicePass(PciAddressSet set) {
        for (Step step : STEPS) {
            List<Device> devices = domain.of(step.kind);
            // By index: most steps' lists are empty or short, and an iterator per step was a cost of its own.
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                switch (action(step, d)) {
                    case NEXT_SLOT -> assignNext(set, d, d.pciFlags, -1);
                    case USB2_COMPANION -> usb2Companion(set, d);
                    case WRONG_ADDRESS_TYPE -> problems.add(Problem.error(Rule.ADDRESS_WRONG_TYPE, addressOf(d),
                            "virtio disk '" + d.targetDev + "' cannot have an address of type '" + d.address().type()
                                    + "'; use type='pci' or remove the address"));
                    case SKIP -> { }
                }
            }
        }
    }

    private static Action action(Step step, Device d) {
        boolean placed;
        switch (step) {
            case PCI_CONTROLLERS -> placed = "pci".equals(d.type) && !"pci-root".equals(d.model)
                    && !"pcie-root".equals(d.model) && !d.refused;
            case FILESYSTEMS, RNGS, SHMEMS, VSOCKS -> placed = true;
            case NICS -> placed = !"hostdev".equals(d.type);
            case SOUNDS -> placed = !"sb16".equals(d.model) && !"pcspk".equals(d.model) && !"usb".equals(d.model);
            case OTHER_CONTROLLERS -> {
                if ("pci".equals(d.type) || ("usb".equals(d.type) && "none".equals(d.model)) || "fdc".equals(d.type)
                        || "ccid".equals(d.type) || ("ide".equals(d.type) && d.index == 0)
                        || ("scsi".equals(d.type) && "ncr53c90".equals(d.model)) || !wanted(d)) {
                    return Action.SKIP;
                }
                return "usb".equals(d.type) && isUsb2Family(d.model) ? Action.USB2_COMPANION : Action.NEXT_SLOT;
            }
            case VIRTIO_DISKS -> {
                if (!"virtio".equals(d.bus) || d.pciPresent() || d.addrInvalid || d.address() instanceof Addr.Ccw
                        || d.address() instanceof Addr.VirtioMmio) {
                    return Action.SKIP;
                }
                return d.pciWanted() ? Action.NEXT_SLOT : Action.WRONG_ADDRESS_TYPE;
            }
            case HOSTDEV_NICS -> placed = "hostdev".equals(d.type) && !d.isUsbHost();
            case HOSTDEVS -> placed = (d.element() == null || !"capabilities".equals(d.element().attributeValue("mode")))
                    && ("pci".equals(d.type) || "scsi_host".equals(d.type)
                            || ("mdev".equals(d.type) && (d.model == null || "vfio-pci".equals(d.model))));
            case MEMBALLOONS -> placed = !"none".equals(d.model);
            case WATCHDOGS -> placed = "i6300esb".equals(d.model);
            case VIDEOS -> placed = !"none".equals(d.model) && !"ramfb".equals(d.model);
            case INPUTS -> placed = "virtio".equals(d.bus);
            case SERIALS -> placed = "pci-serial".equals(d.targetType);
            case IOMMUS -> placed = "virtio".equals(d.model);
            case MEMORIES -> placed = "virtio-pmem".equals(d.model) || "virtio-mem".equals(d.model);
            case PANICS -> placed = "pvpanic".equals(d.model);
            default -> throw new IllegalStateException(step.name());
        }
        return placed && wanted(d) ? Action.NEXT_SLOT : Action.SKIP;
    }

    public static boolean isUsb2Family(String model) {
        return "ich9-ehci1".equals(model) || "ich9-uhci1".equals(model) || "ich9-uhci2".equals(model)
                || "ich9-uhci3".equals(model);
    }

    /** USB2 companions share one slot, each at the function its model fixes. */
    private void usb2Companion(PciAddressSet set, Device c) {
        int function;
        Boolean multi = null;
        switch (c.model) {
            case "ich9-ehci1" -> function = 7;
            case "ich9-uhci1" -> {
                function = 0;
                multi = Boolean.TRUE;
            }
            case "ich9-uhci2" -> function = 1;
            default -> function = 2;
        }
        Device found = null;
        for (Device o : domain.controllers()) {
            if ("usb".equals(o.type) && isUsb2Family(o.model) && o.index == c.index && o.pciPresent()) {
                found = o;
                break;
            }
        }
        if (found != null) {
            Addr.Pci f = found.pci();
            Addr.Pci a = new Addr.Pci(f.domain(), f.bus(), f.slot(), function, multi);
            if (set.reserve(a, c.pciFlags, true, c)) {
                // The companion takes a copy of the other's whole address, zPCI identifiers too.
                c.place(a);
                c.zpciUid = found.zpciUid;
                c.zpciFid = found.zpciFid;
            }
            return;
        }
        Addr.Pci a = set.reserveNext(c, c.pciFlags, function);
        if (a != null && !set.dryRun) {
            c.place(a.withMultifunction(multi));
        }
    }

    /**
     * Function 0 of a slot with other functions in use gets multifunction='on' unless 'off'
     * (the first device, in libvirt's order, at function 0 of the slot). Only the devices with a
     * PCI address are searched, and only when one is at another function than 0: most domains
     * have few such devices and nothing else to search, so a search over every device for each
     * of them was a loop over all devices squared.
     */
    private void setMultifunction() {
        List<Device> all = domain.all();
        List<Device> withPci = new ArrayList<>(all.size());
        boolean otherFunction = false;
        for (Device d : all) {
            Addr.Pci a = d.pci();
            if (a != null) {
                withPci.add(d);
                otherFunction |= a.function() != 0;
            }
        }
        if (!otherFunction) {
            return;
        }
        // The functions of a slot mostly follow each other (root ports on pcie-root, USB
        // companions), and the first of them settles the slot's function 0 for the rest.
        Addr.Pci settled = null;
        for (Device d : withPci) {
            Addr.Pci a = d.pci();
            if (a.function() == 0 || (settled != null && a.sameSlot(settled))) {
                continue;
            }
            settled = a;
            for (Device z : withPci) {
                Addr.Pci b = z.pci();
                if (b.sameSlot(a) && b.function() == 0) {
                    if (b.multifunction() == null) {
                        z.place(b.withMultifunction(Boolean.TRUE));
                    }
                    break;
                }
            }
        }
    }

    private void checkControllers() {
        for (Device c : domain.controllers()) {
            if (!"pci".equals(c.type)) {
                continue;
            }
            Addr.Pci a = c.pci();
            if ("pci-bridge".equals(c.model) && a != null && c.index <= a.bus()) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, addressOf(c), "pci-bridge index " + c.index
                        + " sits on bus " + a.bus() + ", but a bridge's index must be larger than the bus it is"
                        + " plugged into; renumber the bridge or move it"));
            }
        }
    }

    private static io.addralloc.libvirt.xml.LocatedElement addressOf(Device d) {
        if (d.element() == null) {
            return null;
        }
        org.dom4j.Element a = d.element().element("address");
        return (io.addralloc.libvirt.xml.LocatedElement) (a != null ? a : d.element());
    }
}
