package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.BitSet;
import java.util.TreeMap;

/**
 * virtio-serial ports as libvirt 9.0 hands them out: ports given in full are reserved first;
 * a channel that names only its controller gets the lowest free port from 1 there; any other
 * channel takes the lowest free port from 1 of the first controller (by index) that has one,
 * and when all are full libvirt adds a controller. A virtio console without an address takes
 * no port; one with a portless virtio-serial address uses up a port of controller 0 (see
 * {@link #consolePort}) before the channels are served.
 */
public final class VirtioSerialAssigner {
    private static final long DEFAULT_PORTS = Ports.VIRTIO_SERIAL_DEFAULT_PORTS;

    private final Domain domain;
    private final Problems problems;
    /** Controller index to its ports in use; ordered so that "first controller" means lowest index. */
    private final TreeMap<Long, BitSet> used = new TreeMap<>();
    private final TreeMap<Long, Long> size = new TreeMap<>();

    private VirtioSerialAssigner(Domain domain, Problems problems) {
        this.domain = domain;
        this.problems = problems;
    }

    public static void run(Domain domain, Problems problems) {
        new VirtioSerialAssigner(domain, problems).assign();
    }

    private void assign() {
        for (Device c : domain.controllers()) {
            if ("virtio-serial".equals(c.type)) {
                addController(c.index, c.ports >= 0 ? c.ports : DEFAULT_PORTS);
            }
        }
        for (Device d : domain.all()) {
            if (d.addr instanceof Addr.VirtioSerial vs && vs.port() != 0) {
                reserve(d, vs);
            }
        }
        for (Device con : domain.of(DeviceKind.CONSOLE)) {
            if ("virtio".equals(con.targetType) && !con.addrInvalid && con.addr instanceof Addr.VirtioSerial vs
                    && vs.port() == 0) {
                consolePort(con);
            }
        }
        for (Device ch : domain.of(DeviceKind.CHANNEL)) {
            if (!"virtio".equals(ch.targetType) || ch.addrInvalid) {
                continue;
            }
            if (ch.addr instanceof Addr.VirtioSerial vs) {
                if (vs.port() != 0) {
                    continue;
                }
                BitSet ports = used.get(vs.controller());
                long free = ports == null ? -1 : ports.nextClearBit(1);
                if (ports == null || free >= size.get(vs.controller())) {
                    problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(ch), "virtio-serial controller "
                            + vs.controller() + " has no free port left for " + ch.describe()
                            + "; raise its ports= or use another controller"));
                    continue;
                }
                ports.set((int) free);
                ch.addr = new Addr.VirtioSerial(vs.controller(), 0, free);
                continue;
            }
            ch.addr = firstFree();
        }
    }

    /**
     * A virtio console that carries a virtio-serial address without a port: libvirt 9.0 takes
     * the lowest free port from 1 of controller 0 for it (whatever controller the address
     * names), yet keeps the console's own address as written, port 0. Channels assigned later
     * skip that port. A console without an address takes none.
     */
    private void consolePort(Device con) {
        BitSet ports = used.get(0L);
        if (ports == null) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(con), con.describe() + " has a"
                    + " virtio-serial address without a port, for which libvirt takes a port of virtio-serial"
                    + " controller 0, and there is no such controller (libvirt: virtio-serial controller 0 not"
                    + " available); add a virtio-serial controller with index 0 or remove the console's address"));
            return;
        }
        int free = ports.nextClearBit(1);
        if (free >= size.get(0L)) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_NO_PORT, Device.addressOf(con), "virtio-serial controller 0"
                    + " has no free port left for " + con.describe() + " (libvirt takes one there for a console"
                    + " with a virtio-serial address without a port); raise its ports= or remove the console's"
                    + " address"));
            return;
        }
        ports.set(free);
    }

    private void addController(long index, long ports) {
        used.put(index, new BitSet());
        size.put(index, ports);
    }

    private Addr.VirtioSerial firstFree() {
        for (var e : used.entrySet()) {
            int free = e.getValue().nextClearBit(1);
            if (free < size.get(e.getKey())) {
                e.getValue().set(free);
                return new Addr.VirtioSerial(e.getKey(), 0, free);
            }
        }
        long idx = 0;
        while (domain.controller("virtio-serial", idx) != null) {
            idx++;
        }
        domain.addImplicitController("virtio-serial", idx, null);
        addController(idx, DEFAULT_PORTS);
        used.get(idx).set(1);
        return new Addr.VirtioSerial(idx, 0, 1);
    }

    private void reserve(Device d, Addr.VirtioSerial vs) {
        BitSet ports = used.get(vs.controller());
        if (ports == null) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_OUT_OF_RANGE, Device.addressOf(d), "virtio-serial controller "
                    + vs.controller() + " does not exist"));
            return;
        }
        long n = size.get(vs.controller());
        if (vs.port() >= n) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_OUT_OF_RANGE, Device.addressOf(d), "virtio-serial controller "
                    + vs.controller() + " has ports 0 to " + (n - 1) + ", so port " + vs.port()
                    + " does not exist; pick a lower port or raise the controller's ports="));
            return;
        }
        if (ports.get((int) vs.port())) {
            problems.add(Problem.error(Rule.VIRTIO_SERIAL_DUPLICATE_PORT, Device.addressOf(d), "virtio-serial port "
                    + vs.port() + " on controller " + vs.controller() + " is already used by "
                    + holder(vs) + "; give " + d.describe() + " another port, or remove its address")
                    .with(holderElement(vs)));
            return;
        }
        ports.set((int) vs.port());
    }

    private io.addralloc.libvirt.xml.LocatedElement holderElement(Addr.VirtioSerial vs) {
        for (Device d : domain.all()) {
            if (d.addr instanceof Addr.VirtioSerial o && o.controller() == vs.controller() && o.port() == vs.port()) {
                return d.element();
            }
        }
        return null;
    }

    private String holder(Addr.VirtioSerial vs) {
        for (Device d : domain.all()) {
            if (d.addr instanceof Addr.VirtioSerial o && o.controller() == vs.controller() && o.port() == vs.port()) {
                return d.describe() + (d.element() == null ? "" : " at line " + d.element().line());
            }
        }
        return "another device";
    }

}
