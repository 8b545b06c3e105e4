package io.addralloc.engine;

import io.addralloc.report.XmlText;
import io.addralloc.result.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Domain and network files the selection missed: when the default directories hold no domain file
 * but a repository keeps its definitions in {@code vms/} at its root, a run that checks nothing must
 * not pass quietly. This finds {@code .xml} files under the base directory, outside the directories
 * scanned, whose root element is {@code <domain>} or {@code <network>}, and says which
 * {@code directories} setting would pick them up. It skips {@code target} directories, hidden ones
 * ({@code .git}, {@code .venv}) and symbolic links, and stops after {@link #MAX_FILES} files.
 */
public final class DefinitionsElsewhere {
    /** The most files looked at: a search for a hint must not cost more than the run. */
    public static final int MAX_FILES = 20_000;
    /** How much of a file is read to find its root element. */
    static final int HEAD_BYTES = 64 * 1024;
    /** Files listed in the warning. */
    static final int LISTED = 5;

    /** Before the root: white space, the declaration, processing instructions, comments, a DOCTYPE. */
    private static final Pattern ROOT = Pattern.compile(
            "\\A\\uFEFF?(?:\\s+|<\\?.*?\\?>|<!--.*?-->|<!DOCTYPE[^>\\[]*(?:\\[.*?\\])?\\s*>)*<([A-Za-z_][\\w.:-]*)",
            Pattern.DOTALL);

    private DefinitionsElsewhere() {}

    /**
     * What was found.
     *
     * @param files the files, relative to the base directory with {@code /}, sorted
     * @param directories the fewest directories (relative, {@code .} for the base directory itself)
     *     that hold them all, sorted
     */
    public record Found(List<String> files, List<String> directories) {
        public boolean isEmpty() {
            return files.isEmpty();
        }

        /**
         * The warning for a run whose selection found no domain file; null when nothing was found
         * elsewhere (the run's own "0 files checked" line then stands).
         *
         * @param scanned the directories that were scanned, as the user knows them
         */
        public String warning(Collection<String> scanned) {
            if (files.isEmpty()) {
                return null;
            }
            StringBuilder xml = new StringBuilder("<directories>");
            for (String d : directories) {
                xml.append("<directory>").append(XmlText.escape(d)).append("</directory>");
            }
            xml.append("</directories>");
            List<String> shown = files.subList(0, Math.min(LISTED, files.size()));
            String more = files.size() > LISTED ? " and " + (files.size() - LISTED) + " more" : "";
            return Finding.escape("no domain or network file found in " + (scanned.isEmpty() ? "the directories scanned"
                    : String.join(", ", scanned)) + ", but " + files.size() + " .xml file" + (files.size() == 1 ? "" : "s")
                    + " elsewhere under the project " + (files.size() == 1 ? "has" : "have") + " a <domain> or <network>"
                    + " root (" + String.join(", ", shown) + more + "); to check " + (files.size() == 1 ? "it" : "them")
                    + ", set " + xml + " in the plugin's configuration, or -Daddralloc.directories="
                    + String.join(",", directories));
        }
    }

    /**
     * The domain and network files under {@code base} outside {@code scanned}.
     *
     * @param base the project's base directory
     * @param scanned the directories the selection scanned (absolute, or relative to {@code base})
     */
    public static Found find(Path base, Collection<Path> scanned) throws IOException {
        Path root = base.toAbsolutePath().normalize();
        Set<Path> skip = new java.util.HashSet<>();
        for (Path s : scanned) {
            skip.add(root.resolve(s).normalize());
        }
        TreeSet<String> files = new TreeSet<>();
        int[] seen = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                    return skip.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                return name.equals("target") || name.startsWith(".") || skip.contains(dir)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (++seen[0] > MAX_FILES) {
                    return FileVisitResult.TERMINATE;
                }
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".xml") && isDefinition(file)) {
                    files.add(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return new Found(List.copyOf(files), directories(files));
    }

    /** Whether the file's root element is {@code <domain>} or {@code <network>}. */
    static boolean isDefinition(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String name = rootName(new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8));
            return "domain".equals(name) || "network".equals(name);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The name of the root element the text starts with, or null. */
    static String rootName(String head) {
        Matcher m = ROOT.matcher(head);
        return m.lookingAt() ? m.group(1) : null;
    }

    /** The directories of the files, each left out when one above it is in the list. */
    static List<String> directories(Collection<String> files) {
        TreeSet<String> dirs = new TreeSet<>();
        for (String f : files) {
            int slash = f.lastIndexOf('/');
            dirs.add(slash < 0 ? "." : f.substring(0, slash));
        }
        if (dirs.contains(".")) {
            return List.of(".");
        }
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            if (out.stream().noneMatch(top -> d.startsWith(top + "/"))) {
                out.add(d);
            }
        }
        return out;
    }
}
