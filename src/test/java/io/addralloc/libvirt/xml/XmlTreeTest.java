package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dom4j.Attribute;
import org.dom4j.Branch;
import org.dom4j.Document;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.ProcessingInstruction;
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
        List<String> kinds = new ArrayList<>();
        describe(ours, kinds);
        String all = String.join("\n", kinds);
        for (String kind : new String[] {"cdata <c>", "comment  top ", "pi pi inside", "ns m=urn:m",
                "attr m:k{urn:m}=v", "element y{urn:d}", "text &"}) {
            assertTrue(all.contains(kind), kind + " missing from\n" + all);
        }
        assertEquals(describe(dom4j(SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8))), kinds);
    }

    @Test
    void everyTestFileGivesTheTreeSaxReaderGives() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("src/test/resources")), Files.walk(Path.of("src/it")))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int compared = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            Document ours;
            try {
                ours = XmlFile.parse(bytes, false).document();
            } catch (XmlSyntaxError e) {
                continue; // refused files (hostile input) have no tree to compare
            }
            assertEquals(describe(dom4j(bytes)), describe(ours), file.toString());
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

    private static List<String> describe(Document d) {
        List<String> out = new ArrayList<>();
        describe(d, out);
        return out;
    }

    private static void describe(Branch branch, List<String> out) {
        if (branch instanceof Element e) {
            out.add("element " + e.getQualifiedName() + "{" + e.getNamespaceURI() + "}");
            for (Namespace ns : e.declaredNamespaces()) {
                out.add("ns " + ns.getPrefix() + "=" + ns.getURI());
            }
            for (Attribute a : e.attributes()) {
                out.add("attr " + a.getQualifiedName() + "{" + a.getNamespaceURI() + "}=" + a.getValue());
            }
        }
        for (Node n : branch.content()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> describe((Element) n, out);
                case Node.TEXT_NODE -> out.add("text " + n.getText());
                case Node.CDATA_SECTION_NODE -> out.add("cdata " + n.getText());
                case Node.COMMENT_NODE -> out.add("comment " + n.getText());
                case Node.PROCESSING_INSTRUCTION_NODE ->
                        out.add("pi " + ((ProcessingInstruction) n).getTarget() + " " + n.getText());
                case Node.NAMESPACE_NODE -> { } // listed with the element above
                default -> out.add("other " + n.getNodeTypeName() + " " + n.getText());
            }
        }
        out.add("end");
    }
}
