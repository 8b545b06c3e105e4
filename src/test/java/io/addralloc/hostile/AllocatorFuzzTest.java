package io.addralloc.hostile;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.Field;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Pool;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The allocator core under fuzzer-chosen spaces, pools and operation sequences, against a
 * brute-force model of a small space (at most 2^9 addresses): exact reservations, first-free
 * (always the lowest free address of an eligible pool), releases and the counts agree, and only
 * the documented exceptions are thrown. Seeds: {@code AllocatorFuzzTestInputs/operations}.
 */
class AllocatorFuzzTest {
    private static final List<Set<String>> FLAGS = List.of(Set.of(), Set.of("a"), Set.of("b"), Set.of("a", "b"));

    @FuzzTest(maxDuration = "2m")
    void operations(FuzzedDataProvider data) {
        int fieldCount = data.consumeInt(1, 3);
        Field[] fields = new Field[fieldCount];
        int totalBits = 0;
        for (int i = 0; i < fieldCount; i++) {
            int bits = data.consumeInt(1, Math.max(1, Math.min(4, 9 - totalBits - (fieldCount - i - 1))));
            totalBits += bits;
            fields[i] = new Field("f" + i, bits);
        }
        AddressSpace space = AddressSpace.of("fuzz", fields);
        List<Address> all = new ArrayList<>();
        enumerate(space, new long[fieldCount], 0, all);

        AddressAllocator<Integer> alloc = new AddressAllocator<>(space);
        List<Pool> pools = new ArrayList<>();
        int poolCount = data.consumeInt(0, 4);
        for (int p = 0; p < poolCount; p++) {
            FieldRange[] ranges = new FieldRange[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                long max = fields[i].maxValue();
                long a = data.consumeLong(0, max);
                long b = data.consumeLong(0, max);
                ranges[i] = FieldRange.of(Math.min(a, b), Math.max(a, b));
            }
            Pool pool = space.pool(FLAGS.get(data.consumeInt(0, 3)), ranges);
            boolean overlaps = pools.stream().anyMatch(pool::overlaps);
            try {
                alloc.addPool(pool);
                if (overlaps) {
                    throw new AssertionError("an overlapping pool was accepted: " + pool);
                }
                pools.add(pool);
            } catch (IllegalArgumentException e) {
                if (!overlaps) {
                    throw new AssertionError("a disjoint pool was refused: " + pool, e);
                }
            }
        }

        Map<Address, Integer> model = new HashMap<>();
        int ops = data.consumeInt(0, 64);
        for (int op = 0; op < ops && data.remainingBytes() > 0; op++) {
            int owner = data.consumeInt(0, 3);
            switch (data.consumeInt(0, 3)) {
                case 0 -> {
                    Address a = all.get(data.consumeInt(0, all.size() - 1));
                    ReserveResult<Integer> r = alloc.reserve(a, owner);
                    Pool home = pools.stream().filter(p -> p.contains(a)).findFirst().orElse(null);
                    if (home == null) {
                        expect(r instanceof ReserveResult.OutsidePools, "outside every pool", r);
                    } else if (model.containsKey(a)) {
                        expect(r instanceof ReserveResult.Conflict<Integer> c && c.currentOwner().equals(model.get(a)),
                                "a conflict with owner " + model.get(a), r);
                    } else {
                        expect(r instanceof ReserveResult.Reserved, "reserved", r);
                        model.put(a, owner);
                    }
                }
                case 1 -> {
                    Set<String> flags = FLAGS.get(data.consumeInt(0, 3));
                    Optional<Reservation<Integer>> r = alloc.reserveAny(flags, owner);
                    Optional<Address> want = all.stream().filter(a -> !model.containsKey(a))
                            .filter(a -> pools.stream().anyMatch(p -> p.contains(a) && p.flags().containsAll(flags)))
                            .min(Address::compareTo);
                    expect(r.map(Reservation::address).equals(want), "first free " + want, r);
                    want.ifPresent(a -> model.put(a, owner));
                }
                case 2 -> {
                    Address a = all.get(data.consumeInt(0, all.size() - 1));
                    Optional<Reservation<Integer>> r = alloc.release(a);
                    expect(r.isPresent() == model.containsKey(a), "released iff reserved", r);
                    model.remove(a);
                }
                default -> {
                    List<Reservation<Integer>> released = alloc.releaseAll(owner);
                    long held = model.values().stream().filter(o -> o == owner).count();
                    expect(released.size() == held, held + " released", released);
                    model.values().removeIf(o -> o == owner);
                }
            }
            if (alloc.usedCount() != model.size()) {
                throw new AssertionError("usedCount " + alloc.usedCount() + " but the model holds " + model.size());
            }
        }
        BigInteger total = BigInteger.ZERO;
        for (Pool p : pools) {
            total = total.add(p.size());
        }
        expect(alloc.totalCount().equals(total), "total " + total, alloc.totalCount());
        expect(alloc.freeCount().add(BigInteger.valueOf(model.size())).equals(total), "free + used = total",
                alloc.freeCount());
        for (Address a : all) {
            expect(alloc.isReserved(a) == model.containsKey(a), "reserved state of " + a, alloc.ownerOf(a));
        }
    }

    private static void expect(boolean ok, String what, Object got) {
        if (!ok) {
            throw new AssertionError("expected " + what + ", got " + got);
        }
    }

    private static void enumerate(AddressSpace space, long[] values, int field, List<Address> out) {
        if (field == values.length) {
            out.add(space.address(values));
            return;
        }
        for (long v = 0; v <= space.field(field).maxValue(); v++) {
            values[field] = v;
            enumerate(space, values, field + 1, out);
        }
    }
}
