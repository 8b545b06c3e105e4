package io.addralloc.allocator;

/**
 * One field of an address: its name and its width in bits (1 to 64). Values are non-negative
 * integers below {@code 2^bits}; a 64-bit field's values are unsigned longs, so {@code -1L}
 * stands for {@code 2^64 - 1}.
 */
public record Field(String name, int bits) {

    public Field {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank, got '" + name + "'");
        }
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("field " + name + ": width " + bits + " bits is outside 1..64");
        }
    }

    /** The largest value, as an unsigned long. */
    public long maxValue() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Whether {@code value}, read as unsigned, fits the width. */
    public boolean accepts(long value) {
        return Long.compareUnsigned(value, maxValue()) <= 0;
    }

    /** Throws an {@link IllegalArgumentException} naming this field and the value unless it fits. */
    long check(long value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException("field " + name + ": value " + Long.toUnsignedString(value)
                    + " exceeds its " + bits + "-bit width (max " + Long.toUnsignedString(maxValue()) + ")");
        }
        return value;
    }
}
