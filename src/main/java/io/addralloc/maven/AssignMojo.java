package io.addralloc.maven;

import io.addralloc.libvirt.FileAssigner;
import io.addralloc.libvirt.FileFacts;
import io.addralloc.libvirt.FileKind;
import io.addralloc.libvirt.MacPlan;
import io.addralloc.libvirt.FileResult;
import io.addralloc.libvirt.write.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private MacPlan macs = MacPlan.of(List.of());

    /**
     * MACs must be unique across the build, so every file's interfaces are known before any
     * file is written.
     */
    @Override
    protected void prepare(List<FileSelector.Selected> files) {
        macs = MacPlan.of(files.parallelStream().filter(s -> s.problem() == null).map(s -> {
            try {
                return new FileResult(relative(s.path()), FileKind.DOMAIN, List.of(),
                        FileFacts.read(Files.readAllBytes(s.path())));
            } catch (IOException e) {
                return new FileResult(relative(s.path()), FileKind.UNREADABLE, List.of());
            }
        }).toList());
    }

    @Override
    protected FileResult process(Path file, String relative, byte[] content) throws MojoExecutionException {
        FileAssigner.Outcome outcome = assigner.assign(relative, content, macs.macsFor(relative));
        outcomes.put(relative, outcome);
        if (outcome.changed() && !dryRun) {
            try {
                writer.write(file, outcome.newContent());
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
        for (FileResult r : results) {
            FileAssigner.Outcome o = outcomes.get(r.path());
            if (o == null || !o.changed()) {
                continue;
            }
            files++;
            addresses += o.addresses();
            elements += o.elements();
            if (dryRun) {
                getLog().info("\n" + o.diff());
            }
        }
        getLog().info(String.format("addralloc: %s %d file%s: %d address%s and %d element%s added", dryRun
                ? "would change" : "changed", files, files == 1 ? "" : "s", addresses, addresses == 1 ? "" : "es",
                elements, elements == 1 ? "" : "s"));
    }
}
