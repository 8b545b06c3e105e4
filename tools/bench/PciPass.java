package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PCI pass's own cost per file: {@code PciPass DIR PASSES} parses every file once, then runs
 * PASSES passes (after one to warm up) of the define simulation up to and including
 * the {@code pci} pass of {@link DefineSimulation#PASSES} (the passes before it, then that one),
 * timing that pass alone and everything up to it. Per file the fastest pass counts, and the sum
 * is printed per file: a pass that the machine's other work delayed then does not. Compile it
 * against a build like the other tools (see docs/benchmarks.md, issue 18).
 */
public class PciPass {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int passes = Integer.parseInt(args[1]);
        List<LocatedElement> roots = new ArrayList<>();
        for (Path f : files) roots.add((LocatedElement) XmlFile.parse(Files.readAllBytes(f)).root());
        long[] best = new long[files.size()];
        long[] bestSim = new long[files.size()];
        Arrays.fill(best, Long.MAX_VALUE);
        Arrays.fill(bestSim, Long.MAX_VALUE);
        long sink = 0;
        for (int p = 0; p <= passes; p++) {
            for (int i = 0; i < roots.size(); i++) {
                long s0 = System.nanoTime();
                DomainReader.Result read = DomainReader.read(roots.get(i));
                Domain domain = read.domain();
                if (domain == null) continue;
                DefineContext context = DefineSimulation.context(read);
                long t = 0;
                for (DefinePass pass : DefineSimulation.PASSES) {
                    boolean pci = pass.name().equals("pci");
                    long t0 = System.nanoTime();
                    pass.run(context);
                    if (pci) {
                        t = System.nanoTime() - t0;
                        sink += context.pciAddresses().nbuses();
                        break;
                    }
                }
                long s = System.nanoTime() - s0;
                if (p > 0 && t < best[i]) best[i] = t;
                if (p > 0 && s < bestSim[i]) bestSim[i] = s;
            }
        }
        double sum = 0, sumSim = 0;
        for (long b : best) sum += b;
        for (long b : bestSim) sumSim += b;
        System.out.printf("pci %.2f us/file, up to pci %.2f (sink %d)%n", sum / 1000.0 / files.size(), sumSim / 1000.0 / files.size(), sink);
    }
}
