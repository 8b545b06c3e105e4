package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileFacts;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossFileChecksTest {
    private final FileChecker checker = new FileChecker();

    private static String domain(String name, String uuid, String... nics) {
        StringBuilder sb = new StringBuilder("<domain type='qemu'>\n  <name>" + name + "</name>\n");
        if (uuid != null) {
            sb.append("  <uuid>").append(uuid).append("</uuid>\n");
        }
        sb.append("  <memory>131072</memory>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <devices>\n");
        for (String nic : nics) {
            String[] p = nic.split("@");
            sb.append("    <interface type='network'>\n      <mac address='").append(p[0]).append("'/>\n")
                    .append("      <source network='").append(p.length > 1 ? p[1] : "default").append("'/>\n")
                    .append("    </interface>\n");
        }
        return sb.append("  </devices>\n</domain>\n").toString();
    }

    private static String network(String name, String... hosts) {
        StringBuilder sb = new StringBuilder("<network>\n  <name>" + name + "</name>\n"
                + "  <ip address='192.168.7.1' prefix='24'>\n    <dhcp>\n");
        for (String h : hosts) {
            String[] p = h.split("=");
            sb.append("      <host mac='").append(p[0]).append("' name='").append(p[1]).append("' ip='").append(p[2])
                    .append("'/>\n");
        }
        return sb.append("    </dhcp>\n  </ip>\n</network>\n").toString();
    }

    private FileResult check(String path, String xml) {
        return checker.check(path, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Finding> findings(List<FileResult> results, Rule rule) {
        return results.stream().flatMap(r -> r.findings().stream()).filter(f -> f.rule() == rule).toList();
    }

    @Test
    void duplicateNameIsReportedOnceOnTheLaterFileNamingTheFirst() {
        List<FileResult> out = CrossFileChecks.apply(List.of(check("b.xml", domain("web", null)),
                check("a.xml", domain("web", null)), check("c.xml", domain("db", null))));
        List<Finding> f = findings(out, Rule.BUILD_DUPLICATE_NAME);
        assertEquals(1, f.size());
        assertEquals("b.xml", f.get(0).path());
        assertEquals(2, f.get(0).line());
        assertTrue(f.get(0).message().contains("a.xml:2:3"), f.get(0).message());
        assertTrue(out.get(0).hasErrors());
        assertTrue(!out.get(1).hasErrors() && !out.get(2).hasErrors());
    }

    @Test
    void uuidsCompareWithoutCaseOrDashes() {
        List<FileResult> out = CrossFileChecks.apply(List.of(
                check("a.xml", domain("a", "8f3b2c1e-1111-2222-3333-444455556666")),
                check("b.xml", domain("b", "8F3B2C1E111122223333444455556666")),
                check("c.xml", domain("c", "8f3b2c1e-1111-2222-3333-444455556667"))));
        List<Finding> f = findings(out, Rule.BUILD_DUPLICATE_UUID);
        assertEquals(1, f.size());
        assertEquals("b.xml", f.get(0).path());
        assertTrue(f.get(0).message().contains("domain 'a' in a.xml:3:3"), f.get(0).message());
    }

    @Test
    void macsAreNormalizedBeforeComparing() {
        List<FileResult> out = CrossFileChecks.apply(List.of(check("a.xml", domain("a", null, "52:54:00:0a:0b:0c")),
                check("b.xml", domain("b", null, "52:54:0:A:B:C", "52:54:00:0a:0b:0d"))));
        List<Finding> f = findings(out, Rule.BUILD_DUPLICATE_MAC);
        assertEquals(1, f.size());
        assertEquals("b.xml", f.get(0).path());
        assertTrue(f.get(0).message().startsWith("MAC 52:54:00:0a:0b:0c is also used by an interface of domain 'a'"));
    }

    @Test
    void twoNetworksWithOneNameClash() {
        List<FileResult> out = CrossFileChecks.apply(List.of(check("n1.xml", network("lan")),
                check("n2.xml", network("lan")), check("n3.xml", network("wan"))));
        assertEquals(1, findings(out, Rule.BUILD_DUPLICATE_NAME).size());
        assertEquals("n2.xml", findings(out, Rule.BUILD_DUPLICATE_NAME).get(0).path());
    }

    @Test
    void hostEntryForTheMacUnderAnotherNameIsAWarning() {
        List<FileResult> out = CrossFileChecks.apply(List.of(
                check("net.xml", network("lan", "52:54:00:00:00:01=db01=192.168.7.10")),
                check("web.xml", domain("web01", null, "52:54:00:00:00:01@lan"))));
        List<Finding> f = findings(out, Rule.NETWORK_HOST_MISMATCH);
        assertEquals(1, f.size());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertEquals("web.xml", f.get(0).path());
        assertTrue(f.get(0).message().contains("host 'db01' (net.xml:5:7)"), f.get(0).message());
    }

    @Test
    void hostEntryForTheDomainWithAnotherMacIsAWarning() {
        List<FileResult> out = CrossFileChecks.apply(List.of(
                check("net.xml", network("lan", "52:54:00:00:00:09=web01=192.168.7.10")),
                check("web.xml", domain("web01", null, "52:54:00:00:00:01@lan"))));
        assertEquals(1, findings(out, Rule.NETWORK_HOST_MISMATCH).size());
    }

    @Test
    void agreeingHostEntriesAndOtherNetworksGiveNothing() {
        List<FileResult> out = CrossFileChecks.apply(List.of(
                check("net.xml", network("lan", "52:54:00:00:00:01=web01=192.168.7.10")),
                check("web.xml", domain("web01", null, "52:54:00:00:00:01@lan", "52:54:00:00:00:02@other"))));
        assertTrue(out.stream().allMatch(r -> r.findings().isEmpty()), out.toString());
    }

    @Test
    void resultDoesNotDependOnTheOrderFilesWereChecked() {
        List<FileResult> base = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            base.add(check("f" + i + ".xml", domain("d" + (i % 4), i % 3 == 0 ? "00000000-0000-0000-0000-00000000000"
                    + (i % 2) : null, "52:54:00:00:00:0" + (i % 5))));
        }
        List<String> expected = render(CrossFileChecks.apply(base));
        for (long seed = 1; seed <= 20; seed++) {
            List<FileResult> shuffled = new ArrayList<>(base);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(expected, render(CrossFileChecks.apply(shuffled)), "seed " + seed);
        }
        assertTrue(expected.size() > 10, expected.toString());
    }

    private static List<String> render(List<FileResult> results) {
        return results.stream().flatMap(r -> r.findings().stream()).map(Finding::toConsoleLine).sorted().toList();
    }

    @Test
    void normalizersRefuseWhatLibvirtCannotRead() {
        assertNull(FileFacts.normalizeMac("52:54:00:00:00"));
        assertNull(FileFacts.normalizeMac("52:54:00:00:00:zz"));
        assertNull(FileFacts.normalizeMac("52:54:00:00:00:123"));
        assertEquals("52:54:00:0a:0b:0c", FileFacts.normalizeMac(" 52:54:0:A:b:0c "));
        assertNull(FileFacts.normalizeUuid("not-a-uuid"));
        assertNull(FileFacts.normalizeUuid("8f3b2c1e-1111-2222-3333-44445555666"));
        assertEquals("8f3b2c1e-1111-2222-3333-444455556666",
                FileFacts.normalizeUuid("8F3B2C1E-1111-2222-3333-444455556666"));
    }
}
