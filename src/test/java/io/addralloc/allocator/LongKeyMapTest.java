package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing map against {@link HashMap}, with clustered keys to stress backward-shift deletion. */
class LongKeyMapTest {

    @Test
    void randomPutsAndRemovesMatchAHashMap() {
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            LongKeyMap<String> map = new LongKeyMap<>();
            Map<Long, String> model = new HashMap<>();
            long spread = seed % 2 == 0 ? 64 : 1L << 40;
            for (int step = 0; step < 3000; step++) {
                String where = "seed " + seed + ", step " + step;
                long key = seed % 3 == 0 ? -1L - rnd.nextInt(64) : Math.floorMod(rnd.nextLong(), spread);
                if (rnd.nextInt(3) > 0) {
                    if (!model.containsKey(key)) {
                        map.putNew(key, "v" + key);
                        model.put(key, "v" + key);
                    }
                } else {
                    assertEquals(model.remove(key), map.remove(key), where + " remove " + key);
                }
                assertEquals(model.size(), map.size(), where + " size");
                long probe = Math.floorMod(rnd.nextLong(), spread);
                assertEquals(model.get(probe), map.get(probe), where + " get " + probe);
            }
            for (Map.Entry<Long, String> e : model.entrySet()) {
                assertEquals(e.getValue(), map.get(e.getKey()), "seed " + seed + " final get " + e.getKey());
            }
            List<String> values = new ArrayList<>();
            map.forEachValue(values::add);
            assertEquals(model.size(), values.size(), "seed " + seed + " values");
        }
    }
}
