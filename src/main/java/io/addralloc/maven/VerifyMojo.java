package io.addralloc.maven;

import io.addralloc.engine.Goal;
import io.addralloc.engine.VerifyGoal;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when libvirt domain XML has duplicate or out-of-pool device addresses, or
 * anything else libvirt 9.0 would refuse at define time. Reports every finding of the build
 * in one run, as {@code path:line:col} lines and as checkstyle XML and SARIF reports.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractAddrallocMojo {
    /** Skip this goal only. */
    @Parameter(property = "addralloc.verify.skip", defaultValue = "false")
    private boolean skipVerify;

    @Override
    protected boolean skipGoal() {
        return skipVerify;
    }

    @Override
    protected Goal newGoal() {
        return new VerifyGoal();
    }
}
