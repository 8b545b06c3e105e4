package io.addralloc.allocator;

import java.util.Arrays;

/**
 * Who holds each used index of one pool: a hash map from unsigned long index to a "held" value,
 * {@link #held(int, int) the holder's id and the index's position in the holder's list} (see
 * {@link HolderRegistry} and {@link Holder}), keyed by block of 64 consecutive indices so that
 * neighbours share one entry.
 *
 * <p>Each slot holds a block number, the mask of its held indices and either the one value
 * (when the block has one held index) or where the block's values sit in a shared arena: ranked
 * by the mask in a chunk of 2 to 16 longs, like the leaf level of {@link OccupancyTrie}, or by
 * position in a chunk of 64 (denser blocks, so that inserting and deleting shift nothing). So a
 * dense run costs 8 to 16 bytes per held index, an isolated index about 40 bytes of slot, and
 * consecutive reservations (filling a pool) touch one slot 64 times instead of 64 scattered
 * ones.
 *
 * <p>Three choices keep a random lookup at about two cache lines, the slot and the value:
 * <ul>
 *   <li>a slot's block, mask and value (or chunk) are adjacent longs;</li>
 *   <li>chunks live in one {@code long[]} rather than one array per block, which would add the
 *       array reference and the array header (read by every bounds check) to each lookup;</li>
 *   <li>everything is numbers, no references: every reference stored into a long-lived array
 *       makes G1 dirty a card and rescan it later, and with holder references that refinement
 *       took more time than everything else in a reserve or release.</li>
 * </ul>
 *
 * <p>Freed chunks are kept on a free list per size and reused; the arena does not shrink, so it
 * follows the largest number of reservations held at once. Open addressing with linear probing
 * and backward-shift deletion (no tombstones). Not thread-safe.
 */
final class HolderMap {
    /** Longs per slot: block number ({@code index >>> 6}), held mask (0 for an empty slot), value or chunk. */
    private static final int STRIDE = 3;
    /** Chunk capacities by size class; the last class is indexed by position, the others ranked. */
    private static final int[] CAPACITY = {2, 4, 8, 16, 64};
    private static final int DIRECT = CAPACITY.length - 1;
    /** A direct block with this many held indices or fewer goes back to a ranked chunk. */
    private static final int BACK_TO_RANKED = 8;

    // Small at first: an allocator made per file from a template has a map per pool it reserves in.
    private long[] slots = new long[STRIDE * 4];
    private int capacity = 4;
    private int shift = 64 - 2;
    private int blocks;
    private long size;
    /** The slot found last; checked against its key before use, because deletion moves entries. */
    private int lastSlot;

    private static final long[] NO_ARENA = new long[0];

    /** Empty until a block holds two indices. */
    private long[] arena = NO_ARENA;
    private int arenaTop;
    /** Per size class, the first free chunk, or -1; a free chunk holds the next one's offset. Null until a chunk is freed. */
    private int[] freeChunk;

    /** Number of held indices. */
    long size() {
        return size;
    }

    /** Number of blocks with a held index (for memory-shape checks). */
    int blockCount() {
        return blocks;
    }

    /** The value for holder {@code id} (non-negative) and list position {@code position}. */
    static long held(int id, int position) {
        return (long) id << 32 | (position & 0xFFFF_FFFFL);
    }

    static int id(long held) {
        return (int) (held >>> 32);
    }

    static int position(long held) {
        return (int) held;
    }

    private int home(long block) {
        return (int) ((block * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The slot of {@code block}, or {@code ~s} for the empty slot s where it would go. */
    private int slotOf(long block) {
        int s = lastSlot;
        if (slots[STRIDE * s] == block && slots[STRIDE * s + 1] != 0) {
            return s;
        }
        int mask = capacity - 1;
        for (s = home(block); slots[STRIDE * s + 1] != 0; s = (s + 1) & mask) {
            if (slots[STRIDE * s] == block) {
                lastSlot = s;
                return s;
            }
        }
        return ~s;
    }

    private static boolean single(long mask) {
        return (mask & (mask - 1)) == 0;
    }

    private static int rank(long mask, long bit) {
        return Long.bitCount(mask & (bit - 1));
    }

    /** A chunk reference: its offset in the arena and its size class. */
    private static long chunk(int offset, int sizeClass) {
        return (long) sizeClass << 32 | offset;
    }

    private static int offset(long chunk) {
        return (int) chunk;
    }

    private static int sizeClass(long chunk) {
        return (int) (chunk >>> 32);
    }

    /** Where the value of {@code index} sits in the arena, for a slot with {@code mask} (two or more bits) and {@code chunk}. */
    private static int valueAt(long chunk, long mask, long index) {
        return sizeClass(chunk) == DIRECT ? offset(chunk) + ((int) index & 63)
                : offset(chunk) + rank(mask, 1L << index);
    }

    /** The held value of {@code index}, or -1 when it is not held. */
    long get(long index) {
        int s = slotOf(index >>> 6);
        if (s < 0) {
            return -1;
        }
        long mask = slots[STRIDE * s + 1];
        if ((mask & 1L << index) == 0) {
            return -1;
        }
        long value = slots[STRIDE * s + 2];
        return single(mask) ? value : arena[valueAt(value, mask, index)];
    }

    /** Changes the list position recorded for {@code index}, which must be held. */
    void setPosition(long index, int position) {
        int s = slotOf(index >>> 6);
        long mask = s < 0 ? 0 : slots[STRIDE * s + 1];
        if ((mask & 1L << index) == 0) {
            throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is not held");
        }
        if (single(mask)) {
            slots[STRIDE * s + 2] = held(id(slots[STRIDE * s + 2]), position);
        } else {
            int at = valueAt(slots[STRIDE * s + 2], mask, index);
            arena[at] = held(id(arena[at]), position);
        }
    }

    /** Records {@code held} (non-negative) for {@code index}, which must not be held. */
    void putNew(long index, long held) {
        // Filling stays in the block reached last; when that block is direct, this is a store.
        int s = lastSlot;
        long mask = slots[STRIDE * s + 1];
        long chunk = slots[STRIDE * s + 2];
        long bit = 1L << index;
        if (slots[STRIDE * s] == index >>> 6 && !single(mask) && sizeClass(chunk) == DIRECT && (mask & bit) == 0) {
            arena[offset(chunk) + ((int) index & 63)] = held;
            slots[STRIDE * s + 1] = mask | bit;
            size++;
            return;
        }
        putNewInSlot(index, held);
    }

    private void putNewInSlot(long index, long held) {
        long block = index >>> 6;
        long bit = 1L << index;
        int s = slotOf(block);
        if (s < 0) {
            if ((blocks + 1) * 4L > capacity * 3L) {
                grow();
                s = slotOf(block);
            }
            s = ~s;
            slots[STRIDE * s] = block;
            slots[STRIDE * s + 1] = bit;
            slots[STRIDE * s + 2] = held;
            lastSlot = s;
            blocks++;
            size++;
            return;
        }
        long mask = slots[STRIDE * s + 1];
        if ((mask & bit) != 0) {
            throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is already held");
        }
        int r = rank(mask, bit);
        int count = Long.bitCount(mask);
        long value = slots[STRIDE * s + 2];
        if (count == 1) {
            int at = allocate(0);
            arena[at + 1 - r] = value;
            arena[at + r] = held;
            slots[STRIDE * s + 2] = chunk(at, 0);
        } else {
            int c = sizeClass(value);
            int at = offset(value);
            if (c == DIRECT) {
                arena[at + ((int) index & 63)] = held;
            } else if (count < CAPACITY[c]) {
                System.arraycopy(arena, at + r, arena, at + r + 1, count - r);
                arena[at + r] = held;
            } else if (c + 1 < DIRECT) {
                int wider = allocate(c + 1);
                System.arraycopy(arena, at, arena, wider, r);
                System.arraycopy(arena, at + r, arena, wider + r + 1, count - r);
                arena[wider + r] = held;
                free(at, c);
                slots[STRIDE * s + 2] = chunk(wider, c + 1);
            } else {
                int direct = allocate(DIRECT);
                int k = 0;
                for (long m = mask; m != 0; m &= m - 1) {
                    arena[direct + Long.numberOfTrailingZeros(m)] = arena[at + k++];
                }
                arena[direct + ((int) index & 63)] = held;
                free(at, c);
                slots[STRIDE * s + 2] = chunk(direct, DIRECT);
            }
        }
        slots[STRIDE * s + 1] = mask | bit;
        size++;
    }

    /** Forgets the holder of {@code index} and returns its held value, or -1 when it was not held. */
    long remove(long index) {
        int s = lastSlot;
        long mask = slots[STRIDE * s + 1];
        long chunk = slots[STRIDE * s + 2];
        long bit = 1L << index;
        if (slots[STRIDE * s] == index >>> 6 && !single(mask) && sizeClass(chunk) == DIRECT && (mask & bit) != 0
                && Long.bitCount(mask) > BACK_TO_RANKED + 1) {
            slots[STRIDE * s + 1] = mask & ~bit;
            size--;
            return arena[offset(chunk) + ((int) index & 63)];
        }
        return removeInSlot(index);
    }

    private long removeInSlot(long index) {
        int s = slotOf(index >>> 6);
        if (s < 0) {
            return -1;
        }
        long mask = slots[STRIDE * s + 1];
        long bit = 1L << index;
        if ((mask & bit) == 0) {
            return -1;
        }
        long value = slots[STRIDE * s + 2];
        long rest = mask & ~bit;
        if (rest == 0) {
            deleteSlot(s);
            size--;
            return value;
        }
        int c = sizeClass(value);
        int at = offset(value);
        int count = Long.bitCount(mask);
        long old;
        if (c == DIRECT) {
            old = arena[at + ((int) index & 63)];
            if (count - 1 <= BACK_TO_RANKED) {
                int ranked = allocate(DIRECT - 1);
                int k = 0;
                for (long m = rest; m != 0; m &= m - 1) {
                    arena[ranked + k++] = arena[at + Long.numberOfTrailingZeros(m)];
                }
                free(at, DIRECT);
                slots[STRIDE * s + 2] = chunk(ranked, DIRECT - 1);
            }
        } else {
            int r = rank(mask, bit);
            old = arena[at + r];
            if (count == 2) {
                slots[STRIDE * s + 2] = arena[at + 1 - r];
                free(at, c);
            } else if (c > 0 && (count - 1) * 4 <= CAPACITY[c]) {
                int narrower = allocate(c - 1);
                System.arraycopy(arena, at, arena, narrower, r);
                System.arraycopy(arena, at + r + 1, arena, narrower + r, count - r - 1);
                free(at, c);
                slots[STRIDE * s + 2] = chunk(narrower, c - 1);
            } else {
                System.arraycopy(arena, at + r + 1, arena, at + r, count - r - 1);
            }
        }
        slots[STRIDE * s + 1] = rest;
        size--;
        return old;
    }

    /** Calls {@code visitor} for every held index, in no particular order. */
    void forEach(Visitor visitor) {
        for (int s = 0; s < capacity; s++) {
            long mask = slots[STRIDE * s + 1];
            if (mask == 0) {
                continue;
            }
            long base = slots[STRIDE * s] << 6;
            long value = slots[STRIDE * s + 2];
            if (single(mask)) {
                visitor.visit(base | Long.numberOfTrailingZeros(mask), value);
                continue;
            }
            for (long m = mask; m != 0; m &= m - 1) {
                long index = base | Long.numberOfTrailingZeros(m);
                visitor.visit(index, arena[valueAt(value, mask, index)]);
            }
        }
    }

    interface Visitor {
        void visit(long index, long held);
    }

    private int allocate(int sizeClass) {
        int at = freeChunk == null ? -1 : freeChunk[sizeClass];
        if (at >= 0) {
            freeChunk[sizeClass] = (int) arena[at];
            return at;
        }
        int size = CAPACITY[sizeClass];
        if (arenaTop + size > arena.length) {
            if (arena.length > Integer.MAX_VALUE / 2 - 64) {
                throw new IllegalStateException("too many reservations in one pool");
            }
            // A first arena of 32 holds the chunks one block takes on its way to 16 values.
            arena = Arrays.copyOf(arena, Math.max(32, Math.max(arenaTop + size, arena.length * 2)));
        }
        at = arenaTop;
        arenaTop += size;
        return at;
    }

    private void free(int at, int sizeClass) {
        if (freeChunk == null) {
            freeChunk = new int[] {-1, -1, -1, -1, -1};
        }
        arena[at] = freeChunk[sizeClass];
        freeChunk[sizeClass] = at;
    }

    private void deleteSlot(int s) {
        long value = slots[STRIDE * s + 2];
        if (!single(slots[STRIDE * s + 1])) {
            free(offset(value), sizeClass(value));
        }
        // Pull later entries of the probe chain back into the hole unless their home slot lies
        // cyclically after the hole, so that lookups never need tombstones.
        int mask = capacity - 1;
        int hole = s;
        for (int j = (hole + 1) & mask; slots[STRIDE * j + 1] != 0; j = (j + 1) & mask) {
            int home = home(slots[STRIDE * j]);
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                System.arraycopy(slots, STRIDE * j, slots, STRIDE * hole, STRIDE);
                hole = j;
            }
        }
        slots[STRIDE * hole] = 0;
        slots[STRIDE * hole + 1] = 0;
        slots[STRIDE * hole + 2] = 0;
        blocks--;
    }

    private void grow() {
        long[] old = slots;
        int oldCapacity = capacity;
        capacity *= 2;
        slots = new long[STRIDE * capacity];
        shift--;
        lastSlot = 0;
        int mask = capacity - 1;
        for (int k = 0; k < oldCapacity; k++) {
            if (old[STRIDE * k + 1] != 0) {
                int s = home(old[STRIDE * k]);
                while (slots[STRIDE * s + 1] != 0) {
                    s = (s + 1) & mask;
                }
                System.arraycopy(old, STRIDE * k, slots, STRIDE * s, STRIDE);
            }
        }
    }
}
