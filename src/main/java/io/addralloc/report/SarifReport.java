package io.addralloc.report;

import io.addralloc.libvirt.FileResult;
import io.addralloc.libvirt.Finding;
import io.addralloc.libvirt.Rule;
import io.addralloc.libvirt.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Findings as SARIF 2.1.0 for code scanning (GitHub) and other SARIF readers: one result per
 * finding, paths relative to the project root, every rule described once, and a fingerprint
 * per result that survives line shifts (rule, file and message).
 */
public final class SarifReport {
    private SarifReport() {}

    public static String render(List<FileResult> results, String version) {
        return Rendering.asString(out -> write(out, results, version));
    }

    /** What {@link #render} returns, written to {@code out} as it is made. */
    public static void write(Appendable out, List<FileResult> results, String version) throws IOException {
        List<Rule> rules = List.of(Rule.values());
        out.append("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n");
        out.append("  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n");
        out.append("      \"tool\": {\n        \"driver\": {\n");
        out.append("          \"name\": \"addralloc\",\n");
        out.append("          \"version\": ").append(Json.quote(version)).append(",\n");
        out.append("          \"rules\": [\n");
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            out.append("            {\"id\": ").append(Json.quote(rule.id()))
                    .append(", \"shortDescription\": {\"text\": ").append(Json.quote(rule.description()))
                    .append("}, \"defaultConfiguration\": {\"level\": ").append(Json.quote(level(rule.severity())))
                    .append("}}").append(i + 1 < rules.size() ? ",\n" : "\n");
        }
        out.append("          ]\n        }\n      },\n");
        out.append("      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"./\"}},\n");
        out.append("      \"results\": [");
        boolean first = true;
        for (FileResult r : results) {
            for (Finding f : r.findings()) {
                out.append(first ? "\n        " : ",\n        ").append(result(r, f, rules.indexOf(f.rule())));
                first = false;
            }
        }
        out.append("\n      ]\n    }\n  ]\n}\n");
    }

    private static String result(FileResult file, Finding f, int ruleIndex) {
        StringBuilder region = new StringBuilder();
        if (f.line() > 0) {
            region.append(", \"region\": {\"startLine\": ").append(f.line());
            if (f.column() > 0) {
                region.append(", \"startColumn\": ").append(f.column());
            }
            region.append('}');
        }
        return "{\"ruleId\": " + Json.quote(f.rule().id()) + ", \"ruleIndex\": " + ruleIndex + ", \"level\": "
                + Json.quote(level(f.severity())) + ", \"message\": {\"text\": " + Json.quote(f.message())
                + "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": " + Json.quote(uri(file.path()))
                + ", \"uriBaseId\": \"%SRCROOT%\"}" + region + "}}], \"partialFingerprints\": {\"addralloc/v1\": "
                + Json.quote(fingerprint(f)) + "}}";
    }

    /**
     * A relative path as a URI reference: every byte of its UTF-8 form but the unreserved
     * characters and '/' percent-encoded, so a name with a line feed, a space or bidi controls
     * stays one calm token that still names the file.
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

    private static String fingerprint(Finding f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((f.rule().id() + "\n" + f.path() + "\n" + f.message()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
