package io.addralloc.allocator;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One pool inside an allocator: the pool's box linearised in mixed radix, its used indices and
 * who holds them.
 *
 * <p>The index of an address is {@code sum((v[i] - first[i]) * stride[i])}, where
 * {@code stride[i]} is the product of the extents of the later fields. It grows with the
 * lexicographic order of addresses inside the box, so the lowest free index is the lowest free
 * address. Pools hold at most 2^64 addresses, so indices are unsigned longs and the wrapping
 * arithmetic is exact.
 */
final class PoolState<O> {
    final Pool pool;
    private final int fieldCount;
    private final long[] first;
    /** last - first of each field, unsigned; 0 means the field has one value. */
    private final long[] span;
    /** Meaningful only where span != 0, and then at most 2^63. */
    private final long[] stride;
    /** log2 of the stride where it is a power of two (so decoding an index is a shift, not a division), else -1. */
    private final int[] strideShift;
    final long lastIndex;
    final OccupancyTrie used;
    final HolderMap holders = new HolderMap();
    private long found;
    private AddressPattern cutPattern;
    private boolean cutEmpty;
    private long[] cutLo;
    private long[] cutHi;
    private long cutStart;
    private long cutEnd;
    /** Whether the cut is a non-empty single index interval. */
    private boolean cutContiguous;
    /**
     * Where the next search for {@link #cutPattern} starts: a sub-box address such that every
     * sub-box address below it is used. Successive requests for the same pattern (filling a bus)
     * resume there instead of re-crossing what they already filled; a release below it resets it.
     */
    private long cutFrom;

    PoolState(Pool pool) {
        this.pool = pool;
        fieldCount = pool.ranges().size();
        first = new long[fieldCount];
        span = new long[fieldCount];
        stride = new long[fieldCount];
        strideShift = new int[fieldCount];
        BigInteger s = BigInteger.ONE;
        for (int i = fieldCount - 1; i >= 0; i--) {
            FieldRange r = pool.range(i);
            first[i] = r.first();
            span[i] = r.last() - r.first();
            stride[i] = s.longValue();
            strideShift[i] = s.bitCount() == 1 ? s.getLowestSetBit() : -1;
            s = s.multiply(Pool.extent(r));
        }
        lastIndex = s.subtract(BigInteger.ONE).longValue();
        used = new OccupancyTrie(lastIndex);
    }

    /** Whether the address (of this pool's space) lies in this pool. */
    boolean contains(Address address) {
        for (int i = 0; i < fieldCount; i++) {
            if (Long.compareUnsigned(address.get(i) - first[i], span[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The index of an address this pool contains. */
    long indexOf(Address address) {
        long index = 0;
        for (int i = 0; i < fieldCount; i++) {
            if (span[i] != 0) {
                index += (address.get(i) - first[i]) * stride[i];
            }
        }
        return index;
    }

    Address addressOf(long index) {
        long[] values = new long[fieldCount];
        valuesOf(index, values);
        return new Address(pool.space(), values);
    }

    /** Puts the field values of the address at {@code index} into {@code values}. */
    void valuesOf(long index, long[] values) {
        long rest = index;
        for (int i = 0; i < values.length; i++) {
            long digit = 0;
            if (span[i] != 0) {
                int shift = strideShift[i];
                if (shift >= 0) {
                    digit = rest >>> shift;
                    rest &= stride[i] - 1;
                } else {
                    digit = Long.divideUnsigned(rest, stride[i]);
                    rest -= digit * stride[i];
                }
            }
            values[i] = first[i] + digit;
        }
    }

    /** Compares the addresses at {@code index} here and at {@code otherIndex} in {@code other}, using two scratch arrays. */
    int compareAddresses(long index, PoolState<O> other, long otherIndex, long[] scratch, long[] otherScratch) {
        valuesOf(index, scratch);
        other.valuesOf(otherIndex, otherScratch);
        return Arrays.compareUnsigned(scratch, otherScratch);
    }

    BigInteger freeCount() {
        return pool.size().subtract(BigInteger.valueOf(holders.size()));
    }

    /**
     * Finds the lowest free index whose address matches {@code pattern}: returns whether there
     * is one and, if so, leaves it in {@link #found()}.
     *
     * <p>The pattern cut to this pool is a sub-box. The search starts at its lowest address not
     * known to be used ({@link #cutFrom});
     * while the trie's next free index lies outside the sub-box, it jumps to the sub-box's next
     * address at or after it and asks again. Every jump leaves behind at least one maximal run of
     * used indices, so the loop runs at most once per used run inside the sub-box's span, plus
     * once; a sub-box that is one contiguous index interval (only the last varying field is
     * restricted, or nothing is) takes a single trie query.
     */
    boolean firstFree(AddressPattern pattern) {
        // The common request, the same contiguous pattern again, is one trie query; kept apart
        // from the general loop so that it stays small enough to be inlined into the caller.
        if (pattern == cutPattern && cutContiguous) {
            if (!used.nextFree(cutFrom)) {
                return false;
            }
            long f = used.found();
            if (Long.compareUnsigned(f, cutEnd) > 0) {
                return false;
            }
            cutFrom = f;
            found = f;
            return true;
        }
        return firstFreeInCut(pattern);
    }

    private boolean firstFreeInCut(AddressPattern pattern) {
        if (pattern != cutPattern) {
            if (pattern.sameBox(cutPattern)) {
                // An equal pattern made anew (reserveAny, a caller building its request each time) keeps the resume point.
                cutPattern = pattern;
            } else {
                cut(pattern);
            }
        }
        if (cutEmpty) {
            return false;
        }
        long candidate = cutFrom;
        long[] digits = null;
        while (true) {
            if (!used.nextFree(candidate)) {
                return false;
            }
            long f = used.found();
            if (Long.compareUnsigned(f, cutEnd) > 0) {
                return false;
            }
            // The candidate is always a sub-box address, and so is anything up to cutEnd in a contiguous box.
            if (f == candidate || cutContiguous) {
                cutFrom = f;
                found = f;
                return true;
            }
            if (digits == null) {
                digits = new long[fieldCount];
            }
            toDigits(f, digits);
            if (!advanceIntoBox(digits, cutLo, cutHi)) {
                return false;
            }
            long next = index(digits);
            if (next == f) {
                cutFrom = f;
                found = f;
                return true;
            }
            candidate = next;
        }
    }

    /** The index the last successful {@link #firstFree} found. */
    long found() {
        return found;
    }

    /** Frees {@code index}, keeping the search's resume point valid. */
    void release(long index) {
        used.remove(index);
        if (cutPattern != null && Long.compareUnsigned(index, cutFrom) < 0) {
            cutFrom = cutStart;
        }
    }

    /**
     * Cuts {@code pattern} to this pool, in pool-relative field values. Patterns are immutable and
     * callers tend to repeat one, so the last cut is kept.
     */
    private void cut(AddressPattern pattern) {
        long[] lo = new long[fieldCount];
        long[] hi = new long[fieldCount];
        cutEmpty = false;
        for (int i = 0; i < fieldCount; i++) {
            long a = pattern.low(i);
            long b = pattern.high(i);
            long pFirst = first[i];
            long pLast = first[i] + span[i];
            long from = Long.compareUnsigned(a, pFirst) > 0 ? a : pFirst;
            long to = Long.compareUnsigned(b, pLast) < 0 ? b : pLast;
            if (Long.compareUnsigned(from, to) > 0) {
                cutEmpty = true;
            }
            lo[i] = from - pFirst;
            hi[i] = to - pFirst;
        }
        cutLo = lo;
        cutHi = hi;
        cutContiguous = false;
        if (!cutEmpty) {
            cutStart = index(lo);
            cutEnd = index(hi);
            cutContiguous = isContiguous(lo, hi);
            cutFrom = cutStart;
        }
        cutPattern = pattern;
    }

    /** True when the box is one index interval: fixed fields, then one ranged field, then full fields. */
    private boolean isContiguous(long[] lo, long[] hi) {
        int i = 0;
        while (i < fieldCount && lo[i] == hi[i]) {
            i++;
        }
        for (int j = i + 1; j < fieldCount; j++) {
            if (lo[j] != 0 || hi[j] != span[j]) {
                return false;
            }
        }
        return true;
    }

    private long index(long[] digits) {
        long index = 0;
        for (int i = 0; i < fieldCount; i++) {
            if (span[i] != 0) {
                index += digits[i] * stride[i];
            }
        }
        return index;
    }

    /** The pool-relative field values of {@code index} (0 for a single-valued field). */
    private void toDigits(long index, long[] digits) {
        long rest = index;
        for (int i = 0; i < fieldCount; i++) {
            if (span[i] == 0) {
                digits[i] = 0;
            } else if (strideShift[i] >= 0) {
                digits[i] = rest >>> strideShift[i];
                rest &= stride[i] - 1;
            } else {
                long q = Long.divideUnsigned(rest, stride[i]);
                digits[i] = q;
                rest -= q * stride[i];
            }
        }
    }

    /**
     * Moves {@code digits} to the lowest tuple of the box {@code lo..hi} that is not below it
     * lexicographically; false when there is none.
     */
    private static boolean advanceIntoBox(long[] digits, long[] lo, long[] hi) {
        for (int i = 0; i < digits.length; i++) {
            if (Long.compareUnsigned(digits[i], lo[i]) < 0) {
                resetFrom(digits, lo, i);
                return true;
            }
            if (Long.compareUnsigned(digits[i], hi[i]) > 0) {
                for (int j = i - 1; j >= 0; j--) {
                    if (Long.compareUnsigned(digits[j], hi[j]) < 0) {
                        digits[j]++;
                        resetFrom(digits, lo, j + 1);
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    private static void resetFrom(long[] digits, long[] lo, int from) {
        System.arraycopy(lo, from, digits, from, digits.length - from);
    }
}
