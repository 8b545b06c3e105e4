package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same file gets the same verdict on every JDK: the parser's limits are set on it, so
 * neither a JDK's defaults (JDK 24 and later: 100 levels, 200 attributes) nor system
 * properties reach it. The last test sets the system properties a JDK's configuration would
 * set, far lower, and parses with a new parser: without the explicit limits it fails on any JDK.
 */
class XmlLimitsTest {
    /** A domain with {@code levels} nested {@code <metadata>} elements. */
    static byte[] nested(int levels) {
        StringBuilder sb = new StringBuilder("<domain type='kvm'>\n  <name>deep</name>\n  ");
        sb.append("<metadata>".repeat(levels)).append("x").append("</metadata>".repeat(levels));
        return sb.append("\n</domain>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A domain whose {@code <name>} carries {@code n} attributes. */
    static byte[] attributes(int n) {
        StringBuilder sb = new StringBuilder("<domain type='kvm'>\n  <name");
        for (int i = 0; i < n; i++) {
            sb.append(" a").append(i).append("='").append(i).append('\'');
        }
        return sb.append(">many</name>\n</domain>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A domain with an element name of {@code length} characters. */
    static byte[] longName(int length) {
        String name = "n".repeat(length);
        return ("<domain type='kvm'>\n  <" + name + "/>\n</domain>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A domain with {@code n} predefined entity references in one text node. */
    static byte[] references(int n) {
        return ("<domain type='kvm'>\n  <description>" + "&amp;".repeat(n) + "</description>\n</domain>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What the full parser (PlainXml declines all of these) makes of the files the limits concern. */
    private static List<String> verdicts(boolean fresh) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("120 levels", nested(120));
        files.put("256 levels", nested(255)); // the domain is the 256th
        files.put("257 levels", nested(256));
        files.put("300 attributes", attributes(300));
        files.put("900-character name", longName(900));
        files.put("200,000 references", references(200_000));
        return files.entrySet().stream().map(e -> e.getKey() + ": " + verdict(e.getValue(), fresh)).toList();
    }

    private static String verdict(byte[] bytes, boolean fresh) {
        try {
            XmlFile xml = XmlFile.parse(bytes, false, fresh);
            return "read, " + xml.root().elements().size() + " children";
        } catch (XmlSyntaxError e) {
            return e.line() + ":" + e.column() + " " + e.getMessage();
        }
    }

    private static final List<String> EXPECTED = List.of(
            "120 levels: read, 2 children",
            "256 levels: read, 2 children",
            "257 levels: 3:2563 elements are nested deeper than 256 levels; this is not a libvirt definition",
            "300 attributes: read, 1 children",
            "900-character name: read, 1 children",
            "200,000 references: read, 1 children");

    @Test
    void limitsAreTheSameOnEveryJdk() {
        assertEquals(EXPECTED, verdicts(false));
    }

    @Test
    void thePlainParserDeclinesWhatTheFullParserDecides() throws XmlSyntaxError {
        // The plain parser reads 120 levels itself; at 257 it leaves the verdict to the full parser.
        assertEquals(2, XmlFile.parse(nested(120), true).root().elements().size());
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> XmlFile.parse(nested(256), true));
        assertEquals(3, e.line());
        assertEquals(2563, e.column());
    }

    /** The limits JDK 24 and later put in conf/jaxp.properties, far lower than this project's. */
    private static final Map<String, String> LOW = Map.of(
            "jdk.xml.maxElementDepth", "50",
            "jdk.xml.elementAttributeLimit", "20",
            "jdk.xml.maxXMLNameLimit", "100",
            "jdk.xml.entityExpansionLimit", "10",
            "jdk.xml.totalEntitySizeLimit", "1000",
            "jdk.xml.maxGeneralEntitySizeLimit", "1000",
            "jdk.xml.maxParameterEntitySizeLimit", "1000",
            "jdk.xml.entityReplacementLimit", "1000",
            "jdk.xml.maxOccurLimit", "10");

    @Test
    void systemPropertiesAndTheJdksConfigurationDoNotReachTheParser() {
        assertEquals(LOW.keySet(), XmlFile.LIMITS.keySet(), "every limit the JDK's configuration sets is set here");
        Map<String, String> before = new LinkedHashMap<>();
        LOW.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        try {
            assertEquals(EXPECTED, verdicts(true));
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void theSystemPropertiesOfTheTestAboveDoReachAParserWithoutTheLimits() throws Exception {
        // Proof the test above can fail: a parser made the same way, minus the explicit limits,
        // refuses 120 levels under the same system properties.
        String key = "jdk.xml.maxElementDepth";
        String before = System.setProperty(key, "50");
        try {
            javax.xml.parsers.SAXParserFactory f = javax.xml.parsers.SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            org.xml.sax.XMLReader plain = f.newSAXParser().getXMLReader();
            plain.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" on stderr
            org.xml.sax.SAXParseException e = assertThrows(org.xml.sax.SAXParseException.class,
                    () -> plain.parse(new org.xml.sax.InputSource(new java.io.ByteArrayInputStream(nested(120)))));
            assertTrue(e.getMessage().contains("maxElementDepth"), e.getMessage());
            org.xml.sax.XMLReader limited = f.newSAXParser().getXMLReader();
            XmlFile.setLimits(limited);
            limited.parse(new org.xml.sax.InputSource(new java.io.ByteArrayInputStream(nested(120))));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
