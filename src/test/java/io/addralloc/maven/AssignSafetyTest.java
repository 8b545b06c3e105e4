package io.addralloc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What assign may replace, and what it must leave (issue 19, defects 2, 7, 8, 9, 10, 11): each
 * case runs the whole goal on a small project and looks at the files, the log and the reports.
 */
class AssignSafetyTest {
    @TempDir
    Path tmp;

    private MojoHarness h;

    /** A domain assign writes addresses into (it has its MAC, so it needs no other file's). */
    static String domain(String name, String mac) {
        return MojoHarness.domain(name, mac, null);
    }

    @BeforeEach
    void project() throws Exception {
        h = new MojoHarness(Files.createDirectories(tmp.resolve("project")));
    }

    private AssignMojo assign(AtomicFileWriter writer) {
        AssignMojo mojo = h.assign();
        mojo.writer = writer;
        return mojo;
    }

    private static boolean assigned(Path f) throws IOException {
        return Files.readString(f).contains("<address type='pci'");
    }

    // defect 8
    @Test
    void aFileWithAnErrorFoundAcrossFilesIsNotWritten() throws Exception {
        Path first = h.write("vms/a.xml", domain("web", "52:54:00:00:00:01"));
        Path sameName = h.write("vms/b.xml", domain("web", "52:54:00:00:00:02"));
        Path sameMac = h.write("vms/c.xml", domain("db", "52:54:00:00:00:01"));
        String before = Files.readString(sameName);
        String failure = h.run(h.assign());
        assertNotNull(failure, h.logText());
        assertTrue(assigned(first), "a.xml has no error and is written");
        assertEquals(before, Files.readString(sameName), "b.xml shares a's domain name");
        assertEquals(domain("db", "52:54:00:00:00:01"), Files.readString(sameMac), "c.xml shares a's MAC");
        assertTrue(h.logText().contains("src/main/resources/vms/b.xml:2:3: error: domain name 'web' is also defined by src/main/resources/vms/a.xml"),
                h.logText());
        assertTrue(h.logText().contains("addralloc: changed 1 file:"), h.logText());
    }

    // defect 2
    @Test
    void aFileEditedWhileAssignRunsKeepsTheEditAndIsReported() throws Exception {
        Path f = h.write("vms/web.xml", domain("web", "52:54:00:00:00:01"));
        String edited = domain("web", "52:54:00:00:00:01").replace("<devices>", "<devices>\n    <!-- mine -->");
        String failure = h.run(assign(new AtomicFileWriter(tmp -> Files.writeString(f, edited))));
        assertNotNull(failure);
        assertEquals(edited, Files.readString(f));
        assertTrue(h.logText().contains("[ERROR] src/main/resources/vms/web.xml: error: src/main/resources/vms/web.xml changed on disk while assign ran"
                + " (edited, replaced, moved or deleted), so it is left as it is; run assign again"
                + " [addralloc.xml.WriteFailed]"), h.logText());
        assertTrue(h.report("addralloc-result.xml").contains("source=\"addralloc.xml.WriteFailed\""));
        assertTrue(h.logText().contains("addralloc: changed 0 files"), h.logText());
    }

    @Test
    void aFileReplacedOrRenamedWhileAssignRunsIsLeftAsItIs() throws Exception {
        Path f = h.write("vms/web.xml", domain("web", "52:54:00:00:00:01"));
        Path copy = h.write("copy.txt", domain("web", "52:54:00:00:00:01"));
        // another file with the very same bytes takes its place: a new file, not the one read
        assertNotNull(h.run(assign(new AtomicFileWriter(tmp -> Files.move(copy, f,
                StandardCopyOption.REPLACE_EXISTING)))));
        assertFalse(assigned(f));
        assertTrue(h.logText().contains("changed on disk while assign ran"), h.logText());
        // renamed away
        Path renamed = h.resources.resolve("vms/renamed.txt");
        assertNotNull(h.run(assign(new AtomicFileWriter(tmp -> Files.move(f, renamed)))));
        assertFalse(Files.exists(f), "nothing is written at the old name");
        assertFalse(assigned(renamed));
    }

    // defect 7
    @Test
    void readOnlyFilesAndHardLinksAreRefusedWithAFindingOthersOwnerIsKept() throws Exception {
        Path readOnly = h.write("vms/ro.xml", domain("ro", "52:54:00:00:00:01"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        Path linked = h.write("vms/linked.xml", domain("linked", "52:54:00:00:00:02"));
        Path twin = Files.createLink(h.base.resolve("twin.xml"), linked);
        Path others = h.write("vms/others.xml", domain("others", "52:54:00:00:00:03"));
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (root) {
            Files.setAttribute(others, "unix:uid", 4321);
            Files.setAttribute(others, "unix:gid", 4322);
        }
        Files.setAttribute(others, "unix:mode", 02640);
        Object uid = Files.getAttribute(others, "unix:uid");
        Object gid = Files.getAttribute(others, "unix:gid");

        assertNotNull(h.run(h.assign()));
        assertFalse(assigned(readOnly));
        assertTrue(h.logText().contains("[ERROR] src/main/resources/vms/ro.xml: error: src/main/resources/vms/ro.xml is read-only; it is left as it is"),
                h.logText());
        assertFalse(assigned(linked));
        assertEquals(Files.getAttribute(linked, "unix:ino"), Files.getAttribute(twin, "unix:ino"));
        assertTrue(h.logText().contains("src/main/resources/vms/linked.xml has 2 hard links, and replacing it would split them"),
                h.logText());
        assertTrue(assigned(others));
        assertEquals(uid, Files.getAttribute(others, "unix:uid"));
        assertEquals(gid, Files.getAttribute(others, "unix:gid"));
        assertEquals("2640", Integer.toOctalString((Integer) Files.getAttribute(others, "unix:mode") & 07777));
    }

    // defect 11
    @Test
    void aWriteFailureIsAWriteFailedFindingWithoutAbsolutePaths() throws Exception {
        Path f = h.write("vms/web.xml", domain("web", "52:54:00:00:00:01"));
        String before = Files.readString(f);
        AtomicFileWriter full = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, t) -> {
            throw new FileSystemException(t.toString(), null, "No space left on device");
        });
        assertNotNull(h.run(assign(full)));
        assertEquals(before, Files.readString(f));
        String abs = h.base.toString();
        assertFalse(h.logText().contains(abs), h.logText());
        assertTrue(h.logText().contains("[ERROR] src/main/resources/vms/web.xml: error: src/main/resources/vms/web.xml cannot be written"
                + " (FileSystemException: No space left on device); it is unchanged [addralloc.xml.WriteFailed]"),
                h.logText());
        // The reports name files by absolute path (checkstyle) and the repository's top (SARIF's
        // base URI) on purpose; no message quotes one.
        String checkstyle = h.report("addralloc-result.xml").replaceAll("<file name=\"[^\"]*\"", "<file");
        String sarif = h.report("addralloc.sarif").replaceAll("\"originalUriBaseIds\": \\{\"%SRCROOT%\": \\{\"uri\": \"[^\"]*\"\\}\\}", "");
        for (String report : List.of(checkstyle, sarif)) {
            assertFalse(report.contains(abs), report);
            assertTrue(report.contains("addralloc.xml.WriteFailed"), report);
        }
        // an exception whose message names a path says only its kind
        AtomicFileWriter odd = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, t) -> {
            throw new IOException("cannot do it to " + t);
        });
        assertNotNull(h.run(assign(odd)));
        assertFalse(h.logText().contains(abs), h.logText());
        assertTrue(h.logText().contains("src/main/resources/vms/web.xml cannot be written (IOException); it is unchanged"), h.logText());
    }

    // defect 9
    @Test
    void temporaryFilesAKilledRunLeftAreRemovedByTheNextRun() throws Exception {
        h.write("vms/web.xml", domain("web", "52:54:00:00:00:01"));
        FileTime old = FileTime.from(Instant.now().minusSeconds(600));
        Path vms = h.resources.resolve("vms");
        Files.createDirectories(h.reports());
        List<Path> stale = List.of(vms.resolve(".addralloc-0123abc.tmp"), vms.resolve(".web.xml.1234567.addralloc.tmp"),
                h.reports().resolve(".addralloc-zz9.tmp"));
        for (Path p : stale) {
            Files.setLastModifiedTime(Files.writeString(p, "<domain><half"), old);
        }
        assertEquals(null, h.run(h.assign()), h.logText());
        for (Path p : stale) {
            assertFalse(Files.exists(p), p.toString());
        }
        assertEquals(List.of("web.xml"), names(vms));
        assertTrue(h.logText().contains("addralloc: removed 2 temporary files an interrupted run left in"
                + " src/main/resources/vms"), h.logText());
    }

    // defect 10
    @Test
    void aFileWithA255ByteNameIsAssigned() throws Exception {
        String name = "w".repeat(251) + ".xml";
        Path f = h.write("vms/" + name, domain("web", "52:54:00:00:00:01"));
        assertEquals(null, h.run(h.assign()), h.logText());
        assertTrue(assigned(f));
        assertEquals(List.of(name), names(f.getParent()));
    }

    @Test
    void aDryRunWritesNothingAndRefusesNothing() throws Exception {
        Path f = h.write("vms/ro.xml", domain("ro", "52:54:00:00:00:01"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        String before = Files.readString(f);
        AssignMojo mojo = h.assign();
        MojoHarness.set(mojo, "dryRun", true);
        assertEquals(null, h.run(mojo), h.logText());
        assertEquals(before, Files.readString(f));
        assertTrue(h.logText().contains("+++ b/src/main/resources/vms/ro.xml"), h.logText());
        assertTrue(h.logText().contains("addralloc: would change 1 file"), h.logText());
        assertNotEquals(-1, h.logText().indexOf("<address type='pci'"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
