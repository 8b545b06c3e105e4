import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * verify's check per file with two builds loaded side by side in one JVM, each in its own class
 * loader, passes alternating over the same files: both meet the same machine load at nearly the
 * same moment, and the time taken is the checking thread's CPU time, which other processes on a
 * busy machine barely move. Prints, per build, the median pass after the first PASSES/2 (JIT
 * warm), the CPU per file, the bytes the thread allocated per file, and the ratio of the two.
 *
 * <p>Usage: {@code java SideBySide DIR BASE_CLASSPATH NEW_CLASSPATH [PASSES=12]}, each class path
 * the build's classes and its dependencies (compare-builds.sh writes both).
 */
public class SideBySide {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        List<byte[]> contents = new ArrayList<>();
        for (Path f : files) {
            contents.add(Files.readAllBytes(f));
        }
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        Object[] checkers = new Object[2];
        Method[] checks = new Method[2];
        for (int i = 0; i < 2; i++) {
            List<URL> urls = new ArrayList<>();
            for (String e : args[1 + i].split(":")) {
                urls.add(Path.of(e).toUri().toURL());
            }
            ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> c = cl.loadClass("io.addralloc.engine.FileChecker");
            checkers[i] = c.getConstructor().newInstance();
            checks[i] = c.getMethod("check", String.class, byte[].class);
        }
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[][] us = new double[2][passes];
        long[] allocated = new long[2];
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < 2; i++) {
                long a0 = bean.getCurrentThreadAllocatedBytes();
                long t0 = bean.getCurrentThreadCpuTime();
                for (int k = 0; k < files.size(); k++) {
                    checks[i].invoke(checkers[i], files.get(k).toString(), contents.get(k));
                }
                us[i][p] = (bean.getCurrentThreadCpuTime() - t0) / 1000.0 / files.size();
                allocated[i] = (bean.getCurrentThreadAllocatedBytes() - a0) / files.size();
            }
        }
        double[] median = new double[2];
        for (int i = 0; i < 2; i++) {
            double[] warm = Arrays.copyOfRange(us[i], passes / 2, passes);
            Arrays.sort(warm);
            median[i] = warm[warm.length / 2];
        }
        System.out.printf("thread CPU per file: base %.1f us, new %.1f us, new/base %.3f; allocated per file: base %d B,"
                + " new %d B%n", median[0], median[1], median[1] / median[0], allocated[0], allocated[1]);
    }
}
