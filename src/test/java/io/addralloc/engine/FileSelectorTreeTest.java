package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random directory trees, each built from a model that knows what the selection must be: files
 * included or excluded by name, directories named like files (reported, and still scanned), a
 * skipped directory, links to files inside and outside, links to directories (never entered).
 * Seeded, so a failure names the tree that broke.
 */
class FileSelectorTreeTest {
    private static final String NO_PROBLEM = "-";

    @TempDir
    Path tmp;

    @Test
    void selectionMatchesTheModelOfRandomTrees() throws IOException {
        for (int seed = 0; seed < 40; seed++) {
            Path root = Files.createDirectories(tmp.resolve("tree" + seed).resolve("repo"));
            Path outside = Files.writeString(tmp.resolve("tree" + seed).resolve("outside.xml"), "<domain/>");
            Path skipped = root.resolve("target");
            TreeMap<String, String> expected = new TreeMap<>();
            Random random = new Random(seed);
            build(random, root, "", 0, outside, skipped, expected);

            FileSelector selector = new FileSelector(List.of("**/*.xml"), List.of("**/ex-*"), List.of(skipped));
            List<String> got = new ArrayList<>();
            for (FileSelector.Selected s : selector.select(root)) {
                got.add(root.relativize(s.path()).toString().replace('\\', '/') + " "
                        + (s.problem() == null ? NO_PROBLEM : s.problem()));
            }
            List<String> want = new ArrayList<>();
            expected.forEach((path, problem) -> want.add(path + " " + problem));
            assertEquals(want, got, "seed " + seed);
        }
    }

    @Test
    void theSuffixShortcutAgreesWithTheFullPattern() {
        Random random = new Random(7);
        String alphabet = "ax./*?";
        int shortcuts = 0;
        for (int k = 0; k < 20_000; k++) {
            String pattern = "**/*" + randomString(random, "ax./", 1 + random.nextInt(4))
                    + (random.nextInt(8) == 0 ? randomString(random, alphabet, 1) : "");
            String relative = randomString(random, "ax./", random.nextInt(10));
            boolean expected = FileSelector.toRegex(pattern).matcher(relative).matches();
            assertEquals(expected, FileSelector.matcher(pattern).test(relative), pattern + " on " + relative);
            shortcuts += pattern.substring(4).matches("[^*?/]+") ? 1 : 0;
        }
        assertTrue(shortcuts > 5_000, "the shortcut was tried " + shortcuts + " times");
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Fills {@code dir} with random entries and records what selecting them must give. */
    private static void build(Random random, Path dir, String relative, int depth, Path outside, Path skipped,
            TreeMap<String, String> expected) throws IOException {
        int entries = 1 + random.nextInt(depth == 0 ? 12 : 6);
        for (int k = 0; k < entries; k++) {
            String stem = (random.nextInt(5) == 0 ? "ex-" : "") + (char) ('a' + random.nextInt(6)) + k;
            String name = stem + (random.nextInt(4) == 0 ? ".txt" : ".xml");
            String rel = relative.isEmpty() ? name : relative + "/" + name;
            Path path = dir.resolve(name);
            boolean selected = name.endsWith(".xml") && !name.startsWith("ex-");
            int kind = random.nextInt(10);
            if (kind < 6 || depth >= 3) {
                Files.writeString(path, "<domain/>");
                put(expected, selected, rel, NO_PROBLEM);
            } else if (kind < 8) {
                Files.createDirectories(path);
                put(expected, selected, rel, "is a directory, not a file");
                build(random, path, rel, depth + 1, outside, skipped, expected);
            } else if (kind == 8) {
                Path target = random.nextBoolean() ? outside : dir.resolve("t" + k + ".txt");
                if (!target.equals(outside)) {
                    Files.writeString(target, "<domain/>");
                }
                Files.createSymbolicLink(path, target);
                put(expected, selected, rel, target.equals(outside) ? "is a symbolic link to a file outside the"
                        + " scanned directory; it is not followed" : NO_PROBLEM);
            } else {
                Files.createSymbolicLink(path, dir); // a link to a directory is never entered
                put(expected, selected, rel, "is a symbolic link to something that is not a regular file");
            }
        }
        if (depth == 0) {
            // The build directory: whatever it holds is never selected.
            Files.createDirectories(skipped.resolve("sub"));
            Files.writeString(skipped.resolve("sub/generated.xml"), "<domain/>");
        }
    }

    private static void put(TreeMap<String, String> expected, boolean selected, String rel, String problem) {
        if (selected) {
            expected.put(rel, problem);
        }
    }
}
