package io.addralloc.allocator;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Batches on the same 50%-fragmented 2^20 space: time per operation over a batch. The untimed
 * per-invocation teardown undoes the batch, so each invocation starts from the same state (the
 * invocation lasts tens of microseconds or more, so the fixture's own cost does not blur it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class BatchBenchmark {
    static final int FILL_BATCH = 4_096;
    static final int SUB_BOX_FILL_BATCH = 1_024;
    static final int RELEASE_BATCH = 4_096;

    @Param({"allocator", "core", "bitset", "hashset"})
    public String impl;

    private Fragmented.Subject subject;
    private int[] usedShuffled;
    private int nextUsed;
    private final int[] taken = new int[FILL_BATCH];
    private int takenCount;
    private int releasedFrom = -1;

    @Setup(Level.Trial)
    public void setUp() {
        BitSet initial = Fragmented.initialState(Fragmented.SEED);
        subject = Fragmented.create(impl, initial);
        usedShuffled = Fragmented.shuffled(initial, true);
    }

    /** Fill: consecutive first-free reservations of the whole space, as device assignment does. */
    @Benchmark
    @OperationsPerInvocation(FILL_BATCH)
    public void fillFirstFree() {
        for (int i = 0; i < FILL_BATCH; i++) {
            taken[i] = subject.reserveFirstFree(false);
        }
        takenCount = FILL_BATCH;
    }

    /** Fill through a sub-box pattern (middle field fixed; about 2048 of its 4096 addresses are free). */
    @Benchmark
    @OperationsPerInvocation(SUB_BOX_FILL_BATCH)
    public void fillSubBoxFirstFree() {
        for (int i = 0; i < SUB_BOX_FILL_BATCH; i++) {
            taken[i] = subject.reserveFirstFree(true);
        }
        takenCount = SUB_BOX_FILL_BATCH;
    }

    /** Release of random reserved addresses (re-reserved by the untimed teardown). */
    @Benchmark
    @OperationsPerInvocation(RELEASE_BATCH)
    public void release() {
        int from = nextUsed;
        for (int i = 0; i < RELEASE_BATCH; i++) {
            subject.release(usedShuffled[from + i]);
        }
        releasedFrom = from;
    }

    @TearDown(Level.Invocation)
    public void undo() {
        for (int i = takenCount - 1; i >= 0; i--) {
            if (taken[i] < 0) {
                throw new IllegalStateException(impl + ": ran out of free addresses");
            }
            subject.release(taken[i]);
        }
        takenCount = 0;
        if (releasedFrom >= 0) {
            for (int i = 0; i < RELEASE_BATCH; i++) {
                subject.reserve(usedShuffled[releasedFrom + i]);
            }
            nextUsed = releasedFrom + 2 * RELEASE_BATCH > usedShuffled.length ? 0 : releasedFrom + RELEASE_BATCH;
            releasedFrom = -1;
        }
    }
}
