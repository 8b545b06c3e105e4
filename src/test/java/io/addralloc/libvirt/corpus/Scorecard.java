package io.addralloc.libvirt.corpus;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How verify and assign fare on a corpus against libvirt's verdicts and outputs, per machine
 * family: verify on accepted files (no false alarm), on rejections about addresses (the
 * manifest's fault {@code address}) and on other rejections; the simulated layout; assign's
 * layout, whether its file is fully pinned ({@link Pinning}), insertion-only and idempotent.
 */
public final class Scorecard {

    /** The figures of one machine family. */
    public static final class Row {
        public int accepted;
        public int acceptedPass;
        public int rejectedAddress;
        public int rejectedAddressFlagged;
        public int rejectedOther;
        public int rejectedOtherFlagged;
        public int modelled;
        public int layout;
        public int assignLayout;
        public int pinned;
        public int insertOnly;
        public int replacing;
        public int idempotent;

        void add(Row o) {
            accepted += o.accepted;
            acceptedPass += o.acceptedPass;
            rejectedAddress += o.rejectedAddress;
            rejectedAddressFlagged += o.rejectedAddressFlagged;
            rejectedOther += o.rejectedOther;
            rejectedOtherFlagged += o.rejectedOtherFlagged;
            modelled += o.modelled;
            layout += o.layout;
            assignLayout += o.assignLayout;
            pinned += o.pinned;
            insertOnly += o.insertOnly;
            replacing += o.replacing;
            idempotent += o.idempotent;
        }
    }

    public final Map<String, Row> rows = new TreeMap<>();
    public final Row total = new Row();
    public final List<String> falseAlarms = new ArrayList<>();
    public final List<String> missedAddress = new ArrayList<>();
    public final List<String> missedOther = new ArrayList<>();
    public final List<String> layoutDiffs = new ArrayList<>();
    public final List<String> assignProblems = new ArrayList<>();
    public final List<String> unpinned = new ArrayList<>();

    public static Scorecard of(Corpus corpus) throws Exception {
        return of(corpus, Corpus.Case::machine);
    }

    /** The figures with a row per value of {@code rowKey} (the machine family, the recipe...). */
    public static Scorecard of(Corpus corpus, java.util.function.Function<Corpus.Case, String> rowKey)
            throws Exception {
        Scorecard card = new Scorecard();
        FileChecker checker = new FileChecker();
        FileAssigner assigner = new FileAssigner();
        for (Corpus.Case c : corpus.cases()) {
            Row row = card.rows.computeIfAbsent(rowKey.apply(c), k -> new Row());
            FileResult r = checker.check(c.id(), c.inputBytes());
            boolean flagged = r.hasErrors();
            if (c.accepted()) {
                row.accepted++;
                if (!flagged) {
                    row.acceptedPass++;
                } else {
                    card.falseAlarms.add(c.id() + ": " + firstError(r));
                }
                if (c.modelled()) {
                    row.modelled++;
                    card.assignAndCompare(assigner, c, row);
                }
            } else if (!isAboutAddresses(c)) {
                row.rejectedOther++;
                if (flagged) {
                    row.rejectedOtherFlagged++;
                } else {
                    card.missedOther.add(c.id() + " libvirt: " + c.message());
                }
            } else {
                row.rejectedAddress++;
                if (flagged) {
                    row.rejectedAddressFlagged++;
                } else {
                    card.missedAddress.add(c.id() + " [" + c.fault() + "] libvirt: " + c.message());
                }
            }
        }
        card.rows.values().forEach(card.total::add);
        return card;
    }

    /** libvirt's rejection messages about addresses (src/test/resources/libvirt/address-messages.txt). */
    private static final List<java.util.regex.Pattern> ADDRESS_MESSAGES = addressMessages();

    private static List<java.util.regex.Pattern> addressMessages() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Paths.get("src", "test", "resources", "libvirt",
                    "address-messages.txt")).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(java.util.regex.Pattern::compile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Whether a rejection is about addresses, by libvirt's message alone: the {@code address} or
     * {@code other} a manifest may give was sorted by the patterns of its day, and one list sorts
     * every corpus alike.
     */
    static boolean isAboutAddresses(Corpus.Case c) {
        return ADDRESS_MESSAGES.stream().anyMatch(p -> p.matcher(c.message()).find());
    }

    private void assignAndCompare(FileAssigner assigner, Corpus.Case c, Row row) throws Exception {
        byte[] in = c.inputBytes();
        XmlFile libvirtOut = XmlFile.parse(c.outputBytes());
        Map<String, String> libvirt = Layout.of(DomainReader.read(libvirtOut.root()).domain());
        Map<String, String> simulated = Layout.of(DefineSimulation.run(XmlFile.parse(in).root()).domain());
        if (simulated.equals(libvirt)) {
            row.layout++;
        } else {
            layoutDiffs.add(c.id() + diff(libvirt, simulated));
        }
        FileAssigner.Outcome first = assigner.assign(c.id(), in);
        byte[] out = first.changed() ? first.newContent() : in;
        XmlFile assigned = XmlFile.parse(out);
        if (Layout.of(DefineSimulation.run(assigned.root()).domain()).equals(libvirt)) {
            row.assignLayout++;
        } else {
            assignProblems.add(c.id() + ": the assigned file does not give libvirt's layout");
        }
        List<String> missing = Pinning.missing(assigned.root(), libvirtOut.root());
        if (missing.isEmpty()) {
            row.pinned++;
        } else {
            unpinned.add(c.id() + ": " + String.join("; ", missing));
        }
        boolean subsequence = isSubsequence(new String(in, StandardCharsets.UTF_8),
                new String(out, StandardCharsets.UTF_8));
        if (first.replacements() > 0) {
            row.replacing++;
        } else if (subsequence) {
            row.insertOnly++;
        } else {
            assignProblems.add(c.id() + ": the edit removed characters without reporting a replacement");
        }
        FileAssigner.Outcome second = assigner.assign(c.id(), out);
        if (!second.changed() && !second.result().hasErrors()) {
            row.idempotent++;
        } else {
            assignProblems.add(c.id() + ": a second run " + (second.changed() ? "changed the file again"
                    : "found errors: " + firstError(second.result())));
        }
    }

    /** The keys whose values differ, one line each, libvirt's value first. */
    static String diff(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder sb = new StringBuilder();
        for (String k : expected.keySet()) {
            if (!expected.get(k).equals(actual.get(k))) {
                sb.append("\n    ").append(k).append(": libvirt ").append(expected.get(k)).append(", ours ")
                        .append(actual.get(k));
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                sb.append("\n    ").append(k).append(": libvirt none, ours ").append(actual.get(k));
            }
        }
        return sb.toString();
    }

    private static String firstError(FileResult r) {
        return r.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::toConsoleLine)
                .findFirst().orElse("");
    }

    /** True when every character of {@code original} appears in {@code edited}, in order. */
    public static boolean isSubsequence(String original, String edited) {
        int j = 0;
        for (int i = 0; i < edited.length() && j < original.length(); i++) {
            if (edited.charAt(i) == original.charAt(j)) {
                j++;
            }
        }
        return j == original.length();
    }

    /** The table and every listed problem, for the test log and closing notes. */
    public String report(int limit) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s %15s %17s %15s %13s %13s %13s %9s %10s%n", "row",
                "accepted pass", "address rej. flg", "other rej. flg", "layout", "assign layout", "pinned",
                "insert", "idempotent"));
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            line(sb, e.getKey(), e.getValue());
        }
        line(sb, "all", total);
        list(sb, "FALSE ALARM", falseAlarms, limit);
        list(sb, "MISSED (address)", missedAddress, limit);
        list(sb, "MISSED (other)", missedOther, limit);
        list(sb, "LAYOUT", layoutDiffs, limit);
        list(sb, "ASSIGN", assignProblems, limit);
        list(sb, "UNPINNED", unpinned, limit);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Row r) {
        sb.append(String.format(Locale.ROOT, "%-18s %15s %17s %15s %13s %13s %13s %9s %10s%n", name,
                r.acceptedPass + "/" + r.accepted, r.rejectedAddressFlagged + "/" + r.rejectedAddress,
                r.rejectedOtherFlagged + "/" + r.rejectedOther, r.layout + "/" + r.modelled,
                r.assignLayout + "/" + r.modelled, r.pinned + "/" + r.modelled,
                r.insertOnly + "+" + r.replacing, r.idempotent + "/" + r.modelled));
    }

    private static void list(StringBuilder sb, String title, List<String> items, int limit) {
        items.stream().limit(limit).forEach(s -> sb.append("  ").append(title).append(' ').append(s).append('\n'));
        if (items.size() > limit) {
            sb.append("  ").append(title).append(" ... ").append(items.size() - limit).append(" more\n");
        }
    }
}
