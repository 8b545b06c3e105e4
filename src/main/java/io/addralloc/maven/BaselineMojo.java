package io.addralloc.maven;

import io.addralloc.engine.BaselineGoal;
import io.addralloc.engine.Goal;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes every current finding (after the severities and suppressions) to the baseline
 * ({@code addralloc-baseline.xml} at the project's base directory, or {@code baseline}), so that
 * verify then fails only on findings not in it. Never fails the build over the findings.
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractAddrallocMojo {
    /** Skip this goal only. */
    @Parameter(property = "addralloc.baseline.skip", defaultValue = "false")
    private boolean skipBaseline;

    @Override
    protected boolean skipGoal() {
        return skipBaseline;
    }

    @Override
    protected Goal newGoal() {
        return new BaselineGoal();
    }
}
