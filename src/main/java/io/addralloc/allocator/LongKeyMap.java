package io.addralloc.allocator;

import java.util.function.Consumer;

/**
 * A hash map from unsigned long keys to non-null values, open addressing with linear probing
 * and backward-shift deletion (no tombstones). About 16-24 bytes per entry against about 64 for
 * {@code HashMap<Long, V>}, which matters at a million reservations. Not thread-safe.
 */
final class LongKeyMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int shift = 64 - 4;
    private int size;

    int size() {
        return size;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Stores {@code value} (non-null) under {@code key}; the key must be absent. */
    void putNew(long key, V value) {
        if ((size + 1) * 4L > keys.length * 3L) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                throw new IllegalStateException("key " + Long.toUnsignedString(key) + " already present");
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    /** Removes the key and returns its value, or null when absent. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        int hole = slot(key);
        while (values[hole] != null && keys[hole] != key) {
            hole = (hole + 1) & mask;
        }
        if (values[hole] == null) {
            return null;
        }
        V old = (V) values[hole];
        // Pull later entries of the probe chain back into the hole unless their home slot lies
        // cyclically after the hole, so that lookups never need tombstones.
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        return old;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        shift--;
        int mask = keys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldValues[k] != null) {
                int i = slot(oldKeys[k]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }
}
