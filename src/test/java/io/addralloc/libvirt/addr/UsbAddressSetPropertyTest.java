package io.addralloc.libvirt.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of buses and hubs added, exact and next-port reservations, releases and
 * owner lookups on a {@link UsbAddressSet}, each checked against a brute-force model: a plain map
 * from (bus, port path) tuples to owners, the hubs as a map from (bus, path) to their port counts,
 * and the search for a free port written as libvirt's depth-first walk (a hub's own ports, then
 * the hubs on it in port order, at most four levels deep). A failure names the seed and the step.
 */
class UsbAddressSetPropertyTest {

    @Test
    void randomSequencesMatchTheModel() {
        for (long seed = 1; seed <= 300; seed++) {
            new Run(seed).go(250);
        }
    }

    private static final class Run {
        final long seed;
        final Random rnd;
        final UsbAddressSet<String> set = new UsbAddressSet<>();
        /** (bus, path of the hub; empty for the root) to its port count. */
        final Map<List<Long>, Integer> hubs = new HashMap<>();
        final TreeMap<Long, Integer> buses = new TreeMap<>();
        /** (bus, path) to owner. */
        final Map<List<Long>, String> owners = new HashMap<>();

        Run(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
        }

        void go(int steps) {
            for (int step = 0; step < steps; step++) {
                String where = "seed " + seed + ", step " + step + ": ";
                long bus = rnd.nextInt(3);
                int[] path = new int[1 + rnd.nextInt(UsbAddressSet.MAX_DEPTH)];
                for (int i = 0; i < path.length; i++) {
                    path[i] = 1 + rnd.nextInt(i == 0 ? 5 : 3);
                }
                Addr.Usb a = new Addr.Usb(bus, path);
                String owner = "o" + rnd.nextInt(4);
                switch (rnd.nextInt(8)) {
                    case 0 -> {
                        int count = 1 + rnd.nextInt(4);
                        boolean added = set.addBus(bus, count);
                        assertEquals(!buses.containsKey(bus), added, where);
                        if (added) {
                            buses.put(bus, count);
                            hubs.put(List.of(bus), count);
                        }
                    }
                    case 1 -> {
                        // A hub: its port is reserved for it first, as the policy does.
                        if (exists(a) && !owners.containsKey(key(a)) && !hubs.containsKey(key(a))) {
                            assertTrue(set.reserve(a, "hub") instanceof ReserveResult.Reserved, where);
                            owners.put(key(a), "hub");
                            int count = 1 + rnd.nextInt(3);
                            set.addHub(a, count);
                            if (path.length < UsbAddressSet.MAX_DEPTH) {
                                hubs.put(key(a), count);
                            }
                        }
                    }
                    case 2, 3 -> {
                        ReserveResult<String> r = set.reserve(a, owner);
                        String before = owners.get(key(a));
                        if (!exists(a)) {
                            assertTrue(r instanceof ReserveResult.OutsidePools, where + r);
                        } else if (before != null) {
                            assertEquals(before, ((ReserveResult.Conflict<String>) r).currentOwner(), where);
                        } else {
                            assertTrue(r instanceof ReserveResult.Reserved, where + r);
                            owners.put(key(a), owner);
                        }
                    }
                    case 4 -> {
                        Optional<Addr.Usb> expected = Optional.ofNullable(firstFree(bus));
                        assertEquals(expected, set.reserveNext(bus, owner), where);
                        expected.ifPresent(e -> owners.put(key(e), owner));
                    }
                    case 5 -> {
                        Optional<Addr.Usb> expected = Optional.empty();
                        for (long b : buses.keySet()) {
                            expected = Optional.ofNullable(firstFree(b));
                            if (expected.isPresent()) {
                                break;
                            }
                        }
                        assertEquals(expected, set.reserveNext(owner), where);
                        expected.ifPresent(e -> owners.put(key(e), owner));
                    }
                    case 6 -> assertEquals(Optional.ofNullable(owners.remove(key(a))), set.release(a), where);
                    default -> assertEquals(Optional.ofNullable(owners.get(key(a))), set.ownerOf(a), where);
                }
                for (int depth = 0; depth < path.length; depth++) {
                    assertEquals(hubs.getOrDefault(hubKey(bus, path, depth), -1), set.ports(bus, path, depth), where);
                }
            }
        }

        boolean exists(Addr.Usb a) {
            int[] path = a.port();
            for (int depth = 0; depth < path.length; depth++) {
                Integer n = hubs.get(hubKey(a.bus(), path, depth));
                if (n == null || path[depth] > n) {
                    return false;
                }
            }
            return true;
        }

        /** libvirt's walk: the hub's own ports, then each hub on it in port order, to four levels. */
        Addr.Usb firstFree(long bus) {
            return buses.containsKey(bus) ? walk(bus, new ArrayList<>()) : null;
        }

        Addr.Usb walk(long bus, List<Integer> at) {
            int n = hubs.get(hubKey(bus, at));
            for (int p = 1; p <= n; p++) {
                List<Integer> port = new ArrayList<>(at);
                port.add(p);
                Addr.Usb a = usb(bus, port);
                if (!owners.containsKey(key(a))) {
                    return a;
                }
            }
            for (int p = 1; p <= n; p++) {
                List<Integer> port = new ArrayList<>(at);
                port.add(p);
                if (port.size() < UsbAddressSet.MAX_DEPTH && hubs.containsKey(hubKey(bus, port))) {
                    Addr.Usb found = walk(bus, port);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        static Addr.Usb usb(long bus, List<Integer> path) {
            return new Addr.Usb(bus, path.stream().mapToInt(Integer::intValue).toArray());
        }

        static List<Long> key(Addr.Usb a) {
            return hubKey(a.bus(), a.port(), a.port().length);
        }

        static List<Long> hubKey(long bus, List<Integer> path) {
            return hubKey(bus, path.stream().mapToInt(Integer::intValue).toArray(), path.size());
        }

        static List<Long> hubKey(long bus, int[] path, int depth) {
            List<Long> k = new ArrayList<>();
            k.add(bus);
            for (int i = 0; i < depth; i++) {
                k.add((long) path[i]);
            }
            return k;
        }
    }
}
