package io.addralloc.libvirt.xml;

import java.util.List;
import org.dom4j.Element;
import org.dom4j.Node;
import org.dom4j.QName;
import org.dom4j.tree.BackedList;
import org.dom4j.tree.DefaultElement;

/**
 * A dom4j element that remembers where its tags stand in the source text, so findings can
 * point at the device and edits can insert next to it without re-serialising the document.
 * Offsets are into {@link SourceText#text()}; -1 means unknown (an element made in memory).
 *
 * <p>The parser gives where each tag ends; where it starts, and its line and column, are
 * worked out only when asked, since a check asks for a few elements of a file and a file has
 * many.
 */
public final class LocatedElement extends DefaultElement {
    private static final long serialVersionUID = 1L;

    private int startTagEnd = -1;
    private int endTagEnd = -1;
    private transient SourceText source;

    LocatedElement(QName name) {
        super(name);
    }

    void setStartTagEnd(int offset) {
        this.startTagEnd = offset;
    }

    void setEndTagEnd(int offset) {
        this.endTagEnd = offset;
    }

    void resolve(SourceText source) {
        this.source = source;
    }

    private boolean located() {
        return startTagEnd > 0 && source != null;
    }

    /**
     * Which element this is, from the root down, by name and place among the siblings of the same
     * name: {@code /domain/devices/interface[2]/address}. Lines added or removed anywhere, and
     * elements of other names around it, do not change it. For many elements of one file, use one
     * {@link Identities}: this counts the siblings of every ancestor again.
     */
    public String identity() {
        return new Identities().of(this);
    }

    /**
     * Identities of elements of one document, each parent's children counted once: a file with
     * tens of thousands of findings on as many siblings costs linear time, not quadratic.
     */
    public static final class Identities {
        private final java.util.Map<Element, String> known = new java.util.IdentityHashMap<>();

        public String of(Element e) {
            String id = known.get(e);
            if (id != null) {
                return id;
            }
            Element parent = e.getParent();
            if (parent == null) {
                id = "/" + e.getQualifiedName();
                known.put(e, id);
                return id;
            }
            String prefix = of(parent);
            java.util.Map<QName, Integer> counts = new java.util.HashMap<>();
            for (Element child : parent.elements()) {
                counts.merge(child.getQName(), 1, Integer::sum);
            }
            java.util.Map<QName, Integer> seen = new java.util.HashMap<>();
            for (Element child : parent.elements()) {
                int place = seen.merge(child.getQName(), 1, Integer::sum);
                known.put(child, prefix + "/" + child.getQualifiedName()
                        + (counts.get(child.getQName()) > 1 ? "[" + place + "]" : ""));
            }
            return known.get(e);
        }
    }

    /** 1-based line of the start tag's {@code <}, 0 when unknown. */
    public int line() {
        return located() ? source.line(startTagStart()) : 0;
    }

    /** 1-based column of the start tag's {@code <}, 0 when unknown. */
    public int column() {
        return located() ? source.column(startTagStart()) : 0;
    }

    /** Offset of the {@code <} that opens the start tag. */
    public int startTagStart() {
        return located() ? source.text().lastIndexOf('<', startTagEnd - 1) : -1;
    }

    /** Offset just after the {@code >} that closes the start tag. */
    public int startTagEnd() {
        return startTagEnd;
    }

    /** Offset of the {@code <} of the end tag (of the start tag when self-closing). */
    public int endTagStart() {
        if (endTagEnd <= 0 || source == null) {
            return -1;
        }
        return isSelfClosing() ? startTagStart() : source.text().lastIndexOf('<', endTagEnd - 1);
    }

    /** Offset just after the end tag. */
    public int endTagEnd() {
        return endTagEnd;
    }

    /** True for {@code <x/>}: SAX reports the start and the end at the same position. */
    public boolean isSelfClosing() {
        return startTagEnd >= 0 && startTagEnd == endTagEnd;
    }

    /*
     * Finding children by name is what reading a domain does most: in a warm JVM, dom4j's
     * element(String) was a third of the samples of a whole check. dom4j walks the children with
     * an iterator and tests each against the Node and Element interfaces; these loops index the
     * list and test the class first, which the JIT answers with one compare. Results, order and
     * the live list returned are dom4j's (LocatedElementTest).
     */
    @Override
    public Element element(String name) {
        if (nodeCount() < 2) {
            // dom4j keeps no list for fewer than two children, and contentList() would make one.
            return super.element(name);
        }
        List<Node> nodes = contentList();
        for (int i = 0, n = nodes.size(); i < n; i++) {
            Element e = asElement(nodes.get(i));
            if (e != null && name.equals(e.getName())) {
                return e;
            }
        }
        return null;
    }

    @Override
    public List<Element> elements(String name) {
        return children(name, false);
    }

    @Override
    public List<Element> elements() {
        return children(null, true);
    }

    /** The child elements named {@code name}, or all of them, as dom4j's live list. */
    private List<Element> children(String name, boolean all) {
        List<Node> nodes = contentList();
        BackedList<Element> found = createResultList();
        for (int i = 0, n = nodes.size(); i < n; i++) {
            Element e = asElement(nodes.get(i));
            if (e != null && (all || name.equals(e.getName()))) {
                found.addLocal(e);
            }
        }
        return found;
    }

    private static Element asElement(Node node) {
        if (node instanceof DefaultElement e) {
            return e;
        }
        return node.getNodeType() == Node.ELEMENT_NODE ? (Element) node : null;
    }
}
