package io.addralloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers as docs/architecture.md draws them, by reading the import lines of the main
 * sources: each package may use only the packages listed for it below, there is no cycle between
 * packages, only the Maven adapter uses Maven's API, and every package says what it is in a
 * package-info.java.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/addralloc");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package io\\.addralloc\\.([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)\\.[\\w*]+;");

    /** Bottom first; a package may use the packages named beside it and nothing else of the plugin. */
    private static final Map<String, Set<String>> MAY_USE = new TreeMap<>(Map.ofEntries(
            Map.entry("rules", Set.of()),
            Map.entry("allocator", Set.of()),
            Map.entry("libvirt.xml", Set.of()),
            Map.entry("libvirt.model", Set.of("libvirt.xml", "rules")),
            Map.entry("libvirt.parse", Set.of("libvirt.model", "libvirt.xml", "rules")),
            Map.entry("libvirt.addr", Set.of("libvirt.model", "libvirt.xml", "allocator", "rules")),
            Map.entry("libvirt.assign", Set.of("libvirt.addr", "libvirt.parse", "libvirt.model", "libvirt.xml",
                    "allocator", "rules")),
            Map.entry("libvirt.define", Set.of("libvirt.assign", "libvirt.addr", "libvirt.parse", "libvirt.model",
                    "libvirt.xml", "allocator", "rules")),
            Map.entry("libvirt.write", Set.of("libvirt.addr", "libvirt.parse", "libvirt.model", "libvirt.xml",
                    "rules")),
            Map.entry("libvirt.network", Set.of("libvirt.model", "libvirt.xml", "allocator", "rules")),
            Map.entry("result", Set.of("libvirt.xml", "rules")),
            Map.entry("report", Set.of("result", "rules")),
            Map.entry("report.layout", Set.of("report", "result", "libvirt.define", "libvirt.addr",
                    "libvirt.model", "libvirt.network", "libvirt.xml", "rules")),
            Map.entry("engine", Set.of("libvirt.define", "libvirt.assign", "libvirt.addr", "libvirt.parse",
                    "libvirt.model", "libvirt.write", "libvirt.network", "libvirt.xml", "allocator", "report",
                    "report.layout", "result", "rules")),
            Map.entry("maven", Set.of("engine", "report", "report.layout", "result", "rules"))));

    private static final List<String> MAVEN_PREFIXES = List.of("org.apache.maven.", "org.codehaus.plexus.",
            "org.sonatype.", "org.eclipse.aether.");

    /** package -> (used package -> files that use it); Maven imports per package. */
    private static final Map<String, Map<String, Set<String>>> USES = new TreeMap<>();
    private static final Map<String, Set<String>> MAVEN_USERS = new TreeMap<>();

    @BeforeAll
    static void readImports() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher p = PACKAGE.matcher(text);
                assertTrue(p.find(), f + " has no package line");
                String pkg = p.group(1);
                USES.computeIfAbsent(pkg, k -> new TreeMap<>());
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String imported = m.group(1);
                    if (MAVEN_PREFIXES.stream().anyMatch(prefix -> (imported + ".").startsWith(prefix))) {
                        MAVEN_USERS.computeIfAbsent(pkg, k -> new TreeSet<>()).add(f.getFileName().toString());
                    }
                    if (imported.startsWith("io.addralloc.")) {
                        String used = packageOf(imported.substring("io.addralloc.".length()));
                        if (!used.equals(pkg)) {
                            USES.get(pkg).computeIfAbsent(used, k -> new TreeSet<>()).add(f.getFileName().toString());
                        }
                    }
                }
            }
        }
    }

    /** Drops class names (a static import names a class, sometimes a nested one). */
    private static String packageOf(String name) {
        List<String> parts = new ArrayList<>(List.of(name.split("\\.")));
        while (!parts.isEmpty() && Character.isUpperCase(parts.get(parts.size() - 1).charAt(0))) {
            parts.remove(parts.size() - 1);
        }
        return String.join(".", parts);
    }

    @Test
    void everyPackageIsPlacedInALayer() {
        assertEquals(MAY_USE.keySet(), USES.keySet(), "packages found vs. packages this test places");
    }

    @Test
    void eachPackageUsesOnlyWhatItsLayerAllows() {
        List<String> wrong = new ArrayList<>();
        USES.forEach((pkg, used) -> used.forEach((target, files) -> {
            if (!MAY_USE.getOrDefault(pkg, Set.of()).contains(target)) {
                wrong.add(pkg + " -> " + target + " in " + files);
            }
        }));
        assertEquals(List.of(), wrong);
    }

    @Test
    void noCycleBetweenPackages() {
        List<String> cycles = new ArrayList<>();
        for (String start : USES.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(USES.get(start).keySet());
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (next.equals(start)) {
                    cycles.add(start);
                    break;
                }
                if (seen.add(next)) {
                    todo.addAll(USES.getOrDefault(next, Map.of()).keySet());
                }
            }
        }
        assertEquals(List.of(), cycles, "packages that reach themselves through their imports");
    }

    @Test
    void onlyTheMavenAdapterUsesMaven() {
        Map<String, Set<String>> outside = new TreeMap<>(MAVEN_USERS);
        outside.remove("maven");
        assertEquals(Map.of(), outside);
    }

    @Test
    void everyPackageSaysWhatItIs() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : USES.keySet()) {
            Path info = MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info) || !Files.readString(info).contains("/**")) {
                missing.add(pkg);
            }
        }
        assertEquals(List.of(), missing);
    }
}
