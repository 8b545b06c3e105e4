package io.addralloc.report;

import io.addralloc.rules.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rules' documentation, {@code docs/rules.md}, which the build packs into the plugin: one
 * section a rule, headed by its id. SARIF takes each rule's full description (the section's
 * first paragraph) and help (the whole section) from it, and links the section as helpUri.
 */
public final class RuleDocs {
    /** The project's home, as the pom's {@code <url>} says (RuleDocsTest holds them equal). */
    public static final String PROJECT_URL = "https://github.com/addralloc/addralloc-maven-plugin";

    /** Where docs/rules.md is read on the web. */
    public static final String PAGE = PROJECT_URL + "/blob/main/docs/rules.md";

    /** Where the build puts docs/rules.md in the jar. */
    static final String RESOURCE = "/io/addralloc/report/rules.md";

    /**
     * One rule's section.
     *
     * @param summary its first paragraph, on one line
     * @param markdown the whole section below the heading
     */
    public record Section(String summary, String markdown) {
    }

    private static volatile Map<String, Section> sections;

    private RuleDocs() {}

    /** The section of {@code rule}, or null when the documentation has none. */
    public static Section section(Rule rule) {
        return sections().get(rule.id());
    }

    /** Every section, by the id in its heading, in the page's order. */
    public static Map<String, Section> sections() {
        Map<String, Section> s = sections;
        if (s == null) {
            try (InputStream in = RuleDocs.class.getResourceAsStream(RESOURCE)) {
                s = in == null ? Map.of() : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sections = s;
        }
        return s;
    }

    /** The sections of a page: each {@code ## id} heading (a dotted rule id) to the next heading. */
    public static Map<String, Section> parse(String page) {
        Map<String, Section> out = new LinkedHashMap<>();
        String id = null;
        StringBuilder body = new StringBuilder();
        for (String line : (page.replace("\r\n", "\n") + "\n## end").split("\n", -1)) {
            if (line.startsWith("## ") || line.startsWith("# ")) {
                if (id != null) {
                    String markdown = body.toString().strip();
                    out.put(id, new Section(firstParagraph(markdown), markdown));
                }
                String heading = line.substring(line.indexOf(' ') + 1).strip();
                id = line.startsWith("## ") && heading.matches("addralloc(\\.[A-Za-z0-9]+)+") ? heading : null;
                body.setLength(0);
            } else if (id != null) {
                body.append(line).append('\n');
            }
        }
        return out;
    }

    private static String firstParagraph(String markdown) {
        int end = markdown.indexOf("\n\n");
        return (end < 0 ? markdown : markdown.substring(0, end)).replace('\n', ' ').strip();
    }

    /** The anchor GitHub gives the heading {@code ## id}: lower case, without the dots. */
    public static String anchor(Rule rule) {
        return rule.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    }

    /** The web address of the rule's section. */
    public static String helpUri(Rule rule) {
        return PAGE + "#" + anchor(rule);
    }
}
