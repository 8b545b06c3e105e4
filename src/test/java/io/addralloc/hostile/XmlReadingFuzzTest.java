package io.addralloc.hostile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import java.util.ArrayDeque;
import java.util.Deque;
import org.dom4j.Element;

/**
 * XML reading on arbitrary bytes: it either yields a tree whose every element points at its own
 * tags in the decoded text, or an {@link XmlSyntaxError} with a position and a short printable
 * message; nothing else escapes. Seeds: {@code XmlReadingFuzzTestInputs/parse}.
 */
class XmlReadingFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] bytes) {
        XmlFile xml;
        try {
            xml = XmlFile.parse(bytes);
        } catch (XmlSyntaxError e) {
            String m = e.getMessage();
            if (e.line() < 1 || e.column() < 1 || m == null || m.length() > 300
                    || !m.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\u2026')) {
                throw new AssertionError("bad syntax error: " + e.line() + ":" + e.column() + " " + m);
            }
            return;
        }
        String text = xml.source().text();
        if (!java.util.Arrays.equals(xml.source().encode(text), bytes)) {
            throw new AssertionError("the decoded text does not encode back to the file's bytes");
        }
        Deque<Element> todo = new ArrayDeque<>();
        todo.push(xml.root());
        while (!todo.isEmpty()) {
            LocatedElement e = (LocatedElement) todo.pop();
            int a = e.startTagStart();
            int b = e.startTagEnd();
            int c = e.endTagStart();
            int d = e.endTagEnd();
            boolean ordered = e.isSelfClosing() ? a == c && b == d : b <= c && c < d;
            if (!(0 <= a && a < b && ordered && d <= text.length()) || text.charAt(a) != '<'
                    || text.charAt(b - 1) != '>' || text.charAt(d - 1) != '>' || text.charAt(c) != '<') {
                throw new AssertionError("element " + e.getName() + " is located at " + a + "," + b + "," + c + "," + d
                        + " in a text of " + text.length());
            }
            todo.addAll(e.elements());
        }
    }
}
