package io.addralloc.libvirt.corpus;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A domain's address layout as comparable text: every controller by type and index (with its
 * model), every other device by kind and position, each with its address.
 */
public final class Layout {
    private Layout() {}

    public static Map<String, String> of(Domain domain) {
        Map<String, String> layout = new TreeMap<>();
        for (DeviceKind kind : DeviceKind.values()) {
            if (kind == DeviceKind.CONSOLE) {
                // Consoles never carry an address on these machines, and libvirt adds one that
                // mirrors the first serial port, so counting them would compare nothing useful.
                continue;
            }
            int n = 0;
            for (Device d : domain.of(kind)) {
                // libvirt lists disks sorted by bus and target, not in file order; the target
                // name identifies a disk either way.
                String key = kind == DeviceKind.CONTROLLER ? controllerKey(d)
                        : kind == DeviceKind.DISK && d.targetDev != null ? "disk " + d.targetDev
                        : kind + " " + (n++);
                // A bridge libvirt adds gets no zPCI identifiers, and the ones assign gives it are
                // those libvirt gives it once the file lists it: not comparable with the first define.
                boolean zpci = d.address() instanceof Addr.Pci && d.zpciUid >= 0 && !d.isController("pci");
                String value = format(d.address()) + (zpci ? " zpci " + d.zpciUid + "/" + d.zpciFid : "");
                if (kind == DeviceKind.CONTROLLER && d.model != null) {
                    value = d.model + " " + value;
                }
                if (kind == DeviceKind.CONTROLLER && "pci".equals(d.type)) {
                    value += pciOptions(d);
                }
                layout.put(key, value);
            }
        }
        return layout;
    }

    /** A controller's identity: type and index, and the model of a USB2 controller, whose companions share its index. */
    static String controllerKey(Device c) {
        return "controller " + c.type + " " + (c.index < 0 ? "?" : c.index)
                + (c.usbCompanion || "ich9-ehci1".equals(c.model) ? " " + c.model : "");
    }

    /** What libvirt fills in for a PCI controller and the guest sees: model name, chassis, port, bus numbers. */
    private static String pciOptions(Device c) {
        StringBuilder sb = new StringBuilder();
        if (c.modelName != null) {
            sb.append(" name=").append(c.modelName);
        }
        long[] values = {c.chassisNr, c.chassis, c.port, c.busNr, c.targetIndex};
        String[] names = {"chassisNr", "chassis", "port", "busNr", "index"};
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0) {
                sb.append(' ').append(names[i]).append('=').append(values[i]);
            }
        }
        return sb.toString();
    }

    public static String format(Addr a) {
        if (a == null) {
            return "-";
        }
        if (a instanceof Addr.Pci p) {
            return String.format(Locale.ROOT, "pci %04x:%02x:%02x.%x%s", p.domain(), p.bus(), p.slot(), p.function(),
                    Boolean.TRUE.equals(p.multifunction()) ? " mf" : "");
        }
        if (a instanceof Addr.Drive d) {
            return "drive " + d.controller() + ":" + d.bus() + ":" + d.target() + ":" + d.unit();
        }
        if (a instanceof Addr.VirtioSerial v) {
            return "virtio-serial " + v.controller() + ":" + v.bus() + ":" + v.port();
        }
        if (a instanceof Addr.Usb u) {
            return "usb " + u.bus() + ":" + u.portString();
        }
        if (a instanceof Addr.Ccid c) {
            return "ccid " + c.controller() + ":" + c.slot();
        }
        if (a instanceof Addr.Ccw || a instanceof Addr.SpaprVio) {
            return a.type() + " " + a;
        }
        if (a instanceof Addr.Dimm d) {
            return "dimm " + d.slot() + (d.base() >= 0 ? " base " + Long.toHexString(d.base()) : "");
        }
        if (a instanceof Addr.Isa i) {
            return "isa " + Long.toHexString(i.iobase()) + " " + Long.toHexString(i.irq());
        }
        return a.type();
    }
}
