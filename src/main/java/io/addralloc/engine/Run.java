package io.addralloc.engine;

import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * One run of a goal over a module's files, without Maven: chooses the files, checks them in
 * parallel (reusing cached results where the goal allows), runs the checks across files, prints
 * the findings in {@code path:line:col} form, writes the reports and the summary, and judges the
 * build. The goal's own work is a {@link Goal}'s; the caller maps the {@link RunOutcome} (or a
 * {@link BrokenSetupException}) to its build tool.
 */
public final class Run {
    private final RunOptions options;
    private final RunLog log;
    private final Ide ide;
    private final ProjectPaths paths;

    public Run(RunOptions options, RunLog log, Ide ide) {
        this.options = options;
        this.log = log;
        this.ide = ide == null ? Ide.NONE : ide;
        this.paths = new ProjectPaths(options);
    }

    public RunOptions options() {
        return options;
    }

    public RunLog log() {
        return log;
    }

    public ProjectPaths paths() {
        return paths;
    }

    /** Runs {@code goal} once; a goal object is good for one run. */
    public RunOutcome execute(Goal goal) throws BrokenSetupException {
        List<String> unknown = UnknownProperties.messages(options.userProperties(), UnknownProperties.ALL);
        if (!unknown.isEmpty()) {
            throw new BrokenSetupException(String.join("\n", unknown));
        }
        if (options.minFreeHotplugPorts() < 0) {
            throw new BrokenSetupException("addralloc: minFreeHotplugPorts is " + options.minFreeHotplugPorts()
                    + "; it must be 0 (no check) or more");
        }
        Gate gate = Gate.open(this, goal);
        if (options.threads() == 0) {
            return executeHere(goal, gate);
        }
        // Parallel streams run in the pool of the thread that starts them, so the whole run
        // (a goal's own parallel steps included) keeps to the threads asked for.
        ForkJoinPool pool = new ForkJoinPool(options.threads());
        try {
            return pool.submit(() -> executeHere(goal, gate)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokenSetupException("addralloc: interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokenSetupException b) {
                throw b;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private RunOutcome executeHere(Goal goal, Gate gate) throws BrokenSetupException {
        FileTime started = FileTime.from(Instant.now());
        Path reports = ReportFiles.prepare(this, started);
        ProjectFiles chosen = ProjectFiles.choose(options, paths, log);
        if (ide.nothingChanged(chosen.scanned())) {
            log.debug("addralloc: no scanned file changed since the IDE's last build");
            return RunOutcome.nothingChecked();
        }
        List<Goal.Target> targets = chosen.targets();
        ResultCache cache = openCache(goal);
        List<FileResult> perFile = goal.afterProcessing(targets, ParallelWork.map(targets,
                t -> processOne(goal, cache, t), log, options.progressInterval()));
        List<FileResult> results = goal.afterChecks(this, targets, HotplugCapacity.apply(
                CrossFileChecks.apply(perFile), options.minFreeHotplugPorts()), started);
        if (cache != null) {
            saveCache(goal, cache, perFile, results.size());
        }
        Gate.Outcome gated = gate.apply(goal, targets, results);
        for (FileResult r : gated.all()) {
            for (Finding f : r.findings()) {
                String line = f.toConsoleLine(paths.consolePrefix() + f.path());
                switch (f.severity()) {
                    case ERROR -> log.error(line);
                    case WARNING -> log.warn(line);
                    case INFO -> log.info(line);
                }
            }
        }
        ReportFiles.write(this, reports, gated.all(), gated.suppressed());
        ide.mark(targets.stream().map(Goal.Target::path).toList(), gated.results());
        goal.afterAll(this, targets, gated.results());
        warnIfDefinitionsElsewhere(chosen, gated.results());
        gate.summary(gated).forEach(log::info);
        return judge(goal, gate.policy(), gated);
    }

    /**
     * With the default selection, a run that found no domain or network file warns when such files
     * lie elsewhere under the base directory ({@link DefinitionsElsewhere}).
     */
    private void warnIfDefinitionsElsewhere(ProjectFiles chosen, List<FileResult> results) {
        if (!options.directories().isEmpty() || options.includesConfigured() || results.stream()
                .anyMatch(r -> r.kind() == FileKind.DOMAIN || r.kind() == FileKind.NETWORK)) {
            return;
        }
        try {
            String warning = DefinitionsElsewhere.find(paths.base(), chosen.scanned()).warning(
                    options.defaultDirectories().stream().map(d -> paths.relative(paths.base().resolve(d))).toList());
            if (warning != null) {
                log.warn("addralloc: " + warning);
            }
        } catch (IOException e) {
            log.debug("addralloc: cannot look for definitions elsewhere (" + e.getClass().getSimpleName() + ")");
        }
    }

    private FileResult processOne(Goal goal, ResultCache cache, Goal.Target s) {
        String rel = s.relative();
        if (s.problem() != null) {
            return unreadable(rel, s.problem());
        }
        byte[] content;
        Object fileKey = null;
        try {
            if (goal.needsIdentity()) {
                fileKey = Files.readAttributes(s.path(), BasicFileAttributes.class).fileKey();
            }
            content = Files.readAllBytes(s.path());
        } catch (IOException | RuntimeException e) {
            return unreadable(rel, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        byte[] sha = cache == null ? null : ResultCache.sha256(content);
        if (cache != null) {
            FileResult cached = cache.get(rel, sha);
            if (cached != null) {
                return cached;
            }
        }
        FileResult result = goal.process(new Goal.Input(s.path(), rel, content, fileKey, s.inDirectory()));
        if (cache != null) {
            cache.put(rel, sha);
        }
        return result;
    }

    /** A file that cannot be read as a file, and why: the path itself, relative, starts the message. */
    static FileResult unreadable(String rel, String why) {
        Finding f = new Finding(Rule.XML_UNREADABLE, Severity.ERROR, rel, 0, 0, rel + " " + why);
        return new FileResult(rel, FileKind.UNREADABLE, List.of(f));
    }

    private Path cacheFile(Goal goal) {
        return options.outputDirectory().resolve("cache-" + goal.name() + ".bin");
    }

    /**
     * The goal's cache, authenticated with this user's key; null (every file checked) when the
     * goal does not cache, the cache is off, or there is no usable key.
     */
    private ResultCache openCache(Goal goal) {
        if (!options.useCache() || !goal.cacheable()) {
            return null;
        }
        byte[] key;
        try {
            key = CacheKey.load(options.cacheKeyFile() != null ? options.cacheKeyFile() : CacheKey.defaultFile());
        } catch (IOException e) {
            log.warn("addralloc: the cache is off, because "
                    + (e.getMessage() != null && !e.getMessage().contains("/") ? e.getMessage()
                            : "its key in ~/.addralloc cannot be used (" + e.getClass().getSimpleName() + ")")
                    + "; every file is checked");
            return null;
        }
        ResultCache opened = ResultCache.open(cacheFile(goal), cacheStamp(goal), key);
        if (opened.warning() != null) {
            log.warn("addralloc: the cache " + paths.relative(cacheFile(goal)) + " " + opened.warning()
                    + "; it is ignored and every file is checked");
        }
        return opened;
    }

    private void saveCache(Goal goal, ResultCache cache, List<FileResult> perFile, int files) {
        if (cache.hits() > 0) {
            log.info("addralloc: " + cache.hits() + " of " + files
                    + " files unchanged since the last run; their results came from the cache");
        }
        try {
            cache.save(perFile);
        } catch (IOException e) {
            log.warn("addralloc: cannot write the cache " + paths.relative(cacheFile(goal)) + " ("
                    + (e instanceof AtomicFileWriter.Refused ? e.getMessage() : e.getClass().getSimpleName())
                    + "); the next run checks every file again");
        }
    }

    /**
     * What besides a file's bytes decides its result: this plugin's build (a SNAPSHOT can change
     * without its version changing, so the jar's SHA-256 counts too) and the goal.
     */
    private String cacheStamp(Goal goal) {
        String build;
        try {
            Path jar = Path.of(Run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            build = Files.isRegularFile(jar) ? HexFormat.of().formatHex(ResultCache.sha256(Files.readAllBytes(jar)))
                    : Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
        } catch (Exception e) {
            build = "unknown-" + System.nanoTime();
        }
        return goal.name() + " " + options.pluginVersion() + " " + build;
    }

    /**
     * Removes the temporary files an earlier run of this writer left in {@code dir} when it was
     * killed (SIGKILL runs no shutdown hook), and says so.
     */
    public void removeStaleTemporaries(Path dir, FileTime started) {
        try {
            int n = AtomicFileWriter.removeStale(dir, started);
            if (n > 0) {
                log.info("addralloc: removed " + n + " temporary file" + (n == 1 ? "" : "s") + " an interrupted"
                        + " run left in " + Finding.escape(paths.relative(dir)));
            }
        } catch (IOException e) {
            log.warn("addralloc: cannot look for temporary files left in " + Finding.escape(paths.relative(dir))
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The summary, and whether the findings that count fail the build: those at failOnSeverity or
     * worse, unless failOnError is off, the goal only shows them, or an IDE shows them as markers.
     */
    private RunOutcome judge(Goal goal, SeverityPolicy policy, Gate.Outcome gated) {
        List<FileResult> counted = gated.all();
        RunOutcome.Counts counts = RunOutcome.Counts.of(gated.results()).plus(gated.extra());
        log.info(counts.summaryLine());
        Severity threshold = policy.threshold();
        long failing = 0;
        int files = 0;
        for (FileResult r : counted) {
            long n = 0;
            for (Severity s : Severity.values()) {
                n += s.ordinal() <= threshold.ordinal() ? r.count(s) : 0;
            }
            failing += n;
            files += n > 0 ? 1 : 0;
        }
        if (failing == 0) {
            return new RunOutcome(gated.results(), counts, RunOutcome.Verdict.PASS);
        }
        String what = threshold == Severity.ERROR ? "error" + (failing == 1 ? "" : "s")
                : "finding" + (failing == 1 ? "" : "s") + " at " + threshold.word() + " or worse (failOnSeverity)";
        String message = "addralloc found " + failing + " " + what + " in " + files + " file"
                + (files == 1 ? "" : "s") + "; see the lines above and " + paths.consolePrefix()
                + paths.relative(options.outputDirectory().resolve(ReportFiles.CHECKSTYLE));
        boolean fails = goal.failsOnErrors() && options.failOnError() && !ide.active();
        if (!fails) {
            log.warn(message + (ide.active() ? " (the IDE shows them as markers on the files)"
                    : options.failOnError() ? "" : " (failOnError is false, so the build goes on)"));
        }
        return new RunOutcome(gated.results(), counts, new RunOutcome.Verdict(fails, message));
    }
}
