package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 5 of issue 19: file names are as hostile as file content. A committed
 * {@code $'evil\n[INFO] BUILD SUCCESS\n.xml'} must not print a line of its own, and carriage
 * returns, terminal escapes and bidi controls in a name must not rewrite or reorder what the
 * log and the reports show.
 */
class ForgedNamesTest {
    @TempDir
    Path tmp;

    private MojoHarness h;


    private static final List<String> NAMES = List.of("evil\n[INFO] BUILD SUCCESS\n.xml", "cr\rover.xml",
            "esc\u001b[2Kwipe.xml", "bidi\u202elmx.txt.xml", "zero\u200bwidth.xml");

    @BeforeEach
    void project() throws Exception {
        h = new MojoHarness(Files.createDirectories(tmp.resolve("project")));
        int i = 0;
        for (String name : NAMES) {
            i++;
            h.write("vms/" + name, MojoHarness.domain("vm" + i, "52:54:00:00:00:0" + i, "0x22"));
        }
    }

    private static void assertCalm(String text, String where) {
        for (char c : text.toCharArray()) {
            assertFalse(c == '\n' || c == '\r' || c == '\u001b' || c == '\u202e' || c == '\u200b',
                    where + " holds U+" + Integer.toHexString(c) + ": " + text);
        }
    }

    @Test
    void namesAreEscapedOnTheConsoleAndInTheReports() throws Exception {
        assertNotNull(h.run(h.verify()));
        for (String line : h.log) {
            assertCalm(line, "a log line");
        }
        String log = h.logText();
        assertFalse(log.contains("\n[INFO] BUILD SUCCESS"), log);
        assertTrue(log.contains("[ERROR] src/main/resources/vms/evil\\u000a[INFO] BUILD SUCCESS\\u000a.xml:9:7: error:"
                + " PCI slot 0x22 is out of range"), log);
        assertTrue(log.contains("[ERROR] src/main/resources/vms/bidi\\u202elmx.txt.xml:9:7:"), log);
        assertTrue(log.contains("[ERROR] src/main/resources/vms/cr\\u000dover.xml:9:7:"), log);
        assertTrue(log.contains("[ERROR] src/main/resources/vms/esc\\u001b[2Kwipe.xml:9:7:"), log);

        String checkstyle = h.report("addralloc-result.xml");
        assertCalm(checkstyle.replace("\n", ""), "the checkstyle report");
        assertFalse(checkstyle.contains("&#10;") || checkstyle.contains("&#13;"), checkstyle);
        assertTrue(checkstyle.contains("/src/main/resources/vms/evil\\u000a[INFO] BUILD SUCCESS\\u000a.xml\">"),
                checkstyle);
        String sarif = h.report("addralloc.sarif");
        assertCalm(sarif.replace("\n", ""), "the SARIF report");
        assertFalse(sarif.contains("\\n[INFO]") || sarif.contains("\\r"), sarif);
        assertTrue(sarif.contains("\"uri\": \"src/main/resources/vms/evil%0A%5BINFO%5D%20BUILD%20SUCCESS%0A.xml\""), sarif);
        assertTrue(sarif.contains("\"uri\": \"src/main/resources/vms/bidi%E2%80%AElmx.txt.xml\""), sarif);
    }

    @Test
    void aDryRunDiffNamesTheFileEscaped() throws Exception {
        h.write("vms/evil\n[INFO] BUILD SUCCESS\n.xml", AssignSafetyTest.domain("evil", "52:54:00:00:00:09"));
        AssignMojo mojo = h.assign();
        MojoHarness.set(mojo, "dryRun", true);
        h.run(mojo);
        String log = h.logText();
        assertTrue(log.contains("+++ b/src/main/resources/vms/evil\\u000a[INFO] BUILD SUCCESS\\u000a.xml"), log);
        for (String entry : h.log) {
            for (String line : entry.split("\n")) {
                assertFalse(line.startsWith("[INFO] BUILD SUCCESS"), line);
            }
        }
    }

    @Test
    void escapeLeavesOrdinaryNamesAloneAndWritesEveryDangerousCharacter() {
        assertEquals("vms/web01 (copy) é€😀.xml", Finding.escape("vms/web01 (copy) é€😀.xml"));
        assertEquals("a\\u000ab\\u000dc\\u001bd\\u202ee\\u2066f\\u200eg\\u2028h\\u0085i\\ud800j",
                Finding.escape("a\nb\rc\u001bd\u202ee\u2066f\u200eg\u2028h\u0085i\ud800j"));
    }
}
