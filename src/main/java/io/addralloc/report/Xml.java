package io.addralloc.report;

import io.addralloc.report.XmlText;

/** Escaping for XML attribute values and text (the engine's, which the baseline also writes with). */
final class Xml {
    private Xml() {}

    static String escape(String s) {
        return XmlText.escape(s);
    }
}
