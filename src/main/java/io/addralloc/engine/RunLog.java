package io.addralloc.engine;

/**
 * Where a run's console lines go: Maven's log for the plugin, a list in a test. Each call is
 * one line, already worded; the engine decides the level, the caller only where it shows.
 */
@FunctionalInterface
public interface RunLog {
    /** The levels of a build tool's log. */
    enum Level { DEBUG, INFO, WARNING, ERROR }

    void line(Level level, String text);

    default void debug(String text) {
        line(Level.DEBUG, text);
    }

    default void info(String text) {
        line(Level.INFO, text);
    }

    default void warn(String text) {
        line(Level.WARNING, text);
    }

    default void error(String text) {
        line(Level.ERROR, text);
    }
}
