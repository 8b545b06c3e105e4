package io.addralloc.report.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.xml.XmlFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dom4j.Document;
import org.dom4j.Element;
import org.dom4j.Node;
import org.junit.jupiter.api.Test;

/** The report's pages as a reader gets them: complete, escaped, accessible, offline, the same every time. */
class LayoutReportTest {

    @Test
    void theExampleHasAnIndexRowAndAPagePerFileWithEveryPciDeviceAtItsAddress() throws Exception {
        Map<String, byte[]> files = Pages.example();
        Map<String, String> pages = Pages.render(files);
        Document index = Pages.parse(pages.get("index.html"));
        List<Node> rows = index.selectNodes("//table[@class='index']/tbody/tr");
        assertEquals(files.size(), rows.size());
        for (Node row : rows) {
            String link = ((Element) row).element("th").element("a").attributeValue("href");
            assertTrue(pages.containsKey(link), link);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            FileChecker.Inspection in = new FileChecker().inspect(f.getKey(), f.getValue());
            if (in.simulation() == null) {
                continue;
            }
            DomainLayout layout = DomainLayout.of(in.xml(), in.simulation());
            Document page = Pages.parse(pages.get("files/" + f.getKey().replace('/', '_') + ".html"));
            int drawn = 0;
            for (DomainLayout.Item item : layout.devices()) {
                if (item.address().startsWith("0000:") && !layout.offBus().contains(item.id())) {
                    List<Node> g = page.selectNodes("//*[local-name()='g'][@data-item='" + (item.id() + 1) + "']");
                    assertEquals(1, g.size(), f.getKey() + ": " + item.label());
                    assertEquals(item.address(), ((Element) g.get(0)).attributeValue("data-address"));
                    drawn++;
                }
                Node tableRow = page.selectSingleNode("//tr[@id='d" + (item.id() + 1) + "']");
                assertNotNull(tableRow, item.label());
                assertEquals(item.address(), tableRow.selectSingleNode("td[3]").getText());
            }
            assertTrue(drawn > 0, f.getKey());
        }
        // the free ports the index counts: web01 keeps libvirt's spare root port, cache01 has none left
        assertEquals("1 port", cell(index, "vms/web01.xml", 7));
        assertEquals("0 ports", cell(index, "vms/cache01.xml", 7));
        assertEquals("27 slots", cell(index, "vms/db01.xml", 7));
    }

    private static String cell(Document index, String file, int column) {
        Node row = index.selectSingleNode("//tr[th/a='" + file + "']");
        return row.selectSingleNode("td[" + (column - 1) + "]").getText();
    }

    @Test
    void theSameInputGivesTheSameBytesWhateverTheThreadsAndTheLocale() {
        Map<String, byte[]> files = new TreeMap<>(Pages.example());
        for (int i = 0; i < 40; i++) {
            files.put(String.format("gen/d%02d.xml", i), Pages.bytes(domain("d" + i, i % 2 == 0 ? "q35" : "pc",
                    "ua-nic" + i)));
        }
        Map<String, String> first = Pages.render(files, true);
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(first, Pages.render(files, false));
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertEquals(first, Pages.render(files, true));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void fileContentNeverBecomesMarkup() {
        String hostile = domain("x<b>\u202eevil", "q35", "ua-<script>alert(1)</script>\"'&amp;")
                .replace("<devices>", "<devices>\n    <!-- </pre><script>alert(2)</script> -->");
        Map<String, String> pages = Pages.render(Map.of("vms/a\"<i>&.xml", Pages.bytes(hostile)));
        for (Map.Entry<String, String> p : pages.entrySet()) {
            if (!p.getKey().endsWith(".html")) {
                continue;
            }
            Document doc = Pages.parse(p.getValue());
            assertTrue(doc.selectNodes("//script | //i | //b | //*[local-name()='script']").isEmpty(), p.getKey());
            assertFalse(p.getValue().contains("\u202e"), "a bidi control reaches the page");
        }
        String page = pages.entrySet().stream().filter(e -> e.getKey().startsWith("files/")).findFirst().orElseThrow()
                .getValue();
        Document doc = Pages.parse(page);
        String text = doc.getRootElement().getStringValue();
        assertTrue(text.contains("alias ua-<script>alert(1)</script>\"'&"), "the alias shows as text");
        assertTrue(text.contains("libvirt drops this alias"), "and the page says libvirt drops it");
        assertTrue(text.contains("Domain x<b>\\u202eevil"), "the name shows as text, the bidi control as an escape");
        assertTrue(text.contains("<!-- </pre><script>alert(2)</script> -->"), "the source listing shows the comment");
        assertTrue(Pages.parse(pages.get("index.html")).getRootElement().getStringValue().contains("vms/a\"<i>&.xml"));
    }

    @Test
    void aScreenReaderGetsTitlesOnTheDrawingAndHeadersOnTheTables() {
        for (Map.Entry<String, String> p : Pages.render(Pages.example()).entrySet()) {
            if (!p.getKey().endsWith(".html")) {
                continue;
            }
            Document doc = Pages.parse(p.getValue());
            assertEquals("en", doc.getRootElement().attributeValue("lang"));
            for (Node n : doc.selectNodes("//*[local-name()='svg']")) {
                Element svg = (Element) n;
                String label = svg.attributeValue("aria-labelledby");
                assertNotNull(doc.selectSingleNode("//*[@id='" + label + "'][local-name()='title']"), p.getKey());
            }
            for (Node n : doc.selectNodes("//*[local-name()='g']")) {
                Element first = ((Element) n).elements().get(0);
                assertEquals("title", first.getName(), p.getKey() + ": a drawn element without a title");
                assertFalse(first.getText().isBlank());
            }
            for (Node n : doc.selectNodes("//table")) {
                Element table = (Element) n;
                assertNotNull(table.element("caption"), p.getKey());
                assertFalse(table.selectNodes(".//th[@scope]").isEmpty(), p.getKey() + ": a table without headers");
            }
        }
    }

    @Test
    void thePagesLoadNothingFromAnywhereButTheirOwnStyleSheet() {
        Map<String, String> pages = Pages.render(Pages.example());
        assertTrue(pages.containsKey("report.css"));
        for (Map.Entry<String, String> p : pages.entrySet()) {
            if (p.getKey().equals("report.css")) {
                assertFalse(p.getValue().contains("url(") || p.getValue().contains("@import"));
                continue;
            }
            String sheet = p.getKey().startsWith("files/") ? "../report.css" : "report.css";
            String link = "<link rel=\"stylesheet\" href=\"" + sheet + "\"/>";
            assertEquals(1, p.getValue().split(java.util.regex.Pattern.quote(link), -1).length - 1, p.getKey());
            String html = p.getValue().replace("xmlns=\"http://www.w3.org/2000/svg\"", "").replace(link, "");
            for (String banned : List.of("http:", "https:", "<script", "<link", " src=", "url(", "@import", "//")) {
                assertFalse(html.contains(banned), p.getKey() + " holds " + banned);
            }
            for (Node n : Pages.parse(p.getValue()).selectNodes("//@href")) {
                String href = n.getText();
                assertTrue(href.startsWith("#") || href.matches("(\\.\\./)?(index(-\\d+)?|files/[A-Za-z0-9._-]+)\\.html")
                        || href.equals(sheet),
                        p.getKey() + ": " + href);
            }
        }
    }

    @Test
    void aLargeIndexIsSplitIntoPagesAndEveryFileGetsAPageOfItsOwn() {
        Map<String, byte[]> files = new TreeMap<>();
        int n = 2 * LayoutReport.INDEX_ROWS + 1;
        for (int i = 0; i < n; i++) {
            files.put(String.format("vms/d%04d.xml", i), Pages.bytes(domain("d" + i, "pc", null)));
        }
        // two paths whose page names would be the same
        files.put("vms/a b.xml", Pages.bytes(domain("ab1", "pc", null)));
        files.put("vms/a_b.xml", Pages.bytes(domain("ab2", "pc", null)));
        Map<String, String> pages = Pages.render(files);
        assertTrue(pages.containsKey("index.html") && pages.containsKey("index-2.html") && pages.containsKey("index-3.html"));
        assertFalse(pages.containsKey("index-4.html"));
        Set<String> linked = new HashSet<>();
        int rows = 0;
        for (String index : List.of("index.html", "index-2.html", "index-3.html")) {
            Document doc = Pages.parse(pages.get(index));
            for (Node a : doc.selectNodes("//table[@class='index']//th/a/@href")) {
                linked.add(a.getText());
                rows++;
            }
            assertEquals(4, doc.selectNodes("//nav[@class='pager']/a").size(), index + " links the two others, above and below");
        }
        assertEquals(files.size(), rows);
        assertEquals(files.size(), linked.size(), "two files share a page");
        List<String> filePages = new ArrayList<>(pages.keySet());
        filePages.removeIf(k -> !k.startsWith("files/"));
        assertEquals(new HashSet<>(filePages), linked);
        assertTrue(pages.get("files/vms_d1000.xml.html").contains("href=\"../index-3.html\""),
                "a page links back to the index page that lists it");
    }

    @Test
    void aNetworkPageMarksCollisionsAndHostsOutsideTheSubnet() {
        String net = """
                <network>
                  <name>lan</name>
                  <ip address='10.0.0.1' prefix='24'>
                    <dhcp>
                      <range start='10.0.0.100' end='10.0.0.200'/>
                      <host mac='52:54:00:00:00:01' name='a' ip='10.0.0.10'/>
                      <host mac='52:54:00:00:00:02' name='b' ip='10.0.0.10'/>
                      <host mac='52:54:00:00:00:03' name='c' ip='10.0.1.7'/>
                      <host mac='52:54:00:00:00:04' name='d' ip='10.0.0.20'/>
                    </dhcp>
                  </ip>
                </network>
                """;
        Map<String, String> pages = Pages.render(Map.of("networks/lan.xml", Pages.bytes(net)));
        Document doc = Pages.parse(pages.get("files/networks_lan.xml.html"));
        List<String> flagged = doc.selectNodes("//*[local-name()='g'][contains(@class,'flagged')]/@data-line").stream()
                .map(Node::getText).toList();
        assertEquals(List.of("7", "8"), flagged, "the second host on 10.0.0.10 and the one outside 10.0.0.0/24");
        assertTrue(doc.getRootElement().getStringValue().contains("host 10.0.1.7 c 52:54:00:00:00:03, outside the subnet"));
        assertEquals(1, doc.selectNodes("//*[local-name()='g'][contains(@class,'range')]").size());
    }

    @Test
    void theModelCountsTheFreePortsTheRuleCounts() throws Exception {
        for (Map.Entry<String, byte[]> f : Pages.example().entrySet()) {
            FileChecker.Inspection in = new FileChecker().inspect(f.getKey(), f.getValue());
            if (in.result().facts().hotplug() == null) {
                continue;
            }
            DomainLayout layout = DomainLayout.of(XmlFile.parse(f.getValue()), in.simulation());
            assertEquals(in.result().facts().hotplug().free(), layout.freeHotplug(layout.countsPorts()), f.getKey());
        }
    }

    /** A domain with a NIC (with an alias when one is given) and a disk. */
    static String domain(String name, String machine, String alias) {
        String esc = name.replace("&", "&amp;").replace("<", "&lt;");
        String aliasElement = alias == null ? "" : "<alias name='" + alias.replace("&", "&amp;").replace("<", "&lt;")
                .replace("'", "&apos;") + "'/>";
        return "<domain type='qemu'>\n  <name>" + esc + "</name>\n  <memory unit='MiB'>512</memory>\n  <os>\n"
                + "    <type arch='x86_64' machine='" + machine + "'>hvm</type>\n  </os>\n  <devices>\n"
                + "    <disk type='file' device='disk'><source file='/x.img'/><target dev='vda' bus='virtio'/></disk>\n"
                + "    <interface type='network'><source network='default'/><model type='virtio'/>" + aliasElement
                + "</interface>\n  </devices>\n</domain>\n";
    }
}
