package io.addralloc.allocator;

import java.util.List;

/**
 * How close an address came to a pool that does not contain it: which fields are out of the
 * pool's range, and how many leading fields are in range. Immutable.
 */
public record PoolMiss(Pool pool, int leadingFieldsInRange, List<FieldMiss> outOfRange) {

    public PoolMiss {
        outOfRange = List.copyOf(outOfRange);
    }

    /** One field whose value lies outside the pool's range for it. */
    public record FieldMiss(Field field, long value, FieldRange range) {
        @Override
        public String toString() {
            return field.name() + " " + Long.toUnsignedString(value) + " not in " + range;
        }
    }

    static PoolMiss of(Pool pool, Address address) {
        List<FieldMiss> misses = new java.util.ArrayList<>();
        int leading = -1;
        for (int i = 0; i < address.size(); i++) {
            FieldRange r = pool.range(i);
            if (!r.contains(address.get(i))) {
                misses.add(new FieldMiss(address.space().field(i), address.get(i), r));
                if (leading < 0) {
                    leading = i;
                }
            }
        }
        return new PoolMiss(pool, leading < 0 ? address.size() : leading, misses);
    }

    @Override
    public String toString() {
        return pool + " (" + String.join(", ", outOfRange.stream().map(FieldMiss::toString).toList()) + ")";
    }
}
