package io.addralloc.engine;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileFacts;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dom4j.Attribute;
import org.dom4j.Element;

/**
 * Templates of domains (Jinja, ERB, shell or Terraform interpolation) kept beside rendered files: a
 * file holding {@code {{}}, {@code {%}, {@code ${} or {@code <%} is a template. What verify checks in a
 * template does not depend on its placeholders: a value holding template syntax is a placeholder, and
 * <ul>
 * <li>a placeholder name, UUID, MAC or network takes no part in the checks across files
 *     ({@link #facts}: two templates with {@code <name>{{ item.name }}</name>} are not duplicates);</li>
 * <li>a finding on an element that holds a placeholder (in an attribute or its text) is left out, and
 *     so is a disk-target finding whose {@code <target dev>} is one, and a MAC finding whose
 *     {@code <mac address>} is one ({@link #applies});</li>
 * <li>everything else is checked as usual: two literal PCI addresses that clash clash in every
 *     rendered file.</li>
 * </ul>
 * assign never writes into a template ({@link #assignRefusal}): a MAC it pinned there would be
 * shared by every VM rendered from it. A template that is not well-formed XML (Jinja blocks between
 * elements, ERB) gets a message that says so and how to exclude it ({@link #explain}).
 */
public final class Templates {
    /** What makes a file a template, and a value a placeholder. */
    public static final List<String> MARKERS = List.of("{{", "{%", "${", "<%");

    /** Rules about a disk's target name, left out when {@code <target dev>} is a placeholder. */
    private static final Set<Rule> TARGET_RULES = Set.of(Rule.DRIVE_BAD_TARGET, Rule.DRIVE_DUPLICATE_TARGET);

    private Templates() {}

    /**
     * Where a file's text first shows template syntax.
     *
     * @param marker the syntax found ({@code {{}, ...)
     * @param line its 1-based line
     * @param column its 1-based column
     */
    public record Detection(String marker, int line, int column) {
        @Override
        public String toString() {
            return "'" + marker + "' at line " + line;
        }
    }

    /** Where {@code text} first holds template syntax, or null when it is no template. */
    public static Detection detect(String text) {
        int best = -1;
        String marker = null;
        for (String m : MARKERS) {
            int at = text.indexOf(m);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
                marker = m;
            }
        }
        if (best < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < best; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Detection(marker, line, best - lineStart + 1);
    }

    /** Whether {@code text} is a template. */
    public static boolean isTemplate(String text) {
        return detect(text) != null;
    }

    /** Whether a value (an attribute, an element's text) is a placeholder: it holds template syntax. */
    public static boolean isPlaceholder(String value) {
        if (value == null) {
            return false;
        }
        for (String m : MARKERS) {
            if (value.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One placeholder of a parsed template.
     *
     * @param element the element holding it ({@link LocatedElement#identity()})
     * @param attribute the attribute holding it, or null for the element's text
     * @param value the value as written
     */
    public record Placeholder(String element, String attribute, String value, int line, int column) {
    }

    /** The placeholders of a parsed file, in document order (empty for a file that is no template). */
    public static List<Placeholder> placeholders(XmlFile xml) {
        List<Placeholder> out = new ArrayList<>();
        collect(xml.root(), new LocatedElement.Identities(), out);
        return out;
    }

    private static void collect(Element e, LocatedElement.Identities ids, List<Placeholder> out) {
        LocatedElement l = (LocatedElement) e;
        for (Attribute a : e.attributes()) {
            if (isPlaceholder(a.getValue())) {
                out.add(new Placeholder(ids.of(e), a.getName(), a.getValue(), l.line(), l.column()));
            }
        }
        if (isPlaceholder(e.getText())) {
            out.add(new Placeholder(ids.of(e), null, e.getText().strip(), l.line(), l.column()));
        }
        for (Element child : e.elements()) {
            collect(child, ids, out);
        }
    }

    /** Whether an element holds a placeholder itself: in one of its attributes or its own text. */
    static boolean holdsPlaceholder(Element e) {
        if (e == null) {
            return false;
        }
        for (Attribute a : e.attributes()) {
            if (isPlaceholder(a.getValue())) {
                return true;
            }
        }
        return isPlaceholder(e.getText());
    }

    /**
     * Whether finding {@code f} of a template still applies, or depends on a placeholder: false when
     * the element it points at holds one, when it is about a disk target whose {@code dev} is one, or
     * about a MAC whose {@code address} is one.
     *
     * @param elements the template's tree
     */
    public static boolean applies(Finding f, FindingElements elements) {
        LocatedElement at = elements.at(f);
        if (at == null) {
            return true;
        }
        if (holdsPlaceholder(at)) {
            return false;
        }
        if (TARGET_RULES.contains(f.rule()) && (holdsPlaceholder(at.element("target"))
                || holdsPlaceholder(at.getParent() == null ? null : at.getParent().element("target")))) {
            return false;
        }
        return !(at.getName().equals("interface") && holdsPlaceholder(at.element("mac")));
    }

    /** A template's findings that do not depend on its placeholders ({@link #applies}), in their order. */
    public static List<Finding> applying(List<Finding> findings, XmlFile xml) {
        FindingElements elements = FindingElements.of(xml);
        return findings.stream().filter(f -> applies(f, elements)).toList();
    }

    /**
     * A template's facts for the checks across files, without its placeholders: a placeholder name,
     * network or host name is dropped, and so is an interface or host whose MAC is one. (A UUID or MAC
     * that is a placeholder is no UUID or MAC to begin with, so {@link FileFacts} has none.)
     */
    public static FileFacts facts(FileFacts f) {
        List<FileFacts.Nic> nics = new ArrayList<>();
        for (FileFacts.Nic n : f.nics()) {
            nics.add(isPlaceholder(n.network()) ? new FileFacts.Nic(n.mac(), null, n.at()) : n);
        }
        List<FileFacts.Host> hosts = new ArrayList<>();
        for (FileFacts.Host h : f.hosts()) {
            hosts.add(new FileFacts.Host(h.mac(), isPlaceholder(h.name()) ? null : h.name(),
                    isPlaceholder(h.ip()) ? null : h.ip(), h.at()));
        }
        boolean name = isPlaceholder(f.name());
        return new FileFacts(f.kind(), name ? null : f.name(), name ? null : f.nameAt(), f.uuid(), f.uuidAt(), nics,
                hosts, f.hotplug());
    }

    /**
     * A template's result with only what does not depend on its placeholders: {@link #applying}
     * findings and {@link #facts}. Give the checks across files these results, not the raw ones.
     */
    public static FileResult result(FileResult r, XmlFile xml) {
        return new FileResult(r.path(), r.kind(), applying(r.findings(), xml), facts(r.facts()), r.omitted());
    }

    /**
     * The finding for a template that is not well-formed XML: the parser's finding, its message
     * saying that the file looks like a template and how to leave it out; {@code f} itself when the
     * text is no template.
     *
     * @param f the {@link Rule#XML_NOT_WELL_FORMED} finding
     * @param text the file's text
     * @param inDirectory the file's path relative to the directory it was found in, which is what
     *     {@code excludes} patterns are matched against
     */
    public static Finding explain(Finding f, String text, String inDirectory) {
        Detection d = detect(text);
        if (d == null || f.rule() != Rule.XML_NOT_WELL_FORMED) {
            return f;
        }
        String pattern = excludePattern(inDirectory);
        return new Finding(f.rule(), f.severity(), f.path(), f.line(), f.column(), "this looks like a template ("
                + d + "), not libvirt XML, and is not well-formed: " + f.message() + ". addralloc checks templates that"
                + " parse as XML and skips their placeholders; to leave this one out, add <excludes><exclude>" + pattern
                + "</exclude></excludes> to the plugin's configuration (or -Daddralloc.excludes=" + pattern + ")",
                f.element(), f.related());
    }

    /** The pattern that excludes a file: its directory's, when that directory is named for templates. */
    static String excludePattern(String inDirectory) {
        String p = inDirectory.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        if (slash > 0 && p.substring(0, slash).toLowerCase(java.util.Locale.ROOT).contains("template")) {
            return p.substring(0, slash) + "/**";
        }
        return p;
    }

    /** What assign says instead of writing into a template; null when {@code text} is no template. */
    public static String assignRefusal(String path, String text) {
        Detection d = detect(text);
        return d == null ? null : path + " looks like a template (" + d + "): assign does not write into templates,"
                + " where a MAC or address it pinned would be shared by every domain rendered from it; pin the"
                + " rendered files, or exclude the template";
    }
}
