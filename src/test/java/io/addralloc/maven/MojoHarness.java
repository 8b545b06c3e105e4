package io.addralloc.maven;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
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
public final class MojoHarness {
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

    ReportMojo report() {
        return configure(new ReportMojo());
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
        mojo.minFreeHotplugPorts = 1;
        mojo.outputDirectory = reports().toFile();
        mojo.pluginVersion = "test";
        mojo.useCache = true;
        mojo.cacheKeyFile = keyFile;
        mojo.setLog(capture(log));
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

    /**
     * Maven's log, kept as "[LEVEL] message" lines: every level but debug is on, and each call
     * ({@code info(message)}, {@code warn(message, cause)}, {@code error(cause)}, ...) is one line.
     */
    private static Log capture(List<String> lines) {
        return (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, m, args) -> {
            String name = m.getName();
            if (name.startsWith("is")) {
                return !name.equals("isDebugEnabled");
            }
            if (name.equals("debug") || args == null) {
                return null;
            }
            StringBuilder line = new StringBuilder("[").append(name.equals("warn") ? "WARNING"
                    : name.toUpperCase(java.util.Locale.ROOT)).append("] ");
            for (Object a : args) {
                line.append(a instanceof Throwable ? " " + a : a);
            }
            lines.add(line.toString());
            return null;
        });
    }

    /**
     * A pc domain with one interface (its MAC given) at line 6, and on PCI slot {@code slot} at
     * line 9 (0x22 does not exist), or without an address when {@code slot} is null.
     */
    public static String domain(String name, String mac, String slot) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory>131072</memory>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>
                    <interface type='network'>
                      <mac address='%s'/>
                      <source network='lan'/>
                %s    </interface>
                  </devices>
                </domain>
                """.formatted(name, mac, slot == null ? "" : "      <address type='pci' domain='0x0000' bus='0x00' slot='"
                + slot + "' function='0x0'/>\n");
    }
}
