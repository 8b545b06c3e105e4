package io.addralloc.maven;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Runs {@code verify} or {@code assign} in this JVM on a project in a temporary directory, as
 * Maven would configure them with their defaults, and keeps what they log. Quicker than an
 * invoker IT for what does not need a real Maven (a real Maven runs in {@code src/it}).
 */
final class MojoHarness {
    final Path base;
    final Path resources;
    final Path keyFile;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    MojoHarness(Path base) throws IOException {
        this.base = base;
        this.resources = Files.createDirectories(base.resolve("src/main/resources"));
        // a home directory of its own: the cache key is made there on first use
        this.keyFile = Files.createDirectories(base.getParent().resolve(base.getFileName() + "-home"))
                .resolve(".addralloc/cache-key");
    }

    Path write(String relative, String content) throws IOException {
        Path p = resources.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    Path reports() {
        return base.resolve("target/addralloc");
    }

    String report(String name) throws IOException {
        return Files.readString(reports().resolve(name), StandardCharsets.UTF_8);
    }

    VerifyMojo verify() {
        return configure(new VerifyMojo());
    }

    AssignMojo assign() {
        return configure(new AssignMojo());
    }

    <M extends AbstractAddrallocMojo> M configure(M mojo) {
        Model model = new Model();
        model.setGroupId("test");
        model.setArtifactId("harness");
        model.setVersion("1");
        Build build = new Build();
        build.setDirectory(base.resolve("target").toString());
        Resource r = new Resource();
        r.setDirectory(resources.toString());
        build.addResource(r);
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(base.resolve("pom.xml").toFile());
        mojo.project = project;
        mojo.includes = List.of("**/*.xml");
        mojo.excludes = List.of();
        mojo.failOnError = true;
        mojo.reportDirectory = reports().toFile();
        mojo.pluginVersion = "test";
        mojo.useCache = true;
        mojo.cacheKeyFile = keyFile;
        mojo.setLog(new Capture(log));
        return mojo;
    }

    static void set(Object mojo, String field, Object value) {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(field);
                f.setAccessible(true);
                f.set(mojo, value);
                return;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("no field " + field);
    }

    /** Runs the mojo; returns the failure message, or null when the build would succeed. */
    String run(AbstractAddrallocMojo mojo) throws MojoExecutionException {
        log.clear();
        try {
            mojo.execute();
            return null;
        } catch (MojoFailureException e) {
            return e.getMessage();
        }
    }

    String logText() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Maven's log, kept as "[LEVEL] message" lines. */
    private static final class Capture implements Log {
        private final List<String> lines;

        Capture(List<String> lines) {
            this.lines = lines;
        }

        private void add(String level, CharSequence s, Throwable t) {
            lines.add("[" + level + "] " + (s == null ? "" : s) + (t == null ? "" : " " + t));
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(CharSequence s) {
        }

        @Override
        public void debug(CharSequence s, Throwable t) {
        }

        @Override
        public void debug(Throwable t) {
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public void info(CharSequence s) {
            add("INFO", s, null);
        }

        @Override
        public void info(CharSequence s, Throwable t) {
            add("INFO", s, t);
        }

        @Override
        public void info(Throwable t) {
            add("INFO", null, t);
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(CharSequence s) {
            add("WARNING", s, null);
        }

        @Override
        public void warn(CharSequence s, Throwable t) {
            add("WARNING", s, t);
        }

        @Override
        public void warn(Throwable t) {
            add("WARNING", null, t);
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(CharSequence s) {
            add("ERROR", s, null);
        }

        @Override
        public void error(CharSequence s, Throwable t) {
            add("ERROR", s, t);
        }

        @Override
        public void error(Throwable t) {
            add("ERROR", null, t);
        }
    }
}
