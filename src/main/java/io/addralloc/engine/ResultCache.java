package io.addralloc.engine;

import io.addralloc.result.FileResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-file results of earlier runs, keyed by the file's path and the SHA-256 of its bytes, and
 * stamped with what else decides a result (the plugin build and the goal). One file holds the
 * whole cache, so a warm run costs one read instead of thousands.
 *
 * <p>A cache must never make a file pass that would fail, so every entry carries an HMAC-SHA256
 * over the stamp, the path, the content hash and the result, made with a {@link CacheKey key}
 * that is kept in the user's home, not in {@code target/}. A cache with one entry that does not
 * authenticate (hand-made, altered, or written on another machine or by another user) or that is
 * damaged is ignored as a whole, with a {@link #warning()}; a cache of another plugin build is
 * ignored quietly. Entries are plain data written field by field, so a bad one can only fail to
 * read, never run code.
 *
 * <p>Memory: loaded entries are dropped as they are used, and {@link #save} writes the results of
 * this run as a stream, so the cache never holds the build's results a second time.
 */
public final class ResultCache {
    static final int MAGIC = 0x61646331; // "adc1"
    static final int FORMAT = 5;
    private static final int SHA_BYTES = 32;
    private static final int MAC_BYTES = 32;
    /** A cache larger than this is not read (100,000 files take about 20 MB). */
    static final long MAX_BYTES = 1L << 30;

    private final Path file;
    private final byte[] stamp;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    /** Entries read from disk, each removed when its file asks for it. */
    private final Map<String, Entry> loaded = new ConcurrentHashMap<>();
    /** The content hash of each file of this run whose result may be cached (hits and new results). */
    private final Map<String, byte[]> seen = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    /** How many entries the file on disk holds when they were all accepted; -1 otherwise. */
    private int onDisk = -1;
    private volatile boolean changed;
    private String warning;

    private record Entry(byte[] sha, byte[] data) {
    }

    private ResultCache(Path file, String stamp, byte[] key) {
        this.file = file;
        this.stamp = stamp.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(this.key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        });
    }

    /** Opens the cache at {@code file}, authenticated with {@code key}; see the class comment. */
    public static ResultCache open(Path file, String stamp, byte[] key) {
        ResultCache cache = new ResultCache(file, stamp, key);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                // A link could point anywhere and a FIFO would block the build: neither is opened.
                cache.warning = "is not a regular file (" + (a.isSymbolicLink() ? "a symbolic link" : "a FIFO, device"
                        + " or directory") + ")";
                return cache;
            }
            if (a.size() > MAX_BYTES) {
                cache.warning = "is larger than " + (MAX_BYTES >> 20) + " MiB";
                return cache;
            }
        } catch (NoSuchFileException e) {
            return cache; // first run
        } catch (IOException e) {
            cache.warning = "cannot be read (" + e.getClass().getSimpleName() + ")";
            return cache;
        }
        try (InputStream raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            cache.load(in);
        } catch (EOFException | RuntimeException e) {
            cache.drop("is damaged (it ends early or holds impossible values)");
        } catch (IOException e) {
            cache.drop(e.getMessage() != null && e.getMessage().startsWith("is ") ? e.getMessage()
                    : "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return cache;
    }

    private void load(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("is not a cache this plugin wrote");
        }
        if (in.readInt() != FORMAT || !Arrays.equals(stamp, readBytes(in, 1 << 16))) {
            return; // another plugin build's: checked again, quietly
        }
        int n = in.readInt();
        if (n < 0) {
            throw new EOFException();
        }
        byte[] mac = new byte[MAC_BYTES];
        for (int i = 0; i < n; i++) {
            String path = in.readUTF();
            byte[] sha = new byte[SHA_BYTES];
            in.readFully(sha);
            byte[] data = readBytes(in, 64 << 20);
            in.readFully(mac);
            if (!MessageDigest.isEqual(mac, mac(path, sha, data))) {
                throw new IOException("is not authentic (an entry's HMAC does not match this user's key in"
                        + " ~/.addralloc: it was made by hand, altered, or written on another machine)");
            }
            loaded.put(path, new Entry(sha, data));
        }
        if (in.read() >= 0) {
            throw new IOException("is damaged (data after its last entry)");
        }
        onDisk = loaded.size() == n ? n : -1;
    }

    private void drop(String why) {
        loaded.clear();
        onDisk = -1;
        warning = why;
    }

    private static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > max) {
            throw new EOFException();
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** HMAC-SHA256 over the stamp, path, content hash and result, each length-prefixed. */
    private byte[] mac(String path, byte[] sha, byte[] data) {
        Mac m = macs.get();
        update(m, stamp);
        update(m, path.getBytes(StandardCharsets.UTF_8));
        update(m, sha);
        update(m, data);
        return m.doFinal();
    }

    private static void update(Mac m, byte[] b) {
        int n = b.length;
        m.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        m.update(b);
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Why the cache on disk was ignored, when that deserves a warning; null otherwise. */
    public String warning() {
        return warning;
    }

    /** The cached result for this path and content, or null. */
    public FileResult get(String path, byte[] sha) {
        Entry e = loaded.remove(path);
        if (e == null || !Arrays.equals(e.sha, sha)) {
            return null;
        }
        try {
            FileResult r = FileResultCodec.read(new DataInputStream(new ByteArrayInputStream(e.data)), path);
            seen.put(path, sha);
            hits.incrementAndGet();
            return r;
        } catch (IOException damaged) {
            return null;
        }
    }

    /** Records that this file's result is to be cached (it is encoded when the cache is saved). */
    public void put(String path, byte[] sha) {
        seen.put(path, sha);
        changed = true;
    }

    public int hits() {
        return hits.get();
    }

    /**
     * Writes the results of this run's files that had one to cache (others are dropped),
     * streaming, atomically; when that is exactly what the file already holds (every file a hit,
     * none new, none gone), leaves it alone.
     *
     * @param results per-file results (before the checks across files), any order
     */
    public void save(List<FileResult> results) throws IOException {
        if (!changed && hits.get() == onDisk && seen.size() == onDisk) {
            return;
        }
        // Two names that read alike are one path here: its entry is written once.
        Set<String> paths = new HashSet<>();
        List<FileResult> kept = results.stream().filter(r -> seen.containsKey(r.path()) && paths.add(r.path())).toList();
        Files.createDirectories(file.getParent());
        new AtomicFileWriter().replaceEntry(file, stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(stamp.length);
            out.write(stamp);
            out.writeInt(kept.size());
            ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
            for (FileResult r : kept) {
                buf.reset();
                try (DataOutputStream d = new DataOutputStream(buf)) {
                    FileResultCodec.write(d, r);
                }
                byte[] data = buf.toByteArray();
                byte[] sha = seen.get(r.path());
                out.writeUTF(r.path());
                out.write(sha);
                out.writeInt(data.length);
                out.write(data);
                out.write(mac(r.path(), sha, data));
            }
            out.flush();
        });
    }
}
