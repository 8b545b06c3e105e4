package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random operation sequences on small spaces, checked step by step against a brute-force
 * model that stores one owner per address and searches by scanning every address. A failure names
 * the seed and the step; rerun with that seed to reproduce.
 */
class AllocatorPropertyTest {
    private static final List<Set<String>> FLAG_SETS = List.of(Set.of(), Set.of("a"), Set.of("b"), Set.of("a", "b"));

    @Test
    void randomOperationSequencesMatchTheModel() {
        for (long seed = 1; seed <= 200; seed++) {
            new Run(seed, 300, 6).go();
        }
    }

    @Test
    void fillingWithFewOwnersMatchesTheModel() {
        // Few owners and many first-free requests fill pools, exercising full and collapsing blocks.
        for (long seed = 1001; seed <= 1060; seed++) {
            new Run(seed, 400, 2).go();
        }
    }

    @Test
    void longRunsMatchTheModel() {
        // Long enough for owners to hold hundreds of addresses released in random order, and for
        // blocks of 64 indices to go from one holder to ranked and direct arrays and back.
        for (long seed = 2001; seed <= 2012; seed++) {
            new Run(seed, 4000, 3).go();
        }
    }

    /** The model: a flat array over the whole space, indexed in lexicographic order. */
    private static final class Run {
        final long seed;
        final int steps;
        final int owners;
        final Random rnd;
        AddressSpace space;
        int[] widths;
        int size;
        List<Pool> pools = new ArrayList<>();
        int[] poolAt;
        String[] ownerAt;
        AddressAllocator<String> alloc;
        Address[] addresses;
        List<String> poolNames = new ArrayList<>();
        List<AddressPattern> reusable = new ArrayList<>();
        int step;

        Run(long seed, int steps, int owners) {
            this.seed = seed;
            this.steps = steps;
            this.owners = owners;
            this.rnd = new Random(seed);
        }

        String where() {
            return "seed " + seed + ", step " + step + ": ";
        }

        void go() {
            int n = 2 + rnd.nextInt(2);
            widths = new int[n];
            AddressSpace.Builder b = AddressSpace.builder("s");
            size = 1;
            for (int i = 0; i < n; i++) {
                widths[i] = 2 + rnd.nextInt(3);
                b.field("f" + i, widths[i]);
                size <<= widths[i];
            }
            space = b.build();
            addresses = new Address[size];
            for (int f = 0; f < size; f++) {
                addresses[f] = computeAddress(f);
            }
            alloc = new AddressAllocator<>(space);
            poolAt = new int[size];
            java.util.Arrays.fill(poolAt, -1);
            ownerAt = new String[size];
            int wanted = 1 + rnd.nextInt(4);
            for (int attempt = 0; attempt < 20 && pools.size() < wanted; attempt++) {
                addRandomPool();
            }
            for (step = 0; step < steps; step++) {
                doRandomOperation();
                checkState();
            }
        }

        void addRandomPool() {
            FieldRange[] ranges = new FieldRange[widths.length];
            for (int i = 0; i < widths.length; i++) {
                int max = (1 << widths[i]) - 1;
                int a = rnd.nextInt(max + 1);
                int c = rnd.nextInt(max + 1);
                ranges[i] = FieldRange.of(Math.min(a, c), Math.max(a, c));
            }
            Pool pool = space.pool(FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size())), ranges);
            boolean overlaps = false;
            for (int flat = 0; flat < size; flat++) {
                if (poolAt[flat] >= 0 && pool.contains(address(flat))) {
                    overlaps = true;
                    break;
                }
            }
            if (overlaps) {
                assertThrows(IllegalArgumentException.class, () -> alloc.addPool(pool), where() + "overlap " + pool);
                return;
            }
            alloc.addPool(pool);
            pools.add(pool);
            poolNames.add(pool.toString());
            for (int flat = 0; flat < size; flat++) {
                if (pool.contains(address(flat))) {
                    poolAt[flat] = pools.size() - 1;
                }
            }
        }

        Address address(int flat) {
            return addresses[flat];
        }

        Address computeAddress(int flat) {
            long[] v = new long[widths.length];
            for (int i = widths.length - 1; i >= 0; i--) {
                v[i] = flat & ((1 << widths[i]) - 1);
                flat >>>= widths[i];
            }
            return space.address(v);
        }

        int flat(Address a) {
            int f = 0;
            for (int i = 0; i < widths.length; i++) {
                f = (f << widths[i]) | (int) a.get(i);
            }
            return f;
        }

        String randomOwner() {
            // Equal but not identical strings: owners are compared with equals.
            return new String("o" + rnd.nextInt(owners));
        }

        int randomFlat() {
            if (rnd.nextInt(3) == 0) {
                List<Integer> used = new ArrayList<>();
                for (int f = 0; f < size; f++) {
                    if (ownerAt[f] != null) {
                        used.add(f);
                    }
                }
                if (!used.isEmpty()) {
                    return used.get(rnd.nextInt(used.size()));
                }
            }
            return rnd.nextInt(size);
        }

        AddressPattern randomPattern() {
            // Reused pattern objects exercise the per-pattern resume point across releases.
            if (reusable.size() < 3) {
                reusable.add(freshPattern());
            }
            return rnd.nextBoolean() ? reusable.get(rnd.nextInt(reusable.size())) : freshPattern();
        }

        AddressPattern freshPattern() {
            FieldPattern[] p = new FieldPattern[widths.length];
            for (int i = 0; i < widths.length; i++) {
                int max = (1 << widths[i]) - 1;
                switch (rnd.nextInt(3)) {
                    case 0 -> p[i] = FieldPattern.any();
                    case 1 -> p[i] = FieldPattern.value(rnd.nextInt(max + 1));
                    default -> {
                        int a = rnd.nextInt(max + 1);
                        int c = rnd.nextInt(max + 1);
                        p[i] = FieldPattern.range(Math.min(a, c), Math.max(a, c));
                    }
                }
            }
            return space.pattern(p);
        }

        int modelFirstFree(AddressPattern pattern, Collection<String> flags) {
            boolean[] eligible = new boolean[pools.size()];
            for (int p = 0; p < eligible.length; p++) {
                eligible[p] = pools.get(p).hasFlags(flags);
            }
            for (int f = 0; f < size; f++) {
                if (ownerAt[f] == null && poolAt[f] >= 0 && eligible[poolAt[f]] && pattern.matches(address(f))) {
                    return f;
                }
            }
            return -1;
        }

        void doRandomOperation() {
            int op = rnd.nextInt(100);
            if (op < 25) {
                reserveExact();
            } else if (op < 50) {
                AddressPattern pattern = rnd.nextInt(5) == 0 ? space.anyAddress() : randomPattern();
                Set<String> flags = FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size()));
                int expected = modelFirstFree(pattern, flags);
                assertEquals(expected < 0 ? Optional.empty() : Optional.of(address(expected)),
                        alloc.firstFree(pattern, flags), where() + "firstFree " + pattern + " " + flags);
                String owner = randomOwner();
                Optional<Reservation<String>> r = alloc.reserveFirstFree(pattern, flags, owner);
                assertEquals(expected < 0, r.isEmpty(), where() + "reserveFirstFree " + pattern + " " + flags);
                if (expected >= 0) {
                    assertEquals(address(expected), r.get().address(), where() + "reserveFirstFree " + pattern);
                    assertEquals(pools.get(poolAt[expected]), r.get().pool(), where() + "pool of " + r.get());
                    ownerAt[expected] = owner;
                }
            } else if (op < 58) {
                Set<String> flags = FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size()));
                int expected = modelFirstFree(space.anyAddress(), flags);
                String owner = randomOwner();
                Optional<Reservation<String>> r = flags.isEmpty() ? alloc.reserveAny(owner) : alloc.reserveAny(flags, owner);
                assertEquals(expected < 0 ? Optional.empty() : Optional.of(address(expected)),
                        r.map(Reservation::address), where() + "reserveAny " + flags);
                if (expected >= 0) {
                    ownerAt[expected] = owner;
                }
            } else if (op < 80) {
                int f = randomFlat();
                Optional<Reservation<String>> r = alloc.release(address(f));
                assertEquals(Optional.ofNullable(ownerAt[f]), r.map(Reservation::owner), where() + "release " + address(f));
                ownerAt[f] = null;
            } else if (op < 88) {
                String owner = randomOwner();
                List<Address> expected = new ArrayList<>();
                for (int f = 0; f < size; f++) {
                    if (owner.equals(ownerAt[f])) {
                        expected.add(address(f));
                        ownerAt[f] = null;
                    }
                }
                List<Reservation<String>> released = alloc.releaseAll(owner);
                assertEquals(expected, released.stream().map(Reservation::address).toList(), where() + "releaseAll " + owner);
            } else {
                int f = randomFlat();
                assertEquals(Optional.ofNullable(ownerAt[f]), alloc.ownerOf(address(f)), where() + "ownerOf " + address(f));
                String owner = randomOwner();
                List<Address> expected = new ArrayList<>();
                for (int g = 0; g < size; g++) {
                    if (owner.equals(ownerAt[g])) {
                        expected.add(address(g));
                    }
                }
                assertEquals(expected, alloc.reservationsOf(owner).stream().map(Reservation::address).toList(),
                        where() + "reservationsOf " + owner);
            }
        }

        void reserveExact() {
            int f = randomFlat();
            Address a = address(f);
            String owner = randomOwner();
            ReserveResult<String> r = alloc.reserve(a, owner);
            if (poolAt[f] < 0) {
                if (!(r instanceof ReserveResult.OutsidePools<String> out)) {
                    fail(where() + "expected outside pools for " + a + ", got " + r);
                    return;
                }
                assertEquals(modelClosest(a), out.closest().stream().map(PoolMiss::pool).toList(), where() + "closest for " + a);
            } else if (ownerAt[f] != null) {
                if (!(r instanceof ReserveResult.Conflict<String> c)) {
                    fail(where() + "expected conflict for " + a + ", got " + r);
                    return;
                }
                assertEquals(ownerAt[f], c.currentOwner(), where() + "conflict owner at " + a);
            } else {
                assertTrue(r instanceof ReserveResult.Reserved, where() + "expected reserved " + a + ", got " + r);
                ownerAt[f] = owner;
            }
        }

        List<Pool> modelClosest(Address a) {
            int bestOut = Integer.MAX_VALUE;
            int bestLeading = -1;
            List<Pool> best = new ArrayList<>();
            for (Pool p : pools) {
                int out = 0;
                int leading = -1;
                for (int i = 0; i < widths.length; i++) {
                    if (!p.range(i).contains(a.get(i))) {
                        out++;
                        if (leading < 0) {
                            leading = i;
                        }
                    }
                }
                if (out < bestOut || (out == bestOut && leading > bestLeading)) {
                    best.clear();
                    bestOut = out;
                    bestLeading = leading;
                }
                if (out == bestOut && leading == bestLeading) {
                    best.add(p);
                }
            }
            return best;
        }

        void checkState() {
            List<String> expected = new ArrayList<>();
            long used = 0;
            long total = 0;
            for (int f = 0; f < size; f++) {
                if (poolAt[f] >= 0) {
                    total++;
                }
                if (ownerAt[f] != null) {
                    used++;
                    expected.add(address(f) + "=" + ownerAt[f] + "@" + poolNames.get(poolAt[f]));
                }
            }
            List<String> actual = alloc.reservations().stream()
                    .map(r -> r.address() + "=" + r.owner() + "@" + poolNames.get(pools.indexOf(r.pool()))).toList();
            assertEquals(expected, actual, where() + "reservations");
            assertEquals(used, alloc.usedCount(), where() + "usedCount");
            assertEquals(BigInteger.valueOf(total), alloc.totalCount(), where() + "totalCount");
            assertEquals(BigInteger.valueOf(total - used), alloc.freeCount(), where() + "freeCount");
            BigInteger perPool = BigInteger.ZERO;
            for (Pool p : pools) {
                perPool = perPool.add(alloc.freeCount(p));
            }
            assertEquals(alloc.freeCount(), perPool, where() + "free counts per pool");
            long owners = java.util.Arrays.stream(ownerAt).filter(java.util.Objects::nonNull).distinct().count();
            assertEquals(owners, alloc.structureSize()[3], where() + "owners with reservations");
        }
    }
}
