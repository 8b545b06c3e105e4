package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuppressionsTest {
    /** Two interfaces on one PCI slot: the second's address clashes with the first's. */
    static String clash(String beforeSecond) {
        return "<domain type='kvm'>\n"
                + "  <name>web01</name>\n"
                + "  <memory>1048576</memory>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
                + "  <devices>\n"
                + "    <interface type='network'>\n"
                + "      <mac address='52:54:00:00:00:01'/>\n"
                + "      <source network='default'/>\n"
                + "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
                + "    </interface>\n"
                + beforeSecond
                + "    <interface type='network'>\n"
                + "      <mac address='52:54:00:00:00:02'/>\n"
                + "      <source network='default'/>\n"
                + "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
                + "    </interface>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    static XmlFile parse(String text) throws Exception {
        return XmlFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The clash's finding, as verify makes it. */
    static Finding clashFinding(String path, String text) {
        FileResult r = new FileChecker().check(path, text.getBytes(StandardCharsets.UTF_8));
        List<Finding> dup = r.findings().stream().filter(f -> f.rule() == Rule.PCI_DUPLICATE_ADDRESS).toList();
        assertEquals(1, dup.size(), r.findings().toString());
        return dup.get(0);
    }

    private static Suppressions read(String xml) {
        return Suppressions.read(xml.getBytes(StandardCharsets.UTF_8), "config/suppressions.xml");
    }

    @Test
    void aFindingIsFoundAtItsElementByPosition() throws Exception {
        String text = clash("");
        Finding f = clashFinding("vms/web01.xml", text);
        LocatedElement at = FindingElements.of(parse(text)).at(f);
        assertEquals("address", at.getName());
        assertEquals("52:54:00:00:00:02", at.getParent().element("mac").attributeValue("address"));
        // A position inside an element's content falls back to the innermost element around it.
        assertEquals("source", FindingElements.of(parse(text)).at(13, 20).getName());
        assertEquals(null, FindingElements.of(parse(text)).at(0, 0));
    }

    @Test
    void entriesMatchByRuleFilesAndXPathTogether() throws Exception {
        String text = clash("");
        XmlFile xml = parse(text);
        Finding f = clashFinding("legacy/web01.xml", text);
        Suppressions s = read("<suppressions>\n"
                + "  <suppress rule='addralloc.pci.*' files='legacy/.*\\.xml' xpath='/domain/devices/interface[2]'"
                + " reason='moved in the next release'/>\n"
                + "  <suppress rule='addralloc.usb.*'/>\n"
                + "  <suppress files='other/.*'/>\n"
                + "  <suppress xpath='/domain/devices/interface[1]'/>\n"
                + "</suppressions>\n");
        assertEquals(List.of(), s.problems());
        Suppressions.Applied a = s.apply("legacy/web01.xml", List.of(f), xml);
        assertEquals(List.of(), a.kept());
        assertEquals(1, a.suppressed().size());
        SuppressedFinding sf = a.suppressed().get(0);
        assertEquals(f, sf.finding());
        assertFalse(sf.inSource());
        assertEquals("moved in the next release", sf.reason());
        assertEquals("config/suppressions.xml:2", sf.by());
        // Another file, or another rule: kept.
        assertEquals(List.of(f), s.apply("vms/web01.xml", List.of(f), xml).kept());
        // Without the tree, an entry with an XPath cannot match.
        assertEquals(List.of(f), s.apply("legacy/web01.xml", List.of(f), null).kept());
        List<Finding> unused = s.unused();
        assertEquals(List.of(3, 4, 5), unused.stream().map(Finding::line).toList());
        assertTrue(unused.stream().allMatch(u -> u.rule() == Rule.SUPPRESSION_UNUSED
                && u.path().equals("config/suppressions.xml") && u.severity() == Severity.WARNING));
        assertTrue(unused.get(0).message().contains("rule=\"addralloc.usb.*\" matched no finding"), unused.get(0).message());
        assertEquals(1, s.hits(0));
    }

    @Test
    void anXPathMaySelectAnAncestorButNotASibling() throws Exception {
        String text = clash("");
        XmlFile xml = parse(text);
        Finding f = clashFinding("vms/web01.xml", text);
        for (String ok : List.of("/domain", "/domain/devices", "//interface[mac/@address='52:54:00:00:00:02']",
                "//interface[2]/address")) {
            assertEquals(1, read("<suppressions><suppress xpath=\"" + ok + "\"/></suppressions>")
                    .apply("vms/web01.xml", List.of(f), xml).suppressed().size(), ok);
        }
        for (String no : List.of("//interface[1]", "//interface[2]/mac", "/network", "//name")) {
            assertEquals(List.of(f), read("<suppressions><suppress xpath=\"" + no + "\"/></suppressions>")
                    .apply("vms/web01.xml", List.of(f), xml).kept(), no);
        }
    }

    @Test
    void whatIsWrongWithTheFileIsReportedAtItsLineAndTheRestStillApplies() throws Exception {
        Suppressions s = read("<suppressions>\n"
                + "  <suppress rule='addralloc.pci.(' reason='x'/>\n"
                + "  <suppress files='[a-' />\n"
                + "  <suppress xpath='//interface[' />\n"
                + "  <suppress xpath='nosuch(1)' />\n"
                + "  <suppress reason='everything'/>\n"
                + "  <suppress rule='x' file='typo'/>\n"
                + "  <ignore rule='x'/>\n"
                + "  <suppress rule='addralloc\\.pci\\..*'/>\n"
                + "</suppressions>\n");
        List<Finding> p = s.problems();
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), p.stream().map(Finding::line).toList());
        assertTrue(p.stream().allMatch(f -> f.rule() == Rule.SUPPRESSION_INVALID && f.severity() == Severity.ERROR
                && f.path().equals("config/suppressions.xml")));
        assertTrue(p.get(0).message().contains("rule=\"addralloc.pci.(\" is not a regular expression"), p.get(0).message());
        assertTrue(p.get(1).message().contains("files=\"[a-\" is not a regular expression"), p.get(1).message());
        assertTrue(p.get(2).message().contains("is not an XPath expression"), p.get(2).message());
        assertTrue(p.get(3).message().contains("is not an XPath expression"), p.get(3).message());
        assertTrue(p.get(4).message().contains("would suppress every finding"), p.get(4).message());
        assertTrue(p.get(5).message().contains("no attribute 'file'"), p.get(5).message());
        assertTrue(p.get(6).message().contains("<ignore> is not a <suppress> entry"), p.get(6).message());
        assertEquals(1, s.entries().size());
        String text = clash("");
        Finding f = clashFinding("vms/web01.xml", text);
        assertEquals(1, s.apply("vms/web01.xml", List.of(f), null).suppressed().size());

        Finding broken = read("<suppressions>\n  <suppress rule='x'>\n</suppressions>\n").problems().get(0);
        assertEquals(3, broken.line());
        assertTrue(broken.message().startsWith("the suppressions file is not well-formed XML"), broken.message());
        Finding root = read("<checkstyle/>").problems().get(0);
        assertTrue(root.message().contains("<checkstyle>, not <suppressions>"), root.message());
    }

    @Test
    void aCommentRightBeforeAnElementSuppressesItsRuleThereAndInside() throws Exception {
        String text = clash("    <!-- addralloc:ignore addralloc.pci.DuplicateAddress the old NIC goes next sprint -->\n");
        Finding f = clashFinding("vms/web01.xml", text);
        Suppressions.Applied a = Suppressions.none().apply("vms/web01.xml", List.of(f), parse(text));
        assertEquals(List.of(), a.kept());
        SuppressedFinding sf = a.suppressed().get(0);
        assertTrue(sf.inSource());
        assertEquals("the old NIC goes next sprint", sf.reason());
        assertEquals("vms/web01.xml:11", sf.by());

        String prefix = clash("    <!-- addralloc:ignore addralloc.pci.* -->\n    <!-- a note -->\n");
        assertEquals(1, Suppressions.none().apply("vms/web01.xml", List.of(clashFinding("vms/web01.xml", prefix)),
                parse(prefix)).suppressed().size());
    }

    @Test
    void aCommentForAnotherRuleOrNoElementIsReportedAsUnused() throws Exception {
        String text = clash("    <!-- addralloc:ignore addralloc.usb.* not this -->\n");
        Finding f = clashFinding("vms/web01.xml", text);
        Suppressions.Applied a = Suppressions.none().apply("vms/web01.xml", List.of(f), parse(text));
        assertEquals(2, a.kept().size());
        Finding unused = a.kept().get(1);
        assertEquals(Rule.SUPPRESSION_UNUSED, unused.rule());
        assertEquals(11, unused.line());
        assertEquals(5, unused.column());
        assertTrue(unused.message().contains("suppresses nothing: <interface> below it"), unused.message());

        // Separated from the element by text: before no element. Naming no rule: said so.
        String dangling = "<domain><name>x<!-- addralloc:ignore addralloc.build.DuplicateName -->y</name>"
                + "<!-- addralloc:ignore --><uuid/></domain>";
        List<Finding> kept = Suppressions.none().apply("a.xml", List.of(), parse(dangling)).kept();
        assertEquals(2, kept.size());
        assertTrue(kept.get(0).message().contains("stands before no element"), kept.get(0).message());
        assertTrue(kept.get(1).message().contains("names no rule"), kept.get(1).message());
        assertTrue(Suppressions.none().needsDocument(List.of(), dangling));
        assertFalse(Suppressions.none().needsDocument(List.of(f), "<domain/>"));
    }

    /**
     * Seeded random findings on the elements of a file, and random entries: each finding is
     * suppressed exactly when a brute-force model says one entry matches it, and the kept and
     * suppressed findings are together the input.
     */
    @Test
    void randomEntriesAgreeWithAModel() throws Exception {
        String text = clash("");
        XmlFile xml = parse(text);
        List<LocatedElement> all = new ArrayList<>();
        collect(xml.root(), all);
        Rule[] rules = {Rule.PCI_DUPLICATE_ADDRESS, Rule.PCI_NO_SLOT, Rule.USB_NO_PORT, Rule.BUILD_DUPLICATE_MAC};
        String[] rulePatterns = {"addralloc\\.pci\\..*", "addralloc.usb.NoFreePort", ".*Duplicate.*", null};
        String[] filePatterns = {"legacy/.*", "vms/web0[12]\\.xml", null};
        String[] xpaths = {"/domain/devices/interface[1]", "//mac", "/domain/name", null};
        String[] paths = {"legacy/a.xml", "vms/web01.xml", "vms/web03.xml"};
        Random random = new Random(3);
        for (int round = 0; round < 300; round++) {
            List<String[]> chosen = new ArrayList<>();
            StringBuilder file = new StringBuilder("<suppressions>\n");
            for (int k = random.nextInt(3); k >= 0; k--) {
                String[] e = {rulePatterns[random.nextInt(4)], filePatterns[random.nextInt(3)], xpaths[random.nextInt(4)]};
                if (e[0] == null && e[1] == null && e[2] == null) {
                    continue;
                }
                chosen.add(e);
                file.append("<suppress").append(e[0] == null ? "" : " rule='" + e[0] + "'")
                        .append(e[1] == null ? "" : " files='" + e[1] + "'")
                        .append(e[2] == null ? "" : " xpath='" + e[2] + "'").append("/>\n");
            }
            Suppressions s = read(file.append("</suppressions>").toString());
            assertEquals(List.of(), s.problems());
            String path = paths[random.nextInt(paths.length)];
            List<Finding> findings = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                LocatedElement at = all.get(random.nextInt(all.size()));
                Rule rule = rules[random.nextInt(rules.length)];
                findings.add(new Finding(rule, rule.severity(), path, at.line(), at.column(), "m" + k, at.identity(), null));
            }
            Suppressions.Applied a = s.apply(path, findings, xml);
            assertEquals(findings.size(), a.kept().size() + a.suppressed().size());
            for (Finding f : findings) {
                boolean expected = false;
                for (String[] e : chosen) {
                    boolean xp = e[2] == null || modelSelects(e[2], f.element());
                    expected |= (e[0] == null || f.rule().id().matches(e[0])) && (e[1] == null || path.matches(e[1])) && xp;
                }
                assertEquals(expected, a.suppressed().stream().anyMatch(x -> x.finding() == f),
                        f + " under " + chosen.stream().map(java.util.Arrays::toString).toList());
            }
        }
    }

    /** The model of the XPaths above: which element identities they cover, by prefix of the identity. */
    private static boolean modelSelects(String xpath, String identity) {
        return switch (xpath) {
            case "/domain/devices/interface[1]" -> identity.startsWith("/domain/devices/interface[1]");
            case "//mac" -> identity.endsWith("/mac");
            case "/domain/name" -> identity.equals("/domain/name");
            default -> throw new IllegalArgumentException(xpath);
        };
    }

    private static void collect(org.dom4j.Element e, List<LocatedElement> out) {
        out.add((LocatedElement) e);
        for (org.dom4j.Element c : e.elements()) {
            collect(c, out);
        }
    }
}
