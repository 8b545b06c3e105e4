package io.addralloc.engine;

import io.addralloc.result.Finding;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Paths as a run shows them: relative to the module, to the directory the build started in, to the repository. */
public final class ProjectPaths {
    private final Path base;
    private final Path reactor;
    private final String consolePrefix;

    ProjectPaths(RunOptions options) {
        this.base = options.baseDirectory();
        this.reactor = options.reactorDirectory();
        Path from = options.startDirectory();
        String prefix = base.equals(from) ? "" : base.startsWith(from) ? relative(from, base) : base.toString();
        this.consolePrefix = prefix.isEmpty() ? "" : Finding.escape(prefix.replace(File.separatorChar, '/')) + "/";
    }

    /** The path as the user knows it: relative to the module, with forward slashes. */
    public String relative(Path p) {
        return relative(base, p.toAbsolutePath().normalize());
    }

    /**
     * What the console puts before a path relative to the module, so that a finding's path is
     * relative to the directory the build was started in (a module's findings are clickable from
     * the top of a reactor): empty when the build runs in the module, the module's directory from
     * there when it lies below, else the module's absolute directory.
     */
    public String consolePrefix() {
        return consolePrefix;
    }

    Path base() {
        return base;
    }

    /**
     * The repository's top: the nearest directory at or above this module, else at or above the
     * reactor's root, that holds git's {@code .git} (a directory, or a file in a worktree); else
     * the reactor's root. SARIF URIs are relative to it, as code scanning resolves them against
     * the checkout.
     */
    Path repositoryTop() {
        for (Path start : List.of(base, reactor)) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                    return p;
                }
            }
        }
        return reactor;
    }

    static String relative(Path base, Path abs) {
        String b = base.toString();
        String a = abs.toString();
        String s;
        if (a.length() > b.length() + 1 && a.startsWith(b) && a.charAt(b.length()) == File.separatorChar) {
            // Both are absolute and normalised, so this is what relativize gives, without its cost
            // (a tenth of choosing 10,000 files).
            s = a.substring(b.length() + 1);
        } else {
            s = abs.startsWith(base) ? base.relativize(abs).toString() : a;
        }
        return s.replace(File.separatorChar, '/');
    }
}
