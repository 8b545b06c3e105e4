package io.addralloc.allocator;

import java.util.Arrays;

/**
 * The first few reservations of a pool too large for a {@link SmallOccupancy}, with their owners
 * kept in place: the used indices sorted (unsigned) in an array, the owners beside them. A disk
 * bus (2^64 target and unit pairs), a MAC range or a DHCP range usually holds one to a handful of
 * addresses per file; for them the trie, the holder map and a holder per owner cost eight objects
 * and over 400 bytes at the first reservation, this costs three and about 100. Past
 * {@link #MAX} reservations the allocator moves them into the trie and holders, whose costs do
 * not grow with the pool.
 *
 * <p>Not thread-safe; {@link #nextFree} and {@link #nextUsed} leave their answer in
 * {@link #found()}, as the trie's do.
 */
final class SparseOccupancy {
    /** The most reservations kept here; the next one moves the pool to the trie. */
    static final int MAX = 16;

    private final long lastIndex;
    private long[] indices = new long[4];
    private Object[] owners = new Object[4];
    private int count;
    private long found;

    /** Covers indices {@code 0..lastIndex}, read unsigned. */
    SparseOccupancy(long lastIndex) {
        this.lastIndex = lastIndex;
    }

    int size() {
        return count;
    }

    boolean isFull() {
        return count == MAX;
    }

    /** The rank of {@code index} among the used ones when it is used, else {@code -1 - rank} where it would go. */
    private int search(long index) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(indices[mid], index);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1 - lo;
    }

    boolean contains(long index) {
        return search(index) >= 0;
    }

    /** The owner of {@code index}, or null when it is free. */
    Object get(long index) {
        int r = search(index);
        return r < 0 ? null : owners[r];
    }

    /** Records {@code owner} (not null) for {@code index}, which must be free, and marks it used; there must be room. */
    void putNew(long index, Object owner) {
        int r = search(index);
        if (r >= 0) {
            throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is already held");
        }
        if (count == MAX) {
            throw new IllegalStateException("no room for index " + Long.toUnsignedString(index));
        }
        r = -1 - r;
        if (count == indices.length) {
            indices = Arrays.copyOf(indices, Math.min(MAX, count * 2));
            owners = Arrays.copyOf(owners, indices.length);
        }
        System.arraycopy(indices, r, indices, r + 1, count - r);
        System.arraycopy(owners, r, owners, r + 1, count - r);
        indices[r] = index;
        owners[r] = owner;
        count++;
    }

    /** Marks {@code index} free and returns its owner, or null when it was free. */
    Object remove(long index) {
        int r = search(index);
        if (r < 0) {
            return null;
        }
        Object old = owners[r];
        System.arraycopy(indices, r + 1, indices, r, count - r - 1);
        System.arraycopy(owners, r + 1, owners, r, count - r - 1);
        count--;
        owners[count] = null;
        return old;
    }

    /** The index of rank {@code rank} (0 for the lowest), for the move to the trie. */
    long index(int rank) {
        return indices[rank];
    }

    /** The owner of the index of rank {@code rank}. */
    Object owner(int rank) {
        return owners[rank];
    }

    /**
     * Looks for the lowest free index at or after {@code from} (unsigned); on success
     * {@link #found()} holds it. As with the trie, the answer may lie beyond the pool's last
     * index; callers compare.
     */
    boolean nextFree(long from) {
        int r = search(from);
        if (r < 0) {
            found = from;
            return true;
        }
        long candidate = from;
        // The used indices from here on are consecutive as long as each is one past the one before.
        while (r < count && indices[r] == candidate) {
            if (candidate == -1L) {
                return false;
            }
            candidate++;
            r++;
        }
        found = candidate;
        return true;
    }

    /** Looks for the lowest used index at or after {@code from} (unsigned); on success {@link #found()} holds it. */
    boolean nextUsed(long from) {
        int r = search(from);
        if (r < 0) {
            r = -1 - r;
        }
        if (r == count) {
            return false;
        }
        found = indices[r];
        return true;
    }

    long found() {
        return found;
    }

    /** The used bits of indices {@code from..from+width-1} ({@code width} 1 to 64), from bit 0; callers ask within the pool. */
    long bits(long from, int width) {
        long result = 0;
        int r = search(from);
        if (r < 0) {
            r = -1 - r;
        }
        for (; r < count; r++) {
            long offset = indices[r] - from;
            if (Long.compareUnsigned(offset, width) >= 0) {
                break;
            }
            result |= 1L << offset;
        }
        return result;
    }

    /** Calls {@code visitor} for every held index, in index order. */
    void forEach(SmallOccupancy.Visitor visitor) {
        for (int r = 0; r < count; r++) {
            visitor.visit(indices[r], owners[r]);
        }
    }

    /**
     * Throws {@link IllegalStateException} unless the indices are sorted, distinct and within
     * the pool, each has an owner and no owner is kept beyond the count; returns the count. For
     * tests.
     */
    long checkInvariants() {
        if (count > MAX) {
            throw new IllegalStateException(count + " reservations kept in place, more than " + MAX);
        }
        for (int r = 0; r < count; r++) {
            if (r > 0 && Long.compareUnsigned(indices[r - 1], indices[r]) >= 0) {
                throw new IllegalStateException("indices out of order at rank " + r);
            }
            if (Long.compareUnsigned(indices[r], lastIndex) > 0 || owners[r] == null) {
                throw new IllegalStateException("index " + Long.toUnsignedString(indices[r]) + " beyond the pool or without owner");
            }
        }
        for (int r = count; r < owners.length; r++) {
            if (owners[r] != null) {
                throw new IllegalStateException("owner kept at rank " + r + " beyond the " + count + " reservations");
            }
        }
        return count;
    }
}
