package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files libvirt accepts but that deserve a word: the finding, and what it says libvirt does,
 * against libvirt 9.0's own {@code dumpxml} of the rule case (noted at each test).
 */
class NoticeCasesTest {

    private static List<Problem> notices(String resource, Rule rule) throws Exception {
        DefineSimulation.Outcome out = LibvirtRuleCasesTest.simulate(resource);
        assertTrue(out.accepted(), resource + " is accepted by libvirt: " + out.problems());
        return out.problems().stream().filter(p -> p.rule() == rule).toList();
    }

    @Test
    void anAllZeroPciAddressIsAWarningThatNamesTheSlotLibvirtPicks() throws Exception {
        // libvirt's dumpxml of zero-pci-nic.xml puts the e1000 at 0000:00:02.0 (the file has no video).
        List<Problem> found = notices("zero-pci-nic.xml", Rule.PCI_ZERO_ADDRESS);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.WARNING, found.get(0).severity());
        assertTrue(found.get(0).message().contains("at 0000:00:02.0"), found.get(0).message());
    }

    @Test
    void anElementLibvirtDoesNotKnowIsNotedAndTakesNoSlot() throws Exception {
        // crypto-addr.xml gives <crypto> the video's address; libvirt 9.0 accepts it and drops <crypto>.
        List<Problem> found = notices("crypto-addr.xml", Rule.DEVICE_UNKNOWN_ELEMENT);
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.INFO, found.get(0).severity());
        assertEquals("crypto", found.get(0).at().getName());
    }
}
