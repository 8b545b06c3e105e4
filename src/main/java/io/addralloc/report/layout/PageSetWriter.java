package io.addralloc.report.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Puts a page set in place as a whole: the pages are written into a directory made new beside
 * the target (so no link planted there is ever written through, and no page of an earlier run
 * is left among the new ones), which then replaces the target. Pages are written on all cores;
 * 10,000 of them are most of the report's cost. No page is forced to disk: the report is made
 * again by running the goal again.
 */
public final class PageSetWriter {
    private static final String NEW = ".new-";
    private static final String OLD = ".old-";

    private PageSetWriter() {}

    /** Writes {@code pages} as the directory {@code target}, replacing what was there. */
    public static void write(Path target, List<LayoutReport.Page> pages) throws IOException {
        Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
        String name = target.getFileName().toString();
        removeLeftovers(parent, name);
        Path fresh = parent.resolve(name + NEW + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(fresh);
        try {
            Files.createDirectory(fresh.resolve("files"));
            pages.parallelStream().forEach(p -> {
                try {
                    writePage(fresh.resolve(p.path()), p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            BasicFileAttributes old = attributes(target);
            if (old != null) {
                if (old.isDirectory()) {
                    Path gone = parent.resolve(name + OLD + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                    Files.move(target, gone, StandardCopyOption.ATOMIC_MOVE);
                    delete(gone);
                } else {
                    Files.delete(target); // a link or a file where the report goes: the link goes, not its target
                }
            }
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (UncheckedIOException e) {
            delete(fresh);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            delete(fresh);
            throw e;
        }
    }

    /**
     * A page is made whole in a builder of its thread's, reused from page to page, and written in
     * one call: with a writer per page (and its buffers), 10,000 pages were a gigabyte of garbage.
     * The pages are ASCII ({@link Html} writes every other character as a reference), for which
     * the UTF-8 bytes are one copy of the builder's.
     */
    private static void writePage(Path file, LayoutReport.Page page) throws IOException {
        StringBuilder text = BUILDERS.get();
        text.setLength(0);
        page.content().writeTo(text);
        Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        if (text.capacity() > 1 << 20) {
            BUILDERS.remove(); // one huge page (a file of thousands of devices) does not stay in memory
        }
    }

    private static final ThreadLocal<StringBuilder> BUILDERS = ThreadLocal.withInitial(() -> new StringBuilder(32 * 1024));

    /** What a run that was killed left: its new or old page sets beside the target. */
    private static void removeLeftovers(Path parent, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, name + ".{new,old}-*")) {
            for (Path p : entries) {
                delete(p);
            }
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Removes a tree without following any link in it. */
    static void delete(Path root) throws IOException {
        BasicFileAttributes a = attributes(root);
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            Files.delete(root);
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
