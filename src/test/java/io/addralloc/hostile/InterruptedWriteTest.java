package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.AtomicFileWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A build stopped by SIGTERM (a CI job cancelled) or Ctrl-C (SIGINT) while assign writes leaves
 * no temporary file behind: the writer's shutdown hook removes the ones in flight. (A build
 * killed with SIGKILL runs no hook; the next run removes what it left, see AtomicFileWriterTest
 * and AssignSafetyTest.)
 */
class InterruptedWriteTest {
    @TempDir
    Path dir;

    /** The child JVM: writes a file and stops in the middle of it, for the parent to signal. */
    public static final class SlowWrite {
        public static void main(String[] args) throws Exception {
            Path f = Path.of(args[0]);
            new AtomicFileWriter((AtomicFileWriter.Hook) (stage, tmp) -> {
                if (stage == AtomicFileWriter.Stage.BEFORE_MOVE) {
                    System.out.println("WRITING " + tmp.getFileName());
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).replace(f, AtomicFileWriter.Expected.now(f), "<domain><new/></domain>".getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aRunStoppedBySignalLeavesNoTemporaryFile(String signal) throws Exception {
        Path f = Files.writeString(dir.resolve("web01.xml"), "<domain/>");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SlowWrite.class.getName(), f.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the child wrote nothing");
            assertTrue(line.startsWith("WRITING .addralloc-"), line);
            String tmp = line.substring("WRITING ".length());
            assertEquals(List.of(tmp, "web01.xml"), names(), "the temporary file is there while the write runs");
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not stop");
            assertEquals(List.of("web01.xml"), names(), "SIG" + signal + " left a temporary file");
            assertEquals("<domain/>", Files.readString(f));
        } finally {
            child.destroyForcibly();
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
