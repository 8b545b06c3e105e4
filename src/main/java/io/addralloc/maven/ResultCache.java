package io.addralloc.maven;

import io.addralloc.libvirt.FileResult;
import io.addralloc.libvirt.FileResultCodec;
import io.addralloc.libvirt.write.AtomicFileWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-file results of earlier runs, keyed by the SHA-256 of the file's bytes and stamped with
 * what else decides a result (the plugin build and the configuration). One file holds the whole
 * cache, so a warm run costs one read instead of thousands. A cache that is missing, from
 * another plugin build or configuration, or damaged is simply ignored and rebuilt.
 */
final class ResultCache {
    private static final int FORMAT = 1;

    private final Path file;
    private final String stamp;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    // Files are checked in parallel; a plain ++ would lose counts.
    private final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
    /** How many entries the file on disk holds, all still in {@link #entries}; -1 when it holds none for us. */
    private int loaded = -1;
    private volatile boolean changed;
    /** Why the file on disk was not used, when that is worth a warning; null otherwise. */
    private String warning;

    private record Entry(String sha, byte[] data) {
    }

    private ResultCache(Path file, String stamp) {
        this.file = file;
        this.stamp = stamp;
    }

    /** Opens the cache at {@code file}; entries written under another {@code stamp} are dropped. */
    static ResultCache open(Path file, String stamp) {
        ResultCache cache = new ResultCache(file, stamp);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                // A link could point anywhere and a FIFO would block the build: neither is opened.
                cache.warning = "is not a regular file (" + (a.isSymbolicLink() ? "a symbolic link" : "a FIFO, device"
                        + " or directory") + ")";
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
            if (in.readInt() != FORMAT || !stamp.equals(in.readUTF())) {
                return cache;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                String sha = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > 64 << 20) {
                    throw new IOException("damaged");
                }
                byte[] data = new byte[len];
                in.readFully(data);
                cache.entries.put(path, new Entry(sha, data));
            }
            cache.loaded = cache.entries.size() == n ? n : -1;
        } catch (NoSuchFileException e) {
            // first run
        } catch (IOException | RuntimeException e) {
            cache.entries.clear();
        }
        return cache;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The cached result for this path and content, or null. */
    FileResult get(String path, String sha) {
        Entry e = entries.get(path);
        if (e == null || !e.sha.equals(sha)) {
            return null;
        }
        try {
            FileResult r = FileResultCodec.read(new DataInputStream(new java.io.ByteArrayInputStream(e.data)), path);
            hits.incrementAndGet();
            return r;
        } catch (IOException damaged) {
            return null;
        }
    }

    void put(String path, String sha, FileResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            FileResultCodec.write(out, result);
        } catch (IOException e) {
            return;
        }
        entries.put(path, new Entry(sha, bytes.toByteArray()));
        changed = true;
    }

    /** Why the cache on disk was ignored, when that deserves a warning; null otherwise. */
    String warning() {
        return warning;
    }

    int hits() {
        return hits.get();
    }

    /**
     * Writes the entries of the files seen in this run (others are dropped), atomically; when
     * that is exactly what the file already holds (nothing changed), leaves it alone.
     */
    void save(java.util.Set<String> keep) throws IOException {
        Map<String, Entry> sorted = new TreeMap<>(entries);
        sorted.keySet().retainAll(keep);
        if (!changed && sorted.size() == loaded) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(stamp);
            out.writeInt(sorted.size());
            for (Map.Entry<String, Entry> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue().sha);
                out.writeInt(e.getValue().data.length);
                out.write(e.getValue().data);
            }
        }
        Files.createDirectories(file.getParent());
        new AtomicFileWriter().replaceEntry(file, bytes.toByteArray());
    }
}
