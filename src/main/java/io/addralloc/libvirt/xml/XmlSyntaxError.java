package io.addralloc.libvirt.xml;

/** A file that cannot be read as XML, with the position the parser stopped at. */
public final class XmlSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public XmlSyntaxError(int line, int column, String message) {
        super(message);
        this.line = Math.max(1, line);
        this.column = Math.max(1, column);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
