package io.addralloc.libvirt.domain;

import java.util.ArrayList;
import java.util.List;

/** Who holds which function of which slot, per bus. */
final class PciSlots {
    private final List<Object[][]> owners = new ArrayList<>();

    void addBus(int bus, int minSlot, int maxSlot) {
        owners.add(new Object[32][8]);
    }

    int functions(int bus, int slot) {
        if (bus >= owners.size() || slot < 0 || slot > 31) {
            return 0;
        }
        Object[] fs = owners.get(bus)[slot];
        int mask = 0;
        for (int f = 0; f < 8; f++) {
            if (fs[f] != null) {
                mask |= 1 << f;
            }
        }
        return mask;
    }

    Object owner(int bus, int slot, int function) {
        if (bus >= owners.size() || slot < 0 || slot > 31 || function < 0 || function > 7) {
            return null;
        }
        return owners.get(bus)[slot][function];
    }

    void reserve(int bus, int slot, int function, Object owner) {
        owners.get(bus)[slot][function] = owner;
    }
}
