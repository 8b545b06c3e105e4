package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate alone, without Maven and without checking any file: findings made by hand go through
 * the severities, {@code requirePinned}, the suppressions file and the baseline.
 */
class GateTest {
    private static final String DOMAIN = "<domain type='qemu'>\n  <name>web01</name>\n  <devices>\n"
            + "    <interface type='network'>\n      <source network='default'/>\n    </interface>\n"
            + "    <interface type='network'>\n      <source network='lan'/>\n    </interface>\n  </devices>\n</domain>\n";

    @TempDir
    Path module;
    private final List<String> lines = new ArrayList<>();
    private List<Goal.Target> targets;

    @BeforeEach
    void aDomainFile() throws Exception {
        Files.createDirectories(module.resolve("vms"));
        Files.writeString(module.resolve("vms/web01.xml"), DOMAIN);
        targets = List.of(new Goal.Target(module.resolve("vms/web01.xml"), "vms/web01.xml", null));
    }

    private Run run(RunOptions.Builder options) {
        return new Run(options.build(), (level, text) -> lines.add("[" + level + "] " + text), Ide.NONE);
    }

    private RunOptions.Builder options() {
        return RunOptions.builder(module);
    }

    /** An error at the second interface (line 7), a pinned-check warning at the first (line 4). */
    private static List<FileResult> results() {
        Finding duplicate = new Finding(Rule.PCI_DUPLICATE_ADDRESS, Severity.ERROR, "vms/web01.xml", 7, 5,
                "PCI address 0000:00:03.0 is already used by interface #1");
        Finding unpinned = new Finding(Rule.PIN_UNPINNED, Severity.WARNING, "vms/web01.xml", 4, 5,
                "vms/web01.xml is not pinned");
        return List.of(new FileResult("vms/web01.xml", FileKind.DOMAIN, List.of(unpinned, duplicate)));
    }

    private static List<String> rules(Gate.Outcome o) {
        return o.results().get(0).findings().stream().map(f -> f.rule().id() + "/" + f.severity().word()).toList();
    }

    @Test
    void withoutSettingsEveryFindingCountsAsMadeButTheUnpinnedCheckGivesWayToErrors() throws Exception {
        Run run = run(options());
        Gate.Outcome o = Gate.open(run, new VerifyGoal()).apply(new VerifyGoal(), targets, results());
        // a file with errors is one assign leaves alone: it is not also reported as unpinned
        assertEquals(List.of("addralloc.pci.DuplicateAddress/error"), rules(o));
        assertEquals(List.of(), o.suppressed());
        assertNull(o.comparison());
    }

    @Test
    void ruleSettingsAndRequirePinnedSetTheSeverities() throws Exception {
        RunOptions.Builder b = options().requirePinned(true).rules(List.of(new RuleSetting("addralloc.pci.*", "warning")));
        Gate gate = Gate.open(run(b), new VerifyGoal());
        List<FileResult> onlyUnpinned = List.of(new FileResult("vms/web01.xml", FileKind.DOMAIN,
                List.of(results().get(0).findings().get(0))));
        assertEquals(List.of("addralloc.pin.Unpinned/error"), rules(gate.apply(new VerifyGoal(), targets, onlyUnpinned)));
        assertEquals(Severity.ERROR, gate.policy().threshold());
        Gate off = Gate.open(run(options().rules(List.of(new RuleSetting("addralloc.pci.DuplicateAddress", "off")))),
                new VerifyGoal());
        // off, the error is not listed; the file still has it, so assign leaves it alone and it is not unpinned either
        assertEquals(List.of(), rules(off.apply(new VerifyGoal(), targets, results())));
    }

    @Test
    void aWrongSettingOrAMissingFileStopsTheRunBeforeAnyFileIsRead() {
        BrokenSetupException severity = assertThrows(BrokenSetupException.class, () -> Gate.open(run(options()
                .failOnSeverity("fatal")), new VerifyGoal()));
        assertTrue(severity.getMessage().startsWith("addralloc: "), severity.getMessage());
        BrokenSetupException missing = assertThrows(BrokenSetupException.class, () -> Gate.open(run(options()
                .suppressionsFile(Path.of("nope.xml"))), new VerifyGoal()));
        assertEquals("addralloc: the suppressions file nope.xml does not exist; fix <suppressions> (or"
                + " -Daddralloc.suppressions)", missing.getMessage());
    }

    @Test
    void aSuppressionByXPathTakesOutTheFindingOnThatElementAndKeepsIt() throws Exception {
        Files.writeString(module.resolve("suppressions.xml"), "<suppressions><suppress rule='addralloc\\.pci\\..*'"
                + " xpath='/domain/devices/interface[2]' reason='known'/></suppressions>");
        Gate gate = Gate.open(run(options().suppressionsFile(Path.of("suppressions.xml"))), new VerifyGoal());
        Gate.Outcome o = gate.apply(new VerifyGoal(), targets, results());
        assertEquals(List.of(), rules(o));
        assertEquals(1, o.suppressed().size());
        assertEquals("known", o.suppressed().get(0).reason());
        assertEquals(List.of("[INFO] addralloc: 1 finding suppressed (1 error), not listed above; the SARIF report keeps"
                + " them as suppressed results"), gate.summary(o).stream().map(l -> "[INFO] " + l).toList());
    }

    @Test
    void theBaselineGoalWritesWhatVerifyThenKnows() throws Exception {
        Gate writer = Gate.open(run(options()), new BaselineGoal());
        writer.apply(new BaselineGoal(), targets, results());
        assertTrue(Files.isRegularFile(module.resolve(Baseline.FILE_NAME)));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[INFO] addralloc: baseline addralloc-baseline.xml"
                + " written: 1 finding in 1 file accepted")), lines::toString);
        Gate gate = Gate.open(run(options()), new VerifyGoal());
        Gate.Outcome o = gate.apply(new VerifyGoal(), targets, results());
        assertEquals(List.of(), rules(o));
        assertNotNull(o.comparison());
        assertEquals(1, o.comparison().known().size());
        assertEquals(Rule.PCI_DUPLICATE_ADDRESS, o.comparison().known().get(0).rule());
        assertEquals(List.of("addralloc: baseline addralloc-baseline.xml: 1 finding known, 0 new"), gate.summary(o));
    }
}
