import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dom4j.io.SAXReader;

/**
 * The floor for the benchmark: a bare dom4j parse of every file and nothing else.
 *
 * <p>{@code BareParse DIR PASSES}: one thread, PASSES passes in one JVM; prints the per-file
 * time of the fastest pass after the first (warm), in microseconds: on a shared machine the
 * fastest pass is the one least disturbed by other work. Each thread reuses one
 * SAXReader, the cheapest way dom4j parses many files (verify reuses its parsers too); making a
 * new reader per file (a JAXP look-up and parser set-up) is printed as well, since the first
 * figures of this benchmark used it.
 *
 * <p>{@code BareParse DIR 1 THREADS}: one pass on THREADS threads, as verify runs; the script
 * times the whole JVM to get the cold cost, the same way it times Maven.
 */
public class BareParse {
    public static void main(String[] args) throws Exception {
        List<Path> files = xmlFiles(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (passes == 1) {
            ThreadLocal<SAXReader> readers = ThreadLocal.withInitial(SAXReader::new);
            long sink = new java.util.concurrent.ForkJoinPool(threads).submit(() -> files.parallelStream()
                    .mapToLong(f -> parse(readers.get(), f)).sum()).get();
            System.out.printf("bare dom4j parse: %d files, one cold pass on %d threads (sink %d)%n", files.size(),
                    threads, sink);
            return;
        }
        SAXReader reused = new SAXReader();
        double reusedReader = fastestWarmPass(files, passes, f -> parse(reused, f));
        double newReader = fastestWarmPass(files, passes, f -> parse(new SAXReader(), f));
        System.out.printf("bare dom4j parse: %d files, %.1f us/file (one reader reused; fastest warm pass)%n",
                files.size(), reusedReader);
        System.out.printf("bare dom4j parse, new reader per file: %d files, %.1f us/file (fastest warm pass)%n",
                files.size(), newReader);
    }

    /** The {@code .xml} files under {@code dir}, in path order. */
    static List<Path> xmlFiles(String dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    /**
     * PASSES passes of {@code work} over the files on this thread; the per-file time of the fastest
     * pass after the first, in microseconds. {@code VerifyPasses} times verify's check with it too,
     * so the two figures come from the same loop.
     */
    static double fastestWarmPass(List<Path> files, int passes, java.util.function.ToLongFunction<Path> work) {
        double[] perFile = new double[passes];
        long sink = 0;
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            for (Path f : files) {
                sink += work.applyAsLong(f);
            }
            perFile[pass] = (System.nanoTime() - t0) / 1000.0 / files.size();
        }
        if (sink == 42) {
            System.out.println();
        }
        java.util.Arrays.sort(perFile, 1, passes);
        return perFile[1];
    }

    private static long parse(SAXReader reader, Path f) {
        try (var in = Files.newInputStream(f)) {
            return reader.read(in).getRootElement().elements().size();
        } catch (Exception e) {
            throw new IllegalStateException(f + ": " + e, e);
        }
    }
}
