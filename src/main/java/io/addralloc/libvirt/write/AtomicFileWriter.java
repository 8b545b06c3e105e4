package io.addralloc.libvirt.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file's content so that a reader (or a crash) sees either the old file or the
 * complete new one: the bytes go to a temporary file in the same directory, are forced to
 * disk, get the original's permissions, and are moved over the original in one step. On any
 * failure (an I/O error, a runtime exception, an error such as running out of memory) the
 * temporary file is removed and the original is untouched.
 *
 * <p>A symbolic link is written through: the file it points at gets the new content and the
 * link stays a link (the caller decides which links may be written at all).
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

    /** Content is written in pieces of this size, so a failure can fall between two of them. */
    private static final int CHUNK = 4096;

    private final Hook hook;

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
        this.hook = hook;
    }

    public void write(Path target, byte[] content) throws IOException {
        Path file = Files.isSymbolicLink(target) ? target.toRealPath() : target.toAbsolutePath();
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".addralloc.tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                int offset = 0;
                do {
                    ByteBuffer buf = ByteBuffer.wrap(content, offset, Math.min(CHUNK, content.length - offset));
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    offset += Math.min(CHUNK, content.length - offset);
                    hook.at(Stage.WRITING, tmp);
                } while (offset < content.length);
                ch.force(true);
            }
            copyPermissions(file, tmp);
            hook.at(Stage.BEFORE_MOVE, tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the failure that brought us here is the one to report
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null && Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            Set<PosixFilePermission> perms = src.readAttributes().permissions();
            dst.setPermissions(perms);
        }
    }
}
