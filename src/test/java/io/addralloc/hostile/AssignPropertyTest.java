package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.result.FileResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: assign on any verify-clean file yields a verify-clean file, only inserts (unless it
 * reports replacements), and a second assign changes nothing. The files are seeded random
 * mutations of the project's example domains (plain JUnit 5, no property-testing library).
 *
 * <p>A failure prints its seed; rerun it with {@code -Daddralloc.seed=<seed>}. Pass
 * {@code -Daddralloc.seed=random} to explore new seeds, {@code -Daddralloc.cases=N} for more cases.
 */
class AssignPropertyTest {
    private static final long DEFAULT_SEED = 0x5EED_ADD2L;

    @Test
    void assignOnAVerifyCleanFileYieldsAVerifyCleanFile() {
        String seedProperty = System.getProperty("addralloc.seed", Long.toString(DEFAULT_SEED));
        long seed = "random".equals(seedProperty) ? new Random().nextLong() : Long.parseLong(seedProperty);
        int cases = Integer.getInteger("addralloc.cases", 300);
        List<byte[]> bases = Domains.examples();
        assertFalse(bases.isEmpty());
        Random random = new Random(seed);
        int checked = 0;
        for (int i = 0; i < cases; i++) {
            long caseSeed = random.nextLong();
            Random r = new Random(caseSeed);
            List<String> log = new ArrayList<>();
            String text = new String(bases.get(r.nextInt(bases.size())), StandardCharsets.UTF_8);
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                text = Domains.mutate(text, r, log);
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (!Domains.clean("m.xml", bytes)) {
                continue;
            }
            checked++;
            String where = "seed=" + seed + " (rerun with -Daddralloc.seed=" + seed + "), case " + i
                    + ", mutations " + log;
            try {
                FileAssigner.Outcome first = new FileAssigner().assign("m.xml", bytes);
                if (!first.changed()) {
                    continue;
                }
                FileResult after = new FileChecker().check("m.xml", first.newContent());
                assertFalse(after.hasErrors(), () -> where + ": assign produced findings " + after.findings()
                        + "\n" + new String(first.newContent(), StandardCharsets.UTF_8));
                if (first.replacements() == 0) {
                    assertTrue(Domains.isSubsequence(text, new String(first.newContent(), StandardCharsets.UTF_8)),
                            () -> where + ": assign removed or changed characters it did not report");
                }
                FileAssigner.Outcome second = new FileAssigner().assign("m.xml", first.newContent());
                assertFalse(second.changed(), () -> where + ": a second assign changed the file again:\n"
                        + second.diff());
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException e) {
                fail(where + ": " + e, e);
            }
        }
        int minimum = cases / 5;
        int got = checked;
        assertTrue(got >= minimum, () -> "only " + got + " of " + cases + " mutants were verify-clean (seed=" + seed + ")");
    }
}
