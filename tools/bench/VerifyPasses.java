import io.addralloc.engine.FileChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * verify's own work per file, measured the way {@code BareParse} measures the floor: one
 * thread, PASSES passes over the files in one JVM, each file read from disk and checked
 * ({@link FileChecker#check}: parse with positions, define simulation, findings and facts);
 * prints the per-file time of the fastest pass after the first. Maven, the cache, the checks
 * across files and the reports are left out; the Maven runs of the script include them.
 */
public class VerifyPasses {
    public static void main(String[] args) throws Exception {
        List<Path> files = BareParse.xmlFiles(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FileChecker checker = new FileChecker();
        long[] findings = {0};
        double perFile = BareParse.fastestWarmPass(files, passes, f -> {
            int n = check(checker, f);
            findings[0] += n;
            return n;
        });
        System.out.printf("verify per file, in-JVM: %d files, %.1f us/file (fastest warm pass; %d findings)%n",
                files.size(), perFile, findings[0] / passes);
    }

    private static int check(FileChecker checker, Path f) {
        try {
            return checker.check(f.toString(), Files.readAllBytes(f)).findings().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
