package io.addralloc.maven;

import io.addralloc.engine.CrossModule;
import io.addralloc.engine.RunOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.SessionData;

/**
 * A mojo's parameters, and what the project and the session tell of the build, as the engine's
 * {@link RunOptions}: the module's directories, where the build started, whether there is a
 * {@code pom.xml} at all, and the build's {@link CrossModule} the modules of a reactor share.
 */
final class MojoOptions {
    /** Maven's project when no {@code pom.xml} is there ({@code requiresProject = false}). */
    private static final String STANDALONE_GROUP = "org.apache.maven";
    private static final String STANDALONE_ARTIFACT = "standalone-pom";

    private MojoOptions() {
    }

    static RunOptions of(AbstractAddrallocMojo m) {
        MavenProject project = m.project;
        MavenSession session = m.session;
        MavenProject top = session == null ? null : session.getTopLevelProject();
        String started = session == null ? null : session.getSystemProperties().getProperty("user.dir");
        boolean standalone = STANDALONE_GROUP.equals(project.getGroupId())
                && STANDALONE_ARTIFACT.equals(project.getArtifactId());
        Path base = project.getBasedir() != null ? project.getBasedir().toPath()
                : Path.of(started != null ? started : "").toAbsolutePath();
        Path buildDirectory = project.getBuild() == null ? null : path(project.getBuild().getDirectory(), base);
        return RunOptions.builder(base)
                .reactorDirectory(top == null || top.getBasedir() == null ? null : top.getBasedir().toPath())
                .startDirectory(started == null ? null : Path.of(started))
                .directories(m.directories == null ? List.of() : m.directories.stream().map(File::toPath).toList())
                .defaultDirectories(Stream.of(project.getResources(), project.getTestResources())
                        .flatMap(List::stream).map(Resource::getDirectory).map(Path::of).toList())
                .standalone(standalone)
                .includes(m.includes).excludes(m.excludes)
                .buildDirectory(buildDirectory)
                .followLinksOutside(m.followLinksOutside)
                .outputDirectory(path(m.outputDirectory.getPath(), base))
                .useCache(m.useCache).cacheKeyFile(m.cacheKeyFile)
                .failOnError(m.failOnError)
                .minFreeHotplugPorts(m.minFreeHotplugPorts)
                .pluginVersion(m.pluginVersion)
                .projectName(project.getArtifactId())
                .requirePinned(m.requirePinned).failOnSeverity(m.failOnSeverity).rules(m.rules)
                .suppressionsFile(m.suppressions == null ? null : path(m.suppressions.getPath(), base))
                .baselineFile(m.baseline == null ? null : path(m.baseline.getPath(), base))
                .userProperties(RunOptions.strings(session == null ? null : session.getUserProperties()))
                .crossFileScope(m.crossFileScope)
                .crossModule(m.comparesModules() ? crossModule(session, m.mojoExecution) : null)
                .build();
    }

    /**
     * A path from the model: Maven does not interpolate its stand-alone project (no pom.xml), whose
     * build directory, and so every default made of it, reads {@code ${project.basedir}/target}, and
     * a File parameter may even be made absolute from the directory before it. What follows the
     * placeholder is taken from the base directory.
     */
    private static Path path(String fromModel, Path base) {
        for (String placeholder : List.of("${project.basedir}", "${basedir}")) {
            int at = fromModel.indexOf(placeholder);
            if (at >= 0) {
                String rest = fromModel.substring(at + placeholder.length()).replace(File.separatorChar, '/');
                return base.resolve(rest.startsWith("/") ? rest.substring(1) : rest).normalize();
            }
        }
        return Path.of(fromModel);
    }

    /**
     * The build's {@link CrossModule} for this goal's execution, made by the first module that asks,
     * in the session's data (one per build, whichever thread runs the module); null when one module
     * alone runs it. It expects every project of the session when the goal was named on the command
     * line, else those whose pom binds this execution.
     */
    static CrossModule crossModule(MavenSession session, MojoExecution execution) {
        if (session == null || execution == null || session.getRepositorySession() == null
                || session.getProjects() == null || session.getProjects().size() < 2) {
            return null;
        }
        int expected = execution.getSource() == MojoExecution.Source.CLI ? session.getProjects().size()
                : (int) session.getProjects().stream().filter(p -> binds(p, execution)).count();
        if (expected < 2) {
            return null;
        }
        String key = CrossModule.class.getName() + "/" + execution.getGoal() + "/" + execution.getExecutionId();
        SessionData data = session.getRepositorySession().getData();
        data.set(key, null, new CrossModule(expected));
        // Another class loader's CrossModule (a module with other plugin dependencies) cannot be shared.
        return data.get(key) instanceof CrossModule shared ? shared : null;
    }

    private static boolean binds(MavenProject p, MojoExecution execution) {
        String key = execution.getMojoDescriptor() == null ? null
                : execution.getMojoDescriptor().getPluginDescriptor().getPluginLookupKey();
        org.apache.maven.model.Plugin plugin = key == null ? null : p.getPlugin(key);
        return plugin != null && plugin.getExecutions().stream().anyMatch(e -> execution.getExecutionId().equals(e.getId())
                && e.getGoals().contains(execution.getGoal()));
    }
}
