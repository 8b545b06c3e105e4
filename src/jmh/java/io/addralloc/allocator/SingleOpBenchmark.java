package io.addralloc.allocator;

import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Steady state on a 2^20-address space half reserved at random (see {@link Fragmented}): each
 * operation reserves one address and releases it again, so the state never drifts. Every
 * implementation starts from the same state and makes the same requests.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SingleOpBenchmark {
    @Param({"allocator", "core", "bitset", "hashset"})
    public String impl;

    private Fragmented.Subject subject;
    private int[] freeShuffled;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        BitSet initial = Fragmented.initialState(Fragmented.SEED);
        subject = Fragmented.create(impl, initial);
        freeShuffled = Fragmented.shuffled(initial, false);
    }

    /** Reserve a random free address exactly, then release it. */
    @Benchmark
    public int exactReserveRelease() {
        int flat = freeShuffled[next];
        next = next + 1 == freeShuffled.length ? 0 : next + 1;
        subject.reserve(flat);
        subject.release(flat);
        return flat;
    }

    /** Reserve the first free address of the whole space, then release it. */
    @Benchmark
    public int firstFreeReserveRelease() {
        int flat = subject.reserveFirstFree(false);
        subject.release(flat);
        return flat;
    }

    /** Reserve the first free address of a sub-box (middle field fixed), then release it. */
    @Benchmark
    public int subBoxFirstFreeReserveRelease() {
        int flat = subject.reserveFirstFree(true);
        subject.release(flat);
        return flat;
    }
}
