package io.addralloc.libvirt;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in one file, at a position, under a stable rule id.
 *
 * @param rule what was broken; its id is stable across releases (reports key on it)
 * @param severity how much it matters
 * @param path the file as the user knows it (relative to the project, forward slashes)
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong and what to do about it, in one sentence or two
 */
public record Finding(Rule rule, Severity severity, String path, int line, int column, String message) {
    /** File, then position, then rule, then message: a stable order for output. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
            .thenComparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(f -> f.rule().id())
            .thenComparing(Finding::message);

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path:line:col: severity: message [rule]}, the form IDEs and CI logs link. */
    public String toConsoleLine() {
        StringBuilder sb = new StringBuilder(path);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(severity.word()).append(": ").append(message)
                .append(" [").append(rule.id()).append(']').toString();
    }
}
