package io.addralloc.libvirt.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The writer's hexadecimal numbers against {@code String.format}, which they replace: every width
 * the writer uses, on seeded random ints and longs, their edges and negative values.
 */
class AddressFormatTest {
    @Test
    void hexIsWhatStringFormatGives() {
        Random rnd = new Random(18);
        long[] edges = {0, 1, 0xf, 0x10, 0xff, 0x100, 0xffff, 0x10000, 0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (int width : new int[] {0, 2, 4, 8}) {
            String pattern = width == 0 ? "0x%x" : "0x%0" + width + "x";
            for (int i = 0; i < 2_000 + edges.length; i++) {
                long l = i < edges.length ? edges[i] : rnd.nextLong() >>> rnd.nextInt(64);
                int n = (int) l;
                assertEquals(String.format(Locale.ROOT, pattern, l), AddressFormat.hex(l, width), "long " + l);
                assertEquals(String.format(Locale.ROOT, pattern, n), AddressFormat.hex(n, width), "int " + n);
            }
        }
    }
}
