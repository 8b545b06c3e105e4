package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trie against a {@link BitSet} model (next free, next used, a run of bits, membership, and
 * its structural invariants after every step) on ranges from 2^12 to 2^64, with operations confined
 * to a window of 2^19 indices (somewhere in the range, often at its very top) so that whole
 * blocks of the upper levels fill, collapse and split. Failures name the seed and the step.
 */
class OccupancyTriePropertyTest {
    private static final long[] LAST_INDEXES = {4095, 4096 * 3 + 17, (1L << 20) - 1, (1L << 32) - 1, (1L << 40) + 12345, -1L};
    private static final int WINDOW = 1 << 19;

    @Test
    void randomRunsAndSearchesMatchABitSet() {
        for (long seed = 1; seed <= 12; seed++) {
            run(seed);
        }
    }

    @Test
    void fillingFromTheLastAnswerMatchesABitSet() {
        // The allocator's fill: search from the last answer, take it, now and then free something.
        for (long seed = 1; seed <= 12; seed++) {
            Random rnd = new Random(seed);
            long lastIndex = LAST_INDEXES[(int) (seed % LAST_INDEXES.length)];
            int width = (int) Math.min(WINDOW, Long.compareUnsigned(lastIndex, WINDOW) < 0 ? lastIndex + 1 : WINDOW);
            long base = seed % 2 == 0 ? 0 : lastIndex - (width - 1);
            OccupancyTrie trie = new OccupancyTrie(lastIndex);
            BitSet model = new BitSet(width);
            // Sparse and dense extremes too: entirely free and entirely used words take other paths.
            double density = switch ((int) (seed % 4)) {
                case 0 -> 0.01;
                case 1 -> 0.99;
                default -> rnd.nextDouble();
            };
            for (int i = 0; i < width; i++) {
                if (rnd.nextDouble() < density) {
                    trie.add(base + i);
                    model.set(i);
                }
            }
            int from = 0;
            for (int step = 0; step < 20_000; step++) {
                String where = "seed " + seed + ", step " + step + ", density " + density + ": ";
                int expected = model.nextClearBit(from);
                boolean found = trie.nextFree(base + from) && Long.compareUnsigned(trie.found(), lastIndex) <= 0
                        && trie.found() - base < width;
                assertEquals(expected < width, found, where + "nextFree(" + from + ") found");
                if (!found) {
                    break;
                }
                assertEquals(base + expected, trie.found(), where + "nextFree(" + from + ")");
                trie.add(base + expected);
                model.set(expected);
                from = expected;
                if (rnd.nextInt(8) == 0) {
                    int near = Math.max(0, Math.min(width - 1, expected - 200 + rnd.nextInt(400)));
                    int used = model.previousSetBit(near);
                    if (used >= 0) {
                        trie.remove(base + used);
                        model.clear(used);
                        from = Math.min(from, used);
                    }
                }
            }
        }
    }

    private static void run(long seed) {
        Random rnd = new Random(seed);
        long lastIndex = LAST_INDEXES[(int) (seed % LAST_INDEXES.length)];
        long span = Long.compareUnsigned(lastIndex, WINDOW - 1) < 0 ? lastIndex + 1 : WINDOW;
        int width = (int) span;
        // The window sits at the bottom, at the top or at a random unaligned place.
        long base = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> lastIndex - (width - 1);
            default -> Long.compareUnsigned(lastIndex, width) > 0
                    ? Long.remainderUnsigned(rnd.nextLong(), lastIndex - width + 1) : 0;
        };
        OccupancyTrie trie = new OccupancyTrie(lastIndex);
        BitSet model = new BitSet(width);
        for (int step = 0; step < 150; step++) {
            String where = "seed " + seed + ", step " + step + ", lastIndex " + Long.toUnsignedString(lastIndex)
                    + ", base " + Long.toUnsignedString(base) + ": ";
            int op = rnd.nextInt(10);
            int at = rnd.nextInt(width);
            int len = 1 + rnd.nextInt(rnd.nextInt(6) == 0 ? width : 64);
            int to = Math.min(width, at + len);
            if (op < 4) {
                for (int i = at; i < to; i++) {
                    if (!model.get(i)) {
                        trie.add(base + i);
                        model.set(i);
                    }
                }
            } else if (op < 7) {
                for (int i = at; i < to; i++) {
                    if (model.get(i)) {
                        trie.remove(base + i);
                        model.clear(i);
                    }
                }
            }
            for (int q = 0; q < 8; q++) {
                // Next to the last change the search starts in the cached leaf node.
                int from = switch (q) {
                    case 0 -> 0;
                    case 1 -> at;
                    case 2 -> Math.min(to, width - 1);
                    case 3 -> Math.max(0, to - 1 - rnd.nextInt(128));
                    default -> rnd.nextInt(width);
                };
                int clear = model.nextClearBit(from);
                boolean expectFound;
                long expected;
                if (clear < width) {
                    expectFound = true;
                    expected = base + clear;
                } else {
                    // Nothing free up to the window's end; the next index is free unless past lastIndex.
                    expectFound = base + width - 1 != lastIndex;
                    expected = base + width;
                }
                boolean found = trie.nextFree(base + from) && Long.compareUnsigned(trie.found(), lastIndex) <= 0;
                assertEquals(expectFound, found, where + "nextFree(" + from + ") found");
                if (expectFound) {
                    assertEquals(expected, trie.found(), where + "nextFree(" + from + ")");
                }
                int probe = rnd.nextInt(width);
                assertEquals(model.get(probe), trie.contains(base + probe), where + "contains(" + probe + ")");
                int set = model.nextSetBit(from);
                if (set >= 0) {
                    assertTrue(trie.nextUsed(base + from), where + "nextUsed(" + from + ") found");
                    assertEquals(base + set, trie.found(), where + "nextUsed(" + from + ")");
                } else if (trie.nextUsed(base + from)) {
                    // Nothing used up to the window's end: the answer lies beyond it (the root marks beyond lastIndex as used).
                    assertTrue(Long.compareUnsigned(trie.found(), base + width - 1) > 0, where + "nextUsed(" + from + ") beyond the window");
                }
                int count = 1 + rnd.nextInt(64);
                if (from + count <= width) {
                    long expectedBits = 0;
                    for (int i = 0; i < count; i++) {
                        expectedBits |= model.get(from + i) ? 1L << i : 0;
                    }
                    assertEquals(expectedBits, trie.bits(base + from, count), where + "bits(" + from + ", " + count + ")");
                }
            }
            assertEquals(model.cardinality(), trie.checkInvariants(), where + "used count");
        }
        // Emptying the trie gives back every node and word: memory follows the content.
        for (int i = model.nextSetBit(0); i >= 0; i = model.nextSetBit(i + 1)) {
            trie.remove(base + i);
        }
        assertEquals(1, trie.nodeCount(), "seed " + seed + ": nodes after emptying");
        assertEquals(0, trie.wordCount(), "seed " + seed + ": words after emptying");
    }
}
