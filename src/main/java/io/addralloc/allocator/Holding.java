package io.addralloc.allocator;

/**
 * The allocator's record of one reservation: found by index in its pool's map, and linked into
 * its owner's list so that release by owner and release by address are both cheap.
 */
final class Holding<O> {
    final PoolState<O> pool;
    final long index;
    final O owner;
    Holding<O> previous;
    Holding<O> next;

    Holding(PoolState<O> pool, long index, O owner) {
        this.pool = pool;
        this.index = index;
        this.owner = owner;
    }

    Reservation<O> toReservation() {
        return new Reservation<>(pool.addressOf(index), owner, pool.pool);
    }
}
