package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;
import org.junit.jupiter.api.Test;

/**
 * XmlFile builds its tree itself (when PlainXml does not) rather than through dom4j's SAXReader handler; the tree must be
 * the one SAXReader builds (same settings: adjacent text not merged, whitespace kept), node for
 * node, on every XML file the tests hold.
 */
class XmlTreeTest {
    private static final String SAMPLE = "<?xml version='1.0'?>\n<?app go?>\n<!-- top -->\n"
            + "<domain type='qemu' xmlns:q='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
            + "  <name>a &amp; b</name><!---->\n  <metadata><m:x xmlns:m='urn:m' m:k='v' k='w'>t<![CDATA[<c>]]>u</m:x>"
            + "<y xmlns='urn:d'><z/></y></metadata>\n  <q:commandline><q:arg value='-x'/></q:commandline>\n"
            + "  <?pi inside?><!-- in -->\n</domain>\n<!-- after -->\n";

    @Test
    void theSampleCoversEveryKindOfNode() throws Exception {
        Document ours = XmlFile.parse(SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8), false).document();
        List<String> kinds = TreeDescription.of(ours, false);
        String all = String.join("\n", kinds);
        for (String kind : new String[] {"cdata <c>", "comment  top ", "pi pi inside", "ns m=urn:m",
                "attr m:k{urn:m}=v", "element y{urn:d}", "text &"}) {
            assertTrue(all.contains(kind), kind + " missing from\n" + all);
        }
        assertEquals(TreeDescription.of(dom4j(SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false), kinds);
    }

    @Test
    void everyTestFileGivesTheTreeSaxReaderGives() throws Exception {
        List<Path> files = TreeDescription.testFiles();
        int compared = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            Document ours;
            try {
                ours = XmlFile.parse(bytes, false).document();
            } catch (XmlSyntaxError e) {
                continue; // refused files (hostile input) have no tree to compare
            }
            assertEquals(TreeDescription.of(dom4j(bytes), false), TreeDescription.of(ours, false), file.toString());
            compared++;
        }
        assertTrue(compared > 2000, "compared only " + compared + " files");
    }

    private static Document dom4j(byte[] bytes) throws Exception {
        SAXReader reader = new SAXReader();
        reader.setMergeAdjacentText(false);
        reader.setStripWhitespaceText(false);
        return reader.read(new ByteArrayInputStream(bytes));
    }
}
