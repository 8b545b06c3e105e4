import io.addralloc.engine.FileChecker;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How fast verify's check gets fast in a fresh JVM: {@code PassByPass DIR PASSES} checks every
 * file PASSES times in one thread and prints, per pass, the wall time and the whole process's
 * CPU time per file. Their difference is the other threads' work, mostly the JIT compilers: while
 * the process CPU stays near twice the wall time on two cores, C2 is still compiling, and the
 * pass is not yet at the speed {@code VerifyPasses} reports. Compile it against a build like the
 * other tools (see docs/benchmarks.md, issue 18).
 */
public class PassByPass {
    public static void main(String[] args) throws Exception {
        List<Path> files = BareParse.xmlFiles(args[0]);
        int passes = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        FileChecker checker = new FileChecker();
        long sink = 0;
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            for (Path f : files) {
                sink += checker.check(f.toString(), Files.readAllBytes(f)).findings().size();
            }
            out.append(String.format("pass %d: %.1f us/file wall, %.1f us/file process CPU%n", p,
                    (System.nanoTime() - t0) / 1000.0 / files.size(), (os.getProcessCpuTime() - c0) / 1000.0 / files.size()));
        }
        System.out.print(out);
        System.out.println("(" + files.size() + " files, sink " + sink + ")");
    }
}
