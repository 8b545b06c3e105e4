package io.addralloc.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a run is configured, as values only (no Maven type): made by {@link #builder(Path)}, so
 * that an option added later (a severity override, a baseline) is one more component with its
 * default and one more builder method, and no caller changes.
 *
 * @param baseDirectory the module's directory: reported paths are relative to it
 * @param reactorDirectory the top of the build (a multi-module reactor's root); the module's own when it is alone
 * @param startDirectory where the build was started: console paths are relative to it
 * @param directories the directories to scan as configured (relative ones are the module's); empty: the defaults
 * @param defaultDirectories scanned when none is configured, those that exist (the project's resources)
 * @param includes Ant patterns of files to check; null or empty: {@value #DEFAULT_INCLUDE}
 * @param excludes Ant patterns of files to leave out
 * @param buildDirectory never scanned (a build's own output); null: none
 * @param followLinksOutside whether a directory whose real path leaves the module and the reactor is scanned
 * @param outputDirectory where the reports and the cache go
 * @param useCache whether a goal that can reuse earlier results does
 * @param cacheKeyFile the cache's key; null: {@link CacheKey#defaultFile()}
 * @param failOnError whether errors in the files fail the build
 * @param minFreeHotplugPorts free hot-pluggable ports wanted per domain; 0: no check
 * @param threads how many threads check files; 0: the JVM's common pool (every core)
 * @param progressInterval how often a long run says how far it is
 * @param pluginVersion written into the reports and the cache's stamp; null: "dev"
 * @param projectName the module's name, which SARIF's automation id carries
 * @param requirePinned whether a file assign would change ({@link PinCheck}) is an error rather than a warning
 * @param rules the per-rule severities ({@link SeverityPolicy}); empty: every rule as made
 * @param failOnSeverity from which severity findings fail the build: error, warning or info; null: error
 * @param suppressionsFile the suppressions file ({@link Suppressions}); null: none
 * @param baselineFile the baseline ({@link Baseline}); null: {@value Baseline#FILE_NAME} in the base directory
 * @param userProperties the build's user properties ({@code -D}), checked by {@link UnknownProperties}
 */
public record RunOptions(Path baseDirectory, Path reactorDirectory, Path startDirectory, List<Path> directories,
        List<Path> defaultDirectories, List<String> includes, List<String> excludes, Path buildDirectory,
        boolean followLinksOutside, Path outputDirectory, boolean useCache, Path cacheKeyFile, boolean failOnError,
        int minFreeHotplugPorts, int threads, Duration progressInterval, String pluginVersion, String projectName,
        boolean requirePinned, List<RuleSetting> rules, String failOnSeverity, Path suppressionsFile, Path baselineFile,
        Map<String, String> userProperties) {
    public static final String DEFAULT_INCLUDE = "**/*.xml";

    public RunOptions {
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
        reactorDirectory = reactorDirectory == null ? baseDirectory : reactorDirectory.toAbsolutePath().normalize();
        startDirectory = startDirectory == null ? baseDirectory : startDirectory.toAbsolutePath().normalize();
        directories = directories == null ? List.of() : List.copyOf(directories);
        defaultDirectories = defaultDirectories == null ? List.of() : List.copyOf(defaultDirectories);
        includes = includes == null ? List.of(DEFAULT_INCLUDE) : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        if (outputDirectory == null) {
            throw new IllegalArgumentException("no output directory");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads is " + threads + "; it must be 0 (every core) or more");
        }
        progressInterval = progressInterval == null ? Duration.ofSeconds(3) : progressInterval;
        pluginVersion = pluginVersion == null ? "dev" : pluginVersion;
        projectName = projectName == null ? baseDirectory.getFileName().toString() : projectName;
        rules = rules == null ? List.of() : List.copyOf(rules);
        suppressionsFile = suppressionsFile == null ? null : baseDirectory.resolve(suppressionsFile).normalize();
        baselineFile = baseDirectory.resolve(baselineFile == null ? Path.of(Baseline.FILE_NAME) : baselineFile).normalize();
        userProperties = userProperties == null ? Map.of() : Map.copyOf(userProperties);
    }

    /** The string entries of a {@link java.util.Properties} (or any map), as {@link #userProperties} takes them. */
    public static Map<String, String> strings(Map<?, ?> properties) {
        Map<String, String> out = new java.util.HashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (k instanceof String key && v instanceof String value) {
                    out.put(key, value);
                }
            });
        }
        return out;
    }

    /** Whether files are chosen by configured includes rather than by the default one. */
    public boolean includesConfigured() {
        return !(includes.size() == 1 && DEFAULT_INCLUDE.equals(includes.get(0)));
    }

    /** The defaults of a module in {@code baseDirectory}: its {@code target/addralloc} for the output, failing on errors. */
    public static Builder builder(Path baseDirectory) {
        return new Builder(baseDirectory);
    }

    /** Sets the options one by one; what is not set keeps the default its component documents. */
    public static final class Builder {
        private final Path baseDirectory;
        private Path reactorDirectory;
        private Path startDirectory;
        private List<Path> directories = List.of();
        private List<Path> defaultDirectories = List.of();
        private List<String> includes = List.of(DEFAULT_INCLUDE);
        private List<String> excludes = List.of();
        private Path buildDirectory;
        private boolean followLinksOutside;
        private Path outputDirectory;
        private boolean useCache = true;
        private Path cacheKeyFile;
        private boolean failOnError = true;
        private int minFreeHotplugPorts = 1;
        private int threads;
        private Duration progressInterval;
        private String pluginVersion;
        private String projectName;
        private boolean requirePinned;
        private List<RuleSetting> rules = List.of();
        private String failOnSeverity;
        private Path suppressionsFile;
        private Path baselineFile;
        private Map<String, String> userProperties = Map.of();

        private Builder(Path baseDirectory) {
            this.baseDirectory = baseDirectory;
            this.buildDirectory = baseDirectory.resolve("target");
            this.outputDirectory = buildDirectory.resolve("addralloc");
        }

        public Builder reactorDirectory(Path p) {
            reactorDirectory = p;
            return this;
        }

        public Builder startDirectory(Path p) {
            startDirectory = p;
            return this;
        }

        public Builder directories(List<Path> l) {
            directories = l;
            return this;
        }

        public Builder defaultDirectories(List<Path> l) {
            defaultDirectories = l;
            return this;
        }

        public Builder includes(List<String> l) {
            includes = l;
            return this;
        }

        public Builder excludes(List<String> l) {
            excludes = l;
            return this;
        }

        public Builder buildDirectory(Path p) {
            buildDirectory = p;
            return this;
        }

        public Builder followLinksOutside(boolean b) {
            followLinksOutside = b;
            return this;
        }

        public Builder outputDirectory(Path p) {
            outputDirectory = p;
            return this;
        }

        public Builder useCache(boolean b) {
            useCache = b;
            return this;
        }

        public Builder cacheKeyFile(Path p) {
            cacheKeyFile = p;
            return this;
        }

        public Builder failOnError(boolean b) {
            failOnError = b;
            return this;
        }

        public Builder minFreeHotplugPorts(int n) {
            minFreeHotplugPorts = n;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder progressInterval(Duration d) {
            progressInterval = d;
            return this;
        }

        public Builder pluginVersion(String s) {
            pluginVersion = s;
            return this;
        }

        public Builder projectName(String s) {
            projectName = s;
            return this;
        }

        public Builder requirePinned(boolean b) {
            requirePinned = b;
            return this;
        }

        public Builder rules(List<RuleSetting> l) {
            rules = l;
            return this;
        }

        public Builder failOnSeverity(String s) {
            failOnSeverity = s;
            return this;
        }

        public Builder suppressionsFile(Path p) {
            suppressionsFile = p;
            return this;
        }

        public Builder baselineFile(Path p) {
            baselineFile = p;
            return this;
        }

        public Builder userProperties(Map<String, String> m) {
            userProperties = m;
            return this;
        }

        public RunOptions build() {
            return new RunOptions(baseDirectory, reactorDirectory, startDirectory, directories, defaultDirectories,
                    includes, excludes, buildDirectory, followLinksOutside, outputDirectory, useCache, cacheKeyFile,
                    failOnError, minFreeHotplugPorts, threads, progressInterval, pluginVersion, projectName,
                    requirePinned, rules, failOnSeverity, suppressionsFile, baselineFile, userProperties);
        }
    }
}
