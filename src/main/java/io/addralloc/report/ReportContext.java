package io.addralloc.report;

import java.io.File;
import java.nio.file.Path;

/**
 * What the reports need besides the results: where the files are, and which run made them.
 *
 * @param module the module's directory, to which the results' paths are relative
 * @param root the repository's top directory (git's top level, else the reactor's root), to which
 *     SARIF URIs are relative: code scanning resolves them against the checkout's root
 * @param version the plugin's version
 * @param automationId the SARIF run's {@code automationDetails.id}, one per module
 *     ({@code addralloc/<artifactId>/}), so each module's SARIF can be uploaded for one commit
 */
public record ReportContext(Path module, Path root, String version, String automationId) {
    public ReportContext {
        module = module.toAbsolutePath().normalize();
        root = root.toAbsolutePath().normalize();
    }

    /*
     * Paths are joined as strings, never resolved as Paths: a result's path may hold a name the
     * JVM's file-name encoding cannot spell (the C locale and an 'é'), which Path refuses.
     */

    /** The file's absolute path with forward slashes, as maven-checkstyle-plugin writes it. */
    public String absolute(String relative) {
        if (relative.startsWith("/")) {
            return relative;
        }
        String m = slashes(module);
        return relative.isEmpty() ? m : m + "/" + relative;
    }

    /** Whether the file lies under the repository's top (else SARIF names it by an absolute URI). */
    boolean underRoot(String relative) {
        return relative.startsWith("/") ? relative.startsWith(slashes(root) + "/") : module.startsWith(root);
    }

    /** The file's path from the repository's top, forward slashes; absolute when it lies outside. */
    public String fromRoot(String relative) {
        if (!underRoot(relative)) {
            return absolute(relative);
        }
        if (relative.startsWith("/")) {
            return relative.substring(slashes(root).length() + 1);
        }
        String m = slashes(root.relativize(module));
        return m.isEmpty() ? relative : relative.isEmpty() ? m : m + "/" + relative;
    }

    /** The repository's top as a {@code file:} URI ending in '/', for SARIF's originalUriBaseIds. */
    public String rootUri() {
        String uri = root.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    static String slashes(Path p) {
        return p.toString().replace(File.separatorChar, '/');
    }
}
