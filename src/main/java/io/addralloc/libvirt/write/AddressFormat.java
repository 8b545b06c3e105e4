package io.addralloc.libvirt.write;

import io.addralloc.libvirt.model.Addr;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Address attributes in the form and order libvirt writes them. */
final class AddressFormat {
    private AddressFormat() {}

    /** The attributes of an {@code <address>} element, {@code type} first. */
    static Map<String, String> attributes(Addr a) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", a.type());
        if (a instanceof Addr.Pci p) {
            m.put("domain", String.format(Locale.ROOT, "0x%04x", p.domain()));
            m.put("bus", String.format(Locale.ROOT, "0x%02x", p.bus()));
            m.put("slot", String.format(Locale.ROOT, "0x%02x", p.slot()));
            m.put("function", String.format(Locale.ROOT, "0x%x", p.function()));
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
            m.put("cssid", String.format(Locale.ROOT, "0x%x", c.cssid()));
            m.put("ssid", String.format(Locale.ROOT, "0x%x", c.ssid()));
            m.put("devno", String.format(Locale.ROOT, "0x%04x", c.devno()));
        } else if (a instanceof Addr.SpaprVio v && v.isAssigned()) {
            m.put("reg", String.format(Locale.ROOT, "0x%08x", v.reg()));
        } else if (a instanceof Addr.Dimm d) {
            m.put("slot", Long.toString(d.slot()));
            if (d.base() >= 0) {
                m.put("base", String.format(Locale.ROOT, "0x%x", d.base()));
            }
        } else if (a instanceof Addr.Isa i) {
            if (i.iobase() >= 0) {
                m.put("iobase", String.format(Locale.ROOT, "0x%x", i.iobase()));
            }
            if (i.irq() >= 0) {
                m.put("irq", String.format(Locale.ROOT, "0x%x", i.irq()));
            }
        }
        return m;
    }

    static String element(Addr a, char quote) {
        StringBuilder sb = new StringBuilder("<address");
        attributes(a).forEach((k, v) -> sb.append(' ').append(k).append('=').append(quote).append(v).append(quote));
        return sb.append("/>").toString();
    }
}
