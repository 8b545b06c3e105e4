package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The block map against a {@link HashMap}: keys clustered into a few blocks (so blocks go
 * through one, ranked and direct holders and back), spread widely (one key per block, long probe
 * chains for backward-shift deletion), or at the top of the unsigned range. Failures name the
 * seed and the step.
 */
class HolderMapTest {

    @Test
    void heldValuesKeepIdAndPosition() {
        long held = HolderMap.held(Integer.MAX_VALUE, -1);
        assertEquals(Integer.MAX_VALUE, HolderMap.id(held));
        assertEquals(-1, HolderMap.position(held));
        assertTrue(held >= 0, "held values are never negative, so -1 can mean none");
    }

    @Test
    void randomPutsAndRemovesMatchAHashMap() {
        for (long seed = 1; seed <= 60; seed++) {
            Random rnd = new Random(seed);
            HolderMap map = new HolderMap();
            Map<Long, Long> model = new HashMap<>();
            long spread = switch ((int) (seed % 4)) {
                case 0 -> 64 * 3;
                case 1 -> 64 * 40;
                case 2 -> 1L << 40;
                default -> 64 * 1000;
            };
            boolean top = seed % 5 == 0;
            // Phases that mostly add, then mostly remove, so blocks fill up and empty again.
            for (int step = 0; step < 6000; step++) {
                String where = "seed " + seed + ", step " + step;
                long key = Math.floorMod(rnd.nextLong(), spread);
                if (top) {
                    key = -1L - key;
                }
                boolean adding = (step / 1000) % 2 == 0 ? rnd.nextInt(4) > 0 : rnd.nextInt(4) == 0;
                if (adding) {
                    if (!model.containsKey(key)) {
                        long held = HolderMap.held(rnd.nextInt(Integer.MAX_VALUE), rnd.nextInt());
                        map.putNew(key, held);
                        model.put(key, held);
                    } else if (rnd.nextBoolean()) {
                        int position = rnd.nextInt();
                        map.setPosition(key, position);
                        model.put(key, HolderMap.held(HolderMap.id(model.get(key)), position));
                    }
                } else {
                    Long expected = model.remove(key);
                    assertEquals(expected == null ? -1L : expected, map.remove(key), where + " remove " + key);
                }
                assertEquals(model.size(), map.size(), where + " size");
                long probe = Math.floorMod(rnd.nextLong(), spread);
                if (top) {
                    probe = -1L - probe;
                }
                Long expected = model.get(probe);
                assertEquals(expected == null ? -1L : expected, map.get(probe), where + " get " + probe);
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals((long) e.getValue(), map.get(e.getKey()), "seed " + seed + " final get " + e.getKey());
            }
            Map<Long, Long> visited = new HashMap<>();
            String where = "seed " + seed;
            map.forEach((index, id) -> assertEquals(null, visited.put(index, id), where + " visited twice"));
            assertEquals(model, visited, where + " forEach");
            for (Long key : model.keySet().toArray(new Long[0])) {
                assertEquals((long) model.remove(key), map.remove(key), "seed " + seed + " emptying " + key);
            }
            assertEquals(0, map.size(), "seed " + seed + " size after emptying");
            assertEquals(0, map.blockCount(), "seed " + seed + " blocks after emptying");
        }
    }
}
