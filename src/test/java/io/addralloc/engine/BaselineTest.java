package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.result.FindingFingerprint;
import io.addralloc.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineTest {
    private static final FileChecker CHECKER = new FileChecker();

    /** What verify finds in the file, fingerprinted as the baseline does. */
    private static List<Baseline.Fingerprinted> check(String path, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FileResult r = CHECKER.check(path, bytes);
        return Baseline.fingerprint(path, r.findings(), XmlFile.parse(bytes));
    }

    private static List<Rule> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    private static final String NEW_NIC = "    <interface type='network'>\n"
            + "      <mac address='52:54:00:00:00:09'/>\n"
            + "      <source network='default'/>\n"
            + "      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>\n"
            + "    </interface>\n";

    @Test
    void aBaselineSurvivesLinesAndDevicesInsertedAboveItsFindings() throws Exception {
        String before = SuppressionsTest.clash("");
        List<Baseline.Fingerprinted> found = check("vms/web01.xml", before);
        assertEquals(List.of(Rule.PCI_DUPLICATE_ADDRESS),
                rules(found.stream().map(Baseline.Fingerprinted::finding).toList()));
        Baseline baseline = Baseline.read(Baseline.of(found).bytes(), "addralloc-baseline.xml").baseline();
        assertEquals(found.size(), baseline.size());
        assertTrue(baseline.write().contains("element=\"/domain/devices/interface[mac=52:54:00:00:00:02]/address\""),
                baseline.write());

        // Lines above, and another interface before the clashing one: its index among interfaces moves.
        String edited = before.replace("  <name>", "  <!-- owner: ops -->\n  <description>web</description>\n  <name>")
                .replace("  <devices>\n", "  <devices>\n" + NEW_NIC);
        List<Baseline.Fingerprinted> after = check("vms/web01.xml", edited);
        Baseline.Comparison c = baseline.compare(after);
        assertEquals(List.of(), c.fresh());
        assertEquals(found.size(), c.known().size());
        assertEquals(0, c.fixedCount());
        assertTrue(c.known().stream().allMatch(f -> f.line() > 3), "the findings moved down");
        assertEquals("baseline addralloc-baseline.xml: 1 finding known, 0 new",
                c.summary("addralloc-baseline.xml"));
    }

    @Test
    void fixedAndNewFindingsAreToldApart() throws Exception {
        String clash = SuppressionsTest.clash("");
        Baseline baseline = Baseline.of(check("vms/web01.xml", clash));
        // Fixed: the second interface moves to its own bus. New: the same clash in another file.
        String fixed = clash.replace("slot='0x03' function='0x0'/>\n    </interface>\n  </devices>",
                "slot='0x04' function='0x0'/>\n    </interface>\n  </devices>");
        List<Baseline.Fingerprinted> now = new ArrayList<>(check("vms/web01.xml", fixed));
        now.addAll(check("vms/web02.xml", clash));
        Baseline.Comparison c = baseline.compare(now);
        assertEquals(List.of(Rule.PCI_DUPLICATE_ADDRESS), rules(c.fresh()), c.toString());
        assertEquals("vms/web02.xml", c.fresh().get(0).path());
        assertEquals(List.of(), c.known());
        assertEquals(Map.of(new Baseline.Entry("addralloc.pci.DuplicateAddress", "vms/web01.xml",
                "/domain/devices/interface[mac=52:54:00:00:00:02]/address"), 1), c.fixed());
        assertTrue(c.summary("b.xml").contains("fixed, run mvn addralloc:baseline again to shrink it"), c.summary("b.xml"));
    }

    @Test
    void alikeFindingsAreCounted() {
        Finding f = new Finding(Rule.PCI_ZERO_ADDRESS, Rule.PCI_ZERO_ADDRESS.severity(), "a.xml", 3, 3, "m",
                "/domain/devices", null);
        Baseline.Fingerprinted one = Baseline.fingerprint(f, "a.xml", null);
        Baseline b = Baseline.read(Baseline.of(List.of(one, one)).bytes(), "b").baseline();
        assertTrue(b.write().contains("count=\"2\""), b.write());
        Baseline.Comparison c = b.compare(List.of(one, one, one));
        assertEquals(1, c.fresh().size());
        assertEquals(2, c.known().size());
        assertEquals(Map.of(one.entry(), 1), b.compare(List.of(one)).fixed());
    }

    /** Seeded random entries: the file is the same whatever the order of the findings, sorted, and reads back. */
    @Test
    void theFileIsSortedStableAndReadsBack() {
        Random random = new Random(4);
        String[] paths = {"vms/a.xml", "vms/b.xml", "net/lan.xml", "vms/ä & <b>.xml"};
        String[] elements = {"/domain/name", "/domain/devices/disk[target=vda]", "mac 52:54:00:00:00:01",
                "/domain/devices/interface[mac=52:54:00:00:00:01]/address", "", "a\"quote'\\u000a"};
        Rule[] rules = Rule.values();
        for (int round = 0; round < 100; round++) {
            List<Baseline.Fingerprinted> found = new ArrayList<>();
            for (int k = random.nextInt(12); k > 0; k--) {
                Rule r = rules[random.nextInt(rules.length)];
                String p = paths[random.nextInt(paths.length)];
                found.add(Baseline.fingerprint(new Finding(r, r.severity(), p, 1, 1, "m",
                        elements[random.nextInt(elements.length)], null), p, null));
            }
            String text = Baseline.of(found).write();
            Collections.shuffle(found, random);
            assertEquals(text, Baseline.of(found).write());
            Baseline.Loaded back = Baseline.read(text.getBytes(StandardCharsets.UTF_8), "b");
            assertEquals(List.of(), back.problems());
            assertEquals(Baseline.of(found).entries(), back.baseline().entries());
            assertEquals(text, back.baseline().write());
            Baseline.Comparison c = back.baseline().compare(found);
            assertEquals(found.size(), c.known().size());
            assertEquals(0, c.fresh().size() + c.fixedCount());
            List<Baseline.Entry> order = new ArrayList<>(back.baseline().entries().keySet());
            List<Baseline.Entry> sorted = new ArrayList<>(order);
            sorted.sort(Baseline.Entry.ORDER);
            assertEquals(sorted, order);
        }
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", Baseline.empty().write().lines().findFirst().get() + "\n");
        assertTrue(Baseline.empty().write().endsWith("<baseline version=\"1\">\n</baseline>\n"));
    }

    @Test
    void whatIsWrongWithTheFileIsReported() {
        Baseline.Loaded broken = Baseline.read("<baseline version=\"1\">\n<file>".getBytes(StandardCharsets.UTF_8), "b.xml");
        assertEquals(0, broken.baseline().size());
        assertEquals(Rule.BASELINE_INVALID, broken.problems().get(0).rule());
        assertTrue(broken.problems().get(0).message().startsWith("the baseline is not well-formed XML"));
        Baseline.Loaded future = Baseline.read("<baseline version=\"2\"/>".getBytes(StandardCharsets.UTF_8), "b.xml");
        assertTrue(future.problems().get(0).message().contains("not <baseline version=\"1\">"));
        Baseline.Loaded partly = Baseline.read(("<baseline version=\"1\">\n"
                + "  <file path=\"a.xml\">\n"
                + "    <finding rule=\"addralloc.pci.NoSlot\" element=\"/domain\"/>\n"
                + "    <finding rule=\"addralloc.pci.NoSlot\"/>\n"
                + "    <finding rule=\"addralloc.pci.NoSlot\" element=\"/x\" count=\"0\"/>\n"
                + "  </file>\n"
                + "  <entry/>\n"
                + "</baseline>\n").getBytes(StandardCharsets.UTF_8), "b.xml");
        assertEquals(1, partly.baseline().size());
        assertEquals(List.of(4, 5, 7), partly.problems().stream().map(Finding::line).toList());
    }

    @Test
    void elementKeysNameDevicesByWhatIdentifiesThem() throws Exception {
        XmlFile xml = XmlFile.parse(("<domain><devices>"
                + "<disk><target dev='vda'/></disk><disk><target dev='vda'/></disk><disk><target dev='vdb'/></disk>"
                + "<controller type='pci' index='3'/><controller type='usb'/>"
                + "<hostdev><source><address domain='0x0000' bus='0x03' slot='0x00' function='0x1'/></source></hostdev>"
                + "<channel><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
                + "<interface><alias name='ua-net0'/><mac address='52:54:00:AA:00:01'/></interface>"
                + "<interface><mac address='52:54:00:AA:00:02'/></interface>"
                + "<video/><video/>"
                + "</devices></domain>").getBytes(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        for (org.dom4j.Element e : xml.root().element("devices").elements()) {
            keys.add(FindingFingerprint.elementKey(e));
        }
        String d = "/domain/devices/";
        assertEquals(List.of(d + "disk[target=vda][1]", d + "disk[target=vda][2]", d + "disk[target=vdb]",
                d + "controller[type=pci,index=3]", d + "controller[type=usb]",
                d + "hostdev[source=domain:0x0000,bus:0x03,slot:0x00,function:0x1]",
                d + "channel[target=org.qemu.guest_agent.0]", d + "interface[alias=ua-net0]",
                d + "interface[mac=52:54:00:aa:00:02]", d + "video[1]", d + "video[2]"), keys);
    }

    /** SARIF's fingerprints are what they were before the hashing moved here. */
    @Test
    void theSarifHashIsUnchanged() throws Exception {
        Finding f = new Finding(Rule.PCI_NO_SLOT, Rule.PCI_NO_SLOT.severity(), "vms/a.xml", 9, 5, "m",
                "/domain/devices/interface[2]", null);
        String key = FindingFingerprint.key(f, "module/vms/a.xml");
        assertEquals("addralloc.pci.NoSlot\nmodule/vms/a.xml\n/domain/devices/interface[2]", key);
        byte[] d = MessageDigest.getInstance("SHA-256").digest((key + "\n2").getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(d, 0, 16), FindingFingerprint.hash(key, 2));
        // Findings named by a value (the checks across files) keep that name.
        Finding mac = new Finding(Rule.BUILD_DUPLICATE_MAC, Rule.BUILD_DUPLICATE_MAC.severity(), "vms/a.xml", 2, 1, "m",
                "mac 52:54:00:00:00:01", null);
        assertEquals("mac 52:54:00:00:00:01", FindingFingerprint.element(mac,
                FindingElements.of(XmlFile.parse("<domain>\n<mac/></domain>".getBytes(StandardCharsets.UTF_8)))));
    }
}
