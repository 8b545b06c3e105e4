package io.addralloc.engine;

import io.addralloc.result.FileResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Runs work on every file in parallel, and says how far a long run is. */
final class ParallelWork {
    /** From this many files on, a run can take long enough that a silent build looks hung. */
    static final int PROGRESS_THRESHOLD = 200;

    private ParallelWork() {
    }

    /**
     * Runs {@code work} on every item, in the pool the caller runs in (the common one unless
     * {@link Run} chose another), and returns results in the items' order. For long runs a
     * progress line every {@code interval} shows the build is alive.
     */
    static <T> List<FileResult> map(List<T> items, Function<T, FileResult> work, RunLog log, Duration interval) {
        if (items.size() < PROGRESS_THRESHOLD) {
            return items.parallelStream().map(work).toList();
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger findings = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "addralloc-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(() -> log.info("addralloc: " + done.get() + " of " + items.size()
                + " files checked, " + findings.get() + " findings so far"), every, every, TimeUnit.MILLISECONDS);
        try {
            return items.parallelStream().map(item -> {
                FileResult r = work.apply(item);
                findings.addAndGet(r.findings().size());
                done.incrementAndGet();
                return r;
            }).toList();
        } finally {
            timer.shutdownNow();
        }
    }
}
