package io.addralloc.allocator;

import java.util.Arrays;

/**
 * A fixed-length tuple of non-negative integers in an {@link AddressSpace}; values are unsigned
 * longs. Immutable. Orders lexicographically by field, each compared unsigned (addresses of
 * different spaces order by space name first, only so that the order is total). Created by
 * {@link AddressSpace#address}.
 */
public final class Address implements Comparable<Address> {
    private final AddressSpace space;
    private final long[] values;

    Address(AddressSpace space, long[] values) {
        this.space = space;
        this.values = values;
    }

    public AddressSpace space() {
        return space;
    }

    public int size() {
        return values.length;
    }

    /** The value of field {@code index}, unsigned. */
    public long get(int index) {
        return values[index];
    }

    public long get(String fieldName) {
        return values[space.indexOf(fieldName)];
    }

    public long[] values() {
        return values.clone();
    }

    /** The values array itself, for the allocator's reads; never modified. */
    long[] raw() {
        return values;
    }

    @Override
    public int compareTo(Address o) {
        if (!space.equals(o.space)) {
            return space.name().compareTo(o.space.name());
        }
        for (int i = 0; i < values.length; i++) {
            int c = Long.compareUnsigned(values[i], o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && Arrays.equals(a.values, values) && a.space.equals(space);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** The values in unsigned decimal with the space's separators, e.g. {@code 0:0:31.7}. */
    @Override
    public String toString() {
        return space.format(values);
    }
}
