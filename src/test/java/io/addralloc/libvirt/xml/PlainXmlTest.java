package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.dom4j.Document;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

/**
 * PlainXml must agree with the full parser: the same tree (adjacent text merged), the same tag
 * positions, and never accept a file the full parser refuses. Held to that on every XML file of
 * the tests and on seeded random mutations of them.
 */
class PlainXmlTest {
    private static final String MUTATIONS = "<>&;#x'\"/=!-?[] \n\tab:0\u0001";

    /** The tree, positions included, or "refused" when the parser refuses the bytes. */
    private static List<String> outcome(byte[] bytes, boolean plain) {
        try {
            return TreeDescription.of(XmlFile.parse(bytes, plain).document(), true);
        } catch (XmlSyntaxError e) {
            return List.of("refused");
        }
    }

    private static boolean takesPlainPath(byte[] bytes) {
        try {
            SourceText text = SourceText.decode(bytes);
            return PlainXml.parse(text, bytes, new DocumentFactory()) != null;
        } catch (XmlSyntaxError e) {
            return false;
        }
    }

    @Test
    void everyTestFileGivesTheFullParsersTreeAndPositions() throws Exception {
        int plain = 0;
        for (Path file : TreeDescription.testFiles()) {
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(outcome(bytes, false), outcome(bytes, true), file.toString());
            if (takesPlainPath(bytes)) {
                plain++;
            }
        }
        // Nearly every file is plain; the test would prove nothing if none took the plain path.
        assertTrue(plain > 2000, "only " + plain + " files took the plain path");
    }

    @Test
    void mutatedFilesNeverGetAVerdictOrTreeTheFullParserWouldNotGive() throws Exception {
        List<Path> files = TreeDescription.testFiles();
        Random random = new Random(20261125);
        int plainAccepted = 0;
        int plainDeclined = 0;
        for (int round = 0; round < 6000; round++) {
            byte[] original = Files.readAllBytes(files.get(random.nextInt(files.size())));
            StringBuilder b = new StringBuilder(new String(original, StandardCharsets.ISO_8859_1));
            for (int m = 1 + random.nextInt(3); m > 0 && b.length() > 0; m--) {
                int at = random.nextInt(b.length());
                char c = MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
                switch (random.nextInt(3)) {
                    case 0 -> b.insert(at, c);
                    case 1 -> b.deleteCharAt(at);
                    default -> b.setCharAt(at, c);
                }
            }
            byte[] mutated = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            List<String> full = outcome(mutated, false);
            List<String> withPlain = outcome(mutated, true);
            assertEquals(full, withPlain, "round " + round + ":\n" + b);
            if (takesPlainPath(mutated)) {
                plainAccepted++;
            } else if (!full.equals(List.of("refused"))) {
                plainDeclined++;
            }
        }
        assertTrue(plainAccepted > 1000, "plain path taken only " + plainAccepted + " times");
        assertTrue(plainDeclined > 0, "no well-formed mutation went to the full parser");
    }

    @Test
    void declinesWhatItDoesNotModel() throws Exception {
        String[] declined = {
            "<a xmlns='urn:x'/>", "<q:a xmlns:q='urn:q'/>", "<a><![CDATA[x]]></a>", "<?pi x?><a/>",
            "<a>\r\n</a>", "<a>&ent;</a>", "<a b='1' b='2'/>", "<a>]]></a>", "<a><!-- x -- y --></a>",
            "<a></b>", "<a>", "<a/><b/>", "<?xml version='1.1'?><a/>", "<?xml version='1.0' encoding='latin1'?><a/>",
            "<a b='<'/>", "<a>&#0;</a>", "<a b='1'c='2'/>", "<!DOCTYPE a><a/>", " <?xml version='1.0'?><a/>",
            "<a>\u00e9</a>", "<a b='\u00e9'/>", "<\u00e9/>", "<!-- \u00e9 --><a/>",
        };
        for (String text : declined) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertNull(PlainXml.parse(SourceText.decode(bytes), bytes, new DocumentFactory()), text);
        }
        String accepted = "<?xml version=\"1.0\" encoding='utf-8' standalone='no' ?>\n<!-- c -->\n"
                + "<a x='1&amp;&#65;&#x42;' y=\"a\tb\nc\">t&lt;u<b-1.x_Y z-2.w_V='q'/><!----><c  k = 'v' >w</c ></a>\n<!-- d -->\n";
        byte[] acceptedBytes = accepted.getBytes(StandardCharsets.UTF_8);
        Document d = PlainXml.parse(SourceText.decode(acceptedBytes), acceptedBytes, new DocumentFactory());
        assertNotNull(d);
        Element a = d.getRootElement();
        assertEquals("1&AB", a.attributeValue("x"));
        assertEquals("a b c", a.attributeValue("y"));
        assertEquals("t<uw", a.getStringValue());
        // Every character a name may hold after its first, so the plain parser takes such names itself.
        assertEquals("q", a.element("b-1.x_Y").attributeValue("z-2.w_V"));
        assertEquals(outcome(accepted.getBytes(StandardCharsets.UTF_8), false),
                outcome(accepted.getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void namesBeyondWhatTheNameTableHoldsStillComeOutRight() throws Exception {
        PlainXml.Names names = new PlainXml.Names(new DocumentFactory());
        for (int round = 0; round < 3; round++) {
            StringBuilder b = new StringBuilder("<root>");
            for (int k = 0; k < 700; k++) {
                b.append("<e").append(k).append(" a").append(k % 300).append("='").append(k).append("'>x</e")
                        .append(k).append('>');
            }
            b.append("</root>");
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            Document d = PlainXml.parse(SourceText.decode(bytes), bytes, names);
            assertNotNull(d);
            assertEquals(outcome(bytes, false), TreeDescription.of(d, true));
        }
    }
}
