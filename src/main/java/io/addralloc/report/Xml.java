package io.addralloc.report;

/** Escaping for XML attribute values and text. */
final class Xml {
    private Xml() {}

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> {
                    // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
                    if (c >= 0x20 || c == 0x9) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
