package io.addralloc.libvirt.addr;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressPattern;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Pool;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * USB ports and who holds them (libvirt's virDomainUSBAddressSet): each USB bus (a controller's
 * root ports) and each hub on it is a pool of its ports in the allocator core, added as the hub
 * gets its port. A port is a bus and a path of at most {@value #MAX_DEPTH} port numbers from 1,
 * such as {@code 1.2}: port 2 of the hub on port 1.
 *
 * <p>The path is stored as {@value #MAX_DEPTH} levels of two fields each, "through" (1 when the
 * path goes on into a hub on this port, 0 on the port it ends at) and the port number, so that
 * address order is libvirt's search order (virDomainUSBAddressFindFreePort): a hub's own ports
 * before the ports of the hubs on it, those hubs in port order, depth first. "The first free port
 * of a bus" is then one first-free query in address order.
 *
 * <p>Vocabulary: {@link #reserve} (exact), {@link #reserveNext} (the first free port of one bus or
 * of the lowest bus that has one), {@link #release}, {@link #ownerOf}; the topology:
 * {@link #addBus}, {@link #addHub}, {@link #ports}. Which device goes where is libvirt's policy,
 * in {@code libvirt.assign.UsbAssigner}.
 *
 * @param <O> the type of owners
 */
public final class UsbAddressSet<O> {
    /** The longest port path (VIR_DOMAIN_DEVICE_USB_MAX_PORT_DEPTH). */
    public static final int MAX_DEPTH = 4;
    static final AddressSpace SPACE = space();

    /**
     * Made once, shared by every set (pools and patterns are immutable): the root pools of buses 0
     * to 3 with up to 8 ports, and the patterns of those buses. Nearly every domain has one bus of
     * 2 to 6 ports, and a file is checked in a few microseconds.
     */
    private static final int SHARED_BUSES = 4;
    private static final int SHARED_PORTS = 8;
    private static final Pool[][] ROOTS = new Pool[SHARED_BUSES][SHARED_PORTS + 1];
    private static final AddressPattern[] ON_BUS = new AddressPattern[SHARED_BUSES];

    static {
        for (int bus = 0; bus < SHARED_BUSES; bus++) {
            ON_BUS[bus] = onBus(bus);
            for (int n = 1; n <= SHARED_PORTS; n++) {
                ROOTS[bus][n] = pool(bus, new int[0], n);
            }
        }
    }

    /** The buses and their numbers of root ports, at the same positions, in the order added (a domain has one or two). */
    private long[] busIds = new long[2];
    private int[] busPorts = new int[2];
    private int buses;
    /** The port counts of the hubs with ports, by {@code "bus/1.2"}; made at the first hub. */
    private Map<String, Integer> hubs;
    /** Made at the first reservation or query, with the buses' pools. */
    private AddressAllocator<O> ports;

    private static AddressSpace space() {
        AddressSpace.Builder b = AddressSpace.builder("usb").field("bus", 32);
        for (int level = 1; level <= MAX_DEPTH; level++) {
            b.field("through" + level, 1, level == 1 ? " " : ".").field("port" + level, 32, "/");
        }
        return b.build();
    }

    /** Adds bus {@code bus} with {@code count} root ports (at least 1); false when the bus exists already. */
    public boolean addBus(long bus, int count) {
        if (count < 1 || bus < 0 || bus > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("USB bus " + bus + " of " + count + " ports");
        }
        if (hasBus(bus)) {
            return false;
        }
        if (buses == busIds.length) {
            busIds = Arrays.copyOf(busIds, buses * 2);
            busPorts = Arrays.copyOf(busPorts, buses * 2);
        }
        busIds[buses] = bus;
        busPorts[buses++] = count;
        if (ports != null) {
            ports.addPool(root(bus, count));
        }
        return true;
    }

    public boolean hasBus(long bus) {
        return rootPorts(bus) >= 0;
    }

    private int rootPorts(long bus) {
        for (int i = 0; i < buses; i++) {
            if (busIds[i] == bus) {
                return busPorts[i];
            }
        }
        return -1;
    }

    /**
     * The ports of the bus's root ({@code depth} 0) or of the hub at the first {@code depth}
     * elements of {@code path}; -1 when there is no such bus or hub, or it has no ports one can
     * name (a hub at the greatest depth).
     */
    public int ports(long bus, int[] path, int depth) {
        if (depth == 0) {
            return rootPorts(bus);
        }
        Integer n = hubs == null ? null : hubs.get(key(bus, path, depth));
        return n == null ? -1 : n;
    }

    /**
     * Makes the port at {@code hub} (which its owner holds) a hub of {@code count} ports. A hub at
     * the greatest depth gets no pool: no path reaches its ports.
     */
    public void addHub(Addr.Usb hub, int count) {
        int[] path = hub.port();
        if (path.length < MAX_DEPTH) {
            allocator().addPool(pool(hub.bus(), path, count));
            if (hubs == null) {
                hubs = new HashMap<>();
            }
            hubs.put(key(hub.bus(), path, path.length), count);
        }
    }

    /**
     * Reserves the port for {@code owner}: a conflict names the holder; a port of no bus or hub,
     * or beyond its last, is outside every pool.
     */
    public ReserveResult<O> reserve(Addr.Usb port, O owner) {
        return allocator().reserve(addressOf(port), owner);
    }

    /** Reserves the first free port of bus {@code bus}, in libvirt's order; empty when it has none. */
    public Optional<Addr.Usb> reserveNext(long bus, O owner) {
        AddressPattern pattern = bus >= 0 && bus < SHARED_BUSES ? ON_BUS[(int) bus] : onBus(bus);
        return allocator().reserveFirstFree(pattern, owner).map(UsbAddressSet::toAddr);
    }

    /** Reserves the first free port of the lowest bus that has one; empty when none has. */
    public Optional<Addr.Usb> reserveNext(O owner) {
        return allocator().reserveAny(owner).map(UsbAddressSet::toAddr);
    }

    /** Frees the port; returns its owner, empty when it was free. */
    public Optional<O> release(Addr.Usb port) {
        return ports == null ? Optional.empty() : ports.release(addressOf(port)).map(Reservation::owner);
    }

    /** Who holds the port; empty when it is free or does not exist. */
    public Optional<O> ownerOf(Addr.Usb port) {
        return ports == null ? Optional.empty() : ports.ownerOf(addressOf(port));
    }

    private AddressAllocator<O> allocator() {
        if (ports == null) {
            ports = new AddressAllocator<>(SPACE);
            for (int i = 0; i < buses; i++) {
                ports.addPool(root(busIds[i], busPorts[i]));
            }
        }
        return ports;
    }

    private static Pool root(long bus, int count) {
        return bus < SHARED_BUSES && count <= SHARED_PORTS ? ROOTS[(int) bus][count] : pool(bus, new int[0], count);
    }

    /** The ports of the bus's root (an empty path) or of the hub at {@code path}. */
    private static Pool pool(long bus, int[] path, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a USB hub or bus of " + count + " ports");
        }
        FieldRange[] ranges = new FieldRange[SPACE.fieldCount()];
        Arrays.fill(ranges, FieldRange.single(0));
        ranges[0] = FieldRange.single(bus);
        for (int i = 0; i < path.length; i++) {
            ranges[1 + 2 * i] = FieldRange.single(1);
            ranges[2 + 2 * i] = FieldRange.single(path[i]);
        }
        ranges[2 + 2 * path.length] = FieldRange.of(1, count);
        return SPACE.pool(ranges);
    }

    private static AddressPattern onBus(long bus) {
        return SPACE.patternBuilder().value("bus", bus).build();
    }

    /** Throws for an empty path or one longer than {@value #MAX_DEPTH}: the reader gives none. */
    private static Address addressOf(Addr.Usb a) {
        int[] path = a.port();
        if (path.length == 0 || path.length > MAX_DEPTH) {
            throw new IllegalArgumentException("USB port path '" + a.portString() + "'");
        }
        long[] v = new long[SPACE.fieldCount()];
        v[0] = a.bus();
        for (int i = 0; i < path.length; i++) {
            v[1 + 2 * i] = i < path.length - 1 ? 1 : 0;
            v[2 + 2 * i] = path[i];
        }
        return SPACE.address(v);
    }

    private static Addr.Usb toAddr(Reservation<?> r) {
        Address a = r.address();
        int depth = 1;
        while (a.get(2 * depth - 1) == 1) {
            depth++;
        }
        int[] path = new int[depth];
        for (int i = 0; i < depth; i++) {
            path[i] = (int) a.get(2 + 2 * i);
        }
        return new Addr.Usb(a.get(0), path);
    }

    private static String key(long bus, int[] path, int depth) {
        StringBuilder sb = new StringBuilder().append(bus);
        for (int i = 0; i < depth; i++) {
            sb.append(i == 0 ? '/' : '.').append(path[i]);
        }
        return sb.toString();
    }
}
