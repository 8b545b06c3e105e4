package io.addralloc.libvirt.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of exact and next-unit reservations, releases and owner lookups on a
 * {@link DriveAddressSet}, over several disk buses and controllers (some at the top of the 32-bit
 * range), each checked against a brute-force model: a plain map from (disk bus, controller, bus,
 * target, unit) tuples to owners, searched by scanning units. A failure names the seed and step.
 */
class DriveAddressSetPropertyTest {
    private static final List<String> BUSES = List.of("ide", "sata", "scsi");
    private static final long[] CONTROLLERS = {0, 1, 2, 0xFFFF_FFFFL};

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            run(seed, 200);
        }
    }

    @Test
    void aFieldBeyond32BitsIsRefused() {
        DriveAddressSet<String> set = new DriveAddressSet<>();
        assertThrows(IllegalArgumentException.class, () -> set.reserve("scsi", new Addr.Drive(0, 0, 0, 1L << 32), "x"));
    }

    private static void run(long seed, int steps) {
        Random rnd = new Random(seed);
        DriveAddressSet<String> set = new DriveAddressSet<>();
        Map<List<Object>, String> owners = new HashMap<>();
        for (int step = 0; step < steps; step++) {
            String where = "seed " + seed + ", step " + step + ": ";
            String bus = BUSES.get(rnd.nextInt(BUSES.size()));
            long controller = CONTROLLERS[rnd.nextInt(CONTROLLERS.length)];
            Addr.Drive a = new Addr.Drive(controller, rnd.nextInt(2), rnd.nextInt(3) == 0 ? 1 : 0,
                    rnd.nextInt(10) == 0 ? 0xFFFF_FFFFL : rnd.nextInt(8));
            List<Object> key = List.of(bus, a);
            String owner = "o" + rnd.nextInt(4);
            switch (rnd.nextInt(5)) {
                case 0, 1 -> {
                    ReserveResult<String> r = set.reserve(bus, a, owner);
                    String before = owners.get(key);
                    if (before != null) {
                        assertEquals(before, ((ReserveResult.Conflict<String>) r).currentOwner(), where);
                    } else {
                        assertTrue(r instanceof ReserveResult.Reserved, where + r);
                        owners.put(key, owner);
                    }
                }
                case 2 -> {
                    long units = rnd.nextInt(9);
                    Optional<Addr.Drive> got = set.reserveNext(bus, controller, units, owner);
                    Optional<Addr.Drive> expected = Optional.empty();
                    for (long u = 0; u < units; u++) {
                        Addr.Drive candidate = new Addr.Drive(controller, 0, 0, u);
                        if (!owners.containsKey(List.of(bus, candidate))) {
                            expected = Optional.of(candidate);
                            break;
                        }
                    }
                    assertEquals(expected, got, where);
                    expected.ifPresent(e -> owners.put(List.of(bus, e), owner));
                }
                case 3 -> assertEquals(Optional.ofNullable(owners.remove(key)), set.release(bus, a), where);
                default -> assertEquals(Optional.ofNullable(owners.get(key)), set.ownerOf(bus, a), where);
            }
        }
    }
}
