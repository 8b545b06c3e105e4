package io.addralloc.allocator;

/**
 * The allocator's owners: for each owner (by {@code equals}) the first of its {@link Holder}s,
 * the others chained from it. Open addressing with linear probing and backward-shift deletion
 * over the holders themselves, about 6 bytes per owner where a {@code HashMap} entry takes 40.
 * Not thread-safe.
 */
final class OwnerTable<O> {
    // Room for a small domain's devices without a rehash.
    private Holder<?>[] slots = new Holder<?>[32];
    private int shift = 32 - 5;
    private int size;

    int size() {
        return size;
    }

    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** The first holder of an owner equal to {@code owner}, whose hash code is {@code hash}; null when it holds nothing. */
    @SuppressWarnings("unchecked")
    Holder<O> get(Object owner, int hash) {
        int mask = slots.length - 1;
        for (int s = home(hash); slots[s] != null; s = (s + 1) & mask) {
            Holder<?> h = slots[s];
            if (h.hash == hash && (h.owner == owner || h.owner.equals(owner))) {
                return (Holder<O>) h;
            }
        }
        return null;
    }

    /**
     * The slot of the first holder of an owner equal to {@code owner}, whose hash code is
     * {@code hash}; when it holds nothing, {@code -1 - s} for the empty slot {@code s} where
     * {@link #addAt} puts it (one probe for a new owner where {@link #get} and {@link #add} take two).
     */
    int find(Object owner, int hash) {
        Holder<?>[] table = slots;
        int mask = table.length - 1;
        int s = home(hash);
        for (Holder<?> h; (h = table[s]) != null; s = (s + 1) & mask) {
            if (h.hash == hash && (h.owner == owner || h.owner.equals(owner))) {
                return s;
            }
        }
        return -1 - s;
    }

    /** The holder in slot {@code s}, which {@link #find} returned. */
    @SuppressWarnings("unchecked")
    Holder<O> at(int s) {
        return (Holder<O>) slots[s];
    }

    /**
     * Adds {@code first}, whose owner is not in the table, at the empty slot {@code -1 - missed}
     * that {@link #find} returned for it, the table unchanged since.
     */
    void addAt(int missed, Holder<O> first) {
        if ((size + 1) * 4L > slots.length * 3L) {
            add(first);
            return;
        }
        slots[-1 - missed] = first;
        size++;
    }

    /** Calls {@code action} with the first holder of every owner, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(java.util.function.Consumer<Holder<O>> action) {
        for (Holder<?> h : slots) {
            if (h != null) {
                action.accept((Holder<O>) h);
            }
        }
    }

    /** Forgets every owner, keeping the table's size. */
    void clear() {
        if (size > 0) {
            java.util.Arrays.fill(slots, null);
            size = 0;
        }
    }

    /** Adds {@code first}, whose owner must not be in the table. */
    void add(Holder<O> first) {
        if ((size + 1) * 4L > slots.length * 3L) {
            grow();
        }
        int mask = slots.length - 1;
        int s = home(first.hash);
        while (slots[s] != null) {
            s = (s + 1) & mask;
        }
        slots[s] = first;
        size++;
    }

    /** Puts {@code next} where {@code first} was; both hold for the same owner. */
    void replace(Holder<O> first, Holder<O> next) {
        slots[slotOf(first)] = next;
    }

    /** Removes {@code first}, which must be in the table. */
    void remove(Holder<O> first) {
        int mask = slots.length - 1;
        int hole = slotOf(first);
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = home(slots[j].hash);
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
    }

    private int slotOf(Holder<O> first) {
        int mask = slots.length - 1;
        int s = home(first.hash);
        while (slots[s] != first) {
            if (slots[s] == null) {
                throw new IllegalStateException("holder of " + first.owner + " is not in the owner table");
            }
            s = (s + 1) & mask;
        }
        return s;
    }

    private void grow() {
        Holder<?>[] old = slots;
        slots = new Holder<?>[old.length * 2];
        shift--;
        int mask = slots.length - 1;
        for (Holder<?> h : old) {
            if (h != null) {
                int s = home(h.hash);
                while (slots[s] != null) {
                    s = (s + 1) & mask;
                }
                slots[s] = h;
            }
        }
    }
}
