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
                Address slot = PCI.address(0, bus, r.nextInt(32), 0);
                assertEquals(searching.usedMask(slot), positioned.usedMaskInPool(bus, slot), "seed " + seed + " " + slot);
                int from = r.nextInt(n);
                int to = from + r.nextInt(n - from);
                AddressPattern run = PCI.pattern(FieldPattern.value(0), FieldPattern.range(from, to), FieldPattern.any(),
                        FieldPattern.any());
                assertEquals(searching.firstEmpty(run, 1), positioned.firstEmptyInPools(from, to, ANY, 1),
                        "seed " + seed + " buses " + from + ".." + to);
            }
            assertEquals(searching.reservations(), positioned.reservations());
            positioned.checkInvariants();
        }
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
