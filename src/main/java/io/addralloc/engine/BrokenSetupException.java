package io.addralloc.engine;

/**
 * A run that cannot be made as configured (a directory that does not exist, a report that
 * cannot be written), as opposed to findings in the files. Its message is the whole story for
 * the user, worded for the console: no stack trace is needed to act on it.
 */
public final class BrokenSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public BrokenSetupException(String message) {
        super(message, null, false, false);
    }
}
