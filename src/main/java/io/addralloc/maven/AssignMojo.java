package io.addralloc.maven;

import io.addralloc.libvirt.FileAssigner;
import io.addralloc.libvirt.FileResult;
import io.addralloc.libvirt.MacPlan;
import io.addralloc.libvirt.write.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes into each domain file the addresses libvirt 9.0 would choose, and the controllers it
 * would add, so the whole layout is pinned: adding a device or upgrading libvirt moves nothing.
 * Edits only insert; a file with errors is left alone; a second run changes nothing.
 */
@Mojo(name = "assign", threadSafe = true)
public class AssignMojo extends AbstractAddrallocMojo {
    private final FileAssigner assigner = new FileAssigner();
    private final AtomicFileWriter writer = new AtomicFileWriter();
    private final Map<String, FileAssigner.Outcome> outcomes = new ConcurrentHashMap<>();

    /** Print a unified diff per file instead of writing. */
    @Parameter(property = "addralloc.dryRun", defaultValue = "false")
    private boolean dryRun;

    /** Skip this goal only. */
    @Parameter(property = "addralloc.assign.skip", defaultValue = "false")
    private boolean skipAssign;

    @Override
    protected boolean skipGoal() {
        return skipAssign;
    }

    @Override
    protected String goal() {
        return "assign";
    }

    /** Drafts that wait for the build's MACs, by path; see {@link #afterProcessing}. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    /** Every drafted file's result: the MAC plan must count the MACs of a file even if writing it failed. */
    private final Queue<FileResult> drafted = new ConcurrentLinkedQueue<>();

    private record Waiting(Path file, FileAssigner.Draft draft) {
    }

    @Override
    protected FileResult process(Path file, String relative, byte[] content) throws MojoExecutionException {
        FileAssigner.Draft draft = assigner.draft(relative, content, dryRun);
        drafted.add(draft.result());
        if (draft.wantsMacs()) {
            waiting.put(relative, new Waiting(file, draft));
            return draft.result();
        }
        return finish(file, relative, draft.complete(List.of()));
    }

    /**
     * MACs must be unique across the build, so the files that get one are written only once
     * every file's interfaces are known: here, from the results, without reading any file again.
     */
    @Override
    protected List<FileResult> afterProcessing(List<FileResult> results) {
        if (waiting.isEmpty()) {
            return results;
        }
        MacPlan macs = MacPlan.of(List.copyOf(drafted));
        return results.parallelStream().map(r -> {
            Waiting w = waiting.remove(r.path());
            if (w == null) {
                return r;
            }
            try {
                return finish(w.file(), r.path(), w.draft().complete(macs.macsFor(r.path())));
            } catch (MojoExecutionException e) {
                return unreadable(r.path(), e.getMessage());
            }
        }).toList();
    }

    private FileResult finish(Path file, String relative, FileAssigner.Outcome outcome)
            throws MojoExecutionException {
        outcomes.put(relative, outcome);
        if (outcome.changed() && !dryRun) {
            try {
                writer.replace(file, null, outcome.newContent());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot be written (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "); the file is unchanged");
            }
        }
        return outcome.result();
    }

    @Override
    protected void afterAll(List<FileResult> results) {
        int files = 0;
        int addresses = 0;
        int elements = 0;
        int replacements = 0;
        for (FileResult r : results) {
            FileAssigner.Outcome o = outcomes.get(r.path());
            if (o == null || !o.changed()) {
                continue;
            }
            files++;
            addresses += o.addresses();
            elements += o.elements();
            replacements += o.replacements();
            if (o.replacements() > 0) {
                getLog().info(r.path() + ": " + o.replacements() + " value" + (o.replacements() == 1 ? "" : "s")
                        + " replaced by what libvirt writes in its place on define (an all-zero PCI address, a SCSI"
                        + " model 'auto', an address of a type the device cannot keep)");
            }
            if (dryRun) {
                getLog().info("\n" + o.diff());
            }
        }
        getLog().info(String.format("addralloc: %s %d file%s: %d address%s and %d element%s added%s", dryRun
                ? "would change" : "changed", files, files == 1 ? "" : "s", addresses, addresses == 1 ? "" : "es",
                elements, elements == 1 ? "" : "s", replacements == 0 ? ""
                        : String.format(", %d value%s libvirt rewrites replaced", replacements,
                                replacements == 1 ? "" : "s")));
    }
}
