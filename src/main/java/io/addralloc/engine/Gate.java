package io.addralloc.engine;

import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a build makes of the findings before they are printed, reported and judged: each rule's
 * severity ({@link SeverityPolicy}, {@code requirePinned}), the suppressions file and the
 * {@code addralloc:ignore} comments ({@link Suppressions}), and the baseline ({@link Baseline}):
 * compared with it by verify, written by {@code addralloc:baseline}. Made before any file is read,
 * so that a wrong setting stops the run first.
 */
final class Gate {
    private final Run run;
    private final SeverityPolicy policy;
    private final Suppressions suppressions;
    /** The baseline to compare with, or null (none, or the goal writes it). */
    private final Baseline.Loaded baseline;

    /**
     * What the gate made of a run's results.
     *
     * @param results each target's result with the findings that count (not suppressed, not in the baseline)
     * @param extra findings about the suppressions file and the baseline, as results of those files
     * @param suppressed the findings suppressions took out
     * @param comparison the comparison with the baseline, or null when there is none
     */
    record Outcome(List<FileResult> results, List<FileResult> extra, List<SuppressedFinding> suppressed,
            Baseline.Comparison comparison) {
        /** The results the build is judged on and the reports carry: the targets', then the extra ones. */
        List<FileResult> all() {
            List<FileResult> out = new ArrayList<>(results);
            out.addAll(extra);
            return out;
        }
    }

    private Gate(Run run, SeverityPolicy policy, Suppressions suppressions, Baseline.Loaded baseline) {
        this.run = run;
        this.policy = policy;
        this.suppressions = suppressions;
        this.baseline = baseline;
    }

    /** The gate of a run of {@code goal}: refuses a wrong severity setting or a missing suppressions file. */
    static Gate open(Run run, Goal goal) throws BrokenSetupException {
        RunOptions o = run.options();
        List<RuleSetting> settings = new ArrayList<>(o.rules());
        if (o.requirePinned() && settings.stream().noneMatch(s -> s != null && s.getId() != null
                && s.getId().strip().equals(Rule.PIN_UNPINNED.id()))) {
            settings.add(new RuleSetting(Rule.PIN_UNPINNED.id(), "error"));
        }
        SeverityPolicy policy;
        try {
            policy = SeverityPolicy.of(settings, o.failOnSeverity(), o.failOnError());
        } catch (SeverityPolicy.InvalidSetting e) {
            throw new BrokenSetupException("addralloc: " + e.getMessage());
        }
        Suppressions suppressions = Suppressions.none();
        if (o.suppressionsFile() != null) {
            suppressions = Suppressions.read(read(run, o.suppressionsFile(), "the suppressions file",
                    "<suppressions> (or -Daddralloc.suppressions)"), run.paths().relative(o.suppressionsFile()));
        }
        Baseline.Loaded baseline = null;
        if (!goal.writesBaseline() && Files.isRegularFile(o.baselineFile())) {
            baseline = Baseline.read(read(run, o.baselineFile(), "the baseline", "<baseline> (or -Daddralloc.baseline)"),
                    run.paths().relative(o.baselineFile()));
        }
        return new Gate(run, policy, suppressions, baseline);
    }

    private static byte[] read(Run run, Path file, String what, String setting) throws BrokenSetupException {
        if (!Files.isRegularFile(file)) {
            throw new BrokenSetupException("addralloc: " + what + " " + Finding.escape(run.paths().relative(file))
                    + " does not exist; fix " + setting);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BrokenSetupException("addralloc: cannot read " + what + " "
                    + Finding.escape(run.paths().relative(file)) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    SeverityPolicy policy() {
        return policy;
    }

    /** The results of {@code targets}, in their order, through the severities, suppressions and baseline. */
    Outcome apply(Goal goal, List<Goal.Target> targets, List<FileResult> results) throws BrokenSetupException {
        List<FileResult> policed = policy.applyToResults(results.stream().map(Gate::withoutPinOnErrors).toList());
        boolean fingerprints = baseline != null || goal.writesBaseline();
        FileResult[] kept = new FileResult[targets.size()];
        List<List<SuppressedFinding>> suppressed = new ArrayList<>(Collections.nCopies(targets.size(), List.of()));
        List<List<Baseline.Fingerprinted>> prints = new ArrayList<>(Collections.nCopies(targets.size(), List.of()));
        IntStream.range(0, targets.size()).parallel().forEach(i -> {
            FileResult r = policed.get(i);
            byte[] bytes = r.kind() == FileKind.FOREIGN || targets.get(i).problem() != null ? null
                    : readQuietly(targets.get(i).path());
            XmlFile xml = null;
            Suppressions.Applied applied = new Suppressions.Applied(r.findings(), List.of());
            if (bytes != null) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (suppressions.needsDocument(r.findings(), text) || fingerprints && !r.findings().isEmpty()) {
                    xml = parseQuietly(bytes);
                }
                applied = suppressions.apply(r.path(), r.findings(), xml);
            }
            kept[i] = new FileResult(r.path(), r.kind(), policy.apply(applied.kept()), r.facts(), r.omitted());
            suppressed.set(i, applied.suppressed());
            if (fingerprints) {
                prints.set(i, Baseline.fingerprint(r.path(), kept[i].findings(), xml));
            }
        });
        List<FileResult> extra = new ArrayList<>();
        List<Finding> aboutSuppressions = new ArrayList<>(suppressions.problems());
        aboutSuppressions.addAll(suppressions.unused());
        addExtra(extra, run.options().suppressionsFile(), policy.apply(aboutSuppressions));
        List<Baseline.Fingerprinted> all = prints.stream().flatMap(List::stream).toList();
        Baseline.Comparison comparison = null;
        if (baseline != null) {
            addExtra(extra, run.options().baselineFile(), policy.apply(baseline.problems()));
            comparison = baseline.baseline().compare(all);
            Set<Finding> known = Collections.newSetFromMap(new IdentityHashMap<>());
            known.addAll(comparison.known());
            for (int i = 0; i < kept.length; i++) {
                FileResult r = kept[i];
                kept[i] = new FileResult(r.path(), r.kind(), r.findings().stream().filter(f -> !known.contains(f))
                        .toList(), r.facts(), r.findings().stream().anyMatch(f -> f.rule() == Rule.FILE_TOO_MANY_FINDINGS
                                && known.contains(f)) ? FileResult.Omitted.NONE : r.omitted());
            }
        }
        if (goal.writesBaseline()) {
            write(Baseline.of(all), all);
        }
        return new Outcome(List.of(kept), extra, suppressed.stream().flatMap(List::stream).toList(), comparison);
    }

    /**
     * A file with errors, its own or found across files, is one assign leaves alone, so it is not
     * reported as unpinned: its errors come first.
     */
    private static FileResult withoutPinOnErrors(FileResult r) {
        if (!r.hasErrors() || r.findings().stream().noneMatch(f -> f.rule() == Rule.PIN_UNPINNED)) {
            return r;
        }
        return new FileResult(r.path(), r.kind(), r.findings().stream().filter(f -> f.rule() != Rule.PIN_UNPINNED)
                .toList(), r.facts(), r.omitted());
    }

    private void addExtra(List<FileResult> extra, Path file, List<Finding> findings) {
        if (!findings.isEmpty()) {
            extra.add(new FileResult(run.paths().relative(file), FileKind.FOREIGN, findings));
        }
    }

    private void write(Baseline written, List<Baseline.Fingerprinted> all) throws BrokenSetupException {
        Path file = run.options().baselineFile();
        String shown = Finding.escape(run.paths().relative(file));
        try {
            new AtomicFileWriter().replaceEntry(file, out -> out.write(written.bytes()), true);
        } catch (IOException e) {
            throw new BrokenSetupException("addralloc: cannot write the baseline " + shown + " ("
                    + (e instanceof AtomicFileWriter.Refused ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
        long files = all.stream().map(f -> f.entry().path()).distinct().count();
        run.log().info("addralloc: baseline " + shown + " written: " + written.size() + " finding"
                + (written.size() == 1 ? "" : "s") + " in " + files + " file" + (files == 1 ? "" : "s")
                + " accepted; verify now fails only on findings not in it. Commit it, and run addralloc:baseline again"
                + " as findings are fixed, to shrink it");
    }

    /** The lines the summary adds: how many findings suppressions took out, and the baseline's state. */
    List<String> summary(Outcome o) {
        List<String> lines = new ArrayList<>();
        if (!o.suppressed().isEmpty()) {
            long errors = o.suppressed().stream().filter(s -> s.finding().severity() == Severity.ERROR).count();
            lines.add("addralloc: " + o.suppressed().size() + " finding" + (o.suppressed().size() == 1 ? "" : "s")
                    + " suppressed (" + errors + " error" + (errors == 1 ? "" : "s") + "), not listed above; the SARIF"
                    + " report keeps them as suppressed results");
        }
        if (o.comparison() != null) {
            lines.add("addralloc: " + o.comparison().summary(Finding.escape(run.paths().relative(
                    run.options().baselineFile()))));
        }
        return lines;
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static XmlFile parseQuietly(byte[] bytes) {
        try {
            return XmlFile.parse(bytes);
        } catch (XmlSyntaxError | RuntimeException e) {
            return null;
        }
    }
}
