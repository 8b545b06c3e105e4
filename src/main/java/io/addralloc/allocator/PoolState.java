package io.addralloc.allocator;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One pool inside an allocator: the pool's box linearised by its {@link Layout}, its used
 * indices and who holds them.
 *
 * <p>The index of an address grows with the lexicographic order of addresses inside the box, so
 * the lowest free index is the lowest free address. Pools hold at most 2^64 addresses per index
 * range, so indices are unsigned longs and the wrapping arithmetic is exact.
 *
 * <p>The trie and the holder map are made at the first reservation: a template's allocator has
 * a state per pool, and most pools of a small domain (the ports a topology could grow into) never
 * get one.
 *
 * <p>A pool wider than 2^64 has a parent state that holds nothing itself and one chunk state per
 * value of its prefix fields ({@link Pool#prefixFields}), made on first use; chunks report the
 * parent's pool.
 */
final class PoolState<O> {
    final Pool pool;
    private final int fieldCount;
    private final long[] first;
    private final long[] span;
    private final long[] stride;
    private final int[] strideShift;
    private final Layout layout;
    final long lastIndex;
    /** Null until the first reservation. */
    OccupancyTrie used;
    /** Null until the first reservation. */
    HolderMap holders;
    /** For a pool wider than 2^64, its chunks by prefix index (unsigned); else null. */
    private final TreeMap<Long, PoolState<O>> chunks;
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
        this(pool, pool.layout, pool.prefixFields == 0 ? null : new TreeMap<>(Long::compareUnsigned));
    }

    private PoolState(Pool pool, Layout layout, TreeMap<Long, PoolState<O>> chunks) {
        this.pool = pool;
        this.layout = layout;
        this.chunks = chunks;
        fieldCount = layout.first.length;
        first = layout.first;
        span = layout.span;
        stride = layout.stride;
        strideShift = layout.strideShift;
        lastIndex = layout.lastIndex;
    }

    /** Whether this is the parent of a pool wider than 2^64, holding nothing itself. */
    boolean isWide() {
        return chunks != null;
    }

    /** The trie, made on first use. */
    OccupancyTrie trie() {
        OccupancyTrie t = used;
        if (t == null) {
            t = new OccupancyTrie(lastIndex);
            used = t;
            holders = new HolderMap();
        }
        return t;
    }

    /** The held value of {@code index}, or -1. */
    long held(long index) {
        return holders == null ? -1 : holders.get(index);
    }

    /** Number of reserved addresses. */
    long usedCount() {
        if (chunks == null) {
            return holders == null ? 0 : holders.size();
        }
        long n = 0;
        for (PoolState<O> c : chunks.values()) {
            n += c.usedCount();
        }
        return n;
    }

    /**
     * The state holding {@code address}, which the pool contains: this one, or for a wide pool the
     * chunk of its prefix, made when {@code create} (else null when there is none yet).
     */
    PoolState<O> leaf(Address address, boolean create) {
        if (chunks == null) {
            return this;
        }
        long key = pool.prefix.indexOf(address);
        PoolState<O> c = chunks.get(key);
        if (c == null && create) {
            long[] prefix = new long[pool.prefixFields];
            for (int i = 0; i < prefix.length; i++) {
                prefix[i] = address.get(i);
            }
            c = chunk(key, prefix);
        }
        return c;
    }

    private PoolState<O> chunk(long key, long[] prefix) {
        PoolState<O> c = new PoolState<>(pool, layout.withPrefix(prefix), null);
        chunks.put(key, c);
        return c;
    }

    /** This state, or for a wide pool each of its chunks, in prefix order. */
    void forEachLeaf(Consumer<PoolState<O>> action) {
        if (chunks == null) {
            action.accept(this);
        } else {
            chunks.values().forEach(action);
        }
    }

    /** Whether the address (of this pool's space) lies in this state's box. */
    boolean contains(Address address) {
        if (chunks != null) {
            return pool.containsValues(address);
        }
        for (int i = 0; i < fieldCount; i++) {
            if (Long.compareUnsigned(address.get(i) - first[i], span[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The index of an address this state's box contains. */
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

    /**
     * The used values of the innermost field from {@code from} to {@code to} (this state's box
     * holds them, with the other fields of {@code address}), as bits from bit 0.
     */
    long usedBits(Address address, long from, long to) {
        if (used == null) {
            return 0;
        }
        int last = fieldCount - 1;
        long base = indexOf(address) - (span[last] == 0 ? 0 : address.get(last) - first[last]);
        return used.bits(base + (from - first[last]), (int) (to - from) + 1);
    }

    /**
     * Finds the lowest free index whose address matches {@code pattern}: returns whether there
     * is one and, if so, leaves it in {@link #found()}. Not for a wide pool's parent (see
     * {@link #firstFreeLeaf}).
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
        // The common request, the same contiguous pattern again, is one trie query, ahead of the
        // general search; the search itself is a call of its own, so this stays small enough to
        // be inlined into the caller.
        if (pattern == cutPattern && cutContiguous) {
            long f;
            if (used == null) {
                f = cutFrom;
            } else if (used.nextFree(cutFrom)) {
                f = used.found();
            } else {
                return false;
            }
            if (Long.compareUnsigned(f, cutEnd) > 0) {
                return false;
            }
            cutFrom = f;
            found = f;
            return true;
        }
        if (pattern != cutPattern) {
            if (pattern.sameBox(cutPattern)) {
                // An equal pattern made anew (reserveAny, a caller building its request each time) keeps the resume point.
                cutPattern = pattern;
            } else {
                cut(pattern);
            }
        }
        if (cutEmpty || !firstInBox(cutLo, cutHi, cutEnd, cutContiguous, cutFrom, false, null)) {
            return false;
        }
        cutFrom = found;
        return true;
    }

    /**
     * The state holding the lowest free address matching {@code pattern}, with its index in
     * {@link #found()}; null when there is none. For a wide pool, the chunks are tried in prefix
     * order: a chunk with no match is one that holds reservations, and the first prefix without
     * a chunk is entirely free, so the loop runs at most once per chunk inside the pattern, plus
     * once (that chunk is made here).
     */
    PoolState<O> firstFreeLeaf(AddressPattern pattern) {
        if (chunks == null) {
            return firstFree(pattern) ? this : null;
        }
        int k = pool.prefixFields;
        long[] lo = new long[k];
        long[] hi = new long[k];
        if (!cutFields(pattern, 0, fieldCount, lo, hi)) {
            return null;
        }
        long[] t = lo.clone();
        do {
            long key = pool.prefix.index(relative(t));
            PoolState<O> c = chunks.get(key);
            if (c == null) {
                c = chunk(key, t.clone());
            }
            if (c.firstFree(pattern)) {
                return c;
            }
        } while (increment(t, lo, hi, k));
        return null;
    }

    /** {@code values} made relative to the pool's first values, over the leading fields. */
    private long[] relative(long[] values) {
        long[] digits = new long[fieldCount];
        for (int i = 0; i < values.length; i++) {
            digits[i] = values[i] - pool.range(i).first();
        }
        return digits;
    }

    /**
     * Cuts the pattern's fields {@code from..to-1} to the pool's ranges, in absolute values, into
     * {@code lo}/{@code hi} for the fields below {@code lo.length}; false when some field's cut is
     * empty.
     */
    private boolean cutFields(AddressPattern pattern, int from, int to, long[] lo, long[] hi) {
        for (int i = from; i < to; i++) {
            FieldRange r = pool.range(i);
            long a = pattern.low(i);
            long b = pattern.high(i);
            long f = Long.compareUnsigned(a, r.first()) > 0 ? a : r.first();
            long l = Long.compareUnsigned(b, r.last()) < 0 ? b : r.last();
            if (Long.compareUnsigned(f, l) > 0) {
                return false;
            }
            if (i < lo.length) {
                lo[i] = f;
                hi[i] = l;
            }
        }
        return true;
    }

    /** Steps {@code t} to the next tuple of the box {@code lo..hi} over its first {@code n} fields; false after the last. */
    private static boolean increment(long[] t, long[] lo, long[] hi, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (t[i] != hi[i]) {
                t[i]++;
                return true;
            }
            t[i] = lo[i];
        }
        return false;
    }

    /**
     * The lowest address {@code p ++ pattern's inner lows}, over prefixes {@code p} of the first
     * {@code prefixCount} fields matching the pattern, such that the box {@code p} times the
     * pattern's inner fields lies in this pool and holds no reservation; null when there is none.
     * Values go into {@code out}.
     */
    boolean firstEmpty(AddressPattern pattern, int prefixCount, long[] out, long[][] scratch) {
        if (chunks == null) {
            return firstEmptyInBox(pattern, prefixCount, out, scratch);
        }
        int k = pool.prefixFields;
        if (prefixCount >= k) {
            long[] lo = new long[k];
            long[] hi = new long[k];
            if (!cutFields(pattern, 0, fieldCount, lo, hi) || !innerFits(pattern, prefixCount)) {
                return false;
            }
            long[] t = lo.clone();
            do {
                PoolState<O> c = chunks.get(pool.prefix.index(relative(t)));
                if (c == null) {
                    c = new PoolState<>(pool, layout.withPrefix(t.clone()), null);
                }
                if (c.firstEmptyInBox(pattern, prefixCount, out, scratch)) {
                    return true;
                }
            } while (increment(t, lo, hi, k));
            return false;
        }
        return firstEmptyAcrossChunks(pattern, prefixCount, out);
    }

    private boolean innerFits(AddressPattern pattern, int prefixCount) {
        for (int i = prefixCount; i < fieldCount; i++) {
            FieldRange r = pool.range(i);
            if (!r.contains(pattern.low(i)) || !r.contains(pattern.high(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #firstEmpty} when the inner box spans chunks of a wide pool: a prefix is blocked when
     * some chunk under it has a reservation inside the pattern; the answer is the lowest prefix in
     * the pattern that no chunk blocks. Costs O(c log c) for {@code c} chunks.
     */
    private boolean firstEmptyAcrossChunks(AddressPattern pattern, int prefixCount, long[] out) {
        long[] lo = new long[prefixCount];
        long[] hi = new long[prefixCount];
        if (!cutFields(pattern, 0, fieldCount, lo, hi) || !innerFits(pattern, prefixCount)) {
            return false;
        }
        TreeSet<long[]> blocked = new TreeSet<>(Arrays::compareUnsigned);
        long[] values = new long[fieldCount];
        for (PoolState<O> c : chunks.values()) {
            if (c.used == null || !pattern.matchesLeading(c.first, pool.prefixFields)) {
                continue;
            }
            long[] cLo = new long[fieldCount];
            long[] cHi = new long[fieldCount];
            if (c.cutRelative(pattern, cLo, cHi) && c.firstUsedInBox(cLo, cHi, c.layout.index(cLo), null)) {
                c.valuesOf(c.found, values);
                blocked.add(Arrays.copyOf(values, prefixCount));
            }
        }
        long[] t = lo.clone();
        do {
            if (!blocked.contains(t)) {
                System.arraycopy(t, 0, out, 0, prefixCount);
                for (int i = prefixCount; i < fieldCount; i++) {
                    out[i] = pattern.low(i);
                }
                return true;
            }
        } while (increment(t, lo, hi, prefixCount));
        return false;
    }

    /**
     * {@link #firstEmpty} in this state's own box (a pool of at most 2^64, or one chunk);
     * {@code scratch} holds four arrays of one value per field, for the box and the search.
     */
    private boolean firstEmptyInBox(AddressPattern pattern, int prefixCount, long[] out, long[][] scratch) {
        long[] lo = scratch[0];
        long[] hi = scratch[1];
        long[] candidate = scratch[2];
        long[] digits = scratch[3];
        // One pass: the cut, whether the pool holds the inner box, and the shape of the cut.
        boolean innerWhole = true;
        int varying = -1;
        boolean contiguous = true;
        for (int i = 0; i < fieldCount; i++) {
            long a = pattern.low(i);
            long b = pattern.high(i);
            long pFirst = first[i];
            long pLast = pFirst + span[i];
            boolean inside = Long.compareUnsigned(a, pFirst) >= 0 && Long.compareUnsigned(b, pLast) <= 0;
            if (i < prefixCount ? Long.compareUnsigned(a, pLast) > 0 || Long.compareUnsigned(b, pFirst) < 0 : !inside) {
                return false;
            }
            long l = (Long.compareUnsigned(a, pFirst) > 0 ? a : pFirst) - pFirst;
            long h = (Long.compareUnsigned(b, pLast) < 0 ? b : pLast) - pFirst;
            lo[i] = l;
            hi[i] = h;
            boolean whole = l == 0 && h == span[i];
            innerWhole &= i < prefixCount || whole;
            if (varying >= 0) {
                contiguous &= whole;
            } else if (l != h) {
                varying = i;
            }
        }
        if (used == null) {
            layout.valuesOf(layout.index(lo), out);
            return true;
        }
        if (innerWhole && contiguous) {
            return firstEmptyRun(layout.index(lo), layout.index(hi), prefixCount, out);
        }
        System.arraycopy(lo, 0, candidate, 0, fieldCount);
        while (true) {
            long from = layout.index(candidate);
            if (!firstUsedInBox(lo, hi, from, digits)) {
                break;
            }
            layout.toDigits(found, digits);
            if (Arrays.compareUnsigned(digits, 0, prefixCount, candidate, 0, prefixCount) != 0) {
                break;
            }
            if (!increment(candidate, lo, hi, prefixCount)) {
                return false;
            }
        }
        for (int i = 0; i < fieldCount; i++) {
            out[i] = first[i] + candidate[i];
        }
        return true;
    }

    /**
     * {@link #firstEmpty} over a box that is one index run {@code start..end} (unsigned) whose
     * inner fields are whole, as a PCI bus with all eight functions asked for is: each prefix's
     * box is then the next run of {@code size} indices, so a trie query answers for a prefix
     * and a blocked prefix is skipped by adding the run's length. One query per blocked prefix,
     * plus one.
     */
    private boolean firstEmptyRun(long start, long end, int prefixCount, long[] out) {
        long last = 0;
        for (int i = prefixCount; i < fieldCount; i++) {
            last += span[i] * stride[i];
        }
        long from = start;
        while (used.nextUsed(from) && Long.compareUnsigned(used.found(), end) <= 0
                && Long.compareUnsigned(used.found() - from, last) <= 0) {
            if (from + last == end) {
                return false;
            }
            from += last + 1;
        }
        layout.valuesOf(from, out);
        return true;
    }

    /** Cuts the pattern to this state's box, relative to its first values; false when the cut is empty. */
    private boolean cutRelative(AddressPattern pattern, long[] lo, long[] hi) {
        for (int i = 0; i < fieldCount; i++) {
            long a = pattern.low(i);
            long b = pattern.high(i);
            long pFirst = first[i];
            long pLast = first[i] + span[i];
            long f = Long.compareUnsigned(a, pFirst) > 0 ? a : pFirst;
            long t = Long.compareUnsigned(b, pLast) < 0 ? b : pLast;
            if (Long.compareUnsigned(f, t) > 0) {
                return false;
            }
            lo[i] = f - pFirst;
            hi[i] = t - pFirst;
        }
        return true;
    }

    /**
     * Finds the lowest used index at or after {@code from} (an index of the box) inside the box
     * {@code lo..hi} (relative values), leaving it in {@link #found()}.
     */
    private boolean firstUsedInBox(long[] lo, long[] hi, long from, long[] digits) {
        return used != null && firstInBox(lo, hi, layout.index(hi), isContiguous(lo, hi), from, true, digits);
    }

    /**
     * Finds the lowest used ({@code wantUsed}) or free index at or after {@code from}, an index
     * of the box {@code lo..hi} (relative values) that ends at index {@code end}, inside the box;
     * leaves it in {@link #found()}. While the trie's answer lies outside the box, jumps to the
     * box's next address after it and asks again. Every jump leaves behind a maximal run of
     * indices of the other kind, so the loop runs at most once per such run in the box's span,
     * plus once; a contiguous box takes one trie query.
     */
    private boolean firstInBox(long[] lo, long[] hi, long end, boolean contiguous, long from, boolean wantUsed,
            long[] scratchDigits) {
        OccupancyTrie trie = used;
        if (trie == null) {
            // Nothing is used: the first free index is the first candidate.
            if (wantUsed || Long.compareUnsigned(from, end) > 0) {
                return false;
            }
            found = from;
            return true;
        }
        long candidate = from;
        long[] digits = scratchDigits;
        while (true) {
            if (!(wantUsed ? trie.nextUsed(candidate) : trie.nextFree(candidate))) {
                return false;
            }
            long f = trie.found();
            if (Long.compareUnsigned(f, end) > 0) {
                return false;
            }
            // The candidate is always a box address, and so is anything up to the end of a contiguous box.
            if (f == candidate || contiguous) {
                found = f;
                return true;
            }
            if (digits == null) {
                digits = new long[fieldCount];
            }
            layout.toDigits(f, digits);
            if (!advanceIntoBox(digits, lo, hi, fieldCount)) {
                return false;
            }
            long next = layout.index(digits);
            if (next == f) {
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
        cutEmpty = !cutRelative(pattern, lo, hi);
        cutLo = lo;
        cutHi = hi;
        cutContiguous = false;
        if (!cutEmpty) {
            cutStart = layout.index(lo);
            cutEnd = layout.index(hi);
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

    /**
     * Moves {@code digits} to the lowest tuple of the box {@code lo..hi} that is not below it
     * lexicographically; false when there is none.
     */
    private static boolean advanceIntoBox(long[] digits, long[] lo, long[] hi, int n) {
        for (int i = 0; i < n; i++) {
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

    /**
     * Throws {@link IllegalStateException} unless the trie, the holder map and the resume point
     * agree; returns the number of reservations. For tests.
     */
    long checkInvariants() {
        if (chunks != null) {
            long n = 0;
            for (Map.Entry<Long, PoolState<O>> e : chunks.entrySet()) {
                PoolState<O> c = e.getValue();
                if (pool.prefix.index(relative(Arrays.copyOf(c.first, pool.prefixFields))) != e.getKey()) {
                    throw new IllegalStateException("chunk " + Arrays.toString(c.first) + " filed under " + e.getKey());
                }
                n += c.checkInvariants();
            }
            return n;
        }
        if (used == null) {
            if (holders != null) {
                throw new IllegalStateException(pool + ": a holder map without a trie");
            }
            return 0;
        }
        long inTrie = used.checkInvariants();
        long[] heldCount = {0};
        holders.forEach((index, held) -> {
            if (Long.compareUnsigned(index, lastIndex) > 0 || !used.contains(index)) {
                throw new IllegalStateException(pool + ": index " + Long.toUnsignedString(index) + " held but not used");
            }
            heldCount[0]++;
        });
        if (heldCount[0] != holders.size() || inTrie != holders.size()) {
            throw new IllegalStateException(pool + ": " + inTrie + " used in the trie, " + heldCount[0] + " held, size "
                    + holders.size());
        }
        if (cutPattern != null && !cutEmpty && Long.compareUnsigned(lastIndex, 4096) < 0) {
            long[] digits = new long[fieldCount];
            for (long i = cutStart; Long.compareUnsigned(i, cutFrom) < 0; i++) {
                layout.toDigits(i, digits);
                boolean inBox = true;
                for (int f = 0; f < fieldCount; f++) {
                    inBox &= Long.compareUnsigned(digits[f] - cutLo[f], cutHi[f] - cutLo[f]) <= 0;
                }
                if (inBox && !used.contains(i)) {
                    throw new IllegalStateException(pool + ": index " + i + " below the resume point " + cutFrom + " is free");
                }
            }
        }
        return heldCount[0];
    }
}
