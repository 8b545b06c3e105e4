package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.addralloc.engine.FileSelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names the JVM cannot carry as strings (issue 19, defect 6): every file is still selected,
 * read and named. With LANG unset the JVM's file-name encoding is ASCII and every non-ASCII name
 * failed (src/it/verify-ascii-locale runs a real Maven that way); here, with UTF-8, a name that is
 * not UTF-8 used to open another, missing file.
 */
class HostileNamesTest {
    @TempDir
    Path dir;

    /** Makes a file whose name is the given bytes (Java cannot spell a name that is not UTF-8 here). */
    private void touch(String printfName, String content) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' \"$1\" > \"$(printf \"$2\")\"", "sh", content,
                printfName).directory(dir.toFile()).start();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void namesThatAreNotUtf8OrNotAsciiAreSelectedReadAndNamedExactly() throws Exception {
        touch("bad\\377.xml", "<domain>ff</domain>");
        touch("latin1-caf\\351.xml", "<domain>e9</domain>");
        touch("caf\\303\\251.xml", "<domain>utf8</domain>");
        touch("plain.xml", "<domain>plain</domain>");
        List<FileSelector.Selected> selected = new FileSelector(List.of("**/*.xml"), List.of(), List.of()).select(dir);
        Map<String, String> read = new TreeMap<>();
        for (FileSelector.Selected s : selected) {
            assertNull(s.problem(), s.relative() + ": " + s.problem());
            read.put(s.relative(), Files.readString(s.path(), StandardCharsets.UTF_8));
        }
        assertEquals(Map.of("bad\\xff.xml", "<domain>ff</domain>", "latin1-caf\\xe9.xml", "<domain>e9</domain>",
                "café.xml", "<domain>utf8</domain>", "plain.xml", "<domain>plain</domain>"), read);
    }

    @Test
    void bytesThatAreNotUtf8AreWrittenAsHexAndTheRestDecoded() {
        assertEquals("a\\xffb\\xc3.xml", FileSelector.utf8OrEscaped(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3,
                '.', 'x', 'm', 'l'}));
        assertEquals("é€😀", FileSelector.utf8OrEscaped("é€😀".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new byte[0], FileSelector.utf8OrEscaped(new byte[0]).getBytes(StandardCharsets.UTF_8));
    }
}
