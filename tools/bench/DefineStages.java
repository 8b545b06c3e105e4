package io.addralloc.libvirt.define;

import io.addralloc.engine.FileChecker;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.XmlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * verify's per-file cost stage by stage: {@code DefineStages DIR PASSES} reads every file once,
 * then, PASSES times over all files in one thread, times the parse, the domain reader, each pass
 * of {@link DefineSimulation#PASSES} run one after the other on one context, then the whole
 * simulation and the whole check ({@link FileChecker#check}) again. Prints per stage the
 * microseconds per file of the fastest pass: which phase a change made dearer or cheaper, where
 * {@code VerifyPasses} gives only the sum. Compile it against a build like the other tools (see
 * docs/benchmarks.md, issue 18); it needs a build with {@code DefineSimulation.PASSES}.
 */
public class DefineStages {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int passes = Integer.parseInt(args[1]);
        List<byte[]> bytes = new ArrayList<>();
        for (Path f : files) {
            bytes.add(Files.readAllBytes(f));
        }
        FileChecker checker = new FileChecker();
        int steps = DefineSimulation.PASSES.size();
        String[] names = new String[steps + 4];
        names[0] = "parse";
        names[1] = "read";
        for (int i = 0; i < steps; i++) {
            names[2 + i] = DefineSimulation.PASSES.get(i).name();
        }
        names[steps + 2] = "simulation";
        names[steps + 3] = "check";
        double[] best = new double[names.length];
        Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        for (int p = 0; p < passes; p++) {
            long[] t = new long[names.length];
            for (byte[] b : bytes) {
                long t0 = System.nanoTime();
                XmlFile xml = XmlFile.parse(b);
                long t1 = System.nanoTime();
                DomainReader.Result read = DomainReader.read(xml.root());
                t[0] += t1 - t0;
                t[1] += System.nanoTime() - t1;
                if (read.domain() == null) {
                    continue;
                }
                DefineContext context = DefineSimulation.context(read);
                for (int i = 0; i < steps; i++) {
                    long u = System.nanoTime();
                    DefineSimulation.PASSES.get(i).run(context);
                    t[2 + i] += System.nanoTime() - u;
                }
                long t3 = System.nanoTime();
                sink += DefineSimulation.run(xml.root()).problems().size();
                long t4 = System.nanoTime();
                sink += checker.check("f", b).findings().size();
                t[steps + 2] += t4 - t3;
                t[steps + 3] += System.nanoTime() - t4;
            }
            for (int i = 0; i < t.length; i++) {
                best[i] = Math.min(best[i], t[i] / 1000.0 / bytes.size());
            }
        }
        for (int i = 0; i < names.length; i++) {
            System.out.printf("%-14s %7.2f us/file%n", names[i], best[i]);
        }
        System.out.println("(sink " + sink + ")");
    }
}
