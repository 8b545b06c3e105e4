package io.addralloc.libvirt.model;

/**
 * libvirt keeps a device's address in one C union of the address types. When it retypes a
 * device's address without clearing it (a spapr-vio device given another type of address, a
 * memory module given a slot), the new type's fields read what the old type wrote: this class
 * says what the old type leaves in each 32-bit word of the union (little-endian, libvirt 9.0's
 * field order).
 */
public final class AddressUnion {
    private AddressUnion() {}

    /** The 32-bit word {@code i} (0-based) of the union as address {@code a} fills it; 0 where it writes nothing. */
    public static long word(Addr a, int i) {
        long[] words;
        if (a instanceof Addr.Pci p) {
            words = new long[] {p.domain(), p.bus(), p.slot(), p.function()};
        } else if (a instanceof Addr.Drive d) {
            words = new long[] {d.controller(), d.bus(), d.target(), d.unit()};
        } else if (a instanceof Addr.VirtioSerial v) {
            words = new long[] {v.controller(), v.bus(), v.port()};
        } else if (a instanceof Addr.Ccid c) {
            words = new long[] {c.controller(), c.slot()};
        } else if (a instanceof Addr.Usb u) {
            int[] port = u.port();
            words = new long[5];
            words[0] = u.bus();
            for (int k = 0; k < port.length && k < 4; k++) {
                words[k + 1] = port[k];
            }
        } else if (a instanceof Addr.Ccw c && c.isAssigned()) {
            words = new long[] {c.cssid(), c.ssid(), c.devno(), 1};
        } else if (a instanceof Addr.SpaprVio v && v.isAssigned()) {
            words = new long[] {v.reg() & 0xFFFF_FFFFL, v.reg() >>> 32, 1};
        } else if (a instanceof Addr.Isa s) {
            words = new long[] {Math.max(s.iobase(), 0), Math.max(s.irq(), 0)};
        } else if (a instanceof Addr.Dimm m) {
            long base = Math.max(m.base(), 0);
            words = new long[] {m.slot(), 0, base & 0xFFFF_FFFFL, base >>> 32};
        } else {
            words = new long[0];
        }
        return i < words.length ? words[i] & 0xFFFF_FFFFL : 0;
    }
}
