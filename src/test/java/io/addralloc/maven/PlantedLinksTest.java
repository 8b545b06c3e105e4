package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 1 of issue 19: links planted under {@code target/addralloc} must not make the build
 * write outside it ({@code ln -s ~/victim.txt target/addralloc/addralloc.sarif}), and a FIFO
 * there must not hang it.
 */
class PlantedLinksTest {
    @TempDir
    Path tmp;

    private MojoHarness h;
    private Path outside;

    static final String CLEAN = MojoHarness.domain("web01", "52:54:00:00:00:01", "0x05");

    @BeforeEach
    void project() throws Exception {
        h = new MojoHarness(Files.createDirectories(tmp.resolve("project")));
        h.write("vms/web01.xml", CLEAN);
        outside = Files.createDirectories(tmp.resolve("home"));
    }

    private static final List<String> ENTRIES = List.of("addralloc-result.xml", "addralloc.sarif", "cache-verify.bin");

    @Test
    void linksToFilesOutsideAreReplacedAndTheirTargetsUntouched() throws Exception {
        Files.createDirectories(h.reports());
        for (String name : ENTRIES) {
            Path victim = Files.writeString(outside.resolve(name + ".victim"), "precious " + name);
            Files.createSymbolicLink(h.reports().resolve(name), victim);
        }
        for (int run = 0; run < 2; run++) { // the second run reads the cache the first wrote
            assertEquals(null, h.run(h.verify()), h.logText());
            for (String name : ENTRIES) {
                assertEquals("precious " + name, Files.readString(outside.resolve(name + ".victim")), name);
                assertTrue(Files.isRegularFile(h.reports().resolve(name), LinkOption.NOFOLLOW_LINKS), name);
            }
        }
        assertTrue(h.report("addralloc-result.xml").contains("vms/web01.xml"));
    }

    @Test
    void fifosDoNotHangTheBuildAndAreReplaced() throws Exception {
        Files.createDirectories(h.reports());
        for (String name : ENTRIES) {
            Process p = new ProcessBuilder("mkfifo", h.reports().resolve(name).toString()).start();
            assertEquals(0, p.waitFor());
        }
        String failure = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> h.run(h.verify()));
        assertEquals(null, failure, h.logText());
        for (String name : ENTRIES) {
            assertTrue(Files.isRegularFile(h.reports().resolve(name), LinkOption.NOFOLLOW_LINKS), name);
        }
        assertTrue(h.logText().contains("cache-verify.bin is not a regular file"), h.logText());
    }

    @Test
    void aReportDirectoryThatIsALinkIsReplacedByADirectory() throws Exception {
        Files.createDirectories(h.reports().getParent());
        Files.createSymbolicLink(h.reports(), outside);
        assertEquals(null, h.run(h.verify()), h.logText());
        assertFalse(Files.isSymbolicLink(h.reports()));
        assertTrue(Files.isDirectory(h.reports()));
        try (var s = Files.list(outside)) {
            assertEquals(List.of(), s.toList(), "nothing is written through the link");
        }
        assertTrue(h.logText().contains("target/addralloc was a symbolic link"), h.logText());
    }

    @Test
    void aDirectoryWhereAReportGoesIsAClearError() throws Exception {
        Files.createDirectories(h.reports().resolve("addralloc.sarif"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> h.run(h.verify()));
        assertNotNull(e.getMessage());
        assertEquals("addralloc: cannot write target/addralloc/addralloc.sarif: is a directory; remove it",
                e.getMessage());
    }
}
