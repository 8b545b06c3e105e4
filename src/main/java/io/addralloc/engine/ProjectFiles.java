package io.addralloc.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a run checks: those the includes and excludes choose in the configured directories
 * (else in the defaults that exist), each once, in the order of their reported paths.
 *
 * @param targets the files, and for each one that cannot be read as a file, why not
 * @param scanned the directories scanned
 */
public record ProjectFiles(List<Goal.Target> targets, List<Path> scanned) {
    static final String OUTSIDE = "leads outside the project's top directory (it is a symbolic link, lies under one,"
            + " or is configured there), so it is not scanned; set <followLinksOutside>true</followLinksOutside>"
            + " (-Daddralloc.followLinksOutside=true) to scan it";

    static ProjectFiles choose(RunOptions options, ProjectPaths paths, RunLog log) throws BrokenSetupException {
        boolean explicitDirs = !options.directories().isEmpty();
        List<Path> bases = new ArrayList<>();
        for (Path d : explicitDirs ? options.directories() : options.defaultDirectories()) {
            Path p = paths.base().resolve(d).normalize();
            if (explicitDirs && !Files.isDirectory(p)) {
                throw new BrokenSetupException("addralloc: the configured directory " + paths.relative(p)
                        + " does not exist; fix <directories> (or -Daddralloc.directories)");
            }
            if (explicitDirs || Files.isDirectory(p) && !bases.contains(p)) {
                bases.add(p);
            }
        }
        FileSelector selector = new FileSelector(options.includes().isEmpty() ? List.of(RunOptions.DEFAULT_INCLUDE)
                : options.includes(), options.excludes(), options.buildDirectory() == null ? List.of()
                        : List.of(options.buildDirectory()));
        // By absolute path: a file under two configured directories is checked once.
        Map<Path, Goal.Target> all = new LinkedHashMap<>();
        List<Path> inside = options.followLinksOutside() ? List.of() : projectTops(options);
        for (Path base : bases) {
            // Made relative once per directory: per file, in the sort's comparator, that was
            // hundreds of thousands of path operations for 10,000 files.
            String root = paths.relative(base);
            String outside = options.followLinksOutside() ? null : outsideProject(base, inside);
            if (outside != null) {
                all.putIfAbsent(base, new Goal.Target(base, root, outside));
                continue;
            }
            try {
                for (FileSelector.Selected s : selector.select(base)) {
                    String rel = s.relative().isEmpty() ? root : root.isEmpty() ? s.relative() : root + "/" + s.relative();
                    all.putIfAbsent(s.path(), new Goal.Target(s.path(), rel, s.problem(), s.relative()));
                }
            } catch (IOException e) {
                throw new BrokenSetupException("addralloc: cannot scan " + root + " (" + e.getClass().getSimpleName()
                        + ")");
            }
        }
        if (all.isEmpty()) {
            if (explicitDirs || options.includesConfigured()) {
                throw new BrokenSetupException("addralloc: the configured <directories>/<includes> match no file;"
                        + " fix the configuration or remove it to scan the project's resources");
            }
            log.info("addralloc: no XML files found in the project's resource directories");
        }
        List<Goal.Target> targets = new ArrayList<>(all.values());
        targets.sort(Comparator.comparing(Goal.Target::relative));
        return new ProjectFiles(List.copyOf(targets), List.copyOf(bases));
    }

    /** The real paths of the directories scanned roots must stay in: this module's own, and the reactor's top. */
    private static List<Path> projectTops(RunOptions options) throws BrokenSetupException {
        List<Path> tops = new ArrayList<>();
        for (Path p : List.of(options.baseDirectory(), options.reactorDirectory())) {
            try {
                tops.add(p.toRealPath());
            } catch (IOException e) {
                throw new BrokenSetupException("addralloc: cannot resolve the project directory " + p.getFileName()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return tops;
    }

    /** Why {@code base} is not scanned, when its real path is outside every one of {@code tops}; else null. */
    private static String outsideProject(Path base, List<Path> tops) {
        Path real;
        try {
            real = base.toRealPath();
        } catch (IOException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        return tops.stream().anyMatch(real::startsWith) ? null : OUTSIDE;
    }
}
