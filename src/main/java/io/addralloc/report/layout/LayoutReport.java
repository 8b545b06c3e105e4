package io.addralloc.report.layout;

import io.addralloc.report.Rendering;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The address map of a build as a set of HTML pages that work offline: an index with one row per
 * domain and network file (split into pages of {@link #INDEX_ROWS}), and a page per file with its
 * picture, its findings, its address tables and its source, which the findings link into. No
 * script, font or style sheet is loaded from anywhere; every page carries its own styles. The
 * same input gives the same bytes: nothing depends on time, locale, hash order or thread timing.
 * Every text taken from a file is escaped ({@link Html}).
 */
public final class LayoutReport {
    /** Rows of one index page: 10,000 files make 20 pages a browser opens at once. */
    public static final int INDEX_ROWS = 500;

    /**
     * A file of the build.
     *
     * @param result its final result (the checks across files included)
     * @param domain the page of a domain file, or null
     * @param network the page of a network file, or null
     */
    public record Entry(FileResult result, DomainLayout domain, NetworkLayout network) {
    }

    /** A page to write: its path relative to the report's directory, and its content. */
    public record Page(String path, Rendering content) {
    }

    private final List<Entry> entries;
    private final List<String> pageNames;
    private final String version;
    private final String totals;

    /** @param entries the build's domain, network and unreadable files, in path order */
    public LayoutReport(List<Entry> entries, String version) {
        this.entries = List.copyOf(entries);
        this.version = version;
        this.pageNames = pageNames(this.entries);
        this.totals = totals(this.entries);
    }

    /** Every page: the index pages first, then one per domain and network. */
    public List<Page> pages() {
        List<Page> pages = new ArrayList<>();
        pages.add(new Page(STYLESHEET, out -> out.append(CSS)));
        int indexPages = Math.max(1, (entries.size() + INDEX_ROWS - 1) / INDEX_ROWS);
        for (int p = 0; p < indexPages; p++) {
            int page = p;
            pages.add(new Page(indexName(p), out -> index(out, page, indexPages)));
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String name = pageNames.get(i);
            if (name == null) {
                continue;
            }
            String back = "../" + indexName(i / INDEX_ROWS);
            pages.add(new Page(name, out -> {
                if (e.domain() != null) {
                    domainPage(out, e, e.domain(), back);
                } else {
                    networkPage(out, e, e.network(), back);
                }
            }));
        }
        return pages;
    }

    /**
     * One style sheet for every page, beside the index: 10,000 pages each with the styles in them
     * were 26 MB more to write, and a CI server that serves artifacts with a content security
     * policy (Jenkins' default allows style sheets of the same origin only) would drop inline styles.
     */
    static final String STYLESHEET = "report.css";

    static String indexName(int page) {
        return page == 0 ? "index.html" : "index-" + (page + 1) + ".html";
    }

    /**
     * File pages under {@code files/}, named after the file's path with every character but
     * letters, digits, dot, dash and underscore made an underscore (a path may hold anything a
     * file system allows), and a number added where two names meet.
     */
    private static List<String> pageNames(List<Entry> entries) {
        List<String> names = new ArrayList<>(entries.size());
        Set<String> taken = new HashSet<>();
        for (Entry e : entries) {
            if (e.domain() == null && e.network() == null) {
                names.add(null);
                continue;
            }
            StringBuilder sb = new StringBuilder();
            String path = e.result().path();
            for (int i = 0; i < path.length() && sb.length() < 80; i++) {
                char c = path.charAt(i);
                sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c
                        : c == '/' ? '_' : '_');
            }
            String base = "files/" + sb;
            String name = base + ".html";
            for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = base + "-" + n + ".html";
            }
            names.add(name);
        }
        return names;
    }

    // ---- the index ---------------------------------------------------------------------------

    private void index(Appendable out, int page, int pages) throws IOException {
        head(out, "addralloc: address map of " + entries.size() + " file" + (entries.size() == 1 ? "" : "s"), "");
        out.append("<h1>Address map</h1>\n");
        totals(out);
        pager(out, page, pages);
        out.append("<table class=\"index\"><caption>Files ").append(Integer.toString(page * INDEX_ROWS + 1))
                .append(" to ").append(Integer.toString(Math.min(entries.size(), (page + 1) * INDEX_ROWS)))
                .append(" of ").append(Integer.toString(entries.size())).append(", in path order</caption>\n<thead><tr>");
        for (String h : List.of("file", "name", "machine", "devices", "PCI slots used", "PCI slots free",
                "free hot-pluggable ports (PCIe) or slots (PCI)", "libvirt chooses", "errors", "warnings", "infos")) {
            out.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (int i = page * INDEX_ROWS; i < Math.min(entries.size(), (page + 1) * INDEX_ROWS); i++) {
            indexRow(out, entries.get(i), pageNames.get(i));
        }
        out.append("</tbody></table>\n");
        pager(out, page, pages);
        foot(out);
    }

    private void totals(Appendable out) throws IOException {
        out.append(totals);
    }

    /** The line of totals every index page starts with, made once. */
    private static String totals(List<Entry> entries) {
        int domains = 0;
        int networks = 0;
        int unreadable = 0;
        int short0 = 0;
        long[] bySeverity = new long[3];
        for (Entry e : entries) {
            FileResult r = e.result();
            if (r.kind() == FileKind.DOMAIN) {
                domains++;
            } else if (r.kind() == FileKind.NETWORK) {
                networks++;
            } else {
                unreadable++;
            }
            for (Severity s : SEVERITIES) {
                bySeverity[s.ordinal()] += r.count(s);
            }
            short0 += r.findings().stream().anyMatch(f -> f.rule() == Rule.PCI_NO_HOTPLUG_PORT) ? 1 : 0;
        }
        return "<p class=\"totals\">" + count(domains, "domain") + ", " + count(networks, "network") + ", " + unreadable
                + " unreadable; " + count(bySeverity[Severity.ERROR.ordinal()], "error") + ", "
                + count(bySeverity[Severity.WARNING.ordinal()], "warning") + ", "
                + count(bySeverity[Severity.INFO.ordinal()], "info") + "; " + count(short0, "domain")
                + " with too few free hot-pluggable ports (" + Html.escape(Rule.PCI_NO_HOTPLUG_PORT.id()) + ").</p>\n";
    }

    private static final Severity[] SEVERITIES = Severity.values();

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static void pager(Appendable out, int page, int pages) throws IOException {
        if (pages <= 1) {
            return;
        }
        out.append("<nav class=\"pager\" aria-label=\"index pages\">Pages:");
        for (int p = 0; p < pages; p++) {
            out.append(' ');
            if (p == page) {
                out.append("<strong aria-current=\"page\">").append(Integer.toString(p + 1)).append("</strong>");
            } else {
                out.append("<a href=\"").append(indexName(p)).append("\">").append(Integer.toString(p + 1)).append("</a>");
            }
        }
        out.append("</nav>\n");
    }

    private static void indexRow(Appendable out, Entry e, String page) throws IOException {
        FileResult r = e.result();
        String path = Html.escape(r.path());
        out.append("<tr class=\"").append(r.hasErrors() ? "has-errors" : r.count(Severity.WARNING) > 0 ? "has-warnings"
                : "clean").append("\"><th scope=\"row\">");
        if (page != null) {
            out.append("<a href=\"").append(page).append("\">").append(path).append("</a>");
        } else {
            out.append(path);
        }
        out.append("</th>");
        DomainLayout d = e.domain();
        if (d != null) {
            int[] slots = d.pciSlotsUsedAndFree();
            boolean pci = !d.pci().isEmpty();
            cells(out, d.name(), machine(d), Integer.toString(d.devices().size()), pci ? Integer.toString(slots[0]) : "-",
                    pci ? Integer.toString(slots[1]) : "-", pci ? hotplug(d) : "-", Integer.toString(d.unpinned()));
        } else if (e.network() != null) {
            cells(out, e.network().name(), "network", "-", "-", "-", "-", "-");
        } else {
            cells(out, "", r.kind() == FileKind.UNREADABLE ? "unreadable" : "", "-", "-", "-", "-", "-");
        }
        cells(out, Integer.toString(r.count(Severity.ERROR)), Integer.toString(r.count(Severity.WARNING)),
                Integer.toString(r.count(Severity.INFO)));
        out.append("</tr>\n");
    }

    private static String machine(DomainLayout d) {
        String m = d.machine() == null ? "" : d.machine();
        return d.arch() == null ? m : m + " (" + d.arch() + ")";
    }

    private static String hotplug(DomainLayout d) {
        int n = d.freeHotplug(d.countsPorts());
        return n + (d.countsPorts() ? n == 1 ? " port" : " ports" : n == 1 ? " slot" : " slots");
    }

    private static void cells(Appendable out, String... values) throws IOException {
        for (String v : values) {
            out.append("<td>");
            Html.write(out, v);
            out.append("</td>");
        }
    }

    // ---- a domain's page ----------------------------------------------------------------------

    private void domainPage(Appendable out, Entry e, DomainLayout d, String back) throws IOException {
        FileResult r = e.result();
        fileHeader(out, "Domain", d.name(), r.path() + ", machine " + machine(d), back);
        List<Finding> findings = r.findings();
        Map<Integer, List<Integer>> findingsOf = new HashMap<>();
        Map<Integer, Boolean> errorOn = new HashMap<>();
        int[] onItem = new int[findings.size()];
        for (int i = 0; i < findings.size(); i++) {
            // A finding on no device that concerns the PCI topology as a whole is drawn on its first bus.
            onItem[i] = findings.get(i).rule() == Rule.PCI_NO_HOTPLUG_PORT ? PciPicture.TOPOLOGY
                    : itemAt(d, findings.get(i).line());
            if (onItem[i] != -1) {
                findingsOf.computeIfAbsent(onItem[i], k -> new ArrayList<>()).add(i + 1);
                errorOn.merge(onItem[i], findings.get(i).severity() == Severity.ERROR, Boolean::logicalOr);
            }
        }
        summary(out, r, d);
        out.append("<h2 id=\"pci\">PCI topology</h2>\n");
        if (d.family() == null) {
            out.append("<p>addralloc does not model this machine, so there is no layout to show.</p>\n");
        } else if (d.pci().isEmpty()) {
            out.append("<p>This domain has no PCI bus.</p>\n");
        } else {
            out.append("<p class=\"legend\"><span class=\"k device\">device the file places</span> <span class=\"k device"
                    + " chosen\">libvirt chooses its address</span> <span class=\"k chipset\">chipset</span> <span class=\"k"
                    + " free hot\">free, hot-pluggable</span> <span class=\"k free\">free, no hot-plug</span> <span"
                    + " class=\"k error\">has a finding (numbered)</span></p>\n");
            PciPicture.write(out, d, findingsOf, errorOn);
        }
        findingsList(out, r, findings, onItem, d.devices(), !d.source().isEmpty());
        devices(out, d, findingsOf);
        for (DomainLayout.AddressMap m : d.maps()) {
            map(out, m, d, findingsOf);
        }
        source(out, d.source(), findingLines(findings));
        foot(out);
    }

    /** The device whose element holds the line: the innermost when elements nest; -1 for none. */
    private static int itemAt(DomainLayout d, int line) {
        int best = -1;
        int span = Integer.MAX_VALUE;
        for (DomainLayout.Item i : d.devices()) {
            if (i.line() > 0 && i.line() <= line && line <= i.lastLine() && i.lastLine() - i.line() < span) {
                best = i.id();
                span = i.lastLine() - i.line();
            }
        }
        return best;
    }

    private static void summary(Appendable out, FileResult r, DomainLayout d) throws IOException {
        int[] slots = d.pciSlotsUsedAndFree();
        out.append("<table class=\"summary\"><caption>Summary</caption><tbody>\n");
        summaryRow(out, "devices", Integer.toString(d.devices().size()));
        if (!d.pci().isEmpty()) {
            summaryRow(out, "PCI buses", Integer.toString(d.pci().size()));
            summaryRow(out, "PCI slots used / free", slots[0] + " / " + slots[1]);
            summaryRow(out, d.countsPorts() ? "free hot-pluggable PCIe ports" : "free hot-pluggable PCI slots",
                    Integer.toString(d.freeHotplug(d.countsPorts())));
        }
        summaryRow(out, "addresses libvirt chooses (not pinned in the file)", Integer.toString(d.unpinned()));
        summaryRow(out, "findings", count(r.count(Severity.ERROR), "error") + ", " + count(r.count(Severity.WARNING),
                "warning") + ", " + count(r.count(Severity.INFO), "info"));
        out.append("</tbody></table>\n");
    }

    private static void summaryRow(Appendable out, String name, String value) throws IOException {
        out.append("<tr><th scope=\"row\">").append(Html.escape(name)).append("</th><td>").append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private static void findingsList(Appendable out, FileResult r, List<Finding> findings, int[] onItem,
            List<DomainLayout.Item> items, boolean linesShown) throws IOException {
        out.append("<h2 id=\"findings\">Findings</h2>\n");
        if (findings.isEmpty()) {
            out.append("<p>None: libvirt 9.0 accepts this file as it is.</p>\n");
            return;
        }
        out.append("<ol class=\"findings\">\n");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            String where = f.path() + (f.line() > 0 ? ":" + f.line() + (f.column() > 0 ? ":" + f.column() : "") : "");
            out.append("<li id=\"f").append(Integer.toString(i + 1)).append("\" class=\"").append(f.severity().word())
                    .append("\"><span class=\"sev\">").append(f.severity().word()).append("</span> ");
            if (linesShown && f.line() > 0) {
                out.append("<a href=\"#L").append(Integer.toString(f.line())).append("\">").append(Html.escape(where))
                        .append("</a>");
            } else {
                out.append(Html.escape(where));
            }
            out.append(": ").append(Html.escape(f.message())).append(" <span class=\"rule\">[")
                    .append(Html.escape(f.rule().id())).append("]</span>");
            if (onItem != null && onItem[i] == PciPicture.TOPOLOGY) {
                out.append(" <span class=\"on\">on <a href=\"#pci\">the PCI topology</a></span>");
            } else if (onItem != null && onItem[i] >= 0) {
                DomainLayout.Item item = items.get(onItem[i]);
                out.append(" <span class=\"on\">on <a href=\"#d").append(Integer.toString(item.id() + 1)).append("\">")
                        .append(Html.escape(item.kind() + " " + item.what())).append("</a></span>");
            }
            out.append("</li>\n");
        }
        out.append("</ol>\n");
    }

    private static void devices(Appendable out, DomainLayout d, Map<Integer, List<Integer>> findingsOf)
            throws IOException {
        out.append("<h2 id=\"devices\">Devices</h2>\n<table class=\"devices\"><caption>Every device with the address"
                + " libvirt gives it</caption>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">device</th><th"
                + " scope=\"col\">address</th><th scope=\"col\">placed by</th><th scope=\"col\">line</th><th"
                + " scope=\"col\">findings</th></tr></thead>\n<tbody>\n");
        for (DomainLayout.Item i : d.devices()) {
            out.append("<tr id=\"d").append(Integer.toString(i.id() + 1)).append("\"").append(i.libvirtChooses()
                    ? " class=\"chosen\"" : "").append("><td>").append(Integer.toString(i.id() + 1)).append("</td><td>")
                    .append(Html.escape(i.label()));
            if (i.aliasDropped()) {
                out.append(" <span class=\"note\">(libvirt drops this alias: it keeps only ua- followed by letters,"
                        + " digits, _ and -)</span>");
            }
            out.append("</td><td class=\"addr\">").append(Html.escape(i.address())).append("</td><td>")
                    .append(placedBy(i)).append("</td><td>");
            if (i.line() > 0) {
                out.append("<a href=\"#L").append(Integer.toString(i.line())).append("\">").append(Integer.toString(i.line()))
                        .append("</a>");
            }
            out.append("</td><td>");
            findingLinks(out, findingsOf.getOrDefault(i.id(), List.of()));
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String placedBy(DomainLayout.Item i) {
        return i.implicit() ? "libvirt adds the device" : i.address().isEmpty() ? "" : i.libvirtChooses()
                ? "libvirt chooses" : "the file";
    }

    private static void findingLinks(Appendable out, List<Integer> numbers) throws IOException {
        for (int k = 0; k < numbers.size(); k++) {
            out.append(k == 0 ? "" : " ").append("<a href=\"#f").append(Integer.toString(numbers.get(k))).append("\">")
                    .append(Integer.toString(numbers.get(k))).append("</a>");
        }
    }

    private static void map(Appendable out, DomainLayout.AddressMap m, DomainLayout d,
            Map<Integer, List<Integer>> findingsOf) throws IOException {
        out.append("<h2>").append(Html.escape(m.title())).append("</h2>\n");
        for (String note : m.notes()) {
            out.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
        if (m.rows().isEmpty()) {
            return;
        }
        out.append("<table class=\"map\"><caption>").append(Html.escape(m.title())).append("</caption>\n<thead><tr>");
        for (String c : m.columns()) {
            out.append("<th scope=\"col\">").append(Html.escape(c)).append("</th>");
        }
        out.append("<th scope=\"col\">device</th><th scope=\"col\">placed by</th><th scope=\"col\">findings</th></tr>"
                + "</thead>\n<tbody>\n");
        for (DomainLayout.Row row : m.rows()) {
            DomainLayout.Item item = d.devices().get(row.item());
            out.append("<tr").append(item.libvirtChooses() ? " class=\"chosen\"" : "").append('>');
            cells(out, row.fields().toArray(String[]::new));
            out.append("<td><a href=\"#d").append(Integer.toString(item.id() + 1)).append("\">")
                    .append(Html.escape(item.label())).append("</a></td><td>").append(placedBy(item)).append("</td><td>");
            findingLinks(out, findingsOf.getOrDefault(item.id(), List.of()));
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static Set<Integer> findingLines(List<Finding> findings) {
        Set<Integer> lines = new HashSet<>();
        for (Finding f : findings) {
            lines.add(f.line());
        }
        return lines;
    }

    private static void source(Appendable out, List<String> lines, Set<Integer> flagged) throws IOException {
        out.append("<h2 id=\"source\">Source</h2>\n");
        if (lines.isEmpty()) {
            out.append("<p>The file is too large to list here.</p>\n");
            return;
        }
        out.append("<pre class=\"source\">");
        for (int i = 0; i < lines.size(); i++) {
            String n = Integer.toString(i + 1);
            out.append("<a id=\"L").append(n).append('"').append(flagged.contains(i + 1) ? " class=\"flagged\"" : "")
                    .append('>').append("    ", Math.min(4, n.length()), 4).append(n).append("</a> ");
            Html.write(out, lines.get(i));
            out.append('\n');
        }
        out.append("</pre>\n");
    }

    // ---- a network's page ---------------------------------------------------------------------

    private void networkPage(Appendable out, Entry e, NetworkLayout n, String back) throws IOException {
        FileResult r = e.result();
        fileHeader(out, "Network", n.name(), r.path(), back);
        Map<Integer, Integer> flagged = new TreeMap<>();
        for (int i = 0; i < r.findings().size(); i++) {
            flagged.putIfAbsent(r.findings().get(i).line(), i + 1);
        }
        out.append("<h2 id=\"subnets\">Address space</h2>\n");
        if (n.subnets().isEmpty()) {
            out.append("<p>No &lt;ip&gt; with an address and prefix libvirt reads.</p>\n");
        }
        int number = 0;
        for (NetworkLayout.Subnet s : n.subnets()) {
            NetworkPicture.write(out, s, ++number, flagged);
            out.append("<table class=\"map\"><caption>").append(Html.escape(s.first() + "/" + s.prefix()))
                    .append("</caption>\n<thead><tr><th scope=\"col\">what</th><th scope=\"col\">from</th><th"
                            + " scope=\"col\">to</th><th scope=\"col\">name, MAC</th><th scope=\"col\">in the subnet</th>"
                            + "<th scope=\"col\">line</th></tr></thead>\n<tbody>\n");
            for (NetworkLayout.Mark m : s.marks()) {
                boolean inside = s.contains(m.start()) && s.contains(m.end());
                Integer finding = flagged.get(m.line());
                out.append("<tr").append(!inside || finding != null ? " class=\"flagged\"" : "").append('>');
                cells(out, m.kind().name().toLowerCase(Locale.ROOT), m.start().toString(), m.end().toString(), m.label(),
                        inside ? "yes" : "no");
                out.append("<td><a href=\"#L").append(Integer.toString(m.line())).append("\">")
                        .append(Integer.toString(m.line())).append("</a>");
                if (finding != null) {
                    out.append(" <a href=\"#f").append(Integer.toString(finding)).append("\">finding ")
                            .append(Integer.toString(finding)).append("</a>");
                }
                out.append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        findingsList(out, r, r.findings(), null, List.of(), !n.source().isEmpty());
        source(out, n.source(), findingLines(r.findings()));
        foot(out);
    }

    // ---- shared -------------------------------------------------------------------------------

    /** The head of a file's page: its title, the way back to the index, and the file's path. */
    private static void fileHeader(Appendable out, String kind, String name, String path, String back)
            throws IOException {
        String title = kind + " " + (name == null ? "(no name)" : name);
        head(out, title + " - addralloc", "../");
        out.append("<nav><a href=\"").append(back).append("\">Address map</a></nav>\n<h1>").append(Html.escape(title))
                .append("</h1>\n<p class=\"path\">").append(Html.escape(path)).append("</p>\n");
    }

    /** @param up the way from the page to the report's top: empty, or {@code ../} for a file's page */
    private static void head(Appendable out, String title, String up) throws IOException {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"/>\n<title>").append(Html.escape(title))
                .append("</title>\n<link rel=\"stylesheet\" href=\"").append(up).append(STYLESHEET)
                .append("\"/>\n</head>\n<body>\n<main>\n");
    }

    private void foot(Appendable out) throws IOException {
        out.append("</main>\n<footer>addralloc ").append(Html.escape(version)).append(": the layout libvirt 9.0 with QEMU"
                + " 7.2 gives these files</footer>\n</body>\n</html>\n");
    }

    private static final String CSS = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b}"
            + "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.6em}"
            + "table{border-collapse:collapse;margin:.5em 0}caption{text-align:left;font-weight:600;padding:.3em 0}"
            + "th,td{border:1px solid #c8c8c8;padding:.2em .5em;text-align:left;vertical-align:top}"
            + "thead th{background:#eef1f4}td.addr{font-family:monospace;white-space:nowrap}"
            + "tr.has-errors th{border-left:4px solid #b00020}tr.has-warnings th{border-left:4px solid #b36b00}"
            + "tr.chosen td{font-style:italic}.path{color:#555;font-family:monospace}"
            + ".findings li.error .sev{color:#b00020;font-weight:600}.findings li.warning .sev{color:#8a5300;font-weight:600}"
            + ".findings li.info .sev{color:#33526b}.findings li:target{background:#fff3c4}.rule{color:#555}"
            + ".note{color:#444}.offbus{color:#b00020}"
            + "pre.source{background:#f7f7f7;border:1px solid #ddd;padding:.5em;overflow:auto;font-size:12px}"
            + "pre.source a{color:#888;user-select:none}pre.source a.flagged{background:#ffb3b3;color:#000}"
            + "pre.source a:target{background:#ffd54a;color:#000}"
            + "svg text{font:12px monospace;fill:#1b1b1b}"
            + "svg.pci g rect{fill:#f4f6f8;stroke:#8a99a8;rx:3px}svg.pci g a rect.badge{rx:7px}svg.pci g.bus rect{fill:#dfe7ef;stroke:#56708a}"
            + "svg.pci g.bus text{font-weight:bold}"
            + "svg.pci g.device rect{fill:#e7f1ff;stroke:#3d6fb6}svg.pci g.chosen rect{stroke-dasharray:5 3}"
            + "svg.pci g.chipset rect{fill:#ececec;stroke:#9a9a9a}svg.pci g.free rect{fill:#fff;stroke:#bbb;"
            + "stroke-dasharray:2 3}svg.pci g.free.hot rect{fill:#eaf7ea;stroke:#3c8d40}"
            + "svg.pci g.error>rect{stroke:#b00020;stroke-width:2}svg.pci g.warning>rect{stroke:#b36b00;stroke-width:2}"
            + "svg.pci g.conflict>rect{fill:#ffe3e3}svg .tag{fill:#5a4a00;font-style:italic}"
            + "svg.pci g a rect.badge{fill:#b00020;stroke:none}svg.pci g.warning a rect.badge{fill:#b36b00}"
            + "svg.pci g a text.badge{fill:#fff;font-weight:bold}"
            + "svg.net line{stroke:#333;stroke-width:2}svg.net line.leader{stroke:#999;stroke-width:1}"
            + "svg.net g.range rect{fill:#9cc3ef}svg.net g.gateway line{stroke:#3c8d40;stroke-width:3}"
            + "svg.net g.host line{stroke:#3d6fb6}svg.net g.flagged line{stroke:#b00020;stroke-width:3}"
            + "svg.net g.flagged text{fill:#b00020}svg.net .zone{fill:#888}svg.net .badge-text{fill:#b00020}"
            + ".legend .k{display:inline-block;padding:0 .4em;margin-right:.4em;border:1px solid #8a99a8}"
            + ".legend .device{background:#e7f1ff;border-color:#3d6fb6}.legend .chosen{border-style:dashed}"
            + ".legend .chipset{background:#ececec}.legend .free{border-style:dotted}"
            + ".legend .free.hot{background:#eaf7ea;border-color:#3c8d40}.legend .error{border:2px solid #b00020}"
            + "nav.pager a,nav.pager strong{padding:0 .2em}footer{margin-top:2em;color:#666;font-size:12px}";
}
