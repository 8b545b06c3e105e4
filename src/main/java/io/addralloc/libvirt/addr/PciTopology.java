package io.addralloc.libvirt.addr;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A domain's PCI buses as libvirt will have them once it has placed every device: each bus with
 * the controller that provides it, each slot with who holds which function (a device, or the
 * chipset), and which slots are free. Read from the simulation's own final address set, so it
 * shows what {@code verify} checked and {@code assign} would pin, never a layout of its own.
 */
public final class PciTopology {

    /**
     * One function of a slot.
     *
     * @param number 0 to 7
     * @param chipset held by the machine's chipset (no device element stands for it)
     * @param devices the devices whose final address is this function: one, or more where the file
     *     gives two devices one address (a {@code pci.DuplicateAddress} error)
     */
    public record Function(int number, boolean chipset, List<Device> devices) {
        public Function {
            devices = List.copyOf(devices);
        }
    }

    /**
     * A slot of a bus; free when no function of it is held.
     *
     * @param functions the functions held, by number
     */
    public record Slot(int number, List<Function> functions) {
        public Slot {
            functions = List.copyOf(functions);
        }

        public boolean free() {
            return functions.isEmpty();
        }
    }

    /**
     * A PCI bus: libvirt's bus number is the index of the controller that provides it.
     *
     * @param controller the {@code <controller type='pci'>} of this index (added by libvirt when
     *     {@link Device#isImplicit()})
     * @param hotpluggable whether a device can be hot-plugged into its free slots: the model allows
     *     it (pci-root, pci-bridge, pci-expander-bus, pcie-to-pci-bridge, pcie-root-port,
     *     pcie-switch-downstream-port) and the controller does not say {@code hotplug='off'}
     * @param slots the slots devices may use, from the model's first to its last
     */
    public record Bus(int index, String model, Device controller, boolean hotpluggable, List<Slot> slots) {
        public Bus {
            slots = List.copyOf(slots);
        }

        /** A PCI Express port: one slot, for one device (or a switch's upstream port, or a bridge). */
        public boolean isPort() {
            return PORTS.contains(model);
        }

        public int freeSlots() {
            int n = 0;
            for (Slot s : slots) {
                n += s.free() ? 1 : 0;
            }
            return n;
        }
    }

    private static final Set<String> PORTS = Set.of("pcie-root-port", "pcie-switch-downstream-port");

    private final List<Bus> buses;
    private final List<Device> offBus;

    private PciTopology(List<Bus> buses, List<Device> offBus) {
        this.buses = Collections.unmodifiableList(buses);
        this.offBus = Collections.unmodifiableList(offBus);
    }

    /** The buses by index. */
    public List<Bus> buses() {
        return buses;
    }

    /**
     * Devices with a PCI address that names no slot of these buses (a bus that does not exist, a
     * slot beyond the bus's last): the file has an error there, and the device is on no bus.
     */
    public List<Device> offBus() {
        return offBus;
    }

    /** The topology of a simulated domain; empty when the domain has no PCI bus. */
    public static PciTopology of(Domain domain, PciAddressSet set) {
        List<Bus> buses = new ArrayList<>();
        List<Device> offBus = new ArrayList<>();
        List<Device> placed = pciDevices(domain);
        int n = set == null ? 0 : set.nbuses();
        // Devices by bus, slot and function, as their final addresses say: the address set keeps one
        // holder per function, and a duplicate's second device must show up too.
        List<Device>[][][] at = newGrid(n);
        for (Device d : placed) {
            Addr.Pci a = d.pci();
            if (a.domain() != 0 || a.bus() >= n || a.slot() > 31 || a.function() > 7) {
                offBus.add(d);
                continue;
            }
            if (at[(int) a.bus()] == null) {
                at[(int) a.bus()] = newSlots();
            }
            List<Device>[] fns = at[(int) a.bus()][(int) a.slot()];
            if (fns == null) {
                fns = newFunctions();
                at[(int) a.bus()][(int) a.slot()] = fns;
            }
            if (fns[(int) a.function()] == null) {
                fns[(int) a.function()] = new ArrayList<>(1);
            }
            fns[(int) a.function()].add(d);
        }
        int[][] chipset = n == 0 ? null : chipsetFunctions(set);
        for (int b = 0; b < n; b++) {
            PciBus bus = set.buses.get(b);
            List<Slot> slots = new ArrayList<>();
            for (int s = bus.minSlot; s <= bus.maxSlot; s++) {
                List<Function> functions = new ArrayList<>();
                List<Device>[] held = at[b] == null ? null : at[b][s];
                for (int f = 0; f < 8; f++) {
                    List<Device> devices = held == null ? null : held[f];
                    // As in countFree: a function reserved for an address its device no longer has is free.
                    boolean byChipset = devices == null && chipset[b] != null && (chipset[b][s] & (1 << f)) != 0;
                    if (devices != null || byChipset) {
                        functions.add(new Function(f, byChipset, devices == null ? List.of() : devices));
                    }
                }
                slots.add(new Slot(s, functions));
            }
            for (int s = 0; s < bus.minSlot && at[b] != null; s++) {
                // Below the bus's first slot nothing may sit; a device there is an error on no slot.
                for (int f = 0; f < 8 && at[b][s] != null; f++) {
                    if (at[b][s][f] != null) {
                        offBus.addAll(at[b][s][f]);
                    }
                }
            }
            for (int s = bus.maxSlot + 1; s < 32 && at[b] != null; s++) {
                for (int f = 0; f < 8 && at[b][s] != null; f++) {
                    if (at[b][s][f] != null) {
                        offBus.addAll(at[b][s][f]); // beyond the bus's last slot (a port has only slot 0)
                    }
                }
            }
            buses.add(new Bus(b, bus.model, domain.controller("pci", b),
                    (bus.flags & PciFlags.HOTPLUGGABLE) != 0, slots));
        }
        return new PciTopology(buses, offBus);
    }

    /** Devices by bus, slot and function; a bus's slots and a slot's functions are made when a device is there. */
    @SuppressWarnings("unchecked")
    private static List<Device>[][][] newGrid(int buses) {
        return new List[buses][][];
    }

    @SuppressWarnings("unchecked")
    private static List<Device>[][] newSlots() {
        return new List[32][];
    }

    @SuppressWarnings("unchecked")
    private static List<Device>[] newFunctions() {
        return new List[8];
    }

    /** Every device that ends up at a PCI address, in libvirt's device order. */
    private static List<Device> pciDevices(Domain domain) {
        List<Device> out = new ArrayList<>();
        for (Device d : domain.all()) {
            if (d.pciPresent() && !d.serialAlias) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Free PCI Express ports a device can be hot-plugged into: pcie-root-ports and
     * pcie-switch-downstream-ports whose one slot is empty and that do not say {@code hotplug='off'}.
     * Counted straight from the final address set, without building the topology: verify asks for
     * it on every q35 and virt file.
     */
    public static int freeHotplugPorts(Domain domain, PciAddressSet set) {
        return countFree(domain, set, true);
    }

    /** Free slots on every bus a device can be hot-plugged into (pci-root and pci-bridge on pc). */
    public static int freeHotplugSlots(Domain domain, PciAddressSet set) {
        return countFree(domain, set, false);
    }

    private static int countFree(Domain domain, PciAddressSet set, boolean portsOnly) {
        if (set == null) {
            return 0;
        }
        int n = set.nbuses();
        // A slot is taken by the chipset or by a device whose final address is there. The address set
        // alone would also count a slot reserved for an address the device later lost (a dimm written
        // with a PCI address ends up with a dimm address) and miss one it never reserves (the PIIX3
        // USB address of a controller on a machine without PIIX3).
        long[] taken = new long[n];
        for (Device d : domain.all()) {
            Addr.Pci a = d.pci();
            if (a != null && a.isPresent() && !d.serialAlias && a.domain() == 0 && a.bus() < n && a.slot() < 32) {
                taken[(int) a.bus()] |= 1L << a.slot();
            }
        }
        int free = 0;
        // The chipset's functions in one listing, when a slot no device takes asks for them: asking
        // the address set slot by slot cost a query per empty slot (25 on a pc's pci-root).
        int[][] chipset = null;
        for (int b = 0; b < n; b++) {
            PciBus bus = set.buses.get(b);
            if ((bus.flags & PciFlags.HOTPLUGGABLE) == 0 || (portsOnly && !PORTS.contains(bus.model))) {
                continue;
            }
            for (int s = bus.minSlot; s <= bus.maxSlot; s++) {
                if ((taken[b] & (1L << s)) != 0) {
                    continue;
                }
                if (chipset == null) {
                    chipset = chipsetFunctions(set);
                }
                free += chipset[b] != null && chipset[b][s] != 0 ? 0 : 1;
            }
        }
        return free;
    }

    /** The functions the chipset holds, by bus and slot (bit f for function f); a bus it holds none of is null. */
    private static int[][] chipsetFunctions(PciAddressSet set) {
        int[][] held = new int[set.nbuses()][];
        for (Addr.Pci a : set.chipsetAddresses()) {
            int b = (int) a.bus();
            if (held[b] == null) {
                held[b] = new int[32];
            }
            held[b][(int) a.slot()] |= 1 << a.function();
        }
        return held;
    }
}
