package io.addralloc.libvirt.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void anInsertedLineShowsWithThreeLinesOfContext() {
        String before = "a\nb\nc\nd\ne\nf\ng\n";
        String after = "a\nb\nc\nd\nX\ne\nf\ng\n";
        String diff = UnifiedDiff.of("f.xml", before, after);
        assertEquals("--- a/f.xml\n+++ b/f.xml\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n", diff);
    }

    @Test
    void distantChangesMakeSeparateHunks() {
        StringBuilder before = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            before.append("l").append(i).append('\n');
        }
        String after = before.toString().replace("l2\n", "l2\nNEW1\n").replace("l25\n", "l25\nNEW2\n");
        String diff = UnifiedDiff.of("f", before.toString(), after);
        assertEquals(2, diff.split("@@ -", -1).length - 1, diff);
        assertTrue(diff.contains("+NEW1\n") && diff.contains("+NEW2\n"));
    }

    @Test
    void aChangedLineIsADeleteAndAnInsert() {
        String diff = UnifiedDiff.of("f", "x\n<c/>\ny\n", "x\n<c>\n  <a/>\n</c>\ny\n");
        assertTrue(diff.contains("-<c/>\n+<c>\n+  <a/>\n+</c>\n"), diff);
    }

    @Test
    void identicalTextsHaveNoHunk() {
        assertEquals("--- a/f\n+++ b/f\n", UnifiedDiff.of("f", "a\nb\n", "a\nb\n"));
    }
}
