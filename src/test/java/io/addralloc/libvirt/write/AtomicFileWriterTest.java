package io.addralloc.libvirt.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path dir;

    private long files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void replacesTheContentAndKeepsPermissions() throws Exception {
        Path f = dir.resolve("vm.xml");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        new AtomicFileWriter().write(f, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(f));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(1, files());
    }

    @Test
    void aFailureBeforeTheMoveLeavesTheOriginalAndNoTemporaryFile() throws Exception {
        Path f = dir.resolve("vm.xml");
        byte[] original = "<domain/>".getBytes(StandardCharsets.UTF_8);
        Files.write(f, original);
        AtomicFileWriter failing = new AtomicFileWriter(tmp -> {
            throw new IOException("disk full (injected)");
        });
        assertThrows(IOException.class, () -> failing.write(f, "<domain><x/></domain>".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(original, Files.readAllBytes(f));
        assertEquals(1, files());
    }
}
