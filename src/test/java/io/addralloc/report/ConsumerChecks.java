package io.addralloc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import edu.hm.hafner.analysis.FileNameResolver;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Issue;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.parser.CheckStyleParser;
import edu.hm.hafner.analysis.parser.violations.SarifAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads addralloc's two reports with the tools that consume them, and says what they got wrong:
 * Jenkins Warnings NG's own parsing library (analysis-model: CheckStyleParser, its SARIF parser,
 * and FileNameResolver, which Warnings NG runs from the workspace, the repository's top) and the
 * SARIF 2.1.0 schema ({@code sarif-schema-2.1.0.json}: the OASIS schema as the sarif-spec
 * repository publishes it, in the copy violations-lib 1.160.3 ships). Used by the unit tests and
 * by the reactor IT's verify script (src/it/reactor-reports), which runs a real Maven.
 */
public final class ConsumerChecks {
    private ConsumerChecks() {}

    /** What was read: the issues of each parser, after resolving their files from the repository's top. */
    public record Read(Report checkstyle, Report sarif, JsonNode sarifJson, List<String> problems) {
    }

    /**
     * Reads {@code addralloc-result.xml} and {@code addralloc.sarif} in {@code reports}.
     *
     * @param root the repository's top, from which Warnings NG resolves file names
     * @param findings how many findings the reports must hold
     * @param automationId the SARIF run's expected automationDetails.id
     */
    public static Read read(Path reports, Path root, int findings, String automationId) throws IOException {
        List<String> problems = new ArrayList<>();
        Report checkstyle = new CheckStyleParser().parse(new FileReaderFactory(reports.resolve("addralloc-result.xml")));
        Report sarif = new SarifAdapter().parse(new FileReaderFactory(reports.resolve("addralloc.sarif")));
        for (Report report : List.of(checkstyle, sarif)) {
            String name = report == checkstyle ? "checkstyle" : "sarif";
            if (report.size() != findings) {
                problems.add(name + ": " + report.size() + " issues read, " + findings + " expected");
            }
            new FileNameResolver().run(report, root.toString(), f -> false);
            for (Issue issue : report) {
                String where = name + " " + issue.getFileName() + ":" + issue.getLineStart() + ": ";
                if (!Files.isRegularFile(Path.of(issue.getAbsolutePath()))) {
                    problems.add(where + "file not found from " + root + " (" + issue.getAbsolutePath() + ")");
                }
                if (issue.getLineStart() < 1) {
                    problems.add(where + "no line");
                }
                if (issue.getColumnStart() < 1 && report == checkstyle) {
                    problems.add(where + "no column");
                }
                if (rule(issue) == null) {
                    problems.add(where + "category/type " + issue.getCategory() + "/" + issue.getType()
                            + " are not the parts of a rule id");
                }
                if (issue.getMessage().isBlank()) {
                    problems.add(where + "no message");
                }
                if (issue.getSeverity() == null) {
                    problems.add(where + "no severity");
                }
            }
        }
        JsonNode json = new ObjectMapper().readTree(reports.resolve("addralloc.sarif").toFile());
        for (ValidationMessage m : schemaErrors(json)) {
            problems.add("sarif schema: " + m.getMessage());
        }
        JsonNode run = json.path("runs").path(0);
        if (!automationId.equals(run.path("automationDetails").path("id").asText())) {
            problems.add("sarif: automationDetails.id is " + run.path("automationDetails"));
        }
        Set<String> fingerprints = new HashSet<>();
        for (JsonNode result : run.path("results")) {
            String fp = result.path("partialFingerprints").path(SarifReport.FINGERPRINT).asText("");
            if (fp.isEmpty() || !fingerprints.add(fp)) {
                problems.add("sarif: fingerprint missing or shared: " + result.path("message").path("text").asText());
            }
        }
        return new Read(checkstyle, sarif, json, problems);
    }

    /**
     * The rule whose dotted id the issue's category and type come from: the middle part is the
     * category (CheckStyleParser capitalises it; the SARIF parser reads it from the rule's
     * properties), the last part the type (the SARIF parser takes the whole id as the type).
     */
    public static io.addralloc.rules.Rule rule(Issue issue) {
        for (io.addralloc.rules.Rule r : io.addralloc.rules.Rule.values()) {
            String[] parts = r.id().split("\\.");
            boolean type = parts[parts.length - 1].equals(issue.getType()) || r.id().equals(issue.getType());
            if (type && parts[parts.length - 2].equalsIgnoreCase(issue.getCategory())) {
                return r;
            }
        }
        return null;
    }

    /** What the SARIF 2.1.0 schema finds wrong with {@code sarif}. */
    public static Set<ValidationMessage> schemaErrors(JsonNode sarif) {
        return SCHEMA.validate(sarif);
    }

    private static final JsonSchema SCHEMA = loadSchema();

    private static JsonSchema loadSchema() {
        try (InputStream in = ConsumerChecks.class.getResourceAsStream("sarif-schema-2.1.0.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
