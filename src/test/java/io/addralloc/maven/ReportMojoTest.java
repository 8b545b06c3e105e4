package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report goal as Maven runs it: where the pages go, what it prints, what it never does. */
class ReportMojoTest {
    @TempDir
    Path tmp;

    private MojoHarness h;

    @BeforeEach
    void project() throws Exception {
        h = new MojoHarness(Files.createDirectories(tmp.resolve("project")));
        h.write("vms/web01.xml", MojoHarness.domain("web01", "52:54:00:00:00:01", "0x05"));
        h.write("vms/bad.xml", MojoHarness.domain("bad", "52:54:00:00:00:02", "0x22"));
    }

    private Path pages() {
        return h.reports().resolve("report");
    }

    @Test
    void writesTheIndexAndAPagePerFileAndShowsErrorsWithoutFailingTheBuild() throws Exception {
        assertEquals(null, h.run(h.report()), h.logText());
        assertTrue(Files.isRegularFile(pages().resolve("index.html")));
        assertTrue(Files.isRegularFile(pages().resolve("files/src_main_resources_vms_web01.xml.html")));
        assertTrue(Files.isRegularFile(pages().resolve("files/src_main_resources_vms_bad.xml.html")));
        assertTrue(h.logText().contains("[ERROR] src/main/resources/vms/bad.xml:9:7: error: PCI slot 0x22 is out of range"), h.logText());
        assertTrue(h.logText().contains("addralloc: address map of 2 files written to target/addralloc/report/index.html"),
                h.logText());
        assertTrue(Files.readString(pages().resolve("files/src_main_resources_vms_bad.xml.html")).contains("PCI slot 0x22 is out of range"));
    }

    @Test
    void aSecondRunLeavesNoPageOfAFileThatIsGone() throws Exception {
        assertEquals(null, h.run(h.report()));
        Files.delete(h.resources.resolve("vms/bad.xml"));
        assertEquals(null, h.run(h.report()));
        assertFalse(Files.exists(pages().resolve("files/src_main_resources_vms_bad.xml.html")));
        try (Stream<Path> s = Files.list(h.reports())) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith("report.")).count(),
                    "no page set of a run is left beside the report");
        }
    }

    @Test
    void aLinkPlantedWhereThePagesGoIsReplacedAndWhatItPointsAtIsUntouched() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("home/victim"));
        Files.writeString(outside.resolve("index.html"), "precious");
        Files.createDirectories(h.reports());
        Files.createSymbolicLink(pages(), outside);
        assertEquals(null, h.run(h.report()), h.logText());
        assertEquals("precious", Files.readString(outside.resolve("index.html")));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(1, s.count());
        }
        assertTrue(Files.isDirectory(pages(), LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(pages()));
    }

    @Test
    void aNegativeMinimumOfFreePortsIsAConfigurationError() {
        ReportMojo mojo = h.report();
        mojo.minFreeHotplugPorts = -1;
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("addralloc: minFreeHotplugPorts is -1; it must be 0 (no check) or more", e.getMessage());
    }

    @Test
    void theHotplugRuleFollowsTheParameterInVerify() throws Exception {
        // a pc domain with one NIC leaves 28 of the 31 slots of pci-root free: the chipset, the NIC and the balloon take one each
        VerifyMojo verify = h.verify();
        verify.minFreeHotplugPorts = 29;
        h.run(verify);
        assertTrue(h.logText().contains("[WARNING] src/main/resources/vms/web01.xml:5:3: warning: this pc domain has 28 free hot-pluggable"
                + " PCI slots"), h.logText());
        verify = h.verify();
        verify.minFreeHotplugPorts = 28;
        h.run(verify);
        assertFalse(h.logText().contains("NoHotplugPort"), h.logText());
    }
}
