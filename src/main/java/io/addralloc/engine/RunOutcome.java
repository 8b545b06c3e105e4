package io.addralloc.engine;

import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.rules.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found and what it means for the build.
 *
 * @param results every chosen file's result, in the order of their paths (files skipped as not
 *     libvirt XML included, as {@link FileKind#FOREIGN})
 * @param counts what the summary line counts
 * @param verdict whether the build fails, and what it is told
 */
public record RunOutcome(List<FileResult> results, Counts counts, Verdict verdict) {
    public RunOutcome {
        results = List.copyOf(results);
    }

    /** The outcome of a run that checked nothing (an IDE's build in which no scanned file changed). */
    static RunOutcome nothingChecked() {
        return new RunOutcome(List.of(), Counts.of(List.of()), Verdict.PASS);
    }

    /**
     * The files by kind and the findings by severity, those listed and those only counted.
     *
     * @param filesWithErrors how many files have at least one error
     */
    public record Counts(int domains, int networks, int unreadable, int skipped, Map<Severity, Long> findings,
            int filesWithErrors) {
        public Counts {
            findings = Map.copyOf(findings);
        }

        public static Counts of(List<FileResult> results) {
            int[] byKind = new int[FileKind.values().length];
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            int withErrors = 0;
            for (FileResult r : results) {
                byKind[r.kind().ordinal()]++;
                for (Severity s : Severity.values()) {
                    bySeverity.merge(s, (long) r.count(s), Long::sum);
                }
                withErrors += r.hasErrors() ? 1 : 0;
            }
            return new Counts(byKind[FileKind.DOMAIN.ordinal()], byKind[FileKind.NETWORK.ordinal()],
                    byKind[FileKind.UNREADABLE.ordinal()], byKind[FileKind.FOREIGN.ordinal()], bySeverity, withErrors);
        }

        /** These counts with the findings of {@code extra} (the suppressions file's, the baseline's) added. */
        public Counts plus(List<FileResult> extra) {
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            bySeverity.putAll(findings);
            int withErrors = filesWithErrors;
            for (FileResult r : extra) {
                for (Severity s : Severity.values()) {
                    bySeverity.merge(s, (long) r.count(s), Long::sum);
                }
                withErrors += r.hasErrors() ? 1 : 0;
            }
            return new Counts(domains, networks, unreadable, skipped, bySeverity, withErrors);
        }

        /** The files checked: domains, networks, and those that could not be read. */
        public int filesChecked() {
            return domains + networks + unreadable;
        }

        public long count(Severity s) {
            return findings.getOrDefault(s, 0L);
        }

        /** The summary every run ends with. */
        public String summaryLine() {
            return String.format("addralloc: %d files checked (%d domains, %d networks, %d unreadable), %d skipped"
                    + " (not libvirt XML); %d errors, %d warnings", filesChecked(), domains, networks, unreadable,
                    skipped, count(Severity.ERROR), count(Severity.WARNING));
        }
    }

    /**
     * @param failsBuild whether the build fails
     * @param message what the build is told about the findings that decide it; null when none do
     */
    public record Verdict(boolean failsBuild, String message) {
        public static final Verdict PASS = new Verdict(false, null);
    }
}
