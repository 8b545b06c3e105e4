package io.addralloc.engine;

import io.addralloc.result.FileResult;

/** verify: checks each file; its results depend on the file's bytes alone, so they are cached. */
public final class VerifyGoal implements Goal {
    private final FileChecker checker = new FileChecker();

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public FileResult process(Input in) {
        return checker.check(in.relative(), in.content());
    }
}
