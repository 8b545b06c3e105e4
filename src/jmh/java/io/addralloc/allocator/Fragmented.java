package io.addralloc.allocator;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;

/**
 * The benchmark space and the four implementations compared on it. The space is
 * {@code a:b:c} with widths 4, 8 and 8 bits (2^20 addresses, flattened as {@code a<<16|b<<8|c}),
 * one pool covering all of it, and half of the addresses reserved at random (seeded).
 *
 * <ul>
 *   <li>{@code allocator}: the public API, {@link AddressAllocator}, with owners and
 *       {@link Reservation} objects: what a caller pays.</li>
 *   <li>{@code core}: the same free-space search without owner bookkeeping, the pool's
 *       {@link PoolState#firstFree} and its {@link OccupancyTrie}: the structure alone, like for
 *       like with the baselines.</li>
 *   <li>{@code bitset}: a {@link BitSet} over the flattened space; first free is
 *       {@code nextClearBit} from the pattern's lowest flattened index, jumping to the next
 *       sub-box address when the hit is outside the sub-box.</li>
 *   <li>{@code hashset}: a {@code HashSet<Long>} of flattened addresses; first free probes the
 *       pattern's addresses upward one by one.</li>
 * </ul>
 */
final class Fragmented {
    static final int SIZE = 1 << 20;
    static final AddressSpace SPACE = AddressSpace.of("bench", new Field("a", 4), new Field("b", 8), new Field("c", 8));
    /** The sub-box pattern: middle field fixed, so 16 runs of 256 addresses. */
    static final int FIXED_B = 0x55;
    static final AddressPattern ANY = SPACE.anyAddress();
    static final AddressPattern SUB_BOX = SPACE.pattern(FieldPattern.any(), FieldPattern.value(FIXED_B), FieldPattern.any());
    static final Pool POOL = SPACE.pool(FieldRange.of(0, 15), FieldRange.of(0, 255), FieldRange.of(0, 255));

    static final long SEED = 20_260_101L;

    /** The free ({@code used == false}) or reserved flattened addresses of {@code initial}, shuffled (seeded). */
    static int[] shuffled(BitSet initial, boolean used) {
        int[] out = new int[used ? initial.cardinality() : SIZE - initial.cardinality()];
        int k = 0;
        for (int i = 0; i < SIZE; i++) {
            if (initial.get(i) == used) {
                out[k++] = i;
            }
        }
        Random rnd = new Random(7);
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** The flattened addresses reserved at the start, half of all, the same for every implementation. */
    static BitSet initialState(long seed) {
        Random rnd = new Random(seed);
        BitSet used = new BitSet(SIZE);
        for (int i = 0; i < SIZE; i++) {
            if (rnd.nextBoolean()) {
                used.set(i);
            }
        }
        return used;
    }

    static Address address(int flat) {
        return SPACE.address(flat >>> 16, (flat >>> 8) & 0xff, flat & 0xff);
    }

    static int flat(Address a) {
        return (int) (a.get(0) << 16 | a.get(1) << 8 | a.get(2));
    }

    /** One implementation under test; flattened addresses in and out, -1 for "none free". */
    interface Subject {
        int reserveFirstFree(boolean subBox);

        void reserve(int flat);

        void release(int flat);
    }

    static Subject create(String kind, BitSet initial) {
        return switch (kind) {
            case "allocator" -> new AllocatorSubject(initial);
            case "core" -> new CoreSubject(initial);
            case "bitset" -> new BitSetSubject(initial);
            case "hashset" -> new HashSetSubject(initial);
            default -> throw new IllegalArgumentException("unknown implementation " + kind);
        };
    }

    static final class AllocatorSubject implements Subject {
        private final AddressAllocator<Integer> alloc = new AddressAllocator<>(SPACE);
        private final Integer owner = 42;

        AllocatorSubject(BitSet initial) {
            alloc.addPool(POOL);
            for (int i = initial.nextSetBit(0); i >= 0; i = initial.nextSetBit(i + 1)) {
                // 4096 owners of 128 addresses each.
                alloc.reserve(address(i), i & 4095);
            }
        }

        @Override
        public int reserveFirstFree(boolean subBox) {
            return alloc.reserveFirstFree(subBox ? SUB_BOX : ANY, owner).map(r -> flat(r.address())).orElse(-1);
        }

        @Override
        public void reserve(int flat) {
            alloc.reserve(address(flat), owner);
        }

        @Override
        public void release(int flat) {
            alloc.release(address(flat));
        }
    }

    /** The pool state's trie with its holder map, as the allocator keeps a large pool; one held value for every index. */
    static final class CoreSubject implements Subject {
        private static final long HELD = HolderMap.held(0, 0);
        private final PoolState<Integer> pool = new PoolState<>(POOL);

        CoreSubject(BitSet initial) {
            for (int i = initial.nextSetBit(0); i >= 0; i = initial.nextSetBit(i + 1)) {
                pool.hold(i, HELD);
            }
        }

        @Override
        public int reserveFirstFree(boolean subBox) {
            if (!pool.firstFree(subBox ? SUB_BOX : ANY)) {
                return -1;
            }
            long found = pool.found();
            pool.hold(found, HELD);
            return (int) found;
        }

        @Override
        public void reserve(int flat) {
            pool.hold(flat, HELD);
        }

        @Override
        public void release(int flat) {
            pool.take(flat);
        }
    }

    static final class BitSetSubject implements Subject {
        private final BitSet used;

        BitSetSubject(BitSet initial) {
            used = (BitSet) initial.clone();
        }

        @Override
        public int reserveFirstFree(boolean subBox) {
            int candidate = subBox ? FIXED_B << 8 : 0;
            while (true) {
                int f = used.nextClearBit(candidate);
                if (f >= SIZE) {
                    return -1;
                }
                if (subBox) {
                    int b = (f >>> 8) & 0xff;
                    if (b != FIXED_B) {
                        int a = f >>> 16;
                        if (b > FIXED_B) {
                            a++;
                        }
                        if (a > 15) {
                            return -1;
                        }
                        candidate = a << 16 | FIXED_B << 8;
                        continue;
                    }
                }
                used.set(f);
                return f;
            }
        }

        @Override
        public void reserve(int flat) {
            if (used.get(flat)) {
                throw new IllegalStateException("taken " + flat);
            }
            used.set(flat);
        }

        @Override
        public void release(int flat) {
            used.clear(flat);
        }
    }

    static final class HashSetSubject implements Subject {
        private final HashSet<Long> used = new HashSet<>();

        HashSetSubject(BitSet initial) {
            for (int i = initial.nextSetBit(0); i >= 0; i = initial.nextSetBit(i + 1)) {
                used.add((long) i);
            }
        }

        @Override
        public int reserveFirstFree(boolean subBox) {
            if (subBox) {
                for (int a = 0; a < 16; a++) {
                    for (int c = 0; c < 256; c++) {
                        long f = a << 16 | FIXED_B << 8 | c;
                        if (used.add(f)) {
                            return (int) f;
                        }
                    }
                }
                return -1;
            }
            for (long f = 0; f < SIZE; f++) {
                if (used.add(f)) {
                    return (int) f;
                }
            }
            return -1;
        }

        @Override
        public void reserve(int flat) {
            if (!used.add((long) flat)) {
                throw new IllegalStateException("taken " + flat);
            }
        }

        @Override
        public void release(int flat) {
            used.remove((long) flat);
        }
    }
}
