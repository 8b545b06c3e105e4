package io.addralloc.allocator;

/**
 * What {@link PoolState#firstEmpty} needs of a pattern cut to a box, worked out once: whether the
 * box can hold an answer at all, the cut in box-relative values, whether it is one index run whose
 * inner fields are whole (a PCI bus with all eight functions asked for), and the answer when the
 * box holds nothing. It depends only on the box's layout, the pattern and the number of prefix
 * fields, so a {@link Pool} keeps the last one it was asked for (see {@link Pool#emptyCut}):
 * every allocator holding the pool, one per file, then skips the cut.
 *
 * <p>Immutable (the arrays are never written after construction), so it is safe to share.
 */
final class EmptyCut {
    final AddressPattern pattern;
    final int prefixCount;
    /** False when no prefix of the pattern has its inner box inside this box; the other fields are then unset. */
    final boolean fits;
    /** The cut, relative to the box's first values. */
    final long[] lo;
    final long[] hi;
    /** Whether the cut is one index run {@code start..end} whose inner fields are whole, each prefix's box the next {@code runLength + 1} indices. */
    final boolean run;
    final long start;
    final long end;
    /** The index distance from a prefix's first inner address to its last. */
    final long runLength;
    /** The answer in an empty box: the cut's lowest address, in field values. */
    final long[] lowest;

    private EmptyCut(AddressPattern pattern, int prefixCount, long[] lo, long[] hi, boolean run, Layout layout) {
        this.pattern = pattern;
        this.prefixCount = prefixCount;
        this.fits = lo != null;
        this.lo = lo;
        this.hi = hi;
        this.run = run;
        if (lo == null) {
            start = end = runLength = 0;
            lowest = null;
            return;
        }
        start = layout.index(lo);
        end = layout.index(hi);
        long length = 0;
        for (int i = prefixCount; i < lo.length; i++) {
            length += layout.span[i] * layout.stride[i];
        }
        runLength = length;
        lowest = new long[lo.length];
        layout.valuesOf(start, lowest);
    }

    /** The cut of {@code pattern} to the box of {@code layout}, with the first {@code prefixCount} fields as the prefix. */
    static EmptyCut of(Layout layout, AddressPattern pattern, int prefixCount) {
        int n = layout.first.length;
        long[] lo = new long[n];
        long[] hi = new long[n];
        // One pass: the cut, whether the box holds the inner box, and the shape of the cut.
        boolean innerWhole = true;
        int varying = -1;
        boolean contiguous = true;
        for (int i = 0; i < n; i++) {
            long a = pattern.low(i);
            long b = pattern.high(i);
            long pFirst = layout.first[i];
            long pLast = pFirst + layout.span[i];
            boolean inside = Long.compareUnsigned(a, pFirst) >= 0 && Long.compareUnsigned(b, pLast) <= 0;
            if (i < prefixCount ? Long.compareUnsigned(a, pLast) > 0 || Long.compareUnsigned(b, pFirst) < 0 : !inside) {
                return new EmptyCut(pattern, prefixCount, null, null, false, layout);
            }
            long l = (Long.compareUnsigned(a, pFirst) > 0 ? a : pFirst) - pFirst;
            long h = (Long.compareUnsigned(b, pLast) < 0 ? b : pLast) - pFirst;
            lo[i] = l;
            hi[i] = h;
            boolean whole = l == 0 && h == layout.span[i];
            innerWhole &= i < prefixCount || whole;
            if (varying >= 0) {
                contiguous &= whole;
            } else if (l != h) {
                varying = i;
            }
        }
        return new EmptyCut(pattern, prefixCount, lo, hi, innerWhole && contiguous, layout);
    }

    /** Whether this is the cut for {@code pattern} (or one with the same box) and {@code prefixCount}. */
    boolean isFor(AddressPattern pattern, int prefixCount) {
        return this.prefixCount == prefixCount && (this.pattern == pattern || pattern.sameBox(this.pattern));
    }
}
