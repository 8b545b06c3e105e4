package io.addralloc.allocator;

import java.util.Arrays;

/**
 * Gives each {@link Holder} and each {@link OwnerAlias} an int id, so that a pool's
 * {@link HolderMap} stores numbers rather than references (see there why). Ids of holders and
 * aliases that are gone are reused, so the table follows the largest number of owners (and
 * aliased reservations) held at once, not how many came and went. Not thread-safe.
 */
final class HolderRegistry {
    // Room for a small domain's devices without growing.
    private Object[] byId = new Object[32];
    private int[] freeIds = new int[8];
    private int freeCount;
    private int nextId;

    /** Registers a {@link Holder} or an {@link OwnerAlias} and returns its id. */
    int add(Object holderOrAlias) {
        int id;
        if (freeCount > 0) {
            id = freeIds[--freeCount];
        } else {
            id = nextId++;
            if (id == byId.length) {
                byId = Arrays.copyOf(byId, id * 2);
            }
        }
        byId[id] = holderOrAlias;
        return id;
    }

    /** Forgets every holder and alias, keeping the table's size. */
    void clear() {
        Arrays.fill(byId, 0, nextId, null);
        nextId = 0;
        freeCount = 0;
    }

    void remove(int id) {
        byId[id] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = id;
    }

    /** The holder that id {@code id} counts toward: the registered holder, or the alias's. */
    @SuppressWarnings("unchecked")
    <O> Holder<O> holder(int id) {
        Object o = byId[id];
        return o instanceof OwnerAlias<?> a ? (Holder<O>) a.holder : (Holder<O>) o;
    }

    /** The owner object passed when the reservation with holder id {@code id} was made. */
    @SuppressWarnings("unchecked")
    <O> O owner(int id) {
        Object o = byId[id];
        return o instanceof OwnerAlias<?> a ? (O) a.owner : ((Holder<O>) o).owner;
    }
}
