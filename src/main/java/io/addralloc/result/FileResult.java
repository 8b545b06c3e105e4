package io.addralloc.result;

import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * What checking one file found.
 *
 * <p>At most {@link #MAX_FINDINGS} findings are kept per file, the first in {@link Finding#ORDER};
 * the rest are only counted ({@link #omitted()}), and one more finding at the end of the list
 * ({@link Rule#FILE_TOO_MANY_FINDINGS}) says how many there are. One hostile file of 10 MiB can
 * hold 60,000 faults: listing every one floods the log and holds hundreds of megabytes.
 *
 * @param path the file as reported (relative to the project)
 * @param kind what the file is
 * @param findings the findings kept, in {@link Finding#ORDER}, then the one that counts the rest
 * @param facts what the checks across files need of this file
 * @param omitted the findings not kept, by severity
 */
public record FileResult(String path, FileKind kind, List<Finding> findings, FileFacts facts, Omitted omitted) {
    /** The most findings listed for one file. */
    public static final int MAX_FINDINGS = 100;

    /** How many findings of each severity a result counts but does not list. */
    public record Omitted(int errors, int warnings, int infos) {
        public static final Omitted NONE = new Omitted(0, 0, 0);

        public int total() {
            return errors + warnings + infos;
        }

        Omitted plus(Severity s) {
            return switch (s) {
                case ERROR -> new Omitted(errors + 1, warnings, infos);
                case WARNING -> new Omitted(errors, warnings + 1, infos);
                case INFO -> new Omitted(errors, warnings, infos + 1);
            };
        }

        Severity worst() {
            return errors > 0 ? Severity.ERROR : warnings > 0 ? Severity.WARNING : Severity.INFO;
        }
    }

    public FileResult {
        List<Finding> kept = new ArrayList<>(Math.min(findings.size(), MAX_FINDINGS + 1));
        List<Finding> all = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (f.rule() != Rule.FILE_TOO_MANY_FINDINGS) { // the count is made here, never taken in
                all.add(f);
            }
        }
        all.sort(Finding.ORDER);
        for (int i = 0; i < all.size(); i++) {
            if (i < MAX_FINDINGS) {
                kept.add(all.get(i));
            } else {
                omitted = omitted.plus(all.get(i).severity());
            }
        }
        if (omitted.total() > 0) {
            kept.add(new Finding(Rule.FILE_TOO_MANY_FINDINGS, omitted.worst(), path, 0, 0, String.format(
                    "%d more finding%s in this file %s not listed (%d error%s, %d warning%s, %d info): only the first"
                            + " %d are; fix those and run again", omitted.total(), omitted.total() == 1 ? "" : "s",
                    omitted.total() == 1 ? "is" : "are", omitted.errors(), omitted.errors() == 1 ? "" : "s",
                    omitted.warnings(), omitted.warnings() == 1 ? "" : "s", omitted.infos(), MAX_FINDINGS)));
        }
        findings = List.copyOf(kept);
    }

    public FileResult(String path, FileKind kind, List<Finding> findings, FileFacts facts) {
        this(path, kind, findings, facts, Omitted.NONE);
    }

    public FileResult(String path, FileKind kind, List<Finding> findings) {
        this(path, kind, findings, FileFacts.NONE);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** How many findings of this severity the file has, listed or not. */
    public int count(Severity s) {
        int n = 0;
        for (Finding f : findings) {
            n += f.severity() == s && f.rule() != Rule.FILE_TOO_MANY_FINDINGS ? 1 : 0;
        }
        return n + switch (s) {
            case ERROR -> omitted.errors();
            case WARNING -> omitted.warnings();
            case INFO -> omitted.infos();
        };
    }

    /** This result with {@code more} findings added (and the list cut again). */
    public FileResult plus(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        return new FileResult(path, kind, all, facts, omitted);
    }
}
