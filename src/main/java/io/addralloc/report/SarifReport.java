package io.addralloc.report;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.result.FindingFingerprint;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as SARIF 2.1.0 for code scanning (GitHub) and other SARIF readers: one result per
 * finding, each file by its path from the repository's top ({@code %SRCROOT%}), every rule with
 * its documentation, one {@code automationDetails.id} per module, and a fingerprint per result
 * from the rule, the file and the element the finding is about: not the line (a line added above
 * keeps it) and not the message (which quotes other lines and files).
 */
public final class SarifReport {
    /** The key of the fingerprint in {@code partialFingerprints}; v1 hashed the message. */
    static final String FINGERPRINT = "addralloc/v2";

    private SarifReport() {}

    /**
     * A finding a suppression took out of the count: SARIF keeps it as a result with a
     * {@code suppressions} entry.
     *
     * @param inSource true for a comment in the file ({@code inSource}), false for the suppressions file ({@code external})
     * @param justification why, as the suppression says (empty: none given)
     */
    public record Suppressed(Finding finding, boolean inSource, String justification) {
    }

    public static String render(List<FileResult> results, ReportContext context) {
        return Rendering.asString(out -> write(out, results, context));
    }

    /** What {@link #render} returns, written to {@code out} as it is made. */
    public static void write(Appendable out, List<FileResult> results, ReportContext context) throws IOException {
        write(out, results, List.of(), context);
    }

    /** {@link #write(Appendable, List, ReportContext)}, with the suppressed findings after the others. */
    public static void write(Appendable out, List<FileResult> results, List<Suppressed> suppressed,
            ReportContext context) throws IOException {
        List<Rule> rules = List.of(Rule.values());
        out.append("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n");
        out.append("  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n");
        out.append("      \"tool\": {\n        \"driver\": {\n");
        out.append("          \"name\": \"addralloc\",\n");
        out.append("          \"version\": ").append(Json.quote(context.version())).append(",\n");
        out.append("          \"informationUri\": ").append(Json.quote(RuleDocs.PROJECT_URL)).append(",\n");
        out.append("          \"rules\": [\n");
        for (int i = 0; i < rules.size(); i++) {
            out.append("            ").append(rule(rules.get(i))).append(i + 1 < rules.size() ? ",\n" : "\n");
        }
        out.append("          ]\n        }\n      },\n");
        out.append("      \"automationDetails\": {\"id\": ").append(Json.quote(context.automationId())).append("},\n");
        out.append("      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ").append(Json.quote(context.rootUri()))
                .append("}},\n");
        out.append("      \"results\": [");
        boolean first = true;
        for (FileResult r : results) {
            // How often each fingerprint's key came before in this file: two alike findings differ.
            Map<String, Integer> seen = new HashMap<>();
            for (Finding f : r.findings()) {
                String key = FindingFingerprint.key(f, context.fromRoot(r.path()));
                int occurrence = seen.merge(key, 1, Integer::sum);
                out.append(first ? "\n        " : ",\n        ").append(result(r.path(), f, rules.indexOf(f.rule()),
                        context, FindingFingerprint.hash(key, occurrence), null));
                first = false;
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Suppressed s : suppressed) {
            Finding f = s.finding();
            String key = FindingFingerprint.key(f, context.fromRoot(f.path()));
            int occurrence = seen.merge(f.path() + "\n" + key, 1, Integer::sum);
            String suppression = "[{\"kind\": " + Json.quote(s.inSource() ? "inSource" : "external")
                    + (s.justification().isEmpty() ? "" : ", \"justification\": " + Json.quote(s.justification())) + "}]";
            out.append(first ? "\n        " : ",\n        ").append(result(f.path(), f, rules.indexOf(f.rule()), context,
                    FindingFingerprint.hash(key, occurrence), suppression));
            first = false;
        }
        out.append("\n      ]\n    }\n  ]\n}\n");
    }

    private static String rule(Rule rule) {
        RuleDocs.Section doc = RuleDocs.section(rule);
        String full = doc == null || doc.summary().isEmpty() ? rule.description() : doc.summary();
        String markdown = doc == null ? rule.description() : doc.markdown();
        return "{\"id\": " + Json.quote(rule.id()) + ", \"name\": " + Json.quote(name(rule))
                + ", \"shortDescription\": {\"text\": " + Json.quote(rule.description())
                + "}, \"fullDescription\": {\"text\": " + Json.quote(full)
                + "}, \"help\": {\"text\": " + Json.quote(markdown + "\n\n" + RuleDocs.helpUri(rule))
                + ", \"markdown\": " + Json.quote(markdown + "\n\n[Documentation](" + RuleDocs.helpUri(rule) + ")")
                + "}, \"helpUri\": " + Json.quote(RuleDocs.helpUri(rule))
                + ", \"defaultConfiguration\": {\"level\": " + Json.quote(level(rule.severity()))
                + "}, \"properties\": {\"category\": " + Json.quote(category(rule)) + "}}";
    }

    /** The last part of the dotted id ({@code DuplicateAddress}): the type, as Warnings NG splits it. */
    static String name(Rule rule) {
        return rule.id().substring(rule.id().lastIndexOf('.') + 1);
    }

    /** The middle part of the dotted id ({@code pci}): the category, as Warnings NG splits it. */
    static String category(Rule rule) {
        String id = rule.id();
        return id.substring(id.indexOf('.') + 1, id.lastIndexOf('.'));
    }

    private static String result(String path, Finding f, int ruleIndex, ReportContext context,
            String fingerprint, String suppressions) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"ruleId\": ").append(Json.quote(f.rule().id())).append(", \"ruleIndex\": ").append(ruleIndex)
                .append(", \"level\": ").append(Json.quote(level(f.severity()))).append(", \"message\": {\"text\": ")
                .append(Json.quote(f.message())).append("}, \"locations\": [{\"physicalLocation\": ")
                .append(physicalLocation(path, f.line(), f.column(), context)).append("}]");
        Finding.Related related = f.related();
        if (related != null && related.line() > 0) {
            String where = related.path() == null ? path : related.path();
            sb.append(", \"relatedLocations\": [{\"id\": 1, \"message\": {\"text\": ")
                    .append(Json.quote("the other party of this clash")).append("}, \"physicalLocation\": ")
                    .append(physicalLocation(where, related.line(), related.column(), context)).append("}]");
        }
        sb.append(", \"partialFingerprints\": {").append(Json.quote(FINGERPRINT)).append(": ")
                .append(Json.quote(fingerprint)).append('}');
        if (suppressions != null) {
            sb.append(", \"suppressions\": ").append(suppressions);
        }
        return sb.append('}').toString();
    }

    /**
     * A file and a place in it. A finding about the whole file (no line) points at line 1: code
     * scanning and Warnings NG's SARIF reader drop a result without a region.
     */
    private static String physicalLocation(String path, int line, int column, ReportContext context) {
        StringBuilder sb = new StringBuilder("{\"artifactLocation\": {\"uri\": ");
        if (context.underRoot(path)) {
            sb.append(Json.quote(uri(context.fromRoot(path)))).append(", \"uriBaseId\": \"%SRCROOT%\"}");
        } else {
            sb.append(Json.quote("file://" + uri(context.absolute(path)))).append('}');
        }
        sb.append(", \"region\": {\"startLine\": ").append(Math.max(line, 1));
        if (line > 0 && column > 0) {
            sb.append(", \"startColumn\": ").append(column);
        }
        return sb.append("}}").toString();
    }

    /**
     * A relative path as a URI reference: every byte of its UTF-8 form but the unreserved
     * characters and '/' percent-encoded, so a name with a space, a line feed or bidi controls
     * is a valid URI reference that still names the file.
     */
    static String uri(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
