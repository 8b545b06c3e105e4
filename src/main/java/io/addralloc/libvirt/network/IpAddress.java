package io.addralloc.libvirt.network;

import java.math.BigInteger;
import java.util.Locale;

/**
 * An IPv4 or IPv6 address as a number, parsed from a literal only (never by a name lookup, so
 * checking a file can never touch the network).
 *
 * @param value the address as an unsigned number
 * @param v6 whether it is IPv6 (128 bits) rather than IPv4 (32 bits)
 */
public record IpAddress(BigInteger value, boolean v6) implements Comparable<IpAddress> {

    public int bits() {
        return v6 ? 128 : 32;
    }

    /** Parses a literal, or returns null when it is not one. */
    public static IpAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.indexOf(':') >= 0) {
            return parseV6(t);
        }
        long v = parseV4(t);
        return v < 0 ? null : new IpAddress(BigInteger.valueOf(v), false);
    }

    private static long parseV4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    private static IpAddress parseV6(String t) {
        int dbl = t.indexOf("::");
        if (dbl >= 0 && t.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? t.substring(0, dbl) : t;
        String tail = dbl >= 0 ? t.substring(dbl + 2) : "";
        int[] h = groups(head);
        int[] tl = groups(tail);
        if (h == null || tl == null) {
            return null;
        }
        int total = h.length + tl.length;
        if ((dbl < 0 && total != 8) || (dbl >= 0 && total > 7)) {
            return null;
        }
        BigInteger v = BigInteger.ZERO;
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(tl, 0, all, 8 - tl.length, tl.length);
        for (int g : all) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return new IpAddress(v, true);
    }

    /** 16-bit groups of one side of "::" (a trailing dotted IPv4 counts as two). */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean v4Tail = parts[n - 1].contains(".");
        int[] out = new int[v4Tail ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (i == n - 1 && v4Tail) {
                long v4 = parseV4(p);
                if (v4 < 0) {
                    return null;
                }
                out[i] = (int) (v4 >>> 16);
                out[i + 1] = (int) (v4 & 0xFFFF);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int g = 0;
            for (char c : p.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) {
                    return null;
                }
                g = g * 16 + d;
            }
            out[i] = g;
        }
        return out;
    }

    /** The network address of this address under a prefix length. */
    public IpAddress network(int prefix) {
        BigInteger mask = mask(prefix);
        return new IpAddress(value.and(mask), v6);
    }

    /** The last address of this address's network under a prefix length. */
    public IpAddress last(int prefix) {
        BigInteger hostBits = BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE);
        return new IpAddress(value.and(mask(prefix)).or(hostBits), v6);
    }

    private BigInteger mask(int prefix) {
        BigInteger all = BigInteger.ONE.shiftLeft(bits()).subtract(BigInteger.ONE);
        BigInteger host = BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE);
        return all.xor(host);
    }

    /** The prefix length of a contiguous IPv4 netmask, or -1 when it has holes. */
    public static int prefixOfNetmask(IpAddress netmask) {
        if (netmask == null || netmask.v6) {
            return -1;
        }
        long m = netmask.value.longValue();
        int prefix = Long.bitCount(m);
        long expected = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        return m == expected ? prefix : -1;
    }

    @Override
    public int compareTo(IpAddress o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        if (!v6) {
            long v = value.longValue();
            return String.format(Locale.ROOT, "%d.%d.%d.%d", v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
        }
        int[] g = new int[8];
        BigInteger v = value;
        for (int i = 7; i >= 0; i--) {
            g[i] = v.and(BigInteger.valueOf(0xFFFF)).intValue();
            v = v.shiftRight(16);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
