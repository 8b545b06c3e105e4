package io.addralloc.libvirt.write;

import io.addralloc.libvirt.xml.LocatedElement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the attributes of one element's start tag stand in the source text. */
final class StartTag {
    private static final Pattern ATTRIBUTE =
            Pattern.compile("\\s([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(\"[^\"]*\"|'[^']*')");

    /** Offsets of an attribute's value (inside the quotes) and of the attribute's end. */
    record Span(int valueStart, int valueEnd, int end) {
    }

    final Map<String, Span> attributes = new LinkedHashMap<>();
    /** Where a new attribute goes: right after the last attribute (or the element name). */
    final int insertAt;
    final boolean selfClosing;

    StartTag(String text, LocatedElement e) {
        int start = e.startTagStart();
        int end = e.startTagEnd();
        String tag = text.substring(start, end);
        Matcher m = ATTRIBUTE.matcher(tag);
        int last = 1 + e.getQualifiedName().length();
        while (m.find()) {
            attributes.put(m.group(1), new Span(start + m.start(2) + 1, start + m.end(2) - 1, start + m.end()));
            last = m.end();
        }
        insertAt = start + last;
        selfClosing = tag.endsWith("/>");
    }
}
