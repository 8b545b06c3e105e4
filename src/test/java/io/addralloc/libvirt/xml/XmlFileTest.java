package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlFileTest {

    private static XmlFile parse(String text) throws XmlSyntaxError {
        return XmlFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void elementsKnowWhereTheirTagsStand() throws Exception {
        String text = "<domain>\n  <devices>\n    <disk type='file'>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n  </devices>\n</domain>\n";
        XmlFile xml = parse(text);
        LocatedElement disk = (LocatedElement) xml.root().element("devices").element("disk");
        assertEquals(text.indexOf("<disk"), disk.startTagStart());
        assertEquals(text.indexOf("'file'>") + 7, disk.startTagEnd());
        assertEquals(text.indexOf("</disk>"), disk.endTagStart());
        assertEquals(text.indexOf("</disk>") + 7, disk.endTagEnd());
        assertFalse(disk.isSelfClosing());
        LocatedElement target = (LocatedElement) disk.element("target");
        assertTrue(target.isSelfClosing());
        assertEquals(text.indexOf("<target"), target.startTagStart());
        assertEquals(3, xml.source().line(disk.startTagStart()));
        assertEquals(5, xml.source().column(disk.startTagStart()));
    }

    @Test
    void positionsHoldWithCrlfLineEndings() throws Exception {
        String text = "<domain>\r\n  <devices>\r\n    <controller type='usb' index='0'/>\r\n  </devices>\r\n</domain>\r\n";
        XmlFile xml = parse(text);
        LocatedElement c = (LocatedElement) xml.root().element("devices").element("controller");
        assertEquals(text.indexOf("<controller"), c.startTagStart());
        assertEquals(3, xml.source().line(c.startTagStart()));
        assertEquals("\r\n", xml.source().lineSeparator());
    }

    @Test
    void aGreaterThanSignInsideAnAttributeDoesNotConfuseTheStartTag() throws Exception {
        String text = "<domain><devices><disk a='x>y'><target dev='sda'/></disk></devices></domain>";
        LocatedElement disk = (LocatedElement) parse(text).root().element("devices").element("disk");
        assertEquals(text.indexOf("<disk"), disk.startTagStart());
        assertEquals(text.indexOf("<target"), disk.startTagEnd());
    }

    @Test
    void doctypeIsRefusedSoNoEntityIsEverExpanded() {
        String bomb = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><domain>&b;</domain>";
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> parse(bomb));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void externalEntityIsNeverRead() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>";
        assertThrows(XmlSyntaxError.class, () -> parse(xxe));
    }

    @Test
    void malformedXmlReportsLineAndColumn() {
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> parse("<domain>\n  <devices>\n</domain>\n"));
        assertEquals(3, e.line());
        assertTrue(e.column() > 1);
    }

    @Test
    void emptyFileIsAnError() {
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> XmlFile.parse(new byte[0]));
        assertTrue(e.getMessage().contains("empty"));
    }

    @Test
    void latin1DeclaredFileRoundTripsByteForByte() throws Exception {
        byte[] bytes = "<?xml version='1.0' encoding='ISO-8859-1'?><domain><name>caf\u00e9</name></domain>"
                .getBytes(StandardCharsets.ISO_8859_1);
        XmlFile xml = XmlFile.parse(bytes);
        assertEquals("caf\u00e9", xml.root().elementText("name"));
        assertArrayEquals(bytes, xml.source().encode(xml.source().text()));
    }

    @Test
    void utf16WithBomRoundTripsByteForByte() throws Exception {
        byte[] body = "<?xml version='1.0' encoding='UTF-16'?><domain/>".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        XmlFile xml = XmlFile.parse(bytes);
        assertEquals("domain", xml.root().getName());
        assertTrue(xml.source().hasBom());
        assertArrayEquals(bytes, xml.source().encode(xml.source().text()));
    }

    @Test
    void invalidUtf8IsReportedNotGuessed() {
        byte[] bytes = {'<', 'd', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'd', '>'};
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> XmlFile.parse(bytes));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void messagesNeverQuoteTheFilesContent() {
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class,
                () -> parse("<domain><secretElementName></domain>"));
        assertFalse(e.getMessage().contains("secretElementName"), e.getMessage());
    }

    @Test
    void anEntityExpansionBombIsRefusedBeforeAnyExpansion() {
        StringBuilder bomb = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("'>");
        }
        bomb.append("]><lolz>&lol9;</lolz>");
        XmlSyntaxError e = assertThrows(XmlSyntaxError.class, () -> parse(bomb.toString()));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void aParserReusedAfterRefusedFilesReadsTheNextFileAsIfNew() throws Exception {
        // Parsers are pooled, so each of these leaves one behind in whatever state its failure left it.
        assertThrows(XmlSyntaxError.class, () -> parse("<domain>\n  <devices>\n</domain>\n"));
        assertThrows(XmlSyntaxError.class, () -> parse("<!DOCTYPE d [<!ENTITY a 'a'>]><domain>&a;</domain>"));
        assertThrows(XmlSyntaxError.class, () -> parse("<a>".repeat(1000) + "</a>".repeat(1000)));
        String text = "<domain>\n  <name>a &amp; b</name>\n  <devices><disk/></devices>\n</domain>\n";
        for (int i = 0; i < 3; i++) {
            XmlFile xml = parse(text);
            LocatedElement disk = (LocatedElement) xml.root().element("devices").element("disk");
            assertEquals(text.indexOf("<disk"), disk.startTagStart());
            assertEquals(3, disk.line());
            assertEquals(12, disk.column());
            assertEquals("a & b", xml.root().elementText("name"));
        }
    }

    @Test
    void entityReferencesDoNotAddUpAcrossFilesReadByOneParser() throws Exception {
        // The parser's secure-processing limits count per file; a pooled parser must not carry them over.
        String text = "<domain><name>" + "&amp;&#65;".repeat(5_000) + "</name></domain>";
        for (int i = 0; i < 40; i++) {
            assertEquals(10_000, parse(text).root().elementText("name").length());
        }
    }

    @Test
    void asciiAndNonAsciiUtf8ReadTheSame() throws Exception {
        XmlFile ascii = parse("<domain><name>cafe</name></domain>");
        XmlFile accented = parse("<domain><name>caf\u00e9</name></domain>");
        assertEquals("cafe", ascii.root().elementText("name"));
        assertEquals("caf\u00e9", accented.root().elementText("name"));
        assertEquals(StandardCharsets.UTF_8, ascii.source().charset());
        assertEquals(StandardCharsets.UTF_8, accented.source().charset());
        byte[] replacementChar = "<d>\uFFFD</d>".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(replacementChar, XmlFile.parse(replacementChar).source().encode(
                XmlFile.parse(replacementChar).source().text()));
    }
}
