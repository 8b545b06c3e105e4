package io.addralloc.libvirt.xml;

import org.dom4j.QName;
import org.dom4j.tree.DefaultElement;

/**
 * A dom4j element that remembers where its tags stand in the source text, so findings can
 * point at the device and edits can insert next to it without re-serialising the document.
 * Offsets are into {@link SourceText#text()}; -1 means unknown (an element made in memory).
 */
public final class LocatedElement extends DefaultElement {
    private static final long serialVersionUID = 1L;

    private int startTagEnd = -1;
    private int endTagEnd = -1;
    private int startTagStart = -1;
    private int endTagStart = -1;
    private int line;
    private int column;

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
        String text = source.text();
        if (startTagEnd > 0) {
            startTagStart = text.lastIndexOf('<', startTagEnd - 1);
            line = source.line(startTagStart);
            column = source.column(startTagStart);
        }
        if (endTagEnd > 0) {
            endTagStart = isSelfClosing() ? startTagStart : text.lastIndexOf('<', endTagEnd - 1);
        }
    }

    /** 1-based line of the start tag's {@code <}, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the start tag's {@code <}, 0 when unknown. */
    public int column() {
        return column;
    }

    /** Offset of the {@code <} that opens the start tag. */
    public int startTagStart() {
        return startTagStart;
    }

    /** Offset just after the {@code >} that closes the start tag. */
    public int startTagEnd() {
        return startTagEnd;
    }

    /** Offset of the {@code <} of the end tag (of the start tag when self-closing). */
    public int endTagStart() {
        return endTagStart;
    }

    /** Offset just after the end tag. */
    public int endTagEnd() {
        return endTagEnd;
    }

    /** True for {@code <x/>}: SAX reports the start and the end at the same position. */
    public boolean isSelfClosing() {
        return startTagEnd >= 0 && startTagEnd == endTagEnd;
    }
}
