package io.addralloc.report;

/** Escaping for XML attribute values and text, shared by the baseline and the reports. */
public final class XmlText {
    private XmlText() {}

    /** {@code s} as an attribute value or text; characters XML 1.0 cannot carry at all are dropped. */
    public static String escape(String s) {
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
                    if (c >= 0x20 || c == 0x9) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
