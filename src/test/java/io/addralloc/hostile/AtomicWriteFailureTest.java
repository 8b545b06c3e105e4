package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.AtomicFileWriter;
import io.addralloc.engine.FileAssigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures injected in the middle of assign's write: the file is either the original or the
 * complete new one, never a mix, and no temporary file stays behind.
 */
class AtomicWriteFailureTest {
    @TempDir
    Path dir;

    private byte[] original;
    private byte[] assigned;

    private Path domain() throws IOException {
        original = Files.readAllBytes(Path.of("src/it/assign/src/main/resources/vms/web01.xml"));
        // pad with a comment so the write takes several chunks
        String text = new String(original, java.nio.charset.StandardCharsets.UTF_8)
                .replace("<devices>", "<devices>\n    <!-- " + "padding ".repeat(2000) + "-->");
        original = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FileAssigner.Outcome outcome = new FileAssigner().assign("web01.xml", original);
        assertTrue(outcome.changed());
        assigned = outcome.newContent();
        assertTrue(assigned.length > 3 * 4096);
        return Files.write(dir.resolve("web01.xml"), original);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailureAfterThePartialWriteOfEveryChunkLeavesTheOriginal() throws Exception {
        Path file = domain();
        for (int failAt = 1; failAt <= 4; failAt++) {
            AtomicInteger calls = new AtomicInteger();
            int n = failAt;
            AtomicFileWriter writer = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, tmp) -> {
                if (stage == AtomicFileWriter.Stage.WRITING && calls.incrementAndGet() == n) {
                    assertTrue(Files.size(tmp) < assigned.length || n == 4, "the temporary file is partial");
                    throw new IOException("disk full (injected)");
                }
            });
            assertThrows(IOException.class, () -> writer.replace(file, AtomicFileWriter.Expected.now(file), assigned));
            assertArrayEquals(original, Files.readAllBytes(file));
            assertEquals(List.of("web01.xml"), names());
        }
    }

    @Test
    void uncheckedExceptionsAndErrorsAlsoCleanUp() throws Exception {
        Path file = domain();
        AtomicFileWriter runtime = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, tmp) -> {
            throw new UncheckedIOException(new IOException("injected"));
        });
        assertThrows(UncheckedIOException.class, () -> runtime.replace(file, AtomicFileWriter.Expected.now(file), assigned));
        AtomicFileWriter error = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, tmp) -> {
            if (stage == AtomicFileWriter.Stage.BEFORE_MOVE) {
                throw new OutOfMemoryError("injected");
            }
        });
        assertThrows(OutOfMemoryError.class, () -> error.replace(file, AtomicFileWriter.Expected.now(file), assigned));
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(List.of("web01.xml"), names());
    }

    @Test
    void withoutAFailureTheWholeNewFileIsThere() throws Exception {
        Path file = domain();
        new AtomicFileWriter().replace(file, AtomicFileWriter.Expected.now(file), assigned);
        assertArrayEquals(assigned, Files.readAllBytes(file));
        assertEquals(List.of("web01.xml"), names());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws Exception {
        Path real = domain();
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), real.getFileName());
        new AtomicFileWriter().replace(link, AtomicFileWriter.Expected.now(link), assigned);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(assigned, Files.readAllBytes(real));
        assertEquals(List.of("link.xml", "web01.xml"), names());
    }
}
