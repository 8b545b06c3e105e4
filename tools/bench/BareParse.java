import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dom4j.io.SAXReader;

/**
 * The floor for the benchmark: a bare dom4j parse of every file, in one warm JVM, one thread,
 * nothing else. Prints the median per-file time of the last passes in microseconds.
 */
public class BareParse {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double[] perFile = new double[passes];
        long sink = 0;
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            for (Path f : files) {
                try (var in = Files.newInputStream(f)) {
                    sink += new SAXReader().read(in).getRootElement().elements().size();
                }
            }
            perFile[pass] = (System.nanoTime() - t0) / 1000.0 / files.size();
        }
        java.util.Arrays.sort(perFile, 1, passes);
        System.out.printf("bare dom4j parse: %d files, %.1f us/file (median of warm passes; sink %d)%n", files.size(),
                perFile[1 + (passes - 1) / 2], sink);
    }
}
