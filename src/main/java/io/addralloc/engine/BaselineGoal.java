package io.addralloc.engine;

import io.addralloc.result.FileResult;

/**
 * baseline: checks each file as verify does and writes every finding that counts (after the
 * severities and suppressions) to the baseline file, so that verify then fails only on new ones.
 * It never fails the build over the findings: accepting them is its point.
 */
public final class BaselineGoal implements Goal {
    private final FileChecker checker = new FileChecker();

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public boolean failsOnErrors() {
        return false;
    }

    @Override
    public boolean writesBaseline() {
        return true;
    }

    @Override
    public FileResult process(Input in) {
        return VerifyGoal.check(checker, in);
    }
}
