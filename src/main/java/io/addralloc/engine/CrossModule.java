package io.addralloc.engine;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modules of one build that run a goal, and what each found: shared by them (the build tool
 * keeps one per build and goal), so that the last module to finish, whichever it is under a
 * parallel build, compares the files of every module. Each module compares its own files itself;
 * this comparison keeps the clashes between two modules, each on the file later in path order.
 */
public final class CrossModule {
    private final int expected;
    private final Map<Path, List<FileResult>> done = new LinkedHashMap<>();
    private boolean compared;

    /** @param expected how many modules of the build run the goal (each calls {@link #finish} once) */
    public CrossModule(int expected) {
        this.expected = expected;
    }

    public int expected() {
        return expected;
    }

    /**
     * Adds one module's results (paths relative to {@code module}); when it is the last module
     * expected, returns the clashes between modules as results of the files they are on, with
     * paths relative to {@code startDirectory} and the other file named the same way. Otherwise,
     * and to a module that finishes after the comparison ran, null.
     */
    public synchronized List<FileResult> finish(Path module, List<FileResult> results, CrossFileScope scope,
            Path startDirectory) {
        done.put(module.toAbsolutePath().normalize(), List.copyOf(results));
        if (compared || done.size() < expected) {
            return null;
        }
        compared = true;
        Map<String, Path> moduleOf = new HashMap<>();
        List<FileResult> all = new ArrayList<>();
        for (Map.Entry<Path, List<FileResult>> e : done.entrySet()) {
            for (FileResult r : e.getValue()) {
                String shown = ProjectPaths.relative(startDirectory, e.getKey().resolve(r.path()).normalize());
                if (moduleOf.putIfAbsent(shown, e.getKey()) == null) {
                    all.add(new FileResult(shown, r.kind(), List.of(), r.facts()));
                }
            }
        }
        Map<String, List<Finding>> clashes = CrossFileChecks.findings(all, scope, "",
                (a, b) -> !moduleOf.get(a).equals(moduleOf.get(b)));
        List<FileResult> out = new ArrayList<>();
        for (FileResult r : all) {
            List<Finding> found = clashes.get(r.path());
            if (found != null) {
                out.add(new FileResult(r.path(), r.kind(), found, r.facts()));
            }
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** How many modules have finished. */
    public synchronized int finished() {
        return done.size();
    }
}
