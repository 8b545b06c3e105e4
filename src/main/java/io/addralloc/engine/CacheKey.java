package io.addralloc.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * The secret that authenticates the verify cache: 32 random bytes in {@code ~/.addralloc/cache-key},
 * made on first use, readable by its owner only. It lives outside the build's {@code target/} so
 * that a cache planted there, committed, restored from a CI cache or copied from another machine
 * cannot carry a valid MAC: only a run as this user on this machine can write an entry the next
 * run accepts.
 */
public final class CacheKey {
    static final int LENGTH = 32;

    private CacheKey() {}

    /** {@code ~/.addralloc/cache-key}. */
    public static Path defaultFile() throws IOException {
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty() || !Path.of(home).isAbsolute() || !Files.isDirectory(Path.of(home))) {
            throw new IOException("there is no home directory to keep its key in");
        }
        return Path.of(home, ".addralloc", "cache-key");
    }

    /**
     * The key in {@code file}, made if there is none yet.
     *
     * @throws IOException with a message that names no path, saying why there is no usable key
     */
    public static byte[] load(Path file) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (lstat(dir) == null) {
            try {
                Files.createDirectory(dir, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException raced) {
                // another build made it meanwhile
            }
        }
        check(dir, true);
        if (lstat(file) == null) {
            create(file, posix);
        }
        check(file, false);
        byte[] key = new byte[LENGTH];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            if (in.readNBytes(key, 0, LENGTH) != LENGTH || in.read() >= 0) {
                throw new IOException("its key file is not " + LENGTH + " bytes long");
            }
        }
        return key;
    }

    /** Writes a new key beside {@code file} and links it into place, so a reader never sees half a key. */
    private static void create(Path file, boolean posix) throws IOException {
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(".cache-key-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36));
        FileAttribute<?>[] mode = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    mode)) {
                ch.write(ByteBuffer.wrap(key));
                ch.force(true);
            }
            try {
                Files.createLink(file, tmp); // fails if another build made one meanwhile: theirs is kept
            } catch (FileAlreadyExistsException raced) {
                // use theirs
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    // use theirs
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The key and its directory must be what they seem and this user's alone: not links, owned
     * by the user running the build, and not open to others (the key neither readable nor
     * writable, the directory not writable).
     */
    private static void check(Path p, boolean directory) throws IOException {
        String what = directory ? "its key directory" : "its key file";
        BasicFileAttributes a = lstat(p);
        if (a == null) {
            throw new IOException(what + " cannot be made");
        }
        if (a.isSymbolicLink() || (directory ? !a.isDirectory() : !a.isRegularFile())) {
            throw new IOException(what + " is not a " + (directory ? "directory" : "regular file"));
        }
        if (!p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        Map<String, Object> u = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        Integer me = currentUid();
        if (me != null && !me.equals(u.get("uid"))) {
            throw new IOException(what + " belongs to another user");
        }
        int mode = (Integer) u.get("mode");
        if ((mode & (directory ? 0022 : 0077)) != 0) {
            throw new IOException(what + " is open to other users (mode " + Integer.toOctalString(mode & 0777)
                    + "; make it " + (directory ? "700" : "600") + ")");
        }
    }

    /** The uid this process runs as, where the platform says (Linux: the owner of /proc/self). */
    private static Integer currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The attributes of a path itself (a link is not followed), or null when nothing is there. */
    public static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
