package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mixed-radix index of a pool: decoding (shifts for power-of-two strides, divisions
 * otherwise) inverts encoding and keeps address order, for random pools of three 64-bit fields
 * up to 2^64 addresses, single-valued fields and indices near 2^64 included. Failures name the
 * seed.
 */
class PoolStateTest {
    private static final AddressSpace WIDE = AddressSpace.of("wide", new Field("a", 64), new Field("b", 64), new Field("c", 64));

    @Test
    void indexAndAddressRoundTripInAddressOrder() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int budget = 64;
            FieldRange[] ranges = new FieldRange[3];
            BigInteger size = BigInteger.ONE;
            for (int i = 0; i < 3; i++) {
                int bits = i == 2 ? budget : rnd.nextInt(budget + 1);
                budget -= bits;
                BigInteger extent = extent(rnd, bits);
                size = size.multiply(extent);
                long span = extent.subtract(BigInteger.ONE).longValue();
                long first = Long.compareUnsigned(span, -1L) == 0 ? 0 : rnd.nextLong() & ~span >>> 1;
                if (Long.compareUnsigned(first + span, first) < 0) {
                    first = 0;
                }
                ranges[i] = FieldRange.of(first, first + span);
            }
            String where = "seed " + seed + ", pool " + java.util.Arrays.toString(ranges) + ": ";
            assertTrue(size.compareTo(Pool.TWO_TO_64) <= 0, where + "size " + size);
            PoolState<String> ps = new PoolState<>(WIDE.pool(ranges));
            long last = size.subtract(BigInteger.ONE).longValue();
            long previous = 0;
            Address previousAddress = null;
            for (int k = 0; k < 200; k++) {
                long count = last + 1;
                long index = switch (k) {
                    case 0 -> 0;
                    case 1 -> last;
                    default -> count == 0 ? rnd.nextLong() : Long.remainderUnsigned(rnd.nextLong(), count);
                };
                if (k % 3 == 0 && Long.compareUnsigned(last, 1000) > 0) {
                    // Near the top, where the index is at or beyond 2^63 in the largest pools.
                    index = last - rnd.nextInt(1000);
                }
                Address a = ps.addressOf(index);
                assertTrue(ps.contains(a), where + "contains " + a);
                assertEquals(index, ps.indexOf(a), where + "index of " + a);
                if (previousAddress != null) {
                    assertEquals(Integer.signum(Long.compareUnsigned(previous, index)), Integer.signum(previousAddress.compareTo(a)),
                            where + "order of " + previousAddress + " and " + a);
                }
                previous = index;
                previousAddress = a;
            }
        }
    }

    /** An extent of at most 2^bits: sometimes exactly a power of two, sometimes 1, else anything in range. */
    private static BigInteger extent(Random rnd, int bits) {
        BigInteger max = BigInteger.ONE.shiftLeft(bits);
        return switch (rnd.nextInt(3)) {
            case 0 -> max;
            case 1 -> BigInteger.ONE;
            default -> bits == 0 ? BigInteger.ONE : new BigInteger(bits, rnd).max(BigInteger.ONE);
        };
    }
}
