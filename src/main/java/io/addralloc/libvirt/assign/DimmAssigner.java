package io.addralloc.libvirt.assign;

import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.AddressUnion;
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
import java.util.Optional;

/**
 * Memory module slots ({@code <memory model='dimm'|'nvdimm'>}), as libvirt gives them at define:
 * the slots the file names are taken first (each below {@code <maxMemory slots>} and unique, as
 * is each {@code base}), then each module without an address takes the lowest free slot, in
 * document order.
 */
public final class DimmAssigner {
    static final AddressSpace SLOTS = AddressSpace.builder("dimm").field("slot", 32).build();

    private DimmAssigner() {}

    public static void run(Domain domain, Problems problems) {
        long slots = domain.memorySlots();
        // pseries hotplugs memory without NUMA; the other machines need a cell.
        if (slots > 0 && domain.numaCells() == 0 && domain.machine() != Domain.Machine.PSERIES) {
            problems.add(Problem.error(Rule.DIMM_SLOT, null, "<maxMemory slots='" + slots + "'> enables memory"
                    + " hotplug, which needs at least one NUMA cell (libvirt: At least one numa node has to be"
                    + " configured when enabling memory hotplug); add <cpu><numa><cell .../></numa></cpu>"));
        }
        List<Device> all = domain.of(DeviceKind.MEMORY);
        if (all.isEmpty()) {
            return;
        }
        List<Device> modules = all.stream().filter(DimmAssigner::usesSlot).toList();
        if (slots < 0) {
            problems.add(Problem.error(Rule.DIMM_SLOT, all.get(0).element(), all.get(0).describe() + " needs"
                    + " <maxMemory slots='N'> in the domain (libvirt: cannot use/hotplug a memory device when domain"
                    + " 'maxMemory' is not defined); add it or remove the memory device"));
            return;
        }
        if (all.size() > slots) {
            // Every memory device counts, virtio-mem and virtio-pmem too, though only modules take a slot number.
            problems.add(Problem.error(Rule.DIMM_SLOT, all.get((int) Math.min(slots, all.size() - 1)).element(),
                    "the domain has " + all.size() + " memory devices but <maxMemory slots='" + slots + "'> (libvirt:"
                            + " memory device count '" + all.size() + "' exceeds slots count '" + slots + "'); raise"
                            + " slots or remove a device"));
        }
        if (modules.isEmpty()) {
            return;
        }
        AddressAllocator<Device> taken = new AddressAllocator<>(SLOTS);
        if (slots > 0) {
            taken.addPool(SLOTS.pool(FieldRange.of(0, Math.min(slots, 1L << 32) - 1)));
        }
        Map<Long, Device> bases = new HashMap<>();
        for (Device m : modules) {
            if (!(m.addr instanceof Addr.Dimm d)) {
                continue;
            }
            LocatedElement at = Device.addressOf(m);
            if (d.slot() >= slots) {
                problems.add(Problem.error(Rule.DIMM_SLOT, at, "memory slot " + d.slot() + " of " + m.describe()
                        + " does not exist: the domain has " + slots + " slots (libvirt: memory device slot '"
                        + d.slot() + "' exceeds slots count '" + slots + "'); use a lower slot or raise"
                        + " <maxMemory slots>"));
            } else if (taken.reserve(SLOTS.address(d.slot()), m) instanceof ReserveResult.Conflict<Device> c) {
                problems.add(Problem.error(Rule.DIMM_SLOT, at, "memory slot " + d.slot() + " of " + m.describe()
                        + " is already used by " + c.currentOwner().describe() + " (libvirt: memory device slot '"
                        + d.slot() + "' is already being used by another memory device); give each its own slot"));
            }
            if (d.base() >= 0) {
                Device other = bases.putIfAbsent(d.base(), m);
                if (other != null) {
                    problems.add(Problem.error(Rule.DIMM_SLOT, at, String.format(java.util.Locale.ROOT,
                            "memory base 0x%x of %s is already used by %s (libvirt: memory device base is already"
                                    + " being used by another memory device); remove one base", d.base(),
                            m.describe(), other.describe())));
                }
            }
        }
        for (Device m : modules) {
            if (m.addr instanceof Addr.Dimm || m.addrInvalid) {
                continue;
            }
            Optional<Reservation<Device>> r = taken.reserveFirstFree(SLOTS.anyAddress(), m);
            if (r.isEmpty()) {
                problems.add(Problem.error(Rule.DIMM_SLOT, m.element(), m.describe() + " finds no free memory slot:"
                        + " all " + slots + " are taken (libvirt: failed to find an empty memory slot); raise"
                        + " <maxMemory slots> or remove a module"));
                continue;
            }
            m.addr = new Addr.Dimm(r.get().address().get(0), leftoverBase(m.addr));
        }
    }

    /**
     * A module given another type of address gets a slot all the same, and libvirt keeps its
     * address record, so the bytes where a dimm keeps its base (words 2 and 3 of the union) still
     * hold what the other type put there: a PCI slot and function, a drive target and unit, ...
     *
     * @return the base, or -1 for none (libvirt writes no base when it is 0)
     */
    static long leftoverBase(Addr a) {
        long base = AddressUnion.word(a, 2) | AddressUnion.word(a, 3) << 32;
        return base == 0 ? -1 : base;
    }

    private static boolean usesSlot(Device m) {
        return "dimm".equals(m.model) || "nvdimm".equals(m.model);
    }
}
