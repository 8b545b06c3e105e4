package io.addralloc.libvirt.parse;

/**
 * Reads numbers the way libvirt reads address attributes: C {@code strtoul} rules (leading
 * blanks and {@code +} allowed, nothing after the digits, no minus sign), unsigned 32 bits.
 */
public final class Numbers {
    /** Largest value libvirt stores in an unsigned int field. */
    public static final long UINT_MAX = 0xFFFF_FFFFL;

    private Numbers() {}

    /**
     * Parses {@code text} in {@code base} 10 or 16, or 0 for C's choice by prefix ({@code 0x}
     * hexadecimal, a leading {@code 0} octal, else decimal). Base 16 accepts an optional
     * {@code 0x}, as strtoul does.
     *
     * @return the value, or -1 when libvirt would reject the text
     */
    public static long parseUnsigned(String text, int base) {
        return parseUnsigned(text, base, UINT_MAX);
    }

    /** As {@link #parseUnsigned(String, int)} for the 64-bit fields (dimm base, spapr-vio reg), up to {@code max}. */
    public static long parseUnsigned(String text, int base, long max) {
        if (text == null) {
            return -1;
        }
        int i = 0;
        int n = text.length();
        while (i < n && isCSpace(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '+') {
            i++;
        }
        int radix = base;
        if ((base == 0 || base == 16) && i + 1 < n && text.charAt(i) == '0'
                && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (base == 0) {
            radix = (i < n && text.charAt(i) == '0') ? 8 : 10;
        }
        if (i >= n) {
            return -1;
        }
        long value = 0;
        for (; i < n; i++) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0 || text.charAt(i) > 0x7f) {
                return -1;
            }
            if (value > (max - d) / radix) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
