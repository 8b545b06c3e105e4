package io.addralloc.libvirt.xml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dom4j.Attribute;
import org.dom4j.Branch;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.ProcessingInstruction;

/** A dom4j tree as comparable lines, for the tests that hold one way of parsing to another. */
final class TreeDescription {
    private TreeDescription() {}

    /** Every XML file the tests and integration tests hold, in path order. */
    static List<Path> testFiles() throws Exception {
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("src/test/resources")), Files.walk(Path.of("src/it")))) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    /**
     * One line per node. {@code located}: adjacent text merged into one line (SAX hands text over
     * in pieces, PlainXml in one) and every element's tag positions added, which needs elements
     * that are {@link LocatedElement}s.
     */
    static List<String> of(Branch branch, boolean located) {
        List<String> out = new ArrayList<>();
        describe(branch, located, out);
        return out;
    }

    private static void describe(Branch branch, boolean located, List<String> out) {
        if (branch instanceof Element e) {
            String where = "";
            if (located) {
                LocatedElement l = (LocatedElement) e;
                where = " " + l.startTagStart() + " " + l.startTagEnd() + " " + l.endTagStart() + " "
                        + l.endTagEnd() + " " + l.line() + ":" + l.column();
            }
            out.add("element " + e.getQualifiedName() + "{" + e.getNamespaceURI() + "}" + where);
            for (Namespace ns : e.declaredNamespaces()) {
                out.add("ns " + ns.getPrefix() + "=" + ns.getURI());
            }
            for (Attribute a : e.attributes()) {
                out.add("attr " + a.getQualifiedName() + "{" + a.getNamespaceURI() + "}=" + a.getValue());
            }
        }
        StringBuilder text = new StringBuilder();
        for (Node n : branch.content()) {
            if (n.getNodeType() == Node.TEXT_NODE) {
                if (located) {
                    text.append(n.getText());
                } else {
                    out.add("text " + n.getText());
                }
                continue;
            }
            if (text.length() > 0) {
                out.add("text " + text);
                text.setLength(0);
            }
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> describe((Element) n, located, out);
                case Node.CDATA_SECTION_NODE -> out.add("cdata " + n.getText());
                case Node.COMMENT_NODE -> out.add("comment " + n.getText());
                case Node.PROCESSING_INSTRUCTION_NODE ->
                        out.add("pi " + ((ProcessingInstruction) n).getTarget() + " " + n.getText());
                case Node.NAMESPACE_NODE -> { } // listed with the element above
                default -> out.add("other " + n.getNodeTypeName() + " " + n.getText());
            }
        }
        if (text.length() > 0) {
            out.add("text " + text);
        }
        out.add("end");
    }
}
