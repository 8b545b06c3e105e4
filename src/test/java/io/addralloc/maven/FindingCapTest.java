package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.AtomicFileWriter;
import io.addralloc.engine.FileResultCodec;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 12 of issue 19: one file with 60,000 faults gave 60,000 log lines (17 MB of log and
 * hundreds of MB of heap); and a run that stopped between writing files and writing reports left
 * the reports of an earlier run behind.
 */
class FindingCapTest {
    @TempDir
    Path tmp;

    /** A domain of {@code n} interfaces, each on PCI slot 0x22, which does not exist: n errors. */
    static String faults(int n) {
        StringBuilder sb = new StringBuilder("<domain type='qemu'>\n<name>faults</name>\n<memory>131072</memory>\n"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>\n<devices>\n");
        for (int i = 0; i < n; i++) {
            sb.append("<interface type='network'><source network='default'/><address type='pci' domain='0x0000'"
                    + " bus='0x00' slot='0x22' function='0x0'/></interface>\n");
        }
        return sb.append("</devices>\n</domain>\n").toString();
    }

    @Test
    void sixtyThousandFaultsGiveAHundredAndOneLinesAndTheRightCount() throws Exception {
        MojoHarness h = new MojoHarness(Files.createDirectories(tmp.resolve("p")));
        h.write("vms/faults.xml", faults(60_000));
        for (int run = 0; run < 2; run++) { // the second from the cache
            String failure = h.run(h.verify());
            assertEquals("addralloc found 60000 errors in 1 file; see the lines above and"
                    + " target/addralloc/addralloc-result.xml", failure);
            List<String> errors = h.log.stream().filter(l -> l.startsWith("[ERROR] ")).toList();
            assertEquals(101, errors.size());
            assertEquals("[ERROR] src/main/resources/vms/faults.xml:6:54: error: PCI slot 0x22 is out of range; a slot"
                    + " must be at most 0x1f (31) [addralloc.pci.OutOfRange]", errors.get(0));
            assertEquals("[ERROR] src/main/resources/vms/faults.xml: error: 59900 more findings in this file are not"
                    + " listed (59900 errors, 0 warnings, 0 info): only the first 100 are; fix those and run again"
                    + " [addralloc.file.TooManyFindings]", errors.get(100));
            assertTrue(h.logText().contains("0 skipped (not libvirt XML); 60000 errors, 0 warnings"), h.logText());
            String report = h.report("addralloc-result.xml");
            assertEquals(101, report.split("<error ", -1).length - 1);
            assertTrue(report.length() < 40_000, "report of " + report.length() + " characters");
        }
        assertTrue(h.logText().contains("1 of 1 files unchanged"), h.logText());
    }

    @Test
    void findingsAddedLaterAreCutAndCountedToo() throws Exception {
        List<Finding> many = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            many.add(new Finding(Rule.PCI_OUT_OF_RANGE, Severity.ERROR, "a.xml", i + 10, 1, "e" + i));
        }
        FileResult r = new FileResult("a.xml", FileKind.DOMAIN, many);
        assertEquals(101, r.findings().size());
        assertEquals(new FileResult.Omitted(50, 0, 0), r.omitted());
        // findings across files come later: a warning on line 1 takes a place, an error is pushed out
        FileResult more = r.plus(List.of(new Finding(Rule.NETWORK_HOST_MISMATCH, Severity.WARNING, "a.xml", 1, 1, "w")));
        assertEquals(101, more.findings().size());
        assertEquals(new FileResult.Omitted(51, 0, 0), more.omitted());
        assertEquals("w", more.findings().get(0).message());
        assertEquals(150, more.count(Severity.ERROR));
        assertEquals(1, more.count(Severity.WARNING));
        Finding last = more.findings().get(100);
        assertEquals(Rule.FILE_TOO_MANY_FINDINGS, last.rule());
        assertTrue(last.message().startsWith("51 more findings in this file are not listed (51 errors,"), last.message());
        // what the cache keeps comes back the same
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileResultCodec.write(new DataOutputStream(bytes), more);
        assertEquals(more, FileResultCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                "a.xml"));
    }

    @Test
    void aRunThatDiesBeforeItsReportsLeavesNoStaleReports() throws Exception {
        MojoHarness h = new MojoHarness(Files.createDirectories(tmp.resolve("p")));
        h.write("vms/web.xml", AssignSafetyTest.domain("web", "52:54:00:00:00:01"));
        Files.createDirectories(h.reports());
        Files.writeString(h.reports().resolve("addralloc-result.xml"), "<checkstyle>an earlier run's</checkstyle>");
        Files.writeString(h.reports().resolve("addralloc.sarif"), "{\"an earlier run's\": true}");
        AssignMojo mojo = h.assign();
        mojo.writer = new AtomicFileWriter(t -> {
            throw new OutOfMemoryError("injected while writing files");
        });
        assertThrows(OutOfMemoryError.class, () -> h.run(mojo));
        assertFalse(Files.exists(h.reports().resolve("addralloc-result.xml")));
        assertFalse(Files.exists(h.reports().resolve("addralloc.sarif")));
    }
}
