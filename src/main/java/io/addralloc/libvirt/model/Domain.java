package io.addralloc.libvirt.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
    private final KindList[] devices = new KindList[DeviceKind.values().length];
    /** {@link #all()} as last built, and the sum of the lists' change counts it was built at. */
    private List<Device> all;
    private long allBuiltAt = -1;
    private boolean hasGraphics;
    private String ioapicDriver;
    private boolean hasOsBoot;
    private long memorySlots = -1;
    private int numaCells;
    /** The final PCI address set of the simulation (null before it, or where PCI was not assigned). */

    public Domain(Machine machine) {
        this.machine = machine;
        for (int k = 0; k < devices.length; k++) {
            devices[k] = new KindList();
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

    public void setHasGraphics(boolean hasGraphics) {
        this.hasGraphics = hasGraphics;
    }

    /** {@code <features><ioapic driver>}, or null. */
    public String ioapicDriver() {
        return ioapicDriver;
    }

    public void setIoapicDriver(String driver) {
        this.ioapicDriver = driver;
    }

    /** Whether {@code <os>} has {@code <boot dev>} elements. */
    public boolean hasOsBoot() {
        return hasOsBoot;
    }

    public void setHasOsBoot(boolean hasOsBoot) {
        this.hasOsBoot = hasOsBoot;
    }

    /** {@code <maxMemory slots>}, or -1 when the domain has no {@code <maxMemory>}. */
    public long memorySlots() {
        return memorySlots;
    }

    public void setMemorySlots(long slots) {
        this.memorySlots = slots;
    }

    /** The number of {@code <cpu><numa><cell>} elements. */
    public int numaCells() {
        return numaCells;
    }

    public void setNumaCells(int cells) {
        this.numaCells = cells;
    }

    /** The live list of devices of one kind, in libvirt's order. */
    public List<Device> of(DeviceKind kind) {
        return devices[kind.ordinal()];
    }

    public List<Device> controllers() {
        return devices[DeviceKind.CONTROLLER.ordinal()];
    }

    /**
     * Every device, in libvirt's device-info iteration order; read-only. The simulation asks for
     * this list a dozen times per file and the device lists rarely change in between, so it is
     * rebuilt only after one of them did (copying it every time was a third of the simulation).
     */
    public List<Device> all() {
        long changes = 0;
        int size = 0;
        for (KindList ofKind : devices) {
            changes += ofKind.changes();
            size += ofKind.size();
        }
        if (changes != allBuiltAt) {
            List<Device> copy = new ArrayList<>(size);
            for (KindList ofKind : devices) {
                copy.addAll(ofKind);
            }
            all = Collections.unmodifiableList(copy);
            allBuiltAt = changes;
        }
        return all;
    }

    /**
     * A kind's device list that counts every change: ArrayList counts its structural ones (add,
     * remove, clear, sort) but not an element replaced in place, so {@code set} counts too.
     */
    private static final class KindList extends ArrayList<Device> {
        private static final long serialVersionUID = 1L;

        long changes() {
            return modCount;
        }

        @Override
        public Device set(int index, Device device) {
            modCount++;
            return super.set(index, device);
        }
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
