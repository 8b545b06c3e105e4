package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    /** A Jinja template as Ansible roles keep them, well-formed, with one literal PCI clash. */
    static final String TEMPLATE = "<domain type='kvm'>\n"
            + "  <name>{{ item.name }}</name>\n"
            + "  <uuid>{{ item.uuid }}</uuid>\n"
            + "  <memory>1048576</memory>\n"
            + "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
            + "  <devices>\n"
            + "    <disk type='file' device='disk'>\n"
            + "      <source file='/var/lib/libvirt/images/{{ item.name }}.qcow2'/>\n"
            + "      <target dev='{{ item.disk_dev }}' bus='virtio'/>\n"
            + "    </disk>\n"
            + "    <interface type='network'>\n"
            + "      <mac address='{{ item.mac }}'/>\n"
            + "      <source network='${network}'/>\n"
            + "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
            + "    </interface>\n"
            + "    <interface type='network'>\n"
            + "      <source network='default'/>\n"
            + "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
            + "    </interface>\n"
            + "  </devices>\n"
            + "</domain>\n";

    private static List<Rule> rules(FileResult r) {
        return r.findings().stream().map(Finding::rule).toList();
    }

    @Test
    void detectsEachKindOfTemplateSyntaxAtItsFirstPlace() {
        assertEquals(new Templates.Detection("{{", 2, 9), Templates.detect(TEMPLATE));
        assertEquals(new Templates.Detection("{%", 2, 1), Templates.detect("<domain>\n{% if x %}<name>{{ a }}</name>"));
        assertEquals(new Templates.Detection("${", 1, 15), Templates.detect("<domain><name>${name}</name></domain>"));
        assertEquals(new Templates.Detection("<%", 1, 15), Templates.detect("<domain><name><%= @name %></name></domain>"));
        assertNull(Templates.detect("<domain><name>a {b} $c %d</name></domain>"));
        assertFalse(Templates.isTemplate(SuppressionsTest.clash("")));
        assertTrue(Templates.isPlaceholder("/images/{{ item.name }}.qcow2"));
        assertFalse(Templates.isPlaceholder("vda"));
        assertFalse(Templates.isPlaceholder(null));
    }

    @Test
    void listsThePlaceholderValues() throws Exception {
        List<Templates.Placeholder> p = Templates.placeholders(XmlFile.parse(TEMPLATE.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("{{ item.name }}", "{{ item.uuid }}", "/var/lib/libvirt/images/{{ item.name }}.qcow2",
                "{{ item.disk_dev }}", "{{ item.mac }}", "${network}"), p.stream().map(Templates.Placeholder::value).toList());
        assertEquals(new Templates.Placeholder("/domain/devices/disk/target", "dev", "{{ item.disk_dev }}", 9, 7),
                p.get(3));
        assertNull(p.get(0).attribute());
    }

    @Test
    void placeholdersLeaveTheChecksAndLiteralClashesStay() throws Exception {
        byte[] bytes = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        XmlFile xml = XmlFile.parse(bytes);
        FileResult raw = new FileChecker().check("templates/vm.xml.j2.xml", bytes);
        assertTrue(rules(raw).contains(Rule.DRIVE_BAD_TARGET), raw.findings().toString());
        FileResult t = Templates.result(raw, xml);
        assertEquals(List.of(Rule.PCI_DUPLICATE_ADDRESS), rules(t), t.findings().toString());
        assertNull(t.facts().name());
        assertNull(t.facts().uuid());
        assertTrue(t.facts().nics().stream().allMatch(n -> n.network() == null || n.network().equals("default")));
    }

    @Test
    void twoTemplatesWithOnePlaceholderNameAreNoDuplicates() throws Exception {
        byte[] bytes = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        XmlFile xml = XmlFile.parse(bytes);
        FileChecker checker = new FileChecker();
        List<FileResult> raw = List.of(checker.check("a.xml", bytes), checker.check("b.xml", bytes));
        assertTrue(CrossFileChecks.apply(raw).get(1).findings().stream()
                .anyMatch(f -> f.rule() == Rule.BUILD_DUPLICATE_NAME));
        List<FileResult> templates = raw.stream().map(r -> Templates.result(r, xml)).toList();
        assertTrue(CrossFileChecks.apply(templates).stream().flatMap(r -> r.findings().stream())
                .noneMatch(f -> f.rule().id().startsWith("addralloc.build.")));
    }

    /** Seeded: placeholders put at random values of a plain file; a finding is dropped only where one stands. */
    @Test
    void findingsAreDroppedOnlyOnElementsHoldingAPlaceholder() throws Exception {
        String plain = SuppressionsTest.clash("");
        Random random = new Random(5);
        String[] values = {"web01", "52:54:00:00:00:01", "52:54:00:00:00:02", "default", "0x03", "1048576", "pc"};
        for (int round = 0; round < 40; round++) {
            String value = values[random.nextInt(values.length)];
            String text = plain.replaceFirst(java.util.regex.Pattern.quote(value), "{{ v }}");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            XmlFile xml = XmlFile.parse(bytes);
            FileResult raw = new FileChecker().check("t.xml", bytes);
            FindingElements elements = FindingElements.of(xml);
            List<Finding> kept = new ArrayList<>(Templates.applying(raw.findings(), xml));
            for (Finding f : raw.findings()) {
                var at = elements.at(f);
                boolean placeholderHere = at != null && (Templates.holdsPlaceholder(at)
                        || at.getName().equals("interface") && Templates.holdsPlaceholder(at.element("mac")));
                assertEquals(!placeholderHere, kept.contains(f), value + ": " + f);
            }
        }
    }

    @Test
    void aTemplateThatIsNotXmlSaysSoAndHowToExcludeIt() {
        String text = "<domain type='kvm'>\n  <name><%= @name %></name>\n</domain>\n";
        FileResult r = new FileChecker().check("src/main/resources/templates/vm.xml", text.getBytes(StandardCharsets.UTF_8));
        Finding f = r.findings().get(0);
        assertEquals(Rule.XML_NOT_WELL_FORMED, f.rule());
        Finding e = Templates.explain(f, text, "templates/vm.xml");
        assertEquals(f.line(), e.line());
        assertTrue(e.message().startsWith("this looks like a template ('<%' at line 2), not libvirt XML"), e.message());
        assertTrue(e.message().contains("<excludes><exclude>templates/**</exclude></excludes>"), e.message());
        assertTrue(e.message().contains("-Daddralloc.excludes=templates/**"), e.message());
        assertEquals("vms/web.xml", Templates.excludePattern("vms/web.xml"));
        assertSame(f, Templates.explain(f, "<domain", "x.xml"));
        assertTrue(Templates.assignRefusal("vms/t.xml", TEMPLATE).startsWith(
                "vms/t.xml looks like a template ('{{' at line 2): assign does not write into templates"));
        assertNull(Templates.assignRefusal("vms/t.xml", "<domain/>"));
    }
}
