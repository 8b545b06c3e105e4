package io.addralloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.addralloc.engine.FileChecker;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SarifReportTest {
    static final ReportContext CONTEXT = new ReportContext(Path.of("/repo/infra"), Path.of("/repo"), "1.2.3",
            "addralloc/infra/");

    static JsonNode sarif(List<FileResult> results) throws Exception {
        return new ObjectMapper().readTree(SarifReport.render(results, CONTEXT));
    }

    static List<String> fingerprints(JsonNode sarif) {
        List<String> out = new ArrayList<>();
        sarif.path("runs").path(0).path("results").forEach(r -> out.add(r.path("partialFingerprints")
                .path(SarifReport.FINGERPRINT).asText()));
        return out;
    }

    static List<Integer> lines(JsonNode sarif) {
        List<Integer> out = new ArrayList<>();
        sarif.path("runs").path(0).path("results").forEach(r -> out.add(r.path("locations").path(0)
                .path("physicalLocation").path("region").path("startLine").asInt()));
        return out;
    }

    private static FileResult check(String path, String text) {
        return new FileChecker().check(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lines added at random places above the first finding, seeded: fingerprints stay, lines move. */
    @Test
    void fingerprintsSurviveLinesInsertedAboveTheFindings() throws Exception {
        for (String name : List.of("vms/db01.xml", "vms/app01.xml", "networks/default.xml")) {
            String text = Files.readString(Path.of("examples/infra-repo").resolve(name));
            JsonNode before = sarif(List.of(check(name, text)));
            assertFalse(fingerprints(before).isEmpty(), name);
            Random random = new Random(name.hashCode());
            for (int round = 0; round < 5; round++) {
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int first = lines(before).stream().min(Integer::compare).orElseThrow();
                int added = 1 + random.nextInt(3);
                for (int i = 0; i < added; i++) {
                    // after the root's start tag (line 1), before the first finding's line
                    lines.add(1 + random.nextInt(Math.max(1, first - 1)), "  <!-- a comment " + round + " -->");
                }
                JsonNode after = sarif(List.of(check(name, String.join("\n", lines))));
                assertEquals(fingerprints(before), fingerprints(after), name + " round " + round);
                assertEquals(lines(before).stream().map(l -> l + added).toList(), lines(after), name);
            }
        }
    }

    private static final String THREE_ON_ONE_SLOT = """
            <domain type='kvm'>
              <name>dup</name>
              <memory>131072</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <interface type='network'>
                  <source network='a'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
                </interface>
                <interface type='network'>
                  <source network='a'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
                </interface>
                <interface type='network'>
                  <source network='a'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
                </interface>
              </devices>
            </domain>
            """;

    @Test
    void alikeFindingsHaveTheirOwnFingerprintsAndPointAtTheOtherDevice() throws Exception {
        JsonNode sarif = sarif(List.of(check("vms/dup.xml", THREE_ON_ONE_SLOT)));
        JsonNode results = sarif.path("runs").path(0).path("results");
        assertEquals(2, results.size());
        assertEquals(2, new HashSet<>(fingerprints(sarif)).size());
        for (JsonNode r : results) {
            assertEquals("addralloc.pci.DuplicateAddress", r.path("ruleId").asText());
            JsonNode related = r.path("relatedLocations").path(0).path("physicalLocation");
            assertEquals("infra/vms/dup.xml", related.path("artifactLocation").path("uri").asText());
            assertEquals(8, related.path("region").path("startLine").asInt()); // the first interface's address
        }
        // Two alike findings in one file, even with the same element, stay apart.
        Finding f = new Finding(Rule.PCI_NO_SLOT, Severity.ERROR, "vms/x.xml", 3, 5, "no slot", "/domain", null);
        JsonNode twice = sarif(List.of(new FileResult("vms/x.xml", FileKind.DOMAIN, List.of(f,
                new Finding(Rule.PCI_NO_SLOT, Severity.ERROR, "vms/x.xml", 4, 5, "no slot", "/domain", null)))));
        assertEquals(2, new HashSet<>(fingerprints(twice)).size());
        // A change of wording keeps the fingerprint; another element or file does not.
        String one = fingerprints(sarif(List.of(new FileResult("vms/x.xml", FileKind.DOMAIN, List.of(f))))).get(0);
        assertEquals(one, fingerprints(sarif(List.of(new FileResult("vms/x.xml", FileKind.DOMAIN, List.of(
                new Finding(Rule.PCI_NO_SLOT, Severity.ERROR, "vms/x.xml", 9, 1, "other words", "/domain", null))))))
                .get(0));
        assertNotEquals(one, fingerprints(sarif(List.of(new FileResult("vms/x.xml", FileKind.DOMAIN, List.of(
                new Finding(Rule.PCI_NO_SLOT, Severity.ERROR, "vms/x.xml", 3, 5, "no slot", "/domain/devices", null))))))
                .get(0));
        assertNotEquals(one, fingerprints(sarif(List.of(new FileResult("vms/y.xml", FileKind.DOMAIN, List.of(
                new Finding(Rule.PCI_NO_SLOT, Severity.ERROR, "vms/y.xml", 3, 5, "no slot", "/domain", null))))))
                .get(0));
    }

    @Test
    void aFindingAboutTheWholeFileIsAtLineOne() throws Exception {
        FileResult r = new FileResult("vms/gone.xml", FileKind.UNREADABLE, List.of(new Finding(Rule.XML_UNREADABLE,
                Severity.ERROR, "vms/gone.xml", 0, 0, "vms/gone.xml is a broken symbolic link")));
        JsonNode region = sarif(List.of(r)).path("runs").path(0).path("results").path(0).path("locations").path(0)
                .path("physicalLocation").path("region");
        assertEquals(1, region.path("startLine").asInt());
        assertTrue(region.path("startColumn").isMissingNode());
    }

    @Test
    void everyRuleIsDescribedAndTheRunSaysWhatMadeIt() throws Exception {
        JsonNode run = sarif(List.of()).path("runs").path(0);
        JsonNode driver = run.path("tool").path("driver");
        assertEquals("1.2.3", driver.path("version").asText());
        assertEquals(RuleDocs.PROJECT_URL, driver.path("informationUri").asText());
        assertEquals("addralloc/infra/", run.path("automationDetails").path("id").asText());
        assertEquals("file:///repo/", run.path("originalUriBaseIds").path("%SRCROOT%").path("uri").asText());
        assertEquals(Rule.values().length, driver.path("rules").size());
        for (JsonNode rule : driver.path("rules")) {
            String id = rule.path("id").asText();
            for (String field : List.of("shortDescription", "fullDescription")) {
                assertFalse(rule.path(field).path("text").asText().isBlank(), id + " " + field);
            }
            assertNotEquals(rule.path("shortDescription").path("text").asText(),
                    rule.path("fullDescription").path("text").asText(), id);
            assertTrue(rule.path("help").path("text").asText().contains("Fix:"), id);
            assertTrue(rule.path("help").path("markdown").asText().contains("**Fix:**"), id);
            assertEquals(RuleDocs.PAGE + "#" + id.toLowerCase(java.util.Locale.ROOT).replace(".", ""),
                    rule.path("helpUri").asText());
        }
    }

    @Test
    void namesWithSpacesArePercentEncodedAndTheSchemaHoldsThemToIt() throws Exception {
        FileResult r = check("vms/web 01 ü.xml", THREE_ON_ONE_SLOT);
        JsonNode sarif = sarif(List.of(r));
        String uri = sarif.path("runs").path(0).path("results").path(0).path("locations").path(0)
                .path("physicalLocation").path("artifactLocation").path("uri").asText();
        assertEquals("infra/vms/web%2001%20%C3%BC.xml", uri);
        assertEquals(Set0.EMPTY, ConsumerChecks.schemaErrors(sarif).toString());
        // The same report with the name as written fails the schema: the check is real.
        ((ObjectNode) sarif.path("runs").path(0).path("results").path(0).path("locations").path(0)
                .path("physicalLocation").path("artifactLocation")).put("uri", "infra/vms/web 01.xml");
        assertTrue(ConsumerChecks.schemaErrors(sarif).toString().contains("uri-reference"),
                ConsumerChecks.schemaErrors(sarif).toString());
    }

    /** How an empty set of schema errors prints. */
    private static final class Set0 {
        static final String EMPTY = "[]";
    }

    @Test
    void checkstyleNamesFilesByTheirAbsolutePath() {
        String xml = CheckstyleReport.render(List.of(check("vms/dup.xml", THREE_ON_ONE_SLOT)), CONTEXT);
        assertTrue(xml.contains("<file name=\"/repo/infra/vms/dup.xml\">"), xml);
        assertTrue(xml.contains("source=\"addralloc.pci.DuplicateAddress\""), xml);
    }
}
