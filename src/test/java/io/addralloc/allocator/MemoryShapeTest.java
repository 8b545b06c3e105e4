package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shape of the structure, not its speed: node and word counts follow the reservations, not
 * the size of the space. No timing is asserted here.
 */
class MemoryShapeTest {
    private static final AddressSpace U64 = AddressSpace.of("u64", new Field("x", 64));

    private static AddressAllocator<Integer> pool(long last) {
        AddressAllocator<Integer> a = new AddressAllocator<>(U64);
        a.addPool(U64.pool(FieldRange.of(0, last)));
        return a;
    }

    @Test
    void sameReservationsTakeTheSameStructureIn2To20And2To32Pools() {
        AddressAllocator<Integer> small = pool((1L << 20) - 1);
        AddressAllocator<Integer> large = pool((1L << 32) - 1);
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long x = rnd.nextInt(1 << 20);
            small.reserve(U64.address(x), i);
            large.reserve(U64.address(x), i);
        }
        long[] s = small.structureSize();
        long[] l = large.structureSize();
        assertEquals(s[1], l[1], "leaf words");
        // The 2^32 trie is two levels taller: one extra node per extra level on the root path.
        assertEquals(s[0] + 2, l[0], "nodes");
    }

    @Test
    void anEmptyTwoToTheSixtyFourPoolIsOneNode() {
        assertArrayEquals(new long[] {1, 0, 0, 0}, pool(-1L).structureSize());
    }

    @Test
    void aFullRangeCollapses() {
        AddressAllocator<Integer> a = pool((1L << 32) - 1);
        AddressPattern any = U64.anyAddress();
        for (int i = 0; i < (1 << 18) + 64; i++) {
            a.reserveFirstFree(any, 1);
        }
        // 2^18 used indices are one full block at height 3; the next 64 are one full leaf block.
        long[] shape = a.structureSize();
        assertTrue(shape[0] <= 6 && shape[1] == 0, "nodes " + shape[0] + ", words " + shape[1]);
        a.releaseAll(1);
        assertArrayEquals(new long[] {1, 0, 0, 0}, a.structureSize());
    }

    @Test
    void scatteredReservationsInA2To64PoolCostAFewNodesEach() {
        AddressAllocator<Integer> a = pool(-1L);
        Random rnd = new Random(3);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            a.reserve(U64.address(rnd.nextLong()), i);
        }
        long[] shape = a.structureSize();
        assertEquals(n, shape[1], "one leaf word per isolated reservation");
        assertTrue(shape[0] <= 11L * n, "nodes " + shape[0]);
    }
}
