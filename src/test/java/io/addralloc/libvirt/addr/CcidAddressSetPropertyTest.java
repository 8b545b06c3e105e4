package io.addralloc.libvirt.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of exact and next-slot reservations, releases and owner lookups on a
 * {@link CcidAddressSet}, each checked against a brute-force model: a plain map from
 * (controller, slot) tuples to owners, "next" being one above the highest slot of the controller
 * in the map. Slots cluster at 0 and at the top of the 32-bit range, where "one above" leaves it.
 * A failure names the seed and the step.
 */
class CcidAddressSetPropertyTest {
    private static final long[] SLOTS = {0, 1, 2, 3, 7, 0xFFFF_FFFEL, 0xFFFF_FFFFL};

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            CcidAddressSet<String> set = new CcidAddressSet<>();
            Map<Addr.Ccid, String> owners = new HashMap<>();
            for (int step = 0; step < 120; step++) {
                String where = "seed " + seed + ", step " + step + ": ";
                long controller = rnd.nextInt(3);
                Addr.Ccid a = new Addr.Ccid(controller, SLOTS[rnd.nextInt(SLOTS.length)]);
                String owner = "c" + rnd.nextInt(4);
                switch (rnd.nextInt(5)) {
                    case 0 -> {
                        ReserveResult<String> r = set.reserve(a, owner);
                        if (owners.containsKey(a)) {
                            assertEquals(owners.get(a), ((ReserveResult.Conflict<String>) r).currentOwner(), where);
                        } else {
                            assertTrue(r instanceof ReserveResult.Reserved, where + r);
                            owners.put(a, owner);
                        }
                    }
                    case 1 -> {
                        long highest = -1;
                        for (Addr.Ccid held : owners.keySet()) {
                            if (held.controller() == controller) {
                                highest = Math.max(highest, held.slot());
                            }
                        }
                        Addr.Ccid expected = new Addr.Ccid(controller, highest + 1);
                        assertEquals(Optional.of(expected), set.reserveNext(controller, owner), where);
                        owners.put(expected, owner);
                    }
                    case 2 -> assertEquals(Optional.ofNullable(owners.remove(a)), set.release(a), where);
                    default -> assertEquals(Optional.ofNullable(owners.get(a)), set.ownerOf(a), where);
                }
            }
        }
    }
}
