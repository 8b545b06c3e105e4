package io.addralloc.libvirt.xml;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.dom4j.Document;
import org.dom4j.DocumentException;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.QName;
import org.dom4j.io.SAXContentHandler;
import org.dom4j.io.SAXReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A parsed XML file: the dom4j tree (every element a {@link LocatedElement}) and the source
 * text it came from.
 *
 * <p>Parsing is deliberately closed: a DOCTYPE is refused outright, so no entity (internal or
 * external) is ever expanded and no DTD, schema or XInclude is loaded; nothing is read but the
 * bytes handed in.
 */
public final class XmlFile {
    /** Far deeper than any libvirt definition; stops hostile nesting early. */
    static final int MAX_DEPTH = 256;

    /**
     * The largest file read: what {@code virsh define} itself reads at most (10 MiB). A libvirt
     * definition is a few kilobytes; anything bigger is refused before it is decoded or parsed.
     */
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    private static final java.util.regex.Pattern XML_11 =
            java.util.regex.Pattern.compile("^\\s*<\\?xml\\s+version\\s*=\\s*[\"']1\\.1[\"']");

    private final Document document;
    private final SourceText source;

    private XmlFile(Document document, SourceText source) {
        this.document = document;
        this.source = source;
    }

    /** Parses {@code bytes}; any problem becomes an {@link XmlSyntaxError} with a position. */
    public static XmlFile parse(byte[] bytes) throws XmlSyntaxError {
        if (bytes.length == 0) {
            throw new XmlSyntaxError(1, 1, "the file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new XmlSyntaxError(1, 1, "the file is larger than " + (MAX_BYTES >> 20)
                    + " MiB, the most virsh define reads; it is not a libvirt definition");
        }
        SourceText source = SourceText.decode(bytes);
        if (XML_11.matcher(source.text()).lookingAt()) {
            // XML 1.1 lets character references carry control characters into names and
            // values (and from there into logs); libvirt's parser reads XML 1.0 only.
            throw new XmlSyntaxError(1, 1, "XML 1.1 is not accepted; libvirt reads XML 1.0, so declare"
                    + " version='1.0'");
        }
        int loneCr = loneCarriageReturn(source.text());
        if (loneCr >= 0) {
            // The parser counts columns after a bare CR differently from the line index, so every
            // position (and every edit assign would make) after it could be off by one.
            throw new XmlSyntaxError(source.line(loneCr), source.column(loneCr), "the file ends lines with a bare"
                    + " CR (classic Mac OS); convert its line endings to LF or CRLF");
        }
        LocatingReader reader = IDLE_READERS.poll();
        if (reader == null) {
            reader = new LocatingReader();
        }
        Document document;
        boolean reusable = false;
        try {
            document = reader.read(source, bytes);
            reusable = true;
        } catch (DocumentException e) {
            reusable = true;
            throw translate(e);
        } catch (RuntimeException e) {
            // The parser failing in an unexpected way is still a file it cannot read, never a crash.
            throw new XmlSyntaxError(1, 1, "the XML parser cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            reader.release();
            if (reusable && reader.bytesRead < RETIRE_AFTER_BYTES) {
                IDLE_READERS.offer(reader);
            }
        }
        if (document.getRootElement() == null) {
            throw new XmlSyntaxError(1, 1, "the file has no root element");
        }
        return new XmlFile(document, source);
    }

    private static int loneCarriageReturn(String text) {
        for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
            if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static XmlSyntaxError translate(DocumentException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof SAXParseException spe) {
            return new XmlSyntaxError(spe.getLineNumber(), spe.getColumnNumber(), clean(spe.getMessage()));
        }
        if (e.getNestedException() instanceof SAXParseException spe) {
            return new XmlSyntaxError(spe.getLineNumber(), spe.getColumnNumber(), clean(spe.getMessage()));
        }
        return new XmlSyntaxError(1, 1, clean(cause.getMessage()));
    }

    /**
     * The parser's own words, without anything quoted from the file: element names, entity
     * names and text of a refused file must not reach logs or reports.
     */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "the file is not well-formed XML";
        }
        if (message.contains("DOCTYPE")) {
            return "DOCTYPE declarations are refused, because they can expand entities or pull in other files;"
                    + " remove the DOCTYPE (libvirt does not need one)";
        }
        if (message.contains("maxElementDepth") || message.contains("element depth")) {
            return "elements are nested deeper than " + MAX_DEPTH + " levels; this is not a libvirt definition";
        }
        String m = message.replaceFirst("^[a-zA-Z.]+Exception:\\s*", "").trim();
        m = m.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("'[^']*'", "'…'");
        // "(Unicode: 0x1)": the character itself is content; the position already points at it.
        m = m.replaceAll("\\s*\\(Unicode: [^)]*\\)", "");
        // Whatever is left goes to a one-line log: printable ASCII only.
        m = m.replaceAll("[^\\x20-\\x7e…]", "?");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    public Document document() {
        return document;
    }

    public LocatedElement root() {
        return (LocatedElement) document.getRootElement();
    }

    public SourceText source() {
        return source;
    }

    /**
     * Readers that are not parsing. Making a reader (a JAXP lookup and a dozen parser features)
     * costs more than parsing a typical domain file, so each is reused for one file after
     * another; a reader is only ever used by one thread at a time. Held here rather than per
     * thread so that nothing outlives the plugin's class loader in Maven's shared threads.
     */
    private static final BlockingQueue<LocatingReader> IDLE_READERS = new ArrayBlockingQueue<>(
            Math.max(2, Runtime.getRuntime().availableProcessors() * 2));

    /**
     * A reader's parser and document factory remember every element and attribute name they
     * have seen (symbol table, QName cache); retiring a reader after this much input bounds
     * what a build of many files with made-up names can pile up.
     */
    static final long RETIRE_AFTER_BYTES = 4L << 20;

    /** Remembers the element it made last so the handler can locate it; one per reader. */
    private static final class LocatingFactory extends DocumentFactory {
        private static final long serialVersionUID = 1L;
        private transient LocatedElement lastCreated;

        @Override
        public Element createElement(QName qname) {
            lastCreated = new LocatedElement(qname);
            return lastCreated;
        }
    }

    private static final class LocatingReader extends SAXReader {
        private static final DefaultHandler NO_HANDLER = new DefaultHandler();
        private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";

        private SourceText source;
        private long bytesRead;

        LocatingReader() {
            super(new LocatingFactory(), false);
            setEntityResolver((publicId, systemId) -> {
                // Unreachable while DOCTYPEs are refused; kept so nothing is ever fetched.
                return new InputSource(new StringReader(""));
            });
            setIncludeExternalDTDDeclarations(false);
            setIncludeInternalDTDDeclarations(false);
            setMergeAdjacentText(false);
            setStripWhitespaceText(false);
            try {
                setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                setFeature("http://xml.org/sax/features/external-general-entities", false);
                setFeature("http://xml.org/sax/features/external-parameter-entities", false);
                setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                setFeature("http://apache.org/xml/features/xinclude", false);
                setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            } catch (SAXException e) {
                throw new IllegalStateException("the XML parser cannot be made safe: " + e.getMessage(), e);
            }
            // The features SAXReader sets before every parse (see configureReader), set once.
            setFeatureIfSupported("http://xml.org/sax/features/namespaces", true);
            setFeatureIfSupported("http://xml.org/sax/features/namespace-prefixes", false);
            setFeatureIfSupported("http://xml.org/sax/features/string-interning", isStringInternEnabled());
            setFeatureIfSupported("http://xml.org/sax/features/use-locator2", true);
            setFeatureIfSupported("http://xml.org/sax/features/validation", false);
        }

        private void setFeatureIfSupported(String name, boolean value) {
            try {
                setFeature(name, value);
            } catch (SAXException e) {
                // As SAXReader does: a parser without the feature still parses.
            }
        }

        /**
         * Only the handlers change from one parse to the next. SAXReader sets its features again
         * on every parse and also tries an obsolete name of the lexical-handler property, which
         * this parser refuses by building an exception each time: a twentieth of verify's time
         * per file went there.
         */
        @Override
        protected void configureReader(XMLReader reader, DefaultHandler handler) {
            try {
                reader.setProperty(LEXICAL_HANDLER, handler);
            } catch (SAXException e) {
                // As SAXReader does: without lexical events the document only lacks comments.
            }
            reader.setErrorHandler(handler);
        }

        Document read(SourceText text, byte[] bytes) throws DocumentException {
            this.source = text;
            bytesRead += bytes.length;
            return read(new InputSource(new ByteArrayInputStream(bytes)));
        }

        /** Lets go of the last document, which the parser's handlers would otherwise keep alive. */
        void release() {
            source = null;
            ((LocatingFactory) getDocumentFactory()).lastCreated = null;
            try {
                XMLReader parser = getXMLReader();
                parser.setContentHandler(NO_HANDLER);
                parser.setErrorHandler(NO_HANDLER);
                parser.setProperty(LEXICAL_HANDLER, null);
            } catch (SAXException | RuntimeException e) {
                // Only memory is at stake: the next parse replaces the handlers anyway.
            }
        }

        @Override
        protected SAXContentHandler createContentHandler(XMLReader reader) {
            return new LocatingHandler((LocatingFactory) getDocumentFactory(), source);
        }
    }

    private static final class LocatingHandler extends SAXContentHandler {
        private final LocatingFactory factory;
        private final SourceText source;
        private final Deque<LocatedElement> open = new ArrayDeque<>();
        private Locator locator;

        LocatingHandler(LocatingFactory factory, SourceText source) {
            super(factory, null);
            this.factory = factory;
            this.source = source;
        }

        @Override
        public void setDocumentLocator(Locator documentLocator) {
            super.setDocumentLocator(documentLocator);
            this.locator = documentLocator;
        }

        @Override
        public void startElement(String ns, String local, String qName, Attributes attributes)
                throws SAXException {
            if (open.size() >= MAX_DEPTH) {
                throw new SAXParseException("element depth limit", locator);
            }
            super.startElement(ns, local, qName, attributes);
            LocatedElement e = factory.lastCreated;
            open.push(e);
            if (locator != null) {
                e.setStartTagEnd(source.offset(locator.getLineNumber(), locator.getColumnNumber()));
            }
        }

        @Override
        public void endElement(String ns, String local, String qName) throws SAXException {
            LocatedElement e = open.pop();
            if (locator != null) {
                e.setEndTagEnd(source.offset(locator.getLineNumber(), locator.getColumnNumber()));
            }
            e.resolve(source);
            super.endElement(ns, local, qName);
        }
    }
}
