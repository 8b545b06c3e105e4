package io.addralloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/rules.md has one section a rule and no other, each complete, and the plugin packs it. */
class RuleDocsTest {
    static final Path PAGE = Path.of("docs/rules.md");

    @Test
    void everyRuleHasASectionAndEverySectionARule() throws Exception {
        Map<String, RuleDocs.Section> sections = RuleDocs.parse(Files.readString(PAGE));
        List<String> ids = Stream.of(Rule.values()).map(Rule::id).sorted().toList();
        List<String> documented = sections.keySet().stream().sorted().toList();
        List<String> missing = ids.stream().filter(id -> !sections.containsKey(id)).toList();
        List<String> extra = documented.stream().filter(id -> !ids.contains(id)).toList();
        assertEquals(List.of(), missing, "rules without a section in docs/rules.md");
        assertEquals(List.of(), extra, "sections of docs/rules.md without a rule");
        // The page's headings are exactly the sections (a misspelt id would not be parsed as one).
        long headings = Files.readAllLines(PAGE).stream().filter(l -> l.startsWith("## ")).count();
        assertEquals(ids.size(), headings);
    }

    @Test
    void eachSectionSaysWhatLibvirtDoesShowsAFileTheFixAndLibvirtsMessage() throws Exception {
        for (Map.Entry<String, RuleDocs.Section> e : RuleDocs.parse(Files.readString(PAGE)).entrySet()) {
            String md = e.getValue().markdown();
            assertTrue(e.getValue().summary().length() > 40, e.getKey());
            assertTrue(md.contains("\n```"), e.getKey() + ": no example");
            assertTrue(md.contains("**Fix:** "), e.getKey() + ": no fix");
            assertTrue(md.contains("**libvirt says:** "), e.getKey() + ": no libvirt message");
        }
    }

    @Test
    void anchorsAreDistinctAndAreTheOnesGitHubGivesTheHeadings() {
        Set<String> anchors = new HashSet<>();
        for (Rule r : Rule.values()) {
            // GitHub: lower case, punctuation but '-' and '_' dropped, spaces to '-'.
            String github = r.id().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
            assertEquals(github, RuleDocs.anchor(r));
            assertTrue(anchors.add(RuleDocs.anchor(r)), r.id());
            assertEquals(RuleDocs.PAGE + "#" + github, RuleDocs.helpUri(r));
        }
    }

    @Test
    void thePluginPacksThePageAndNamesTheProjectAsThePomDoes() throws Exception {
        assertEquals(RuleDocs.parse(Files.readString(PAGE)), RuleDocs.sections());
        Matcher url = Pattern.compile("<url>([^<]+)</url>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(url.find());
        assertEquals(url.group(1), RuleDocs.PROJECT_URL);
    }
}
