package io.addralloc.allocator;

import java.util.Objects;

/**
 * One reserved address, who holds it, and the pool it lies in. Immutable; {@code owner} is
 * whatever the caller passed (never null).
 */
public record Reservation<O>(Address address, O owner, Pool pool) {

    public Reservation {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(pool, "pool");
    }

    @Override
    public String toString() {
        return address + " -> " + owner + " in " + pool;
    }
}
