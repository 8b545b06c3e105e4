package io.addralloc.engine;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.dom4j.Attribute;
import org.dom4j.Comment;
import org.dom4j.Element;
import org.dom4j.Node;
import org.dom4j.Text;
import org.jaxen.JaxenException;
import org.jaxen.dom4j.Dom4jXPath;

/**
 * Findings a build accepts: the entries of the suppressions file ({@code suppressions},
 * {@code addralloc.suppressions}), and {@code <!-- addralloc:ignore RULE reason -->} comments in the
 * checked files.
 *
 * <p><b>The file.</b> {@code <suppressions><suppress rule="addralloc.pci.*" files="legacy/.*\.xml"
 * xpath="/domain/devices/interface[2]" reason="..."/></suppressions>}. {@code rule} is a regular
 * expression matched against the whole rule id; {@code files} one matched against the whole path of
 * the file relative to the project's base directory, with {@code /} between names; {@code xpath} an
 * XPath 1.0 expression, evaluated with Jaxen on the file's tree, that selects the element the finding
 * points at or one of its ancestors (a finding about the whole file, with no position, matches when
 * it selects the root element). An entry suppresses a finding when every attribute it gives matches;
 * it must give at least one of the three. An entry that cannot be used (bad expression, unknown
 * attribute) is reported ({@link Rule#SUPPRESSION_INVALID}) and left out; the others still apply.
 *
 * <p><b>Comments.</b> {@code <!-- addralloc:ignore RULE reason -->} right before an element (only
 * white space and other comments between them) suppresses findings of RULE (an id, or a prefix
 * ending in {@code *}) on that element and on the elements inside it. One that stands before no
 * element, or suppresses nothing in its file, is reported as {@link Rule#SUPPRESSION_UNUSED}.
 *
 * <p>One instance serves a whole build and may be used from several threads: it counts which
 * entries matched, and {@link #unused()} reports the entries that matched nothing.
 */
public final class Suppressions {
    private static final Pattern IGNORE = Pattern.compile("\\s*addralloc:ignore(?:\\s+(\\S+))?(?:\\s+(.*?))?\\s*",
            Pattern.DOTALL);
    private static final Set<String> ATTRIBUTES = Set.of("rule", "files", "xpath", "reason");

    /**
     * One entry of the suppressions file.
     *
     * @param rule the rule expression, or null
     * @param files the path expression, or null
     * @param xpath the XPath expression, or null
     * @param reason why, or empty
     * @param line where the entry stands
     */
    public record Entry(Pattern rule, Pattern files, String xpath, String reason, int line, int column) {
        String describe() {
            List<String> parts = new ArrayList<>();
            if (rule != null) {
                parts.add("rule=\"" + rule.pattern() + "\"");
            }
            if (files != null) {
                parts.add("files=\"" + files.pattern() + "\"");
            }
            if (xpath != null) {
                parts.add("xpath=\"" + xpath + "\"");
            }
            return String.join(" ", parts);
        }
    }

    /** What suppressing did to one file's findings. */
    public record Applied(List<Finding> kept, List<SuppressedFinding> suppressed) {
        public Applied {
            kept = List.copyOf(kept);
            suppressed = List.copyOf(suppressed);
        }
    }

    private final String shownPath;
    private final List<Entry> entries;
    private final List<Finding> problems;
    private final AtomicIntegerArray hits;

    private Suppressions(String shownPath, List<Entry> entries, List<Finding> problems) {
        this.shownPath = shownPath;
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        this.hits = new AtomicIntegerArray(entries.size());
    }

    /** No suppressions file: only the comments in the files apply. */
    public static Suppressions none() {
        return new Suppressions("", List.of(), List.of());
    }

    /**
     * The suppressions file's entries. Never throws: what is wrong with the file is in
     * {@link #problems()}, each finding at the line of the entry (or of the syntax error).
     *
     * @param content the file's bytes
     * @param shownPath the file as findings name it (relative to the project, {@code /} separators)
     */
    public static Suppressions read(byte[] content, String shownPath) {
        List<Entry> entries = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            problems.add(problem(shownPath, e.line(), e.column(), "", "the suppressions file is not well-formed XML: "
                    + e.getMessage() + "; no suppression applies"));
            return new Suppressions(shownPath, entries, problems);
        }
        LocatedElement root = xml.root();
        if (!root.getName().equals("suppressions")) {
            problems.add(problem(shownPath, root.line(), root.column(), root.identity(), "the suppressions file's root"
                    + " is <" + root.getName() + ">, not <suppressions>; no suppression applies"));
            return new Suppressions(shownPath, entries, problems);
        }
        LocatedElement.Identities ids = new LocatedElement.Identities();
        for (Element child : root.elements()) {
            LocatedElement e = (LocatedElement) child;
            String problem = entry(e, entries);
            if (problem != null) {
                problems.add(problem(shownPath, e.line(), e.column(), ids.of(e), problem + "; this entry is ignored"));
            }
        }
        return new Suppressions(shownPath, entries, problems);
    }

    /** Adds the entry {@code e} makes to {@code entries}, or says why it makes none. */
    private static String entry(LocatedElement e, List<Entry> entries) {
        if (!e.getName().equals("suppress")) {
            return "<" + e.getName() + "> is not a <suppress> entry";
        }
        for (Attribute a : e.attributes()) {
            if (!ATTRIBUTES.contains(a.getName())) {
                return "<suppress> has no attribute '" + a.getName() + "' (it takes rule, files, xpath, reason)";
            }
        }
        String rule = e.attributeValue("rule");
        String files = e.attributeValue("files");
        String xpath = e.attributeValue("xpath");
        if (rule == null && files == null && xpath == null) {
            return "<suppress> gives none of rule, files and xpath, so it would suppress every finding";
        }
        Pattern rulePattern;
        Pattern filesPattern;
        try {
            rulePattern = rule == null ? null : Pattern.compile(rule);
        } catch (PatternSyntaxException x) {
            return "rule=\"" + rule + "\" is not a regular expression: " + x.getDescription() + " at index "
                    + x.getIndex();
        }
        try {
            filesPattern = files == null ? null : Pattern.compile(files);
        } catch (PatternSyntaxException x) {
            return "files=\"" + files + "\" is not a regular expression: " + x.getDescription() + " at index "
                    + x.getIndex();
        }
        if (xpath != null) {
            try {
                // Compiles, and resolves functions and variables against a document of every kind.
                new Dom4jXPath(xpath).selectNodes(org.dom4j.DocumentHelper.createDocument(
                        org.dom4j.DocumentHelper.createElement("domain")));
            } catch (JaxenException | RuntimeException x) {
                return "xpath=\"" + xpath + "\" is not an XPath expression Jaxen can evaluate: " + x.getMessage();
            }
        }
        String reason = e.attributeValue("reason");
        entries.add(new Entry(rulePattern, filesPattern, xpath, reason == null ? "" : reason.strip(), e.line(),
                e.column()));
        return null;
    }

    private static Finding problem(String path, int line, int column, String element, String message) {
        return new Finding(Rule.SUPPRESSION_INVALID, Rule.SUPPRESSION_INVALID.severity(), path, line, column, message,
                element, null);
    }

    /** What is wrong with the suppressions file ({@link Rule#SUPPRESSION_INVALID}), in the file's order. */
    public List<Finding> problems() {
        return problems;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** How many findings entry {@code i} of {@link #entries()} suppressed so far. */
    public int hits(int i) {
        return hits.get(i);
    }

    /**
     * Whether {@link #apply} needs the file's parsed tree: when it has findings an XPath entry
     * or a comment might suppress, or a comment that would be reported as unused.
     */
    public boolean needsDocument(List<Finding> findings, String text) {
        return text.contains("addralloc:ignore")
                || !findings.isEmpty() && entries.stream().anyMatch(e -> e.xpath() != null);
    }

    /**
     * One file's findings, split into those that still count and those suppressed. Comments that
     * stand before no element or suppress nothing are added to the kept findings
     * ({@link Rule#SUPPRESSION_UNUSED}).
     *
     * @param path the file relative to the project's base directory, {@code /} separators
     * @param findings its findings
     * @param xml its tree, or null when it was not parsed (not well-formed, or not needed: see
     *     {@link #needsDocument}); then entries with an XPath do not match and comments are not read
     */
    public Applied apply(String path, List<Finding> findings, XmlFile xml) {
        List<Finding> kept = new ArrayList<>();
        List<SuppressedFinding> suppressed = new ArrayList<>();
        FindingElements elements = xml == null ? null : FindingElements.of(xml);
        List<Comment> comments = xml == null ? List.of() : comments(xml);
        Map<Comment, Integer> commentHits = new IdentityHashMap<>();
        Map<Integer, Set<Node>> selected = new java.util.HashMap<>();
        for (Finding f : findings) {
            LocatedElement at = elements == null ? null : elements.at(f);
            SuppressedFinding by = byComment(f, at, comments, commentHits, path, xml);
            for (int i = 0; by == null && i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (matches(e, i, f, path, at, xml, selected)) {
                    hits.incrementAndGet(i);
                    by = new SuppressedFinding(f, false, e.reason(), shownPath + ":" + e.line());
                }
            }
            if (by == null) {
                kept.add(f);
            } else {
                suppressed.add(by);
            }
        }
        for (Comment c : comments) {
            if (!commentHits.containsKey(c)) {
                kept.add(unusedComment(path, xml, c));
            }
        }
        return new Applied(kept, suppressed);
    }

    private static boolean matches(Entry e, int index, Finding f, String path, LocatedElement at, XmlFile xml,
            Map<Integer, Set<Node>> selected) {
        if (e.rule() != null && !e.rule().matcher(f.rule().id()).matches()) {
            return false;
        }
        if (e.files() != null && !e.files().matcher(path).matches()) {
            return false;
        }
        if (e.xpath() == null) {
            return true;
        }
        if (xml == null) {
            return false;
        }
        Set<Node> nodes = selected.computeIfAbsent(index, k -> select(e.xpath(), xml));
        if (at == null) {
            return nodes.contains(xml.root()) || nodes.contains(xml.document());
        }
        for (Element up = at; up != null; up = up.getParent()) {
            if (nodes.contains(up)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Node> select(String xpath, XmlFile xml) {
        Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (Object o : new Dom4jXPath(xpath).selectNodes(xml.document())) {
                if (o instanceof Node n) {
                    nodes.add(n);
                }
            }
        } catch (JaxenException | RuntimeException e) {
            // Checked when the file was read; an expression that fails on one tree selects nothing in it.
        }
        return nodes;
    }

    /** The {@code addralloc:ignore} comments of the file, in document order. */
    private static List<Comment> comments(XmlFile xml) {
        List<Comment> out = new ArrayList<>();
        collect(xml.document().content(), out);
        return out;
    }

    private static void collect(List<Node> nodes, List<Comment> out) {
        for (Node n : nodes) {
            if (n instanceof Comment c && IGNORE.matcher(c.getText()).matches()) {
                out.add(c);
            } else if (n instanceof Element e) {
                collect(e.content(), out);
            }
        }
    }

    private SuppressedFinding byComment(Finding f, LocatedElement at, List<Comment> comments,
            Map<Comment, Integer> commentHits, String path, XmlFile xml) {
        if (comments.isEmpty()) {
            return null;
        }
        for (Element up = at != null ? at : xml.root(); up != null; up = at == null ? null : up.getParent()) {
            for (Comment c : before(up)) {
                Matcher m = IGNORE.matcher(c.getText());
                if (m.matches() && m.group(1) != null && ruleMatches(m.group(1), f.rule())) {
                    commentHits.merge(c, 1, Integer::sum);
                    int offset = commentOffset(xml, c);
                    return new SuppressedFinding(f, true, m.group(2),
                            path + ":" + (offset < 0 ? 0 : xml.source().line(offset)));
                }
            }
        }
        return null;
    }

    private static boolean ruleMatches(String id, Rule rule) {
        return id.endsWith("*") ? rule.id().startsWith(id.substring(0, id.length() - 1)) : id.equals(rule.id());
    }

    /** The comments right before {@code e}: its preceding siblings up to anything but a comment or white space. */
    private static List<Comment> before(Element e) {
        List<Node> siblings = e.getParent() != null ? e.getParent().content() : e.getDocument().content();
        List<Comment> out = new ArrayList<>();
        for (int i = siblings.indexOf(e) - 1; i >= 0; i--) {
            Node n = siblings.get(i);
            if (n instanceof Comment c) {
                out.add(c);
            } else if (!(n instanceof Text t && t.getText().isBlank())) {
                break;
            }
        }
        return out;
    }

    /** The element a comment stands before, or null. */
    private static Element target(Comment c) {
        List<Node> siblings = c.getParent() != null ? c.getParent().content() : c.getDocument().content();
        for (int i = siblings.indexOf(c) + 1; i < siblings.size(); i++) {
            Node n = siblings.get(i);
            if (n instanceof Element e) {
                return e;
            }
            if (!(n instanceof Comment) && !(n instanceof Text t && t.getText().isBlank())) {
                return null;
            }
        }
        return null;
    }

    /**
     * Where a comment stands, or -1: the tree keeps no position for comments, so it is found in the
     * text, the last occurrence before the element it stands before (else the first in the file).
     */
    private static int commentOffset(XmlFile xml, Comment c) {
        String text = xml.source().text();
        String spelled = "<!--" + c.getText() + "-->";
        Element target = target(c);
        return target instanceof LocatedElement l && l.startTagStart() >= 0
                ? text.lastIndexOf(spelled, l.startTagStart()) : text.indexOf(spelled);
    }

    private static Finding unusedComment(String path, XmlFile xml, Comment c) {
        Matcher m = IGNORE.matcher(c.getText());
        m.matches();
        Element target = target(c);
        int offset = commentOffset(xml, c);
        String message;
        if (m.group(1) == null) {
            message = "addralloc:ignore names no rule; write <!-- addralloc:ignore RULE reason --> right before the"
                    + " element";
        } else if (target == null) {
            message = "addralloc:ignore " + m.group(1) + " stands before no element, so it suppresses nothing; put it"
                    + " right before the element the finding points at";
        } else {
            message = "addralloc:ignore " + m.group(1) + " suppresses nothing: <" + target.getName() + "> below it has"
                    + " no finding of " + m.group(1) + "; remove the comment";
        }
        return new Finding(Rule.SUPPRESSION_UNUSED, Rule.SUPPRESSION_UNUSED.severity(), path,
                offset < 0 ? 0 : xml.source().line(offset), offset < 0 ? 0 : xml.source().column(offset), message, target instanceof LocatedElement l ? l.identity() : "", null);
    }

    /**
     * The entries of the suppressions file that suppressed nothing in this build so far
     * ({@link Rule#SUPPRESSION_UNUSED}, on the suppressions file). Call once every file is applied.
     */
    public List<Finding> unused() {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (hits.get(i) == 0) {
                Entry e = entries.get(i);
                out.add(new Finding(Rule.SUPPRESSION_UNUSED, Rule.SUPPRESSION_UNUSED.severity(), shownPath, e.line(),
                        e.column(), "suppression " + e.describe() + " matched no finding in this build; remove it if"
                                + " its finding is fixed, else correct it (files is matched against the whole path"
                                + " relative to the project)", "/suppressions/suppress " + e.describe(), null));
            }
        }
        return out;
    }
}
