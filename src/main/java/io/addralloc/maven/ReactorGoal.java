package io.addralloc.maven;

import io.addralloc.engine.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * A goal named on the command line in a reactor. The goals need no pom.xml
 * ({@code requiresProject = false}), and Maven therefore runs such a goal once, on the top project,
 * as if it were an aggregator: the modules would be left unchecked. So the top project's run runs
 * the goal on every other module of the session too, in turn, each configured from its own pom as
 * Maven would have configured it, and fails at the end if any of them failed.
 */
final class ReactorGoal {
    private ReactorGoal() {
    }

    /** Whether Maven runs this command-line goal on the top project only, for the whole reactor. */
    static boolean aggregated(AbstractAddrallocMojo m) {
        MavenSession s = m.session;
        MojoExecution e = m.mojoExecution;
        return s != null && e != null && e.getSource() == MojoExecution.Source.CLI && e.getMojoDescriptor() != null
                && !e.getMojoDescriptor().isProjectRequired() && s.getProjects() != null && s.getProjects().size() > 1
                && m.project == s.getTopLevelProject();
    }

    /**
     * When Maven runs the goal on the top project only, runs it on each other module; the failures,
     * one line each, after all have run. {@code top} is the top project's own verdict, said first.
     */
    static void runOnModules(AbstractAddrallocMojo m, BuildPluginManager plugins, RunOutcome.Verdict top)
            throws MojoExecutionException, MojoFailureException {
        if (!aggregated(m)) {
            return;
        }
        if (top.failsBuild()) {
            m.getLog().error(top.message());
        }
        MojoDescriptor descriptor = m.mojoExecution.getMojoDescriptor();
        String key = descriptor.getPluginDescriptor().getPluginLookupKey();
        List<String> failures = new ArrayList<>();
        boolean broken = false;
        for (MavenProject p : m.session.getProjects()) {
            if (p == m.project) {
                continue;
            }
            m.getLog().info("addralloc:" + descriptor.getGoal() + " @ " + p.getArtifactId());
            MojoExecution e = new MojoExecution(descriptor, m.mojoExecution.getExecutionId(), MojoExecution.Source.CLI);
            e.setConfiguration(configuration(descriptor, p.getPlugin(key)));
            MavenSession session = m.session.clone();
            session.setCurrentProject(p);
            try {
                plugins.executeMojo(session, e);
            } catch (MojoFailureException f) {
                failures.add(p.getArtifactId() + ": " + f.getMessage());
            } catch (MojoExecutionException f) {
                failures.add(p.getArtifactId() + ": " + f.getMessage());
                broken = true;
            } catch (Exception f) {
                throw new MojoExecutionException("addralloc: cannot run " + descriptor.getGoal() + " on "
                        + p.getArtifactId() + " (" + f.getClass().getSimpleName() + ": " + f.getMessage() + ")");
            }
        }
        if (!failures.isEmpty()) {
            String message = String.join("\n", failures);
            if (broken) {
                throw new MojoExecutionException(message);
            }
            throw new MojoFailureException(message);
        }
    }

    /**
     * What Maven gives a goal of the command line in {@code project}: the plugin's configuration in
     * its pom, and for every other parameter its property and default.
     */
    private static Xpp3Dom configuration(MojoDescriptor descriptor, Plugin plugin) {
        Xpp3Dom pom = plugin == null || !(plugin.getConfiguration() instanceof Xpp3Dom d) ? null : d;
        Xpp3Dom out = new Xpp3Dom("configuration");
        for (Parameter param : descriptor.getParameters()) {
            Xpp3Dom given = pom == null ? null : pom.getChild(param.getName());
            Xpp3Dom child;
            if (given != null && param.isEditable()) {
                child = new Xpp3Dom(given);
            } else {
                child = new Xpp3Dom(param.getName());
                child.setValue(param.getExpression());
            }
            if (param.getDefaultValue() != null && child.getAttribute("default-value") == null) {
                child.setAttribute("default-value", param.getDefaultValue());
            }
            out.addChild(child);
        }
        return out;
    }
}
