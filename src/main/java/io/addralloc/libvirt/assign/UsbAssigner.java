package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * USB ports as libvirt 9.0 hands them out: hubs are added when devices outnumber ports;
 * given addresses are reserved (hubs first, then devices); then each device without a port
 * takes the lowest free port of the first bus that has one, looking into hubs only when a
 * hub's own level is full.
 */
public final class UsbAssigner {
    private static final int HUB_PORTS = Ports.usbHub();
    private static final int MAX_DEPTH = 4;

    /** A controller's root ports or a hub's ports: which are taken, and which hold hubs. */
    private static final class Hub {
        final boolean[] taken;
        final Hub[] hubs;

        Hub(int ports) {
            taken = new boolean[ports];
            hubs = new Hub[ports];
        }
    }

    private final Domain domain;
    private final Problems problems;
    private final List<Hub> buses = new ArrayList<>();

    private UsbAssigner(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    public static void run(Domain domain, Problems problems) {
        new UsbAssigner(domain, problems).assign();
    }

    /** USB devices in libvirt's order; hubs first when {@code withHubs}. */
    private List<Device> usbDevices(boolean withHubs) {
        List<Device> list = new ArrayList<>();
        if (withHubs) {
            for (Device h : domain.of(DeviceKind.HUB)) {
                if ("usb".equals(h.type)) {
                    list.add(h);
                }
            }
        }
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            if (n.isUsbHost()) {
                list.add(n);
            }
        }
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if ("usb".equals(h.type)) {
                list.add(h);
            }
        }
        for (Device d : domain.of(DeviceKind.DISK)) {
            if ("usb".equals(d.bus)) {
                list.add(d);
            }
        }
        for (Device c : domain.controllers()) {
            if ("ccid".equals(c.type)) {
                list.add(c);
            }
        }
        for (Device i : domain.of(DeviceKind.INPUT)) {
            if ("usb".equals(i.bus)) {
                list.add(i);
            }
        }
        for (Device s : domain.of(DeviceKind.SERIAL)) {
            if ("usb-serial".equals(s.targetType)) {
                list.add(s);
            }
        }
        for (Device s : domain.of(DeviceKind.SOUND)) {
            if ("usb".equals(s.model)) {
                list.add(s);
            }
        }
        for (Device r : domain.of(DeviceKind.REDIRDEV)) {
            if ("usb".equals(r.bus)) {
                list.add(r);
            }
        }
        return list;
    }

    private void assign() {
        List<Device> counted = usbDevices(true);
        boolean hasUsb = false;
        int available = 0;
        for (Device c : domain.controllers()) {
            if ("usb".equals(c.type)) {
                hasUsb |= !"none".equals(c.model);
                available += Ports.usb(c);
            }
        }
        if (!counted.isEmpty() && !hasUsb) {
            boolean none = domain.controllers().stream().anyMatch(c -> "usb".equals(c.type));
            List<Device> reported = none ? usbDevicesRefusedWhileReading(domain) : List.of();
            for (Device d : counted) {
                if (reported.contains(d)) {
                    continue;
                }
                // The ccid controller a smartcard implies sits on USB too; the smartcard is to blame.
                Device blamed = d.isImplicit() && d.isController("ccid") && !domain.of(DeviceKind.SMARTCARD).isEmpty()
                        ? domain.of(DeviceKind.SMARTCARD).get(0) : d;
                if (!blamed.isImplicit()) {
                    problems.add(Problem.error(Rule.USB_DISABLED, blamed.element(), blamed.describe()
                            + " is a USB device, but " + (none ? "the domain's USB controller is model='none'"
                                    : "this machine has no USB controller unless the file gives one")
                            + " (libvirt: USB is disabled for this domain, but USB devices are present in the domain"
                            + " XML); add a USB controller or remove the device"));
                }
            }
            return;
        }
        available += HUB_PORTS * (int) domain.of(DeviceKind.HUB).stream().filter(h -> "usb".equals(h.type)).count();
        if (counted.size() > available) {
            int needed = (counted.size() - available + 1 + HUB_PORTS - 2) / (HUB_PORTS - 1);
            if (domain.machine() == Domain.Machine.S390_CCW) {
                problems.add(Problem.error(Rule.USB_NO_PORT, null, "the " + counted.size() + " USB devices need more"
                        + " than the " + available + " ports of the USB controllers, and libvirt would add a USB hub,"
                        + " which QEMU for s390 lacks (libvirt: usb-hub not supported by QEMU binary); raise the"
                        + " controller's ports or add a USB controller"));
                return;
            }
            for (int i = 0; i < needed; i++) {
                Device hub = new Device(DeviceKind.HUB, null, domain.of(DeviceKind.HUB).size(), null);
                hub.type = "usb";
                domain.of(DeviceKind.HUB).add(hub);
            }
        }
        for (Device c : domain.controllers()) {
            if (!"usb".equals(c.type)) {
                continue;
            }
            int ports = Ports.usb(c);
            if (ports == 0) {
                continue;
            }
            while (buses.size() <= c.index) {
                buses.add(null);
            }
            if (buses.get((int) c.index) != null) {
                problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, c.element(), "two USB controllers have index "
                        + c.index + "; give each its own index"));
                continue;
            }
            buses.set((int) c.index, new Hub(ports));
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            if ("usb".equals(h.type) && h.addr instanceof Addr.Usb u && u.hasPort()) {
                addHub(h, u);
            }
        }
        for (Device d : usbDevices(false)) {
            if (d.addr instanceof Addr.Usb u && u.hasPort()) {
                reserve(d, u);
            }
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            // A hub with another type of address gets a port all the same (qemuDomainAssignUSBHubs),
            // once the PCI pass has held its PCI address, if it has one.
            if (!"usb".equals(h.type) || h.addrInvalid || (h.addr instanceof Addr.Usb u && u.hasPort())) {
                continue;
            }
            Addr.Usb a = assignPort(h);
            if (a != null) {
                h.addr = a;
                addHub(h, a);
            }
        }
        for (Device d : usbDevices(false)) {
            if (d.addrInvalid || (d.addr != null && !(d.addr instanceof Addr.Usb))
                    || (d.addr instanceof Addr.Usb u && u.hasPort())) {
                continue;
            }
            Addr.Usb a = assignPort(d);
            if (a != null) {
                d.addr = a;
                Hub target = find(d, a, false);
                if (target != null) {
                    target.taken[a.port()[a.port().length - 1] - 1] = true;
                }
            }
        }
    }

    private void addHub(Device hub, Addr.Usb a) {
        Hub target = find(hub, a, true);
        if (target == null) {
            return;
        }
        int p = a.port()[a.port().length - 1] - 1;
        if (target.hubs[p] != null) {
            problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, addressOf(hub), "two USB hubs sit on bus "
                    + a.bus() + " port " + a.portString() + "; give one another port"));
            return;
        }
        target.taken[p] = true;
        target.hubs[p] = new Hub(HUB_PORTS);
    }

    private void reserve(Device d, Addr.Usb a) {
        Hub target = find(d, a, true);
        if (target == null) {
            return;
        }
        int p = a.port()[a.port().length - 1] - 1;
        if (target.taken[p]) {
            problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, addressOf(d), "USB bus " + a.bus() + " port "
                    + a.portString() + " is already taken" + holder(d, a) + "; give " + d.describe()
                    + " another port, or remove its address").with(holderElement(d, a)));
            return;
        }
        target.taken[p] = true;
    }

    private io.addralloc.libvirt.xml.LocatedElement holderElement(Device self, Addr.Usb a) {
        for (Device o : domain.all()) {
            if (o != self && a.equals(o.addr)) {
                return o.element();
            }
        }
        return null;
    }

    private String holder(Device self, Addr.Usb a) {
        for (Device o : domain.all()) {
            if (o != self && a.equals(o.addr)) {
                return " by " + o.describe() + (o.element() == null ? "" : " at line " + o.element().line());
            }
        }
        return "";
    }

    /** The hub or controller whose port the path's last element names; null after a problem. */
    private Hub find(Device d, Addr.Usb a, boolean report) {
        int[] path = a.port();
        if (a.bus() >= buses.size() || buses.get((int) a.bus()) == null) {
            if (report) {
                problems.add(Problem.error(Rule.USB_MISSING_BUS, addressOf(d), "USB bus " + a.bus()
                        + " does not exist: no USB controller has index " + a.bus()));
            }
            return null;
        }
        Hub hub = buses.get((int) a.bus());
        for (int i = 0; i < path.length - 1; i++) {
            int p = path[i] - 1;
            if (p >= hub.taken.length) {
                if (report) {
                    problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port path "
                            + a.portString() + " on bus " + a.bus() + " goes through port " + path[i]
                            + ", which does not exist at that level"));
                }
                return null;
            }
            if (hub.hubs[p] == null) {
                if (report) {
                    problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port path "
                            + a.portString() + " on bus " + a.bus() + " goes through port " + path[i]
                            + ", but no hub with an address sits there"));
                }
                return null;
            }
            hub = hub.hubs[p];
        }
        int last = path[path.length - 1] - 1;
        if (last >= hub.taken.length) {
            if (report) {
                problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port " + a.portString()
                        + " does not exist on bus " + a.bus() + " (that level has " + hub.taken.length
                        + " ports)"));
            }
            return null;
        }
        return hub;
    }

    private Addr.Usb assignPort(Device d) {
        if (d.addr instanceof Addr.Usb u) {
            if (u.bus() >= buses.size() || buses.get((int) u.bus()) == null) {
                problems.add(Problem.error(Rule.USB_MISSING_BUS, addressOf(d), d.describe() + " asks for USB bus "
                        + u.bus() + ", but no USB controller has that index"));
                return null;
            }
            int[] path = freePort(buses.get((int) u.bus()), 0);
            if (path != null) {
                return new Addr.Usb(u.bus(), path);
            }
        } else {
            for (int b = 0; b < buses.size(); b++) {
                if (buses.get(b) == null) {
                    continue;
                }
                int[] path = freePort(buses.get(b), 0);
                if (path != null) {
                    return new Addr.Usb(b, path);
                }
            }
        }
        problems.add(Problem.error(Rule.USB_NO_PORT, addressOf(d), "no free USB port is left for " + d.describe()
                + "; add a USB controller or a hub"));
        return null;
    }

    private static int[] freePort(Hub hub, int level) {
        for (int p = 0; p < hub.taken.length; p++) {
            if (!hub.taken[p]) {
                return new int[] {p + 1};
            }
        }
        if (level >= MAX_DEPTH - 1) {
            return null;
        }
        for (int p = 0; p < hub.hubs.length; p++) {
            if (hub.hubs[p] == null) {
                continue;
            }
            int[] sub = freePort(hub.hubs[p], level + 1);
            if (sub != null) {
                int[] path = new int[sub.length + 1];
                path[0] = p + 1;
                System.arraycopy(sub, 0, path, 1, sub.length);
                return path;
            }
        }
        return null;
    }

    private static io.addralloc.libvirt.xml.LocatedElement addressOf(Device d) {
        return Device.addressOf(d);
    }

    /** The USB inputs, hubs and host devices of the file, which libvirt refuses when a controller disables USB. */
    public static List<Device> usbDevicesRefusedWhileReading(Domain domain) {
        List<Device> refused = new ArrayList<>();
        for (Device i : domain.of(DeviceKind.INPUT)) {
            if ("usb".equals(i.bus) && !i.isImplicit()) {
                refused.add(i);
            }
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            if ("usb".equals(h.type) && !h.isImplicit()) {
                refused.add(h);
            }
        }
        for (Device h : domain.of(DeviceKind.HOSTDEV)) {
            if (h.hostSource != null && "subsystem".equals(h.hostSource.mode()) && "usb".equals(h.hostSource.type())) {
                refused.add(h);
            }
        }
        return refused;
    }
}
