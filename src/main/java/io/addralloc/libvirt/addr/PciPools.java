package io.addralloc.libvirt.addr;

import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.AllocatorTemplate;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Pool;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PCI address space and its pools as the allocator core sees them: one pool per bus,
 * {@code 0:bus:first slot..last slot.0..7}, the slots a device may use on the bus's model
 * ({@link PciBus}). A pool says nothing of what the bus accepts; that stays policy.
 *
 * <p>Pools, patterns and templates are immutable, so they are made once and shared by every file
 * and thread: a pool's layout is computed when it is made, and a template checks its pools'
 * disjointness once, so that a file pays only for an allocator of as many small states as it has
 * buses.
 */
final class PciPools {
    /**
     * {@code domain:bus:slot.function}. The bus field is wider than PCI's 8 bits: the dry run grows
     * the topology up to 4,096 buses before it gives up (see {@link PciAddressSet}), and the
     * addresses it reserves on the way must fit.
     */
    static final AddressSpace SPACE = AddressSpace.builder("pci").field("domain", 16).field("bus", 16)
            .field("slot", 5).field("function", 3, ".").build();

    /** Buses whose pools are kept; a domain with more is legal but not worth caching. */
    private static final int CACHED_BUSES = 256;
    /** The slot ranges a bus model has (see {@link PciBus#setModel}): 1..31, 0..31 and the ports' 0..0. */
    private static final int[][] RANGES = {{1, 31}, {0, 31}, {0, 0}};
    /**
     * By range kind, by bus. Filled lazily and racily: a pool is immutable with final fields, so a
     * thread that reads one another thread wrote sees it whole, and two threads making the same
     * pool make equal ones.
     */
    private static final Pool[][] POOLS = new Pool[RANGES.length][CACHED_BUSES];
    /** Templates by the layout of a domain's first buses (see {@link #layoutKey}). */
    private static final ConcurrentHashMap<Long, AllocatorTemplate> TEMPLATES = new ConcurrentHashMap<>();
    /** Files of a repository share a few layouts; past this many, one more is made per file and not kept. */
    private static final int MAX_TEMPLATES = 1024;

    private PciPools() {}

    /** An allocator holding one pool per bus, in bus order. */
    static AddressAllocator<Object> allocator(List<PciBus> buses) {
        long key = layoutKey(buses);
        AllocatorTemplate template = key == 0 ? null : TEMPLATES.get(key);
        if (template == null) {
            Pool[] pools = new Pool[buses.size()];
            for (int i = 0; i < pools.length; i++) {
                pools[i] = pool(i, buses.get(i));
            }
            template = AllocatorTemplate.of(SPACE, List.of(pools));
            if (key != 0 && TEMPLATES.size() < MAX_TEMPLATES) {
                TEMPLATES.putIfAbsent(key, template);
            }
        }
        return template.newAllocator();
    }

    /**
     * The slot ranges of up to 32 buses, two bits each (a range kind plus one, so that the number of
     * buses is part of the key); 0 when the layout has more buses or a range no model has.
     */
    private static long layoutKey(List<PciBus> buses) {
        int n = buses.size();
        if (n == 0 || n > 32) {
            return 0;
        }
        long key = 0;
        for (int i = 0; i < n; i++) {
            int kind = kind(buses.get(i));
            if (kind < 0) {
                return 0;
            }
            key |= (long) (kind + 1) << (2 * i);
        }
        return key;
    }

    private static int kind(PciBus bus) {
        for (int k = 0; k < RANGES.length; k++) {
            if (RANGES[k][0] == bus.minSlot && RANGES[k][1] == bus.maxSlot) {
                return k;
            }
        }
        return -1;
    }

    /** The pool of bus number {@code index}: its slots, every function. */
    static Pool pool(int index, PciBus bus) {
        int kind = kind(bus);
        if (kind < 0 || index >= CACHED_BUSES) {
            return newPool(index, bus.minSlot, bus.maxSlot);
        }
        Pool p = POOLS[kind][index];
        if (p == null) {
            p = newPool(index, RANGES[kind][0], RANGES[kind][1]);
            POOLS[kind][index] = p;
        }
        return p;
    }

    private static Pool newPool(int bus, int minSlot, int maxSlot) {
        return SPACE.pool(Set.of(), FieldRange.single(0), FieldRange.single(bus), FieldRange.of(minSlot, maxSlot),
                FieldRange.of(0, 7));
    }
}
