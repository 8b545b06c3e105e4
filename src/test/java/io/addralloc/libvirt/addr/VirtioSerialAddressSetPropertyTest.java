package io.addralloc.libvirt.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of controllers added, exact and next-port reservations, releases and
 * owner lookups on a {@link VirtioSerialAddressSet}, each checked against a brute-force model: a
 * plain map from (controller, port) tuples to owners, searched by scanning every port. A failure
 * names the seed and the step.
 */
class VirtioSerialAddressSetPropertyTest {

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            run(seed, 200);
        }
    }

    private static void run(long seed, int steps) {
        Random rnd = new Random(seed);
        VirtioSerialAddressSet<String> set = new VirtioSerialAddressSet<>();
        TreeMap<Long, Long> controllers = new TreeMap<>();
        Map<List<Long>, String> owners = new HashMap<>();
        boolean used = false;
        for (int step = 0; step < steps; step++) {
            String where = "seed " + seed + ", step " + step + ": ";
            long controller = rnd.nextInt(6);
            long port = rnd.nextInt(9) - (rnd.nextInt(20) == 0 ? 2 : 0);
            Addr.VirtioSerial a = new Addr.VirtioSerial(controller, rnd.nextInt(2), port);
            String owner = "o" + rnd.nextInt(5);
            switch (rnd.nextInt(7)) {
                case 0 -> {
                    long count = rnd.nextInt(8);
                    if (used && controllers.containsKey(controller)) {
                        continue;
                    }
                    set.addController(controller, count);
                    controllers.put(controller, count);
                }
                case 1, 2 -> {
                    ReserveResult<String> r = set.reserve(a, owner);
                    used = true;
                    boolean exists = controllers.containsKey(controller) && port >= 0
                            && port < controllers.get(controller);
                    String before = owners.get(List.of(controller, port));
                    if (!exists) {
                        assertTrue(r instanceof ReserveResult.OutsidePools, where + r);
                    } else if (before != null) {
                        assertEquals(before, ((ReserveResult.Conflict<String>) r).currentOwner(), where);
                    } else {
                        assertTrue(r instanceof ReserveResult.Reserved, where + r);
                        owners.put(List.of(controller, port), owner);
                    }
                }
                case 3 -> {
                    Optional<Addr.VirtioSerial> got = set.reserveNext(controller, owner);
                    used |= controllers.containsKey(controller);
                    long expected = nextFree(controllers, owners, controller);
                    assertEquals(expected < 0 ? Optional.empty() : Optional.of(new Addr.VirtioSerial(controller, 0,
                            expected)), got, where);
                    if (expected >= 0) {
                        owners.put(List.of(controller, expected), owner);
                    }
                }
                case 4 -> {
                    Optional<Addr.VirtioSerial> got = set.reserveNext(owner);
                    used |= !controllers.isEmpty();
                    Optional<Addr.VirtioSerial> expected = Optional.empty();
                    for (long c : controllers.keySet()) {
                        long p = nextFree(controllers, owners, c);
                        if (p >= 0) {
                            expected = Optional.of(new Addr.VirtioSerial(c, 0, p));
                            break;
                        }
                    }
                    assertEquals(expected, got, where);
                    expected.ifPresent(e -> owners.put(List.of(e.controller(), e.port()), owner));
                }
                case 5 -> assertEquals(Optional.ofNullable(owners.remove(List.of(controller, port))), set.release(a),
                        where);
                default -> assertEquals(Optional.ofNullable(owners.get(List.of(controller, port))), set.ownerOf(a),
                        where);
            }
            for (var e : controllers.entrySet()) {
                assertEquals(e.getValue(), set.ports(e.getKey()), where);
            }
        }
    }

    /** The lowest free port from 1 of the controller, by scanning; -1 when there is none. */
    private static long nextFree(TreeMap<Long, Long> controllers, Map<List<Long>, String> owners, long controller) {
        Long count = controllers.get(controller);
        for (long p = 1; count != null && p < count; p++) {
            if (!owners.containsKey(List.of(controller, p))) {
                return p;
            }
        }
        return -1;
    }
}
