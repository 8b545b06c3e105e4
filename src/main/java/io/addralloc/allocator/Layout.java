package io.addralloc.allocator;

import java.util.List;

/**
 * A box of at most 2^64 addresses linearised in mixed radix: the index of an address is
 * {@code sum((v[i] - first[i]) * stride[i])} over the fields whose {@code span} is not 0, where
 * {@code stride[i]} is the product of the extents of the later fields. The index grows with the
 * lexicographic order of addresses inside the box, and fits an unsigned long.
 *
 * <p>Computed once per {@link Pool} in long arithmetic (the allocator used to redo it in
 * {@code BigInteger} for every pool of every allocator, which cost more than a small domain's
 * whole bookkeeping); immutable, so allocators made from one template share it.
 */
final class Layout {
    final long[] first;
    /** last - first of each field, unsigned; 0 means the field has one value (or lies outside this layout). */
    final long[] span;
    /** Meaningful only where span != 0, and then at most 2^63. */
    final long[] stride;
    /** log2 of the stride where it is a power of two (so decoding an index is a shift, not a division), else -1. */
    final int[] strideShift;
    /** The box's size minus one, unsigned. */
    final long lastIndex;
    /** Whether a pool of this box is small enough for a {@link SmallOccupancy}: worked out once, read by every state made for it. */
    final boolean small;

    private Layout(long[] first, long[] span, long[] stride, int[] strideShift, long lastIndex) {
        this.first = first;
        this.span = span;
        this.stride = stride;
        this.strideShift = strideShift;
        this.lastIndex = lastIndex;
        this.small = SmallOccupancy.fits(lastIndex);
    }

    /**
     * The layout of fields {@code from..to-1} of {@code ranges}; the other fields count as fixed at
     * their first value. Null when those fields hold more than 2^64 addresses.
     */
    static Layout of(List<FieldRange> ranges, int from, int to) {
        int n = ranges.size();
        long[] first = new long[n];
        long[] span = new long[n];
        long[] stride = new long[n];
        int[] strideShift = new int[n];
        // The product of the extents of the fields after i, as an unsigned long; 2^64 itself is a flag.
        long s = 1;
        boolean twoTo64 = false;
        for (int i = n - 1; i >= 0; i--) {
            FieldRange r = ranges.get(i);
            first[i] = r.first();
            strideShift[i] = -1;
            if (i < from || i >= to || r.last() == r.first()) {
                continue;
            }
            if (twoTo64) {
                return null;
            }
            span[i] = r.last() - r.first();
            stride[i] = s;
            strideShift[i] = Long.bitCount(s) == 1 ? Long.numberOfTrailingZeros(s) : -1;
            if (span[i] == -1L) {
                // An extent of 2^64 fits only behind fields of one value.
                if (s != 1) {
                    return null;
                }
                twoTo64 = true;
                continue;
            }
            long extent = span[i] + 1;
            long high = unsignedMultiplyHigh(s, extent);
            long low = s * extent;
            if (high == 0) {
                s = low;
            } else if (high == 1 && low == 0) {
                twoTo64 = true;
            } else {
                return null;
            }
        }
        return new Layout(first, span, stride, strideShift, twoTo64 ? -1L : s - 1);
    }

    /** This layout with the fields before {@code prefix.length} fixed at {@code prefix}: one chunk of a pool wider than 2^64. */
    Layout withPrefix(long[] prefix) {
        long[] f = first.clone();
        System.arraycopy(prefix, 0, f, 0, prefix.length);
        return new Layout(f, span, stride, strideShift, lastIndex);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrived in Java 18). */
    static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The index of the address of these field values, which the box contains. */
    long indexOf(long[] values) {
        long index = 0;
        for (int i = 0; i < first.length; i++) {
            if (span[i] != 0) {
                index += (values[i] - first[i]) * stride[i];
            }
        }
        return index;
    }

    /** The index of box-relative field values ({@code v[i] - first[i]}). */
    long index(long[] digits) {
        long index = 0;
        for (int i = 0; i < first.length; i++) {
            if (span[i] != 0) {
                index += digits[i] * stride[i];
            }
        }
        return index;
    }

    /** The box-relative field values of {@code index} (0 for a single-valued field). */
    void toDigits(long index, long[] digits) {
        long rest = index;
        for (int i = 0; i < first.length; i++) {
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

    /** The field values of the address at {@code index}. */
    void valuesOf(long index, long[] values) {
        toDigits(index, values);
        for (int i = 0; i < values.length; i++) {
            values[i] += first[i];
        }
    }
}
