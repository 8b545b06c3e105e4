package io.addralloc.engine;

import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.libvirt.xml.XmlSyntaxError;
import io.addralloc.report.XmlText;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingElements;
import io.addralloc.result.FindingFingerprint;
import io.addralloc.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dom4j.Element;

/**
 * The findings a repository accepted when it adopted addralloc ({@code addralloc-baseline.xml} at the
 * project's base directory, written by {@code addralloc:baseline}); verify then fails only on findings
 * not in it. A finding is known when one of the baseline's entries has its rule, its file's path and
 * its element ({@link FindingFingerprint#element}): not its line or message, so edits elsewhere in the
 * file, even devices inserted before it, keep it known. Alike findings are counted: a baseline entry
 * with {@code count="2"} accepts two.
 *
 * <p>The file is small, sorted and stable, so that it diffs well in review:
 * <pre>{@code
 * <?xml version="1.0" encoding="UTF-8"?>
 * <baseline version="1">
 *   <file path="vms/web01.xml">
 *     <finding rule="addralloc.pci.DuplicateAddress" element="/domain/devices/interface[mac=52:54:00:00:00:02]/address"/>
 *     <finding rule="addralloc.pci.ZeroAddress" element="/domain/devices/disk[target=vdb]/address" count="2"/>
 *   </file>
 * </baseline>
 * }</pre>
 */
public final class Baseline {
    /** The version this class writes and reads. */
    public static final String VERSION = "1";

    /** The default file name, at the project's base directory. */
    public static final String FILE_NAME = "addralloc-baseline.xml";

    /**
     * What identifies a finding in the baseline.
     *
     * @param rule the rule id (kept as text: a baseline may name a rule a later version dropped)
     * @param path the file, relative to the project's base directory, {@code /} separators
     * @param element the element, as {@link FindingFingerprint#element} names it
     */
    public record Entry(String rule, String path, String element) {
        static final Comparator<Entry> ORDER = Comparator.comparing(Entry::path).thenComparing(Entry::rule)
                .thenComparing(Entry::element);
    }

    /** A finding with its entry. */
    public record Fingerprinted(Finding finding, Entry entry) {
    }

    /**
     * Current findings against the baseline.
     *
     * @param fresh findings not in the baseline: these count (fail the build)
     * @param known findings the baseline accepts
     * @param fixed baseline entries no current finding matches any more, with how many of each
     */
    public record Comparison(List<Finding> fresh, List<Finding> known, Map<Entry, Integer> fixed) {
        public int fixedCount() {
            return fixed.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** One line for the summary: how many are known, fixed and new. */
        public String summary(String baselinePath) {
            String s = String.format("baseline %s: %d finding%s known, %d new", baselinePath, known.size(),
                    known.size() == 1 ? "" : "s", fresh.size());
            if (fixedCount() > 0) {
                s += String.format("; %d baseline finding%s fixed, run mvn addralloc:baseline again to shrink it",
                        fixedCount(), fixedCount() == 1 ? " is" : "s are");
            }
            return s;
        }
    }

    /** A baseline as read, with what was wrong with the file ({@link Rule#BASELINE_INVALID}). */
    public record Loaded(Baseline baseline, List<Finding> problems) {
    }

    private final TreeMap<Entry, Integer> counts;

    private Baseline(Map<Entry, Integer> counts) {
        this.counts = new TreeMap<>(Entry.ORDER);
        this.counts.putAll(counts);
    }

    /** No baseline: every finding is new. */
    public static Baseline empty() {
        return new Baseline(Map.of());
    }

    /**
     * A finding's entry.
     *
     * @param path its file relative to the project's base directory
     * @param elements its file's tree, or null when the file is not XML; give it whenever the file
     *     has findings, also for results from the cache, so that the same file gives the same entries
     */
    public static Fingerprinted fingerprint(Finding f, String path, FindingElements elements) {
        return new Fingerprinted(f, new Entry(f.rule().id(), path, FindingFingerprint.element(f, elements)));
    }

    /** One file's findings fingerprinted ({@code xml} null when the file is not XML). */
    public static List<Fingerprinted> fingerprint(String path, List<Finding> findings, XmlFile xml) {
        FindingElements elements = xml == null || findings.isEmpty() ? null : FindingElements.of(xml);
        List<Fingerprinted> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            out.add(fingerprint(f, path, elements));
        }
        return out;
    }

    /** The baseline of these findings: what {@code addralloc:baseline} writes. */
    public static Baseline of(Collection<Fingerprinted> findings) {
        Map<Entry, Integer> counts = new HashMap<>();
        for (Fingerprinted f : findings) {
            counts.merge(f.entry(), 1, Integer::sum);
        }
        return new Baseline(counts);
    }

    /** Each entry and how many alike findings it accepts, sorted by path, rule and element. */
    public Map<Entry, Integer> entries() {
        return java.util.Collections.unmodifiableMap(counts);
    }

    public int size() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Splits {@code current} into new and known findings, and names the entries nothing matches any more. */
    public Comparison compare(List<Fingerprinted> current) {
        Map<Entry, Integer> left = new HashMap<>(counts);
        List<Finding> fresh = new ArrayList<>();
        List<Finding> known = new ArrayList<>();
        for (Fingerprinted f : current) {
            Integer n = left.get(f.entry());
            if (n == null) {
                fresh.add(f.finding());
            } else {
                known.add(f.finding());
                if (n == 1) {
                    left.remove(f.entry());
                } else {
                    left.put(f.entry(), n - 1);
                }
            }
        }
        Map<Entry, Integer> fixed = new TreeMap<>(Entry.ORDER);
        fixed.putAll(left);
        return new Comparison(fresh, known, fixed);
    }

    /** The file's text: sorted by path, rule and element, one line an entry, LF line ends. */
    public String write() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<!-- Findings accepted when this baseline was written; verify fails only on others."
                + " Written by mvn addralloc:baseline: run it again to update, do not edit. -->\n");
        sb.append("<baseline version=\"").append(VERSION).append("\">\n");
        String path = null;
        for (Map.Entry<Entry, Integer> e : counts.entrySet()) {
            Entry k = e.getKey();
            if (!k.path().equals(path)) {
                if (path != null) {
                    sb.append("  </file>\n");
                }
                path = k.path();
                sb.append("  <file path=\"").append(XmlText.escape(path)).append("\">\n");
            }
            sb.append("    <finding rule=\"").append(XmlText.escape(k.rule())).append("\" element=\"")
                    .append(XmlText.escape(k.element())).append('"');
            if (e.getValue() > 1) {
                sb.append(" count=\"").append(e.getValue()).append('"');
            }
            sb.append("/>\n");
        }
        if (path != null) {
            sb.append("  </file>\n");
        }
        return sb.append("</baseline>\n").toString();
    }

    /** {@link #write()} as the bytes of the file (UTF-8). */
    public byte[] bytes() {
        return write().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a baseline file. Never throws: what is wrong is in {@link Loaded#problems()}, and what
     * could be read is kept (a file that is not well-formed, or of another version, gives an empty
     * baseline: every finding then counts as new).
     *
     * @param shownPath the file as findings name it
     */
    public static Loaded read(byte[] content, String shownPath) {
        List<Finding> problems = new ArrayList<>();
        XmlFile xml;
        try {
            xml = XmlFile.parse(content);
        } catch (XmlSyntaxError e) {
            problems.add(problem(shownPath, e.line(), e.column(), "", "the baseline is not well-formed XML: "
                    + e.getMessage() + "; every finding counts as new. Run mvn addralloc:baseline to write it again"));
            return new Loaded(empty(), problems);
        }
        LocatedElement root = xml.root();
        if (!root.getName().equals("baseline") || !VERSION.equals(root.attributeValue("version"))) {
            problems.add(problem(shownPath, root.line(), root.column(), root.identity(), "the baseline's root is <"
                    + root.getName() + " version=\"" + root.attributeValue("version") + "\">, not <baseline version=\""
                    + VERSION + "\">; every finding counts as new. Run mvn addralloc:baseline to write it again"));
            return new Loaded(empty(), problems);
        }
        Map<Entry, Integer> counts = new HashMap<>();
        for (Element file : root.elements()) {
            String path = file.attributeValue("path");
            if (!file.getName().equals("file") || path == null) {
                problems.add(problem(shownPath, (LocatedElement) file, "expected <file path=\"...\">, found <"
                        + file.getName() + ">; its entries are left out"));
                continue;
            }
            for (Element f : file.elements()) {
                String rule = f.attributeValue("rule");
                String element = f.attributeValue("element");
                Integer count = count(f.attributeValue("count"));
                if (!f.getName().equals("finding") || rule == null || element == null || count == null) {
                    problems.add(problem(shownPath, (LocatedElement) f, "expected <finding rule=\"...\" element=\"...\""
                            + " [count=\"n\"]/>, found <" + f.getName() + "> without them; left out"));
                    continue;
                }
                counts.merge(new Entry(rule, path, element), count, Integer::sum);
            }
        }
        return new Loaded(new Baseline(counts), problems);
    }

    private static Integer count(String s) {
        if (s == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(s.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Finding problem(String path, LocatedElement at, String message) {
        return problem(path, at.line(), at.column(), at.identity(), message);
    }

    private static Finding problem(String path, int line, int column, String element, String message) {
        return new Finding(Rule.BASELINE_INVALID, Rule.BASELINE_INVALID.severity(), path, line, column, message, element,
                null);
    }
}
