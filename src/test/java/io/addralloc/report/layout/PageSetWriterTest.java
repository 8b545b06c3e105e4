package io.addralloc.report.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageSetWriterTest {
    @TempDir
    Path dir;

    @Test
    void escapingIntoTheOutputWritesWhatEscapingAStringGives() throws Exception {
        Random random = new Random(22);
        for (int run = 0; run < 500; run++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                int kind = random.nextInt(10);
                text.appendCodePoint(kind < 6 ? 32 + random.nextInt(95) : kind < 7 ? "&<>\"'\t".charAt(random.nextInt(6))
                        : kind < 8 ? random.nextInt(32) : kind < 9 ? 0x80 + random.nextInt(0xd000)
                        : 0x10000 + random.nextInt(0x1000));
            }
            if (random.nextInt(4) == 0) {
                text.append('\ud800'); // an unpaired surrogate
            }
            StringBuilder written = new StringBuilder();
            Html.write(written, text.toString());
            assertEquals(Html.escape(text.toString()), written.toString(), "run " + run);
        }
    }

    @Test
    void pagesReplaceTheSetBefore() throws Exception {
        Path target = dir.resolve("report");
        PageSetWriter.write(target, List.of(new LayoutReport.Page("index.html", out -> out.append("one")),
                new LayoutReport.Page("files/a.html", out -> out.append("a"))));
        PageSetWriter.write(target, List.of(new LayoutReport.Page("index.html", out -> out.append("two \u2192"))));
        assertEquals("two \u2192", Files.readString(target.resolve("index.html")));
        assertEquals(false, Files.exists(target.resolve("files/a.html")));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList());
        }
    }
}
