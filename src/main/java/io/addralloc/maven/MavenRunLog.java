package io.addralloc.maven;

import io.addralloc.engine.RunLog;
import org.apache.maven.plugin.logging.Log;

/** A run's lines in Maven's log, at the level the engine chose. */
record MavenRunLog(Log log) implements RunLog {
    @Override
    public void line(Level level, String text) {
        switch (level) {
            case DEBUG -> log.debug(text);
            case INFO -> log.info(text);
            case WARNING -> log.warn(text);
            case ERROR -> log.error(text);
        }
    }
}
