package io.addralloc.allocator;

import java.util.List;
import java.util.Objects;

/**
 * A family of allocators with the same pools, checked once: a machine type's buses, say, made
 * into a template when first needed and instantiated per file. Immutable and safe to share
 * between threads.
 *
 * <p>{@link #of} checks that the pools belong to the space and are disjoint, {@code O(P^2 F)} for
 * {@code P} pools of {@code F} fields, once. {@link #newAllocator()} costs {@code O(P)}: one small
 * state per pool, each sharing its pool's precomputed layout; a pool's trie and holder map are made
 * at its first reservation. The allocator is then like any other: {@link AddressAllocator#addPool}
 * still adds pools (a topology that grows), checked against all it holds.
 */
public final class AllocatorTemplate {
    private final AddressSpace space;
    private final Pool[] pools;
    /** The highest address of any pool, for {@link AddressAllocator#addPool}'s check of a pool above them all. */
    private final long[] highest;

    private AllocatorTemplate(AddressSpace space, Pool[] pools) {
        this.space = space;
        this.pools = pools;
        this.highest = Pool.highest(pools, pools.length);
    }

    /**
     * A template of {@code pools}, in this order (the order of {@link AddressAllocator.Order#POOLS_AS_ADDED}).
     * Throws {@link IllegalArgumentException} when a pool belongs to another space or two overlap.
     */
    public static AllocatorTemplate of(AddressSpace space, List<Pool> pools) {
        Objects.requireNonNull(space, "space");
        Pool[] array = pools.toArray(new Pool[0]);
        for (int i = 0; i < array.length; i++) {
            Pool p = Objects.requireNonNull(array[i], "pool");
            if (!p.space().equals(space)) {
                throw new IllegalArgumentException("pool " + p + " belongs to address space " + p.space().name()
                        + ", not to the template's space " + space.name());
            }
            for (int j = 0; j < i; j++) {
                AddressAllocator.checkDisjoint(array[j], p);
            }
        }
        return new AllocatorTemplate(space, array);
    }

    public AddressSpace space() {
        return space;
    }

    /** The pools, in order. */
    public List<Pool> pools() {
        return List.of(pools);
    }

    /** A new allocator holding this template's pools and no reservation. O(number of pools). */
    public <O> AddressAllocator<O> newAllocator() {
        return new AddressAllocator<>(space, pools, highest);
    }
}
