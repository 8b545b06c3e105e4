package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine without Maven, on a copy of the bundled example repository (examples/infra-repo:
 * four domains and a network, five errors and a warning on purpose, and two files assign would
 * change, which its pom's requirePinned makes errors, as the README shows).
 */
class RunTest {
    private static final Path EXAMPLE = Path.of("examples/infra-repo");
    private static final String SUMMARY = "[INFO] addralloc: 5 files checked (4 domains, 1 networks, 0 unreadable),"
            + " 0 skipped (not libvirt XML); 7 errors, 1 warnings";
    private static final String FOUND = "addralloc found 7 errors in 5 files; see the lines above and"
            + " target/addralloc/addralloc-result.xml";

    @TempDir
    Path tmp;
    private Path module;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    /** Every line as "[LEVEL] line", as Maven prints it. */
    private final RunLog log = (level, text) -> lines.add("[" + level + "] " + text);

    @BeforeEach
    void copyTheExample() throws IOException {
        module = tmp.resolve("infra-repo");
        Files.createDirectories(tmp.resolve("home")); // the user's home: the cache's key is made in it on first use
        for (String dir : List.of("vms", "networks")) {
            Files.createDirectories(module.resolve(dir));
            try (Stream<Path> files = Files.list(EXAMPLE.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, module.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
    }

    private RunOptions.Builder options() {
        return RunOptions.builder(module).directories(List.of(Path.of("vms"), Path.of("networks"))).requirePinned(true)
                .cacheKeyFile(tmp.resolve("home/.addralloc/cache-key"));
    }

    private RunOutcome run(RunOptions options, Goal goal) throws BrokenSetupException {
        lines.clear();
        return new Run(options, log, Ide.NONE).execute(goal);
    }

    private static List<String> paths(RunOutcome outcome) {
        return outcome.results().stream().map(FileResult::path).toList();
    }

    @Test
    void theExampleGivesTheReadmesFindingsAndSummaryAndFailsTheBuild() throws Exception {
        RunOutcome outcome = run(options().build(), new VerifyGoal());
        RunOutcome.Counts c = outcome.counts();
        assertEquals(List.of(4, 1, 0, 0, 5, 5), List.of(c.domains(), c.networks(), c.unreadable(), c.skipped(),
                c.filesChecked(), c.filesWithErrors()));
        assertEquals(7L, c.count(Severity.ERROR));
        assertEquals(1L, c.count(Severity.WARNING));
        assertEquals(0L, c.count(Severity.INFO));
        assertEquals(new RunOutcome.Verdict(true, FOUND), outcome.verdict());
        assertTrue(lines.contains("[ERROR] vms/app01.xml:11:7: error: PCI slot 0x22 is out of range; a slot must be at"
                + " most 0x1f (31) [addralloc.pci.OutOfRange]"), lines::toString);
        assertEquals(SUMMARY, lines.get(lines.size() - 1));
        assertEquals(8, lines.stream().filter(l -> l.matches("\\[(ERROR|WARNING)] (vms|networks)/.*")).count(),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[ERROR] vms/web01.xml:") && l.contains("not pinned:")
                && l.endsWith("[addralloc.pin.Unpinned]")), lines::toString);
        // Without requirePinned, the same files are warnings and the build fails on the five others.
        RunOutcome.Counts lenient = run(options().requirePinned(false).build(), new VerifyGoal()).counts();
        assertEquals(List.of(5L, 3L), List.of(lenient.count(Severity.ERROR), lenient.count(Severity.WARNING)));
    }

    @Test
    void withoutFailOnErrorTheMessageIsAWarningAndTheBuildGoesOn() throws Exception {
        RunOutcome outcome = run(options().failOnError(false).build(), new VerifyGoal());
        assertEquals(new RunOutcome.Verdict(false, FOUND), outcome.verdict());
        assertEquals(List.of(SUMMARY, "[WARNING] " + FOUND + " (failOnError is false, so the build goes on)"),
                lines.subList(lines.size() - 2, lines.size()));
    }

    @Test
    void theReportGoalAndAnIdeNeverFailTheBuild() throws Exception {
        RunOutcome report = run(options().build(), new ReportGoal(null));
        assertEquals(new RunOutcome.Verdict(false, FOUND), report.verdict());
        assertEquals("[WARNING] " + FOUND, lines.get(lines.size() - 1));
        assertTrue(Files.isRegularFile(module.resolve("target/addralloc/report/index.html")));

        List<String> marked = new ArrayList<>();
        Ide ide = new Ide() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public boolean nothingChanged(List<Path> directories) {
                return false;
            }

            @Override
            public void mark(List<Path> files, List<FileResult> results) {
                for (int i = 0; i < files.size(); i++) {
                    marked.add(module.relativize(files.get(i)) + " " + results.get(i).findings().size());
                }
            }
        };
        lines.clear();
        RunOutcome inIde = new Run(options().build(), log, ide).execute(new VerifyGoal());
        assertEquals(new RunOutcome.Verdict(false, FOUND), inIde.verdict());
        assertEquals("[WARNING] " + FOUND + " (the IDE shows them as markers on the files)", lines.get(lines.size() - 1));
        assertEquals(List.of("networks/default.xml 1", "vms/app01.xml 2", "vms/cache01.xml 2", "vms/db01.xml 2",
                "vms/web01.xml 1"), marked);
    }

    @Test
    void aCleanBuildPassesWithoutAMessage() throws Exception {
        run(options().build(), new AssignGoal(false, new AtomicFileWriter())); // pins web01.xml
        RunOutcome outcome = run(options().directories(List.of(Path.of("vms"))).includes(List.of("web01.xml")).build(),
                new VerifyGoal());
        assertEquals(List.of("vms/web01.xml"), paths(outcome));
        assertEquals(RunOutcome.Verdict.PASS, outcome.verdict());
        assertNull(outcome.verdict().message());
        assertEquals(List.of("[INFO] addralloc: 1 files checked (1 domains, 0 networks, 0 unreadable), 0 skipped"
                + " (not libvirt XML); 0 errors, 0 warnings"), lines);
    }

    @Test
    void filesAreChosenOnceInPathOrderByIncludesExcludesAndNotInTheBuildDirectory() throws Exception {
        Files.writeString(module.resolve("vms/notes.txt"), "not XML");
        Files.createDirectories(module.resolve("vms/old"));
        Files.copy(module.resolve("vms/web01.xml"), module.resolve("vms/old/legacy.xml"));
        Files.writeString(module.resolve("vms/settings.xml"), "<settings/>\n");
        Files.createDirectories(module.resolve("target"));
        Files.copy(module.resolve("vms/app01.xml"), module.resolve("target/copy.xml"));
        Files.writeString(module.resolve("broken.xml"), "<domain>");

        RunOutcome outcome = run(options().directories(List.of(Path.of("vms"), Path.of("."), Path.of("vms")))
                .excludes(List.of("**/old/**", "networks/**")).build(), new VerifyGoal());
        assertEquals(List.of("broken.xml", "vms/app01.xml", "vms/cache01.xml", "vms/db01.xml", "vms/settings.xml",
                "vms/web01.xml"), paths(outcome));
        assertEquals(FileKind.FOREIGN, outcome.results().get(4).kind());
        assertEquals(1, outcome.counts().skipped());
        assertEquals(Rule.XML_NOT_WELL_FORMED, outcome.results().get(0).findings().get(0).rule());
    }

    @Test
    void defaultDirectoriesThatDoNotExistAreLeftOutAndConfiguredOnesAreABrokenSetup() throws Exception {
        RunOptions defaults = options().directories(List.of())
                .defaultDirectories(List.of(Path.of("src/main/resources"), Path.of("networks"))).build();
        assertEquals(List.of("networks/default.xml"), paths(run(defaults, new VerifyGoal())));

        RunOptions none = options().directories(List.of()).defaultDirectories(List.of(Path.of("src/main/resources")))
                .build();
        RunOutcome empty = run(none, new VerifyGoal());
        assertEquals(List.of(), empty.results());
        assertEquals("[INFO] addralloc: no XML files found in the project's resource directories", lines.get(0));

        BrokenSetupException missing = assertThrows(BrokenSetupException.class,
                () -> run(options().directories(List.of(Path.of("nowhere"))).build(), new VerifyGoal()));
        assertEquals("addralloc: the configured directory nowhere does not exist; fix <directories> (or"
                + " -Daddralloc.directories)", missing.getMessage());
        BrokenSetupException nothing = assertThrows(BrokenSetupException.class,
                () -> run(options().includes(List.of("*.json")).build(), new VerifyGoal()));
        assertTrue(nothing.getMessage().startsWith("addralloc: the configured <directories>/<includes> match no file"),
                nothing.getMessage());
        BrokenSetupException ports = assertThrows(BrokenSetupException.class,
                () -> run(options().minFreeHotplugPorts(-1).build(), new VerifyGoal()));
        assertEquals("addralloc: minFreeHotplugPorts is -1; it must be 0 (no check) or more", ports.getMessage());
    }

    /** verify, noting each file it checks and the threads it checks them on. */
    private static final class CountingVerify implements Goal {
        private final Goal verify = new VerifyGoal();
        final AtomicInteger checked = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final long pauseMillis;

        CountingVerify(long pauseMillis) {
            this.pauseMillis = pauseMillis;
        }

        @Override
        public String name() {
            return verify.name();
        }

        @Override
        public boolean cacheable() {
            return verify.cacheable();
        }

        @Override
        public FileResult process(Input in) {
            checked.incrementAndGet();
            threads.add(Thread.currentThread());
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return verify.process(in);
        }
    }

    /** 240 domains (sixty copies of each example, so the checks across files find names and MACs twice). */
    private RunOptions.Builder manyFiles() throws IOException {
        Path bulk = Files.createDirectories(module.resolve("bulk"));
        try (Stream<Path> files = Files.list(module.resolve("vms"))) {
            for (Path f : files.toList()) {
                for (int i = 0; i < 60; i++) {
                    Files.copy(f, bulk.resolve(i + "-" + f.getFileName()));
                }
            }
        }
        return options().directories(List.of(Path.of("bulk"))).useCache(false);
    }

    @Test
    void checkingInParallelGivesWhatCheckingOnOneThreadGives() throws Exception {
        RunOptions.Builder many = manyFiles();
        CountingVerify one = new CountingVerify(0);
        RunOutcome sequential = run(many.threads(1).build(), one);
        List<String> sequentialLines = List.copyOf(lines);
        CountingVerify four = new CountingVerify(1);
        RunOutcome parallel = run(many.threads(4).build(), four);
        RunOutcome common = run(many.threads(0).build(), new VerifyGoal());

        assertEquals(240, sequential.results().size());
        assertEquals(1, one.threads.size());
        assertTrue(four.threads.size() > 1 && four.threads.size() <= 4, four.threads::toString);
        assertEquals(sequential.results(), parallel.results());
        assertEquals(sequential.results(), common.results());
        assertEquals(sequential.counts(), parallel.counts());
        assertTrue(sequential.counts().count(Severity.ERROR) > 300, sequential.counts()::toString);
        assertEquals(sequentialLines.stream().filter(l -> !l.contains("findings so far")).toList(),
                lines.stream().filter(l -> !l.contains("findings so far")).toList());
    }

    @Test
    void aLongRunSaysHowFarItIs() throws Exception {
        RunOptions slow = manyFiles().threads(2).progressInterval(Duration.ofMillis(20)).build();
        run(slow, new CountingVerify(5));
        List<String> progress = lines.stream().filter(l -> l.endsWith("findings so far")).toList();
        assertFalse(progress.isEmpty(), lines::toString);
        assertTrue(progress.stream().allMatch(l -> l.matches("\\[INFO] addralloc: \\d+ of 240 files checked, \\d+"
                + " findings so far")), progress::toString);
    }

    @Test
    void unchangedFilesComeFromTheCacheAndChangedOnesAreCheckedAgain() throws Exception {
        CountingVerify first = new CountingVerify(0);
        RunOutcome checked = run(options().build(), first);
        assertEquals(5, first.checked.get());
        assertTrue(lines.stream().noneMatch(l -> l.contains("from the cache")), lines::toString);
        assertTrue(Files.isRegularFile(module.resolve("target/addralloc/cache-verify.bin")));

        CountingVerify second = new CountingVerify(0);
        RunOutcome cached = run(options().build(), second);
        assertEquals(0, second.checked.get());
        assertEquals(checked.results(), cached.results());
        assertEquals(checked.verdict(), cached.verdict());
        assertTrue(lines.contains("[INFO] addralloc: 5 of 5 files unchanged since the last run; their results came"
                + " from the cache"), lines::toString);

        Files.writeString(module.resolve("vms/web01.xml"), "<!-- edited -->\n", java.nio.file.StandardOpenOption.APPEND);
        CountingVerify third = new CountingVerify(0);
        run(options().build(), third);
        assertEquals(1, third.checked.get());
        assertTrue(lines.contains("[INFO] addralloc: 4 of 5 files unchanged since the last run; their results came"
                + " from the cache"), lines::toString);

        CountingVerify off = new CountingVerify(0);
        run(options().useCache(false).build(), off);
        assertEquals(5, off.checked.get());
        assertTrue(lines.stream().noneMatch(l -> l.contains("from the cache")), lines::toString);
    }

    @Test
    void theReportsListEveryFindingOfTheLibvirtFiles() throws Exception {
        Files.writeString(module.resolve("vms/settings.xml"), "<settings/>\n");
        RunOutcome outcome = run(options().build(), new VerifyGoal());
        String checkstyle = Files.readString(module.resolve("target/addralloc/addralloc-result.xml"));
        String sarif = Files.readString(module.resolve("target/addralloc/addralloc.sarif"));
        List<Finding> findings = outcome.results().stream().flatMap(r -> r.findings().stream()).toList();
        assertEquals(8, findings.size());
        for (Finding f : findings) {
            assertTrue(checkstyle.contains("source=\"" + f.rule().id() + "\""), f::toString);
            assertTrue(sarif.contains("\"ruleId\": \"" + f.rule().id() + "\""), f::toString);
        }
        assertFalse(checkstyle.contains("settings.xml"), checkstyle);
        assertFalse(sarif.contains("settings.xml"), sarif);
        assertTrue(sarif.contains("\"automationDetails\": {\"id\": \"addralloc/infra-repo/"), sarif);
    }

    @Test
    void assignWritesTheFilesWithoutErrorsAndSaysWhatItChanged() throws Exception {
        byte[] broken = Files.readAllBytes(module.resolve("vms/app01.xml"));
        byte[] web = Files.readAllBytes(module.resolve("vms/web01.xml"));
        run(options().build(), new AssignGoal(false, new AtomicFileWriter()));
        assertTrue(lines.contains("[INFO] addralloc: changed 2 files: 18 addresses and 12 elements added"),
                lines::toString);
        assertArrayEquals(broken, Files.readAllBytes(module.resolve("vms/app01.xml")));
        assertFalse(java.util.Arrays.equals(web, Files.readAllBytes(module.resolve("vms/web01.xml"))));
        run(options().build(), new AssignGoal(false, new AtomicFileWriter()));
        assertTrue(lines.contains("[INFO] addralloc: changed 0 files: 0 addresses and 0 elements added"),
                lines::toString);
    }

    @Test
    void aFileAssignCannotWriteIsAWriteFailedFindingNotAnUnreadableFile() throws Exception {
        Path web = module.resolve("vms/web01.xml");
        byte[] before = Files.readAllBytes(web);
        AtomicFileWriter full = new AtomicFileWriter((AtomicFileWriter.Hook) (stage, temporary) -> {
            throw new FileSystemException(temporary.toString(), null, "No space left on device");
        });
        RunOutcome outcome = run(options().build(), new AssignGoal(false, full));
        FileResult r = outcome.results().stream().filter(x -> x.path().equals("vms/web01.xml")).findFirst().orElseThrow();
        assertEquals(FileKind.DOMAIN, r.kind());
        assertEquals(List.of(new Finding(Rule.XML_WRITE_FAILED, Severity.ERROR, "vms/web01.xml", 0, 0,
                "vms/web01.xml cannot be written (FileSystemException: No space left on device); it is unchanged")),
                r.findings());
        assertEquals(0, outcome.counts().unreadable());
        assertTrue(outcome.results().stream().flatMap(x -> x.findings().stream())
                .noneMatch(f -> f.rule() == Rule.XML_UNREADABLE));
        assertTrue(outcome.verdict().failsBuild());
        assertTrue(lines.contains("[ERROR] vms/web01.xml: error: vms/web01.xml cannot be written (FileSystemException:"
                + " No space left on device); it is unchanged [addralloc.xml.WriteFailed]"), lines::toString);
        assertArrayEquals(before, Files.readAllBytes(web));
    }

    @Test
    void aReadOnlyFileIsAWriteFailedFindingToo() throws Exception {
        Path web = module.resolve("vms/web01.xml");
        Files.setPosixFilePermissions(web, PosixFilePermissions.fromString("r--r--r--"));
        RunOutcome outcome = run(options().build(), new AssignGoal(false, new AtomicFileWriter()));
        FileResult r = outcome.results().stream().filter(x -> x.path().equals("vms/web01.xml")).findFirst().orElseThrow();
        assertEquals(FileKind.DOMAIN, r.kind());
        assertEquals(1, r.findings().size());
        assertEquals(Rule.XML_WRITE_FAILED, r.findings().get(0).rule());
        assertTrue(r.findings().get(0).message().startsWith("vms/web01.xml is read-only;"), r.findings()::toString);
        assertEquals(0, outcome.counts().unreadable());
    }

    @Test
    void aMistypedPropertyStopsTheRunBeforeItReadsOrWritesAnything() {
        BrokenSetupException e = assertThrows(BrokenSetupException.class, () -> run(options()
                .userProperties(java.util.Map.of("addralloc.dryrun", "true", "addralloc.skip", "false")).build(),
                new AssignGoal(false, new AtomicFileWriter())));
        assertEquals("unknown property addralloc.dryrun; did you mean addralloc.dryRun?", e.getMessage());
        assertFalse(Files.exists(module.resolve("target")));
        assertEquals(List.of(), lines);
    }

    @Test
    void failOnSeverityAndRuleSettingsDecideWhatFails() throws Exception {
        RunOutcome lowered = run(options().requirePinned(false).rules(List.of(new RuleSetting("addralloc.*", "warning"),
                new RuleSetting("addralloc.pci.NoHotplugPort", "off"))).build(), new VerifyGoal());
        assertEquals(List.of(0L, 7L), List.of(lowered.counts().count(Severity.ERROR),
                lowered.counts().count(Severity.WARNING)));
        assertEquals(RunOutcome.Verdict.PASS, lowered.verdict());
        RunOutcome strict = run(options().requirePinned(false).failOnSeverity("warning").build(), new VerifyGoal());
        assertEquals("addralloc found 8 findings at warning or worse (failOnSeverity) in 5 files; see the lines above"
                + " and target/addralloc/addralloc-result.xml", strict.verdict().message());
        assertTrue(strict.verdict().failsBuild());
        assertFalse(run(options().failOnSeverity("warning").failOnError(false).build(), new VerifyGoal()).verdict()
                .failsBuild());
        BrokenSetupException typo = assertThrows(BrokenSetupException.class, () -> run(options()
                .rules(List.of(new RuleSetting("addralloc.pci.DuplicateAdress", "off"))).build(), new VerifyGoal()));
        assertTrue(typo.getMessage().contains("did you mean addralloc.pci.DuplicateAddress?"), typo.getMessage());
    }

    @Test
    void aBaselineAcceptsTheFindingsItHoldsEvenWhenLinesMove() throws Exception {
        RunOutcome written = run(options().build(), new BaselineGoal());
        assertFalse(written.verdict().failsBuild());
        assertTrue(Files.isRegularFile(module.resolve(Baseline.FILE_NAME)));
        Path app = module.resolve("vms/app01.xml");
        Files.writeString(app, Files.readString(app).replaceFirst("<devices>", "<devices>\n\n    <!-- moved -->\n"));
        RunOutcome verified = run(options().build(), new VerifyGoal());
        assertEquals(RunOutcome.Verdict.PASS, verified.verdict());
        assertTrue(lines.contains("[INFO] addralloc: baseline addralloc-baseline.xml: 8 findings known, 0 new"),
                lines::toString);
        assertEquals(0, lines.stream().filter(l -> l.startsWith("[ERROR]")).count(), lines::toString);
    }

    @Test
    void suppressedFindingsLeaveTheListAndAreCounted() throws Exception {
        Files.writeString(module.resolve("suppressions.xml"), "<suppressions><suppress rule='addralloc\\.network\\..*'"
                + " reason='two hosts share it on purpose'/><suppress files='nowhere/.*'/></suppressions>");
        RunOutcome outcome = run(options().suppressionsFile(Path.of("suppressions.xml")).build(), new VerifyGoal());
        assertEquals(6L, outcome.counts().count(Severity.ERROR));
        assertFalse(lines.stream().anyMatch(l -> l.contains("[addralloc.network.DuplicateIp]")), lines::toString);
        assertTrue(lines.contains("[INFO] addralloc: 1 finding suppressed (1 error), not listed above; the SARIF report"
                + " keeps them as suppressed results"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[WARNING] suppressions.xml:1:") && l.contains("matched no"
                + " finding")), lines::toString);
        String sarif = Files.readString(module.resolve("target/addralloc/addralloc.sarif"));
        assertTrue(sarif.contains("\"suppressions\": [{\"kind\": \"external\", \"justification\": \"two hosts share"
                + " it on purpose\"}]"), sarif);
        BrokenSetupException missing = assertThrows(BrokenSetupException.class, () -> run(options()
                .suppressionsFile(Path.of("nope.xml")).build(), new VerifyGoal()));
        assertEquals("addralloc: the suppressions file nope.xml does not exist; fix <suppressions> (or"
                + " -Daddralloc.suppressions)", missing.getMessage());
    }

}
