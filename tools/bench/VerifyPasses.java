import io.addralloc.libvirt.FileChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * verify's own work per file, measured the way {@code BareParse} measures the floor: one
 * thread, PASSES passes over the files in one JVM, each file read from disk and checked
 * ({@link FileChecker#check}: parse with positions, define simulation, findings and facts);
 * prints the per-file time of the fastest pass after the first. Maven, the cache, the checks
 * across files and the reports are left out; the Maven runs of the script include them.
 */
public class VerifyPasses {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FileChecker checker = new FileChecker();
        double[] perFile = new double[passes];
        long findings = 0;
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            for (Path f : files) {
                findings += checker.check(f.toString(), Files.readAllBytes(f)).findings().size();
            }
            perFile[pass] = (System.nanoTime() - t0) / 1000.0 / files.size();
        }
        java.util.Arrays.sort(perFile, 1, passes);
        System.out.printf("verify per file, in-JVM: %d files, %.1f us/file (fastest warm pass; %d findings)%n",
                files.size(), perFile[1], findings / passes);
    }
}
