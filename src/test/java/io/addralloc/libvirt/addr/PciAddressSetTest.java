package io.addralloc.libvirt.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The address set over the allocator core: libvirt's search order across buses, aggregate slots,
 * the dry run's growth, and the real pass continuing in the dry run's allocator.
 */
class PciAddressSetTest {
    private static final int PCI = PciFlags.PCI_DEVICE | PciFlags.AUTOASSIGN;
    private static final int PCIE = PciFlags.PCIE_DEVICE | PciFlags.AUTOASSIGN;
    private static final int ROOT_PORT = PciFlags.ofControllerModel("pcie-root-port");

    private final Problems problems = new Problems();

    private static List<PciBus> buses(String... models) {
        List<PciBus> out = new ArrayList<>();
        for (String m : models) {
            out.add(new PciBus(m, true));
        }
        return out;
    }

    private static Addr.Pci pci(int bus, int slot, int function) {
        return new Addr.Pci(0, bus, slot, function, null);
    }

    @Test
    void nextSlotRunsOverConsecutiveBusesInBusThenSlotOrder() {
        PciAddressSet set = PciAddressSet.realPass(buses("pci-root", "pci-bridge", "pci-bridge"), problems);
        for (int slot = 1; slot <= 31; slot++) {
            assertTrue(set.reserve(pci(0, slot, 0), PCI, true, null));
        }
        assertTrue(set.reserve(pci(1, 1, 3), PCI, true, null));
        // Bus 1's slot 1 has a function taken, so it is not free; slot 2 is the first with none.
        assertEquals(pci(1, 2, 0), set.reserveNext(null, PCI, -1));
        assertEquals(pci(1, 3, 0), set.reserveNext(null, PCI, -1));
        assertTrue(set.busFullyReserved(0));
        assertFalse(set.busFullyReserved(1));
        assertEquals(0b1000, set.functions(1, 1));
        assertEquals(0, set.functions(1, 0), "below the bridge's first slot nothing is held");
        assertTrue(problems.count() == 0, () -> problems.distinct().toString());
    }

    @Test
    void aBusThatDoesNotAcceptTheDeviceIsSkipped() {
        // pcie-root takes no hot-plugged PCIe endpoints; the first root port does.
        PciAddressSet set = PciAddressSet.realPass(buses("pcie-root", "pcie-root-port", "pcie-root-port"), problems);
        assertEquals(pci(1, 0, 0), set.reserveNext(null, PCIE, -1));
        assertEquals(pci(2, 0, 0), set.reserveNext(null, PCIE, -1));
        assertNull(set.reserveNext(null, PCIE, -1));
        assertEquals(Rule.PCI_NO_SLOT, problems.distinct().get(0).rule());
    }

    @Test
    void rootPortsShareTheSlotTheFirstOneOpened() {
        PciAddressSet set = PciAddressSet.realPass(buses("pcie-root"), problems);
        assertTrue(set.reserve(pci(0, 1, 0), PciFlags.PCIE_DEVICE, true, null));
        assertEquals(pci(0, 2, 0), set.reserveNext(null, ROOT_PORT, -1));
        assertEquals(pci(0, 2, 1), set.reserveNext(null, ROOT_PORT, -1));
        assertTrue(set.reserve(pci(0, 2, 2), PciFlags.PCIE_DEVICE, true, null));
        assertEquals(pci(0, 2, 3), set.reserveNext(null, ROOT_PORT, -1));
        // A device that cannot share takes the next empty slot, and the ports still fill slot 2.
        assertEquals(pci(0, 3, 0), set.reserveNext(null, PciFlags.PCIE_ROOT_PORT, -1));
        assertEquals(pci(0, 2, 4), set.reserveNext(null, ROOT_PORT, -1));
        // Asked for one function, a port gets that function of a shared slot or an empty slot.
        assertEquals(pci(0, 2, 7), set.reserveNext(null, ROOT_PORT, 7));
        assertEquals(pci(0, 4, 7), set.reserveNext(null, ROOT_PORT, 7));
        assertTrue(problems.count() == 0, () -> problems.distinct().toString());
    }

    @Test
    void theSecondHolderOfAnAddressIsAProblemNamingTheFirst() {
        PciAddressSet set = PciAddressSet.realPass(buses("pci-root"), problems);
        assertTrue(set.reserve(pci(0, 1, 0), PCI, true, null));
        assertFalse(set.reserve(pci(0, 1, 0), PCI, true, null));
        assertEquals(Rule.PCI_DUPLICATE_ADDRESS, problems.distinct().get(0).rule());
        assertTrue(problems.distinct().get(0).message().contains("belongs to the chipset"), problems.distinct().get(0).message());
        assertEquals(List.of(pci(0, 1, 0)), set.chipsetAddresses());
        assertFalse(set.reserve(pci(0, 0, 0), PCI, true, null), "pci-root's slot 0 is not for devices");
        assertEquals(Rule.PCI_OUT_OF_RANGE, problems.distinct().get(1).rule());
    }

    @Test
    void theRealPassStartsFromTheDryRunsBusesWithNothingHeld() {
        PciAddressSet dry = PciAddressSet.dryRun(buses("pcie-root"), problems);
        assertTrue(dry.reserve(pci(0, 1, 0), PciFlags.PCIE_DEVICE, true, null));
        // No bus takes a PCIe endpoint: the dry run adds a root port for each.
        assertEquals(pci(1, 0, 0), dry.reserveNext(null, PCIE, -1));
        assertEquals(pci(2, 0, 0), dry.reserveNext(null, PCIE, -1));
        assertEquals(3, dry.nbuses());

        PciAddressSet real = dry.startRealPass(buses("pcie-root", "pcie-root-port", "pcie-root-port"));
        assertFalse(real.dryRun);
        assertEquals(3, real.nbuses());
        assertFalse(real.slotInUse(pci(0, 1, 0)));
        assertFalse(real.slotInUse(pci(1, 0, 0)));
        assertEquals(List.of(), real.chipsetAddresses());
        assertEquals(pci(1, 0, 0), real.reserveNext(null, PCIE, -1));
        assertEquals(pci(2, 0, 0), real.reserveNext(null, PCIE, -1));
        assertNull(real.reserveNext(null, PCIE, -1), "the real pass does not grow");
        assertEquals(List.of(Rule.PCI_NO_SLOT), problems.distinct().stream().map(Problem::rule).toList());
    }

    @Test
    void aRealPassWhoseFirstBusesDifferGetsAnAllocatorOfItsOwn() {
        PciAddressSet dry = PciAddressSet.dryRun(buses("pcie-root-port"), problems);
        assertTrue(dry.reserve(pci(0, 0, 0), PCIE, true, null));
        PciAddressSet real = dry.startRealPass(buses("pci-root"));
        assertFalse(real.slotInUse(pci(0, 0, 0)));
        assertTrue(real.reserve(pci(0, 5, 0), PCI, true, null));
        assertTrue(real.slotInUse(pci(0, 5, 0)));
        assertTrue(problems.count() == 0, () -> problems.distinct().toString());
    }

    @Test
    void theDryRunGrowsAPcieToPciBridgeForAConventionalDeviceOnQ35() {
        PciAddressSet dry = PciAddressSet.dryRun(buses("pcie-root"), problems);
        // The first conventional PCI device needs a root port and a pcie-to-pci-bridge behind it.
        assertEquals(pci(2, 1, 0), dry.reserveNext(null, PCI, -1));
        assertEquals("pcie-root-port", dry.buses.get(1).model);
        assertEquals("pcie-to-pci-bridge", dry.buses.get(2).model);
        assertEquals(pci(2, 2, 0), dry.reserveNext(null, PCI, -1));
        assertEquals(3, dry.nbuses());
    }
}
