package io.addralloc.allocator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.LongSupplier;

/**
 * The JMH benchmarks' work timed in thread CPU time, which a loaded machine disturbs far less than
 * wall time (a thread waiting for a core is not charged): batches of operations, the CPU time of
 * each batch, and the median of the batches after a warm-up half.
 *
 * <ul>
 *   <li>{@code q35 METHOD SECONDS}: one of {@link Q35Benchmark}'s files per operation
 *       ({@code perFilePools}, {@code template}, {@code templateDryRun});</li>
 *   <li>{@code ops IMPL SECONDS}: the operations of {@link SingleOpBenchmark} and
 *       {@link BatchBenchmark} on the same {@link Fragmented} state ({@code allocator} or
 *       {@code core}), each for SECONDS.</li>
 * </ul>
 * Run: {@code java -cp target-jmh18/benchmarks.jar io.addralloc.allocator.CpuTimeHarness q35 template 20}.
 */
public final class CpuTimeHarness {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static long sink;

    private CpuTimeHarness() {}

    public static void main(String[] args) {
        int seconds = Integer.parseInt(args[2]);
        if (args[0].equals("q35")) {
            LongSupplier file = switch (args[1]) {
                case "perFilePools" -> Q35Benchmark::perFilePoolsFile;
                // template-start
                case "template" -> Q35Benchmark::templateFile;
                case "templateDryRun" -> Q35Benchmark::templateDryRunFile;
                // template-end
                default -> throw new IllegalArgumentException("unknown q35 method " + args[1]);
            };
            report("Q35Benchmark." + args[1], "", seconds, 20_000, () -> sink += file.getAsLong(), null);
        } else {
            ops(args[1], seconds);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void ops(String impl, int seconds) {
        BitSet initial = Fragmented.initialState(Fragmented.SEED);
        Fragmented.Subject s = Fragmented.create(impl, initial);
        int[] free = Fragmented.shuffled(initial, false);
        int[] used = Fragmented.shuffled(initial, true);
        int[] next = {0};
        report("exactReserveRelease", impl, seconds, 10_000, () -> {
            int flat = free[next[0]];
            next[0] = next[0] + 1 == free.length ? 0 : next[0] + 1;
            s.reserve(flat);
            s.release(flat);
        }, null);
        report("firstFreeReserveRelease", impl, seconds, 10_000, () -> s.release(s.reserveFirstFree(false)), null);
        report("subBoxFirstFreeReserveRelease", impl, seconds, 10_000, () -> s.release(s.reserveFirstFree(true)), null);
        int[] taken = new int[BatchBenchmark.FILL_BATCH];
        int[] k = {0};
        Runnable releaseTaken = () -> {
            for (int i = k[0] - 1; i >= 0; i--) {
                s.release(taken[i]);
            }
            k[0] = 0;
        };
        report("fillFirstFree", impl, seconds, BatchBenchmark.FILL_BATCH, () -> taken[k[0]++] = s.reserveFirstFree(false),
                releaseTaken);
        report("fillSubBoxFirstFree", impl, seconds, BatchBenchmark.SUB_BOX_FILL_BATCH,
                () -> taken[k[0]++] = s.reserveFirstFree(true), releaseTaken);
        int[] from = {0};
        int[] j = {0};
        report("release", impl, seconds, BatchBenchmark.RELEASE_BATCH, () -> s.release(used[from[0] + j[0]++]), () -> {
            for (int i = 0; i < BatchBenchmark.RELEASE_BATCH; i++) {
                s.reserve(used[from[0] + i]);
            }
            j[0] = 0;
            from[0] = from[0] + 2 * BatchBenchmark.RELEASE_BATCH > used.length ? 0 : from[0] + BatchBenchmark.RELEASE_BATCH;
        });
    }

    /** Runs {@code op} in batches for {@code seconds}, {@code undo} untimed after each; prints the median CPU ns per op. */
    private static void report(String name, String impl, int seconds, int batch, Runnable op, Runnable undo) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[] picosPerOp = new long[100_000];
        int n = 0;
        while (System.nanoTime() < end && n < picosPerOp.length) {
            long c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < batch; i++) {
                op.run();
            }
            picosPerOp[n++] = (MX.getCurrentThreadCpuTime() - c0) * 1000 / batch;
            if (undo != null) {
                undo.run();
            }
        }
        long[] warm = Arrays.copyOfRange(picosPerOp, n / 2, n);
        Arrays.sort(warm);
        System.out.printf("%-44s %-10s %10.1f ns CPU/op (median of %d batches of %d)%n", name, impl, warm[warm.length / 2] / 1000.0,
                warm.length, batch);
    }
}
