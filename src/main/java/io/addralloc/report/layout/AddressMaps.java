package io.addralloc.report.layout;

import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The non-PCI address maps of a domain page, each as a table in address order: drives,
 * virtio-serial ports, USB ports and hubs, CCW device numbers, spapr-vio registers, and the rest
 * (dimm, isa, ccid, virtio-mmio). Read from the addresses the simulation ended with.
 */
final class AddressMaps {
    private AddressMaps() {}

    private record Entry(long[] sort, List<String> fields, int item) {
    }

    private static final Comparator<Entry> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.sort.length, b.sort.length); i++) {
            int c = Long.compare(a.sort[i], b.sort[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.item, b.item);
    };

    static List<DomainLayout.AddressMap> of(Domain domain, Map<Device, Integer> ids) {
        List<Entry> drives = new ArrayList<>();
        List<Entry> serial = new ArrayList<>();
        List<Entry> usb = new ArrayList<>();
        List<Entry> ccw = new ArrayList<>();
        List<Entry> vio = new ArrayList<>();
        List<Entry> other = new ArrayList<>();
        for (Device d : domain.all()) {
            Integer id = ids.get(d);
            if (id == null || d.address() == null) {
                continue;
            }
            Addr a = d.address();
            if (a instanceof Addr.Drive x) {
                String bus = d.kind() == DeviceKind.DISK ? d.bus : "scsi";
                drives.add(new Entry(new long[] {busOrder(bus), x.controller(), x.bus(), x.target(),
                        x.unit()}, List.of(String.valueOf(bus), n(x.controller()), n(x.bus()), n(x.target()),
                        n(x.unit())), id));
            } else if (a instanceof Addr.VirtioSerial x) {
                serial.add(new Entry(new long[] {x.controller(), x.bus(), x.port()}, List.of(n(x.controller()),
                        n(x.bus()), n(x.port())), id));
            } else if (a instanceof Addr.Usb x && x.hasPort()) {
                int[] port = x.port();
                long[] sort = new long[port.length + 1];
                sort[0] = x.bus();
                for (int i = 0; i < port.length; i++) {
                    sort[i + 1] = port[i];
                }
                usb.add(new Entry(sort, List.of(n(x.bus()), x.portString()), id));
            } else if (a instanceof Addr.Ccw x && x.isAssigned()) {
                ccw.add(new Entry(new long[] {x.cssid(), x.ssid(), x.devno()}, List.of(hex(x.cssid(), 2),
                        hex(x.ssid(), 1), hex(x.devno(), 4)), id));
            } else if (a instanceof Addr.SpaprVio x && x.isAssigned()) {
                vio.add(new Entry(new long[] {x.reg()}, List.of(hex(x.reg(), 8)), id));
            } else if (!(a instanceof Addr.Pci)) {
                other.add(new Entry(new long[] {a.type().hashCode()}, List.of(a.type(), DomainLayout.address(a)), id));
            }
        }
        List<DomainLayout.AddressMap> maps = new ArrayList<>();
        add(maps, "Drive addresses", List.of("bus", "controller", "bus", "target", "unit"), drives, List.of());
        add(maps, "virtio-serial ports", List.of("controller", "bus", "port"), serial, serialNotes(domain));
        add(maps, "USB ports", List.of("bus", "port"), usb, usbNotes(domain));
        add(maps, "CCW device numbers", List.of("cssid", "ssid", "devno"), ccw, List.of());
        add(maps, "spapr-vio registers", List.of("reg"), vio, List.of());
        add(maps, "Other addresses", List.of("type", "address"), other, List.of());
        return List.copyOf(maps);
    }

    private static void add(List<DomainLayout.AddressMap> maps, String title, List<String> columns, List<Entry> entries,
            List<String> notes) {
        if (entries.isEmpty() && notes.isEmpty()) {
            return;
        }
        entries.sort(ORDER);
        List<DomainLayout.Row> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            rows.add(new DomainLayout.Row(e.fields, e.item));
        }
        maps.add(new DomainLayout.AddressMap(title, columns, List.copyOf(rows), List.copyOf(notes)));
    }

    /** Per virtio-serial controller: its ports and how many of those for channels (1 and up) are free. */
    private static List<String> serialNotes(Domain domain) {
        Map<Long, Device> controllers = new TreeMap<>();
        for (Device c : domain.controllers()) {
            if ("virtio-serial".equals(c.type)) {
                controllers.putIfAbsent(c.index, c);
            }
        }
        List<String> notes = new ArrayList<>();
        for (Device c : controllers.values()) {
            long ports = Ports.virtioSerial(c);
            java.util.Set<Long> used = new java.util.TreeSet<>();
            for (Device d : domain.all()) {
                if (d.address() instanceof Addr.VirtioSerial v && v.controller() == c.index && v.port() >= 1
                        && v.port() < ports) {
                    used.add(v.port());
                }
            }
            long free = Math.max(0, ports - 1 - used.size());
            notes.add("controller " + c.index + ": ports 0 to " + (ports - 1) + "; " + free + " of the " + (ports - 1)
                    + " ports for channels (1 and up) free");
        }
        return notes;
    }

    /** Per USB bus and per hub: its ports and how many are free. */
    private static List<String> usbNotes(Domain domain) {
        Map<Long, Device> masters = new TreeMap<>();
        for (Device c : domain.controllers()) {
            if ("usb".equals(c.type) && !c.usbCompanion && Ports.usb(c) > 0) {
                masters.putIfAbsent(c.index, c);
            }
        }
        List<String> notes = new ArrayList<>();
        for (Device c : masters.values()) {
            int ports = Ports.usb(c);
            notes.add("bus " + c.index + " (" + c.model + "): " + ports + " ports, " + free(domain, c.index, new int[0],
                    ports) + " free");
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            if (h.address() instanceof Addr.Usb u && u.hasPort()) {
                int ports = Ports.usbHub();
                notes.add("hub at bus " + u.bus() + " port " + u.portString() + ": " + ports + " ports, "
                        + free(domain, u.bus(), u.port(), ports) + " free");
            }
        }
        return notes;
    }

    /** Ports 1 to {@code ports} right below {@code path} on {@code bus} that no device's address uses. */
    private static int free(Domain domain, long bus, int[] path, int ports) {
        boolean[] used = new boolean[ports + 1];
        for (Device d : domain.all()) {
            if (d.address() instanceof Addr.Usb u && u.bus() == bus && u.hasPort()) {
                int[] p = u.port();
                if (p.length > path.length && java.util.Arrays.equals(p, 0, path.length, path, 0, path.length)) {
                    int port = p[path.length];
                    if (port >= 1 && port <= ports) {
                        used[port] = true;
                    }
                }
            }
        }
        int free = 0;
        for (int i = 1; i <= ports; i++) {
            free += used[i] ? 0 : 1;
        }
        return free;
    }

    private static long busOrder(String bus) {
        int i = List.of("ide", "fdc", "sata", "scsi").indexOf(bus);
        return i < 0 ? 9 : i;
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String hex(long v, int digits) {
        return "0x" + Html.hex(v, digits);
    }
}
