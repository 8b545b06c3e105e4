package io.addralloc.allocator;

/**
 * An inclusive range {@code first..last} of one field's values, both read as unsigned longs.
 * The bounds are checked against a field (width, order) only when the range is bound to one, in
 * {@link AddressSpace#pool}, so that the error message can name the field.
 */
public record FieldRange(long first, long last) {

    public static FieldRange of(long first, long last) {
        return new FieldRange(first, last);
    }

    public static FieldRange single(long value) {
        return new FieldRange(value, value);
    }

    public boolean contains(long value) {
        return Long.compareUnsigned(first, value) <= 0 && Long.compareUnsigned(value, last) <= 0;
    }

    /** Prints as {@code {first..last}} in unsigned decimal, the form pools print in. */
    @Override
    public String toString() {
        return "{" + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last) + "}";
    }
}
