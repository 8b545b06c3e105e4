package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 3 of issue 19: a committed link at (or above) a scanned directory must not take verify
 * and assign out of the repository: {@code src/main/resources -> ../../elsewhere}.
 */
class OutsideProjectTest {
    @TempDir
    Path tmp;

    private MojoHarness h;
    private Path elsewhere;

    private static final String BAD_SLOT = MojoHarness.domain("bad", "52:54:00:00:00:01", "0x22");

    @BeforeEach
    void project() throws Exception {
        h = new MojoHarness(Files.createDirectories(tmp.resolve("repo/project")));
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(elsewhere.resolve("vms"));
        Files.writeString(elsewhere.resolve("vms/bad.xml"), BAD_SLOT);
        Files.writeString(elsewhere.resolve("vms/todo.xml"), AssignSafetyTest.domain("todo", "52:54:00:00:00:09"));
        Files.delete(h.resources);
        Files.createSymbolicLink(h.resources, Path.of("../../../../elsewhere"));
    }

    @Test
    void aResourceDirectoryLinkedOutsideIsRefusedAndNothingThereIsReadOrWritten() throws Exception {
        assertNotNull(h.run(h.verify()));
        assertTrue(h.logText().contains("[ERROR] src/main/resources: error: src/main/resources leads outside the"
                + " project's top directory"), h.logText());
        assertFalse(h.logText().contains("bad.xml"), h.logText());
        assertFalse(h.report("addralloc.sarif").contains("bad.xml"));

        String before = Files.readString(elsewhere.resolve("vms/todo.xml"));
        assertNotNull(h.run(h.assign()));
        assertEquals(before, Files.readString(elsewhere.resolve("vms/todo.xml")));
        assertTrue(h.logText().contains("addralloc: changed 0 files"), h.logText());
    }

    @Test
    void followLinksOutsideScansItOnRequest() throws Exception {
        VerifyMojo verify = h.verify();
        verify.followLinksOutside = true;
        assertNotNull(h.run(verify));
        assertTrue(h.logText().contains("src/main/resources/vms/bad.xml:9:7: error: PCI slot 0x22 is out of range"),
                h.logText());
        Files.delete(elsewhere.resolve("vms/bad.xml"));
        AssignMojo assign = h.assign();
        assign.followLinksOutside = true;
        assertNull(h.run(assign), h.logText());
        assertTrue(Files.readString(elsewhere.resolve("vms/todo.xml")).contains("<address type='pci'"));
    }

    @Test
    void aLinkThatStaysInsideTheProjectIsFollowed() throws Exception {
        Files.delete(h.resources);
        Path defs = Files.createDirectories(h.base.resolve("definitions/vms"));
        Files.writeString(defs.resolve("bad.xml"), BAD_SLOT);
        Files.createSymbolicLink(h.resources, Path.of("../../definitions"));
        assertNotNull(h.run(h.verify()));
        assertTrue(h.logText().contains("src/main/resources/vms/bad.xml:9:7: error: PCI slot 0x22"), h.logText());
        assertFalse(h.logText().contains("leads outside"), h.logText());
    }
}
