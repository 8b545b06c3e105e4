package io.addralloc.engine;

/**
 * Where a run's console lines go: Maven's log for the plugin, a list in a test. Each call is
 * one line, already worded; the engine decides the level, the caller only where it shows.
 */
public interface RunLog {
    void debug(String line);

    void info(String line);

    void warn(String line);

    void error(String line);
}
