package io.addralloc.libvirt.addr;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The PCI buses of a domain and which functions of which slots are taken, with libvirt's
 * rules for reserving an exact address, finding the next free slot, and (in the dry run)
 * growing the topology by adding buses. Failures are reported as {@link Problem}s rather
 * than thrown, so a verifier can go on and report everything.
 */
public final class PciAddressSet {
    public final List<PciBus> buses = new ArrayList<>();
    public final boolean dryRun;
    private final PciSlots slots = new PciSlots();
    private final Problems problems;

    public PciAddressSet(boolean dryRun, Problems problems) {
        this.dryRun = dryRun;
        this.problems = problems;
    }

    public int nbuses() {
        return buses.size();
    }

    /** The model of the buses libvirt adds for conventional PCI devices: pci-bridge, or a new host bridge on pseries. */
    public String pciGrowthModel = "pci-bridge";

    public void addBus(PciBus bus) {
        slots.addBus(buses.size(), bus.minSlot, bus.maxSlot);
        buses.add(bus);
    }

    int functions(long bus, long slot) {
        return slots.functions((int) bus, (int) slot);
    }

    public boolean slotInUse(Addr.Pci a) {
        return a.bus() < buses.size() && functions(a.bus(), a.slot()) != 0;
    }

    Device owner(Addr.Pci a) {
        return (Device) slots.owner((int) a.bus(), (int) a.slot(), (int) a.function());
    }

    /** Whether the function is held for the chipset, which no device element stands for. */
    boolean heldByChipset(int bus, int slot, int function) {
        return slots.owner(bus, slot, function) == this;
    }

    public boolean busFullyReserved(int bus) {
        PciBus b = buses.get(bus);
        for (int s = b.minSlot; s <= b.maxSlot; s++) {
            if (functions(bus, s) == 0) {
                return false;
            }
        }
        return true;
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
     * libvirt keeps the moved address.
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
        int fn = (int) a.function();
        boolean slotWasEmpty = slots.functions(bus, slot) == 0;
        Object holder = slots.reserve(bus, slot, fn, device == null ? this : device);
        if (holder != null) {
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
        if (slotWasEmpty && (flags & PciFlags.AGGREGATE_SLOT) != 0) {
            buses.get(bus).aggregate[slot] = true;
        }
        return a;
    }

    /** libvirt's next free address: the first slot with no function taken, bus by bus. */
    Addr.Pci next(int flags, int function, Device device) {
        int fn = function < 0 ? 0 : function;
        for (int b = 0; b < buses.size(); b++) {
            PciBus bus = buses.get(b);
            if (!compatible(b, bus.flags, flags, false)) {
                continue;
            }
            for (int s = bus.minSlot; s <= bus.maxSlot; s++) {
                int used = functions(b, s);
                if (used == 0) {
                    return new Addr.Pci(0, b, s, fn, null);
                }
                if ((flags & PciFlags.AGGREGATE_SLOT) != 0 && bus.aggregate[s]) {
                    if ((used & (1 << fn)) == 0) {
                        return new Addr.Pci(0, b, s, fn, null);
                    }
                    if (function < 0) {
                        for (int f = 0; f < 8; f++) {
                            if ((used & (1 << f)) == 0) {
                                return new Addr.Pci(0, b, s, f, null);
                            }
                        }
                    }
                }
            }
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

    /** Finds the next address and reserves it; in the real pass the device keeps it. */
    public Addr.Pci reserveNext(Device device, int flags, int function) {
        Addr.Pci a = next(flags, function, device);
        if (a == null || !reserve(a, flags, false, device)) {
            return null;
        }
        return a;
    }

    /**
     * Adds buses up to {@code a.bus()} with the models libvirt picks for a device with these
     * flags. Returns the (possibly moved) address, or null when libvirt cannot add a bus.
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
