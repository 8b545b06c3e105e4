package io.addralloc.libvirt.write;

import io.addralloc.libvirt.model.Addr;
import java.util.LinkedHashMap;
import java.util.Map;

/** Address attributes in the form and order libvirt writes them. */
final class AddressFormat {
    private AddressFormat() {}

    /** The attributes of an {@code <address>} element, {@code type} first. */
    static Map<String, String> attributes(Addr a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", a.type());
        if (a instanceof Addr.Pci p) {
            m.put("domain", hex(p.domain(), 4));
            m.put("bus", hex(p.bus(), 2));
            m.put("slot", hex(p.slot(), 2));
            m.put("function", hex(p.function(), 0));
            if (p.multifunction() != null) {
                m.put("multifunction", p.multifunction() ? "on" : "off");
            }
        } else if (a instanceof Addr.Drive d) {
            m.put("controller", Long.toString(d.controller()));
            m.put("bus", Long.toString(d.bus()));
            m.put("target", Long.toString(d.target()));
            m.put("unit", Long.toString(d.unit()));
        } else if (a instanceof Addr.VirtioSerial v) {
            m.put("controller", Long.toString(v.controller()));
            m.put("bus", Long.toString(v.bus()));
            m.put("port", Long.toString(v.port()));
        } else if (a instanceof Addr.Usb u) {
            m.put("bus", Long.toString(u.bus()));
            m.put("port", u.portString());
        } else if (a instanceof Addr.Ccid c) {
            m.put("controller", Long.toString(c.controller()));
            m.put("slot", Long.toString(c.slot()));
        } else if (a instanceof Addr.Ccw c && c.isAssigned()) {
            m.put("cssid", hex(c.cssid(), 0));
            m.put("ssid", hex(c.ssid(), 0));
            m.put("devno", hex(c.devno(), 4));
        } else if (a instanceof Addr.SpaprVio v && v.isAssigned()) {
            m.put("reg", hex(v.reg(), 8));
        } else if (a instanceof Addr.Dimm d) {
            m.put("slot", Long.toString(d.slot()));
            if (d.base() >= 0) {
                m.put("base", hex(d.base(), 0));
            }
        } else if (a instanceof Addr.Isa i) {
            if (i.iobase() >= 0) {
                m.put("iobase", hex(i.iobase(), 0));
            }
            if (i.irq() >= 0) {
                m.put("irq", hex(i.irq(), 0));
            }
        }
        return m;
    }

    /**
     * {@code 0x} and the value in lower-case hexadecimal, zero-padded to {@code width} digits: what
     * {@code String.format(Locale.ROOT, "0x%0<width>x", value)} gives, at a fraction of its cost
     * (the pinned check formats every address assign would add, for every file verify checks).
     */
    static String hex(long value, int width) {
        return pad(Long.toHexString(value), width);
    }

    /** As {@link #hex(long, int)} for an int, whose negative values print in 8 digits, as {@code %x} prints them. */
    static String hex(int value, int width) {
        return pad(Integer.toHexString(value), width);
    }

    private static String pad(String digits, int width) {
        StringBuilder sb = new StringBuilder(2 + Math.max(width, digits.length())).append("0x");
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    static String element(Addr a, char quote) {
        StringBuilder sb = new StringBuilder("<address");
        attributes(a).forEach((k, v) -> sb.append(' ').append(k).append('=').append(quote).append(v).append(quote));
        return sb.append("/>").toString();
    }
}
