package io.addralloc.libvirt.addr;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Pool;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.Arrays;
import java.util.Optional;

/**
 * Drive addresses ({@code controller:bus:target:unit}) and who holds them, per disk bus
 * ({@code ide}, {@code sata}, {@code scsi}, {@code fdc}, ...): libvirt compares drive addresses of
 * one bus type only (virDomainDriveAddressIsUsedByDisk, virDomainDriveAddressIsUsedByHostdev,
 * virDomainSCSIDriveAddressIsUsed). libvirt keeps no table of the drive addresses that exist; any
 * value of each 32-bit field may be named. In the allocator core each bus is an allocator, and
 * each {@code controller:bus} pair named a pool of its {@code target:unit} pairs (2^64
 * addresses), added when first named.
 *
 * <p>Vocabulary: {@link #reserve} (exact), {@link #reserveNext} (the lowest free unit below a
 * limit on one controller), {@link #release}, {@link #ownerOf}. Which device goes where is
 * libvirt's policy, in {@code libvirt.define}.
 *
 * @param <O> the type of owners
 */
public final class DriveAddressSet<O> {
    static final AddressSpace SPACE = AddressSpace.builder("drive").field("controller", 32).field("bus", 32, ":")
            .field("target", 32, ":").field("unit", 32, ":").build();
    private static final long MAX = 0xFFFF_FFFFL;
    private static final FieldRange ALL = FieldRange.of(0, MAX);
    /**
     * Made once, shared by every set (pools are immutable): the pools of controllers 0 to 3, buses
     * 0 and 1, where nearly every disk is; a file is checked in a few microseconds.
     */
    private static final Pool[][] SHARED = new Pool[4][2];

    static {
        for (int c = 0; c < SHARED.length; c++) {
            for (int b = 0; b < SHARED[c].length; b++) {
                SHARED[c][b] = pool(c, b);
            }
        }
    }

    /** The disk buses named so far, each made when first named (a domain has one to three). */
    @SuppressWarnings("unchecked")
    private Bus<O>[] buses = new Bus[2];
    private int busCount;

    /** One disk bus: its allocator and the {@code controller:bus} pairs it has a pool for. */
    private static final class Bus<O> {
        final String name;
        final AddressAllocator<O> drives = new AddressAllocator<>(SPACE);
        long[] pairs = new long[2];
        int count;

        Bus(String name) {
            this.name = name;
        }

        AddressAllocator<O> withPool(long controller, long bus) {
            long pair = controller << 32 | bus;
            for (int i = 0; i < count; i++) {
                if (pairs[i] == pair) {
                    return drives;
                }
            }
            if (count == pairs.length) {
                pairs = Arrays.copyOf(pairs, count * 2);
            }
            pairs[count++] = pair;
            boolean shared = controller >= 0 && controller < SHARED.length && bus >= 0 && bus < SHARED[0].length;
            drives.addPool(shared ? SHARED[(int) controller][(int) bus] : pool(controller, bus));
            return drives;
        }
    }

    /** Reserves the drive address on disk bus {@code bus} for {@code owner}, or names who holds it. */
    public ReserveResult<O> reserve(String bus, Addr.Drive address, O owner) {
        return withPool(bus, address).reserve(addressOf(address), owner);
    }

    /**
     * Reserves the lowest free unit below {@code units} at {@code controller:0:0} on disk bus
     * {@code bus} (the scan of virDomainHostdevAssignAddress); empty when all are taken.
     */
    public Optional<Addr.Drive> reserveNext(String bus, long controller, long units, O owner) {
        if (units <= 0) {
            return Optional.empty();
        }
        Addr.Drive first = new Addr.Drive(controller, 0, 0, 0);
        Optional<Reservation<O>> got = withPool(bus, first).reserveFirstFree(SPACE.patternBuilder()
                .value("controller", controller).value("bus", 0).value("target", 0).range("unit", 0, units - 1)
                .build(), owner);
        return got.map(r -> new Addr.Drive(controller, 0, 0, r.address().get(3)));
    }

    /** Frees the drive address on disk bus {@code bus}; returns its owner, empty when it was free. */
    public Optional<O> release(String bus, Addr.Drive address) {
        Bus<O> b = bus(bus);
        return b == null ? Optional.empty() : b.drives.release(addressOf(address)).map(Reservation::owner);
    }

    /** Who holds the drive address on disk bus {@code bus}; empty when it is free. */
    public Optional<O> ownerOf(String bus, Addr.Drive address) {
        Bus<O> b = bus(bus);
        return b == null ? Optional.empty() : b.drives.ownerOf(addressOf(address));
    }

    /** The bus's allocator, with a pool for the address's controller and bus. */
    private AddressAllocator<O> withPool(String bus, Addr.Drive a) {
        Bus<O> b = bus(bus);
        if (b == null) {
            if (busCount == buses.length) {
                buses = Arrays.copyOf(buses, busCount * 2);
            }
            b = new Bus<>(bus);
            buses[busCount++] = b;
        }
        return b.withPool(a.controller(), a.bus());
    }

    private Bus<O> bus(String name) {
        for (int i = 0; i < busCount; i++) {
            if (buses[i].name.equals(name)) {
                return buses[i];
            }
        }
        return null;
    }

    private static Pool pool(long controller, long bus) {
        return SPACE.pool(FieldRange.single(controller), FieldRange.single(bus), ALL, ALL);
    }

    /** Throws for a field beyond 32 bits: the reader and the target names give none. */
    private static Address addressOf(Addr.Drive a) {
        return SPACE.address(a.controller(), a.bus(), a.target(), a.unit());
    }
}
