package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The small pool's bitmap and ranked owners against a model of one owner per index (null for
 * free): holding and freeing, the owners, that a freed rank keeps no owner alive, the searches for the next free and next used
 * index, a run of bits, the visit in index order, and the invariants after every step, on pools
 * of 1 to 512 indices (one to eight words, last words partly beyond the pool). Failures name the
 * seed and the step.
 */
class SmallOccupancyPropertyTest {
    @Test
    void randomOperationsMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            long lastIndex = switch ((int) (seed % 5)) {
                case 0 -> 0;
                case 1 -> 7;
                case 2 -> 63 + rnd.nextInt(2);
                case 3 -> SmallOccupancy.MAX_INDICES - 1;
                default -> rnd.nextInt(SmallOccupancy.MAX_INDICES);
            };
            int size = (int) lastIndex + 1;
            SmallOccupancy small = new SmallOccupancy(lastIndex);
            Object[] model = new Object[size];
            // Dense and sparse pools alike: the bias decides how often an operation holds rather than frees.
            int holdBias = 20 + rnd.nextInt(70);
            for (int step = 0; step < 400; step++) {
                String where = "seed " + seed + " (last index " + lastIndex + "), step " + step + ": ";
                int index = rnd.nextInt(size);
                int op = rnd.nextInt(100);
                if (op < holdBias) {
                    // Owners are compared by identity here: the small state must give back the object it was given.
                    Object owner = "owner " + rnd.nextInt(50);
                    if (model[index] != null) {
                        assertThrows(IllegalStateException.class, () -> small.putNew(index, owner), where + "hold a held index");
                    } else {
                        small.putNew(index, owner);
                        model[index] = owner;
                    }
                } else if (op < 95) {
                    assertSame(model[index], small.remove(index), where + "remove " + index);
                    model[index] = null;
                } else {
                    small.clear();
                    Arrays.fill(model, null);
                }
                check(where, small, model, rnd);
            }
        }
    }

    private static void check(String where, SmallOccupancy small, Object[] model, Random rnd) {
        assertEquals(model.length, small.checkInvariants(model.length - 1) + free(model), where + "count");
        int from = rnd.nextInt(model.length + 70);
        int free = from;
        while (free < model.length && model[free] != null) {
            free++;
        }
        boolean found = small.nextFree(from) && small.found() < model.length;
        assertEquals(free < model.length, found, where + "nextFree(" + from + ") found");
        if (found) {
            assertEquals(free, small.found(), where + "nextFree(" + from + ")");
        }
        int used = from;
        while (used < model.length && model[used] == null) {
            used++;
        }
        assertEquals(used < model.length, small.nextUsed(from), where + "nextUsed(" + from + ") found");
        if (used < model.length) {
            assertEquals(used, small.found(), where + "nextUsed(" + from + ")");
        }
        int start = rnd.nextInt(model.length);
        int count = 1 + rnd.nextInt(64);
        long bits = 0;
        for (int i = 0; i < count && start + i < model.length; i++) {
            bits |= (model[start + i] != null ? 1L : 0) << i;
        }
        long got = small.bits(start, count);
        // Past the pool's last word the bits read as used, as the trie's blocks do; inside it, as the model.
        long inside = start + count <= model.length ? -1L >>> (64 - count) : (1L << (model.length - start)) - 1;
        assertEquals(Long.toBinaryString(bits), Long.toBinaryString(got & inside), where + "bits(" + start + ", " + count + ")");
        int length = 1 + rnd.nextInt(Math.min(64, model.length));
        int runStart = rnd.nextInt(model.length);
        int runEnd = runStart + rnd.nextInt(model.length - runStart);
        long expectedRun = -1;
        for (int r = runStart; r + length - 1 <= runEnd && expectedRun < 0; r += length) {
            boolean allFree = true;
            for (int i = r; i < r + length; i++) {
                allFree &= model[i] == null;
            }
            expectedRun = allFree ? r : -1;
        }
        assertEquals(expectedRun, small.firstFreeRun(runStart, runEnd, length),
                where + "firstFreeRun(" + runStart + ", " + runEnd + ", " + length + ")");
        int probe = rnd.nextInt(model.length);
        assertSame(model[probe], small.get(probe), where + "get " + probe);
        List<String> visited = new ArrayList<>();
        small.forEach((index, owner) -> visited.add(index + "=" + owner));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < model.length; i++) {
            if (model[i] != null) {
                expected.add(i + "=" + model[i]);
            }
        }
        assertEquals(expected, visited, where + "forEach");
    }

    private static int free(Object[] model) {
        int n = 0;
        for (Object owner : model) {
            n += owner == null ? 1 : 0;
        }
        return n;
    }
}
