package io.addralloc.libvirt.addr;

import java.util.Arrays;

/**
 * Who holds which function of which slot: a domain's PCI addresses, bus by bus, each bus with
 * the slots a device may use ({@code 0:bus:first slot..last slot.0..7}). libvirt's placement
 * rules (which bus takes which device, aggregated slots, growing the topology) stay in
 * {@link PciAddressSet}; this class answers "taken by whom" and reserves.
 *
 * <p>Plain arrays rather than the allocator core: a domain has a few buses of at most 32 slots,
 * the search for a free slot asks for every slot of every bus, and this is built anew for
 * every file checked. Pools of the allocator cost more to set up per file than the whole check
 * otherwise does.
 */
final class PciSlots {
    private int buses;
    private int[] minSlot = new int[4];
    /** By bus, by slot: bit f set when function f is taken. Only the bus's slots up to its last. */
    private int[][] functionMasks = new int[4][];
    /**
     * By bus, at {@code slot * 8 + function}; made at the bus's first reservation, since many
     * buses (the bridges and ports libvirt would add) never get one while a file is checked.
     */
    private Object[][] owners = new Object[4][];

    void addBus(int bus, int minSlot, int maxSlot) {
        if (bus >= this.minSlot.length) {
            // Not Arrays.copyOf for the arrays of arrays: it makes them by reflection unless the JIT's
            // second compiler has taken over, and q35 domains grow past the first capacity.
            int capacity = Math.max(bus + 1, this.minSlot.length * 2);
            this.minSlot = Arrays.copyOf(this.minSlot, capacity);
            int[][] masks = new int[capacity][];
            System.arraycopy(functionMasks, 0, masks, 0, functionMasks.length);
            functionMasks = masks;
            Object[][] held = new Object[capacity][];
            System.arraycopy(owners, 0, held, 0, owners.length);
            owners = held;
        }
        this.minSlot[bus] = minSlot;
        functionMasks[bus] = new int[maxSlot + 1];
        owners[bus] = null;
        buses = Math.max(buses, bus + 1);
    }

    /** Whether the bus was added and reaches the slot (its slots are counted from 0, below its first too). */
    private boolean hasSlot(int bus, int slot) {
        return bus >= 0 && bus < buses && slot >= 0 && functionMasks[bus] != null && slot < functionMasks[bus].length;
    }

    /** The functions of the slot that are taken, as a bit mask (bit f for function f). */
    int functions(int bus, int slot) {
        if (!hasSlot(bus, slot)) {
            return 0;
        }
        return functionMasks[bus][slot];
    }

    Object owner(int bus, int slot, int function) {
        if (!hasSlot(bus, slot) || function < 0 || function > 7 || owners[bus] == null) {
            return null;
        }
        return owners[bus][slot * 8 + function];
    }

    /**
     * Reserves the function for {@code owner}.
     *
     * @return null when reserved, else whoever holds it already
     */
    Object reserve(int bus, int slot, int function, Object owner) {
        if (!hasSlot(bus, slot) || slot < minSlot[bus] || function < 0 || function > 7) {
            // PciAddressSet validates bus and slot first, so this is a bug, not a user error.
            throw new IllegalStateException("0000:" + bus + ":" + slot + "." + function + " is on no bus");
        }
        Object[] onBus = owners[bus];
        if (onBus == null) {
            onBus = new Object[functionMasks[bus].length * 8];
            owners[bus] = onBus;
        } else if (onBus[slot * 8 + function] != null) {
            return onBus[slot * 8 + function];
        }
        onBus[slot * 8 + function] = owner;
        functionMasks[bus][slot] |= 1 << function;
        return null;
    }
}
