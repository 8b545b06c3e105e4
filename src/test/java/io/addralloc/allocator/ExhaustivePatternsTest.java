package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every pattern over a 2x2x4 space (each field any, one value or a range: 4 x 4 x 11 = 176
 * patterns), every number of inner fields, every address, against a brute-force model that
 * scans the 16 addresses: {@code firstFree} in both orders, {@code firstEmpty}, {@code usedMask}.
 * Pool layouts cover one pool, pools split on the outer, middle and innermost field, holes, and
 * flags; occupancies are seeded random. In the manner of Guava's exhaustive range-set tests over a
 * small domain.
 */
class ExhaustivePatternsTest {
    private static final int[] WIDTHS = {1, 1, 2};
    private static final int SIZE = 16;
    private static final AddressSpace SPACE = AddressSpace.of("tiny", new Field("a", 1), new Field("b", 1), new Field("c", 2));
    private static final List<AddressPattern> PATTERNS = allPatterns();
    private static final List<List<Pool>> LAYOUTS = List.of(
            List.of(pool(Set.of(), 0, 1, 0, 1, 0, 3)),
            List.of(pool(Set.of("a"), 1, 1, 0, 1, 0, 3), pool(Set.of(), 0, 0, 0, 1, 0, 3)),
            List.of(pool(Set.of(), 0, 1, 0, 0, 0, 3), pool(Set.of("a"), 0, 1, 1, 1, 0, 3)),
            List.of(pool(Set.of(), 0, 1, 0, 1, 2, 3), pool(Set.of("a"), 0, 1, 0, 1, 0, 1)),
            List.of(pool(Set.of(), 0, 0, 1, 1, 1, 2), pool(Set.of("a"), 1, 1, 0, 0, 0, 3), pool(Set.of(), 1, 1, 1, 1, 3, 3)));

    private static Pool pool(Set<String> flags, long a0, long a1, long b0, long b1, long c0, long c1) {
        return SPACE.pool(flags, FieldRange.of(a0, a1), FieldRange.of(b0, b1), FieldRange.of(c0, c1));
    }

    private static List<AddressPattern> allPatterns() {
        List<List<FieldPattern>> perField = new ArrayList<>();
        for (int bits : WIDTHS) {
            List<FieldPattern> options = new ArrayList<>();
            options.add(FieldPattern.any());
            int max = (1 << bits) - 1;
            for (int v = 0; v <= max; v++) {
                options.add(FieldPattern.value(v));
            }
            for (int a = 0; a <= max; a++) {
                for (int b = a + 1; b <= max; b++) {
                    options.add(FieldPattern.range(a, b));
                }
            }
            perField.add(options);
        }
        List<AddressPattern> all = new ArrayList<>();
        for (FieldPattern a : perField.get(0)) {
            for (FieldPattern b : perField.get(1)) {
                for (FieldPattern c : perField.get(2)) {
                    all.add(SPACE.pattern(a, b, c));
                }
            }
        }
        return all;
    }

    private static Address address(int flat) {
        return SPACE.address(flat >>> 3, (flat >>> 2) & 1, flat & 3);
    }

    @Test
    void everyPatternAndQueryMatchesTheModel() {
        assertEquals(176, PATTERNS.size());
        int checks = 0;
        for (int layout = 0; layout < LAYOUTS.size(); layout++) {
            List<Pool> pools = LAYOUTS.get(layout);
            int[] poolAt = new int[SIZE];
            for (int f = 0; f < SIZE; f++) {
                poolAt[f] = -1;
                for (int p = 0; p < pools.size(); p++) {
                    if (pools.get(p).contains(address(f))) {
                        poolAt[f] = p;
                    }
                }
            }
            AllocatorTemplate template = AllocatorTemplate.of(SPACE, pools);
            Random rnd = new Random(layout);
            for (int state = 0; state < 24; state++) {
                // From empty to nearly full: an occupancy of the state's density.
                double density = state / 23.0;
                AddressAllocator<Integer> alloc = template.newAllocator();
                boolean[] used = new boolean[SIZE];
                for (int f = 0; f < SIZE; f++) {
                    if (poolAt[f] >= 0 && rnd.nextDouble() < density) {
                        alloc.reserve(address(f), f);
                        used[f] = true;
                    }
                }
                alloc.checkInvariants();
                String where = "layout " + layout + ", state " + state + ": ";
                for (int f = 0; f < SIZE; f++) {
                    assertEquals(modelUsedMask(used, f), alloc.usedMask(address(f)), where + "usedMask " + address(f));
                    checks++;
                }
                for (AddressPattern pattern : PATTERNS) {
                    for (Set<String> flags : List.of(Set.<String>of(), Set.of("a"))) {
                        assertEquals(flat(modelFirstFree(pools, poolAt, used, pattern, flags, false)),
                                alloc.firstFree(pattern, flags, AddressAllocator.Order.ADDRESS), where + "firstFree " + pattern + flags);
                        assertEquals(flat(modelFirstFree(pools, poolAt, used, pattern, flags, true)),
                                alloc.firstFree(pattern, flags, AddressAllocator.Order.POOLS_AS_ADDED),
                                where + "firstFree in pool order " + pattern + flags);
                        for (int inner = 0; inner <= 3; inner++) {
                            assertEquals(flat(modelFirstEmpty(pools, poolAt, used, pattern, inner, flags)),
                                    alloc.firstEmpty(pattern, inner, flags), where + "firstEmpty " + pattern + " inner " + inner + flags);
                        }
                        checks += 6;
                    }
                }
            }
        }
        assertEquals(5 * 24 * (16 + 176 * 2 * 6), checks);
    }

    private static Optional<Address> flat(int f) {
        return f < 0 ? Optional.empty() : Optional.of(address(f));
    }

    private static long modelUsedMask(boolean[] used, int f) {
        long mask = 0;
        for (int c = f & 3, i = 0; c <= 3; c++, i++) {
            if (used[(f & ~3) | c]) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    private static int modelFirstFree(List<Pool> pools, int[] poolAt, boolean[] used, AddressPattern pattern, Set<String> flags,
            boolean poolOrder) {
        for (int p = 0; p < pools.size(); p++) {
            for (int f = 0; f < SIZE; f++) {
                boolean eligible = poolAt[f] >= 0 && pools.get(poolAt[f]).hasFlags(flags) && (!poolOrder || poolAt[f] == p);
                if (eligible && !used[f] && pattern.matches(address(f))) {
                    return f;
                }
            }
            if (!poolOrder) {
                break;
            }
        }
        return -1;
    }

    /** Prefixes in order; a prefix qualifies when its box (prefix times the pattern's inner fields) is free and in one eligible pool. */
    private static int modelFirstEmpty(List<Pool> pools, int[] poolAt, boolean[] used, AddressPattern pattern, int inner,
            Set<String> flags) {
        int innerBits = inner == 0 ? 0 : inner == 1 ? 2 : inner == 2 ? 3 : 4;
        for (int prefix = 0; prefix < SIZE >>> innerBits; prefix++) {
            int lowest = -1;
            boolean ok = true;
            int pool = -2;
            for (int f = prefix << innerBits; f < (prefix + 1) << innerBits; f++) {
                if (!pattern.matches(address(f))) {
                    continue;
                }
                if (lowest < 0) {
                    lowest = f;
                    pool = poolAt[f];
                }
                ok &= poolAt[f] >= 0 && poolAt[f] == pool && pools.get(pool).hasFlags(flags) && !used[f];
            }
            if (lowest >= 0 && ok) {
                return lowest;
            }
        }
        return -1;
    }
}
