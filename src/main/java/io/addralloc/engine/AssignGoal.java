package io.addralloc.engine;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * assign: writes into each domain file the addresses libvirt 9.0 would choose, and the
 * controllers it would add. Edits only insert; a file with errors (its own, or one the checks
 * across files find) is left alone; a second run changes nothing. Files are written only once
 * every file is checked, and only if each is still the file that was read, holding the bytes
 * that were read. A file it cannot write is a finding of {@link Rule#XML_WRITE_FAILED}.
 */
public final class AssignGoal implements Goal {
    private final FileAssigner assigner = new FileAssigner();
    private final boolean dryRun;
    private final AtomicFileWriter writer;

    /** What assign means to write, by the file's path: a draft while it waits for the build's MACs, then an outcome. */
    private final Map<Path, Pending> pending = new ConcurrentHashMap<>();
    /** Every drafted file's result: the MAC plan must count the MACs of a file even if it is not written. */
    private final Queue<FileResult> drafted = new ConcurrentLinkedQueue<>();
    /** What assign says of each template it leaves alone ({@link Templates#assignRefusal}). */
    private final Queue<String> templates = new ConcurrentLinkedQueue<>();

    /**
     * @param dryRun print a unified diff per file instead of writing
     * @param writer what replaces the files (tests inject failures into one)
     */
    public AssignGoal(boolean dryRun, AtomicFileWriter writer) {
        this.dryRun = dryRun;
        this.writer = writer;
    }

    private static final class Pending {
        private FileAssigner.Draft draft;
        private FileAssigner.Outcome outcome;
        private final AtomicFileWriter.Expected expected;
        /** What the summary counts, once the file is written (or, in a dry run, would be). */
        private volatile Written written;

        Pending(FileAssigner.Draft draft, FileAssigner.Outcome outcome, AtomicFileWriter.Expected expected) {
            this.draft = draft;
            this.outcome = outcome;
            this.expected = expected;
        }
    }

    private record Written(int addresses, int elements, int replacements, String diff) {
    }

    @Override
    public String name() {
        return "assign";
    }

    @Override
    public boolean needsIdentity() {
        return !dryRun;
    }

    @Override
    public FileResult process(Input in) {
        String refusal = Templates.assignRefusal(Finding.escape(in.relative()),
                new String(in.content(), StandardCharsets.UTF_8));
        if (refusal != null) {
            FileResult checked = VerifyGoal.check(new FileChecker(), in);
            drafted.add(checked);
            templates.add(refusal);
            return checked;
        }
        FileAssigner.Draft draft = assigner.draft(in.relative(), in.content(), dryRun);
        drafted.add(draft.result());
        if (draft.result().hasErrors()) {
            return draft.result();
        }
        AtomicFileWriter.Expected expected = dryRun ? null : AtomicFileWriter.Expected.of(in.fileKey(), in.content());
        if (draft.wantsMacs()) {
            pending.put(in.path(), new Pending(draft, null, expected));
        } else {
            FileAssigner.Outcome outcome = draft.complete(List.of());
            if (outcome.changed()) {
                pending.put(in.path(), new Pending(null, outcome, expected));
            }
        }
        return draft.result();
    }

    /**
     * MACs must be unique across the build, so the files that get one are completed only once
     * every file's interfaces are known: here, from the results, without reading any file again.
     */
    @Override
    public List<FileResult> afterProcessing(List<Target> targets, List<FileResult> results) {
        if (pending.values().stream().allMatch(p -> p.draft == null)) {
            return results;
        }
        MacPlan macs = MacPlan.of(List.copyOf(drafted));
        IntStream.range(0, targets.size()).parallel().forEach(i -> {
            Pending p = pending.get(targets.get(i).path());
            if (p != null && p.draft != null) {
                p.outcome = p.draft.complete(macs.macsFor(results.get(i).path()));
                p.draft = null;
            }
        });
        return results;
    }

    /**
     * Writes the files, now that the checks across files are done: a file they found an error
     * in (a name or MAC another file also uses) is not written, as no file with errors is.
     */
    @Override
    public List<FileResult> afterChecks(Run run, List<Target> targets, List<FileResult> results, FileTime started) {
        if (!dryRun) {
            Set<Path> dirs = new LinkedHashSet<>();
            for (Target t : targets) {
                if (t.problem() == null && t.path().getParent() != null) {
                    dirs.add(t.path().getParent());
                }
            }
            dirs.forEach(d -> run.removeStaleTemporaries(d, started));
        }
        return IntStream.range(0, targets.size()).parallel().mapToObj(i -> write(targets.get(i), results.get(i)))
                .toList();
    }

    private FileResult write(Target t, FileResult r) {
        Pending p = pending.get(t.path());
        if (p == null || p.outcome == null || !p.outcome.changed() || r.hasErrors()) {
            return r;
        }
        FileAssigner.Outcome o = p.outcome;
        p.outcome = null; // the new content is not needed once written
        if (!dryRun) {
            try {
                writer.replace(t.path(), p.expected, o.newContent());
            } catch (IOException | RuntimeException e) {
                return r.plus(List.of(writeFailed(r.path(), e)));
            }
        }
        p.written = new Written(o.addresses(), o.elements(), o.replacements(), o.diff());
        return r;
    }

    /** A file assign did not write, and why, without an absolute path. */
    static Finding writeFailed(String relative, Exception e) {
        String why;
        if (e instanceof AtomicFileWriter.Refused) {
            why = e.getMessage();
        } else {
            String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
            boolean plain = reason != null && reason.indexOf('/') < 0 && reason.indexOf('\\') < 0;
            why = "cannot be written (" + e.getClass().getSimpleName() + (plain ? ": " + reason : "")
                    + "); it is unchanged";
        }
        return new Finding(Rule.XML_WRITE_FAILED, Rule.XML_WRITE_FAILED.severity(), relative, 0, 0,
                relative + " " + why);
    }

    @Override
    public void afterAll(Run run, List<Target> targets, List<FileResult> results) {
        templates.stream().sorted().forEach(t -> run.log().info("addralloc: " + t));
        int files = 0;
        int addresses = 0;
        int elements = 0;
        int replacements = 0;
        for (Target t : targets) {
            Pending p = pending.get(t.path());
            Written w = p == null ? null : p.written;
            if (w == null) {
                continue;
            }
            files++;
            addresses += w.addresses();
            elements += w.elements();
            replacements += w.replacements();
            if (w.replacements() > 0) {
                run.log().info(Finding.escape(t.relative()) + ": " + w.replacements() + " value"
                        + (w.replacements() == 1 ? "" : "s") + " replaced by what libvirt writes in its place on"
                        + " define (see the README, 'What assign writes')");
            }
            if (dryRun) {
                run.log().info("\n" + w.diff());
            }
        }
        run.log().info(String.format("addralloc: %s %d file%s: %d address%s and %d element%s added%s", dryRun
                ? "would change" : "changed", files, files == 1 ? "" : "s", addresses, addresses == 1 ? "" : "es",
                elements, elements == 1 ? "" : "s", replacements == 0 ? ""
                        : String.format(", %d value%s libvirt rewrites replaced", replacements,
                                replacements == 1 ? "" : "s")));
    }
}
