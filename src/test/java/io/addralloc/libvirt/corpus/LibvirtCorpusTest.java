package io.addralloc.libvirt.corpus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * verify against libvirt's own verdicts, and the simulated layout against libvirt's output.
 * Every expectation here comes from the corpus, i.e. from running libvirt 9.0.
 */
class LibvirtCorpusTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.addralloc.libvirt.corpus.Corpus#defaultDirs")
    void verifyAgreesWithLibvirtOnAtLeast99PercentAndNeverRejectsAnAcceptedFile(Path dir) throws Exception {
        Corpus corpus = Corpus.load(dir);
        FileChecker checker = new FileChecker();
        List<String> falseErrors = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int agree = 0;
        for (Corpus.Case c : corpus.cases()) {
            FileResult r = checker.check(c.id(), c.inputBytes());
            boolean flagged = r.hasErrors();
            if (flagged == !c.accepted()) {
                agree++;
            } else if (flagged) {
                falseErrors.add(c.id() + ": " + r.findings().stream().filter(f -> f.severity() == Severity.ERROR)
                        .map(Finding::toConsoleLine).findFirst().orElse(""));
            } else {
                missed.add(c.id() + " [" + c.fault() + "] libvirt: " + c.message());
            }
        }
        double rate = 100.0 * agree / corpus.cases().size();
        System.out.printf("verify vs libvirt: %d/%d agree (%.2f%%), %d false errors, %d missed%n", agree,
                corpus.cases().size(), rate, falseErrors.size(), missed.size());
        falseErrors.forEach(s -> System.out.println("  FALSE ERROR " + s));
        missed.forEach(s -> System.out.println("  MISSED " + s));
        assertTrue(falseErrors.isEmpty(), "verify raised errors on files libvirt accepts: " + falseErrors);
        assertTrue(rate >= 99.0, "agreement " + rate + "% is below 99%");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.addralloc.libvirt.corpus.Corpus#defaultDirs")
    void assignPinsLibvirtsLayoutByInsertionOnlyAndIsIdempotent(Path dir) throws Exception {
        Corpus corpus = Corpus.load(dir);
        FileAssigner assigner = new FileAssigner();
        int total = 0;
        long unmodelled = corpus.acceptedUnmodelled();
        int sameLayout = 0;
        int forced = 0;
        List<String> problems = new ArrayList<>();
        for (Corpus.Case c : corpus.acceptedModelled()) {
            total++;
            byte[] in = c.inputBytes();
            FileAssigner.Outcome first = assigner.assign(c.id(), in);
            byte[] out = first.changed() ? first.newContent() : in;
            String before = new String(in, java.nio.charset.StandardCharsets.UTF_8);
            String after = new String(out, java.nio.charset.StandardCharsets.UTF_8);
            if (!Scorecard.isSubsequence(before, after) && first.replacements() == 0) {
                problems.add(c.id() + ": the edit removed characters of the original");
            }
            if (first.replacements() > 0) {
                forced++;
            }
            FileAssigner.Outcome second = assigner.assign(c.id(), out);
            if (second.changed() || second.result().hasErrors()) {
                problems.add(c.id() + ": a second run " + (second.changed() ? "changed the file again" : "found errors")
                        + second.result().findings());
            }
            Map<String, String> pinned = Layout.of(DefineSimulation.run(XmlFile.parse(out).root()).domain());
            Map<String, String> libvirt = Layout.of(DomainReader.read(XmlFile.parse(c.outputBytes()).root()).domain());
            if (pinned.equals(libvirt)) {
                sameLayout++;
            } else {
                problems.add(c.id() + ": the pinned file does not give libvirt's layout");
            }
        }
        double rate = 100.0 * sameLayout / Math.max(1, total);
        System.out.printf("assign: %d/%d pinned files give libvirt's layout (%.2f%%); %d had placeholders libvirt"
                + " replaces, the rest were insert-only; %d on machines not modelled%n", sameLayout, total, rate, forced,
                unmodelled);
        problems.stream().limit(40).forEach(s -> System.out.println("  ASSIGN " + s));
        assertFalse(total == 0, "the corpus has no accepted case");
        assertTrue(problems.stream().noneMatch(p -> p.contains("removed") || p.contains("second run")),
                "assign must only insert and be idempotent: " + problems);
        assertTrue(rate >= 99.0, "pinned layout agreement " + rate + "% is below 99%");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.addralloc.libvirt.corpus.Corpus#defaultDirs")
    void simulatedLayoutMatchesLibvirtOutputForAcceptedFiles(Path dir) throws Exception {
        Corpus corpus = Corpus.load(dir);
        int same = 0;
        int total = 0;
        long unmodelled = corpus.acceptedUnmodelled();
        List<String> diffs = new ArrayList<>();
        for (Corpus.Case c : corpus.acceptedModelled()) {
            total++;
            DefineSimulation.Outcome ours = DefineSimulation.run(XmlFile.parse(c.inputBytes()).root());
            Map<String, String> expected = Layout.of(DomainReader.read(XmlFile.parse(c.outputBytes()).root()).domain());
            Map<String, String> actual = Layout.of(ours.domain());
            if (expected.equals(actual)) {
                same++;
            } else {
                diffs.add(c.id() + Scorecard.diff(expected, actual));
            }
        }
        double rate = 100.0 * same / Math.max(1, total);
        System.out.printf("layout vs libvirt: %d/%d identical (%.2f%%); %d on machines not modelled%n", same, total,
                rate, unmodelled);
        diffs.stream().limit(40).forEach(s -> System.out.println("  LAYOUT " + s));
        assertFalse(total == 0, "the corpus has no accepted case");
        assertTrue(rate >= 99.0, "layout agreement " + rate + "% is below 99%");
    }
}
