package io.addralloc.libvirt.domain;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.ReserveResult;

/**
 * Who holds which function of which slot: a domain's PCI addresses in the allocator core, one
 * pool per bus ({@code {0}:{bus}:{first slot..last slot}.{0..7}}). libvirt's placement rules
 * (which bus takes which device, aggregated slots, growing the topology) stay in
 * {@link PciAddressSet}; this class answers "taken by whom" and reserves.
 */
final class PciSlots {
    // Buses get 16 bits: the dry run may name buses past libvirt's limit of 255 before validation says so.
    static final AddressSpace PCI = AddressSpace.builder("pci").field("domain", 16).field("bus", 16, ":")
            .field("slot", 5, ":").field("function", 3, ".").build();

    private final AddressAllocator<Object> allocator = new AddressAllocator<>(PCI);
    private int buses;

    void addBus(int bus, int minSlot, int maxSlot) {
        allocator.addPool(PCI.pool(FieldRange.single(0), FieldRange.single(bus), FieldRange.of(minSlot, maxSlot),
                FieldRange.of(0, 7)));
        buses = Math.max(buses, bus + 1);
    }

    /** The functions of the slot that are taken, as a bit mask (bit f for function f). */
    int functions(int bus, int slot) {
        if (bus < 0 || bus >= buses || slot < 0 || slot > 31) {
            return 0;
        }
        int mask = 0;
        for (int f = 0; f < 8; f++) {
            if (allocator.isReserved(PCI.address(0, bus, slot, f))) {
                mask |= 1 << f;
            }
        }
        return mask;
    }

    Object owner(int bus, int slot, int function) {
        if (bus < 0 || bus >= buses || slot < 0 || slot > 31 || function < 0 || function > 7) {
            return null;
        }
        return allocator.ownerOf(PCI.address(0, bus, slot, function)).orElse(null);
    }

    /**
     * Reserves the function for {@code owner}.
     *
     * @return null when reserved, else whoever holds it already
     */
    Object reserve(int bus, int slot, int function, Object owner) {
        Address a = PCI.address(0, bus, slot, function);
        ReserveResult<Object> r = allocator.reserve(a, owner);
        if (r instanceof ReserveResult.Conflict<Object> c) {
            return c.currentOwner();
        }
        if (r instanceof ReserveResult.OutsidePools<Object> miss) {
            // PciAddressSet validates bus and slot first, so this is a bug, not a user error.
            throw new IllegalStateException(miss.toString());
        }
        return null;
    }
}
