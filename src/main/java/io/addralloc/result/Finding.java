package io.addralloc.result;

import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One problem in one file, at a position, under a stable rule id.
 *
 * @param rule what was broken; its id is stable across releases (reports key on it)
 * @param severity how much it matters
 * @param path the file as the user knows it (relative to the project, forward slashes), with the
 *     characters that could forge a console line {@link #escape escaped}
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong and what to do about it, in one sentence or two
 * @param element which element of the file the finding is about, independent of where it stands
 *     in the text ({@code /domain/devices/interface[2]/address}, or a key such as
 *     {@code mac 52:54:00:00:00:01} for the checks across files); empty when it is about the
 *     whole file. Reports key on it (SARIF fingerprints), so it must not change when lines are
 *     added above the element or when the message's wording changes.
 * @param related the other party of a clash (the device already on the address), or null
 */
public record Finding(Rule rule, Severity severity, String path, int line, int column, String message,
        String element, Related related) {
    /**
     * Where the other party of a clash stands.
     *
     * @param path its file as reported, or null when it is in the finding's own file
     * @param element its element, as {@link Finding#element()}
     */
    public record Related(String path, int line, int column, String element) {
        public Related {
            path = path == null ? null : escape(path);
            element = element == null ? "" : escape(element);
        }
    }

    /** A finding about {@code element}, with no other party. */
    public Finding(Rule rule, Severity severity, String path, int line, int column, String message) {
        this(rule, severity, path, line, column, message, "", null);
    }

    /** File, then position, then rule, then message: a stable order for output. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path)
            .thenComparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(f -> f.rule().id())
            .thenComparing(Finding::message)
            .thenComparing(Finding::element);

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        path = escape(path);
        message = oneLine(message);
        element = element == null ? "" : escape(element);
    }

    /** Longest run of non-blank characters (a quoted value, say) a message keeps; the rest is cut. */
    private static final int MAX_QUOTE = 64;
    private static final Pattern OVERLONG_WORD = Pattern.compile("([^\\s']{" + MAX_QUOTE + "})[^\\s']+");

    /**
     * Messages quote values from files anyone can commit; a value must not break the
     * one-line-per-finding log format (a character reference such as {@code &#10;} puts a
     * newline in an attribute), move the terminal's cursor, reorder text (bidi controls) or
     * flood the log. Such characters are {@link #escape escaped}, and overlong words (values
     * quoted from the file) are cut.
     */
    private static String oneLine(String message) {
        String out = escape(hasOverlongWord(message) ? OVERLONG_WORD.matcher(message).replaceAll("$1…") : message);
        return out.length() > 1000 ? out.substring(0, 1000) + "…" : out;
    }

    /**
     * Whether {@code s} may hold a word {@link #OVERLONG_WORD} cuts: a run of more than
     * {@link #MAX_QUOTE} characters that are neither white space ({@code \s}) nor a quote. Most
     * messages have none, and the regular expression then costs more than the rest of a finding.
     * Characters are counted, not code points, so a run the expression would not cut may still ask it.
     */
    private static boolean hasOverlongWord(String s) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == '\'') {
                run = 0;
            } else if (++run > MAX_QUOTE) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code s} with every character that could forge or hide a console line written as a
     * backslash, 'u' and four hex digits: control characters (line feed, carriage return,
     * escape, ...), line and paragraph separators, format characters (bidi controls, zero-width
     * characters) and unpaired surrogates. File names are as hostile as values: a committed
     * file may be named {@code "x\n[INFO] BUILD SUCCESS\n.xml"}.
     */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (unsafe && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (unsafe) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** {@code path:line:col: severity: message [rule]}, the form IDEs and CI logs link. */
    public String toConsoleLine() {
        return toConsoleLine(path);
    }

    /** {@link #toConsoleLine()} with the file named {@code shownPath} (already escaped). */
    public String toConsoleLine(String shownPath) {
        StringBuilder sb = new StringBuilder(shownPath);
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
