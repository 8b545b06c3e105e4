package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a finding says for faults whose first messages misled: the reason libvirt gives (each
 * rule case holds libvirt 9.0's verdict in cases.tsv), and no follow-on error beside it.
 */
class MessagesTest {

    private static List<Problem> errors(String resource) throws Exception {
        return LibvirtRuleCasesTest.simulate(resource).problems().stream()
                .filter(p -> p.severity() == Severity.ERROR).toList();
    }

    @Test
    void anExpanderBusOnTheWrongMachineNamesTheMachineAndNothingElse() throws Exception {
        for (String c : new String[] {"pco-pxbpcie-on-pc.xml", "pco-pxb-on-q35.xml"}) {
            List<Problem> errors = errors(c);
            assertEquals(1, errors.size(), c + ": " + errors);
            assertEquals(Rule.DEVICE_UNSUPPORTED, errors.get(0).rule());
            assertTrue(errors.get(0).message().contains("controllers are"), errors.get(0).message());
        }
    }

    @Test
    void aDiskWithoutTargetSaysSoInsteadOfNamingNull() throws Exception {
        List<Problem> errors = errors("disk-notarget.xml");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("missing target information for device /tmp/a.img"));
        assertFalse(errors.get(0).message().contains("null"), errors.get(0).message());
    }

    @Test
    void aMachineTypeQemuLacksIsAnErrorNotAWarning() throws Exception {
        List<Problem> errors = errors("mach-pc-0.12.xml");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(Rule.DOMAIN_INVALID, errors.get(0).rule());
        assertTrue(errors.get(0).message().contains("'pc-0.12'"));
    }
}
