package io.addralloc.allocator;

import static io.addralloc.allocator.AddressSpaceTest.PCI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operations that name their pool by position (one pool per PCI bus, in bus order) answer as
 * the ones that search every pool: checked step by step against a twin allocator given the same
 * reservations through the searching methods.
 */
class PoolPositionTest {
    private static final AddressPattern ANY = PCI.anyAddress();

    /** Buses 0..n-1 with a random model's slots: 1..31 (pci-root), 0..31 or 0..0 (a root port). */
    private static List<Pool> buses(Random r, int n) {
        List<Pool> pools = new ArrayList<>();
        for (int bus = 0; bus < n; bus++) {
            int kind = r.nextInt(3);
            FieldRange slots = kind == 0 ? FieldRange.of(1, 31) : kind == 1 ? FieldRange.of(0, 31) : FieldRange.single(0);
            pools.add(PCI.pool(Set.of(), FieldRange.single(0), FieldRange.single(bus), slots, FieldRange.of(0, 7)));
        }
        return pools;
    }

    @Test
    void positionedOperationsAgreeWithTheSearchingOnes() {
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(12);
            AllocatorTemplate template = AllocatorTemplate.of(PCI, buses(r, n));
            AddressAllocator<String> positioned = template.newAllocator();
            AddressAllocator<String> searching = template.newAllocator();
            // The same requests again as field values, through the operations that make no result objects.
            AddressAllocator<String> raw = template.newAllocator();
            long[] values = new long[4];
            long[] out = new long[4];
            for (int step = 0; step < 300; step++) {
                int bus = r.nextInt(n);
                Address a = PCI.address(0, bus, r.nextInt(32), r.nextInt(8));
                String owner = "d" + r.nextInt(20);
                ReserveResult<String> want = searching.reserve(a, owner);
                ReserveResult<String> got = positioned.reserveInPool(bus, a, owner);
                assertEquals(want.getClass(), got.getClass(), "seed " + seed + " step " + step + " " + a);
                if (want instanceof ReserveResult.Conflict<String> c) {
                    assertEquals(c.currentOwner(), ((ReserveResult.Conflict<String>) got).currentOwner());
                }
                assertEquals(want instanceof ReserveResult.Reserved, raw.tryReserveInPool(bus, a.values(), owner),
                        "seed " + seed + " step " + step + " tryReserveInPool " + a);
                Address slot = PCI.address(0, bus, r.nextInt(32), 0);
                assertEquals(searching.usedMask(slot), positioned.usedMaskInPool(bus, slot), "seed " + seed + " " + slot);
                values[1] = slot.get(1);
                values[2] = slot.get(2);
                values[3] = r.nextInt(8);
                Address shifted = PCI.address(values);
                assertEquals(searching.usedMask(shifted), raw.usedMaskInPool(bus, values), "seed " + seed + " values " + shifted);
                int other = r.nextInt(n);
                Optional<Address> empty = searching.firstEmptyInPools(other, other, ANY, 1);
                assertEquals(empty.isPresent(), raw.firstEmptyInPool(other, ANY, 1, out), "seed " + seed + " bus " + other);
                if (empty.isPresent()) {
                    assertEquals(empty.get(), PCI.address(out), "seed " + seed + " bus " + other);
                }
                int from = r.nextInt(n);
                int to = from + r.nextInt(n - from);
                AddressPattern run = PCI.pattern(FieldPattern.value(0), FieldPattern.range(from, to), FieldPattern.any(),
                        FieldPattern.any());
                assertEquals(searching.firstEmpty(run, 1), positioned.firstEmptyInPools(from, to, ANY, 1),
                        "seed " + seed + " buses " + from + ".." + to);
            }
            assertEquals(searching.reservations(), positioned.reservations());
            assertEquals(searching.reservations(), raw.reservations());
            positioned.checkInvariants();
            raw.checkInvariants();
        }
    }

    @Test
    void poolsAddedAgainAfterARollbackAreCheckedUnlessTheyAreTheOnesRemoved() {
        // libvirt's dry run grows buses and is rolled back; the real pass adds the same buses again.
        List<Pool> pools = buses(new Random(3), 6);
        AddressAllocator<String> a = AllocatorTemplate.of(PCI, pools.subList(0, 3)).newAllocator();
        AddressAllocator.Mark dry = a.mark();
        a.addPool(pools.get(3));
        a.addPool(pools.get(4));
        assertEquals(true, a.tryReserveInPool(4, new long[] {0, 4, 1, 0}, "x"));
        a.rollback(dry);
        assertEquals(3, a.pools().size());
        assertEquals(0, a.usedCount());
        a.addPool(pools.get(3));
        // Not the pool removed from position 4: checked, and it overlaps bus 3.
        Pool overlapping = PCI.pool(Set.of(), FieldRange.single(0), FieldRange.of(3, 4), FieldRange.of(0, 31), FieldRange.of(0, 7));
        assertThrows(IllegalArgumentException.class, () -> a.addPool(overlapping));
        a.addPool(pools.get(4));
        a.addPool(pools.get(5));
        assertEquals(pools, a.pools());
        // Once another pool was asked for, a removed one is checked again: bus 3's pool is there.
        assertThrows(IllegalArgumentException.class, () -> a.addPool(pools.get(3)));
        a.checkInvariants();
    }

    @Test
    void fieldValuesOfTheWrongCountOrOutsideThePoolAreRejectedOrNotReserved() {
        AddressAllocator<String> a = AllocatorTemplate.of(PCI, buses(new Random(5), 2)).newAllocator();
        assertThrows(IllegalArgumentException.class, () -> a.tryReserveInPool(0, new long[] {0, 0, 1}, "x"));
        assertThrows(IllegalArgumentException.class, () -> a.usedMaskInPool(0, new long[] {0, 0, 1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> a.firstEmptyInPool(0, ANY, 1, new long[3]));
        assertEquals(false, a.tryReserveInPool(0, new long[] {0, 1, 0, 0}, "x"), "bus 1 is not pool 0");
        assertEquals(false, a.tryReserveInPool(0, new long[] {0, 0, 1, 8}, "x"), "function 8 is beyond the field");
        assertEquals(0, a.usedMaskInPool(0, new long[] {0, 0, 1, 9}), "beyond the field reads as free");
        assertEquals(0, a.usedCount());
        assertEquals(true, a.tryReserveInPool(1, new long[] {0, 1, 0, 3}, "x"));
        assertEquals(false, a.tryReserveInPool(1, new long[] {0, 1, 0, 3}, "y"), "taken");
        assertEquals(0b1000, a.usedMaskInPool(1, new long[] {0, 1, 0, 0}));
        assertEquals(Optional.of("x"), a.ownerOf(PCI.address(0, 1, 0, 3)));
    }

    @Test
    void fieldValuesReachTheChunksOfAPoolWiderThanTwoToThe64() {
        AddressSpace wide = AddressSpace.of("wide", new Field("a", 64), new Field("b", 56), new Field("c", 8));
        long maxB = (1L << 56) - 1;
        Pool pool = wide.pool(FieldRange.of(5, 9), FieldRange.of(0, maxB), FieldRange.of(0, 255));
        AddressAllocator<String> raw = new AddressAllocator<>(wide);
        AddressAllocator<String> searching = new AddressAllocator<>(wide);
        raw.addPool(pool);
        searching.addPool(pool);
        Random r = new Random(11);
        for (int step = 0; step < 400; step++) {
            long[] v = {4 + r.nextInt(7), r.nextBoolean() ? r.nextInt(4) : maxB - r.nextInt(4), r.nextInt(256)};
            Address a = wide.address(v);
            String owner = "o" + r.nextInt(9);
            String where = "step " + step + " " + a;
            assertEquals(searching.reserve(a, owner) instanceof ReserveResult.Reserved, raw.tryReserveInPool(0, v, owner), where);
            assertEquals(searching.ownerOf(a).orElse(null), raw.ownerInPool(0, v), where);
            assertEquals(searching.usedMask(a), raw.usedMaskInPool(0, v), where);
        }
        assertEquals(searching.reservations(), raw.reservations());
        raw.checkInvariants();
    }

    @Test
    void anAddressOutsideTheNamedPoolIsNotReservedElsewhere() {
        Random r = new Random(7);
        List<Pool> pools = buses(r, 3);
        AddressAllocator<String> a = AllocatorTemplate.of(PCI, pools).newAllocator();
        ReserveResult<String> result = a.reserveInPool(1, PCI.address(0, 2, 0, 0), "x");
        ReserveResult.OutsidePools<String> outside = assertInstanceOf(ReserveResult.OutsidePools.class, result);
        assertEquals(List.of(pools.get(1)), outside.closest().stream().map(PoolMiss::pool).toList());
        assertEquals(0, a.usedCount());
        assertEquals(0, a.usedMaskInPool(1, PCI.address(0, 2, 0, 0)), "pool 1 holds nothing of bus 2");
        assertEquals(pools.get(2), a.pool(2));
        assertEquals(Optional.empty(), a.firstEmptyInPools(0, 2, PCI.pattern(FieldPattern.value(0), FieldPattern.value(9),
                FieldPattern.any(), FieldPattern.any()), 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.reserveInPool(3, PCI.address(0, 3, 0, 0), "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> a.firstEmptyInPools(2, 3, ANY, 1));
        assertThrows(IllegalArgumentException.class, () -> a.firstEmptyInPools(0, 2, ANY, 5));
    }
}
