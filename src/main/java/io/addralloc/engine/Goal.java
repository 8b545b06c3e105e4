package io.addralloc.engine;

import io.addralloc.result.FileResult;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What one goal does with the files a {@link Run} chose: check each one (for assign, also draft
 * its new content), and, at the steps below, finish what needs every file. A goal is used for
 * one run: it may keep what it learns of the files until {@link #afterAll}.
 */
public interface Goal {
    /** The goal's name, for messages and the cache's file name. */
    String name();

    /** Checks (for assign, also drafts the new content of) one readable file. */
    FileResult process(Input in);

    /** Whether this goal's per-file results depend on nothing but the file's bytes. */
    default boolean cacheable() {
        return false;
    }

    /** Whether {@link Input#fileKey()} is wanted: assign checks that it replaces the file it read. */
    default boolean needsIdentity() {
        return false;
    }

    /** Whether errors in the files may fail the build (a report shows them instead). */
    default boolean failsOnErrors() {
        return true;
    }

    /** Whether this goal writes the findings as the baseline ({@code addralloc:baseline}) rather than comparing them with it. */
    default boolean writesBaseline() {
        return false;
    }

    /**
     * Called with every file's result, in the targets' order, before the checks across files;
     * returns the results to go on with (assign finishes here the files that waited for the
     * build's MACs).
     */
    default List<FileResult> afterProcessing(List<Target> targets, List<FileResult> results) {
        return results;
    }

    /**
     * Called with the final results (the checks across files included), in the targets' order,
     * before anything is printed or reported; returns the results to report (assign writes here,
     * and adds what it could not write).
     *
     * @param started when this run started: temporary files older than that are left by another run
     */
    default List<FileResult> afterChecks(Run run, List<Target> targets, List<FileResult> results, FileTime started) {
        return results;
    }

    /** Called after all files are reported, before the summary; prints the goal's own additions. */
    default void afterAll(Run run, List<Target> targets, List<FileResult> results) throws BrokenSetupException {
    }

    /**
     * A selected file and, when it cannot be read as a file, why not.
     *
     * @param relative the path as reported: relative to the module, forward slashes
     * @param inDirectory the path relative to the scanned directory it was found in, which
     *     {@code excludes} patterns match
     */
    record Target(Path path, String relative, String problem, String inDirectory) {
        public Target(Path path, String relative, String problem) {
            this(path, relative, problem, relative);
        }
    }

    /**
     * What was read of a file.
     *
     * @param fileKey the file's identity when it was read, when {@link #needsIdentity()} (else null)
     * @param inDirectory as {@link Target#inDirectory()}
     */
    record Input(Path path, String relative, byte[] content, Object fileKey, String inDirectory) {
        public Input(Path path, String relative, byte[] content, Object fileKey) {
            this(path, relative, content, fileKey, relative);
        }
    }
}
