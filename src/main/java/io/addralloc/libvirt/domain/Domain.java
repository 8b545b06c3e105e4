package io.addralloc.libvirt.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A domain as libvirt's define sees it: machine type and devices by kind. Controllers are kept
 * in libvirt's list order (grouped by type as they are parsed, implicit ones appended), because
 * that order is observable: PCI addresses are handed to controllers in it.
 */
public final class Domain {

    /** The machine families whose address rules addralloc models. */
    public enum Machine {
        /** x86 pc and pc-i440fx-*: PCI root bus with the PIIX3 chipset. */
        PC,
        /** x86 q35 and pc-q35-*: PCI Express root bus with the ICH9 chipset. */
        Q35,
        /** s390x s390-ccw-virtio*: virtio devices sit on the channel subsystem (CCW). */
        S390_CCW,
        /** ppc64 pseries*: PCI host bridges, and VIO devices addressed by register. */
        PSERIES,
        /** aarch64 virt*: PCI Express root bus without a chipset; virtio-mmio on request. */
        VIRT;

        public boolean isX86() {
            return this == PC || this == Q35;
        }

        /** Whether bus 0 is a pcie-root rather than a pci-root. */
        public boolean pcieRoot() {
            return this == Q35 || this == VIRT;
        }
    }

    private final Machine machine;
    private final Map<DeviceKind, List<Device>> devices = new EnumMap<>(DeviceKind.class);
    private boolean hasGraphics;
    private String ioapicDriver;
    private boolean hasOsBoot;
    private long memorySlots = -1;
    private int numaCells;

    public Domain(Machine machine) {
        this.machine = machine;
        for (DeviceKind k : DeviceKind.values()) {
            devices.put(k, new ArrayList<>());
        }
    }

    public Machine machine() {
        return machine;
    }

    public boolean isQ35() {
        return machine == Machine.Q35;
    }

    public boolean hasGraphics() {
        return hasGraphics;
    }

    void setHasGraphics(boolean hasGraphics) {
        this.hasGraphics = hasGraphics;
    }

    /** {@code <features><ioapic driver>}, or null. */
    public String ioapicDriver() {
        return ioapicDriver;
    }

    void setIoapicDriver(String driver) {
        this.ioapicDriver = driver;
    }

    /** Whether {@code <os>} has {@code <boot dev>} elements. */
    public boolean hasOsBoot() {
        return hasOsBoot;
    }

    void setHasOsBoot(boolean hasOsBoot) {
        this.hasOsBoot = hasOsBoot;
    }

    /** {@code <maxMemory slots>}, or -1 when the domain has no {@code <maxMemory>}. */
    public long memorySlots() {
        return memorySlots;
    }

    void setMemorySlots(long slots) {
        this.memorySlots = slots;
    }

    /** The number of {@code <cpu><numa><cell>} elements. */
    public int numaCells() {
        return numaCells;
    }

    void setNumaCells(int cells) {
        this.numaCells = cells;
    }

    /** The live list of devices of one kind, in libvirt's order. */
    public List<Device> of(DeviceKind kind) {
        return devices.get(kind);
    }

    public List<Device> controllers() {
        return devices.get(DeviceKind.CONTROLLER);
    }

    /** Every device, in libvirt's device-info iteration order. */
    public List<Device> all() {
        int size = 0;
        for (List<Device> ofKind : devices.values()) {
            size += ofKind.size();
        }
        // Sized up front: the simulation asks for this list several times per file.
        List<Device> all = new ArrayList<>(size);
        for (List<Device> ofKind : devices.values()) {
            all.addAll(ofKind);
        }
        return all;
    }

    /** The controller of a type with an index, or null. */
    public Device controller(String type, long index) {
        for (Device c : controllers()) {
            if (type.equals(c.type) && c.index == index) {
                return c;
            }
        }
        return null;
    }

    /** Appends a controller libvirt adds by itself (libvirt appends these to its list). */
    public Device addImplicitController(String type, long index, String model) {
        Device c = new Device(DeviceKind.CONTROLLER, null, controllers().size(), null);
        c.type = type;
        c.index = index;
        c.model = model;
        controllers().add(c);
        return c;
    }

    /** Highest index among controllers of a type, or -1. */
    public long maxControllerIndex(String type) {
        long max = -1;
        for (Device c : controllers()) {
            if (type.equals(c.type) && c.index > max) {
                max = c.index;
            }
        }
        return max;
    }
}
