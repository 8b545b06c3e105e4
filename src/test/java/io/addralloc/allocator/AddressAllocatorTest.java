package io.addralloc.allocator;

import static io.addralloc.allocator.AddressSpaceTest.PCI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {
    private AddressAllocator<String> alloc;
    /** Bus 0: slots 1..31, legacy PCI. */
    private Pool bus0;
    /** Bus 1: slots 0..31, PCIe with hotplug. */
    private Pool bus1;

    @BeforeEach
    void pciPools() {
        alloc = new AddressAllocator<>(PCI);
        bus0 = alloc.addPool(PCI.pool(FieldRange.single(0), FieldRange.single(0), FieldRange.of(1, 31), FieldRange.of(0, 7)));
        bus1 = alloc.addPool(PCI.pool(Set.of("pcie", "hotplug"), FieldRange.single(0), FieldRange.single(1),
                FieldRange.of(0, 31), FieldRange.of(0, 7)));
    }

    private Address pci(long bus, long slot, long function) {
        return PCI.address(0, bus, slot, function);
    }

    @Test
    void reserveExactReturnsTheReservation() {
        ReserveResult<String> r = alloc.reserve(pci(0, 3, 0), "disk0");
        Reservation<String> res = assertInstanceOf(ReserveResult.Reserved.class, r).reservation();
        assertEquals(new Reservation<>(pci(0, 3, 0), "disk0", bus0), res);
        assertEquals(pci(0, 3, 0), r.address());
        assertEquals(Optional.of("disk0"), alloc.ownerOf(pci(0, 3, 0)));
        assertTrue(alloc.isReserved(pci(0, 3, 0)));
    }

    @Test
    void collisionNamesTheCurrentOwner() {
        alloc.reserve(pci(0, 3, 0), "disk0");
        ReserveResult<String> r = alloc.reserve(pci(0, 3, 0), "nic0");
        ReserveResult.Conflict<?> c = assertInstanceOf(ReserveResult.Conflict.class, r);
        assertEquals("disk0", c.currentOwner());
        assertEquals("0:0:3.0 is already reserved by disk0", r.toString());
        assertEquals(Optional.of("disk0"), alloc.ownerOf(pci(0, 3, 0)));
    }

    @Test
    void reservingTwiceForTheSameOwnerIsAConflictToo() {
        alloc.reserve(pci(0, 3, 0), "disk0");
        assertInstanceOf(ReserveResult.Conflict.class, alloc.reserve(pci(0, 3, 0), "disk0"));
        assertEquals(1, alloc.usedCount());
    }

    @Test
    void outsideEveryPoolNamesTheClosestPoolsAndFields() {
        ReserveResult<String> r = alloc.reserve(pci(0, 0, 0), "x");
        ReserveResult.OutsidePools<?> out = assertInstanceOf(ReserveResult.OutsidePools.class, r);
        // Both pools miss on one field; bus 0's pool matches more leading fields (it misses on slot, not bus).
        assertEquals(1, out.closest().size());
        PoolMiss first = out.closest().get(0);
        assertEquals(bus0, first.pool());
        assertEquals(2, first.leadingFieldsInRange());
        assertEquals("slot", first.outOfRange().get(0).field().name());
        assertEquals(0, first.outOfRange().get(0).value());
        assertEquals(new FieldRange(1, 31), first.outOfRange().get(0).range());
        assertTrue(r.toString().contains("slot 0 not in {1..31}"), r.toString());
    }

    @Test
    void closestPoolsPreferFewestFieldsOutOfRange() {
        ReserveResult<String> r = alloc.reserve(pci(5, 0, 0), "x");
        ReserveResult.OutsidePools<?> out = assertInstanceOf(ReserveResult.OutsidePools.class, r);
        // Bus 5 misses both pools on bus; bus 0's pool also misses on slot 0.
        assertEquals(List.of(bus1), out.closest().stream().map(PoolMiss::pool).toList());
        assertEquals("0:5:0.0 is outside every pool; closest: {0..0}:{1..1}:{0..31}.{0..7} [hotplug, pcie] (bus 5 not in {1..1})",
                r.toString());
    }

    @Test
    void outsidePoolsWithNoPoolsSaysSo() {
        AddressAllocator<String> empty = new AddressAllocator<>(PCI);
        ReserveResult<String> r = empty.reserve(pci(0, 1, 0), "x");
        assertEquals(List.of(), assertInstanceOf(ReserveResult.OutsidePools.class, r).closest());
        assertTrue(r.toString().contains("no pools"));
        assertEquals(Optional.empty(), empty.reserveAny("x"));
    }

    @Test
    void firstFreeIsTheLowestAddressMatchingThePattern() {
        alloc.reserve(pci(0, 1, 0), "a");
        alloc.reserve(pci(0, 2, 0), "b");
        AddressPattern functionZero = PCI.patternBuilder().value("function", 0).build();
        assertEquals(Optional.of(pci(0, 3, 0)), alloc.firstFree(functionZero));
        Reservation<String> r = alloc.reserveFirstFree(functionZero, "c").orElseThrow();
        assertEquals(pci(0, 3, 0), r.address());
        assertEquals(bus0, r.pool());
        assertEquals("c", r.owner());
        assertEquals(Optional.of(pci(0, 4, 0)), alloc.firstFree(functionZero));
    }

    @Test
    void firstFreeInASubBoxSkipsUsedRuns() {
        // Function 3 of slots 1..9 taken, the other functions free: the search must jump slot by slot.
        for (int slot = 1; slot <= 9; slot++) {
            alloc.reserve(pci(0, slot, 3), "f3");
        }
        AddressPattern f3 = PCI.patternBuilder().value("bus", 0).value("function", 3).build();
        assertEquals(Optional.of(pci(0, 10, 3)), alloc.firstFree(f3));
        AddressPattern f3to4 = PCI.patternBuilder().value("bus", 0).range("function", 3, 4).build();
        assertEquals(Optional.of(pci(0, 1, 4)), alloc.firstFree(f3to4));
    }

    @Test
    void firstFreeWithRequiredFlagsSkipsOtherPools() {
        Reservation<String> r = alloc.reserveFirstFree(PCI.anyAddress(), Set.of("hotplug"), "nic").orElseThrow();
        assertEquals(pci(1, 0, 0), r.address());
        assertEquals(bus1, r.pool());
        assertEquals(Optional.empty(), alloc.firstFree(PCI.anyAddress(), Set.of("hotplug", "legacy")));
    }

    @Test
    void firstFreeReturnsEmptyWhenThePatternMissesEveryPool() {
        assertEquals(Optional.empty(), alloc.firstFree(PCI.patternBuilder().value("bus", 7).build()));
        assertEquals(Optional.empty(), alloc.reserveFirstFree(PCI.patternBuilder().value("domain", 1).build(), "x"));
        assertEquals(0, alloc.usedCount());
    }

    @Test
    void firstFreeReturnsEmptyWhenTheMatchingAddressesAreTaken() {
        AddressPattern slot5 = PCI.patternBuilder().value("bus", 0).value("slot", 5).build();
        for (int i = 0; i < 8; i++) {
            assertTrue(alloc.reserveFirstFree(slot5, "multi").isPresent());
        }
        assertEquals(Optional.empty(), alloc.reserveFirstFree(slot5, "multi"));
        assertEquals(8, alloc.reservationsOf("multi").size());
    }

    @Test
    void firstFreeComparesAddressesAcrossInterleavedPools() {
        // Two pools that interleave in address order: slots 0..1 and 2..3 of buses 0..1.
        AddressAllocator<String> a = new AddressAllocator<>(PCI);
        a.addPool(PCI.pool(FieldRange.single(0), FieldRange.of(0, 1), FieldRange.of(2, 3), FieldRange.single(0)));
        Pool low = a.addPool(PCI.pool(FieldRange.single(0), FieldRange.of(0, 1), FieldRange.of(0, 1), FieldRange.single(0)));
        assertEquals(low, a.reserveAny("x").orElseThrow().pool());
        a.reserveAny("x");
        assertEquals(pci(0, 2, 0), a.reserveAny("x").orElseThrow().address());
        a.reserveAny("x");
        assertEquals(pci(1, 0, 0), a.reserveAny("x").orElseThrow().address());
        assertEquals(List.of(pci(0, 0, 0), pci(0, 1, 0), pci(0, 2, 0), pci(0, 3, 0), pci(1, 0, 0)),
                a.reservations().stream().map(Reservation::address).toList());
    }

    @Test
    void reserveAnyTakesTheLowestFreeAddress() {
        alloc.reserve(pci(0, 1, 0), "a");
        assertEquals(pci(0, 1, 1), alloc.reserveAny("b").orElseThrow().address());
        assertEquals(pci(1, 0, 0), alloc.reserveAny(Set.of("pcie"), "c").orElseThrow().address());
    }

    @Test
    void releaseByAddressFreesItForTheNextRequest() {
        alloc.reserve(pci(0, 1, 0), "a");
        alloc.reserve(pci(0, 1, 1), "b");
        assertEquals(Optional.of(new Reservation<>(pci(0, 1, 0), "a", bus0)), alloc.release(pci(0, 1, 0)));
        assertEquals(Optional.empty(), alloc.ownerOf(pci(0, 1, 0)));
        assertEquals(pci(0, 1, 0), alloc.reserveAny("c").orElseThrow().address());
    }

    @Test
    void releasingAFreeOrOutsideAddressReturnsEmpty() {
        assertEquals(Optional.empty(), alloc.release(pci(0, 4, 0)));
        assertEquals(Optional.empty(), alloc.release(pci(9, 4, 0)));
        assertEquals(Optional.empty(), alloc.ownerOf(pci(9, 4, 0)));
        assertEquals(Optional.empty(), alloc.reservationAt(pci(0, 4, 0)));
    }

    @Test
    void releaseByOwnerFreesAllItsAddressesInAddressOrder() {
        alloc.reserve(pci(1, 4, 0), "vm1");
        alloc.reserve(pci(0, 2, 0), "vm1");
        alloc.reserve(pci(0, 3, 0), "vm2");
        alloc.reserve(pci(0, 9, 1), "vm1");
        List<Reservation<String>> released = alloc.releaseAll("vm1");
        assertEquals(List.of(pci(0, 2, 0), pci(0, 9, 1), pci(1, 4, 0)), released.stream().map(Reservation::address).toList());
        assertEquals(List.of(new Reservation<>(pci(0, 3, 0), "vm2", bus0)), alloc.reservations());
        assertEquals(List.of(), alloc.releaseAll("vm1"));
        assertEquals(List.of(), alloc.reservationsOf("vm1"));
    }

    @Test
    void ownersAreComparedWithEquals() {
        alloc.reserve(pci(0, 2, 0), new String("vm"));
        alloc.reserve(pci(0, 3, 0), new String("vm"));
        assertEquals(2, alloc.reservationsOf("vm").size());
        assertEquals(2, alloc.releaseAll(new String("vm")).size());
        assertEquals(0, alloc.usedCount());
    }

    @Test
    void releasingOneOfAnOwnersAddressesKeepsTheOthers() {
        alloc.reserve(pci(0, 2, 0), "vm");
        alloc.reserve(pci(0, 3, 0), "vm");
        alloc.reserve(pci(0, 4, 0), "vm");
        alloc.release(pci(0, 3, 0));
        assertEquals(List.of(pci(0, 2, 0), pci(0, 4, 0)), alloc.reservationsOf("vm").stream().map(Reservation::address).toList());
        alloc.release(pci(0, 4, 0));
        alloc.release(pci(0, 2, 0));
        assertEquals(List.of(), alloc.reservationsOf("vm"));
    }

    @Test
    void countsAreConserved() {
        BigInteger total = BigInteger.valueOf(31 * 8 + 32 * 8);
        assertEquals(total, alloc.totalCount());
        assertEquals(total, alloc.freeCount());
        alloc.reserve(pci(0, 1, 0), "a");
        alloc.reserveAny(Set.of("pcie"), "b");
        assertEquals(2, alloc.usedCount());
        assertEquals(total.subtract(BigInteger.TWO), alloc.freeCount());
        assertEquals(BigInteger.valueOf(31 * 8 - 1), alloc.freeCount(bus0));
        assertEquals(BigInteger.valueOf(32 * 8 - 1), alloc.freeCount(bus1));
    }

    @Test
    void reservationsAreListedInAddressOrder() {
        alloc.reserve(pci(1, 0, 0), "c");
        alloc.reserve(pci(0, 31, 7), "b");
        alloc.reserve(pci(0, 1, 0), "a");
        assertEquals(List.of("a", "b", "c"), alloc.reservations().stream().map(Reservation::owner).toList());
    }

    @Test
    void fillingAPoolCompletelyAndEmptyingItWorks() {
        int capacity = 32 * 8;
        for (int i = 0; i < capacity; i++) {
            assertTrue(alloc.reserveAny(Set.of("pcie"), "fill").isPresent());
        }
        assertEquals(Optional.empty(), alloc.reserveAny(Set.of("pcie"), "fill"));
        assertEquals(BigInteger.ZERO, alloc.freeCount(bus1));
        assertEquals(capacity, alloc.releaseAll("fill").size());
        assertEquals(BigInteger.valueOf(capacity), alloc.freeCount(bus1));
    }

    @Test
    void overlappingPoolsAreRejectedNamingBoth() {
        String m = assertThrows(IllegalArgumentException.class, () -> alloc.addPool(PCI.pool(FieldRange.single(0),
                FieldRange.of(1, 2), FieldRange.of(30, 31), FieldRange.of(0, 7)))).getMessage();
        assertTrue(m.contains("{0..0}:{1..2}:{30..31}.{0..7}") && m.contains("overlaps pool {0..0}:{1..1}:{0..31}.{0..7}")
                && m.contains("0:1:30.0"), m);
        assertEquals(2, alloc.pools().size());
    }

    @Test
    void adjacentPoolsAreAccepted() {
        alloc.addPool(PCI.pool(FieldRange.single(0), FieldRange.single(0), FieldRange.single(0), FieldRange.of(0, 7)));
        assertEquals(3, alloc.pools().size());
        assertInstanceOf(ReserveResult.Reserved.class, alloc.reserve(pci(0, 0, 0), "host bridge"));
    }

    @Test
    void valuesOfAnotherSpaceAreRejected() {
        AddressSpace drive = AddressSpace.of("drive", new Field("controller", 8), new Field("bus", 8),
                new Field("target", 8), new Field("unit", 8));
        String m = assertThrows(IllegalArgumentException.class, () -> alloc.reserve(drive.address(0, 0, 0, 1), "x")).getMessage();
        assertTrue(m.contains("drive") && m.contains("pci"), m);
        assertThrows(IllegalArgumentException.class, () -> alloc.firstFree(drive.anyAddress()));
        assertThrows(IllegalArgumentException.class, () -> alloc.addPool(drive.pool(FieldRange.single(0),
                FieldRange.single(0), FieldRange.single(0), FieldRange.single(0))));
    }

    @Test
    void nullOwnerIsRejected() {
        assertThrows(NullPointerException.class, () -> alloc.reserve(pci(0, 1, 0), null));
        assertThrows(NullPointerException.class, () -> alloc.reserveAny(null));
        assertEquals(0, alloc.usedCount());
    }

    @Test
    void unknownPoolForFreeCountIsRejected() {
        Pool other = PCI.pool(FieldRange.single(3), FieldRange.single(0), FieldRange.single(0), FieldRange.single(0));
        assertThrows(IllegalArgumentException.class, () -> alloc.freeCount(other));
    }

    @Test
    void oneAllocatorServesDriveAndVirtioSerialAddresses() {
        AddressSpace drive = AddressSpace.of("drive", new Field("controller", 8), new Field("bus", 8),
                new Field("target", 8), new Field("unit", 8));
        AddressAllocator<String> disks = new AddressAllocator<>(drive);
        disks.addPool(drive.pool(FieldRange.of(0, 3), FieldRange.of(0, 1), FieldRange.single(0), FieldRange.of(0, 1)));
        disks.reserve(drive.address(0, 0, 0, 0), "cdrom");
        assertEquals("0:0:0:1", disks.reserveAny("disk").orElseThrow().address().toString());

        AddressSpace serial = AddressSpace.of("virtio-serial", new Field("controller", 8), new Field("bus", 8), new Field("port", 8));
        AddressAllocator<Integer> ports = new AddressAllocator<>(serial);
        ports.addPool(serial.pool(FieldRange.single(0), FieldRange.single(0), FieldRange.of(1, 30)));
        assertEquals(1, ports.reserveAny(7).orElseThrow().address().get("port"));
    }

    @Test
    void ipv4AsOneFieldOrFourOctets() {
        AddressSpace flat = AddressSpace.of("ipv4", new Field("address", 32));
        AddressAllocator<String> a = new AddressAllocator<>(flat);
        a.addPool(flat.pool(FieldRange.of(0x0A000002L, 0x0A0000FEL)));
        assertEquals(0x0A000002L, a.reserveAny("gw").orElseThrow().address().get(0));

        AddressSpace octets = AddressSpace.builder("ipv4").field("a", 8).field("b", 8, ".").field("c", 8, ".")
                .field("d", 8, ".").build();
        AddressAllocator<String> o = new AddressAllocator<>(octets);
        o.addPool(octets.pool(FieldRange.single(192), FieldRange.single(168), FieldRange.of(122, 123), FieldRange.of(2, 254)));
        o.reserve(octets.address(192, 168, 122, 2), "host");
        assertEquals("192.168.122.3", o.reserveAny("vm").orElseThrow().address().toString());
        assertFalse(o.isReserved(octets.address(192, 168, 123, 2)));
    }
}
