package io.addralloc.allocator;

import java.math.BigInteger;
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
 * {@code hotplug}) that a request can require. Immutable; equal when space, ranges and flags are
 * equal. Holds at most 2^64 addresses. Created and validated by {@link AddressSpace#pool}.
 */
public final class Pool {
    static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private final AddressSpace space;
    private final List<FieldRange> ranges;
    private final SortedSet<String> flags;
    private final BigInteger size;

    Pool(AddressSpace space, List<FieldRange> ranges, Collection<String> flags) {
        this.space = space;
        this.ranges = List.copyOf(ranges);
        TreeSet<String> sorted = new TreeSet<>();
        for (String flag : flags) {
            if (flag == null || flag.isBlank()) {
                throw new IllegalArgumentException("pool " + ranges + ": flag must not be blank, got '" + flag + "'");
            }
            sorted.add(flag);
        }
        this.flags = Collections.unmodifiableSortedSet(sorted);
        BigInteger n = BigInteger.ONE;
        for (FieldRange r : ranges) {
            n = n.multiply(extent(r));
        }
        if (n.compareTo(TWO_TO_64) > 0) {
            throw new IllegalArgumentException("pool " + rangesString() + " holds " + n
                    + " addresses, more than 2^64; split it into several pools");
        }
        this.size = n;
    }

    static BigInteger extent(FieldRange r) {
        return new BigInteger(Long.toUnsignedString(r.last() - r.first())).add(BigInteger.ONE);
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
        return flags.containsAll(required);
    }

    /** Number of addresses, at most 2^64. */
    public BigInteger size() {
        return size;
    }

    public boolean contains(Address address) {
        if (!address.space().equals(space)) {
            return false;
        }
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i).contains(address.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether some address lies in both pools. */
    public boolean overlaps(Pool other) {
        if (!other.space.equals(space)) {
            return false;
        }
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i).intersects(other.ranges.get(i))) {
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
