package io.addralloc.libvirt.define;

import io.addralloc.libvirt.parse.DomainReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.corpus.Layout;
import io.addralloc.libvirt.write.DomainWriter;
import io.addralloc.libvirt.xml.XmlFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layouts libvirt 9.0 chose for small probes (input {@code layout-NAME.xml}, its
 * {@code dumpxml --inactive} in {@code layout-NAME.out.xml}): NIC models on q35 (known
 * conventional-PCI names go behind a pcie-to-pci-bridge, unknown names and e1000e/virtio on a
 * root port), virtio consoles with a portless virtio-serial address (they use up a port of
 * controller 0), a balloon of model none (its address is dropped), the serial a serial console
 * implies, and a slotless multifunction address. The simulation must give the same layout, and
 * the file {@code assign} writes must give it again.
 */
class LibvirtLayoutProbesTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = LibvirtLayoutProbesTest.class.getResourceAsStream("/libvirt/rules/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"con1", "con2", "cono1", "cono3", "cono4", "conn1", "conn4", "nic-ne2k_pci", "nic-foo",
        "nic-igb", "nic-e1000", "nic-Am79C970A", "nic-82545em", "nic-none", "bn1", "bn4", "cs1", "cs2", "cs4", "mf"})
    void simulatedAndPinnedLayoutsAreLibvirts(String name) throws Exception {
        XmlFile input = XmlFile.parse(resource("layout-" + name + ".xml"));
        Map<String, String> libvirt = Layout.of(
                DomainReader.read(XmlFile.parse(resource("layout-" + name + ".out.xml")).root()).domain());
        DefineSimulation.Outcome ours = DefineSimulation.run(input.root());
        assertTrue(ours.accepted(), () -> "libvirt accepts " + name + "; addralloc: " + ours.problems());
        assertEquals(libvirt, Layout.of(ours.domain()), "simulated layout");

        DomainWriter.Result written = DomainWriter.write(input, ours.domain());
        byte[] pinned = written.text() == null ? resource("layout-" + name + ".xml")
                : written.text().getBytes(StandardCharsets.UTF_8);
        DefineSimulation.Outcome again = DefineSimulation.run(XmlFile.parse(pinned).root());
        assertTrue(again.accepted(), () -> "pinned file refused: " + again.problems());
        assertEquals(libvirt, Layout.of(again.domain()), "layout of the pinned file");
    }
}
