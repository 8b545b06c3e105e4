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
 * get one. A pool of at most {@link SmallOccupancy#MAX_INDICES} indices gets a
 * {@link SmallOccupancy} instead, a bitmap and an array of held values.
 *
 * <p>A pool wider than 2^64 has a parent state that holds nothing itself and one chunk state per
 * value of its prefix fields ({@link Pool#prefixFields}), made on first use; chunks report the
 * parent's pool.
 */
final class PoolState<O> {
    final Pool pool;
    private final int fieldCount;
    private final Layout layout;
    /** Null until the reservation that {@link #sparse} has no room for, and always for a small pool. */
    OccupancyTrie used;
    /** Null as long as {@link #used} is. */
    HolderMap holders;
    /** For a small pool, null until its first reservation; else always null. */
    SmallOccupancy small;
    /**
     * For a pool that is not small, its first reservations with their owners, from the first
     * until one more than {@link SparseOccupancy#MAX}; then null, and the trie and holders keep them.
     */
    SparseOccupancy sparse;
    /** Whether this state keeps its reservations in {@link #small}. */
    private final boolean isSmall;
    /** For a pool wider than 2^64, its chunks by prefix index (unsigned); else null. */
    private final TreeMap<Long, PoolState<O>> chunks;
    private long found;
    /** The answer of the last successful {@link #next}. */
    private long probe;
    private long located;
    /** The last pattern's cut and resume point, made at this pool's first {@link #firstFree} (most pools never get one). */
    private Cut cut;

    /** {@link PoolState#firstFree}'s state for the last pattern, apart from the pool's state so that a pool never searched does not carry it. */
    private static final class Cut {
        AddressPattern pattern;
        boolean empty;
        long[] lo;
        long[] hi;
        long start;
        long end;
        /** Whether the cut is a non-empty single index interval. */
        boolean contiguous;
        /**
         * Where the next search for {@link #pattern} starts: a sub-box address such that every
         * sub-box address below it is used. Successive requests for the same pattern (filling a bus)
         * resume there instead of re-crossing what they already filled; a release below it resets it.
         */
        long from;
    }

    PoolState(Pool pool) {
        this(pool, pool.layout, pool.prefixFields == 0 ? null : new TreeMap<>(Long::compareUnsigned));
    }

    private PoolState(Pool pool, Layout layout, TreeMap<Long, PoolState<O>> chunks) {
        this.pool = pool;
        this.layout = layout;
        this.chunks = chunks;
        fieldCount = layout.first.length;
        isSmall = chunks == null && layout.small;
    }

    /** Whether this is the parent of a pool wider than 2^64, holding nothing itself. */
    boolean isWide() {
        return chunks != null;
    }

    /** Whether anything was ever reserved here: the trie, the small pool's bitmap or the sparse array exists. */
    boolean touched() {
        return used != null || small != null || sparse != null;
    }

    /**
     * Whether this state keeps its reservations with their owners in place (a small pool's bitmap,
     * or a larger pool's first reservations) rather than in the trie and holders.
     */
    boolean ownersInPlace() {
        return isSmall || used == null;
    }

    /** Whether this is a small pool, kept in a {@link SmallOccupancy}. */
    boolean isSmall() {
        return isSmall;
    }

    /** Reserves {@code index} of a small pool for {@code owner} unless it is taken; false, changing nothing, when it is. */
    boolean holdSmall(long index, Object owner) {
        SmallOccupancy s = small;
        if (s == null) {
            s = new SmallOccupancy(layout.lastIndex);
            small = s;
        } else if (s.contains(index)) {
            return false;
        }
        s.putNew(index, owner);
        return true;
    }

    /** Whether {@link #holdOwner} can take one more reservation here; else the reservations move to the trie first. */
    boolean roomInPlace() {
        return isSmall || sparse == null || !sparse.isFull();
    }

    /** The sparse array of reservations, which the caller moves to the trie and holders; this state then has neither until the first {@link #hold}. */
    SparseOccupancy leaveInPlace() {
        SparseOccupancy s = sparse;
        sparse = null;
        return s;
    }

    /** Records {@code held} for {@code index}, which must be free, and marks it used; makes the trie at the first reservation. Not for a small pool. */
    void hold(long index, long held) {
        OccupancyTrie t = used;
        if (t == null) {
            t = new OccupancyTrie(layout.lastIndex);
            used = t;
            holders = new HolderMap();
        }
        holders.putNew(index, held);
        t.add(index);
    }

    /** Records {@code owner} for {@code index}, which must be free, and marks it used, in place (see {@link #roomInPlace}); makes the bitmap or array at the first reservation. */
    void holdOwner(long index, Object owner) {
        if (isSmall) {
            if (!holdSmall(index, owner)) {
                throw new IllegalStateException("index " + index + " is already held");
            }
            return;
        }
        SparseOccupancy s = sparse;
        if (s == null) {
            s = new SparseOccupancy(layout.lastIndex);
            sparse = s;
        }
        s.putNew(index, owner);
    }

    /** Frees {@code index} of a pool that is not small, keeping the search's resume point valid; returns its held value, or -1 (changing nothing) when it was free. */
    long take(long index) {
        if (holders == null) {
            return -1;
        }
        long held = holders.remove(index);
        if (held >= 0) {
            used.remove(index);
            freed(index);
        }
        return held;
    }

    /** Frees {@code index} of a state keeping owners in place, keeping the search's resume point valid; returns its owner, or null (changing nothing) when it was free. */
    Object takeOwner(long index) {
        Object owner;
        if (small != null) {
            owner = small.remove(index);
        } else if (sparse != null) {
            owner = sparse.remove(index);
        } else {
            return null;
        }
        if (owner != null) {
            freed(index);
        }
        return owner;
    }

    /** A search resumes below a freed index. */
    private void freed(long index) {
        Cut c = cut;
        if (c != null && Long.compareUnsigned(index, c.from) < 0) {
            c.from = c.start;
        }
    }

    /**
     * Frees every index: a small pool keeps its (emptied) arrays for the reservations to come, a
     * larger one drops its trie and holder map, a wide one its chunks; the search's resume point
     * goes back to the start of its cut.
     */
    void clear() {
        if (small != null) {
            small.clear();
        }
        sparse = null;
        used = null;
        holders = null;
        if (chunks != null) {
            chunks.clear();
        }
        if (cut != null) {
            cut.from = cut.start;
        }
    }

    /** Whether {@code index} is reserved. */
    boolean isHeld(long index) {
        if (small != null) {
            return small.contains(index);
        }
        return sparse != null ? sparse.contains(index) : holders != null && holders.get(index) >= 0;
    }

    /** The held value of {@code index} of a pool that is not small, or -1. */
    long held(long index) {
        return holders == null ? -1 : holders.get(index);
    }

    /** The owner of {@code index} of a state keeping owners in place, or null. */
    Object ownerAt(long index) {
        return small != null ? small.get(index) : sparse != null ? sparse.get(index) : null;
    }

    /** Calls {@code visitor} for every reservation of a state keeping owners in place, in index order. */
    void forEachInPlace(SmallOccupancy.Visitor visitor) {
        if (small != null) {
            small.forEach(visitor);
        } else if (sparse != null) {
            sparse.forEach(visitor);
        }
    }

    /** Changes the list position recorded for {@code index}, which must be held; not for a small pool. */
    void setPosition(long index, int position) {
        holders.setPosition(index, position);
    }

    /** Calls {@code visitor} for every held index of this state (not of a wide pool's chunks) of a pool that is not small. */
    void forEachHeld(HolderMap.Visitor visitor) {
        if (holders != null) {
            holders.forEach(visitor);
        }
    }

    /**
     * The lowest used ({@code wantUsed}) or free index at or after {@code from} into
     * {@link #probe}; false when there is none. A free answer may lie beyond the last index (callers
     * compare). The state must be touched.
     */
    private boolean next(boolean wantUsed, long from) {
        boolean hit;
        if (small != null) {
            hit = wantUsed ? small.nextUsed(from) : small.nextFree(from);
            probe = small.found();
        } else if (sparse != null) {
            hit = wantUsed ? sparse.nextUsed(from) : sparse.nextFree(from);
            probe = sparse.found();
        } else {
            hit = wantUsed ? used.nextUsed(from) : used.nextFree(from);
            probe = used.found();
        }
        return hit;
    }

    /** Number of reserved addresses. */
    long usedCount() {
        if (chunks == null) {
            return small != null ? small.size() : sparse != null ? sparse.size() : holders == null ? 0 : holders.size();
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
    PoolState<O> leaf(long[] values, boolean create) {
        if (chunks == null) {
            return this;
        }
        long key = pool.prefix.indexOf(values);
        PoolState<O> c = chunks.get(key);
        if (c == null && create) {
            c = chunk(key, Arrays.copyOf(values, pool.prefixFields));
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

    /** Whether the address of these field values (one per field of this pool's space) lies in this state's box. */
    boolean contains(long[] values) {
        if (chunks != null) {
            return pool.containsValues(values);
        }
        long[] first = layout.first;
        long[] span = layout.span;
        for (int i = 0; i < fieldCount; i++) {
            if (Long.compareUnsigned(values[i] - first[i], span[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    boolean contains(Address address) {
        return contains(address.raw());
    }

    /**
     * Whether this state's box contains the address of these field values; if so, and this is
     * not a wide pool's parent, its index is left in {@link #located()}. One pass where
     * {@link #contains(long[])} and {@link #indexOf(long[])} take two.
     */
    boolean locate(long[] values) {
        if (chunks != null) {
            return pool.containsValues(values);
        }
        long[] first = layout.first;
        long[] span = layout.span;
        long[] stride = layout.stride;
        long index = 0;
        for (int i = 0; i < fieldCount; i++) {
            long digit = values[i] - first[i];
            if (Long.compareUnsigned(digit, span[i]) > 0) {
                return false;
            }
            index += digit * stride[i];
        }
        located = index;
        return true;
    }

    /** The index the last successful {@link #locate} found. */
    long located() {
        return located;
    }

    /** The index of the address of these field values, which this state's box contains. */
    long indexOf(long[] values) {
        return layout.indexOf(values);
    }

    long indexOf(Address address) {
        return layout.indexOf(address.raw());
    }

    Address addressOf(long index) {
        long[] values = new long[fieldCount];
        valuesOf(index, values);
        return new Address(pool.space(), values);
    }

    /** Puts the field values of the address at {@code index} into {@code values}. */
    void valuesOf(long index, long[] values) {
        layout.valuesOf(index, values);
    }

    /** Compares the addresses at {@code index} here and at {@code otherIndex} in {@code other}, using two scratch arrays. */
    int compareAddresses(long index, PoolState<O> other, long otherIndex, long[] scratch, long[] otherScratch) {
        valuesOf(index, scratch);
        other.valuesOf(otherIndex, otherScratch);
        return Arrays.compareUnsigned(scratch, otherScratch);
    }

    /**
     * The used values of the innermost field from {@code v} to {@code end} (at most 64 values)
     * next to the address of {@code values}, bit {@code i} for {@code v + i}, as far as this
     * state's box holds them; 0 when it holds none. Not for a wide pool's parent (ask its chunk).
     * One pass over the fields, with no address made.
     */
    long usedWindow(long[] values, long v, long end) {
        long[] first = layout.first;
        long[] span = layout.span;
        long[] stride = layout.stride;
        int last = fieldCount - 1;
        long low = first[last];
        long high = low + span[last];
        long from = Long.compareUnsigned(v, low) > 0 ? v : low;
        long to = Long.compareUnsigned(end, high) < 0 ? end : high;
        if (Long.compareUnsigned(from, to) > 0 || !touched()) {
            return 0;
        }
        long base = 0;
        for (int i = 0; i < last; i++) {
            long digit = values[i] - first[i];
            if (Long.compareUnsigned(digit, span[i]) > 0) {
                return 0;
            }
            base += digit * stride[i];
        }
        // The innermost field's stride is 1 (or its span 0, and then from is its one value).
        long at = base + (from - low);
        int count = (int) (to - from) + 1;
        long bits = small != null ? small.bits(at, count) : sparse != null ? sparse.bits(at, count) : used.bits(at, count);
        return bits << (from - v);
    }

    /**
     * Finds the lowest free index whose address matches {@code pattern}: returns whether there
     * is one and, if so, leaves it in {@link #found()}. Not for a wide pool's parent (see
     * {@link #firstFreeLeaf}).
     *
     * <p>The pattern cut to this pool is a sub-box. The search starts at its lowest address not
     * known to be used ({@link Cut#from});
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
        Cut c = cut;
        if (c != null && pattern == c.pattern && c.contiguous) {
            long f;
            if (!touched()) {
                f = c.from;
            } else if (next(false, c.from)) {
                f = probe;
            } else {
                return false;
            }
            if (Long.compareUnsigned(f, c.end) > 0) {
                return false;
            }
            c.from = f;
            found = f;
            return true;
        }
        if (c == null || pattern != c.pattern) {
            if (c != null && pattern.sameBox(c.pattern)) {
                // An equal pattern made anew (reserveAny, a caller building its request each time) keeps the resume point.
                c.pattern = pattern;
            } else {
                c = cut(pattern);
            }
        }
        if (c.empty || !firstInBox(c.lo, c.hi, c.end, c.contiguous, c.from, false, null)) {
            return false;
        }
        c.from = found;
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
            if (!c.touched() || !pattern.matchesLeading(c.layout.first, pool.prefixFields)) {
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
     * {@link #firstEmpty} in this state's own box (a pool of at most 2^64, or one chunk), from the
     * pattern's cut ({@link EmptyCut}); the search uses {@code scratch[2]} and {@code scratch[3]},
     * arrays of one value per field.
     */
    private boolean firstEmptyInBox(AddressPattern pattern, int prefixCount, long[] out, long[][] scratch) {
        EmptyCut cut = emptyCut(pattern, prefixCount);
        if (!cut.fits) {
            return false;
        }
        if (!touched()) {
            System.arraycopy(cut.lowest, 0, out, 0, fieldCount);
            return true;
        }
        if (cut.run) {
            return firstEmptyRun(cut.start, cut.end, cut.runLength, out);
        }
        long[] lo = cut.lo;
        long[] hi = cut.hi;
        long[] candidate = scratch[2];
        long[] digits = scratch[3];
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
            out[i] = layout.first[i] + candidate[i];
        }
        return true;
    }

    /**
     * {@link #firstEmpty} for a small pool, in one call where the general path takes five when the
     * pool already keeps the pattern's cut (a PCI bus asked for its first empty slot again and
     * again): without the JIT's inlining (C1) each call costs more than the search in the bitmap.
     */
    boolean firstEmptySmall(AddressPattern pattern, int prefixCount, long[] out, long[][] scratch) {
        EmptyCut cut = pool.emptyCut;
        if (cut == null || layout != pool.layout || !cut.isFor(pattern, prefixCount) || !cut.run || cut.runLength >= 64) {
            return firstEmptyInBox(pattern, prefixCount, out, scratch);
        }
        if (small == null) {
            System.arraycopy(cut.lowest, 0, out, 0, fieldCount);
            return true;
        }
        return firstEmptyRun(cut.start, cut.end, cut.runLength, out);
    }

    /**
     * {@link #firstEmpty} over a box that is one index run {@code start..end} (unsigned) whose
     * inner fields are whole, as a PCI bus with all eight functions asked for is: each prefix's
     * box is then the next run of {@code size} indices, so a trie query answers for a prefix
     * and a blocked prefix is skipped by adding the run's length. One query per blocked prefix,
     * plus one.
     */
    private boolean firstEmptyRun(long start, long end, long last, long[] out) {
        SmallOccupancy s = small;
        if (s != null && last < 64) {
            // One loop over the bitmap's words, where the trie's path takes a query per used run.
            long free = s.firstFreeRun(start, end, (int) last + 1);
            if (free < 0) {
                return false;
            }
            layout.valuesOf(free, out);
            return true;
        }
        long from = start;
        while (next(true, from) && Long.compareUnsigned(probe, end) <= 0 && Long.compareUnsigned(probe - from, last) <= 0) {
            if (from + last == end) {
                return false;
            }
            from += last + 1;
        }
        layout.valuesOf(from, out);
        return true;
    }

    /**
     * The cut of {@code pattern} for {@link #firstEmpty}: the one the pool keeps when it is for
     * this pattern, else made (and kept, unless this is a chunk of a wide pool, whose box is its own).
     */
    private EmptyCut emptyCut(AddressPattern pattern, int prefixCount) {
        if (layout != pool.layout) {
            return EmptyCut.of(layout, pattern, prefixCount);
        }
        EmptyCut cut = pool.emptyCut;
        if (cut == null || !cut.isFor(pattern, prefixCount)) {
            cut = EmptyCut.of(layout, pattern, prefixCount);
            pool.emptyCut = cut;
        }
        return cut;
    }

    /** Cuts the pattern to this state's box, relative to its first values; false when the cut is empty. */
    private boolean cutRelative(AddressPattern pattern, long[] lo, long[] hi) {
        for (int i = 0; i < fieldCount; i++) {
            long a = pattern.low(i);
            long b = pattern.high(i);
            long pFirst = layout.first[i];
            long pLast = layout.first[i] + layout.span[i];
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
        return touched() && firstInBox(lo, hi, layout.index(hi), isContiguous(lo, hi), from, true, digits);
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
        if (!touched()) {
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
            if (!next(wantUsed, candidate)) {
                return false;
            }
            long f = probe;
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

    /**
     * Cuts {@code pattern} to this pool, in pool-relative field values. Patterns are immutable and
     * callers tend to repeat one, so the last cut is kept.
     */
    private Cut cut(AddressPattern pattern) {
        Cut c = cut;
        if (c == null) {
            cut = c = new Cut();
        }
        long[] lo = new long[fieldCount];
        long[] hi = new long[fieldCount];
        c.empty = !cutRelative(pattern, lo, hi);
        c.lo = lo;
        c.hi = hi;
        c.contiguous = false;
        if (!c.empty) {
            c.start = layout.index(lo);
            c.end = layout.index(hi);
            c.contiguous = isContiguous(lo, hi);
            c.from = c.start;
        }
        c.pattern = pattern;
        return c;
    }

    /** True when the box is one index interval: fixed fields, then one ranged field, then full fields. */
    private boolean isContiguous(long[] lo, long[] hi) {
        int i = 0;
        while (i < fieldCount && lo[i] == hi[i]) {
            i++;
        }
        for (int j = i + 1; j < fieldCount; j++) {
            if (lo[j] != 0 || hi[j] != layout.span[j]) {
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
                if (pool.prefix.index(relative(Arrays.copyOf(c.layout.first, pool.prefixFields))) != e.getKey()) {
                    throw new IllegalStateException("chunk " + Arrays.toString(c.layout.first) + " filed under " + e.getKey());
                }
                n += c.checkInvariants();
            }
            return n;
        }
        if ((holders != null) != (used != null) || (isSmall ? used != null || sparse != null : small != null)
                || (sparse != null && used != null)) {
            throw new IllegalStateException(pool + ": the trie, holder map, small and sparse states disagree with the pool's size");
        }
        if (!touched()) {
            return 0;
        }
        long count;
        if (small != null) {
            count = small.checkInvariants(layout.lastIndex);
        } else if (sparse != null) {
            count = sparse.checkInvariants();
        } else {
            long inTrie = used.checkInvariants();
            long[] heldCount = {0};
            holders.forEach((index, held) -> {
                if (Long.compareUnsigned(index, layout.lastIndex) > 0 || !used.contains(index)) {
                    throw new IllegalStateException(pool + ": index " + Long.toUnsignedString(index) + " held but not used");
                }
                heldCount[0]++;
            });
            if (heldCount[0] != holders.size() || inTrie != holders.size()) {
                throw new IllegalStateException(pool + ": " + inTrie + " used in the trie, " + heldCount[0] + " held, size "
                        + holders.size());
            }
            count = heldCount[0];
        }
        Cut c = cut;
        if (c != null && !c.empty && Long.compareUnsigned(layout.lastIndex, 4096) < 0) {
            long[] digits = new long[fieldCount];
            for (long i = c.start; Long.compareUnsigned(i, c.from) < 0; i++) {
                layout.toDigits(i, digits);
                boolean inBox = true;
                for (int f = 0; f < fieldCount; f++) {
                    inBox &= Long.compareUnsigned(digits[f] - c.lo[f], c.hi[f] - c.lo[f]) <= 0;
                }
                if (inBox && !isHeld(i)) {
                    throw new IllegalStateException(pool + ": index " + i + " below the resume point " + c.from + " is free");
                }
            }
        }
        return count;
    }
}
