package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileSelector;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cannot be committed as a plain file: symbolic links (inside, outside, dangling, looping),
 * a FIFO, a directory named {@code *.xml}, a sparse file of tens of megabytes. Each is selected
 * with a reason and never opened, so nothing outside the scanned directory is read and nothing
 * blocks. Tests run as root here, where {@code chmod 000} does not stop reading; the FIFO, the
 * directory and the dangling link stand in for "cannot be read".
 */
class HostileSelectionTest {
    @TempDir
    Path tmp;

    @Test
    void linksSpecialFilesAndHugeFilesAreReportedNotRead() throws Exception {
        Path scanned = Files.createDirectories(tmp.resolve("repo"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.xml"), "<domain><name>LEAKME</name></domain>");
        Files.writeString(scanned.resolve("ok.xml"), "<domain/>");
        Files.createSymbolicLink(scanned.resolve("link-inside.xml"), scanned.resolve("ok.xml"));
        Files.createSymbolicLink(scanned.resolve("link-outside.xml"), secret);
        Files.createSymbolicLink(scanned.resolve("link-relative-escape.xml"), Path.of("../outside/secret.xml"));
        // An absolute link to a file of another directory tree (never a file of the system's:
        // the test must not name one, and JUnit warns when it deletes a link leaving its temp dir).
        Path elsewhere = Files.createTempDirectory("addralloc-elsewhere");
        Path elsewhereSecret = Files.writeString(elsewhere.resolve("secret.xml"), "<domain><name>LEAKME</name></domain>");
        Path linkAbsolute = Files.createSymbolicLink(scanned.resolve("link-absolute.xml"), elsewhereSecret);
        Files.createSymbolicLink(scanned.resolve("dangling.xml"), scanned.resolve("no-such-file"));
        Files.createSymbolicLink(scanned.resolve("loop-a.xml"), scanned.resolve("loop-b.xml"));
        Files.createSymbolicLink(scanned.resolve("loop-b.xml"), scanned.resolve("loop-a.xml"));
        Files.createSymbolicLink(scanned.resolve("linked-dir"), outside); // a directory link is never entered
        Files.createDirectories(scanned.resolve("dir.xml"));
        Process mkfifo = new ProcessBuilder("mkfifo", scanned.resolve("fifo.xml").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Files.createSymbolicLink(scanned.resolve("link-to-fifo.xml"), scanned.resolve("fifo.xml"));
        try (RandomAccessFile big = new RandomAccessFile(scanned.resolve("big.xml").toFile(), "rw")) {
            big.setLength(40L * 1024 * 1024); // sparse: costs no disk
        }
        Files.createSymbolicLink(scanned.resolve("link-to-big.xml"), scanned.resolve("big.xml"));

        FileSelector selector = new FileSelector(List.of("**/*.xml"), List.of(), List.of());
        List<FileSelector.Selected> selected;
        try {
            selected = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> selector.select(scanned));
        } finally {
            Files.delete(linkAbsolute);
            Files.delete(elsewhereSecret);
            Files.delete(elsewhere);
        }
        Map<String, String> problems = new TreeMap<>();
        for (FileSelector.Selected s : selected) {
            problems.put(scanned.relativize(s.path()).toString(), s.problem() == null ? "" : s.problem());
        }
        assertEquals(List.of("big.xml", "dangling.xml", "dir.xml", "fifo.xml", "link-absolute.xml", "link-inside.xml",
                "link-outside.xml", "link-relative-escape.xml", "link-to-big.xml", "link-to-fifo.xml", "loop-a.xml",
                "loop-b.xml", "ok.xml"), List.copyOf(problems.keySet()));
        assertEquals("", problems.get("ok.xml"));
        assertEquals("", problems.get("link-inside.xml")); // followed: it stays inside
        for (String outsideLink : List.of("link-outside.xml", "link-relative-escape.xml", "link-absolute.xml")) {
            assertTrue(problems.get(outsideLink).contains("outside the scanned directory"), outsideLink);
        }
        assertTrue(problems.get("dangling.xml").contains("broken symbolic link"));
        assertTrue(problems.get("loop-a.xml").contains("broken symbolic link"));
        assertTrue(problems.get("dir.xml").contains("directory"));
        assertTrue(problems.get("fifo.xml").contains("not a regular file"));
        assertTrue(problems.get("link-to-fifo.xml").contains("not a regular file"));
        assertTrue(problems.get("big.xml").contains("larger than 10 MiB"));
        assertTrue(problems.get("link-to-big.xml").contains("larger than 10 MiB"));
        for (String p : problems.values()) {
            assertFalse(p.contains("LEAKME") || p.contains(elsewhere.toString()), p);
        }
        assertFalse(problems.keySet().stream().anyMatch(p -> p.startsWith("linked-dir")));
    }

    @Test
    void theSameTreeIsSelectedInTheSameOrderEveryTime() throws Exception {
        Path scanned = Files.createDirectories(tmp.resolve("r"));
        for (String name : List.of("b/z.xml", "a/y.xml", "c.xml", "a/b/x.xml", "B.xml")) {
            Path p = scanned.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "<domain/>");
        }
        FileSelector selector = new FileSelector(List.of("**/*.xml"), List.of(), List.of());
        List<FileSelector.Selected> first = selector.select(scanned);
        for (int i = 0; i < 5; i++) {
            assertEquals(first, selector.select(scanned));
        }
        first.forEach(s -> assertNull(s.problem()));
    }
}
