package io.addralloc.engine;

import io.addralloc.result.FileResult;
import java.nio.file.Path;
import java.util.List;

/**
 * An IDE that runs the build (Eclipse m2e): it skips a run in which no scanned directory
 * changed, shows findings as markers on their files, and so the build does not fail on them.
 */
public interface Ide {
    /** No IDE: a plain build, in which findings can fail it. */
    Ide NONE = new Ide() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public boolean nothingChanged(List<Path> directories) {
            return false;
        }

        @Override
        public void mark(List<Path> files, List<FileResult> results) {
        }
    };

    /** Whether an IDE runs the build (findings become markers, and the build does not fail on them). */
    boolean active();

    /** Whether this is an incremental build in which none of {@code directories} changed. */
    boolean nothingChanged(List<Path> directories);

    /** Replaces each checked file's markers by its findings; {@code files} and {@code results} are in the same order. */
    void mark(List<Path> files, List<FileResult> results);
}
