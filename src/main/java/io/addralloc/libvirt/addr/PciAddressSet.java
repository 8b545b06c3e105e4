package io.addralloc.libvirt.addr;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The PCI buses of a domain and which functions of which slots are taken, with libvirt's rules
 * for reserving an exact address, finding the next free slot, and (in the dry run) growing the
 * topology by adding buses: libvirt's virDomainPCIAddressSet. Failures are reported as
 * {@link Problem}s rather than thrown, so a verifier can go on and report everything.
 *
 * <p>Who holds what is kept by the allocator core, one pool per bus, pool i for bus i
 * ({@link PciPools}), so that each operation names its pool instead of the core searching for it; what a
 * bus accepts (its connect flags, hot-plug, the slots of its model, aggregate slots) stays here
 * and in {@link PciBus}, because it is libvirt's policy and changes with the device asking. The
 * dry run and the real pass share one allocator: the dry run's reservations and the buses it
 * added are rolled back, then the real pass adds the pools of the final topology.
 */
public final class PciAddressSet {
    /** The holder of the functions the chipset keeps, and of the dry run's spare slots: no device stands for them. */
    private static final Object CHIPSET = new Object();

    public final List<PciBus> buses;
    public final boolean dryRun;
    private final AddressAllocator<Object> slots;
    /** In the dry run, where the real pass starts again; null in the real pass. */
    private final AddressAllocator.Mark dryRunStart;
    /** How many buses the dry run started with: their pools stay when it is rolled back. */
    private final int startBuses;
    /**
     * Buses known to have no slot with every function free, bit b for bus b. A pass never releases
     * an address, so a bus found so stays so, and the searches of {@link #next} (one per device,
     * each from bus 0, as libvirt's) skip it instead of asking the allocator again.
     */
    private final java.util.BitSet noEmptySlot = new java.util.BitSet();
    private final Problems problems;
    /**
     * The values {@code 0:bus:slot.function} of the address asked about, passed to the allocator
     * (which reads them and keeps nothing) instead of an {@code Address} made per call.
     */
    private final long[] at = new long[4];

    private PciAddressSet(boolean dryRun, List<PciBus> buses, AddressAllocator<Object> slots, Problems problems) {
        this.dryRun = dryRun;
        this.buses = buses;
        this.slots = slots;
        this.problems = problems;
        this.startBuses = buses.size();
        this.dryRunStart = dryRun ? slots.mark() : null;
    }

    /**
     * The set of libvirt's dry run over {@code buses} (bus number = position): it may add buses
     * (virDomainPCIAddressSetGrow) and ends with {@link #startRealPass}.
     */
    public static PciAddressSet dryRun(List<PciBus> buses, Problems problems) {
        return new PciAddressSet(true, new ArrayList<>(buses), PciPools.allocator(buses), problems);
    }

    /** The set of a real pass with no dry run before it. */
    public static PciAddressSet realPass(List<PciBus> buses, Problems problems) {
        return new PciAddressSet(false, new ArrayList<>(buses), PciPools.allocator(buses), problems);
    }

    /**
     * Ends this dry run and returns the real pass's set over {@code buses}, the final topology,
     * in the same allocator: everything the dry run reserved and the buses it added are rolled
     * back, and the pools of the buses beyond the dry run's first ones are added again. This set
     * must not be used afterwards.
     *
     * <p>Sharing keeps the results of two separate sets because the pools depend only on each
     * bus's slots, and a bus the dry run started with has the same model in the real pass (the
     * controllers libvirt adds only fill indexes above them). Should a first bus's slots differ
     * all the same, the real pass gets an allocator of its own.
     */
    public PciAddressSet startRealPass(List<PciBus> realBuses) {
        slots.rollback(dryRunStart);
        for (int i = 0; i < startBuses; i++) {
            PciBus was = buses.get(i);
            PciBus now = realBuses.get(i);
            if (was.minSlot != now.minSlot || was.maxSlot != now.maxSlot) {
                return realPass(realBuses, problems);
            }
        }
        for (int i = startBuses; i < realBuses.size(); i++) {
            slots.addPool(PciPools.pool(i, realBuses.get(i)));
        }
        return new PciAddressSet(false, new ArrayList<>(realBuses), slots, problems);
    }

    public int nbuses() {
        return buses.size();
    }

    /** The model of the buses libvirt adds for conventional PCI devices: pci-bridge, or a new host bridge on pseries. */
    public String pciGrowthModel = "pci-bridge";

    private void addBus(PciBus bus) {
        slots.addPool(PciPools.pool(buses.size(), bus));
        buses.add(bus);
    }

    /** The functions of the slot that are taken, bit f for function f; 0 for a slot on no bus. */
    int functions(long bus, long slot) {
        if (bus < 0 || bus >= buses.size() || slot < 0 || slot > 31) {
            return 0;
        }
        return (int) slots.usedMaskInPool((int) bus, values(bus, slot, 0));
    }

    private long[] values(long bus, long slot, long function) {
        at[1] = bus;
        at[2] = slot;
        at[3] = function;
        return at;
    }

    /** libvirt's virDomainPCIAddressSlotInUse: whether any function of the address's slot is taken. */
    public boolean slotInUse(Addr.Pci a) {
        return a.bus() < buses.size() && functions(a.bus(), a.slot()) != 0;
    }

    /** The addresses the chipset holds (and in the dry run, the spare slots kept free). */
    List<Addr.Pci> chipsetAddresses() {
        List<Reservation<Object>> held = slots.reservationsOf(CHIPSET);
        List<Addr.Pci> out = new ArrayList<>(held.size());
        for (Reservation<Object> r : held) {
            Address a = r.address();
            out.add(new Addr.Pci(0, a.get(1), a.get(2), a.get(3), null));
        }
        return out;
    }

    /** libvirt's virDomainPCIAddressBusIsFullyReserved: no slot of the bus is left with every function free. */
    public boolean busFullyReserved(int bus) {
        return firstEmpty(bus) == null;
    }

    /** The first slot of the bus with every function free, or null; a bus found full is remembered so. */
    private long[] firstEmpty(int bus) {
        if (noEmptySlot.get(bus)) {
            return null;
        }
        if (slots.firstEmptyInPool(bus, PciPools.SPACE.anyAddress(), 1, at)) {
            return at;
        }
        noEmptySlot.set(bus);
        return null;
    }

    /**
     * Reserves {@code a} for {@code device}.
     *
     * @param fromConfig the address came from the file (the rules are looser, the words differ)
     * @return false when libvirt would fail; a problem has then been recorded
     */
    public boolean reserve(Addr.Pci a, int flags, boolean fromConfig, Device device) {
        return reserveAt(a, flags, fromConfig, device) != null;
    }

    /**
     * As {@link #reserve}, and says where: in the dry run, growing the topology for an address
     * on a bus that does not exist yet can move it one bus up (see {@link #growFor}), and
     * libvirt keeps the moved address. libvirt's virDomainPCIAddressReserveAddrInternal (called as
     * virDomainPCIAddressReserveAddr for an address from the file), with the checks of
     * virDomainPCIAddressValidate; a device with the aggregate-slot flag (a pcie-root-port)
     * taking an empty slot lets later ones share it, as libvirt's slot "aggregate" mark does.
     *
     * @return the address reserved, or null when libvirt would fail
     */
    public Addr.Pci reserveAt(Addr.Pci a, int flags, boolean fromConfig, Device device) {
        if (dryRun) {
            a = a.bus() < buses.size() ? a : growFor(a, flags, device);
            if (a == null) {
                return null;
            }
        }
        if (!validate(a, flags, fromConfig, device)) {
            return null;
        }
        int bus = (int) a.bus();
        int slot = (int) a.slot();
        long fn = a.function();
        if (fn < 0 || fn > 7) {
            // The parser keeps functions in range, so this is a bug, not a user error.
            throw new IllegalStateException("0000:" + bus + ":" + slot + "." + fn + " is on no bus");
        }
        boolean aggregate = (flags & PciFlags.AGGREGATE_SLOT) != 0;
        boolean slotWasEmpty = aggregate && functions(bus, slot) == 0;
        Object owner = device == null ? CHIPSET : device;
        if (slots.tryReserveInPool(bus, values(bus, slot, fn), owner)) {
            if (slotWasEmpty) {
                buses.get(bus).aggregateSlots |= 1 << slot;
            }
            return a;
        }
        // Taken (or, by a bug, outside the bus): the allocator says by whom.
        ReserveResult<Object> result = slots.reserveInPool(bus, PciPools.SPACE.address(0, bus, slot, fn), owner);
        if (result instanceof ReserveResult.Conflict<Object> conflict) {
            Object holder = conflict.currentOwner();
            io.addralloc.libvirt.xml.LocatedElement at = device != null ? where(device)
                    : holder instanceof Device h ? where(h) : null;
            problems.add(Problem.error(Rule.PCI_DUPLICATE_ADDRESS, at,
                    device == null
                            ? "PCI address " + a + " belongs to the chipset on this machine type; move "
                                    + describe(holder) + " to another slot"
                            : "PCI address " + a + " is already used by " + describe(holder) + "; give "
                                    + name(device) + " another slot or function, or remove its <address> and run"
                                    + " addralloc:assign").with(device != null && holder instanceof Device h ? where(h) : null));
            return null;
        }
        // validate() keeps the address on a bus and within its slots, so this is a bug.
        throw new IllegalStateException("0000:" + bus + ":" + slot + "." + fn + " is on no bus: " + result);
    }

    /**
     * libvirt's virDomainPCIAddressGetNextAddr: the first slot with no function taken, bus by bus
     * over the buses whose flags accept the device (virDomainPCIAddressFindUnusedFunctionOnBus);
     * a device with the aggregate-slot flag may also take a free function of a slot an earlier
     * such device opened (on pcie-root, root ports share slots). Bus by bus, as libvirt: the
     * first bus not known to be full usually has a slot, and asking for a run of buses at once
     * cost a look at every later bus for each device.
     */
    Addr.Pci next(int flags, int function, Device device) {
        int fn = function < 0 ? 0 : function;
        boolean aggregate = (flags & PciFlags.AGGREGATE_SLOT) != 0;
        int n = buses.size();
        int b = 0;
        while (b < n) {
            if (!aggregate) {
                // A full bus has nothing for a device that shares no slot; the dry run on q35 fills
                // one root port per device, so each search would otherwise pass every earlier one.
                b = noEmptySlot.nextClearBit(b);
                if (b >= n) {
                    break;
                }
            }
            PciBus bus = buses.get(b);
            if (!compatible(b, bus.flags, flags, false)) {
                b++;
                continue;
            }
            if (aggregate && bus.aggregateSlots != 0) {
                Addr.Pci a = nextOnAggregateBus(b, bus, fn, function);
                if (a != null) {
                    return a;
                }
                b++;
                continue;
            }
            long[] empty = firstEmpty(b);
            if (empty != null) {
                return new Addr.Pci(0, empty[1], empty[2], fn, null);
            }
            b++;
        }
        if (dryRun) {
            Addr.Pci a = new Addr.Pci(0, buses.size(), 0, fn, null);
            Addr.Pci grown = growFor(a, flags, device);
            if (grown == null) {
                return null;
            }
            return new Addr.Pci(0, grown.bus(), buses.get((int) grown.bus()).minSlot, fn, null);
        }
        problems.add(Problem.error(Rule.PCI_NO_SLOT, where(device), "no PCI slot is left for " + name(device)
                + "; remove a device or add a PCI controller (libvirt: No more available PCI slots)"));
        return null;
    }

    /** {@link #next} on a bus with aggregate slots: an aggregate slot with the function free, or else the first empty slot, whichever is lower. */
    private Addr.Pci nextOnAggregateBus(int b, PciBus bus, int fn, int function) {
        long[] empty = firstEmpty(b);
        int emptySlot = empty != null ? (int) empty[2] : bus.maxSlot + 1;
        for (int s = bus.minSlot; s < emptySlot; s++) {
            if ((bus.aggregateSlots & (1 << s)) == 0) {
                continue;
            }
            int used = functions(b, s);
            if ((used & (1 << fn)) == 0) {
                return new Addr.Pci(0, b, s, fn, null);
            }
            if (function < 0 && (used & 0xff) != 0xff) {
                return new Addr.Pci(0, b, s, Integer.numberOfTrailingZeros(~used), null);
            }
        }
        return empty != null ? new Addr.Pci(0, b, emptySlot, fn, null) : null;
    }

    /** libvirt's virDomainPCIAddressReserveNextAddr (through virDomainPCIAddressReserveAddrInternal): finds the next address and reserves it; in the real pass the device keeps it. */
    public Addr.Pci reserveNext(Device device, int flags, int function) {
        Addr.Pci a = next(flags, function, device);
        if (a == null || !reserve(a, flags, false, device)) {
            return null;
        }
        return a;
    }

    /**
     * libvirt's virDomainPCIAddressSetGrow: adds buses up to {@code a.bus()} with the models
     * libvirt picks for a device with these flags. Returns the (possibly moved) address, or null
     * when libvirt cannot add a bus.
     */
    private Addr.Pci growFor(Addr.Pci a, int flags, Device device) {
        long add = a.bus() - buses.size() + 1;
        if (add <= 0) {
            return a;
        }
        String model;
        boolean needPcieToPci = false;
        if ((flags & PciFlags.PCI_DEVICE) != 0) {
            model = pciGrowthModel;
            needPcieToPci = true;
            for (PciBus b : buses) {
                if ((b.flags & PciFlags.PCI_BRIDGE) != 0) {
                    needPcieToPci = false;
                    break;
                }
            }
            if (needPcieToPci && add == 1) {
                add++;
                a = new Addr.Pci(a.domain(), a.bus() + 1, a.slot(), a.function(), a.multifunction());
            }
        } else if ((flags & (PciFlags.PCIE_DEVICE | PciFlags.PCIE_SWITCH_UPSTREAM_PORT)) != 0) {
            model = "pcie-root-port";
        } else {
            String existing = PciFlags.controllerModelOf(flags);
            String what = existing != null ? "a " + existing + " controller" : name(device);
            problems.add(Problem.error(Rule.PCI_NO_SLOT, where(device), "no PCI slot is left for " + what
                    + " and libvirt cannot add a bus for it; free a slot or place the controller yourself"));
            return null;
        }
        if (buses.size() + add > 4096) {
            problems.add(Problem.error(Rule.PCI_NO_SLOT, where(device), "PCI bus " + a.bus() + " is far beyond"
                    + " what any PCI topology of this domain provides"));
            return null;
        }
        if (needPcieToPci) {
            PciBus port = new PciBus("pcie-root-port", true);
            // Only the bridge may use this port in the dry run; see libvirt's bus growth.
            port.flags = PciFlags.PCIE_TO_PCI_BRIDGE;
            addBus(port);
            addBus(new PciBus("pcie-to-pci-bridge", true));
            add -= 2;
        }
        for (long i = 0; i < add; i++) {
            addBus(new PciBus(model, true));
        }
        return a;
    }

    private boolean validate(Addr.Pci a, int flags, boolean fromConfig, Device device) {
        if (buses.isEmpty()) {
            problems.add(Problem.error(Rule.PCI_NO_SLOT, where(device), "the domain has no PCI bus"));
            return false;
        }
        if (a.domain() != 0) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, where(device), "PCI address " + a
                    + " names domain " + a.domain() + "; only PCI domain 0 exists, use domain='0x0000'"));
            return false;
        }
        if (a.bus() >= buses.size()) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, where(device), "PCI address " + a
                    + " names bus " + a.bus() + " but the highest bus is " + (buses.size() - 1)));
            return false;
        }
        PciBus bus = buses.get((int) a.bus());
        if (!compatibleReporting(a, bus, flags, fromConfig, device)) {
            return false;
        }
        if (bus.minSlot > 0 && a.slot() < bus.minSlot) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, where(device), "PCI address " + a + ": slot "
                    + a.slot() + " cannot be used on bus " + a.bus() + " (a " + bus.model + "); slots start at "
                    + bus.minSlot));
            return false;
        }
        if (a.slot() > bus.maxSlot) {
            problems.add(Problem.error(Rule.PCI_OUT_OF_RANGE, where(device), "PCI address " + a + ": bus "
                    + a.bus() + " is a " + bus.model + " with " + (bus.maxSlot == 0 ? "only slot 0" : "slots up to "
                    + bus.maxSlot) + "; use slot='0x00'"));
            return false;
        }
        return true;
    }

    private boolean compatibleReporting(Addr.Pci a, PciBus bus, int devFlags, boolean fromConfig, Device device) {
        if ((devFlags & PciFlags.INTEGRATED) != 0 && a.bus() != 0) {
            problems.add(Problem.error(Rule.PCI_INCOMPATIBLE_BUS, where(device), name(device)
                    + " is an integrated device and must sit on bus 0, not at " + a));
            return false;
        }
        if (compatible((int) a.bus(), bus.flags, devFlags, fromConfig)) {
            return true;
        }
        problems.add(Problem.error(Rule.PCI_INCOMPATIBLE_BUS, where(device), name(device) + " at " + a
                + " cannot be plugged into the " + bus.model + " that provides bus " + a.bus()
                + "; it needs a controller that accepts a " + PciFlags.describeNeed(devFlags)));
        return false;
    }

    /** libvirt's virDomainPCIAddressFlagsCompatible, without its messages. */
    private static boolean compatible(int busNumber, int busFlags, int devFlags, boolean fromConfig) {
        if ((devFlags & PciFlags.INTEGRATED) != 0) {
            if (busNumber != 0) {
                return false;
            }
            busFlags |= PciFlags.AUTOASSIGN;
        }
        if (fromConfig) {
            if ((busFlags & PciFlags.ENDPOINT) != 0) {
                busFlags |= PciFlags.ENDPOINT;
            }
            if ((devFlags & PciFlags.PCI_BRIDGE) != 0) {
                devFlags |= PciFlags.PCI_DEVICE;
            }
        } else if ((devFlags & PciFlags.AUTOASSIGN) != 0 && (busFlags & PciFlags.AUTOASSIGN) == 0) {
            return false;
        }
        if ((devFlags & PciFlags.HOTPLUGGABLE) != 0 && (busFlags & PciFlags.HOTPLUGGABLE) == 0) {
            return false;
        }
        return (devFlags & busFlags & PciFlags.TYPES_MASK) != 0;
    }

    private static io.addralloc.libvirt.xml.LocatedElement where(Device d) {
        if (d == null || d.element() == null) {
            return null;
        }
        io.addralloc.libvirt.xml.LocatedElement addr =
                (io.addralloc.libvirt.xml.LocatedElement) d.element().element("address");
        return addr != null ? addr : d.element();
    }

    static String name(Device d) {
        return d == null ? "a slot libvirt keeps free for hot-plugging" : d.describe();
    }

    private static String describe(Object holder) {
        if (holder instanceof Device d) {
            return d.describe() + (d.element() == null ? " (added by libvirt)" : " at line " + d.element().line());
        }
        return "the chipset";
    }
}
