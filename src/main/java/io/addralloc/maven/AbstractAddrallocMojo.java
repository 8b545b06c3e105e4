package io.addralloc.maven;

import io.addralloc.engine.AtomicFileWriter;
import io.addralloc.engine.CacheKey;
import io.addralloc.engine.CrossFileChecks;
import io.addralloc.engine.FileSelector;
import io.addralloc.engine.FileKind;
import io.addralloc.engine.FileResult;
import io.addralloc.engine.Finding;
import io.addralloc.engine.HotplugCapacity;
import io.addralloc.engine.ResultCache;
import io.addralloc.report.CheckstyleReport;
import io.addralloc.report.Rendering;
import io.addralloc.report.ReportContext;
import io.addralloc.report.SarifReport;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * What {@code verify} and {@code assign} share: choosing the files, checking them in parallel,
 * printing findings in {@code path:line:col} form, writing the reports and failing the build.
 * The work itself is done by the libvirt layer; this class only adapts it to Maven.
 */
public abstract class AbstractAddrallocMojo extends AbstractMojo {
    private static final String DEFAULT_INCLUDE = "**/*.xml";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Directories to scan (comma-separated on the command line). Default: resources and test resources. */
    @Parameter(property = "addralloc.directories")
    protected List<File> directories;

    /** Ant-style patterns of files to check, relative to each directory. */
    @Parameter(property = "addralloc.includes", defaultValue = DEFAULT_INCLUDE)
    protected List<String> includes;

    /** Ant-style patterns of files to leave out. */
    @Parameter(property = "addralloc.excludes")
    protected List<String> excludes;

    /** Fail the build when a file has errors (otherwise only report them). */
    @Parameter(property = "addralloc.failOnError", defaultValue = "true")
    protected boolean failOnError;

    /** Skip both goals. */
    @Parameter(property = "addralloc.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Where the reports go (addralloc-result.xml in checkstyle's format, addralloc.sarif) and the
     * verify cache. Like {@code target/}, it is the plugin's own: whatever else is found at its
     * place (a link, a file) is replaced by a directory.
     */
    @Parameter(property = "addralloc.outputDirectory", defaultValue = "${project.build.directory}/addralloc")
    protected File outputDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    protected String pluginVersion;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    /**
     * Scan a directory whose real path lies outside the project's top directory (the top of the
     * reactor, or this module's own directory): through a symbolic link such as
     * {@code src/main/resources -> ../../elsewhere}, or configured there. Off by default, so a
     * committed link cannot make verify read, or assign write, files outside the repository.
     */
    @Parameter(property = "addralloc.followLinksOutside", defaultValue = "false")
    protected boolean followLinksOutside;

    /**
     * Reuse the results of earlier runs for files whose bytes have not changed (verify only;
     * kept in {@code target/addralloc/cache-verify.bin}). Checks across files always run.
     */
    @Parameter(property = "addralloc.cache", defaultValue = "true")
    protected boolean useCache;

    /**
     * Warn (addralloc.pci.NoHotplugPort) about a q35 or aarch64 virt domain with fewer free
     * hot-pluggable PCIe ports than this, or a pc domain with fewer free hot-pluggable PCI slots,
     * once libvirt has placed every device; 0 turns the check off.
     */
    @Parameter(property = "addralloc.minFreeHotplugPorts", defaultValue = "1")
    protected int minFreeHotplugPorts;

    private ResultCache cache;

    /** Eclipse m2e's build context (incremental builds, markers); Maven's default one elsewhere. */
    @Component
    protected BuildContext buildContext;

    /** The directories scanned, once the files are selected. */
    private List<Path> scanned = List.of();

    /** Whether this goal's own skip switch is set. */
    protected abstract boolean skipGoal();

    /** The goal's name, for messages. */
    protected abstract String goal();

    /** Checks (for assign, also drafts the new content of) one readable file. */
    protected abstract FileResult process(Input in) throws MojoExecutionException;

    /**
     * A selected file and, when it cannot be read as a file, why not.
     *
     * @param relative the path as reported: relative to the project, forward slashes
     */
    record Target(Path path, String relative, String problem) {
    }

    /**
     * What was read of a file.
     *
     * @param fileKey the file's identity when it was read, when {@link #needsIdentity()} (else null)
     */
    protected record Input(Path path, String relative, byte[] content, Object fileKey) {
    }

    /** Whether {@link Input#fileKey()} is wanted: assign checks that it replaces the file it read. */
    protected boolean needsIdentity() {
        return false;
    }

    /**
     * Called with every file's result, in file order (the targets' order), before the checks
     * across files; returns the results to go on with (assign finishes here the files that
     * waited for the build's MACs).
     */
    protected List<FileResult> afterProcessing(List<Target> targets, List<FileResult> results) {
        return results;
    }

    /**
     * Called with the final results (the checks across files included), in the targets' order,
     * before anything is printed or reported; returns the results to report (assign writes here,
     * and adds what it could not write).
     *
     * @param started when this run started: temporary files older than that are left by another run
     */
    protected List<FileResult> afterChecks(List<Target> targets, List<FileResult> results, FileTime started) {
        return results;
    }

    /** Called after all files are reported; prints the goal's own summary additions. */
    protected void afterAll(List<Target> targets, List<FileResult> results) throws MojoExecutionException {
    }

    /** Whether errors in the files fail the build (a report shows them instead). */
    protected boolean failsOnErrors() {
        return failOnError;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("addralloc:" + goal() + " skipped");
            return;
        }
        if (minFreeHotplugPorts < 0) {
            throw new MojoExecutionException("addralloc: minFreeHotplugPorts is " + minFreeHotplugPorts
                    + "; it must be 0 (no check) or more");
        }
        FileTime started = FileTime.from(Instant.now());
        consolePrefix = consolePrefix();
        Path reports = prepareReportDirectory(started);
        List<Target> selected = selectFiles();
        IdeBuildContext ide = IdeBuildContext.of(buildContext);
        if (ide.nothingChanged(scanned)) {
            getLog().debug("addralloc: no scanned file changed since the IDE's last build");
            return;
        }
        cache = openCache();
        List<FileResult> perFile = afterProcessing(selected, processAll(selected, this::processOne, getLog()));
        List<FileResult> results = afterChecks(selected, HotplugCapacity.apply(CrossFileChecks.apply(perFile),
                minFreeHotplugPorts), started);
        if (cache != null) {
            if (cache.hits() > 0) {
                getLog().info("addralloc: " + cache.hits() + " of " + results.size()
                        + " files unchanged since the last run; their results came from the cache");
            }
            try {
                cache.save(perFile);
            } catch (IOException e) {
                getLog().warn("addralloc: cannot write the cache " + relative(cacheFile()) + " ("
                        + (e instanceof AtomicFileWriter.Refused ? e.getMessage() : e.getClass().getSimpleName())
                        + "); the next run checks every file again");
            }
        }
        for (FileResult r : results) {
            for (Finding f : r.findings()) {
                String line = f.toConsoleLine(consolePrefix + f.path());
                switch (f.severity()) {
                    case ERROR -> getLog().error(line);
                    case WARNING -> getLog().warn(line);
                    case INFO -> getLog().info(line);
                }
            }
        }
        writeReports(reports, results);
        ide.mark(selected.stream().map(Target::path).toList(), results);
        afterAll(selected, results);
        summarize(results, ide.active());
    }

    private FileResult processOne(Target s) {
        String rel = s.relative();
        if (s.problem() != null) {
            return unreadable(rel, s.problem());
        }
        byte[] content;
        Object fileKey = null;
        try {
            if (needsIdentity()) {
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
        try {
            FileResult result = process(new Input(s.path(), rel, content, fileKey));
            if (cache != null) {
                cache.put(rel, sha);
            }
            return result;
        } catch (MojoExecutionException e) {
            return unreadable(rel, e.getMessage());
        }
    }

    /** Whether this goal's per-file results depend on nothing but the file's bytes. */
    protected boolean cacheable() {
        return false;
    }

    private Path cacheFile() {
        return outputDirectory.toPath().resolve("cache-" + goal() + ".bin");
    }

    /** Where the cache's key is kept; tests use their own (null: {@code ~/.addralloc/cache-key}). */
    Path cacheKeyFile;

    /**
     * The verify cache, authenticated with this user's key; null (every file checked) when the
     * goal does not cache, the cache is off, or there is no usable key.
     */
    private ResultCache openCache() {
        if (!useCache || !cacheable()) {
            return null;
        }
        byte[] key;
        try {
            key = CacheKey.load(cacheKeyFile != null ? cacheKeyFile : CacheKey.defaultFile());
        } catch (IOException e) {
            getLog().warn("addralloc: the cache is off, because "
                    + (e.getMessage() != null && !e.getMessage().contains("/") ? e.getMessage()
                            : "its key in ~/.addralloc cannot be used (" + e.getClass().getSimpleName() + ")")
                    + "; every file is checked");
            return null;
        }
        ResultCache opened = ResultCache.open(cacheFile(), cacheStamp(), key);
        if (opened.warning() != null) {
            getLog().warn("addralloc: the cache " + relative(cacheFile()) + " " + opened.warning()
                    + "; it is ignored and every file is checked");
        }
        return opened;
    }

    /**
     * What besides a file's bytes decides its result: this plugin's build (a SNAPSHOT can change
     * without its version changing, so the jar's SHA-256 counts too) and the goal.
     */
    private String cacheStamp() {
        String build;
        try {
            Path jar = Path.of(AbstractAddrallocMojo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            build = Files.isRegularFile(jar) ? java.util.HexFormat.of().formatHex(ResultCache.sha256(
                    Files.readAllBytes(jar))) : Files.size(jar) + "@" + Files.getLastModifiedTime(jar).toMillis();
        } catch (Exception e) {
            build = "unknown-" + System.nanoTime();
        }
        return goal() + " " + pluginVersion + " " + build;
    }

    /**
     * Runs {@code work} on every file, using all cores, and returns results in file order. For
     * long runs a progress line every few seconds shows the build is alive.
     */
    static <T> List<FileResult> processAll(List<T> items, Function<T, FileResult> work,
            org.apache.maven.plugin.logging.Log log) {
        if (items.size() < PROGRESS_THRESHOLD) {
            return items.parallelStream().map(work).toList();
        }
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger findings = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "addralloc-progress");
                    t.setDaemon(true);
                    return t;
                });
        timer.scheduleAtFixedRate(() -> log.info("addralloc: " + done.get() + " of " + items.size()
                + " files checked, " + findings.get() + " findings so far"), PROGRESS_SECONDS, PROGRESS_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        try {
            return items.parallelStream().map(item -> {
                FileResult r = work.apply(item);
                findings.addAndGet(r.findings().size());
                done.incrementAndGet();
                return r;
            }).toList();
        } finally {
            timer.shutdownNow();
        }
    }

    static final int PROGRESS_THRESHOLD = 200;
    static final int PROGRESS_SECONDS = 3;

    static FileResult unreadable(String rel, String why) {
        Finding f = new Finding(Rule.XML_UNREADABLE, Severity.ERROR, rel, 0, 0, rel + " " + why);
        return new FileResult(rel, FileKind.UNREADABLE, List.of(f));
    }

    private List<Target> selectFiles() throws MojoExecutionException {
        boolean explicitDirs = directories != null && !directories.isEmpty();
        boolean explicitIncludes = includes != null && !(includes.size() == 1 && DEFAULT_INCLUDE.equals(includes.get(0)));
        List<Path> bases = new ArrayList<>();
        if (explicitDirs) {
            for (File d : directories) {
                Path p = absolute(d);
                if (!Files.isDirectory(p)) {
                    throw new MojoExecutionException("addralloc: the configured directory " + relative(p)
                            + " does not exist; fix <directories> (or -Daddralloc.directories)");
                }
                bases.add(p);
            }
        } else {
            for (List<Resource> rs : List.of(project.getResources(), project.getTestResources())) {
                for (Resource r : rs) {
                    Path p = absolute(new File(r.getDirectory()));
                    if (Files.isDirectory(p) && !bases.contains(p)) {
                        bases.add(p);
                    }
                }
            }
        }
        FileSelector selector = new FileSelector(includes == null || includes.isEmpty() ? List.of(DEFAULT_INCLUDE)
                : includes, excludes == null ? List.of() : excludes,
                List.of(Path.of(project.getBuild().getDirectory())));
        // By absolute path: a file under two configured directories is checked once.
        Map<Path, Target> all = new LinkedHashMap<>();
        List<Path> inside = followLinksOutside ? List.of() : projectTops();
        for (Path base : bases) {
            // Made relative once per directory: per file, in the sort's comparator, that was
            // hundreds of thousands of path operations for 10,000 files.
            String root = relative(base);
            String outside = followLinksOutside ? null : outsideProject(base, inside);
            if (outside != null) {
                all.putIfAbsent(base, new Target(base, root, outside));
                continue;
            }
            try {
                for (FileSelector.Selected s : selector.select(base)) {
                    String rel = s.relative().isEmpty() ? root : root.isEmpty() ? s.relative() : root + "/" + s.relative();
                    all.putIfAbsent(s.path(), new Target(s.path(), rel, s.problem()));
                }
            } catch (IOException e) {
                throw new MojoExecutionException("addralloc: cannot scan " + root + " (" + e.getClass().getSimpleName()
                        + ")");
            }
        }
        if (all.isEmpty()) {
            if (explicitDirs || explicitIncludes) {
                throw new MojoExecutionException("addralloc: the configured <directories>/<includes> match no file;"
                        + " fix the configuration or remove it to scan the project's resources");
            }
            getLog().info("addralloc: no XML files found in the project's resource directories");
        }
        scanned = List.copyOf(bases);
        List<Target> targets = new ArrayList<>(all.values());
        targets.sort(java.util.Comparator.comparing(Target::relative));
        return targets;
    }

    static final String OUTSIDE = "leads outside the project's top directory (it is a symbolic link, lies under one,"
            + " or is configured there), so it is not scanned; set <followLinksOutside>true</followLinksOutside>"
            + " (-Daddralloc.followLinksOutside=true) to scan it";

    /** The real paths of the directories scanned roots must stay in: the reactor's top, and this module's own. */
    private List<Path> projectTops() throws MojoExecutionException {
        List<Path> tops = new ArrayList<>();
        MavenProject top = session == null ? null : session.getTopLevelProject();
        for (MavenProject p : top == null ? List.of(project) : List.of(project, top)) {
            try {
                tops.add(p.getBasedir().toPath().toRealPath());
            } catch (IOException e) {
                throw new MojoExecutionException("addralloc: cannot resolve the project directory "
                        + p.getBasedir().getName() + " (" + e.getClass().getSimpleName() + ")");
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

    private Path absolute(File f) {
        return (f.isAbsolute() ? f.toPath() : project.getBasedir().toPath().resolve(f.toPath())).normalize();
    }

    /** The path as the user knows it: relative to the project, with forward slashes. */
    protected String relative(Path p) {
        return relative(basedir(), p.toAbsolutePath().normalize());
    }

    private Path basedir() {
        return project.getBasedir().toPath().toAbsolutePath().normalize();
    }

    private static String relative(Path base, Path abs) {
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

    /**
     * The directory of the reports and the cache, as a real directory: anything else found there
     * (a symbolic link planted to make the build write elsewhere, a file, a FIFO) is removed
     * first. Removing a link removes the link, never what it points at.
     */
    private Path prepareReportDirectory(FileTime started) throws MojoExecutionException {
        Path dir = outputDirectory.toPath().toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = CacheKey.lstat(dir);
            if (a != null && !a.isDirectory()) {
                Files.delete(dir);
                getLog().warn("addralloc: " + relative(dir) + " was " + (a.isSymbolicLink() ? "a symbolic link"
                        : "not a directory") + "; it is replaced by a directory");
            }
            Files.createDirectories(dir);
            removeStaleTemporaries(dir, started);
            // The reports of an earlier run go now: if this run stops before it writes its own
            // (assign killed after writing some files, say), none is left to tell the old story.
            for (String report : REPORTS) {
                BasicFileAttributes r = CacheKey.lstat(dir.resolve(report));
                if (r != null && !r.isDirectory()) {
                    Files.delete(dir.resolve(report));
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("addralloc: cannot make the directory " + relative(dir) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return dir;
    }

    /**
     * Removes the temporary files an earlier run of this writer left in {@code dir} when it was
     * killed (SIGKILL runs no shutdown hook), and says so.
     */
    protected void removeStaleTemporaries(Path dir, FileTime started) {
        try {
            int n = AtomicFileWriter.removeStale(dir, started);
            if (n > 0) {
                getLog().info("addralloc: removed " + n + " temporary file" + (n == 1 ? "" : "s") + " an interrupted"
                        + " run left in " + Finding.escape(relative(dir)));
            }
        } catch (IOException e) {
            getLog().warn("addralloc: cannot look for temporary files left in " + Finding.escape(relative(dir)) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static final List<String> REPORTS = List.of("addralloc-result.xml", "addralloc.sarif");

    /** The attributes of the entry itself (a link is not followed), or null when there is none. */

    private void writeReports(Path dir, List<FileResult> results) throws MojoExecutionException {
        List<FileResult> reported = results.stream().filter(r -> r.kind() != FileKind.FOREIGN).toList();
        ReportContext context = new ReportContext(basedir(), repositoryTop(), pluginVersion == null ? "dev"
                : pluginVersion, "addralloc/" + project.getArtifactId() + "/");
        AtomicFileWriter writer = new AtomicFileWriter();
        writeReport(writer, dir.resolve(REPORTS.get(0)), out -> CheckstyleReport.write(out, reported, context));
        writeReport(writer, dir.resolve(REPORTS.get(1)), out -> SarifReport.write(out, reported, context));
    }

    /**
     * What the console puts before a path relative to the module, so that a finding's path is
     * relative to the directory Maven was started in (a module's findings are clickable from the
     * top of a reactor): empty when Maven runs in the module, the module's directory from there
     * when it lies below, else the module's absolute directory.
     */
    private String consolePrefix = "";

    private String consolePrefix() {
        String started = session == null ? null : session.getSystemProperties().getProperty("user.dir");
        Path from = started == null ? basedir() : Path.of(started).toAbsolutePath().normalize();
        Path module = basedir();
        if (module.equals(from)) {
            return "";
        }
        String prefix = module.startsWith(from) ? relative(from, module) : module.toString();
        return Finding.escape(prefix.replace(File.separatorChar, '/')) + "/";
    }

    /**
     * The repository's top: the nearest directory at or above this module, else at or above the
     * reactor's root, that holds git's {@code .git} (a directory, or a file in a worktree); else
     * the reactor's root. SARIF URIs are relative to it, as code scanning resolves them against
     * the checkout.
     */
    Path repositoryTop() {
        MavenProject top = session == null ? null : session.getTopLevelProject();
        Path reactor = top != null && top.getBasedir() != null ? top.getBasedir().toPath().toAbsolutePath().normalize()
                : basedir();
        for (Path start : List.of(basedir(), reactor)) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                    return p;
                }
            }
        }
        return reactor;
    }

    /** Streams a report into place: the 60,000 findings of one file once made a 24 MB string, twice. */
    private void writeReport(AtomicFileWriter writer, Path file, Rendering report) throws MojoExecutionException {
        try {
            writer.replaceEntry(file, stream -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
                report.writeTo(out);
                out.flush();
            }, true);
        } catch (AtomicFileWriter.Refused e) {
            throw new MojoExecutionException("addralloc: cannot write " + relative(file) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("addralloc: cannot write " + relative(file) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code inIde}: the findings are markers on their files, so the build does not fail on them too. */
    private void summarize(List<FileResult> results, boolean inIde) throws MojoFailureException {
        long domains = results.stream().filter(r -> r.kind() == FileKind.DOMAIN).count();
        long networks = results.stream().filter(r -> r.kind() == FileKind.NETWORK).count();
        long skipped = results.stream().filter(r -> r.kind() == FileKind.FOREIGN).count();
        long unreadable = results.stream().filter(r -> r.kind() == FileKind.UNREADABLE).count();
        long errors = count(results, Severity.ERROR);
        long warnings = count(results, Severity.WARNING);
        long filesWithErrors = results.stream().filter(FileResult::hasErrors).count();
        getLog().info(String.format("addralloc: %d files checked (%d domains, %d networks, %d unreadable), %d skipped"
                + " (not libvirt XML); %d errors, %d warnings", domains + networks + unreadable, domains, networks,
                unreadable, skipped, errors, warnings));
        if (errors > 0) {
            String message = "addralloc found " + errors + " error" + (errors == 1 ? "" : "s") + " in " + filesWithErrors
                    + " file" + (filesWithErrors == 1 ? "" : "s") + "; see the lines above and "
                    + consolePrefix + relative(outputDirectory.toPath().resolve("addralloc-result.xml"));
            if (failsOnErrors() && !inIde) {
                throw new MojoFailureException(message);
            }
            getLog().warn(message + (inIde ? " (the IDE shows them as markers on the files)"
                    : failOnError ? "" : " (failOnError is false, so the build goes on)"));
        }
    }

    /** Findings of this severity, those a file lists and those it only counts. */
    private static long count(List<FileResult> results, Severity s) {
        return results.stream().mapToLong(r -> r.count(s)).sum();
    }
}
