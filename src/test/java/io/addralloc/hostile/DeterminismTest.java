package io.addralloc.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.addralloc.engine.CrossFileChecks;
import io.addralloc.engine.FileAssigner;
import io.addralloc.engine.FileChecker;
import io.addralloc.report.CheckstyleReport;
import io.addralloc.report.SarifReport;
import io.addralloc.result.FileResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One shared checker and assigner (as one mojo instance holds them) used from many threads, the
 * files in a different order each round: the results and both reports come out byte for byte the
 * same. This is what {@code mvn -T 2} and the mojo's parallel stream rely on.
 */
class DeterminismTest {

    private static List<Map.Entry<String, byte[]>> inputs() throws IOException {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (String name : HostileFilesTest.files().toList()) {
            out.add(Map.entry("hostile/" + name, Files.readAllBytes(HostileFilesTest.DIR.resolve(name))));
        }
        int i = 0;
        for (byte[] b : Domains.examples()) {
            out.add(Map.entry("examples/" + (i++) + ".xml", b));
        }
        return out;
    }

    private static List<String> run(List<Map.Entry<String, byte[]>> files, FileChecker checker, FileAssigner assigner,
            ExecutorService pool) throws Exception {
        Map<String, FileResult> results = new ConcurrentHashMap<>();
        Map<String, String> assigned = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files) {
            futures.add(pool.submit(() -> {
                results.put(f.getKey(), checker.check(f.getKey(), f.getValue()));
                FileAssigner.Outcome o = assigner.assign(f.getKey(), f.getValue());
                assigned.put(f.getKey(), o.changed() ? java.util.Arrays.toString(o.newContent()) : "-");
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        List<FileResult> ordered = results.values().stream().sorted(Comparator.comparing(FileResult::path)).toList();
        List<FileResult> all = CrossFileChecks.apply(ordered);
        io.addralloc.report.ReportContext context = new io.addralloc.report.ReportContext(java.nio.file.Path.of("/repo/module"),
                java.nio.file.Path.of("/repo"), "test", "addralloc/module/");
        return List.of(CheckstyleReport.render(all, context), SarifReport.render(all, context),
                new java.util.TreeMap<>(assigned).toString());
    }

    @Test
    void resultsAndReportsDoNotDependOnOrderOrThreads() throws Exception {
        List<Map.Entry<String, byte[]>> files = inputs();
        List<String> reference = run(files, new FileChecker(), new FileAssigner(), Executors.newSingleThreadExecutor());
        FileChecker sharedChecker = new FileChecker();
        FileAssigner sharedAssigner = new FileAssigner();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Random random = new Random(7);
            for (int round = 0; round < 4; round++) {
                List<Map.Entry<String, byte[]>> shuffled = new ArrayList<>(files);
                Collections.shuffle(shuffled, random);
                assertEquals(reference, run(shuffled, sharedChecker, sharedAssigner, pool), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
