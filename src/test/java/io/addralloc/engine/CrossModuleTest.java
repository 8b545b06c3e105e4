package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crossFileScope}: names per directory when each directory is one host, and the comparison
 * across the modules of a reactor, run once, by the last module to finish, whichever thread runs it.
 */
class CrossModuleTest {
    private static final String MAC = "52:54:00:aa:bb:01";

    @TempDir
    Path top;

    private static String domain(String name, String mac) {
        return "<domain type='qemu'>\n  <name>" + name + "</name>\n  <memory>131072</memory>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <devices>\n"
                + "    <interface type='network'>\n      <mac address='" + mac + "'/>\n"
                + "      <source network='default'/>\n    </interface>\n  </devices>\n</domain>\n";
    }

    private static FileResult check(String path, String xml) {
        return new FileChecker().check(path, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> messages(List<FileResult> results, Rule rule) {
        return results.stream().flatMap(r -> r.findings().stream()).filter(f -> f.rule() == rule)
                .map(f -> f.path() + ": " + f.message()).toList();
    }

    @Test
    void perDirectoryTheSameNameOnTwoHostsPassesButASharedMacDoesNot() {
        List<FileResult> files = List.of(check("host1/web.xml", domain("web", MAC)),
                check("host2/web.xml", domain("web", MAC)), check("host2/web-old.xml", domain("web", "52:54:00:aa:bb:02")));
        List<FileResult> byDirectory = CrossFileChecks.apply(files, CrossFileScope.DIRECTORY, "");
        assertEquals(List.of("host2/web.xml: domain name 'web' is also defined by host2/web-old.xml:2:3; defining one"
                + " replaces the other, rename one"), messages(byDirectory, Rule.BUILD_DUPLICATE_NAME));
        assertEquals(1, messages(byDirectory, Rule.BUILD_DUPLICATE_MAC).size());
        assertTrue(messages(byDirectory, Rule.BUILD_DUPLICATE_MAC).get(0).startsWith("host2/web.xml: MAC " + MAC
                + " is also used by an interface of domain 'web' in host1/web.xml:"));
        assertEquals(2, messages(CrossFileChecks.apply(files, CrossFileScope.BUILD, ""), Rule.BUILD_DUPLICATE_NAME).size());
    }

    @Test
    void theOtherFileIsNamedFromWhereTheBuildStarted() {
        List<FileResult> out = CrossFileChecks.apply(List.of(check("vms/a.xml", domain("a", MAC)),
                check("vms/b.xml", domain("b", MAC))), CrossFileScope.BUILD, "module-a/");
        assertTrue(messages(out, Rule.BUILD_DUPLICATE_MAC).get(0).contains("in module-a/vms/a.xml:"));
        // the related location stays the module's path: the reports resolve it from the module
        Finding f = out.get(1).findings().stream().filter(x -> x.rule() == Rule.BUILD_DUPLICATE_MAC).findFirst()
                .orElseThrow();
        assertEquals("vms/a.xml", f.related().path());
    }

    @Test
    void theScopeIsBuildOrDirectory() throws Exception {
        assertEquals(CrossFileScope.BUILD, CrossFileScope.of(null));
        assertEquals(CrossFileScope.DIRECTORY, CrossFileScope.of(" Directory "));
        BrokenSetupException e = assertThrows(BrokenSetupException.class, () -> CrossFileScope.of("host"));
        assertEquals("addralloc: crossFileScope is 'host'; it must be one of build, directory"
                + " (-Daddralloc.crossFileScope)", e.getMessage());
    }

    @Test
    void onlyTheLastModuleComparesAndOnlyClashesBetweenModulesAreReported() {
        CrossModule modules = new CrossModule(2);
        List<FileResult> a = List.of(check("vms/web.xml", domain("web", MAC)), check("vms/web2.xml", domain("web", "52:54:00:aa:bb:09")));
        assertEquals(null, modules.finish(top.resolve("a"), a, CrossFileScope.BUILD, top));
        List<FileResult> found = modules.finish(top.resolve("b"), List.of(check("vms/db.xml", domain("db", MAC))),
                CrossFileScope.BUILD, top);
        // a's own duplicate name is a's to report; the MAC shared with b is the comparison's
        assertEquals(List.of("b/vms/db.xml: MAC " + MAC + " is also used by an interface of domain 'web' in"
                + " a/vms/web.xml:7:7; change one, or remove the <mac> and run addralloc:assign to get a unique one"),
                messages(found, Rule.BUILD_DUPLICATE_MAC));
        assertEquals(1, found.size());
        assertEquals(null, modules.finish(top.resolve("c"), List.of(), CrossFileScope.BUILD, top));
    }

    /** Three modules (the reactor's top has no file) run at once, many times: one of them fails, naming the other module's file. */
    @Test
    void inAParallelBuildExactlyOneModuleFailsOverAMacSharedAcrossModules() throws Exception {
        for (String m : List.of("module-a", "module-b")) {
            Files.createDirectories(top.resolve(m).resolve("vms"));
        }
        Files.writeString(top.resolve("module-a/vms/web01.xml"), domain("web01", MAC));
        Files.writeString(top.resolve("module-b/vms/db01.xml"), domain("db01", MAC));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 10; round++) {
                CrossModule modules = new CrossModule(3);
                List<String> lines = Collections.synchronizedList(new ArrayList<>());
                CyclicBarrier start = new CyclicBarrier(3);
                List<Future<RunOutcome>> runs = new ArrayList<>();
                for (String m : List.of("", "module-a", "module-b")) {
                    Path base = m.isEmpty() ? top : top.resolve(m);
                    RunOptions options = RunOptions.builder(base).reactorDirectory(top).startDirectory(top)
                            .defaultDirectories(List.of(Path.of("vms"))).useCache(false).crossModule(modules)
                            .buildDirectory(base.resolve("target-" + round)).outputDirectory(base.resolve("target-" + round))
                            .build();
                    runs.add(pool.submit(() -> {
                        start.await();
                        return new Run(options, (level, text) -> lines.add("[" + level + "] " + text), Ide.NONE)
                                .execute(new VerifyGoal());
                    }));
                }
                List<RunOutcome> outcomes = new ArrayList<>();
                for (Future<RunOutcome> f : runs) {
                    outcomes.add(f.get());
                }
                assertEquals(1, outcomes.stream().filter(o -> o.verdict().failsBuild()).count(), lines::toString);
                assertEquals("addralloc found 1 error across the modules of the build, in 1 file; see the lines above",
                        outcomes.stream().filter(o -> o.verdict().failsBuild()).findFirst().orElseThrow().verdict().message());
                assertEquals(1, lines.stream().filter(l -> l.startsWith("[ERROR] module-b/vms/db01.xml:7:7: error: MAC "
                        + MAC + " is also used by an interface of domain 'web01' in module-a/vms/web01.xml:7:7;")).count(),
                        lines::toString);
                assertFalse(lines.stream().anyMatch(l -> l.startsWith("[ERROR] module-a/")), lines::toString);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
