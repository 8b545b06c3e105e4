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
import java.util.Optional;

/**
 * The ports of a domain's virtio-serial controllers and who holds them (libvirt's
 * virDomainVirtioSerialAddrSet): one pool per controller, {@code controller:0..ports-1}, in the
 * allocator core. An address is a controller and a port; the {@code bus} of a virtio-serial
 * address plays no part, as in libvirt's virDomainVirtioSerialAddrReserve. Port 0 exists but is
 * never handed out by {@link #reserveNext}: channels count from 1.
 *
 * <p>Vocabulary: {@link #reserve} (exact), {@link #reserveNext} (lowest free port from 1, of one
 * controller or of the first controller by index that has one), {@link #release},
 * {@link #ownerOf}. Which device goes where is libvirt's policy, in
 * {@code libvirt.assign.VirtioSerialAssigner}.
 *
 * @param <O> the type of owners
 */
public final class VirtioSerialAddressSet<O> {
    static final AddressSpace SPACE = AddressSpace.builder("virtio-serial").field("controller", 64)
            .field("port", 64, ":").build();
    private static final long MAX = 0xFFFF_FFFFL;
    private static final long LAST_PORT = -1L;
    /** Any controller, ports from 1: libvirt's virDomainVirtioSerialAddrNext over all controllers. */
    private static final AddressPattern ANY_FROM_1 = SPACE.patternBuilder().range("port", 1, LAST_PORT).build();
    /**
     * Made once, shared by every set (pools and patterns are immutable): the pools of controllers
     * 0 to 3 with the default number of ports, and the patterns of their ports from 1. Most domains
     * have one such controller, and a file is checked in a few microseconds.
     */
    private static final int SHARED = 4;
    private static final Pool[] DEFAULT_POOLS = new Pool[SHARED];
    private static final AddressPattern[] FROM_1 = new AddressPattern[SHARED];

    static {
        for (int c = 0; c < SHARED; c++) {
            DEFAULT_POOLS[c] = pool(c, Ports.VIRTIO_SERIAL_DEFAULT_PORTS);
            FROM_1[c] = onController(c);
        }
    }

    /**
     * The controllers' indices and numbers of ports, at the same positions, in the order added (a
     * domain has one or two: arrays cost less than a map); a controller of 0 ports has no pool.
     */
    private long[] indices = new long[2];
    private long[] counts = new long[2];
    private int controllers;
    /** Made at the first reservation or query, with a pool per controller known then. */
    private AddressAllocator<O> ports;

    /**
     * Adds a controller of {@code count} ports (port 0 included). Before the first reservation
     * a second controller of the same index replaces the first (the last in the file counts, as
     * before the address sets); afterwards an index may not come twice.
     */
    public void addController(long index, long count) {
        if (index < 0 || index > MAX || count < 0 || count > MAX + 1) {
            throw new IllegalArgumentException("virtio-serial controller " + index + " with " + count + " ports");
        }
        int at = position(index);
        if (at >= 0 && ports != null) {
            throw new IllegalStateException("virtio-serial controller " + index + " added twice");
        }
        if (at < 0) {
            if (controllers == indices.length) {
                indices = Arrays.copyOf(indices, controllers * 2);
                counts = Arrays.copyOf(counts, controllers * 2);
            }
            at = controllers++;
            indices[at] = index;
        }
        counts[at] = count;
        if (ports != null) {
            addPool(index, count);
        }
    }

    public boolean hasController(long index) {
        return position(index) >= 0;
    }

    /** The ports of controller {@code index}, port 0 included; -1 when there is no such controller. */
    public long ports(long index) {
        int at = position(index);
        return at < 0 ? -1 : counts[at];
    }

    private int position(long index) {
        for (int i = 0; i < controllers; i++) {
            if (indices[i] == index) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reserves the port the address names for {@code owner}: a conflict names the holder; a
     * missing controller or a port beyond its last is outside every pool.
     */
    public ReserveResult<O> reserve(Addr.VirtioSerial address, O owner) {
        return allocator().reserve(addressOf(address), owner);
    }

    /** Reserves the lowest free port from 1 of controller {@code controller}; empty when it has none or does not exist. */
    public Optional<Addr.VirtioSerial> reserveNext(long controller, O owner) {
        if (!hasController(controller)) {
            return Optional.empty();
        }
        AddressPattern ports1 = controller >= 0 && controller < SHARED ? FROM_1[(int) controller]
                : onController(controller);
        return toAddr(allocator().reserveFirstFree(ports1, owner));
    }

    /** Reserves the lowest free port from 1 of the lowest-index controller that has one; empty when none has. */
    public Optional<Addr.VirtioSerial> reserveNext(O owner) {
        if (controllers == 0) {
            return Optional.empty();
        }
        return toAddr(allocator().reserveFirstFree(ANY_FROM_1, owner));
    }

    /** Frees the port; returns its owner, empty when it was free or does not exist. */
    public Optional<O> release(Addr.VirtioSerial address) {
        return ports == null ? Optional.empty() : ports.release(addressOf(address)).map(Reservation::owner);
    }

    /** Who holds the port; empty when it is free or does not exist. */
    public Optional<O> ownerOf(Addr.VirtioSerial address) {
        return ports == null ? Optional.empty() : ports.ownerOf(addressOf(address));
    }

    /** The fields are read as unsigned 64-bit values, so a negative one (unreadable in the file) lies outside every pool. */
    private static Address addressOf(Addr.VirtioSerial a) {
        return SPACE.address(a.controller(), a.port());
    }

    private static <T> Optional<Addr.VirtioSerial> toAddr(Optional<Reservation<T>> r) {
        return r.map(got -> new Addr.VirtioSerial(got.address().get(0), 0, got.address().get(1)));
    }

    private AddressAllocator<O> allocator() {
        if (ports == null) {
            ports = new AddressAllocator<>(SPACE);
            for (int i = 0; i < controllers; i++) {
                addPool(indices[i], counts[i]);
            }
        }
        return ports;
    }

    private void addPool(long index, long count) {
        if (count > 0) {
            boolean shared = index < SHARED && count == Ports.VIRTIO_SERIAL_DEFAULT_PORTS;
            ports.addPool(shared ? DEFAULT_POOLS[(int) index] : pool(index, count));
        }
    }

    private static Pool pool(long index, long count) {
        return SPACE.pool(FieldRange.single(index), FieldRange.of(0, count - 1));
    }

    private static AddressPattern onController(long controller) {
        return SPACE.patternBuilder().value("controller", controller).range("port", 1, LAST_PORT).build();
    }
}
