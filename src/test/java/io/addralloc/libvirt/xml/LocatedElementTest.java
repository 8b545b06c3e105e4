package io.addralloc.libvirt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.dom4j.Node;
import org.dom4j.QName;
import org.dom4j.tree.BaseElement;
import org.dom4j.tree.DefaultCDATA;
import org.dom4j.tree.DefaultComment;
import org.dom4j.tree.DefaultElement;
import org.dom4j.tree.DefaultProcessingInstruction;
import org.dom4j.tree.DefaultText;
import org.junit.jupiter.api.Test;

/**
 * LocatedElement finds children by name with its own loop instead of dom4j's; it must answer
 * exactly as dom4j's DefaultElement does. Seeded random children of every node kind (elements
 * of dom4j's other element class too, namespaced names, text, comments, CDATA, processing
 * instructions), the same sequence given to a LocatedElement and to a plain DefaultElement.
 */
class LocatedElementTest {
    private static final String[] NAMES = {"disk", "target", "address", "q:arg", "controller", "source"};
    private static final Namespace Q = Namespace.get("q", "urn:q");

    @Test
    void findsTheChildrenDom4jFinds() {
        Random random = new Random(20261125);
        int nonDefaultHits = 0;
        for (int run = 0; run < 3000; run++) {
            LocatedElement located = new LocatedElement(QName.get("devices"));
            DefaultElement plain = new DefaultElement("devices");
            // 0 and 1 children matter: dom4j keeps a single child outside a list.
            int children = run % 10 == 0 ? random.nextInt(2) : random.nextInt(14);
            for (int i = 0; i < children; i++) {
                int kind = random.nextInt(8);
                String name = NAMES[random.nextInt(NAMES.length)];
                located.add(node(kind, name));
                plain.add(node(kind, name));
            }
            List<String> lookups = new ArrayList<>(List.of(NAMES));
            lookups.add("absent");
            lookups.add("arg"); // the local part of q:arg: dom4j matches the element's name, not its qualified name
            for (String name : lookups) {
                assertEquals(position(plain, plain.element(name)), position(located, located.element(name)),
                        "element(" + name + ") in run " + run);
                assertEquals(positions(plain, plain.elements(name)), positions(located, located.elements(name)),
                        "elements(" + name + ") in run " + run);
                Element found = located.element(name);
                if (found != null && !(found instanceof DefaultElement)) {
                    nonDefaultHits++;
                }
            }
            assertEquals(positions(plain, plain.elements()), positions(located, located.elements()), "elements() in run " + run);
        }
        assertTrue(nonDefaultHits > 500, "elements of dom4j's other class found only " + nonDefaultHits + " times");
    }

    @Test
    void theListOfChildrenWritesThroughAsDom4jsDoes() {
        LocatedElement located = new LocatedElement(QName.get("devices"));
        DefaultElement plain = new DefaultElement("devices");
        for (Element e : new Element[] {located, plain}) {
            e.addElement("disk");
            e.addText("\n");
            e.addElement("interface");
            e.elements("disk").add(new DefaultElement("disk"));
            e.elements().remove(0);
        }
        assertEquals(describe(plain), describe(located));
        assertEquals(2, located.elements().size());
        assertEquals("disk", located.elements().get(1).getName());
    }

    private static Node node(int kind, String name) {
        QName qname = name.startsWith("q:") ? QName.get(name.substring(2), Q) : QName.get(name);
        return switch (kind) {
            case 0, 1 -> new LocatedElement(qname);
            case 2 -> new DefaultElement(qname);
            case 3 -> new BaseElement(qname);
            case 4 -> new DefaultText("\n  ");
            case 5 -> new DefaultComment(name);
            case 6 -> new DefaultCDATA(name);
            default -> new DefaultProcessingInstruction(name.replace(':', '-'), "x");
        };
    }

    private static int position(Element parent, Element child) {
        return child == null ? -1 : parent.indexOf(child);
    }

    private static List<Integer> positions(Element parent, List<Element> children) {
        List<Integer> out = new ArrayList<>();
        for (Element child : children) {
            out.add(parent.indexOf(child));
        }
        return out;
    }

    private static List<String> describe(Element e) {
        List<String> out = new ArrayList<>();
        for (Node n : e.content()) {
            out.add(n.getNodeTypeName() + " " + n.getName());
        }
        return out;
    }
}
