package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path dir;

    private static final byte[] NEW = "<domain><x/></domain>".getBytes(StandardCharsets.UTF_8);

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static AtomicFileWriter.Expected read(Path f) throws IOException {
        return AtomicFileWriter.Expected.now(f);
    }

    @Test
    void replacesTheContentAndKeepsPermissions() throws Exception {
        Path f = file("vm.xml", "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        new AtomicFileWriter().replace(f, read(f), "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("vm.xml"), names());
    }

    @Test
    void aFailureBeforeTheMoveLeavesTheOriginalAndNoTemporaryFile() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        AtomicFileWriter failing = new AtomicFileWriter(tmp -> {
            throw new IOException("disk full (injected)");
        });
        assertThrows(IOException.class, () -> failing.replace(f, read(f), NEW));
        assertEquals("<domain/>", Files.readString(f));
        assertEquals(List.of("vm.xml"), names());
    }

    // --- defect 1: the plugin's own files are never written through a link or into a FIFO ---

    @Test
    void anEntryThatIsALinkIsReplacedNotFollowed() throws Exception {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("victim.txt"),
                "precious");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path link = Files.createSymbolicLink(reports.resolve("addralloc.sarif"), victim);
        new AtomicFileWriter().replaceEntry(link, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("{}", Files.readString(link));
    }

    @Test
    void anEntryThatIsAFifoIsReplacedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("cache-verify.bin");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new AtomicFileWriter().replaceEntry(fifo, "data".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
        assertEquals("data", Files.readString(fifo));
    }

    @Test
    void aDirectoryInTheWayOfAnEntryIsAClearError() throws Exception {
        Path d = Files.createDirectories(dir.resolve("addralloc-result.xml"));
        AtomicFileWriter.Refused e = assertThrows(AtomicFileWriter.Refused.class,
                () -> new AtomicFileWriter().replaceEntry(d, NEW));
        assertEquals("is a directory; remove it", e.getMessage());
        assertEquals(List.of("addralloc-result.xml"), names());
    }

    // --- defect 2: a file that changed since it was read is left alone ---

    @Test
    void aFileEditedDeletedOrReplacedAfterItWasReadIsNotReplaced() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        AtomicFileWriter.Expected before = read(f);
        // edited
        Files.writeString(f, "<domain><!-- edited --></domain>");
        assertRefused("changed on disk", () -> new AtomicFileWriter().replace(f, before, NEW));
        assertEquals("<domain><!-- edited --></domain>", Files.readString(f));
        // replaced by another file with the same bytes (another inode)
        Files.writeString(f, "<domain/>");
        AtomicFileWriter.Expected same = read(f);
        Path other = file("other.xml", "<domain/>");
        Files.move(other, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefused("changed on disk", () -> new AtomicFileWriter().replace(f, same, NEW));
        assertEquals("<domain/>", Files.readString(f));
        // edited while the new content was being written (after the first look, before the move)
        AtomicFileWriter.Expected now = read(f);
        AtomicFileWriter racing = new AtomicFileWriter(tmp -> Files.writeString(f, "<domain>mine</domain>",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
        assertRefused("changed on disk", () -> racing.replace(f, now, NEW));
        assertEquals("<domain>mine</domain>", Files.readString(f));
        // renamed away, or deleted
        AtomicFileWriter.Expected last = read(f);
        Files.move(f, dir.resolve("renamed.xml"));
        assertRefused("changed on disk", () -> new AtomicFileWriter().replace(f, last, NEW));
        assertFalse(Files.exists(f));
        assertEquals(List.of("renamed.xml"), names());
    }

    // --- defect 7: read-only files, hard links, owner, group, mode, extended attributes ---

    @Test
    void aReadOnlyFileIsRefusedEvenForRoot() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        assertRefused("is read-only", () -> new AtomicFileWriter().replace(f, read(f), NEW));
        assertEquals("<domain/>", Files.readString(f));
        assertEquals(List.of("vm.xml"), names());
    }

    @Test
    void aFileWithAnotherHardLinkIsRefusedNotSplit() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        Path twin = Files.createLink(dir.resolve("twin.xml"), f);
        assertRefused("2 hard links", () -> new AtomicFileWriter().replace(f, read(f), NEW));
        assertEquals("<domain/>", Files.readString(f));
        assertEquals(Files.getAttribute(f, "unix:ino"), Files.getAttribute(twin, "unix:ino"));
    }

    @Test
    void ownerGroupSetGidModeAndExtendedAttributesAreKept() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (root) {
            Files.setAttribute(f, "unix:uid", 4321);
            Files.setAttribute(f, "unix:gid", 4322);
        }
        Files.setAttribute(f, "unix:mode", 02660);
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        boolean withXattrs;
        try {
            xattrs.write("addralloc.test", ByteBuffer.wrap("kept".getBytes(StandardCharsets.UTF_8)));
            withXattrs = true;
        } catch (IOException | UnsupportedOperationException e) {
            withXattrs = false; // a file system without user extended attributes
        }
        Object uid = Files.getAttribute(f, "unix:uid");
        Object gid = Files.getAttribute(f, "unix:gid");
        new AtomicFileWriter().replace(f, read(f), NEW);
        assertArrayEquals(NEW, Files.readAllBytes(f));
        assertEquals(uid, Files.getAttribute(f, "unix:uid"));
        assertEquals(gid, Files.getAttribute(f, "unix:gid"));
        assertEquals("2660", Integer.toOctalString((Integer) Files.getAttribute(f, "unix:mode") & 07777));
        if (withXattrs) {
            ByteBuffer value = ByteBuffer.allocate(16);
            Files.getFileAttributeView(f, UserDefinedFileAttributeView.class).read("addralloc.test", value);
            assertEquals("kept", new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("vm.xml"), names());
    }

    // --- defects 9 and 10: temporary files ---

    @Test
    void aNameNearTheFileSystemLimitCanBeReplaced() throws Exception {
        String name = "v".repeat(251) + ".xml"; // 255 bytes, the most ext4 and most file systems take
        Path f = file(name, "<domain/>");
        new AtomicFileWriter().replace(f, read(f), NEW);
        assertArrayEquals(NEW, Files.readAllBytes(f));
        assertEquals(List.of(name), names());
    }

    @Test
    void temporaryFilesAreShortAndRecognisable() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        List<String> seen = new ArrayList<>();
        new AtomicFileWriter(tmp -> seen.add(tmp.getFileName().toString())).replace(f, read(f), NEW);
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).matches("\\.addralloc-[0-9a-z]+\\.tmp") && seen.get(0).length() <= 30, seen.get(0));
        assertTrue(AtomicFileWriter.isTemporary(seen.get(0)));
    }

    @Test
    void staleTemporaryFilesOfThisWritersNamingAreRemovedNewerOnesAndOthersKept() throws Exception {
        Instant runStart = Instant.now();
        FileTime old = FileTime.from(runStart.minusSeconds(3600));
        List<String> stale = List.of(".addralloc-k3j2h1.tmp", ".web01.xml.8237461823.addralloc.tmp");
        for (String n : stale) {
            Files.setLastModifiedTime(file(n, "half"), old);
        }
        Files.setLastModifiedTime(file(".addralloc-inflight.tmp", "another run, now"),
                FileTime.from(runStart.plusSeconds(5)));
        Files.setLastModifiedTime(file("web01.xml", "<domain/>"), old);
        Files.setLastModifiedTime(file(".addralloc-notes.txt", "mine"), old);
        Files.createDirectories(dir.resolve(".addralloc-dir.tmp"));
        Path target = file("elsewhere.txt", "keep");
        Files.createSymbolicLink(dir.resolve(".addralloc-link.tmp"), target);
        assertEquals(2, AtomicFileWriter.removeStale(dir, FileTime.from(runStart)));
        assertEquals(List.of(".addralloc-dir.tmp", ".addralloc-inflight.tmp", ".addralloc-link.tmp",
                ".addralloc-notes.txt", "elsewhere.txt", "web01.xml"), names());
        assertEquals("keep", Files.readString(target));
    }

    // --- defect 13: file and directory reach the disk ---

    @Test
    void theFileIsForcedBeforeTheMoveAndTheDirectoryAfterIt() throws Exception {
        Path f = file("vm.xml", "<domain/>");
        List<String> events = new ArrayList<>();
        AtomicFileWriter.Durability recording = new AtomicFileWriter.Durability() {
            @Override
            public void force(Path file, FileChannel channel) throws IOException {
                channel.force(true);
                events.add("force " + (AtomicFileWriter.isTemporary(file.getFileName().toString()) ? "temporary"
                        : file.getFileName()) + " holding " + channel.size() + " bytes; original " + state(f));
            }

            @Override
            public void forceDirectory(Path d) throws IOException {
                AtomicFileWriter.FSYNC.forceDirectory(d);
                events.add("force directory " + (d.equals(f.getParent()) ? "of the file" : d) + "; original "
                        + state(f));
            }
        };
        new AtomicFileWriter((stage, tmp) -> { }, recording).replace(f, read(f), NEW);
        assertEquals(List.of("force temporary holding " + NEW.length + " bytes; original old",
                "force directory of the file; original new"), events);
        events.clear();
        Path report = dir.resolve("report.xml");
        new AtomicFileWriter((stage, tmp) -> { }, recording).replaceEntry(report, NEW);
        assertEquals(2, events.size(), events.toString());
        assertTrue(events.get(1).startsWith("force directory of the file"), events.toString());
    }

    private static String state(Path f) {
        try {
            return Files.readString(f).equals("<domain/>") ? "old" : "new";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static void assertRefused(String reason, org.junit.jupiter.api.function.Executable write) {
        AtomicFileWriter.Refused e = assertThrows(AtomicFileWriter.Refused.class, write);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("/"), "no path in the reason: " + e.getMessage());
    }
}
