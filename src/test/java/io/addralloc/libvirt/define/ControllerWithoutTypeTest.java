package io.addralloc.libvirt.define;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.result.FileResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A controller without type is an IDE controller to libvirt 9.0 (checked with virsh define:
 * {@code <controller index='1'/>} on pc is refused with "Only a single IDE controller is supported
 * for this machine type"; with {@code index='0'} it is the pc's own IDE controller).
 */
class ControllerWithoutTypeTest {
    private static FileResult check(String controller) {
        String xml = "<domain type='qemu'><name>t</name><memory>524288</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + controller
                + "</devices></domain>";
        return new FileChecker().check("t.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isReadAsIdeWithoutFailing() throws Exception {
        Domain domain = DefineSimulation.run(io.addralloc.libvirt.xml.XmlFile.parse(
                ("<domain type='qemu'><name>t</name><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                        + "<devices><controller index='0'/></devices></domain>").getBytes(StandardCharsets.UTF_8))
                .root()).domain();
        assertEquals("ide", domain.controllers().get(0).type);
        assertFalse(check("<controller index='0'/>").hasErrors());
    }

    @Test
    void aSecondOneIsRefusedOnPcAsLibvirtDoes() {
        assertTrue(check("<controller index='1'/>").hasErrors());
    }
}
