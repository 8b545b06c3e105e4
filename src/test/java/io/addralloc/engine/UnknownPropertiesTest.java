package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class UnknownPropertiesTest {
    private static final Pattern PARAMETER = Pattern.compile("@Parameter\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("\\bproperty\\s*=\\s*\"([^\"]+)\"");

    /** Every {@code @Parameter(property = ...)} of the mojos' sources. */
    static Set<String> mojoProperties() throws Exception {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/addralloc/maven"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher p = PARAMETER.matcher(Files.readString(f));
                while (p.find()) {
                    Matcher m = PROPERTY.matcher(p.group(1));
                    if (m.find()) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theConstantNamesEveryPropertyTheMojosRead() throws Exception {
        Set<String> mojos = mojoProperties();
        assertTrue(mojos.contains("addralloc.dryRun"), mojos.toString());
        Set<String> missing = new TreeSet<>(mojos);
        missing.removeAll(UnknownProperties.ALL);
        assertEquals(Set.of(), missing, "read by a mojo, missing from UnknownProperties.ALL: add them");
        Set<String> stale = new TreeSet<>(UnknownProperties.ALL);
        stale.removeAll(mojos);
        assertEquals(Set.of(), stale, "in UnknownProperties.ALL, read by no mojo: remove them");
    }

    @Test
    void aMistypedPropertyIsNamedWithWhatItMeant() {
        Properties user = new Properties();
        user.setProperty("addralloc.dryrun", "true");
        user.setProperty("addralloc.dryRun", "true");
        user.setProperty("addralloc.failOnEror", "false");
        user.setProperty("addralloc.nonsense", "1");
        user.setProperty("maven.repo.local", "/tmp/r");
        user.setProperty("addralloc", "x");
        user.setProperty("Addralloc.Skip", "true");
        assertEquals(List.of("unknown property Addralloc.Skip; did you mean addralloc.skip?",
                "unknown property addralloc.dryrun; did you mean addralloc.dryRun?",
                "unknown property addralloc.failOnEror; did you mean addralloc.failOnError?",
                "unknown property addralloc.nonsense; no parameter of addralloc reads it (the README lists them)"),
                UnknownProperties.messages(user, UnknownProperties.ALL));
        assertEquals(List.of(), UnknownProperties.messages(Map.of("addralloc.skip", "true", "skipTests", "true"),
                UnknownProperties.ALL));
    }

    /** Seeded: a known name with one character changed or its case changed is traced back to it. */
    @Test
    void randomTyposOfKnownNamesSuggestThem() {
        Random random = new Random(8);
        List<String> known = List.copyOf(new TreeSet<>(UnknownProperties.ALL));
        for (int round = 0; round < 300; round++) {
            String name = known.get(random.nextInt(known.size()));
            int at = UnknownProperties.PREFIX.length() + random.nextInt(name.length() - UnknownProperties.PREFIX.length());
            String typo = switch (random.nextInt(3)) {
                case 0 -> name.toLowerCase(java.util.Locale.ROOT).equals(name) ? name.toUpperCase(java.util.Locale.ROOT)
                        : name.toLowerCase(java.util.Locale.ROOT);
                case 1 -> name.substring(0, at) + name.substring(at + 1);
                default -> name.substring(0, at) + "q" + name.substring(at);
            };
            List<UnknownProperties.Unknown> found = UnknownProperties.find(Map.of(typo, "1"), UnknownProperties.ALL);
            if (UnknownProperties.ALL.contains(typo)) {
                assertEquals(List.of(), found);
                continue;
            }
            assertEquals(1, found.size());
            String suggestion = found.get(0).suggestion();
            // The suggestion is the name itself, or another as close (a deleted dot may make "addralloc.assignskip").
            assertFalse(suggestion == null, typo);
            assertTrue(suggestion.equals(name) || Spelling.distance(typo.toLowerCase(java.util.Locale.ROOT),
                    suggestion.toLowerCase(java.util.Locale.ROOT)) <= 1, typo + " -> " + suggestion);
        }
        assertNull(UnknownProperties.find(Map.of("addralloc.x", "1"), UnknownProperties.ALL).get(0).suggestion());
    }
}
