package io.addralloc.libvirt.assign;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.addr.UsbAddressSet;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * USB ports as libvirt 9.0 hands them out (qemuDomainAssignUSBAddresses): hubs are added when
 * devices outnumber ports (qemuDomainUSBAddressAddHubs); given addresses are reserved, hubs first,
 * then devices (virDomainUSBAddressReserve); then each hub and each device without a port takes
 * the lowest free port of the first bus that has one, looking into hubs only when a hub's own
 * level is full (virDomainUSBAddressAssign). The ports and their holders are a
 * {@link UsbAddressSet}; this class is the policy.
 */
public final class UsbAssigner {
    private static final int HUB_PORTS = Ports.usbHub();

    private final Domain domain;
    private final Problems problems;
    private final UsbAddressSet<Device> ports = new UsbAddressSet<>();

    private UsbAssigner(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    public static void run(Domain domain, Problems problems) {
        new UsbAssigner(domain, problems).assign();
    }

    /** The USB devices other than hubs, in libvirt's order. */
    private List<Device> usbDevices() {
        List<Device> list = new ArrayList<>();
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
        // Which devices are USB devices does not change while ports are assigned: one list serves
        // the count and both passes.
        List<Device> devices = usbDevices();
        List<Device> counted = new ArrayList<>(devices.size() + 2);
        for (Device h : domain.of(DeviceKind.HUB)) {
            if ("usb".equals(h.type)) {
                counted.add(h);
            }
        }
        counted.addAll(devices);
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
            int rootPorts = Ports.usb(c);
            if (rootPorts == 0) {
                continue;
            }
            if (!ports.addBus(c.index, rootPorts)) {
                problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, c.element(), "two USB controllers have index "
                        + c.index + "; give each its own index"));
            }
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            if ("usb".equals(h.type) && h.address() instanceof Addr.Usb u && u.hasPort()) {
                addHub(h, u);
            }
        }
        for (Device d : devices) {
            if (d.address() instanceof Addr.Usb u && u.hasPort()) {
                reserve(d, u);
            }
        }
        for (Device h : domain.of(DeviceKind.HUB)) {
            // A hub with another type of address gets a port all the same (qemuDomainAssignUSBHubs),
            // once the PCI pass has held its PCI address, if it has one.
            if (!"usb".equals(h.type) || h.addrInvalid || (h.address() instanceof Addr.Usb u && u.hasPort())) {
                continue;
            }
            Addr.Usb a = assignPort(h);
            if (a != null) {
                h.place(a);
                ports.addHub(a, HUB_PORTS);
            }
        }
        for (Device d : devices) {
            if (d.addrInvalid || (d.address() != null && !(d.address() instanceof Addr.Usb))
                    || (d.address() instanceof Addr.Usb u && u.hasPort())) {
                continue;
            }
            Addr.Usb a = assignPort(d);
            if (a != null) {
                d.place(a);
            }
        }
    }

    /** A hub the file places: its port, then a level of ports of its own. */
    private void addHub(Device hub, Addr.Usb a) {
        if (!exists(hub, a)) {
            return;
        }
        if (ports.reserve(a, hub) instanceof ReserveResult.Conflict<Device>) {
            problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, addressOf(hub), "two USB hubs sit on bus "
                    + a.bus() + " port " + a.portString() + "; give one another port"));
            return;
        }
        ports.addHub(a, HUB_PORTS);
    }

    /** virDomainUSBAddressReserve: a port the file gives a device. */
    private void reserve(Device d, Addr.Usb a) {
        if (exists(d, a) && ports.reserve(a, d) instanceof ReserveResult.Conflict<Device> c) {
            Device o = c.currentOwner();
            problems.add(Problem.error(Rule.USB_DUPLICATE_ADDRESS, addressOf(d), "USB bus " + a.bus() + " port "
                    + a.portString() + " is already taken by " + o.describe() + (o.element() == null ? ""
                            : " at line " + o.element().line()) + "; give " + d.describe()
                    + " another port, or remove its address").with(o.element()));
        }
    }

    /** Whether the bus and every hub on the path exist and the last hub has the port; reports why not. */
    private boolean exists(Device d, Addr.Usb a) {
        int[] path = a.port();
        if (!ports.hasBus(a.bus())) {
            problems.add(Problem.error(Rule.USB_MISSING_BUS, addressOf(d), "USB bus " + a.bus()
                    + " does not exist: no USB controller has index " + a.bus()));
            return false;
        }
        for (int i = 0; i < path.length - 1; i++) {
            int n = ports.ports(a.bus(), path, i);
            if (path[i] > n) {
                problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port path "
                        + a.portString() + " on bus " + a.bus() + " goes through port " + path[i]
                        + ", which does not exist at that level"));
                return false;
            }
            if (ports.ports(a.bus(), path, i + 1) < 0) {
                problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port path "
                        + a.portString() + " on bus " + a.bus() + " goes through port " + path[i]
                        + ", but no hub with an address sits there"));
                return false;
            }
        }
        int n = ports.ports(a.bus(), path, path.length - 1);
        if (path[path.length - 1] > n) {
            problems.add(Problem.error(Rule.USB_OUT_OF_RANGE, addressOf(d), "USB port " + a.portString()
                    + " does not exist on bus " + a.bus() + " (that level has " + n + " ports)"));
            return false;
        }
        return true;
    }

    /** virDomainUSBAddressAssign: the first free port of the bus the address names, else of the first bus with one. */
    private Addr.Usb assignPort(Device d) {
        if (d.address() instanceof Addr.Usb u) {
            if (!ports.hasBus(u.bus())) {
                problems.add(Problem.error(Rule.USB_MISSING_BUS, addressOf(d), d.describe() + " asks for USB bus "
                        + u.bus() + ", but no USB controller has that index"));
                return null;
            }
            Optional<Addr.Usb> got = ports.reserveNext(u.bus(), d);
            if (got.isPresent()) {
                return got.get();
            }
        } else {
            Optional<Addr.Usb> got = ports.reserveNext(d);
            if (got.isPresent()) {
                return got.get();
            }
        }
        problems.add(Problem.error(Rule.USB_NO_PORT, addressOf(d), "no free USB port is left for " + d.describe()
                + "; add a USB controller or a hub"));
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
