package io.addralloc.result;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.dom4j.Element;

/**
 * Which element of a parsed file a finding is about, found by its position: a finding on an
 * element points at the {@code <} of its start tag (line and column, as
 * {@link LocatedElement#line()} and {@link LocatedElement#column()} give them). A position inside
 * a tag or an element's content, which no check makes today, falls back to the innermost element
 * around it. Suppressions (XPath, inline comments) and the baseline's fingerprints both ask this.
 */
public final class FindingElements {
    private final XmlFile xml;
    private final Map<Long, LocatedElement> byStart = new HashMap<>();

    private FindingElements(XmlFile xml) {
        this.xml = xml;
        Deque<Element> todo = new ArrayDeque<>();
        todo.push(xml.root());
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            if (e instanceof LocatedElement l && l.line() > 0) {
                byStart.putIfAbsent(key(l.line(), l.column()), l);
            }
            for (Element child : e.elements()) {
                todo.push(child);
            }
        }
    }

    /** The elements of {@code xml}, indexed by where they start. */
    public static FindingElements of(XmlFile xml) {
        return new FindingElements(xml);
    }

    public XmlFile xml() {
        return xml;
    }

    private static long key(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }

    /** The element {@code f} is about, or null when it is about the whole file (no line). */
    public LocatedElement at(Finding f) {
        return at(f.line(), f.column());
    }

    /** The element starting at this position, else the innermost one around it; null for line 0. */
    public LocatedElement at(int line, int column) {
        if (line <= 0) {
            return null;
        }
        LocatedElement exact = byStart.get(key(line, column));
        return exact != null ? exact : around(xml, line, column);
    }

    /**
     * As {@code of(xml).at(line, column)} for one position, without indexing every element: for a
     * caller that asks once per file (the pinned check).
     */
    public static LocatedElement at(XmlFile xml, int line, int column) {
        if (line <= 0) {
            return null;
        }
        Deque<Element> todo = new ArrayDeque<>();
        todo.push(xml.root());
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            if (e instanceof LocatedElement l && l.line() == line && l.column() == column) {
                return l;
            }
            for (Element child : e.elements()) {
                todo.push(child);
            }
        }
        return around(xml, line, column);
    }

    /** The innermost element around this position, or null when it lies outside the root. */
    private static LocatedElement around(XmlFile xml, int line, int column) {
        int offset = xml.source().offset(line, Math.max(column, 1));
        LocatedElement inner = xml.root();
        if (!contains(inner, offset)) {
            return null;
        }
        boolean deeper = true;
        while (deeper) {
            deeper = false;
            for (Element child : inner.elements()) {
                if (child instanceof LocatedElement l && contains(l, offset)) {
                    inner = l;
                    deeper = true;
                    break;
                }
            }
        }
        return inner;
    }

    private static boolean contains(LocatedElement e, int offset) {
        return e.startTagStart() >= 0 && e.startTagStart() <= offset && offset < e.endTagEnd();
    }
}
