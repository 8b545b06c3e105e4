package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pools wider than 2^64 (an IPv6 /32 as two 64-bit fields and as eight 16-bit fields, a pool
 * whose prefix is two fields, one whose inner field is not whole) beside narrow pools, in seeded
 * random runs against a model that keeps the reserved addresses in a sorted map and answers
 * searches by walking each pool's box in address order, skipping reserved addresses. Values are
 * drawn near the edges of the pools' ranges, where chunks and fields end. Invariants are checked
 * after every step; failures name the seed and the step.
 */
class WidePoolPropertyTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final AddressSpace PAIR = AddressSpace.of("v6pair", new Field("hi", 64), new Field("lo", 64));
    private static final AddressSpace OCTETS;
    private static final AddressSpace ABC = AddressSpace.of("abc", new Field("a", 8), new Field("b", 56), new Field("c", 16));

    static {
        AddressSpace.Builder b = AddressSpace.builder("v6");
        for (int i = 0; i < 8; i++) {
            b.field("h" + i, 16);
        }
        OCTETS = b.build();
    }

    private static List<Pool> pairPools() {
        long net = 0x20010db8_00000000L;
        return List.of(
                PAIR.pool(FieldRange.of(net, net + 0xffff_ffffL), FieldRange.of(0, -1L)),
                PAIR.pool(FieldRange.single(0x20010db9_00000000L), FieldRange.of(0, -1L)),
                PAIR.pool(FieldRange.of(-3L, -1L), FieldRange.of(5, -1L)));
    }

    private static List<Pool> octetPools() {
        FieldRange all = FieldRange.of(0, 0xffff);
        return List.of(
                OCTETS.pool(FieldRange.single(0x2001), FieldRange.single(0x0db8), all, all, all, all, all, all),
                OCTETS.pool(FieldRange.single(0xfe80), FieldRange.single(0), FieldRange.single(0), FieldRange.single(0), all, all,
                        all, all));
    }

    private static List<Pool> abcPools() {
        return List.of(
                ABC.pool(FieldRange.of(0, 3), FieldRange.of(0, (1L << 56) - 1), FieldRange.of(0, 0xffff)),
                ABC.pool(FieldRange.of(4, 4), FieldRange.of(0, 9), FieldRange.of(0, 0xffff)));
    }

    @Test
    void widePoolsAreSplitAndSizedRight() {
        Pool slash32 = pairPools().get(0);
        assertEquals(1, slash32.prefixFields);
        assertEquals(TWO_64.shiftLeft(32), slash32.size());
        assertEquals(4, octetPools().get(0).prefixFields);
        assertEquals(TWO_64.shiftLeft(32), octetPools().get(0).size());
        assertEquals(2, abcPools().get(0).prefixFields);
        assertEquals(BigInteger.ONE.shiftLeft(74), abcPools().get(0).size());
        assertEquals(0, abcPools().get(1).prefixFields);
        assertEquals(TWO_64.subtract(BigInteger.valueOf(5)).multiply(BigInteger.valueOf(3)), pairPools().get(2).size());
    }

    @Test
    void randomRunsOnWidePoolsMatchTheModel() {
        for (long seed = 1; seed <= 60; seed++) {
            List<Pool> pools = switch ((int) (seed % 3)) {
                case 0 -> pairPools();
                case 1 -> octetPools();
                default -> abcPools();
            };
            new Run(seed, pools).go();
        }
    }

    private static final class Run {
        final long seed;
        final Random rnd;
        final List<Pool> pools;
        final AddressSpace space;
        final int n;
        final long[][] interesting;
        AddressAllocator<String> alloc;
        TreeMap<Address, String> reserved = new TreeMap<>();
        final List<AddressAllocator.Mark> marks = new ArrayList<>();
        final List<TreeMap<Address, String>> snapshots = new ArrayList<>();
        int step;

        Run(long seed, List<Pool> pools) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.pools = pools;
            this.space = pools.get(0).space();
            this.n = space.fieldCount();
            interesting = new long[n][];
            for (int i = 0; i < n; i++) {
                List<Long> values = new ArrayList<>();
                for (Pool p : pools) {
                    long a = p.range(i).first();
                    long b = p.range(i).last();
                    values.addAll(List.of(a, a + 1, a + 2, b - 1, b, a + (b - a) / 2));
                }
                Field field = space.field(i);
                values.add(field.maxValue());
                interesting[i] = values.stream().filter(field::accepts).mapToLong(Long::longValue).toArray();
            }
        }

        String where() {
            return "seed " + seed + ", step " + step + ": ";
        }

        void go() {
            alloc = rnd.nextBoolean() ? AllocatorTemplate.of(space, pools).newAllocator() : direct();
            for (step = 0; step < 400; step++) {
                operation();
                try {
                    alloc.checkInvariants();
                } catch (IllegalStateException e) {
                    throw new AssertionError(where() + "invariants: " + e.getMessage(), e);
                }
                assertEquals(reserved.size(), alloc.usedCount(), where() + "usedCount");
            }
            BigInteger total = BigInteger.ZERO;
            for (Pool p : pools) {
                total = total.add(p.size());
            }
            assertEquals(total, alloc.totalCount(), where() + "totalCount");
            assertEquals(total.subtract(BigInteger.valueOf(reserved.size())), alloc.freeCount(), where() + "freeCount");
            List<String> expected = reserved.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            assertEquals(expected, alloc.reservations().stream().map(r -> r.address() + "=" + r.owner()).toList(),
                    where() + "reservations");
        }

        AddressAllocator<String> direct() {
            AddressAllocator<String> a = new AddressAllocator<>(space);
            pools.forEach(a::addPool);
            return a;
        }

        long value(int field) {
            return rnd.nextInt(8) == 0 ? rnd.nextLong() & space.field(field).maxValue() : interesting[field][rnd.nextInt(interesting[field].length)];
        }

        Address randomAddress() {
            if (!reserved.isEmpty() && rnd.nextInt(3) == 0) {
                List<Address> held = new ArrayList<>(reserved.keySet());
                Address a = held.get(rnd.nextInt(held.size()));
                if (rnd.nextBoolean()) {
                    return a;
                }
                // A neighbour in the innermost field, often in the same leaf word.
                long[] v = a.values();
                v[n - 1] = (v[n - 1] + rnd.nextInt(5) - 2) & space.field(n - 1).maxValue();
                return space.address(v);
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = value(i);
            }
            return space.address(v);
        }

        AddressPattern randomPattern() {
            FieldPattern[] p = new FieldPattern[n];
            for (int i = 0; i < n; i++) {
                long a = value(i);
                long b = value(i);
                p[i] = switch (rnd.nextInt(3)) {
                    case 0 -> FieldPattern.any();
                    case 1 -> FieldPattern.value(a);
                    default -> FieldPattern.range(Long.compareUnsigned(a, b) < 0 ? a : b, Long.compareUnsigned(a, b) < 0 ? b : a);
                };
            }
            return space.pattern(p);
        }

        void operation() {
            int op = rnd.nextInt(100);
            if (op < 30) {
                Address a = randomAddress();
                String owner = "o" + rnd.nextInt(5);
                ReserveResult<String> r = alloc.reserve(a, owner);
                if (pools.stream().noneMatch(p -> p.contains(a))) {
                    assertInstanceOf(ReserveResult.OutsidePools.class, r, where() + "reserve " + a);
                } else if (reserved.containsKey(a)) {
                    assertEquals(reserved.get(a), assertInstanceOf(ReserveResult.Conflict.class, r, where() + a).currentOwner());
                } else {
                    assertInstanceOf(ReserveResult.Reserved.class, r, where() + "reserve " + a);
                    reserved.put(a, owner);
                }
            } else if (op < 50) {
                AddressPattern pattern = randomPattern();
                AddressAllocator.Order order = rnd.nextBoolean() ? AddressAllocator.Order.ADDRESS : AddressAllocator.Order.POOLS_AS_ADDED;
                Optional<Address> expected = modelFirstFree(pattern, order);
                assertEquals(expected, alloc.firstFree(pattern, List.of(), order), where() + "firstFree " + pattern + " " + order);
                if (rnd.nextBoolean()) {
                    Optional<Reservation<String>> r = alloc.reserveFirstFree(pattern, List.of(), order, "f");
                    assertEquals(expected, r.map(Reservation::address), where() + "reserveFirstFree " + pattern + " " + order);
                    expected.ifPresent(a -> reserved.put(a, "f"));
                }
            } else if (op < 65) {
                Address a = randomAddress();
                assertEquals(Optional.ofNullable(reserved.remove(a)), alloc.release(a).map(Reservation::owner), where() + "release " + a);
            } else if (op < 72) {
                Address a = randomAddress();
                assertEquals(Optional.ofNullable(reserved.get(a)), alloc.ownerOf(a), where() + "ownerOf " + a);
                assertEquals(reserved.containsKey(a), alloc.isReserved(a), where() + "isReserved " + a);
            } else if (op < 80) {
                Address a = randomAddress();
                assertEquals(Long.toBinaryString(modelUsedMask(a)), Long.toBinaryString(alloc.usedMask(a)), where() + "usedMask " + a);
            } else if (op < 90) {
                AddressPattern pattern = randomPattern();
                int inner = rnd.nextInt(n + 1);
                assertEquals(modelFirstEmpty(pattern, inner), alloc.firstEmpty(pattern, inner),
                        where() + "firstEmpty " + pattern + " inner " + inner);
            } else if (op < 96) {
                markOrRollback();
            } else {
                String owner = "o" + rnd.nextInt(5);
                reserved.values().removeIf(owner::equals);
                alloc.releaseAll(owner);
            }
        }

        void markOrRollback() {
            if (marks.isEmpty() || rnd.nextBoolean()) {
                marks.add(alloc.mark());
                snapshots.add(new TreeMap<>(reserved));
                return;
            }
            int depth = rnd.nextInt(marks.size());
            AddressAllocator.Mark m = marks.get(depth);
            if (rnd.nextBoolean()) {
                alloc.rollback(m);
                reserved = snapshots.get(depth);
            } else {
                alloc.commit(m);
            }
            marks.subList(depth, marks.size()).clear();
            snapshots.subList(depth, snapshots.size()).clear();
            assertThrows(IllegalArgumentException.class, () -> alloc.commit(m), where() + "an ended mark");
        }

        long modelUsedMask(Address a) {
            long[] v = a.values();
            long start = v[n - 1];
            long max = space.field(n - 1).maxValue();
            long mask = 0;
            for (int i = 0; i < 64; i++) {
                long value = start + i;
                if (Long.compareUnsigned(value, max) > 0 || Long.compareUnsigned(value, start) < 0) {
                    break;
                }
                v[n - 1] = value;
                if (reserved.containsKey(space.address(v))) {
                    mask |= 1L << i;
                }
            }
            return mask;
        }

        /** The first free address of the cut of {@code pattern} with {@code pool}, walking the box in order; null when none. */
        long[] firstFreeIn(Pool pool, AddressPattern pattern) {
            long[] lo = new long[n];
            long[] hi = new long[n];
            if (!cut(pool, pattern, lo, hi)) {
                return null;
            }
            long[] v = lo.clone();
            do {
                if (!reserved.containsKey(space.address(v))) {
                    return v;
                }
            } while (increment(v, lo, hi, n));
            return null;
        }

        Optional<Address> modelFirstFree(AddressPattern pattern, AddressAllocator.Order order) {
            long[] best = null;
            for (Pool p : pools) {
                long[] v = firstFreeIn(p, pattern);
                if (v != null && order == AddressAllocator.Order.POOLS_AS_ADDED) {
                    return Optional.of(space.address(v));
                }
                if (v != null && (best == null || Arrays.compareUnsigned(v, best) < 0)) {
                    best = v;
                }
            }
            return best == null ? Optional.empty() : Optional.of(space.address(best));
        }

        Optional<Address> modelFirstEmpty(AddressPattern pattern, int inner) {
            int m = n - inner;
            long[] best = null;
            for (Pool p : pools) {
                long[] lo = new long[n];
                long[] hi = new long[n];
                if (!cut(p, pattern, lo, hi)) {
                    continue;
                }
                boolean fits = true;
                for (int i = m; i < n; i++) {
                    // The box must lie inside the pool: the pattern's inner ranges are not cut by it.
                    fits &= lo[i] == low(pattern, i) && hi[i] == high(pattern, i);
                }
                if (!fits) {
                    continue;
                }
                long[] t = Arrays.copyOf(lo, m);
                do {
                    if (!blocked(t, pattern, m)) {
                        long[] v = Arrays.copyOf(t, n);
                        System.arraycopy(lo, m, v, m, n - m);
                        if (best == null || Arrays.compareUnsigned(v, best) < 0) {
                            best = v;
                        }
                        break;
                    }
                } while (increment(t, lo, hi, m));
            }
            return best == null ? Optional.empty() : Optional.of(space.address(best));
        }

        boolean blocked(long[] prefix, AddressPattern pattern, int m) {
            for (Map.Entry<Address, String> e : reserved.entrySet()) {
                Address a = e.getKey();
                boolean under = pattern.matches(a);
                for (int i = 0; i < m; i++) {
                    under &= a.get(i) == prefix[i];
                }
                if (under) {
                    return true;
                }
            }
            return false;
        }

        long low(AddressPattern pattern, int i) {
            FieldPattern f = pattern.fields().get(i);
            return f instanceof FieldPattern.Value v ? v.value() : f instanceof FieldPattern.Range r ? r.first() : 0;
        }

        long high(AddressPattern pattern, int i) {
            FieldPattern f = pattern.fields().get(i);
            return f instanceof FieldPattern.Value v ? v.value() : f instanceof FieldPattern.Range r ? r.last() : space.field(i).maxValue();
        }

        boolean cut(Pool pool, AddressPattern pattern, long[] lo, long[] hi) {
            for (int i = 0; i < n; i++) {
                long a = low(pattern, i);
                long b = high(pattern, i);
                FieldRange r = pool.range(i);
                lo[i] = Long.compareUnsigned(a, r.first()) > 0 ? a : r.first();
                hi[i] = Long.compareUnsigned(b, r.last()) < 0 ? b : r.last();
                if (Long.compareUnsigned(lo[i], hi[i]) > 0) {
                    return false;
                }
            }
            return true;
        }

        static boolean increment(long[] v, long[] lo, long[] hi, int count) {
            for (int i = count - 1; i >= 0; i--) {
                if (v[i] != hi[i]) {
                    v[i]++;
                    return true;
                }
                v[i] = lo[i];
            }
            return false;
        }
    }

    @Test
    void aPoolThatSplitsNoWayIsRejected() {
        AddressSpace wide = AddressSpace.of("w", new Field("x", 40), new Field("y", 40), new Field("z", 40));
        FieldRange all = FieldRange.of(0, (1L << 40) - 1);
        String m = assertThrows(IllegalArgumentException.class, () -> wide.pool(all, all, all)).getMessage();
        assertTrue(m.contains(BigInteger.ONE.shiftLeft(120).toString()) && m.contains("2^64"), m);
    }
}
