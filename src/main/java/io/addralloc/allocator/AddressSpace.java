package io.addralloc.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A kind of address: a name and an ordered list of named fields with their widths, plus the
 * separator printed before each field ({@code 0000:00:1f.7} for PCI, {@code 10.0.0.1} for IPv4 as
 * octets). Addresses order lexicographically by field, each field compared unsigned.
 *
 * <p>Immutable; equal when name, fields and separators are equal. Also the factory of the values
 * that belong to it ({@link #address}, {@link #pool}, {@link #pattern}), which is where bad
 * arguments are rejected with an {@link IllegalArgumentException} naming the field and the value.
 */
public final class AddressSpace {
    private final String name;
    private final List<Field> fields;
    private final List<String> separators;
    /** Made once: callers ask for it on every {@code reserveAny}, and the allocator keeps its search state per pattern. */
    private final AddressPattern anyAddress;

    private AddressSpace(String name, List<Field> fields, List<String> separators) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.separators = List.copyOf(separators);
        FieldPattern[] all = new FieldPattern[this.fields.size()];
        Arrays.fill(all, FieldPattern.any());
        this.anyAddress = pattern(all);
    }

    /** Starts a space; fields are added in significance order, most significant first. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A space whose fields are all printed with {@code ':'} between them. */
    public static AddressSpace of(String name, Field... fields) {
        Builder b = builder(name);
        for (Field f : fields) {
            b.field(f.name(), f.bits());
        }
        return b.build();
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    public int fieldCount() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    /** The separator printed before field {@code index}; empty for the first field. */
    public String separatorBefore(int index) {
        return separators.get(index);
    }

    /** Position of the named field; throws naming the unknown name and the known ones. */
    public int indexOf(String fieldName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(fieldName)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown field '" + fieldName + "' in address space " + name
                + " (fields: " + fieldNames() + ")");
    }

    /** An address of this space; one value per field, each read as unsigned and checked against its width. */
    public Address address(long... values) {
        checkCount(values.length, "values");
        long[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            fields.get(i).check(copy[i]);
        }
        return new Address(this, copy);
    }

    /** A pool without flags. */
    public Pool pool(FieldRange... ranges) {
        return pool(Set.of(), ranges);
    }

    /**
     * A pool: the product of one inclusive range per field, carrying {@code flags}. Throws when a
     * range is inverted or exceeds its field's width, when the count is wrong, or when the pool
     * has more than 2^64 addresses and does not split between two fields into at most 2^64
     * prefixes of at most 2^64 addresses each (split such a pool into several).
     */
    public Pool pool(Collection<String> flags, FieldRange... ranges) {
        if (ranges.length == 0) {
            throw new IllegalArgumentException("empty pool: address space " + name + " needs one range for each of "
                    + fieldNames());
        }
        checkCount(ranges.length, "ranges");
        for (int i = 0; i < ranges.length; i++) {
            checkRange(i, ranges[i].first(), ranges[i].last());
        }
        return new Pool(this, List.of(ranges), flags);
    }

    /** A pattern of one {@link FieldPattern} per field. */
    public AddressPattern pattern(FieldPattern... patterns) {
        checkCount(patterns.length, "field patterns");
        long[] lo = new long[patterns.length];
        long[] hi = new long[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            FieldPattern p = Objects.requireNonNull(patterns[i], "field pattern");
            check(i, p);
            if (p instanceof FieldPattern.Value v) {
                lo[i] = hi[i] = v.value();
            } else if (p instanceof FieldPattern.Range r) {
                lo[i] = r.first();
                hi[i] = r.last();
            } else {
                lo[i] = 0;
                hi[i] = fields.get(i).maxValue();
            }
        }
        return new AddressPattern(this, List.of(patterns), lo, hi);
    }

    private void check(int i, FieldPattern p) {
        if (p instanceof FieldPattern.Value v) {
            fields.get(i).check(v.value());
        } else if (p instanceof FieldPattern.Range r) {
            checkRange(i, r.first(), r.last());
        }
    }

    /** The pattern that accepts every address. */
    public AddressPattern anyAddress() {
        return anyAddress;
    }

    /** Builds a pattern by field name; fields not named accept anything. */
    public PatternBuilder patternBuilder() {
        return new PatternBuilder();
    }

    private void checkRange(int i, long first, long last) {
        Field f = fields.get(i);
        f.check(first);
        f.check(last);
        if (Long.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("field " + f.name() + ": inverted range " + Long.toUnsignedString(first)
                    + ".." + Long.toUnsignedString(last));
        }
    }

    private void checkCount(int count, String what) {
        if (count != fields.size()) {
            throw new IllegalArgumentException("address space " + name + " has " + fields.size() + " fields "
                    + fieldNames() + ", got " + count + " " + what);
        }
    }

    private List<String> fieldNames() {
        return fields.stream().map(Field::name).toList();
    }

    /** Formats unsigned values with this space's separators. */
    String format(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(separators.get(i)).append(Long.toUnsignedString(values[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        // Checked on every allocator call, nearly always against the very same instance.
        if (o == this) {
            return true;
        }
        return o instanceof AddressSpace s && s.name.equals(name) && s.fields.equals(fields)
                && s.separators.equals(separators);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, fields, separators);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(separators.get(i)).append(fields.get(i).name()).append('/').append(fields.get(i).bits());
        }
        return sb.append(')').toString();
    }

    public static final class Builder {
        private final String name;
        private final List<Field> fields = new ArrayList<>();
        private final List<String> separators = new ArrayList<>();

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("address space name must not be blank, got '" + name + "'");
            }
            this.name = name;
        }

        /** Adds a field printed after {@code ':'} (nothing before the first field). */
        public Builder field(String fieldName, int bits) {
            return field(fieldName, bits, ":");
        }

        /** Adds a field printed after {@code separator} (ignored for the first field). */
        public Builder field(String fieldName, int bits, String separator) {
            Field f = new Field(fieldName, bits);
            for (Field other : fields) {
                if (other.name().equals(fieldName)) {
                    throw new IllegalArgumentException("field " + fieldName + " appears twice in address space " + name);
                }
            }
            fields.add(f);
            separators.add(fields.size() == 1 ? "" : Objects.requireNonNull(separator, "separator"));
            return this;
        }

        public AddressSpace build() {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("address space " + name + " has no fields");
            }
            return new AddressSpace(name, fields, separators);
        }
    }

    /** Collects field patterns by name; unnamed fields stay "any". */
    public final class PatternBuilder {
        private final FieldPattern[] patterns = new FieldPattern[fields.size()];

        private PatternBuilder() {
            Arrays.fill(patterns, FieldPattern.any());
        }

        public PatternBuilder field(String fieldName, FieldPattern pattern) {
            int i = indexOf(fieldName);
            check(i, Objects.requireNonNull(pattern, "pattern"));
            patterns[i] = pattern;
            return this;
        }

        public PatternBuilder value(String fieldName, long value) {
            return field(fieldName, FieldPattern.value(value));
        }

        public PatternBuilder range(String fieldName, long first, long last) {
            return field(fieldName, FieldPattern.range(first, last));
        }

        public AddressPattern build() {
            return pattern(patterns);
        }
    }
}
