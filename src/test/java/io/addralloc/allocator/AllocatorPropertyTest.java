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
 * model that stores one owner per address and searches by scanning every address: exact and
 * first-free reservations (in address order and in pool order), releases, the placement queries
 * ({@code usedMask}, {@code firstEmpty}), marks with rollback and commit, and pools added on the
 * way, on allocators made directly and from templates. The allocator's invariants are checked
 * after every step. A failure names the seed and the step; rerun with that seed to reproduce.
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

    @Test
    void marksSetOnAnEmptyAllocatorMatchTheModel() {
        // Marks set while nothing is reserved (libvirt's dry run) record no reservation or release,
        // only the pools added; nested with marks set while something is reserved, which do.
        for (long seed = 3001; seed <= 3150; seed++) {
            Run run = new Run(seed, 300, 4);
            run.emptyAndMark = true;
            run.go();
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
        /** Whether some steps release every owner's addresses and set a mark on the empty allocator. */
        boolean emptyAndMark;

        Run(long seed, int steps, int owners) {
            this.seed = seed;
            this.steps = steps;
            this.owners = owners;
            this.rnd = new Random(seed);
        }

        String where() {
            return "seed " + seed + ", step " + step + ": ";
        }

        /** The pools the last rollback that removed pools removed, not yet added again. */
        List<Pool> removedPools = new ArrayList<>();
        /** The model's state at each live mark, oldest first. */
        List<Snapshot> marks = new ArrayList<>();

        record Snapshot(AddressAllocator.Mark mark, String[] ownerAt, int[] poolAt, List<Pool> pools, List<String> poolNames) {}

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
            if (seed % 2 == 0) {
                // The same pools through a template: the allocator it makes must behave the same.
                alloc = AllocatorTemplate.of(space, pools).newAllocator();
                assertEquals(pools, alloc.pools(), where() + "template pools");
            }
            for (step = 0; step < steps; step++) {
                if (emptyAndMark && (step == 0 || rnd.nextInt(25) == 0)) {
                    emptyThenMark();
                    checkState();
                }
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
            addPool(space.pool(FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size())), ranges));
        }

        /** Adds {@code pool} to the allocator and the model, or checks that the allocator rejects it as the model does. */
        void addPool(Pool pool) {
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

        int modelFirstFreeInPoolOrder(AddressPattern pattern, Collection<String> flags) {
            for (int p = 0; p < pools.size(); p++) {
                if (!pools.get(p).hasFlags(flags)) {
                    continue;
                }
                for (int f = 0; f < size; f++) {
                    if (ownerAt[f] == null && poolAt[f] == p && pattern.matches(address(f))) {
                        return f;
                    }
                }
            }
            return -1;
        }

        /**
         * The lowest prefix (of the fields before the last {@code inner}) matching the pattern whose
         * box, the prefix times the pattern's last {@code inner} fields, lies in one eligible pool
         * and is free; as the box's lowest address, or -1.
         */
        int modelFirstEmpty(AddressPattern pattern, int inner, Collection<String> flags) {
            int innerBits = 0;
            for (int i = widths.length - inner; i < widths.length; i++) {
                innerBits += widths[i];
            }
            int prefixes = size >>> innerBits;
            int[] poolOfBox = new int[prefixes];
            boolean[] blocked = new boolean[prefixes];
            boolean[] seen = new boolean[prefixes];
            int[] lowest = new int[prefixes];
            for (int f = 0; f < size; f++) {
                if (!pattern.matches(address(f))) {
                    continue;
                }
                int p = f >>> innerBits;
                if (!seen[p]) {
                    seen[p] = true;
                    poolOfBox[p] = poolAt[f];
                    lowest[p] = f;
                }
                if (poolAt[f] < 0 || poolAt[f] != poolOfBox[p] || !pools.get(poolAt[f]).hasFlags(flags) || ownerAt[f] != null) {
                    blocked[p] = true;
                }
            }
            for (int p = 0; p < prefixes; p++) {
                if (seen[p] && !blocked[p]) {
                    return lowest[p];
                }
            }
            return -1;
        }

        void doRandomOperation() {
            int op = rnd.nextInt(100);
            if (op < 20) {
                reserveExact();
            } else if (op < 40) {
                AddressPattern pattern = rnd.nextInt(5) == 0 ? space.anyAddress() : randomPattern();
                Set<String> flags = FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size()));
                boolean poolOrder = rnd.nextInt(3) == 0;
                AddressAllocator.Order order = poolOrder ? AddressAllocator.Order.POOLS_AS_ADDED : AddressAllocator.Order.ADDRESS;
                int expected = poolOrder ? modelFirstFreeInPoolOrder(pattern, flags) : modelFirstFree(pattern, flags);
                String what = " " + pattern + " " + flags + " " + order;
                assertEquals(expected < 0 ? Optional.empty() : Optional.of(address(expected)),
                        poolOrder || rnd.nextBoolean() ? alloc.firstFree(pattern, flags, order) : alloc.firstFree(pattern, flags),
                        where() + "firstFree" + what);
                String owner = randomOwner();
                Optional<Reservation<String>> r = poolOrder || rnd.nextBoolean()
                        ? alloc.reserveFirstFree(pattern, flags, order, owner) : alloc.reserveFirstFree(pattern, flags, owner);
                assertEquals(expected < 0, r.isEmpty(), where() + "reserveFirstFree" + what);
                if (expected >= 0) {
                    assertEquals(address(expected), r.get().address(), where() + "reserveFirstFree" + what);
                    assertEquals(pools.get(poolAt[expected]), r.get().pool(), where() + "pool of " + r.get());
                    ownerAt[expected] = owner;
                }
            } else if (op < 46) {
                Set<String> flags = FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size()));
                int expected = modelFirstFree(space.anyAddress(), flags);
                String owner = randomOwner();
                Optional<Reservation<String>> r = flags.isEmpty() ? alloc.reserveAny(owner) : alloc.reserveAny(flags, owner);
                assertEquals(expected < 0 ? Optional.empty() : Optional.of(address(expected)),
                        r.map(Reservation::address), where() + "reserveAny " + flags);
                if (expected >= 0) {
                    ownerAt[expected] = owner;
                }
            } else if (op < 62) {
                int f = randomFlat();
                Optional<Reservation<String>> r = alloc.release(address(f));
                assertEquals(Optional.ofNullable(ownerAt[f]), r.map(Reservation::owner), where() + "release " + address(f));
                ownerAt[f] = null;
            } else if (op < 67) {
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
            } else if (op < 73) {
                int f = randomFlat();
                assertEquals(Optional.ofNullable(ownerAt[f]), alloc.ownerOf(address(f)), where() + "ownerOf " + address(f));
                assertEquals(ownerAt[f] != null, alloc.isReserved(address(f)), where() + "isReserved " + address(f));
                String owner = randomOwner();
                List<Address> expected = new ArrayList<>();
                for (int g = 0; g < size; g++) {
                    if (owner.equals(ownerAt[g])) {
                        expected.add(address(g));
                    }
                }
                assertEquals(expected, alloc.reservationsOf(owner).stream().map(Reservation::address).toList(),
                        where() + "reservationsOf " + owner);
            } else if (op < 79) {
                Address a = address(randomFlat());
                assertEquals(Long.toBinaryString(modelUsedMask(a)), Long.toBinaryString(alloc.usedMask(a)), where() + "usedMask " + a);
            } else if (op < 86) {
                AddressPattern pattern = rnd.nextInt(5) == 0 ? space.anyAddress() : randomPattern();
                int inner = rnd.nextInt(widths.length + 1);
                Set<String> flags = FLAG_SETS.get(rnd.nextInt(FLAG_SETS.size()));
                int expected = modelFirstEmpty(pattern, inner, flags);
                assertEquals(expected < 0 ? Optional.empty() : Optional.of(address(expected)),
                        flags.isEmpty() && rnd.nextBoolean() ? alloc.firstEmpty(pattern, inner) : alloc.firstEmpty(pattern, inner, flags),
                        where() + "firstEmpty " + pattern + " inner " + inner + " " + flags);
            } else if (op < 96) {
                markOrUndo();
            } else if (!removedPools.isEmpty() && rnd.nextBoolean()) {
                // The dry run's growth again: the pools the last rollback removed, added back in their order.
                addPool(removedPools.remove(0));
            } else {
                removedPools.clear();
                addRandomPool();
            }
        }

        long modelUsedMask(Address a) {
            int last = widths.length - 1;
            long[] v = a.values();
            long start = v[last];
            long mask = 0;
            for (int i = 0; i < 64 && start + i <= (1L << widths[last]) - 1; i++) {
                v[last] = start + i;
                if (ownerAt[flat(space.address(v))] != null) {
                    mask |= 1L << i;
                }
            }
            return mask;
        }

        /** Releases everything, by owner or by address, and sets a mark on the now empty allocator. */
        void emptyThenMark() {
            boolean byOwner = rnd.nextBoolean();
            for (int f = 0; f < size; f++) {
                if (ownerAt[f] == null) {
                    continue;
                }
                if (byOwner) {
                    String owner = ownerAt[f];
                    alloc.releaseAll(new String(owner));
                    for (int g = 0; g < size; g++) {
                        if (owner.equals(ownerAt[g])) {
                            ownerAt[g] = null;
                        }
                    }
                } else {
                    assertEquals(Optional.of(ownerAt[f]), alloc.release(address(f)).map(Reservation::owner), where() + "release " + address(f));
                    ownerAt[f] = null;
                }
            }
            assertEquals(List.of(), alloc.reservations(), where() + "emptied");
            marks.add(new Snapshot(alloc.mark(), ownerAt.clone(), poolAt.clone(), new ArrayList<>(pools),
                    new ArrayList<>(poolNames)));
        }

        void markOrUndo() {
            if (marks.isEmpty() || rnd.nextInt(3) == 0) {
                marks.add(new Snapshot(alloc.mark(), ownerAt.clone(), poolAt.clone(), new ArrayList<>(pools),
                        new ArrayList<>(poolNames)));
                return;
            }
            int depth = rnd.nextInt(marks.size());
            Snapshot s = marks.get(depth);
            List<Snapshot> ended = new ArrayList<>(marks.subList(depth, marks.size()));
            marks.subList(depth, marks.size()).clear();
            if (rnd.nextBoolean()) {
                alloc.rollback(s.mark());
                if (s.pools().size() < pools.size()) {
                    removedPools = new ArrayList<>(pools.subList(s.pools().size(), pools.size()));
                }
                ownerAt = s.ownerAt();
                poolAt = s.poolAt();
                pools = s.pools();
                poolNames = s.poolNames();
            } else {
                alloc.commit(s.mark());
            }
            // A mark that has ended, by its own end or an earlier mark's, can be used no more.
            Snapshot dead = ended.get(rnd.nextInt(ended.size()));
            assertThrows(IllegalArgumentException.class, () -> alloc.rollback(dead.mark()), where() + "rollback to an ended mark");
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
            try {
                alloc.checkInvariants();
            } catch (IllegalStateException e) {
                throw new AssertionError(where() + "invariants: " + e.getMessage(), e);
            }
            assertEquals(pools, alloc.pools(), where() + "pools");
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
