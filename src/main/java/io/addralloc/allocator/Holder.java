package io.addralloc.allocator;

import java.util.Arrays;

/**
 * One owner's reservations in one pool, as a list of indices. The pool's {@link HolderMap}
 * records for each reserved index the holder's id (or an {@link OwnerAlias}'s) and the index's
 * position in this list, so release by address finds the holder without hashing the owner and
 * removes the index from the list by moving the last entry into its place; release by owner
 * walks the list instead of the pool.
 *
 * <p>The owner's holders in other pools are chained through {@link #nextPool} from the one in
 * the allocator's owner table.
 */
final class Holder<O> {
    final O owner;
    /** {@code owner.hashCode()}, kept because the owner table rehashes and shifts entries. */
    final int hash;
    final PoolState<O> pool;
    /** This holder's id in the allocator's {@link HolderRegistry}. */
    int id;
    /** The same owner's holder in another pool, or null. */
    Holder<O> nextPool;
    /** The list is {@code only} while {@code indices} is null (an owner with one reservation needs no array), else {@code indices[0..size)}. */
    private long only;
    private long[] indices;
    private int size;

    Holder(O owner, int hash, PoolState<O> pool) {
        this.owner = owner;
        this.hash = hash;
        this.pool = pool;
    }

    /** Number of indices held. */
    int size() {
        return size;
    }

    long entry(int position) {
        return indices == null ? only : indices[position];
    }

    /** Appends {@code index} and returns its position. */
    int add(long index) {
        long[] list = indices;
        if (list == null || size == list.length) {
            if (size == 0) {
                only = index;
                size = 1;
                return 0;
            }
            list = widen();
        }
        list[size] = index;
        return size++;
    }

    private long[] widen() {
        if (indices == null) {
            indices = new long[4];
            indices[0] = only;
        } else {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("owner " + owner + " holds too many addresses in one pool");
            }
            indices = Arrays.copyOf(indices, (int) Math.min(Integer.MAX_VALUE - 8, size * 2L));
        }
        return indices;
    }

    /**
     * Removes the entry at {@code position} by moving the last entry there; the caller records
     * the new position of the moved index, {@code entry(position)}, when {@code position} was not
     * the last.
     */
    void removeAt(int position) {
        int last = size - 1;
        if (indices == null) {
            size = 0;
            return;
        }
        indices[position] = indices[last];
        size = last;
        if (size <= 1) {
            only = indices[0];
            indices = null;
        } else if (size * 4 <= indices.length && indices.length > 4) {
            indices = Arrays.copyOf(indices, size * 2);
        }
    }
}
