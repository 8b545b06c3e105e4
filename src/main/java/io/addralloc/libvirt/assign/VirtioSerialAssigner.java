package io.addralloc.libvirt.assign;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.addr.VirtioSerialAddressSet;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.List;
import java.util.Optional;

/**
 * virtio-serial ports as libvirt 9.0 hands them out: ports given in full are reserved first;
 * a channel that names only its controller gets the lowest free port from 1 there; any other
 * channel takes the lowest free port from 1 of the first controller (by index) that has one,
 * and when all are full libvirt adds a controller. A virtio console without an address takes
 * no port; one with a portless virtio-serial address uses up a port of controller 0 (see
 * {@link #consolePort}) before the channels are served. The ports and their holders are a
 * {@link VirtioSerialAddressSet}; this class is the policy (qemuDomainAssignVirtioSerialAddresses,
 * virDomainVirtioSerialAddrAutoAssign).
 */
public final class VirtioSerialAssigner {
    private static final long DEFAULT_PORTS = Ports.VIRTIO_SERIAL_DEFAULT_PORTS;

    private final Domain domain;
    private final Problems problems;
    private final VirtioSerialAddressSet<Device> ports = new VirtioSerialAddressSet<>();

    private VirtioSerialAssigner(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    public static void run(Domain domain, Problems problems) {
        new VirtioSerialAssigner(domain, problems).assign();
    }

    /** virDomainVirtioSerialAddrSetCreateFromDomain, then the explicit ports, the consoles and the channels. */
    private void assign() {
        for (Device c : domain.controllers()) {
            if ("virtio-serial".equals(c.type)) {
                ports.addController(c.index, c.ports >= 0 ? c.ports : DEFAULT_PORTS);
            }
        }
        for (Device d : domain.all()) {
            if (d.address() instanceof Addr.VirtioSerial vs && vs.port() != 0) {
                reserve(d, vs);
            }
        }
        for (Device con : domain.of(DeviceKind.CONSOLE)) {
            if ("virtio".equals(con.targetType) && !con.addrInvalid && con.address() instanceof Addr.VirtioSerial vs
                    && vs.port() == 0) {
                consolePort(con);
            }
        }
        for (Device ch : domain.of(DeviceKind.CHANNEL)) {
            if (!"virtio".equals(ch.targetType) || ch.addrInvalid) {
                continue;
            }
            if (ch.address() instanceof Addr.VirtioSerial vs) {
                if (vs.port() != 0) {
                    continue;
                }
                // virDomainVirtioSerialAddrAssign with a controller given: that controller's next port.
                Optional<Addr.VirtioSerial> got = ports.reserveNext(vs.controller(), ch);
                if (got.isEmpty()) {
                    problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(ch), "virtio-serial controller "
                            + vs.controller() + " has no free port left for " + ch.describe()
                            + "; raise its ports= or use another controller"));
                    continue;
                }
                ch.place(got.get());
                continue;
            }
            ch.place(firstFree(ch));
        }
    }

    /**
     * A virtio console that carries a virtio-serial address without a port: libvirt 9.0 takes
     * the lowest free port from 1 of controller 0 for it (whatever controller the address
     * names), yet keeps the console's own address as written, port 0. Channels assigned later
     * skip that port. A console without an address takes none.
     */
    private void consolePort(Device con) {
        if (!ports.hasController(0)) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(con), con.describe() + " has a"
                    + " virtio-serial address without a port, for which libvirt takes a port of virtio-serial"
                    + " controller 0, and there is no such controller (libvirt: virtio-serial controller 0 not"
                    + " available); add a virtio-serial controller with index 0 or remove the console's address"));
            return;
        }
        if (ports.reserveNext(0, con).isEmpty()) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(con), "virtio-serial controller 0"
                    + " has no free port left for " + con.describe() + " (libvirt takes one there for a console"
                    + " with a virtio-serial address without a port); raise its ports= or remove the console's"
                    + " address"));
        }
    }

    /**
     * virDomainVirtioSerialAddrAutoAssign without a controller: the next port of the first
     * controller that has one, else a new controller (the lowest unused index) and its port 1.
     */
    private Addr.VirtioSerial firstFree(Device ch) {
        Optional<Addr.VirtioSerial> got = ports.reserveNext(ch);
        if (got.isPresent()) {
            return got.get();
        }
        long idx = 0;
        while (domain.controller("virtio-serial", idx) != null) {
            idx++;
        }
        domain.addImplicitController("virtio-serial", idx, null);
        ports.addController(idx, DEFAULT_PORTS);
        return ports.reserveNext(idx, ch).orElseThrow();
    }

    /** virDomainVirtioSerialAddrReserve: a port the file gives. */
    private void reserve(Device d, Addr.VirtioSerial vs) {
        long n = ports.ports(vs.controller());
        if (n < 0) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_OUT_OF_RANGE, Device.addressOf(d), "virtio-serial controller "
                    + vs.controller() + " does not exist"));
            return;
        }
        if (vs.port() >= n) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_OUT_OF_RANGE, Device.addressOf(d), "virtio-serial controller "
                    + vs.controller() + " has ports 0 to " + (n - 1) + ", so port " + vs.port()
                    + " does not exist; pick a lower port or raise the controller's ports="));
            return;
        }
        if (ports.reserve(vs, d) instanceof ReserveResult.Conflict<Device> c) {
            Device holder = c.currentOwner();
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_DUPLICATE_PORT, Device.addressOf(d), "virtio-serial port "
                    + vs.port() + " on controller " + vs.controller() + " is already used by " + holder.describe()
                    + (holder.element() == null ? "" : " at line " + holder.element().line()) + "; give "
                    + d.describe() + " another port, or remove its address").with(holder.element()));
        }
    }
}
