package io.addralloc.allocator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Outcome of {@link AddressAllocator#reserve(Address, Object)}: the address was reserved, or it
 * is taken, or no pool contains it. Failures are values rather than exceptions because a caller
 * such as a verifier reports them and goes on. {@link #toString()} is a readable sentence.
 */
public sealed interface ReserveResult<O> {

    /** The address the request named. */
    Address address();

    /** The address is now reserved for the caller. */
    record Reserved<O>(Reservation<O> reservation) implements ReserveResult<O> {
        @Override
        public Address address() {
            return reservation.address();
        }

        @Override
        public String toString() {
            return "reserved " + reservation;
        }
    }

    /** The address is already reserved, by {@code existing.owner()} (possibly the same owner). */
    record Conflict<O>(Address address, Reservation<O> existing) implements ReserveResult<O> {
        public O currentOwner() {
            return existing.owner();
        }

        @Override
        public String toString() {
            return address + " is already reserved by " + existing.owner();
        }
    }

    /**
     * No pool contains the address. {@code closest} holds the pools with the fewest fields out of
     * range, ties broken by the most leading fields in range, in the order the pools were added;
     * empty only when there are no pools.
     */
    record OutsidePools<O>(Address address, List<PoolMiss> closest) implements ReserveResult<O> {
        public OutsidePools {
            closest = List.copyOf(closest);
        }

        @Override
        public String toString() {
            if (closest.isEmpty()) {
                return address + " is outside every pool (there are no pools)";
            }
            return address + " is outside every pool; closest: "
                    + closest.stream().map(PoolMiss::toString).collect(Collectors.joining("; "));
        }
    }
}
