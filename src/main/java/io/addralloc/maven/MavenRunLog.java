package io.addralloc.maven;

import io.addralloc.engine.RunLog;
import org.apache.maven.plugin.logging.Log;

/** A run's lines in Maven's log, at the level the engine chose. */
record MavenRunLog(Log log) implements RunLog {
    @Override
    public void debug(String line) {
        log.debug(line);
    }

    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void error(String line) {
        log.error(line);
    }
}
