package io.addralloc.allocator;

/**
 * What a request accepts for one field: one value, an inclusive range, or anything (libvirt's
 * AllocatorValue, AllocatorRange and "any"). Like {@link FieldRange}, bounds are checked when the
 * pattern is bound to a field in {@link AddressSpace#pattern}.
 */
public sealed interface FieldPattern {

    static FieldPattern value(long value) {
        return new Value(value);
    }

    static FieldPattern range(long first, long last) {
        return new Range(first, last);
    }

    static FieldPattern any() {
        return Any.INSTANCE;
    }

    record Value(long value) implements FieldPattern {
        @Override
        public String toString() {
            return Long.toUnsignedString(value);
        }
    }

    record Range(long first, long last) implements FieldPattern {
        @Override
        public String toString() {
            return "{" + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last) + "}";
        }
    }

    enum Any implements FieldPattern {
        INSTANCE;

        @Override
        public String toString() {
            return "*";
        }
    }
}
