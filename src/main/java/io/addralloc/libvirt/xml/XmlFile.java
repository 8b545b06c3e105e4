package io.addralloc.libvirt.xml;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.dom4j.Document;
import org.dom4j.DocumentFactory;
import org.dom4j.Namespace;
import org.dom4j.QName;
import org.dom4j.io.SAXReader;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;
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
     * Every limit of the JDK's XML parser, set on each parser so that a file gets the same
     * verdict on every JDK: the defaults moved (JDK 24 and later read {@code conf/jaxp.properties},
     * which limits nesting to 100 levels and an element to 200 attributes, where JDK 17 has no
     * depth limit and 10,000 attributes), and system properties or that file could move them
     * again. A value set on the parser outranks both. The values are JDK 17's under secure
     * processing, which every verdict and position in the tests was made with; nesting is
     * limited by this class itself ({@link #MAX_DEPTH}, the same in {@link PlainXml}), so the
     * parser's own depth limit stays above it. Entities cannot occur (a DOCTYPE is refused), so
     * their limits only keep any JDK from counting differently.
     */
    static final java.util.Map<String, Integer> LIMITS = java.util.Map.of(
            "jdk.xml.maxElementDepth", MAX_DEPTH + 1,
            "jdk.xml.elementAttributeLimit", 10_000,
            "jdk.xml.maxXMLNameLimit", 1_000,
            "jdk.xml.entityExpansionLimit", 64_000,
            "jdk.xml.totalEntitySizeLimit", 50_000_000,
            "jdk.xml.maxGeneralEntitySizeLimit", 0,
            "jdk.xml.maxParameterEntitySizeLimit", 1_000_000,
            "jdk.xml.entityReplacementLimit", 3_000_000,
            "jdk.xml.maxOccurLimit", 5_000);

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
        return parse(bytes, true);
    }

    /** {@code plain}: whether plain files may take {@link PlainXml} (tests compare both ways). */
    static XmlFile parse(byte[] bytes, boolean plain) throws XmlSyntaxError {
        return parse(bytes, plain, false);
    }

    /**
     * {@code fresh}: with a reader made for this file alone, not one from the pool (tests that
     * change what a new parser would take from its environment).
     */
    static XmlFile parse(byte[] bytes, boolean plain, boolean fresh) throws XmlSyntaxError {
        if (bytes.length == 0) {
            throw new XmlSyntaxError(1, 1, "the file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new XmlSyntaxError(1, 1, "the file is larger than " + (MAX_BYTES >> 20)
                    + " MiB, the most virsh define reads; it is not a libvirt definition");
        }
        SourceText source = SourceText.decode(bytes);
        if (source.text().stripLeading().startsWith("<?xml") && XML_11.matcher(source.text()).lookingAt()) {
            // XML 1.1 lets character references carry control characters into names and
            // values (and from there into logs); libvirt's parser reads XML 1.0 only.
            throw new XmlSyntaxError(1, 1, "XML 1.1 is not accepted; libvirt reads XML 1.0, so declare"
                    + " version='1.0'");
        }
        int loneCr = loneCarriageReturn(source.text(), source.firstCarriageReturn());
        if (loneCr >= 0) {
            // The parser counts columns after a bare CR differently from the line index, so every
            // position (and every edit assign would make) after it could be off by one.
            throw new XmlSyntaxError(source.line(loneCr), source.column(loneCr), "the file ends lines with a bare"
                    + " CR (classic Mac OS); convert its line endings to LF or CRLF");
        }
        LocatingReader reader = fresh ? null : IDLE_READERS.poll();
        if (reader == null) {
            reader = new LocatingReader();
        }
        Document document;
        boolean reusable = false;
        // Counted once per file, whichever parser reads it: both grow the reader's name tables.
        reader.bytesRead += bytes.length;
        try {
            document = plain ? reader.readPlain(source, bytes) : null;
            if (document == null) {
                document = reader.read(source, bytes);
            }
            reusable = true;
        } catch (SAXParseException e) {
            reusable = true;
            throw new XmlSyntaxError(e.getLineNumber(), e.getColumnNumber(), clean(e.getMessage()));
        } catch (SAXException | java.io.IOException e) {
            reusable = true;
            throw new XmlSyntaxError(1, 1, clean(e.getMessage()));
        } catch (RuntimeException e) {
            // The parser failing in an unexpected way is still a file it cannot read, never a crash.
            throw new XmlSyntaxError(1, 1, "the XML parser cannot read the file ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            reader.release();
            if (reusable && !fresh && reader.bytesRead < RETIRE_AFTER_BYTES) {
                IDLE_READERS.offer(reader);
            }
        }
        if (document.getRootElement() == null) {
            throw new XmlSyntaxError(1, 1, "the file has no root element");
        }
        return new XmlFile(document, source);
    }

    private static int loneCarriageReturn(String text, int firstCarriageReturn) {
        for (int i = firstCarriageReturn; i >= 0; i = text.indexOf('\r', i + 1)) {
            if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                return i;
            }
        }
        return -1;
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

    /**
     * Sets each limit on {@code parser}. The JDK's parser accepts them all; a parser that does
     * not know one (another SAX implementation) does not have the JDK's defaults either, so
     * only the JDK's own parser needs them, and it must take every one.
     */
    static void setLimits(XMLReader parser) {
        boolean jdkParser = parser.getClass().getName().startsWith("com.sun.org.apache.xerces.internal.");
        for (java.util.Map.Entry<String, Integer> limit : LIMITS.entrySet()) {
            try {
                parser.setProperty(limit.getKey(), limit.getValue().toString());
            } catch (SAXException e) {
                if (jdkParser) {
                    throw new IllegalStateException("the JDK's XML parser does not take " + limit.getKey(), e);
                }
            }
        }
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

    /**
     * A pooled parser. dom4j's SAXReader is used only to make and configure the JAXP parser;
     * the tree is built by {@link TreeBuilder}, since SAXReader's own handler does far more per
     * element (namespace stacks, dispatch hooks, handler indirections) than a read-only tree
     * needs, and on a cold JVM compiling that code was the largest single cost of a big run.
     */
    private static final class LocatingReader extends SAXReader {
        private static final DefaultHandler NO_HANDLER = new DefaultHandler();
        private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";

        private final DocumentFactory factory = new DocumentFactory();
        private final PlainXml.Names names = new PlainXml.Names(factory);
        private final XMLReader parser;
        private long bytesRead;

        LocatingReader() {
            try {
                setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                setFeature("http://xml.org/sax/features/external-general-entities", false);
                setFeature("http://xml.org/sax/features/external-parameter-entities", false);
                setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                setFeature("http://apache.org/xml/features/xinclude", false);
                setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
                setFeature("http://xml.org/sax/features/namespaces", true);
                setFeature("http://xml.org/sax/features/namespace-prefixes", false);
                parser = getXMLReader();
            } catch (SAXException e) {
                throw new IllegalStateException("the XML parser cannot be made safe: " + e.getMessage(), e);
            }
            setFeatureIfSupported("http://xml.org/sax/features/validation", false);
            setLimits(parser);
            // Unreachable while DOCTYPEs are refused; kept so nothing is ever fetched.
            parser.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        }

        private void setFeatureIfSupported(String name, boolean value) {
            try {
                setFeature(name, value);
            } catch (SAXException e) {
                // As SAXReader does: a parser without the feature still parses.
            }
        }

        Document read(SourceText text, byte[] bytes) throws SAXException, java.io.IOException {
            TreeBuilder builder = new TreeBuilder(factory, text);
            parser.setContentHandler(builder);
            parser.setErrorHandler(builder);
            try {
                parser.setProperty(LEXICAL_HANDLER, builder);
            } catch (SAXException e) {
                // As SAXReader does: without lexical events the document only lacks comments.
            }
            parser.parse(new InputSource(new ByteArrayInputStream(bytes)));
            return builder.document;
        }

        /** The document if {@link PlainXml} can read the file, else null. */
        Document readPlain(SourceText text, byte[] bytes) {
            return PlainXml.parse(text, bytes, names);
        }

        /** Lets go of the last document, which the parser's handlers would otherwise keep alive. */
        void release() {
            try {
                parser.setContentHandler(NO_HANDLER);
                parser.setErrorHandler(NO_HANDLER);
                parser.setProperty(LEXICAL_HANDLER, null);
            } catch (SAXException | RuntimeException e) {
                // Only memory is at stake: the next parse replaces the handlers anyway.
            }
        }
    }

    /**
     * Builds the same tree dom4j's SAXReader builds with our settings (elements with their
     * declared namespaces and attributes, text, CDATA, comments, processing instructions;
     * adjacent text not merged; empty comments dropped), with every element a
     * {@link LocatedElement}. {@code XmlTreeTest} compares the two on every XML test file.
     */
    private static final class TreeBuilder extends DefaultHandler2 {
        private final DocumentFactory factory;
        private final SourceText source;
        private final Document document;
        private final ArrayDeque<LocatedElement> open = new ArrayDeque<>();
        private final java.util.ArrayList<Namespace> pendingNamespaces = new java.util.ArrayList<>(2);
        private Locator locator;
        private StringBuilder cdata;

        TreeBuilder(DocumentFactory factory, SourceText source) {
            this.factory = factory;
            this.source = source;
            this.document = factory.createDocument();
        }

        @Override
        public void setDocumentLocator(Locator documentLocator) {
            this.locator = documentLocator;
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) {
            pendingNamespaces.add(Namespace.get(prefix, uri));
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if (open.size() >= MAX_DEPTH) {
                throw new SAXParseException("element depth limit", locator);
            }
            LocatedElement e = new LocatedElement(qualified(uri, localName, qName));
            LocatedElement parent = open.peek();
            if (parent == null) {
                document.add(e);
            } else {
                parent.add(e);
            }
            for (int i = 0, n = pendingNamespaces.size(); i < n; i++) {
                e.add(pendingNamespaces.get(i));
            }
            pendingNamespaces.clear();
            for (int i = 0, n = attributes.getLength(); i < n; i++) {
                String name = attributes.getQName(i);
                if (!name.startsWith("xmlns")) {
                    e.add(factory.createAttribute(e,
                            qualified(attributes.getURI(i), attributes.getLocalName(i), name), attributes.getValue(i)));
                }
            }
            open.push(e);
            if (locator != null) {
                e.setStartTagEnd(source.offset(locator.getLineNumber(), locator.getColumnNumber()));
            }
        }

        private QName qualified(String uri, String localName, String qName) {
            int colon = qName.indexOf(':');
            String local = localName == null || localName.isEmpty() ? qName.substring(colon + 1) : localName;
            if (colon < 0 && (uri == null || uri.isEmpty())) {
                return factory.createQName(local);
            }
            return factory.createQName(local, colon < 0 ? "" : qName.substring(0, colon), uri == null ? "" : uri);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            LocatedElement e = open.pop();
            if (locator != null) {
                e.setEndTagEnd(source.offset(locator.getLineNumber(), locator.getColumnNumber()));
            }
            e.resolve(source);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            LocatedElement e = open.peek();
            if (e == null || length == 0) {
                return;
            }
            if (cdata != null) {
                cdata.append(ch, start, length);
            } else {
                e.addText(new String(ch, start, length));
            }
        }

        @Override
        public void startCDATA() {
            cdata = new StringBuilder();
        }

        @Override
        public void endCDATA() {
            LocatedElement e = open.peek();
            if (e != null) {
                e.addCDATA(cdata.toString());
            }
            cdata = null;
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            if (length == 0) {
                return;
            }
            String text = new String(ch, start, length);
            LocatedElement e = open.peek();
            if (e == null) {
                document.addComment(text);
            } else {
                e.addComment(text);
            }
        }

        @Override
        public void processingInstruction(String target, String data) {
            LocatedElement e = open.peek();
            if (e == null) {
                document.addProcessingInstruction(target, data);
            } else {
                e.addProcessingInstruction(target, data);
            }
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
