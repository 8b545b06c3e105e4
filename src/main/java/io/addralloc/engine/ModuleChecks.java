package io.addralloc.engine;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Severity;
import java.util.List;

/**
 * The end of a module's run in a reactor: its results join the build's {@link CrossModule}, and
 * the last module to finish prints the clashes between modules (each file named from the
 * directory the build started in, the other file too), counts them and fails the build over them
 * as over its own findings (severities and {@code failOnSeverity} apply).
 */
final class ModuleChecks {
    private ModuleChecks() {
    }

    /** {@code own} (this module's outcome), with the verdict over the clashes between modules when this module is the last. */
    static RunOutcome finish(Run run, CrossFileScope scope, Goal goal, SeverityPolicy policy, List<FileResult> results,
            RunOutcome own) throws BrokenSetupException {
        RunOptions o = run.options();
        CrossModule modules = o.crossModule();
        List<FileResult> found = modules.finish(o.baseDirectory(), results, scope, o.startDirectory());
        if (found == null) {
            run.log().debug("addralloc: this module's files are compared with the other modules' by the last of the "
                    + modules.expected() + " modules to finish");
            return own;
        }
        long[] bySeverity = new long[Severity.values().length];
        long failing = 0;
        int files = 0;
        for (FileResult r : found) {
            boolean fails = false;
            for (Finding f : policy.apply(r.findings())) {
                String line = f.toConsoleLine(f.path());
                switch (f.severity()) {
                    case ERROR -> run.log().error(line);
                    case WARNING -> run.log().warn(line);
                    case INFO -> run.log().info(line);
                }
                bySeverity[f.severity().ordinal()]++;
                if (f.severity().ordinal() <= policy.threshold().ordinal()) {
                    failing++;
                    fails = true;
                }
            }
            files += fails ? 1 : 0;
        }
        run.log().info("addralloc: files compared across the " + modules.expected() + " modules of the build ("
                + scope.word() + " scope): " + bySeverity[Severity.ERROR.ordinal()] + " errors, "
                + bySeverity[Severity.WARNING.ordinal()] + " warnings");
        if (failing == 0) {
            return own;
        }
        String message = "addralloc found " + failing + " " + (policy.threshold() == Severity.ERROR ? "error" : "finding")
                + (failing == 1 ? "" : "s") + " across the modules of the build, in " + files + " file"
                + (files == 1 ? "" : "s") + "; see the lines above";
        boolean fails = goal.failsOnErrors() && o.failOnError() && !run.ideActive();
        if (!fails) {
            run.log().warn(message + (o.failOnError() || !goal.failsOnErrors() ? ""
                    : " (failOnError is false, so the build goes on)"));
            return own;
        }
        String both = own.verdict().failsBuild() ? own.verdict().message() + "\n" + message : message;
        return new RunOutcome(own.results(), own.counts(), new RunOutcome.Verdict(true, both));
    }
}
