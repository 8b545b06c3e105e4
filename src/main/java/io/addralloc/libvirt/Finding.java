package io.addralloc.libvirt;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

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
        message = oneLine(message);
    }

    /** Longest run of non-blank characters (a quoted value, say) a message keeps; the rest is cut. */
    private static final int MAX_QUOTE = 64;
    private static final Pattern OVERLONG_WORD = Pattern.compile("([^\\s']{" + MAX_QUOTE + "})[^\\s']+");

    /**
     * Messages quote values from files anyone can commit; a value must not break the
     * one-line-per-finding log format (a character reference such as {@code &#10;} puts a
     * newline in an attribute), move the terminal's cursor, reorder text (bidi controls) or
     * flood the log. Such characters are written as a backslash, 'u' and four hex digits, and
     * overlong words (values quoted from the file) are cut.
     */
    private static String oneLine(String message) {
        String m = OVERLONG_WORD.matcher(message).replaceAll("$1…");
        StringBuilder sb = null;
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < m.length() && Character.isLowSurrogate(m.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(m.charAt(i - 1)));
            if (unsafe && sb == null) {
                sb = new StringBuilder(m.length() + 16).append(m, 0, i);
            }
            if (unsafe) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        String out = sb == null ? m : sb.toString();
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out;
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
