package io.addralloc.report.layout;

/**
 * Text from files as HTML and SVG text: markup characters become references, so a device alias
 * such as {@code <script>} shows as text, and characters that could hide or reorder what a
 * reader sees (control characters, bidi controls, zero-width characters, unpaired surrogates)
 * show as {@code \u202e} and the like. Tabs stay.
 */
final class Html {
    private Html() {}

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '\t' -> null;
                default -> hidden(s, i, c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (replacement != null) {
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean hidden(String s, int i, char c) {
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
        }
        if (Character.isLowSurrogate(c)) {
            return !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
        }
        return false;
    }

    /** {@code s} cut to {@code max} characters (an ellipsis marks the cut), never inside a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
