package io.addralloc.allocator;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A box of addresses: the product of one inclusive {@link FieldRange} per field, printed as
 * {@code {0..0}:{0..31}.{0..7}}, plus a set of flags (free-form strings such as {@code pcie} or
 * {@code hotplug}) that a request can require. Immutable and safe to share between threads;
 * equal when space, ranges and flags are equal. Created and validated by {@link AddressSpace#pool}.
 *
 * <p>A pool of at most 2^64 addresses is linearised as one index range. A larger one (an IPv6 /32
 * as two 64-bit fields) is split at a field boundary into a prefix (the leading fields) and an
 * inner box (the others), each of at most 2^64; the allocator keeps one chunk per prefix value
 * that holds reservations. A box that splits no such way (more than 2^128 addresses, or fields
 * too wide to split between) is rejected.
 */
public final class Pool {
    static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final SortedSet<String> NO_FLAGS = Collections.unmodifiableSortedSet(new TreeSet<>());

    private final AddressSpace space;
    private final List<FieldRange> ranges;
    private final SortedSet<String> flags;
    /** The flags again, for {@link #hasFlags}: a scan of one or two strings beats a tree lookup. */
    private final String[] flagArray;
    /** The ranges' first and last values, for {@link #overlaps} and the containment checks. */
    private final long[] lows;
    private final long[] highs;
    /** How many leading fields form the prefix: 0 for a pool of at most 2^64 addresses. */
    final int prefixFields;
    /** The whole box when {@link #prefixFields} is 0, else the inner box (the prefix fields fixed at their first values). */
    final Layout layout;
    /** The prefix fields' box, null when {@link #prefixFields} is 0. */
    final Layout prefix;
    /**
     * The last pattern's cut for {@code firstEmpty} in this pool's box, kept for every allocator
     * holding the pool (a PCI bus asked for its first empty slot in each file). A cache, written
     * racily: an {@link EmptyCut} is immutable with final fields, so a thread that reads one sees it
     * whole, and a thread that misses one another wrote makes an equal one.
     */
    EmptyCut emptyCut;

    Pool(AddressSpace space, List<FieldRange> ranges, Collection<String> flags) {
        this.space = space;
        this.ranges = List.copyOf(ranges);
        this.flags = sortedFlags(ranges, flags);
        this.flagArray = this.flags.toArray(new String[0]);
        int n = this.ranges.size();
        lows = new long[n];
        highs = new long[n];
        for (int i = 0; i < n; i++) {
            lows[i] = this.ranges.get(i).first();
            highs[i] = this.ranges.get(i).last();
        }
        Layout whole = Layout.of(this.ranges, 0, n);
        if (whole != null) {
            prefixFields = 0;
            layout = whole;
            prefix = null;
            return;
        }
        int split = 1;
        Layout inner = Layout.of(this.ranges, split, n);
        while (inner == null) {
            inner = Layout.of(this.ranges, ++split, n);
        }
        Layout outer = Layout.of(this.ranges, 0, split);
        if (outer == null) {
            throw new IllegalArgumentException("pool " + rangesString() + " holds " + size(this.ranges)
                    + " addresses and does not split between two fields into at most 2^64 prefixes of at most 2^64"
                    + " addresses each; split it into several pools");
        }
        prefixFields = split;
        layout = inner;
        prefix = outer;
    }

    private static SortedSet<String> sortedFlags(List<FieldRange> ranges, Collection<String> flags) {
        if (flags.isEmpty()) {
            return NO_FLAGS;
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String flag : flags) {
            if (flag == null || flag.isBlank()) {
                throw new IllegalArgumentException("pool " + ranges + ": flag must not be blank, got '" + flag + "'");
            }
            sorted.add(flag);
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    private static BigInteger size(List<FieldRange> ranges) {
        BigInteger n = BigInteger.ONE;
        for (FieldRange r : ranges) {
            n = n.multiply(new BigInteger(Long.toUnsignedString(r.last() - r.first())).add(BigInteger.ONE));
        }
        return n;
    }

    public AddressSpace space() {
        return space;
    }

    public List<FieldRange> ranges() {
        return ranges;
    }

    public FieldRange range(int field) {
        return ranges.get(field);
    }

    /** Sorted, unmodifiable. */
    public Set<String> flags() {
        return flags;
    }

    /** Whether this pool carries every flag in {@code required}. */
    public boolean hasFlags(Collection<String> required) {
        for (String r : required) {
            boolean carried = false;
            for (String f : flagArray) {
                if (f.equals(r)) {
                    carried = true;
                    break;
                }
            }
            if (!carried) {
                return false;
            }
        }
        return true;
    }

    /** Number of addresses, up to 2^128; computed on each call, for counts rather than placement. */
    public BigInteger size() {
        BigInteger inner = unsignedPlusOne(layout.lastIndex);
        return prefix == null ? inner : inner.multiply(unsignedPlusOne(prefix.lastIndex));
    }

    private static BigInteger unsignedPlusOne(long value) {
        return new BigInteger(Long.toUnsignedString(value)).add(BigInteger.ONE);
    }

    public boolean contains(Address address) {
        return address.space().equals(space) && containsValues(address.raw());
    }

    /** Whether the address of these field values (one per field of this pool's space) lies in the box. */
    boolean containsValues(long[] values) {
        return containsLeading(values, lows.length);
    }

    /** Whether the first {@code n} of these field values lie in their ranges. */
    boolean containsLeading(long[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (Long.compareUnsigned(values[i] - lows[i], highs[i] - lows[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The ranges' first values: the pool's lowest address. Not to be modified. */
    long[] lows() {
        return lows;
    }

    /** The ranges' last values: the pool's highest address. Not to be modified. */
    long[] highs() {
        return highs;
    }

    /** The highest of the pools' highest addresses (unsigned, lexicographic), or null for none. */
    static long[] highest(Pool[] pools, int count) {
        long[] highest = null;
        for (int i = 0; i < count; i++) {
            long[] h = pools[i].highs;
            if (highest == null || compareValues(h, highest) > 0) {
                highest = h;
            }
        }
        return highest;
    }

    /**
     * Compares two addresses' values of one space, unsigned and lexicographic. A loop, where
     * {@link Arrays#compareUnsigned(long[], long[])} goes through a mismatch search that costs more
     * for four fields before the JIT's last tier.
     */
    static int compareValues(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }

    /** Whether some address lies in both pools. */
    public boolean overlaps(Pool other) {
        if (!other.space.equals(space)) {
            return false;
        }
        // Unsigned: the ranges meet when each starts at or before the other's end.
        for (int i = 0; i < lows.length; i++) {
            if (Long.compareUnsigned(lows[i], other.highs[i]) > 0 || Long.compareUnsigned(other.lows[i], highs[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    private String rangesString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranges.size(); i++) {
            sb.append(space.separatorBefore(i)).append(ranges.get(i));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pool p && p.space.equals(space) && p.ranges.equals(ranges) && p.flags.equals(flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ranges, flags);
    }

    /** {@code {0..0}:{0..31}.{0..7}}, followed by the flags as {@code [hotplug, pcie]} when there are any. */
    @Override
    public String toString() {
        return flags.isEmpty() ? rangesString() : rangesString() + " " + flags;
    }
}
