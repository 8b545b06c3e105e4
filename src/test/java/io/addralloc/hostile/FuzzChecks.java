package io.addralloc.hostile;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;

/** The invariants every fuzz test checks of verify and assign on one input. */
final class FuzzChecks {
    private FuzzChecks() {}

    static void checkAndAssign(byte[] bytes) {
        FileResult checked = new FileChecker().check("f.xml", bytes);
        for (Finding f : checked.findings()) {
            sane(f);
        }
        FileAssigner.Outcome outcome = new FileAssigner().assign("f.xml", bytes);
        for (Finding f : outcome.result().findings()) {
            sane(f);
        }
        if (!outcome.changed()) {
            return;
        }
        if (checked.hasErrors()) {
            throw new AssertionError("assign rewrote a file verify reports errors in: " + checked.findings());
        }
        FileResult after = new FileChecker().check("f.xml", outcome.newContent());
        if (after.hasErrors()) {
            throw new AssertionError("assign produced a file with errors: " + after.findings());
        }
        if (new FileAssigner().assign("f.xml", outcome.newContent()).changed()) {
            throw new AssertionError("a second assign changed the file again");
        }
    }

    static void sane(Finding f) {
        if (f.line() < 0 || f.column() < 0) {
            throw new AssertionError("negative position: " + f);
        }
        String line = f.toConsoleLine();
        if (line.length() > 1500 || line.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new AssertionError("a finding that is not one calm line: " + line.substring(0, Math.min(200, line.length())));
        }
    }
}
