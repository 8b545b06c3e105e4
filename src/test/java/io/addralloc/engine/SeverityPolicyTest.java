package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeverityPolicyTest {
    private static List<RuleSetting> settings(String... idSeverity) {
        List<RuleSetting> out = new ArrayList<>();
        for (int i = 0; i < idSeverity.length; i += 2) {
            out.add(new RuleSetting(idSeverity[i], idSeverity[i + 1]));
        }
        return out;
    }

    private static Finding finding(Rule rule) {
        return new Finding(rule, rule.severity(), "vms/a.xml", 3, 5, "m", "/domain/name", null);
    }

    @Test
    void withoutSettingsEveryRuleKeepsItsSeverity() {
        SeverityPolicy p = SeverityPolicy.of(null, null, true);
        for (Rule r : Rule.values()) {
            assertEquals(Optional.of(r.severity()), p.severityOf(r));
        }
        assertEquals(Severity.ERROR, p.threshold());
    }

    @Test
    void anExactIdSetsOneRuleAndOffDropsItsFindings() {
        SeverityPolicy p = SeverityPolicy.of(settings("addralloc.build.DuplicateName", "warning",
                "addralloc.pci.ZeroAddress", "OFF"), "error", true);
        assertEquals(Optional.of(Severity.WARNING), p.severityOf(Rule.BUILD_DUPLICATE_NAME));
        assertEquals(Optional.empty(), p.severityOf(Rule.PCI_ZERO_ADDRESS));
        assertEquals(Optional.of(Severity.ERROR), p.severityOf(Rule.BUILD_DUPLICATE_UUID));
        List<Finding> out = p.apply(List.of(finding(Rule.BUILD_DUPLICATE_NAME), finding(Rule.PCI_ZERO_ADDRESS),
                finding(Rule.BUILD_DUPLICATE_UUID)));
        assertEquals(2, out.size());
        assertEquals(Severity.WARNING, out.get(0).severity());
        assertEquals(Rule.BUILD_DUPLICATE_NAME, out.get(0).rule());
        assertEquals("/domain/name", out.get(0).element());
        assertEquals(Rule.BUILD_DUPLICATE_UUID, out.get(1).rule());
        assertNull(p.apply(finding(Rule.PCI_ZERO_ADDRESS)));
    }

    @Test
    void theMostSpecificSettingWinsWhateverTheOrder() {
        List<RuleSetting> s = settings("addralloc.*", "info", "addralloc.pci.*", "warning",
                "addralloc.pci.DuplicateAddress", "error", "*", "off");
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(s, new Random(round));
            SeverityPolicy p = SeverityPolicy.of(s, "error", true);
            assertEquals(Optional.of(Severity.ERROR), p.severityOf(Rule.PCI_DUPLICATE_ADDRESS), s.toString());
            assertEquals(Optional.of(Severity.WARNING), p.severityOf(Rule.PCI_OUT_OF_RANGE), s.toString());
            assertEquals(Optional.of(Severity.INFO), p.severityOf(Rule.BUILD_DUPLICATE_MAC), s.toString());
        }
    }

    /** Seeded random settings against a model: the longest matching pattern, exact ids longest of all. */
    @Test
    void randomSettingsAgreeWithTheModel() {
        Random random = new Random(20);
        List<String> pool = new ArrayList<>(List.of("*", "addralloc.*", "addralloc.p*", "addralloc.pci.*",
                "addralloc.build.*", "addralloc.build.Dup*", "addralloc.network.*"));
        for (Rule r : Rule.values()) {
            pool.add(r.id());
        }
        String[] words = {"error", "warning", "info", "off"};
        for (int round = 0; round < 500; round++) {
            Collections.shuffle(pool, random);
            List<RuleSetting> s = new ArrayList<>();
            for (String id : pool.subList(0, 1 + random.nextInt(6))) {
                s.add(new RuleSetting(id, words[random.nextInt(words.length)]));
            }
            SeverityPolicy p = SeverityPolicy.of(s, "error", true);
            for (Rule r : Rule.values()) {
                RuleSetting best = null;
                int bestLength = -1;
                for (RuleSetting one : s) {
                    String id = one.getId();
                    boolean exact = id.equals(r.id());
                    boolean prefix = id.endsWith("*") && r.id().startsWith(id.substring(0, id.length() - 1));
                    int length = exact ? Integer.MAX_VALUE : prefix ? id.length() : -1;
                    if (length > bestLength) {
                        best = one;
                        bestLength = length;
                    }
                }
                Optional<Severity> expected = best == null ? Optional.of(r.severity())
                        : best.getSeverity().equals("off") ? Optional.empty()
                        : Optional.of(Severity.valueOf(best.getSeverity().toUpperCase(java.util.Locale.ROOT)));
                assertEquals(expected, p.severityOf(r), r + " under " + s);
            }
        }
    }

    @Test
    void refusesWhatWouldSilentlyDoNothing() {
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                settings("addralloc.build.DuplicatName", "warning"), null, true)).getMessage()
                .contains("did you mean addralloc.build.DuplicateName?"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                settings("addralloc.nothing.*", "warning"), null, true)).getMessage().contains("matches no rule"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                settings("addralloc.pci.*", "warn"), null, true)).getMessage()
                .contains("not one of error, warning, info, off"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                settings("addralloc.pci.*", "info", "addralloc.pci.*", "off"), null, true)).getMessage()
                .contains("set twice"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                settings("addralloc.*.DuplicateName", "info"), null, true)).getMessage().contains("may only end"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.of(
                List.of(new RuleSetting()), null, true)).getMessage().contains("has no <id>"));
        assertTrue(assertThrows(SeverityPolicy.InvalidSetting.class, () -> SeverityPolicy.threshold("fatal"))
                .getMessage().contains("failOnSeverity 'fatal'"));
    }

    @Test
    void theThresholdDecidesWhatFails() {
        List<Finding> warningOnly = List.of(finding(Rule.PCI_ZERO_ADDRESS));
        List<Finding> infoOnly = List.of(finding(Rule.DEVICE_UNKNOWN_ELEMENT));
        List<Finding> error = List.of(finding(Rule.PCI_NO_SLOT));
        SeverityPolicy onError = SeverityPolicy.of(null, "error", true);
        SeverityPolicy onWarning = SeverityPolicy.of(null, " Warning ", true);
        SeverityPolicy onInfo = SeverityPolicy.of(null, "info", true);
        assertTrue(onError.anyFails(error));
        assertFalse(onError.anyFails(warningOnly));
        assertTrue(onWarning.anyFails(warningOnly));
        assertFalse(onWarning.anyFails(infoOnly));
        assertTrue(onInfo.anyFails(infoOnly));
        assertFalse(onInfo.anyFails(List.of()));
        assertFalse(SeverityPolicy.of(null, "info", false).anyFails(error), "failOnError=false never fails");
    }

    @Test
    void aLoweredRuleNoLongerFailsAndARaisedOneDoes() {
        SeverityPolicy p = SeverityPolicy.of(settings("addralloc.build.DuplicateName", "warning",
                "addralloc.pci.ZeroAddress", "error"), "error", true);
        FileResult r = new FileResult("vms/a.xml", FileKind.DOMAIN, List.of(finding(Rule.BUILD_DUPLICATE_NAME)));
        assertTrue(SeverityPolicy.DEFAULT.resultsFail(List.of(r)));
        assertFalse(p.resultsFail(p.applyToResults(List.of(r))));
        FileResult zero = new FileResult("vms/b.xml", FileKind.DOMAIN, List.of(finding(Rule.PCI_ZERO_ADDRESS)));
        assertFalse(SeverityPolicy.DEFAULT.resultsFail(List.of(zero)));
        assertTrue(p.resultsFail(p.applyToResults(List.of(zero))));
    }

    @Test
    void spellingPrefersCaseThenFewestEdits() {
        List<String> names = List.of("addralloc.dryRun", "addralloc.skip", "addralloc.directories");
        assertEquals("addralloc.dryRun", Spelling.closest("addralloc.dryrun", names));
        assertEquals("addralloc.dryRun", Spelling.closest("addralloc.dryRn", names));
        assertEquals("addralloc.directories", Spelling.closest("addralloc.directory", names));
        assertNull(Spelling.closest("addralloc.foo", names));
        assertEquals(3, Spelling.distance("kitten", "sitting"));
        assertEquals(0, Spelling.distance("", ""));
        assertEquals(4, Spelling.distance("", "abcd"));
    }
}
