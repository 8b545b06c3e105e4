package io.addralloc.engine;

import io.addralloc.libvirt.xml.XmlFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses the files to check: Ant-style includes and excludes below base directories, in a
 * stable order. Symbolic links are followed only when they resolve inside the directory being
 * scanned, so a link in a repository cannot make the build read arbitrary files; links that
 * lead outside, and directories whose names match the includes, are reported rather than read.
 * Only regular files are ever opened (never a FIFO, socket or device, which could block the
 * build), and files larger than {@link XmlFile#MAX_BYTES} are reported without being read.
 */
public final class FileSelector {

    /**
     * A selected path and, when it cannot be read as a file, why not.
     *
     * @param path absolute and normalized; it holds the name's bytes as the directory listing
     *     gave them, so it opens the file whatever the JVM's file-name encoding
     * @param relative the path relative to the scanned directory, forward slashes, as
     *     {@link #nameOf} writes each name
     */
    public record Selected(Path path, String relative, String problem) {
        public Selected(Path path, String problem) {
            this(path, "", problem);
        }
    }

    /** Files above this size are reported without being read (a FIFO or device is never opened). */
    static final String TOO_LARGE = "is larger than " + (XmlFile.MAX_BYTES >> 20)
            + " MiB, the most virsh define reads; it is not read";

    private final List<Predicate<String>> includes;
    private final List<Predicate<String>> excludes;
    private final List<Path> skipDirs;
    private final boolean skipHidden;

    public FileSelector(List<String> includes, List<String> excludes, List<Path> skipDirs) {
        this(includes, excludes, skipDirs, false);
    }

    /** @param skipHidden whether directories whose names start with a dot ({@code .git}, {@code .venv}) are left out */
    public FileSelector(List<String> includes, List<String> excludes, List<Path> skipDirs, boolean skipHidden) {
        this.includes = includes.stream().map(FileSelector::matcher).toList();
        this.excludes = excludes.stream().map(FileSelector::matcher).toList();
        this.skipDirs = skipDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.skipHidden = skipHidden;
    }

    /** A selection and its path relative to the scanned directory, which orders the selections. */
    private record Found(String relative, Selected selected) {
    }

    /** One entry of a directory: its path, what it is, and what becomes of it. */
    private record Entry(Path path, String relative, boolean directory, Found found) {
    }

    /**
     * Files (and problems) under {@code base}, sorted by their paths relative to it. The paths
     * are absolute and normalized.
     */
    public List<Selected> select(Path base) throws IOException {
        Path root = base.toAbsolutePath().normalize();
        Path realRoot = root.toRealPath();
        List<Found> out = new ArrayList<>();
        if (skipDirs.stream().noneMatch(root::startsWith)) {
            scan(root, "", realRoot, out);
        }
        // By the relative strings, which are short and made anyway: the listing's order is the
        // file system's, so this sort does real work.
        out.sort(Comparator.comparing(Found::relative));
        List<Selected> sorted = new ArrayList<>(out.size());
        for (Found f : out) {
            sorted.add(f.selected());
        }
        return sorted;
    }

    /**
     * Lists {@code dir}, then learns what each entry is (one {@code lstat} each) in parallel:
     * those calls were most of the time spent choosing 10,000 files, all of it before any file
     * could be checked. Subdirectories are scanned in turn, except the skipped ones.
     *
     * <p>The listing gives paths made of the names' bytes, never names made into strings and back:
     * where the JVM's file-name encoding cannot hold a name (LANG unset, so ASCII), that round
     * trip failed for the whole goal, and where it is UTF-8, it opened another (missing) file for
     * a name that is not UTF-8. One entry that fails in any way is one finding; the rest go on.
     */
    private boolean scan(Path dir, String dirRelative, Path realRoot, List<Found> out) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            for (Path p : listing) {
                children.add(p);
            }
        } catch (IOException | RuntimeException e) {
            out.add(new Found(dirRelative, new Selected(dir, dirRelative, "cannot be read ("
                    + e.getClass().getSimpleName() + ")")));
            return false;
        }
        List<Entry> entries = children.parallelStream().map(path -> {
            String name = nameOf(path);
            String relative = dirRelative.isEmpty() ? name : dirRelative + "/" + name;
            try {
                return entry(path, relative, realRoot);
            } catch (RuntimeException e) {
                return new Entry(path, relative, false, new Found(relative, new Selected(path, relative,
                        "cannot be read (" + e.getClass().getSimpleName() + ")")));
            }
        }).toList();
        for (Entry e : entries) {
            // A directory that cannot be listed is reported as that, not also as a directory.
            if ((!e.directory() || scan(e.path(), e.relative(), realRoot, out)) && e.found() != null) {
                out.add(e.found());
            }
        }
        return true;
    }

    private Entry entry(Path path, String relative, Path realRoot) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new Entry(path, relative, false, matches(relative) ? new Found(relative, new Selected(path,
                    relative, "cannot be read (" + e.getClass().getSimpleName() + ")")) : null);
        }
        if (attrs.isDirectory()) {
            if (skipDirs.stream().anyMatch(path::startsWith)
                    || skipHidden && relative.substring(relative.lastIndexOf('/') + 1).startsWith(".")) {
                return new Entry(path, relative, false, null);
            }
            return new Entry(path, relative, true, matches(relative)
                    ? new Found(relative, new Selected(path, relative, "is a directory, not a file")) : null);
        }
        if (!matches(relative)) {
            return new Entry(path, relative, false, null);
        }
        String problem;
        if (attrs.isSymbolicLink()) {
            problem = followLink(path, realRoot);
        } else if (!attrs.isRegularFile()) {
            problem = "is not a regular file";
        } else if (attrs.size() > XmlFile.MAX_BYTES) {
            problem = TOO_LARGE;
        } else {
            problem = null;
        }
        return new Entry(path, relative, false, new Found(relative, new Selected(path, relative, problem)));
    }

    /**
     * A file's name as a string: as the JVM decodes it where that is exact, otherwise its bytes
     * decoded as UTF-8 with each byte that is not UTF-8 written {@code \xNN}. (The JVM writes
     * U+FFFD for every byte its file-name encoding cannot decode: under an ASCII locale that is
     * every non-ASCII byte, which would make {@code é.xml} and {@code è.xml} one name.)
     */
    static String nameOf(Path path) {
        String decoded = path.getFileName().toString();
        if (decoded.indexOf('\uFFFD') < 0) {
            return decoded;
        }
        // A URI carries the name's bytes, percent-encoded, whatever the file-name encoding.
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        raw = raw.substring(raw.lastIndexOf('/') + 1);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return utf8OrEscaped(bytes.toByteArray());
    }

    /** UTF-8 as far as it goes; each byte that is not part of a valid sequence as {@code \xNN}. */
    public static String utf8OrEscaped(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            out.flip();
            sb.append(out);
            out.clear();
            if (r.isError()) {
                for (int k = 0; k < r.length(); k++) {
                    sb.append(String.format("\\x%02x", in.get() & 0xff));
                }
            } else {
                break;
            }
        }
        return sb.toString();
    }

    /** Why a link is not followed, or null when it leads to a readable file inside the scanned directory. */
    private static String followLink(Path link, Path realRoot) {
        try {
            Path target = link.toRealPath();
            if (!target.startsWith(realRoot)) {
                return "is a symbolic link to a file outside the scanned directory; it is not followed";
            }
            if (!Files.isRegularFile(target)) {
                return "is a symbolic link to something that is not a regular file";
            }
            if (Files.size(target) > XmlFile.MAX_BYTES) {
                return TOO_LARGE;
            }
            return null;
        } catch (IOException e) {
            return "is a broken symbolic link";
        }
    }

    private boolean matches(String relative) {
        String rel = relative.replace('\\', '/');
        boolean included = false;
        for (Predicate<String> p : includes) {
            if (p.test(rel)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        for (Predicate<String> p : excludes) {
            if (p.test(rel)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The test for one Ant-style pattern. The usual {@code **}{@code /*.xml} is a test of the
     * name's end: as a regular expression, in a JVM that has not compiled it yet, it cost as
     * much as reading every file's attributes.
     */
    static Predicate<String> matcher(String ant) {
        String p = ant.trim().replace('\\', '/');
        if (p.startsWith("**/*") && p.length() > 4 && p.substring(4).chars().noneMatch(c -> c == '*' || c == '?'
                || c == '/')) {
            String suffix = p.substring(4);
            return relative -> relative.endsWith(suffix);
        }
        Pattern regex = toRegex(p);
        return relative -> regex.matcher(relative).matches();
    }

    /** Ant-style pattern to regex: {@code **} spans directories, {@code *} and {@code ?} do not. */
    static Pattern toRegex(String ant) {
        String p = ant.trim().replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "**";
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                boolean slash = i + 2 < p.length() && p.charAt(i + 2) == '/';
                re.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
