package io.addralloc.libvirt.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.allocator.ReserveResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of exact and next-in-range reservations, releases and owner lookups on
 * a {@link DhcpHostSet}, for IPv4 subnets and IPv6 subnets of every kind of prefix (below 64, so
 * a pool wider than 2^64, at 64 and above), each checked against a brute-force model: a plain map
 * from addresses to owners, the next free address found by counting up from the range's start.
 * The addresses tried cluster where the core splits a wide pool (the halves' boundary) and at the
 * subnet's ends. A failure names the seed and the step.
 */
class DhcpHostSetPropertyTest {
    private static final int[] V4_PREFIXES = {8, 16, 24, 29, 30, 32};
    private static final int[] V6_PREFIXES = {0, 1, 32, 48, 62, 63, 64, 65, 96, 120, 127, 128};

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 400; seed++) {
            run(seed, 150);
        }
    }

    private static void run(long seed, int steps) {
        Random rnd = new Random(seed);
        boolean v6 = rnd.nextBoolean();
        int prefix = v6 ? V6_PREFIXES[rnd.nextInt(V6_PREFIXES.length)] : V4_PREFIXES[rnd.nextInt(V4_PREFIXES.length)];
        int bits = v6 ? 128 : 32;
        IpAddress any = new IpAddress(new BigInteger(bits, rnd), v6);
        IpAddress first = any.network(prefix);
        IpAddress last = any.last(prefix);
        List<BigInteger> tried = candidates(first.value(), last.value(), v6);
        DhcpHostSet<String> set = new DhcpHostSet<>(first, last);
        Map<BigInteger, String> owners = new HashMap<>();
        for (int step = 0; step < steps; step++) {
            String where = "seed " + seed + " (" + first + "/" + prefix + "), step " + step + ": ";
            BigInteger v = tried.get(rnd.nextInt(tried.size()));
            IpAddress ip = new IpAddress(v, v6);
            String owner = "h" + rnd.nextInt(4);
            switch (rnd.nextInt(6)) {
                case 0, 1 -> {
                    ReserveResult<String> r = set.reserve(ip, owner);
                    boolean inside = v.compareTo(first.value()) >= 0 && v.compareTo(last.value()) <= 0;
                    if (!inside) {
                        assertTrue(r instanceof ReserveResult.OutsidePools, where + r);
                    } else if (owners.containsKey(v)) {
                        assertEquals(owners.get(v), ((ReserveResult.Conflict<String>) r).currentOwner(), where);
                    } else {
                        assertTrue(r instanceof ReserveResult.Reserved, where + r);
                        owners.put(v, owner);
                    }
                }
                case 2 -> {
                    BigInteger a = clamp(tried.get(rnd.nextInt(tried.size())), first, last);
                    BigInteger b = clamp(tried.get(rnd.nextInt(tried.size())), first, last);
                    BigInteger from = a.min(b);
                    BigInteger to = rnd.nextInt(8) == 0 ? from : a.max(b);
                    BigInteger x = from;
                    while (owners.containsKey(x) && x.compareTo(to) <= 0) {
                        x = x.add(BigInteger.ONE);
                    }
                    Optional<IpAddress> expected = x.compareTo(to) <= 0 ? Optional.of(new IpAddress(x, v6))
                            : Optional.empty();
                    assertEquals(expected, set.reserveNext(new IpAddress(from, v6), new IpAddress(to, v6), owner),
                            where + from + " - " + to);
                    expected.ifPresent(e -> owners.put(e.value(), owner));
                }
                case 3 -> assertEquals(Optional.ofNullable(owners.remove(v)), set.release(ip), where);
                default -> assertEquals(Optional.ofNullable(owners.get(v)), set.ownerOf(ip), where);
            }
        }
    }

    /** Addresses near the subnet's ends, near each boundary of the 64-bit halves inside it, and just outside. */
    private static List<BigInteger> candidates(BigInteger first, BigInteger last, boolean v6) {
        List<BigInteger> c = new ArrayList<>();
        BigInteger top = BigInteger.ONE.shiftLeft(v6 ? 128 : 32);
        for (int k = -1; k <= 3; k++) {
            c.add(first.add(BigInteger.valueOf(k)));
            c.add(last.subtract(BigInteger.valueOf(k)));
        }
        if (v6) {
            BigInteger boundary = first.shiftRight(64).add(BigInteger.ONE).shiftLeft(64);
            for (int n = 0; n < 2 && boundary.compareTo(last) <= 0; n++) {
                for (int k = -2; k <= 2; k++) {
                    c.add(boundary.add(BigInteger.valueOf(k)));
                }
                boundary = boundary.add(BigInteger.ONE.shiftLeft(64));
            }
        }
        c.removeIf(x -> x.signum() < 0 || x.compareTo(top) >= 0);
        return c;
    }

    private static BigInteger clamp(BigInteger v, IpAddress first, IpAddress last) {
        return v.max(first.value()).min(last.value());
    }
}
