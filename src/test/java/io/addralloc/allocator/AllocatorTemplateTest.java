package io.addralloc.allocator;

import static io.addralloc.allocator.AddressSpaceTest.PCI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Templates, and the placement queries and marks as a PCI and a USB policy use them: a q35-like
 * family of buses made once, an allocator per domain, a slot's used functions, the first slot
 * with every function free, ports in the order the hubs were added, and a dry run undone.
 */
class AllocatorTemplateTest {
    /** pcie-root (slots 1..31) and four root ports (slot 0 each), as a q35 domain starts. */
    private static final AllocatorTemplate Q35 = AllocatorTemplate.of(PCI, List.of(
            PCI.pool(Set.of("pcie"), FieldRange.single(0), FieldRange.single(0), FieldRange.of(1, 31), FieldRange.of(0, 7)),
            port(1), port(2), port(3), port(4)));

    private static Pool port(int bus) {
        return PCI.pool(Set.of("pcie", "hotplug"), FieldRange.single(0), FieldRange.single(bus), FieldRange.single(0),
                FieldRange.of(0, 7));
    }

    private static Address pci(long bus, long slot, long function) {
        return PCI.address(0, bus, slot, function);
    }

    @Test
    void allocatorsOfOneTemplateShareNoState() {
        AddressAllocator<String> first = Q35.newAllocator();
        AddressAllocator<String> second = Q35.newAllocator();
        first.reserve(pci(0, 1, 0), "video");
        assertTrue(first.isReserved(pci(0, 1, 0)));
        assertFalse(second.isReserved(pci(0, 1, 0)));
        assertEquals(Q35.pools(), second.pools());
        assertEquals(Q35.pools().get(0), second.reserveAny("x").orElseThrow().pool());
        first.checkInvariants();
        second.checkInvariants();
    }

    @Test
    void theTemplateChecksItsPoolsOnce() {
        String m = assertThrows(IllegalArgumentException.class, () -> AllocatorTemplate.of(PCI, List.of(port(1), port(1))))
                .getMessage();
        assertTrue(m.contains("overlaps") && m.contains("0:1:0.0"), m);
        AddressSpace other = AddressSpace.of("other", new Field("x", 8));
        m = assertThrows(IllegalArgumentException.class, () -> AllocatorTemplate.of(other, List.of(port(1)))).getMessage();
        assertTrue(m.contains("not to the template's space other"), m);
    }

    @Test
    void anInstantiatedAllocatorStillGrows() {
        AddressAllocator<String> a = Q35.newAllocator();
        Pool bus5 = a.addPool(port(5));
        assertEquals(bus5, assertInstanceOf(ReserveResult.Reserved.class, a.reserve(pci(5, 0, 3), "nic")).reservation().pool());
        assertThrows(IllegalArgumentException.class, () -> a.addPool(port(2)));
        assertEquals(6, a.pools().size());
    }

    @Test
    void usedMaskIsASlotsFunctions() {
        AddressAllocator<String> a = Q35.newAllocator();
        for (int f = 0; f < 8; f++) {
            a.reserve(pci(0, 2, f), "port" + f);
        }
        a.reserve(pci(0, 0x1f, 2), "sata");
        a.reserve(pci(0, 0x1f, 0), "lpc");
        assertEquals(0xff, a.usedMask(pci(0, 2, 0)));
        assertEquals(0b101, a.usedMask(pci(0, 0x1f, 0)));
        // From function 2 on: bit 0 is function 2; functions beyond 7 do not exist.
        assertEquals(0b1, a.usedMask(pci(0, 0x1f, 2)));
        assertEquals(0, a.usedMask(pci(0, 3, 0)));
        // Slot 0 of bus 0 is in no pool; a bus with no pool reads as free too.
        assertEquals(0, a.usedMask(pci(0, 0, 0)));
        assertEquals(0, a.usedMask(pci(9, 0, 0)));
    }

    @Test
    void firstEmptyIsTheFirstSlotWithEveryFunctionFree() {
        AddressAllocator<String> a = Q35.newAllocator();
        a.reserve(pci(0, 1, 0), "video");
        a.reserve(pci(0, 2, 7), "port");
        a.reserve(pci(0, 4, 0), "disk");
        AddressPattern bus0 = PCI.patternBuilder().value("bus", 0).build();
        assertEquals(Optional.of(pci(0, 3, 0)), a.firstEmpty(bus0, 1));
        // Functions 0..3 only: slot 2 has them free.
        AddressPattern low4 = PCI.patternBuilder().value("bus", 0).range("function", 0, 3).build();
        assertEquals(Optional.of(pci(0, 2, 0)), a.firstEmpty(low4, 1));
        // Any bus, hotplug ports only: port 1's slot 0.
        assertEquals(Optional.of(pci(1, 0, 0)), a.firstEmpty(PCI.anyAddress(), 1, Set.of("hotplug")));
        // A box that no pool holds whole (slot 0 of bus 0 is outside the root's pool) is never empty.
        assertEquals(Optional.empty(), a.firstEmpty(PCI.patternBuilder().value("bus", 0).value("slot", 0).build(), 1));
        assertThrows(IllegalArgumentException.class, () -> a.firstEmpty(bus0, 5));
    }

    @Test
    void poolsAsAddedTakesTheFirstPoolWithRoom() {
        // A USB policy: the root hub's ports first, then a child hub's, in the order it added them.
        AddressSpace usb = AddressSpace.of("usb", new Field("bus", 8), new Field("port1", 4), new Field("port2", 4));
        AddressAllocator<String> a = new AddressAllocator<>(usb);
        a.addPool(usb.pool(FieldRange.single(0), FieldRange.of(3, 4), FieldRange.single(0)));
        a.addPool(usb.pool(FieldRange.single(0), FieldRange.single(1), FieldRange.of(1, 8)));
        AddressPattern any = usb.anyAddress();
        assertEquals(usb.address(0, 1, 1), a.firstFree(any, Set.of()).orElseThrow());
        assertEquals(usb.address(0, 3, 0),
                a.reserveFirstFree(any, Set.of(), AddressAllocator.Order.POOLS_AS_ADDED, "tablet").orElseThrow().address());
        assertEquals(usb.address(0, 4, 0),
                a.reserveFirstFree(any, Set.of(), AddressAllocator.Order.POOLS_AS_ADDED, "keyboard").orElseThrow().address());
        assertEquals(usb.address(0, 1, 1),
                a.reserveFirstFree(any, Set.of(), AddressAllocator.Order.POOLS_AS_ADDED, "mouse").orElseThrow().address());
    }

    @Test
    void rollbackUndoesADryRunAndCommitKeepsIt() {
        AddressAllocator<String> a = Q35.newAllocator();
        a.reserve(pci(0, 1, 0), "video");
        AddressAllocator.Mark dryRun = a.mark();
        a.reserve(pci(0, 3, 0), "disk");
        a.release(pci(0, 1, 0));
        Pool bus6 = a.addPool(port(6));
        a.reserve(pci(6, 0, 0), "nic");
        a.rollback(dryRun);
        assertEquals(List.of("0:0:1.0 -> video in " + Q35.pools().get(0)), a.reservations().stream().map(Object::toString).toList());
        assertFalse(a.pools().contains(bus6));
        a.checkInvariants();

        AddressAllocator.Mark outer = a.mark();
        AddressAllocator.Mark inner = a.mark();
        a.reserve(pci(0, 3, 0), "disk");
        a.commit(inner);
        a.rollback(outer);
        assertFalse(a.isReserved(pci(0, 3, 0)));
        String m = assertThrows(IllegalArgumentException.class, () -> a.rollback(inner)).getMessage();
        assertTrue(m.contains("already rolled back or committed"), m);
        AddressAllocator.Mark foreign = Q35.<String>newAllocator().mark();
        m = assertThrows(IllegalArgumentException.class, () -> a.rollback(foreign)).getMessage();
        assertTrue(m.contains("another allocator"), m);
    }
}
