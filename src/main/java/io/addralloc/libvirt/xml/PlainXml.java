package io.addralloc.libvirt.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Attribute;
import org.dom4j.Document;
import org.dom4j.DocumentFactory;
import org.dom4j.QName;

/**
 * A parser for the plain XML nearly every libvirt definition is written in: ASCII, LF line ends,
 * no namespaces, DOCTYPE, CDATA or processing instructions. It gives the tree the full parser
 * gives (adjacent text merged) and the same tag positions, or null for anything outside that
 * subset or not well-formed, which then goes to the full parser for its verdict and message.
 *
 * <p>Why it exists: in a cold Maven JVM, compiling the full parser's code was the largest part
 * of verify's cost per file over the first ten thousand files, and this is a few small loops.
 * {@code PlainXmlTest} holds it to the full parser's trees, positions and verdicts on every
 * test file and on mutated ones.
 *
 * <p>It scans the file's bytes, which for these files are its characters, rather than the
 * decoded string: until the JIT's second compiler has caught up (in a cold JVM, the first tens
 * of thousands of files), each {@code String.charAt} is a call with its own bounds check, and
 * those calls were a quarter of this parser's time; an array read is one instruction at every
 * tier. For the same reason text and attribute values without references or line breaks become
 * strings straight from the bytes, without a builder.
 */
final class PlainXml {
    /** Names longer than this go to the full parser, whose secure mode limits them. */
    private static final int MAX_NAME = 200;
    /** Elements with more attributes go to the full parser, whose secure mode limits them. */
    private static final int MAX_ATTRIBUTES = 100;

    private final byte[] b;
    private final int n;
    private final SourceText source;
    private final DocumentFactory factory;
    private final Names names;
    private final StringBuilder buffer = new StringBuilder();
    private int i;

    private PlainXml(SourceText source, byte[] bytes, Names names) {
        this.b = bytes;
        this.n = bytes.length;
        this.source = source;
        this.factory = names.factory;
        this.names = names;
    }

    /**
     * The document, or null when the full parser must decide. {@code bytes} are the bytes
     * {@code source} was decoded from; files whose characters are not their bytes are declined.
     */
    static Document parse(SourceText source, byte[] bytes, DocumentFactory factory) {
        return parse(source, bytes, new Names(factory));
    }

    /** The same, with a reader's table of the names it has seen. */
    static Document parse(SourceText source, byte[] bytes, Names names) {
        if (source.hasBom() || source.text().length() != bytes.length
                || !StandardCharsets.UTF_8.equals(source.charset())) {
            return null; // UTF-8 without a BOM in which every character is one byte: ASCII
        }
        return new PlainXml(source, bytes, names).document();
    }

    /**
     * Element and attribute names already seen, looked up straight from the bytes: the factory's
     * own cache is a synchronized weak map behind a substring per name, and a domain file
     * repeats a few dozen names. Used by one thread at a time, like the reader holding it.
     */
    static final class Names {
        private static final int SIZE = 512;
        private final DocumentFactory factory;
        private final QName[] table = new QName[SIZE];
        private final byte[][] spelled = new byte[SIZE][];
        private int used;

        Names(DocumentFactory factory) {
            this.factory = factory;
        }

        /** {@code h}: the bytes' hash as {@code 31 * h + byte}, which the caller makes while scanning them. */
        QName get(byte[] text, int start, int end, int h) {
            int length = end - start;
            for (int slot = (h ^ (h >>> 16)) & (SIZE - 1); ; slot = (slot + 1) & (SIZE - 1)) {
                QName q = table[slot];
                if (q == null) {
                    QName made = factory.createQName(ascii(text, start, end));
                    if (used < SIZE / 2) { // a full table stays correct, it just stops learning
                        table[slot] = made;
                        spelled[slot] = java.util.Arrays.copyOfRange(text, start, end);
                        used++;
                    }
                    return made;
                }
                if (sameBytes(spelled[slot], text, start, length)) {
                    return q;
                }
            }
        }

        private static boolean sameBytes(byte[] name, byte[] text, int start, int length) {
            if (name.length != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if (name[k] != text[start + k]) {
                    return false;
                }
            }
            return true;
        }
    }

    private Document document() {
        if (source.firstCarriageReturn() >= 0) {
            return null; // the full parser normalises line ends
        }
        Document doc = factory.createDocument();
        if (startsWith(0, "<?xml") && !declaration()) {
            return null;
        }
        if (!misc(doc)) {
            return null;
        }
        if (i >= n || b[i] != '<' || !isNameStart(at(i + 1))) {
            return null;
        }
        if (!root(doc)) {
            return null;
        }
        return misc(doc) && i == n ? doc : null;
    }

    /** The byte at {@code k} (negative when it is not ASCII), or 0 past the end. */
    private int at(int k) {
        return k < n ? b[k] : 0;
    }

    private boolean startsWith(int at, String literal) {
        int length = literal.length();
        if (at + length > n) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (b[at + k] != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The characters from {@code start} to {@code end} (exclusive). */
    private String string(int start, int end) {
        return ascii(b, start, end);
    }

    /**
     * The ASCII bytes from {@code start} to {@code end} as a string. The constructor is deprecated
     * for bytes that are not ASCII, which these are; it is a plain copy, where the one taking a
     * charset is a large method C2 does not inline (warm, a parse took 6.0 us against 5.5).
     */
    @SuppressWarnings("deprecation")
    private static String ascii(byte[] bytes, int start, int end) {
        return new String(bytes, 0, start, end - start);
    }

    /** Where byte {@code c} next stands from {@code from} on, or -1. */
    private int indexOf(int c, int from) {
        for (int k = from; k < n; k++) {
            if (b[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\n' || c == '\t';
    }

    private static boolean isNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** ASCII characters that may follow a name's first: a table, since names are most of a file's bytes. */
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            NAME_CHAR[c] = isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }
    }

    private boolean skipSpace() {
        int start = i;
        while (i < n && isSpace(b[i])) {
            i++;
        }
        return i > start;
    }

    /** {@code <?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"] ?>} and nothing else. */
    private boolean declaration() {
        i = 5;
        if (!skipSpace() || !startsWith(i, "version")) {
            return false;
        }
        i += 7;
        String version = pseudoAttribute();
        if (!"1.0".equals(version)) {
            return false;
        }
        boolean space = skipSpace();
        if (space && startsWith(i, "encoding")) {
            i += 8;
            if (!"UTF-8".equalsIgnoreCase(pseudoAttribute())) {
                return false;
            }
            space = skipSpace();
        }
        if (space && startsWith(i, "standalone")) {
            i += 10;
            String standalone = pseudoAttribute();
            if (!"yes".equals(standalone) && !"no".equals(standalone)) {
                return false;
            }
            skipSpace();
        }
        if (!startsWith(i, "?>")) {
            return false;
        }
        i += 2;
        return true;
    }

    private String pseudoAttribute() {
        skipSpace();
        if (at(i) != '=') {
            return null;
        }
        i++;
        skipSpace();
        int q = at(i);
        if (q != '"' && q != '\'') {
            return null;
        }
        int end = indexOf(q, i + 1);
        if (end < 0) {
            return null;
        }
        String value = string(i + 1, end);
        i = end + 1;
        return value;
    }

    /** Whitespace and comments outside the root element. */
    private boolean misc(Document doc) {
        while (true) {
            skipSpace();
            if (startsWith(i, "<!--")) {
                String text = comment();
                if (text == null) {
                    return false;
                }
                if (!text.isEmpty()) {
                    doc.addComment(text);
                }
            } else {
                return true;
            }
        }
    }

    /** The text of the comment at {@code i}, or null when it is not well-formed. */
    private String comment() {
        int end = i + 4;
        while (end + 1 < n && !(b[end] == '-' && b[end + 1] == '-')) {
            end++;
        }
        if (end + 1 >= n || at(end + 2) != '>') {
            return null; // unterminated, or "--" inside
        }
        for (int k = i + 4; k < end; k++) {
            if (!isTextChar(b[k])) {
                return null;
            }
        }
        String text = string(i + 4, end);
        i = end + 3;
        return text;
    }

    private static boolean isTextChar(int c) {
        return c >= 0x20 ? c < 0x80 : c == '\n' || c == '\t';
    }

    /** The name at {@code i}, or null when there is none or it is not a plain name. */
    private QName name() {
        int start = i;
        if (!isNameStart(at(i))) {
            return null;
        }
        int h = b[i++];
        for (int c; i < n && (c = b[i]) >= 0 && NAME_CHAR[c]; i++) {
            h = 31 * h + c;
        }
        if (i - start > MAX_NAME || at(i) == ':') {
            return null;
        }
        return names.get(b, start, i, h);
    }

    private boolean root(Document doc) {
        List<LocatedElement> open = new ArrayList<>();
        LocatedElement root = startTag(open);
        if (root == null) {
            return false;
        }
        doc.add(root);
        while (!open.isEmpty()) {
            if (i >= n) {
                return false;
            }
            if (b[i] != '<') {
                if (!text(open.get(open.size() - 1))) {
                    return false;
                }
                continue;
            }
            int next = at(i + 1);
            if (next == '/') {
                if (!endTag(open)) {
                    return false;
                }
            } else if (next == '!') {
                if (!startsWith(i, "<!--")) {
                    return false; // CDATA and declarations: the full parser
                }
                String text = comment();
                if (text == null) {
                    return false;
                }
                if (!text.isEmpty()) {
                    open.get(open.size() - 1).addComment(text);
                }
            } else {
                LocatedElement parent = open.get(open.size() - 1);
                if (open.size() >= XmlFile.MAX_DEPTH) {
                    return false;
                }
                LocatedElement child = startTag(open);
                if (child == null) {
                    return false;
                }
                parent.add(child);
            }
        }
        return true;
    }

    /**
     * The start tag at {@code i}: the element with its attributes, pushed on {@code open} unless
     * it is empty ({@code <x/>}); null when it is not well-formed.
     */
    private LocatedElement startTag(List<LocatedElement> open) {
        i++;
        QName name = name();
        if (name == null) {
            return null;
        }
        LocatedElement e = new LocatedElement(name);
        int attributes = 0;
        while (true) {
            boolean space = skipSpace();
            int c = at(i);
            if (c == '>') {
                i++;
                e.setStartTagEnd(i);
                open.add(e);
                return e;
            }
            if (c == '/') {
                if (at(i + 1) != '>') {
                    return null;
                }
                i += 2;
                e.setStartTagEnd(i);
                e.setEndTagEnd(i);
                e.resolve(source);
                return e;
            }
            if (!space || ++attributes > MAX_ATTRIBUTES) {
                return null;
            }
            QName attribute = name();
            if (attribute == null || attribute.getName().startsWith("xmlns") || e.attribute(attribute) != null) {
                return null; // namespaces go to the full parser; a repeated attribute is an error
            }
            skipSpace();
            if (at(i) != '=') {
                return null;
            }
            i++;
            skipSpace();
            String value = attributeValue();
            if (value == null) {
                return null;
            }
            Attribute a = factory.createAttribute(e, attribute, value);
            e.add(a);
        }
    }

    private String attributeValue() {
        int q = at(i);
        if (q != '"' && q != '\'') {
            return null;
        }
        i++;
        StringBuilder sb = null; // only for a value with a reference or a line break
        int run = i;
        while (true) {
            if (i >= n) {
                return null;
            }
            int c = b[i];
            if (c == q) {
                String tail = string(run, i);
                i++;
                return sb == null ? tail : sb.append(tail).toString();
            }
            if (c == '<' || !isTextChar(c)) {
                return null;
            }
            if (c == '&' || c == '\n' || c == '\t') {
                if (sb == null) {
                    sb = buffer;
                    sb.setLength(0);
                }
                sb.append(string(run, i));
                if (c == '&') {
                    if (!reference(sb)) {
                        return null;
                    }
                } else {
                    sb.append(' '); // attribute-value normalisation: each white space becomes a space
                    i++;
                }
                run = i;
            } else {
                i++;
            }
        }
    }

    /** Character data up to the next {@code <}, added to {@code parent} as one text node. */
    private boolean text(LocatedElement parent) {
        StringBuilder sb = null;
        int start = i;
        int run = i;
        while (i < n) {
            int c = b[i];
            if (c == '<') {
                break;
            }
            if (!isTextChar(c)) {
                return false;
            }
            if (c == '&') {
                if (sb == null) {
                    sb = buffer;
                    sb.setLength(0);
                }
                sb.append(string(run, i));
                if (!reference(sb)) {
                    return false;
                }
                run = i;
            } else if (c == '>' && i >= 2 && b[i - 1] == ']' && b[i - 2] == ']' && i - 2 >= start) {
                return false; // "]]>" may not appear in text
            } else {
                i++;
            }
        }
        if (i >= n) {
            return false;
        }
        if (sb == null) {
            if (i > start) {
                parent.addText(string(start, i));
            }
            return true;
        }
        sb.append(string(run, i));
        if (sb.length() > 0) {
            parent.addText(sb.toString());
        }
        return true;
    }

    /** The reference at {@code i} ({@code &amp;}, {@code &#10;}, ...) appended to {@code sb}. */
    private boolean reference(StringBuilder sb) {
        int semi = indexOf(';', i);
        if (semi < 0 || semi - i > 12) {
            return false;
        }
        String ref = string(i + 1, semi);
        i = semi + 1;
        switch (ref) {
            case "lt" -> sb.append('<');
            case "gt" -> sb.append('>');
            case "amp" -> sb.append('&');
            case "quot" -> sb.append('"');
            case "apos" -> sb.append('\'');
            default -> {
                return characterReference(ref, sb);
            }
        }
        return true;
    }

    private static boolean characterReference(String ref, StringBuilder b) {
        if (ref.length() < 2 || ref.charAt(0) != '#') {
            return false; // an entity no DTD declares: the full parser reports it
        }
        boolean hex = ref.charAt(1) == 'x';
        String digits = ref.substring(hex ? 2 : 1);
        if (digits.isEmpty() || digits.length() > 7) {
            return false;
        }
        int value = 0;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), hex ? 16 : 10);
            if (d < 0) {
                return false;
            }
            value = value * (hex ? 16 : 10) + d;
        }
        // Only characters a file may hold as text; the full parser decides on anything else.
        if (value == '\t' || value == '\n' || (value >= 0x20 && value < 0x7f)) {
            b.append((char) value);
            return true;
        }
        return false;
    }

    private boolean endTag(List<LocatedElement> open) {
        i += 2;
        QName name = name();
        LocatedElement e = open.remove(open.size() - 1);
        if (name == null || !name.equals(e.getQName())) {
            return false;
        }
        skipSpace();
        if (at(i) != '>') {
            return false;
        }
        i++;
        e.setEndTagEnd(i);
        e.resolve(source);
        return true;
    }
}
