package io.addralloc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Replaces a file's content so that a reader (or a crash) sees either the old file or the
 * complete new one: the bytes go to a temporary file in the same directory, are forced to disk,
 * get the original's owner, group, mode and extended attributes, and are moved over the original
 * in one step, after which the directory is forced to disk too. On any failure (an I/O error, a
 * runtime exception, an error such as running out of memory) the temporary file is removed and
 * the original is untouched; a JVM that is stopped (SIGTERM, Ctrl-C) removes its temporary files
 * on the way out, and {@link #removeStale} removes those of a run that was killed outright.
 *
 * <p>Two ways to write:
 * <ul>
 *   <li>{@link #replace} (assign's user files): a symbolic link is written through (the caller
 *       decides which links may be written at all) and the link stays a link. The file must still
 *       be the file that was read, holding the bytes that were read; a read-only file, a file with
 *       other hard links and a file whose owner this user cannot keep are refused
 *       ({@link Refused}).</li>
 *   <li>{@link #replaceEntry} (the plugin's own reports and cache): nothing is followed; whatever
 *       the directory entry is (a link, a FIFO, a file) is replaced by a new regular file, so a
 *       link planted there cannot make the build write elsewhere, and a FIFO cannot block it.</li>
 * </ul>
 */
public final class AtomicFileWriter {

    /** Where a test can inject a failure. */
    public enum Stage {
        /** Part of the content is in the temporary file, the rest is not yet. */
        WRITING,
        /** The temporary file is complete; the original is not yet replaced. */
        BEFORE_MOVE
    }

    /** A point between writing the temporary file and moving it, for tests that inject failures. */
    @FunctionalInterface
    public interface BeforeMove {
        void run(Path temporary) throws IOException;
    }

    /** A hook called at each {@link Stage}, for tests that inject failures. */
    @FunctionalInterface
    public interface Hook {
        void at(Stage stage, Path temporary) throws IOException;
    }

    /** How written data is made durable; tests observe it. */
    public interface Durability {
        /** Forces a written file's content and metadata to disk. */
        void force(Path file, FileChannel channel) throws IOException;

        /** Forces a directory to disk after an entry in it was renamed. */
        void forceDirectory(Path dir) throws IOException;
    }

    /** The real thing: fsync of the file, and of the directory where the platform allows opening one. */
    public static final Durability FSYNC = new Durability() {
        @Override
        public void force(Path file, FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public void forceDirectory(Path dir) throws IOException {
            FileChannel ch;
            try {
                ch = FileChannel.open(dir, StandardOpenOption.READ);
            } catch (IOException notOnThisPlatform) {
                return; // Windows cannot open a directory; its renames are durable on their own
            }
            try (ch) {
                ch.force(true);
            }
        }
    };

    /** Content written as a stream, so a large report need not be held in memory twice. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * What a caller read of a file, which the file must still be and hold when it is replaced.
     *
     * @param fileKey the file's identity when it was read ({@link BasicFileAttributes#fileKey()})
     * @param sha256 the SHA-256 of the bytes that were read
     */
    public record Expected(Object fileKey, byte[] sha256) {
        public Expected {
            sha256 = sha256.clone();
        }

        /** What a caller that read {@code content} from a file with this identity expects. */
        public static Expected of(Object fileKey, byte[] content) {
            return new Expected(fileKey, AtomicFileWriter.sha256(content));
        }

        /** The file as it is now (tests, and callers that read it themselves). */
        public static Expected now(Path file) throws IOException {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return of(key, Files.readAllBytes(file));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Expected e && Objects.equals(fileKey, e.fileKey) && Arrays.equals(sha256, e.sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fileKey) * 31 + Arrays.hashCode(sha256);
        }
    }

    /**
     * The file was not replaced, for a reason that lies in the file (not the disk): it changed
     * since it was read, it is read-only, it has other hard links, its owner cannot be kept. The
     * message says why in words that name no path.
     */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }

    static final String CHANGED = "changed on disk while assign ran (edited, replaced, moved or deleted), so it"
            + " is left as it is; run assign again";

    /**
     * Temporary files are named {@code .addralloc-<random>.tmp}: short, so that a file whose name
     * is near the file system's limit can still be written, and recognisable, so that
     * {@link #removeStale} finds them.
     */
    public static final String TEMP_PREFIX = ".addralloc-";
    public static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern TEMP_NAME = Pattern.compile("\\.addralloc-[0-9a-z]{1,16}\\.tmp");
    /** What versions before 0.1.0 named them: {@code .<file name>.<digits>.addralloc.tmp}. */
    private static final Pattern OLD_TEMP_NAME = Pattern.compile("\\..+\\.[0-9]+\\.addralloc\\.tmp", Pattern.DOTALL);

    /** Content is written in pieces of this size, so a failure can fall between two of them. */
    private static final int CHUNK = 4096;

    /** Temporary files being written now, by any writer of this JVM; a shutdown hook removes them. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private final Hook hook;
    private final Durability durability;

    public AtomicFileWriter() {
        this((Hook) (stage, t) -> { });
    }

    public AtomicFileWriter(BeforeMove beforeMove) {
        this((Hook) (stage, t) -> {
            if (stage == Stage.BEFORE_MOVE) {
                beforeMove.run(t);
            }
        });
    }

    public AtomicFileWriter(Hook hook) {
        this(hook, FSYNC);
    }

    public AtomicFileWriter(Hook hook, Durability durability) {
        this.hook = hook;
        this.durability = durability;
    }

    /** Whether {@code name} is one of the temporary files this writer makes (or made in earlier versions). */
    public static boolean isTemporary(String name) {
        return TEMP_NAME.matcher(name).matches() || OLD_TEMP_NAME.matcher(name).matches();
    }

    /**
     * Removes the temporary files a killed run left in {@code dir}: regular files of this
     * writer's naming last modified before {@code before} (a run in progress has newer ones).
     *
     * @return how many were removed
     */
    public static int removeStale(Path dir, FileTime before) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> isTemporary(p.getFileName().toString()))) {
            for (Path p : entries) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isRegularFile() && a.lastModifiedTime().compareTo(before) < 0 && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (NoSuchFileException gone) {
            return 0;
        }
        return removed;
    }

    /**
     * Replaces the file at {@code target} (through a symbolic link, if it is one) with
     * {@code content}, if it is still the file that was read and holds the bytes that were read.
     *
     * @param expected what was read; null to replace whatever the file holds now
     * @throws Refused when the file is not replaced for a reason of its own (see the class comment)
     */
    public void replace(Path target, Expected expected, byte[] content) throws IOException {
        Path file;
        try {
            file = target.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused(CHANGED);
        }
        Path dir = file.getParent();
        Unix before = Unix.of(file);
        if (!before.regular()) {
            throw new Refused(expected == null ? "is not a regular file" : CHANGED);
        }
        if (expected != null && !Objects.equals(before.key(), expected.fileKey())) {
            throw new Refused(CHANGED);
        }
        if (before.links() > 1) {
            throw new Refused("has " + before.links() + " hard links, and replacing it would split them; it is left as"
                    + " it is (remove the other links, or edit it by hand)");
        }
        if (before.readOnly() || !Files.isWritable(file)) {
            throw new Refused("is read-only; it is left as it is (make it writable to let assign write it)");
        }
        Path tmp = createTemporary(dir);
        boolean moved = false;
        try {
            fill(tmp, out -> out.write(content));
            before.copyTo(file, tmp);
            hook.at(Stage.BEFORE_MOVE, tmp);
            if (expected != null) {
                checkUnchanged(file, expected);
            }
            move(tmp, file);
            moved = true;
            durability.forceDirectory(dir);
        } finally {
            release(tmp, moved);
        }
    }

    /** {@link #replaceEntry(Path, Content)} with bytes at hand. */
    public void replaceEntry(Path entry, byte[] content) throws IOException {
        replaceEntry(entry, out -> out.write(content));
    }

    /**
     * Puts a new regular file with {@code content} at {@code entry}, whatever is there now: a
     * link is replaced, not followed; a FIFO or socket is replaced, never opened. A regular file
     * there keeps its mode. Only a directory in the way is an error.
     */
    public void replaceEntry(Path entry, Content content) throws IOException {
        replaceEntry(entry, content, false);
    }

    /**
     * {@link #replaceEntry(Path, Content)}; {@code shared}: a new file gets the mode any new file
     * of this process gets (0666 less the umask: 0644 under the usual umask 022), as the other
     * build outputs have, rather than the temporary file's private 0600.
     */
    public void replaceEntry(Path entry, Content content, boolean shared) throws IOException {
        Path abs = entry.toAbsolutePath();
        Path dir = abs.getParent();
        BasicFileAttributes old = null;
        try {
            old = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            // a new file
        }
        if (old != null && old.isDirectory()) {
            throw new Refused("is a directory; remove it");
        }
        Integer mode = old != null && old.isRegularFile() && Unix.SUPPORTED ? Unix.of(abs).mode() : null;
        Path tmp = createTemporary(dir);
        boolean moved = false;
        try {
            if (mode == null && shared && Unix.SUPPORTED) {
                mode = newFileMode(dir);
            }
            fill(tmp, content);
            if (mode != null) {
                Files.setAttribute(tmp, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            }
            hook.at(Stage.BEFORE_MOVE, tmp);
            move(tmp, abs);
            moved = true;
            durability.forceDirectory(dir);
        } finally {
            release(tmp, moved);
        }
    }

    /** Writes the content to the temporary file in chunks and forces it to disk. */
    private void fill(Path tmp, Content content) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                OutputStream out = new ChunkedOutput(Channels.newOutputStream(ch), tmp)) {
            content.writeTo(out);
            out.flush();
            durability.force(tmp, ch);
        }
    }

    /** Calls the hook after each {@link #CHUNK} bytes that reached the file. */
    private final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private final Path tmp;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private boolean any;

        ChunkedOutput(OutputStream out, Path tmp) {
            this.out = out;
            this.tmp = tmp;
        }

        @Override
        public void write(int b) throws IOException {
            buffer[filled++] = (byte) b;
            if (filled == CHUNK) {
                drain();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    drain();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (filled > 0 || !any) {
                drain();
            }
        }

        private void drain() throws IOException {
            out.write(buffer, 0, filled);
            filled = 0;
            any = true;
            hook.at(Stage.WRITING, tmp);
        }

        @Override
        public void close() {
            // the channel is closed by its owner, after it is forced
        }
    }

    private static void move(Path tmp, Path to) throws IOException {
        try {
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether the file is still the one read, with the bytes read; checked just before the move. */
    private static void checkUnchanged(Path file, Expected expected) throws IOException {
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!now.isRegularFile() || !Objects.equals(now.fileKey(), expected.fileKey())) {
                throw new Refused(CHANGED);
            }
            MessageDigest sha = newSha256();
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            }
            if (!MessageDigest.isEqual(sha.digest(), expected.sha256())) {
                throw new Refused(CHANGED);
            }
        } catch (NoSuchFileException e) {
            throw new Refused(CHANGED);
        }
    }

    /** The permission bits a file created in {@code dir} without asking for any gets: 0666 less the umask. */
    static int newFileMode(Path dir) throws IOException {
        Integer known = newFileMode;
        if (known == null) {
            Path probe = createTemporary(dir, new FileAttribute<?>[0]);
            try {
                known = Unix.of(probe).mode() & 0777;
            } finally {
                Files.deleteIfExists(probe);
                IN_FLIGHT.remove(probe);
            }
            newFileMode = known; // the umask is the process's: one probe serves every directory
        }
        return known;
    }

    private static volatile Integer newFileMode;

    /** A new, empty temporary file in {@code dir}, only its owner may read it; registered for removal. */
    private static Path createTemporary(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return createTemporary(dir, posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0]);
    }

    private static Path createTemporary(Path dir, FileAttribute<?>[] privateMode) throws IOException {
        hookShutdown();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(TEMP_PREFIX + Long.toString(ThreadLocalRandom.current().nextLong() >>> 4, 36)
                    + TEMP_SUFFIX);
            IN_FLIGHT.add(tmp);
            try {
                Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        privateMode).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                IN_FLIGHT.remove(tmp);
                if (attempt > 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException | Error e) {
                IN_FLIGHT.remove(tmp);
                throw e;
            }
        }
    }

    private static void release(Path tmp, boolean moved) {
        try {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // the failure that brought us here is the one to report
        } finally {
            IN_FLIGHT.remove(tmp);
        }
    }

    /** Once per JVM (per plugin class loader): on SIGTERM or Ctrl-C, the temporary files in flight go. */
    private static void hookShutdown() {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFileWriter::removeInFlight, "addralloc-cleanup"));
        }
    }

    private static void removeInFlight() {
        for (Path tmp : IN_FLIGHT) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException e) {
                // nothing more can be done on the way out
            }
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static byte[] sha256(byte[] content) {
        return newSha256().digest(content);
    }

    /**
     * What a replacement keeps of a file, as the {@code unix} attribute view gives it (where the
     * platform has none, only the identity and kind are known and nothing else is kept).
     */
    private record Unix(boolean regular, Object key, int links, int mode, int uid, int gid) {
        static final boolean SUPPORTED = Path.of("").getFileSystem().supportedFileAttributeViews().contains("unix");

        static Unix of(Path file) throws IOException {
            if (!SUPPORTED) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return new Unix(a.isRegularFile(), a.fileKey(), 1, -1, -1, -1);
            }
            Map<String, Object> a = Files.readAttributes(file, "unix:isRegularFile,fileKey,nlink,mode,uid,gid",
                    LinkOption.NOFOLLOW_LINKS);
            return new Unix((Boolean) a.get("isRegularFile"), a.get("fileKey"), (Integer) a.get("nlink"),
                    (Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"));
        }

        /** No write permission for the file's owner: what editors call read-only (root included). */
        boolean readOnly() {
            return mode >= 0 && (mode & 0200) == 0;
        }

        /**
         * Gives {@code tmp} this file's owner, group, mode (set-id bits included) and extended
         * attributes; refuses when this user cannot give it the owner or group.
         */
        void copyTo(Path file, Path tmp) throws IOException {
            if (!SUPPORTED) {
                return;
            }
            Map<String, Object> mine = Files.readAttributes(tmp, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
            try {
                if (!mine.get("uid").equals(uid)) {
                    Files.setAttribute(tmp, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                }
                if (!mine.get("gid").equals(gid)) {
                    Files.setAttribute(tmp, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            } catch (IOException e) {
                throw new Refused("belongs to user " + uid + " and group " + gid + ", which this user cannot give a"
                        + " new file; it is left as it is");
            }
            // after the owner: changing it clears the set-id bits
            Files.setAttribute(tmp, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            copyExtendedAttributes(file, tmp);
        }

        private static void copyExtendedAttributes(Path file, Path tmp) throws IOException {
            UserDefinedFileAttributeView from = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            UserDefinedFileAttributeView to = Files.getFileAttributeView(tmp, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (from == null || to == null) {
                return;
            }
            java.util.List<String> names;
            try {
                names = from.list();
            } catch (UnsupportedOperationException | IOException notSupportedHere) {
                return; // a file system without extended attributes has none to keep
            }
            try {
                for (String name : names) {
                    ByteBuffer value = ByteBuffer.allocate(from.size(name));
                    from.read(name, value);
                    value.flip();
                    to.write(name, value);
                }
            } catch (IOException e) {
                throw new Refused("has extended attributes that cannot be copied to a new file; it is left as it is");
            }
        }
    }
}
