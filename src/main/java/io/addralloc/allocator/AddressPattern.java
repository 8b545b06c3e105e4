package io.addralloc.allocator;

import java.util.Arrays;
import java.util.List;

/**
 * A request's shape: one {@link FieldPattern} per field of a space. It is itself a box (the
 * product of one inclusive range per field); the allocator intersects it with each pool.
 * Immutable; created and validated by {@link AddressSpace#pattern}.
 */
public final class AddressPattern {
    private final AddressSpace space;
    private final List<FieldPattern> fields;
    private final long[] lo;
    private final long[] hi;

    AddressPattern(AddressSpace space, List<FieldPattern> fields, long[] lo, long[] hi) {
        this.space = space;
        this.fields = fields;
        this.lo = lo;
        this.hi = hi;
    }

    public AddressSpace space() {
        return space;
    }

    public List<FieldPattern> fields() {
        return fields;
    }

    /** Lowest accepted value of field {@code i}, unsigned. */
    long low(int i) {
        return lo[i];
    }

    /** Highest accepted value of field {@code i}, unsigned. */
    long high(int i) {
        return hi[i];
    }

    /** Whether {@code other} accepts exactly the same addresses (it may be null). */
    boolean sameBox(AddressPattern other) {
        return other != null && other.space.equals(space) && Arrays.equals(other.lo, lo) && Arrays.equals(other.hi, hi);
    }

    /** Whether the first {@code n} of {@code values} lie in this pattern's ranges. */
    boolean matchesLeading(long[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (Long.compareUnsigned(values[i], lo[i]) < 0 || Long.compareUnsigned(values[i], hi[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(Address address) {
        if (!address.space().equals(space)) {
            return false;
        }
        for (int i = 0; i < lo.length; i++) {
            long v = address.get(i);
            if (Long.compareUnsigned(v, lo[i]) < 0 || Long.compareUnsigned(v, hi[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPattern p && p.space.equals(space) && p.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            sb.append(space.separatorBefore(i)).append(fields.get(i));
        }
        return sb.toString();
    }
}
