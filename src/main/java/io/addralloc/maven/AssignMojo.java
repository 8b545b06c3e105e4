package io.addralloc.maven;

import io.addralloc.engine.AssignGoal;
import io.addralloc.engine.AtomicFileWriter;
import io.addralloc.engine.Goal;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes into each domain file the addresses libvirt 9.0 would choose, and the controllers it
 * would add, so the whole layout is pinned: adding a device or upgrading libvirt moves nothing.
 * Edits only insert; a file with errors (its own, or one the checks across files find) is left
 * alone; a second run changes nothing. Files are written only once every file is checked, and
 * only if each is still the file that was read, holding the bytes that were read.
 */
@Mojo(name = "assign", threadSafe = true)
public class AssignMojo extends AbstractAddrallocMojo {
    /** Replaced by tests that inject failures. */
    AtomicFileWriter writer = new AtomicFileWriter();

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
    protected Goal newGoal() {
        return new AssignGoal(dryRun, writer);
    }
}
