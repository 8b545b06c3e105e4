package io.addralloc.libvirt.define;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.corpus.Corpus;
import io.addralloc.libvirt.corpus.Layout;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each pass of the define, tried alone through {@link PassHarness} on the stored corpora (inputs
 * and libvirt 9.0's output for them): whatever address a pass sets is the one libvirt's output
 * has, unless a later pass changes it again, as libvirt's own passes do; and the passes that
 * assign a kind of address are the ones that set it.
 */
class DefinePassTest {
    private static final List<String> CORPORA = List.of("corpus", "corpus-arch", "corpus-probes", "corpus-classgen");

    private static Stream<Corpus.Case> cases() {
        Path resources = Paths.get("src", "test", "resources", "libvirt");
        return CORPORA.stream().map(resources::resolve).filter(Files::isDirectory).map(dir -> {
            try {
                return Corpus.load(dir);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).flatMap(c -> c.acceptedModelled().stream());
    }

    @Test
    void whatEachPassSetsIsWhatLibvirtHas() throws Exception {
        Map<String, Integer> set = new TreeMap<>();
        Map<String, Integer> kept = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Corpus.Case c : cases().toList()) {
            Map<String, String> libvirt = Layout.of(DomainReader.read(XmlFile.parse(c.outputBytes()).root()).domain());
            List<PassHarness.Step> steps = new ArrayList<>();
            List<Map<String, String>> after = new ArrayList<>();
            PassHarness.each(XmlFile.parse(c.inputBytes()).root(), step -> {
                steps.add(step);
                after.add(Layout.of(step.context().domain()));
            }, null);
            if (steps.isEmpty()) {
                continue;
            }
            Map<String, String> before = Layout.of(DomainReader.read(XmlFile.parse(c.inputBytes()).root()).domain());
            for (int i = 0; i < steps.size(); i++) {
                Map<String, String> now = after.get(i);
                Map<String, String> was = i == 0 ? before : after.get(i - 1);
                String pass = steps.get(i).pass().name();
                for (Map.Entry<String, String> e : now.entrySet()) {
                    String key = e.getKey();
                    if (e.getValue().equals(was.get(key)) || e.getValue().endsWith("-")) {
                        continue;
                    }
                    set.merge(pass, 1, Integer::sum);
                    boolean changedLater = false;
                    for (int j = i + 1; j < steps.size(); j++) {
                        changedLater |= !e.getValue().equals(after.get(j).get(key));
                    }
                    if (changedLater) {
                        continue;
                    }
                    kept.merge(pass, 1, Integer::sum);
                    if (!e.getValue().equals(libvirt.get(key))) {
                        wrong.add(c.id() + ": pass " + pass + " set " + key + " = " + e.getValue() + ", libvirt: "
                                + libvirt.get(key));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong.stream().limit(20).toList(), wrong.size() + " addresses set wrong");
        // Each address pass sets addresses somewhere in the corpora, or this test tests nothing of it.
        for (String pass : List.of("virtio-serial", "spapr-vio", "ccw", "pci", "usb", "dimm")) {
            assertTrue(kept.getOrDefault(pass, 0) > 0, pass + " set no address that stayed: " + kept + " of " + set);
        }
    }

    @Test
    void theUsbPassAloneGivesATabletItsPort() throws Exception {
        String xml = """
                <domain type='qemu'>
                  <name>t</name><memory>65536</memory>
                  <os><type arch='x86_64' machine='q35'>hvm</type></os>
                  <devices><input type='tablet' bus='usb'/></devices>
                </domain>""";
        PassHarness.Step pci = PassHarness.through("pci", XmlFile.parse(xml.getBytes()).root());
        Device tablet = pci.context().domain().of(DeviceKind.INPUT).get(0);
        assertEquals(null, tablet.addr, "no pass before USB places a USB device");
        PassHarness.Step usb = PassHarness.through("usb", XmlFile.parse(xml.getBytes()).root());
        Device placed = usb.context().domain().of(DeviceKind.INPUT).get(0);
        assertTrue(placed.addr instanceof Addr.Usb, "the USB pass placed the tablet: " + placed.addr);
        assertEquals(List.of(), usb.problems());
    }

    @Test
    void aPassReportsOnlyWhatItFinds() throws Exception {
        // Two channels on one virtio-serial port: the virtio-serial pass reports it, no other pass does.
        String xml = """
                <domain type='qemu'>
                  <name>t</name><memory>65536</memory>
                  <os><type arch='x86_64' machine='q35'>hvm</type></os>
                  <devices>
                    <controller type='virtio-serial' index='0'/>
                    <channel type='pty'><target type='virtio' name='a'/><address type='virtio-serial' controller='0' bus='0' port='1'/></channel>
                    <channel type='pty'><target type='virtio' name='b'/><address type='virtio-serial' controller='0' bus='0' port='1'/></channel>
                  </devices>
                </domain>""";
        Set<String> reporting = new HashSet<>();
        Set<Rule> rules = new HashSet<>();
        PassHarness.each(XmlFile.parse(xml.getBytes()).root(), step -> {
            if (!step.problems().isEmpty()) {
                reporting.add(step.pass().name());
                step.problems().forEach(p -> rules.add(p.rule()));
            }
        }, null);
        assertEquals(Set.of("virtio-serial"), reporting, "rules: " + rules);
    }
}
