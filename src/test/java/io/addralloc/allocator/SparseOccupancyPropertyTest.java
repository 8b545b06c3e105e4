package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A large pool's first reservations, kept in place, against a sorted map of index to owner:
 * holding up to the limit and freeing, the owners, the searches for the next free and next used
 * index (runs of consecutive indices, the top of a 2^64 pool), a run of bits, the visit in index
 * order, and the invariants after every step. Indices are drawn near a few random bases, so that
 * runs and neighbours occur, in pools of 2^64 and smaller. Failures name the seed and the step.
 */
class SparseOccupancyPropertyTest {
    @Test
    void randomOperationsMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            long lastIndex = seed % 3 == 0 ? -1L : 600 + rnd.nextInt(1 << 20);
            long[] bases = {0, lastIndex - 20, Long.remainderUnsigned(rnd.nextLong(), lastIndex - 30)};
            SparseOccupancy sparse = new SparseOccupancy(lastIndex);
            TreeMap<Long, Object> model = new TreeMap<>(Long::compareUnsigned);
            for (int step = 0; step < 300; step++) {
                String where = "seed " + seed + ", step " + step + ": ";
                long index = near(rnd, bases, lastIndex);
                int op = rnd.nextInt(100);
                if (op < 60) {
                    Object owner = "owner " + rnd.nextInt(20);
                    if (model.containsKey(index)) {
                        assertThrows(IllegalStateException.class, () -> sparse.putNew(index, owner), where + "hold a held index");
                    } else if (model.size() == SparseOccupancy.MAX) {
                        assertEquals(true, sparse.isFull(), where + "full");
                        assertThrows(IllegalStateException.class, () -> sparse.putNew(index, owner), where + "hold past the limit");
                    } else {
                        sparse.putNew(index, owner);
                        model.put(index, owner);
                    }
                } else {
                    assertSame(model.remove(index), sparse.remove(index), where + "remove " + Long.toUnsignedString(index));
                }
                check(where, sparse, model, near(rnd, bases, lastIndex), rnd);
            }
        }
    }

    private static long near(Random rnd, long[] bases, long lastIndex) {
        long index = bases[rnd.nextInt(bases.length)] + rnd.nextInt(24);
        return Long.compareUnsigned(index, lastIndex) > 0 ? lastIndex - rnd.nextInt(3) : index;
    }

    private static void check(String where, SparseOccupancy sparse, TreeMap<Long, Object> model, long from, Random rnd) {
        assertEquals(model.size(), sparse.checkInvariants(), where + "count");
        assertSame(model.get(from), sparse.get(from), where + "get " + Long.toUnsignedString(from));
        Long used = model.ceilingKey(from);
        assertEquals(used != null, sparse.nextUsed(from), where + "nextUsed found");
        if (used != null) {
            assertEquals(used.longValue(), sparse.found(), where + "nextUsed(" + Long.toUnsignedString(from) + ")");
        }
        long free = from;
        boolean anyFree = true;
        while (model.containsKey(free)) {
            if (free == -1L) {
                anyFree = false;
                break;
            }
            free++;
        }
        assertEquals(anyFree, sparse.nextFree(from), where + "nextFree found");
        if (anyFree) {
            assertEquals(free, sparse.found(), where + "nextFree(" + Long.toUnsignedString(from) + ")");
        }
        int width = 1 + rnd.nextInt(64);
        long bits = 0;
        for (int i = 0; i < width; i++) {
            bits |= (model.containsKey(from + i) && Long.compareUnsigned(from + i, from) >= 0 ? 1L : 0) << i;
        }
        assertEquals(Long.toBinaryString(bits), Long.toBinaryString(sparse.bits(from, width)),
                where + "bits(" + Long.toUnsignedString(from) + ", " + width + ")");
        List<String> visited = new ArrayList<>();
        sparse.forEach((index, owner) -> visited.add(Long.toUnsignedString(index) + "=" + owner));
        List<String> expected = new ArrayList<>();
        model.forEach((index, owner) -> expected.add(Long.toUnsignedString(index) + "=" + owner));
        assertEquals(expected, visited, where + "forEach");
    }
}
