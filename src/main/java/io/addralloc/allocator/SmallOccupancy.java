package io.addralloc.allocator;

import java.util.Arrays;

/**
 * The used indices of a pool of at most {@link #MAX_INDICES} indices and who holds them, in place
 * of an {@link OccupancyTrie}, a {@link HolderMap} and the owner's {@link Holder}: the used indices
 * as a plain bitmap of up to eight words, the owners in an array ranked by the bitmap, the owner of
 * a pool's only reservation in a field.
 *
 * <p>Small pools are common: a PCI bus (at most 32 slots of 8 functions), a root port (one
 * slot), a USB hub's ports, a virtio-serial controller's ports. Most hold a few reservations,
 * often one; the trie and the holder map cost five objects and about 350 bytes at a pool's first
 * reservation, this costs two objects and 40 bytes, and each operation is a few word operations
 * with no descent and no hashing. Every search scans at most eight words. The owner is kept here
 * rather than in a holder list per owner: a first reservation of an owner then makes no holder and
 * no owner-table entry (most owners of a domain hold one address), at the price of a scan of the
 * small pools' reservations when all of one owner's addresses are asked for.
 *
 * <p>Not thread-safe; {@link #nextFree} and {@link #nextUsed} leave their answer in
 * {@link #found()}, as the trie's do.
 */
final class SmallOccupancy {
    /** Pools of at most this many indices (eight words) are kept here rather than in a trie. */
    static final int MAX_INDICES = 512;

    private final long[] words;
    /** The owners ranked by the bitmap while {@link #count} is 2 or more; may be longer, and is kept when it drops. */
    private Object[] owners;
    /** The owner while {@link #count} is 1. */
    private Object only;
    private int count;
    private long found;

    /** Covers indices {@code 0..lastIndex}; {@code lastIndex} is below {@link #MAX_INDICES}. */
    SmallOccupancy(long lastIndex) {
        words = new long[(int) (lastIndex >>> 6) + 1];
    }

    /** Whether a pool whose last index is {@code lastIndex} (unsigned) is small enough. */
    static boolean fits(long lastIndex) {
        return Long.compareUnsigned(lastIndex, MAX_INDICES - 1) <= 0;
    }

    /** Number of held indices. */
    int size() {
        return count;
    }

    /** Number of words with a used index (for memory-shape checks). */
    int wordCount() {
        int n = 0;
        for (long w : words) {
            n += w == 0 ? 0 : 1;
        }
        return n;
    }

    boolean contains(long index) {
        return (words[(int) (index >>> 6)] & 1L << index) != 0;
    }

    /** How many used indices lie below {@code index}. */
    private int rank(long index) {
        int w = (int) (index >>> 6);
        int r = Long.bitCount(words[w] & ((1L << index) - 1));
        for (int j = 0; j < w; j++) {
            r += Long.bitCount(words[j]);
        }
        return r;
    }

    /** The owner of {@code index}, or null when it is free. */
    Object get(long index) {
        if (!contains(index)) {
            return null;
        }
        return count == 1 ? only : owners[rank(index)];
    }

    /** Records {@code owner} (not null) for {@code index}, which must be free, and marks it used. */
    void putNew(long index, Object owner) {
        int w = (int) (index >>> 6);
        long bit = 1L << index;
        if ((words[w] & bit) != 0) {
            throw new IllegalStateException("index " + index + " is already held");
        }
        if (count == 0) {
            only = owner;
        } else {
            int r = rank(index);
            Object[] v = owners;
            if (v == null || count == v.length) {
                // A bus's slots fill one by one: start at 8 and grow fourfold, so that filling a pc's
                // bus copies the array twice, not five times.
                v = owners = v == null ? new Object[8] : Arrays.copyOf(v, Math.min(v.length * 4, words.length * 64));
            }
            if (count == 1) {
                v[1 - r] = only;
                v[r] = owner;
                only = null;
            } else {
                System.arraycopy(v, r, v, r + 1, count - r);
                v[r] = owner;
            }
        }
        words[w] |= bit;
        count++;
    }

    /** Marks {@code index} free and returns its owner, or null when it was free. */
    Object remove(long index) {
        if (!contains(index)) {
            return null;
        }
        Object old;
        if (count == 1) {
            old = only;
            only = null;
        } else {
            int r = rank(index);
            Object[] v = owners;
            old = v[r];
            System.arraycopy(v, r + 1, v, r, count - r - 1);
            v[count - 1] = null;
            if (count == 2) {
                only = v[0];
                v[0] = null;
            }
        }
        words[(int) (index >>> 6)] &= ~(1L << index);
        count--;
        return old;
    }

    /** Frees every index, keeping the arrays (emptied, so that they keep no owner alive). */
    void clear() {
        Arrays.fill(words, 0);
        if (count > 1) {
            Arrays.fill(owners, 0, count, null);
        }
        only = null;
        count = 0;
    }

    /**
     * Looks for the lowest free index at or after {@code from} (unsigned); on success
     * {@link #found()} holds it. As with the trie, the answer may lie beyond the pool's last
     * index, in its last word; callers compare.
     */
    boolean nextFree(long from) {
        if (Long.compareUnsigned(from >>> 6, words.length) >= 0) {
            return false;
        }
        int w = (int) (from >>> 6);
        long free = ~words[w] & (-1L << from);
        while (free == 0) {
            if (++w == words.length) {
                return false;
            }
            free = ~words[w];
        }
        found = (long) w << 6 | Long.numberOfTrailingZeros(free);
        return true;
    }

    /** Looks for the lowest used index at or after {@code from} (unsigned); on success {@link #found()} holds it. */
    boolean nextUsed(long from) {
        if (Long.compareUnsigned(from >>> 6, words.length) >= 0) {
            return false;
        }
        int w = (int) (from >>> 6);
        long used = words[w] & (-1L << from);
        while (used == 0) {
            if (++w == words.length) {
                return false;
            }
            used = words[w];
        }
        found = (long) w << 6 | Long.numberOfTrailingZeros(used);
        return true;
    }

    /**
     * The first index {@code start + k * length} ({@code k >= 0}) whose run of {@code length} indices
     * (1 to 64) is free and ends at or before {@code end}; -1 when there is none. A small pool's
     * {@code firstEmpty} over whole inner fields (a PCI slot's eight functions) is this.
     */
    long firstFreeRun(long start, long end, int length) {
        long mask = length == 64 ? -1L : (1L << length) - 1;
        for (long from = start; from + length - 1 <= end; from += length) {
            int offset = (int) from & 63;
            int w = (int) (from >>> 6);
            long run = words[w] >>> offset;
            if (offset + length > 64) {
                run |= (w + 1 < words.length ? words[w + 1] : -1L) << (64 - offset);
            }
            if ((run & mask) == 0) {
                return from;
            }
        }
        return -1;
    }

    long found() {
        return found;
    }

    /** The used bits of indices {@code from..from+count-1} (count 1 to 64), from bit 0; words beyond the pool read as used, as the trie's blocks do. */
    long bits(long from, int count) {
        long block = from >>> 6;
        int offset = (int) from & 63;
        long result = word(block) >>> offset;
        if (offset != 0 && count > 64 - offset) {
            result |= word(block + 1) << (64 - offset);
        }
        return count == 64 ? result : result & ((1L << count) - 1);
    }

    private long word(long block) {
        return Long.compareUnsigned(block, words.length) < 0 ? words[(int) block] : -1L;
    }

    /** What {@link #forEach} calls for each held index. */
    @FunctionalInterface
    interface Visitor {
        void visit(long index, Object owner);
    }

    /** Calls {@code visitor} for every held index, in index order. */
    void forEach(Visitor visitor) {
        int k = 0;
        for (int w = 0; w < words.length; w++) {
            for (long m = words[w]; m != 0; m &= m - 1) {
                visitor.visit((long) w << 6 | Long.numberOfTrailingZeros(m), count == 1 ? only : owners[k]);
                k++;
            }
        }
    }

    /**
     * Throws {@link IllegalStateException} unless the count matches the bitmap, no index beyond
     * {@code lastIndex} is used, every held index has an owner and the arrays keep no owner of a
     * freed index; returns the count. For tests.
     */
    long checkInvariants(long lastIndex) {
        int bits = 0;
        for (int w = 0; w < words.length; w++) {
            bits += Long.bitCount(words[w]);
            long beyond = (long) w << 6 > lastIndex ? -1L : lastIndex - ((long) w << 6) >= 63 ? 0 : -1L << (lastIndex + 1);
            if ((words[w] & beyond) != 0) {
                throw new IllegalStateException("word " + w + " uses indices beyond " + lastIndex);
            }
        }
        if (bits != count || count > 1 && owners.length < count) {
            throw new IllegalStateException(bits + " used indices, count " + count);
        }
        forEach((index, owner) -> {
            if (owner == null) {
                throw new IllegalStateException("index " + index + " has no owner");
            }
        });
        if (count != 1 && only != null) {
            throw new IllegalStateException("an owner is kept for the only reservation of a pool holding " + count);
        }
        for (int i = count < 2 ? 0 : count; owners != null && i < owners.length; i++) {
            if (owners[i] != null) {
                throw new IllegalStateException("owner kept at rank " + i + " beyond the " + count + " reservations");
            }
        }
        return count;
    }
}
