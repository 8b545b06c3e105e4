package io.addralloc.maven;

import io.addralloc.engine.BrokenSetupException;
import io.addralloc.engine.Goal;
import io.addralloc.engine.Run;
import io.addralloc.engine.RuleSetting;
import io.addralloc.engine.RunOptions;
import io.addralloc.engine.RunOutcome;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
 * What the goals share: their parameters, and the adapting of a {@link Run} to Maven. The run
 * (choosing the files, checking them in parallel, the findings in {@code path:line:col} form, the
 * reports, the verdict) is the engine's; here a failing verdict becomes a
 * {@link MojoFailureException} and a broken setup a {@link MojoExecutionException}, each with the
 * engine's message and no stack trace.
 */
public abstract class AbstractAddrallocMojo extends AbstractMojo {
        @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Directories to scan (comma-separated on the command line). Default: resources and test resources. */
    @Parameter(property = "addralloc.directories")
    protected List<File> directories;

    /** Ant-style patterns of files to check, relative to each directory. */
    @Parameter(property = "addralloc.includes", defaultValue = RunOptions.DEFAULT_INCLUDE)
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

    /** Make addralloc.pin.Unpinned (a file assign would change) an error rather than a warning. */
    @Parameter(property = "addralloc.requirePinned", defaultValue = "false")
    protected boolean requirePinned;

    /** From which severity findings fail the build: error, warning or info. */
    @Parameter(property = "addralloc.failOnSeverity", defaultValue = "error")
    protected String failOnSeverity;

    /** Per-rule severities: {@code <rule><id>addralloc.pci.*</id><severity>warning|off</severity></rule>}. */
    @Parameter
    protected List<RuleSetting> rules;

    /** A suppressions file ({@code <suppressions><suppress rule= files= xpath= reason=/>}); none by default. */
    @Parameter(property = "addralloc.suppressions")
    protected File suppressions;

    /** The baseline addralloc:baseline writes and verify compares with, when it exists. */
    @Parameter(property = "addralloc.baseline", defaultValue = "${project.basedir}/addralloc-baseline.xml")
    protected File baseline;

    /** Eclipse m2e's build context (incremental builds, markers); Maven's default one elsewhere. */
    @Component
    protected BuildContext buildContext;

    /** Where the cache's key is kept; tests use their own (null: {@code ~/.addralloc/cache-key}). */
    Path cacheKeyFile;

    /** Whether this goal's own skip switch is set. */
    protected abstract boolean skipGoal();

    /** What this goal does with the files, for one run. */
    protected abstract Goal newGoal();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Goal goal = newGoal();
        if (skip || skipGoal()) {
            getLog().info("addralloc:" + goal.name() + " skipped");
            return;
        }
        RunOutcome outcome;
        try {
            outcome = new Run(options(), new MavenRunLog(getLog()), IdeBuildContext.of(buildContext)).execute(goal);
        } catch (BrokenSetupException e) {
            throw new MojoExecutionException(e.getMessage());
        }
        if (outcome.verdict().failsBuild()) {
            throw new MojoFailureException(outcome.verdict().message());
        }
    }

    /** The parameters, and what the project and the session tell of the build, as the engine's options. */
    private RunOptions options() {
        MavenProject top = session == null ? null : session.getTopLevelProject();
        String started = session == null ? null : session.getSystemProperties().getProperty("user.dir");
        return RunOptions.builder(project.getBasedir().toPath())
                .reactorDirectory(top == null || top.getBasedir() == null ? null : top.getBasedir().toPath())
                .startDirectory(started == null ? null : Path.of(started))
                .directories(directories == null ? List.of() : directories.stream().map(File::toPath).toList())
                .defaultDirectories(Stream.of(project.getResources(), project.getTestResources())
                        .flatMap(List::stream).map(Resource::getDirectory).map(Path::of).toList())
                .includes(includes).excludes(excludes)
                .buildDirectory(project.getBuild() == null ? null : Path.of(project.getBuild().getDirectory()))
                .followLinksOutside(followLinksOutside)
                .outputDirectory(outputDirectory.toPath())
                .useCache(useCache).cacheKeyFile(cacheKeyFile)
                .failOnError(failOnError)
                .minFreeHotplugPorts(minFreeHotplugPorts)
                .pluginVersion(pluginVersion)
                .projectName(project.getArtifactId())
                .requirePinned(requirePinned).failOnSeverity(failOnSeverity).rules(rules)
                .suppressionsFile(suppressions == null ? null : suppressions.toPath())
                .baselineFile(baseline == null ? null : baseline.toPath())
                .userProperties(RunOptions.strings(session == null ? null : session.getUserProperties()))
                .build();
    }
}
