package io.addralloc.libvirt.addr;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import java.util.Optional;

/**
 * The slots of ccid (smartcard) controllers and who holds them, in the allocator core: one pool
 * of every {@code controller:slot}. libvirt keeps no table of ccid slots; a smartcard without an
 * address takes the slot one above the highest any smartcard holds on controller 0
 * (virDomainSmartcardDefPostParse), holes below it left alone. A slot is a 32-bit number in the
 * file, so "one above the highest" reaches 2^32, and the slot field has 33 bits.
 *
 * <p>Vocabulary: {@link #reserve} (exact), {@link #reserveNext} (one above the highest held on a
 * controller), {@link #release}, {@link #ownerOf}.
 *
 * @param <O> the type of owners
 */
public final class CcidAddressSet<O> {
    static final AddressSpace SPACE = AddressSpace.builder("ccid").field("controller", 32).field("slot", 33, ":")
            .build();

    private final AddressAllocator<O> slots = new AddressAllocator<>(SPACE);

    public CcidAddressSet() {
        slots.addPool(SPACE.pool(FieldRange.of(0, 0xFFFF_FFFFL), FieldRange.of(0, (1L << 33) - 1)));
    }

    /** Reserves the slot for {@code owner}, or names who holds it. Throws for a value beyond its field. */
    public ReserveResult<O> reserve(Addr.Ccid slot, O owner) {
        return slots.reserve(addressOf(slot), owner);
    }

    /**
     * Reserves the slot one above the highest held on {@code controller} (slot 0 when none is),
     * costing a listing of the reservations: a domain has a smartcard or two. Empty when the
     * highest is the last of the field.
     */
    public Optional<Addr.Ccid> reserveNext(long controller, O owner) {
        long highest = -1;
        for (Reservation<O> r : slots.reservations()) {
            if (r.address().get(0) == controller) {
                highest = r.address().get(1);
            }
        }
        if (highest == (1L << 33) - 1) {
            return Optional.empty();
        }
        Addr.Ccid next = new Addr.Ccid(controller, highest + 1);
        slots.reserve(addressOf(next), owner);
        return Optional.of(next);
    }

    /** Frees the slot; returns its owner, empty when it was free. */
    public Optional<O> release(Addr.Ccid slot) {
        return slots.release(addressOf(slot)).map(Reservation::owner);
    }

    /** Who holds the slot; empty when it is free. */
    public Optional<O> ownerOf(Addr.Ccid slot) {
        return slots.ownerOf(addressOf(slot));
    }

    private static Address addressOf(Addr.Ccid a) {
        return SPACE.address(a.controller(), a.slot());
    }
}
