package io.addralloc.report.layout;

/**
 * Text from files as HTML and SVG text: markup characters become references, so a device alias
 * such as {@code <script>} shows as text, and characters that could hide or reorder what a
 * reader sees (control characters, bidi controls, zero-width characters, unpaired surrogates)
 * show as {@code \u202e} and the like. Tabs stay. Every other character beyond ASCII becomes a
 * numeric reference, so the pages are ASCII: Java then builds them one byte a character.
 */
final class Html {
    private Html() {}

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            int at = i;
            char c = s.charAt(i);
            String replacement;
            if (c >= ' ' && c < 0x7f) {
                replacement = switch (c) {
                    case '&' -> "&amp;";
                    case '<' -> "&lt;";
                    case '>' -> "&gt;";
                    case '"' -> "&quot;";
                    case '\'' -> "&#39;";
                    default -> null;
                };
            } else if (c == '\t') {
                replacement = null;
            } else if (hidden(s, i, c)) {
                replacement = "\\u" + hex(c, 4);
            } else if (Character.isHighSurrogate(c)) {
                replacement = "&#" + s.codePointAt(i) + ";";
                i++; // hidden() saw the pair whole
            } else {
                replacement = "&#" + (int) c + ";";
            }
            if (replacement != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, at);
            }
            if (replacement != null) {
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Writes {@code s} escaped as {@link #escape} does, straight into {@code out}: the runs between
     * the characters to replace are appended as they are, so no string is made for the escaped text.
     */
    static void write(Appendable out, String s) throws java.io.IOException {
        if (s == null) {
            return;
        }
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c < 0x7f && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' || c == '\t') {
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            out.append(s, run, i).append(escape(s.substring(i, end)));
            i = end - 1;
            run = end;
        }
        out.append(s, run, s.length());
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

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code v} as at least {@code digits} lower-case hex digits (String.format costs a parse per call). */
    static String hex(long v, int digits) {
        String h = Long.toHexString(v);
        if (h.length() >= digits) {
            return h;
        }
        StringBuilder sb = new StringBuilder(digits);
        for (int i = h.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(h).toString();
    }

    /** A PCI address as libvirt writes it: {@code 0000:00:1f.2}. */
    static String pci(long domain, long bus, long slot, long function) {
        return hex(domain, 4) + ":" + hex(bus, 2) + ":" + hex(slot, 2) + "." + HEX[(int) (function & 15)];
    }

    /** {@code s} cut to {@code max} characters ("..." marks the cut), never inside a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 3;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "...";
    }
}
