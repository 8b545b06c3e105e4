package io.addralloc.allocator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out addresses of one {@link AddressSpace} from a set of pools; one implementation serves
 * every address type. See the package documentation for the data structure and costs.
 *
 * <p>Contracts:
 * <ul>
 *   <li>Pools never overlap: {@link #addPool} rejects a pool sharing an address with one already
 *       added, so every address belongs to at most one pool.</li>
 *   <li>Owners are any non-null objects, compared with {@code equals}/{@code hashCode}, which
 *       must not change while the owner holds reservations. An owner may hold many addresses.
 *       Reservations report the owner object passed when the address was reserved.</li>
 *   <li>"First free" means lowest in address order: lexicographic by field, each field unsigned,
 *       across all eligible pools. Results are deterministic.</li>
 *   <li>A request for flags only considers pools carrying all of them; no flags means every
 *       pool. {@link #reserve(Address, Object)} places an exact address and ignores flags.</li>
 *   <li>Expected failures ({@link ReserveResult.Conflict}, {@link ReserveResult.OutsidePools},
 *       nothing free) are results. Programming errors (an address, pattern or pool of another
 *       space, a null owner, an overlapping pool) throw.</li>
 * </ul>
 *
 * <p>Not thread-safe.
 *
 * @param <O> the type of owners
 */
public final class AddressAllocator<O> {
    private final AddressSpace space;
    private final List<PoolState<O>> pools = new ArrayList<>();
    private final Map<O, Holding<O>> byOwner = new HashMap<>();
    private long usedCount;

    public AddressAllocator(AddressSpace space) {
        this.space = Objects.requireNonNull(space, "space");
    }

    public AddressSpace space() {
        return space;
    }

    /**
     * Adds a pool and returns it. Throws {@link IllegalArgumentException} when it belongs to
     * another space or overlaps a pool already added (the message names both and an address
     * they share).
     */
    public Pool addPool(Pool pool) {
        checkSpace(pool.space(), "pool", pool);
        for (PoolState<O> existing : pools) {
            if (existing.pool.overlaps(pool)) {
                long[] shared = new long[space.fieldCount()];
                for (int i = 0; i < shared.length; i++) {
                    long a = pool.range(i).first();
                    long b = existing.pool.range(i).first();
                    shared[i] = Long.compareUnsigned(a, b) > 0 ? a : b;
                }
                throw new IllegalArgumentException("pool " + pool + " overlaps pool " + existing.pool + " (both contain "
                        + new Address(space, shared) + "); pools must be disjoint");
            }
        }
        pools.add(new PoolState<>(pool));
        return pool;
    }

    /** The pools in the order they were added. */
    public List<Pool> pools() {
        return pools.stream().map(p -> p.pool).toList();
    }

    /** Reserves exactly {@code address} for {@code owner}, or says why not. */
    public ReserveResult<O> reserve(Address address, O owner) {
        checkSpace(address.space(), "address", address);
        Objects.requireNonNull(owner, "owner");
        PoolState<O> ps = poolOf(address);
        if (ps == null) {
            return new ReserveResult.OutsidePools<>(address, closestPools(address));
        }
        long index = ps.indexOf(address);
        Holding<O> existing = ps.holdings.get(index);
        if (existing != null) {
            return new ReserveResult.Conflict<>(address, existing.toReservation());
        }
        Holding<O> h = hold(ps, index, owner);
        return new ReserveResult.Reserved<>(new Reservation<>(address, h.owner, ps.pool));
    }

    /** The lowest free address matching {@code pattern} in a pool carrying {@code requiredFlags}, without reserving it. */
    public Optional<Address> firstFree(AddressPattern pattern, Collection<String> requiredFlags) {
        Found<O> f = find(pattern, requiredFlags);
        return f == null ? Optional.empty() : Optional.of(f.address);
    }

    public Optional<Address> firstFree(AddressPattern pattern) {
        return firstFree(pattern, Set.of());
    }

    /**
     * Reserves the lowest free address matching {@code pattern} in a pool carrying every flag in
     * {@code requiredFlags}; empty when there is none.
     */
    public Optional<Reservation<O>> reserveFirstFree(AddressPattern pattern, Collection<String> requiredFlags, O owner) {
        Objects.requireNonNull(owner, "owner");
        Found<O> f = find(pattern, requiredFlags);
        if (f == null) {
            return Optional.empty();
        }
        hold(f.pool, f.index, owner);
        return Optional.of(new Reservation<>(f.address, owner, f.pool.pool));
    }

    public Optional<Reservation<O>> reserveFirstFree(AddressPattern pattern, O owner) {
        return reserveFirstFree(pattern, Set.of(), owner);
    }

    /** Reserves the lowest free address of any pool. */
    public Optional<Reservation<O>> reserveAny(O owner) {
        return reserveFirstFree(space.anyAddress(), Set.of(), owner);
    }

    /** Reserves the lowest free address of any pool carrying every flag in {@code requiredFlags}. */
    public Optional<Reservation<O>> reserveAny(Collection<String> requiredFlags, O owner) {
        return reserveFirstFree(space.anyAddress(), requiredFlags, owner);
    }

    /** Frees {@code address}; returns the reservation it ended, empty when the address was free or outside every pool. */
    public Optional<Reservation<O>> release(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = poolOf(address);
        if (ps == null) {
            return Optional.empty();
        }
        Holding<O> h = ps.holdings.remove(ps.indexOf(address));
        if (h == null) {
            return Optional.empty();
        }
        ps.release(h.index);
        unlink(h);
        usedCount--;
        return Optional.of(new Reservation<>(address, h.owner, ps.pool));
    }

    /** Frees every address held by an owner equal to {@code owner}; returns them in address order. */
    public List<Reservation<O>> releaseAll(O owner) {
        Holding<O> h = byOwner.remove(Objects.requireNonNull(owner, "owner"));
        List<Reservation<O>> released = new ArrayList<>();
        for (; h != null; h = h.next) {
            h.pool.holdings.remove(h.index);
            h.pool.release(h.index);
            usedCount--;
            released.add(h.toReservation());
        }
        released.sort(Comparator.comparing(Reservation::address));
        return released;
    }

    /** The reservation holding {@code address}, if any. */
    public Optional<Reservation<O>> reservationAt(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = poolOf(address);
        Holding<O> h = ps == null ? null : ps.holdings.get(ps.indexOf(address));
        return h == null ? Optional.empty() : Optional.of(new Reservation<>(address, h.owner, ps.pool));
    }

    public Optional<O> ownerOf(Address address) {
        return reservationAt(address).map(Reservation::owner);
    }

    public boolean isReserved(Address address) {
        return reservationAt(address).isPresent();
    }

    /** Every reservation, in address order. */
    public List<Reservation<O>> reservations() {
        List<Reservation<O>> all = new ArrayList<>(Math.toIntExact(usedCount));
        for (PoolState<O> ps : pools) {
            ps.holdings.forEachValue(h -> all.add(h.toReservation()));
        }
        all.sort(Comparator.comparing(Reservation::address));
        return all;
    }

    /** The reservations of an owner equal to {@code owner}, in address order. */
    public List<Reservation<O>> reservationsOf(O owner) {
        List<Reservation<O>> held = new ArrayList<>();
        for (Holding<O> h = byOwner.get(owner); h != null; h = h.next) {
            held.add(h.toReservation());
        }
        held.sort(Comparator.comparing(Reservation::address));
        return held;
    }

    /** Number of reserved addresses; every one is a stored object, so it fits a long. */
    public long usedCount() {
        return usedCount;
    }

    /** Number of addresses in all pools; may exceed a long (many 2^64 pools). */
    public BigInteger totalCount() {
        BigInteger total = BigInteger.ZERO;
        for (PoolState<O> ps : pools) {
            total = total.add(ps.pool.size());
        }
        return total;
    }

    /** Number of free addresses in all pools: always {@code totalCount() - usedCount()}. */
    public BigInteger freeCount() {
        return totalCount().subtract(BigInteger.valueOf(usedCount));
    }

    /** Number of free addresses in one pool that was added here. */
    public BigInteger freeCount(Pool pool) {
        for (PoolState<O> ps : pools) {
            if (ps.pool.equals(pool)) {
                return ps.freeCount();
            }
        }
        throw new IllegalArgumentException("pool " + pool + " was not added to this allocator");
    }

    /** Trie nodes and leaf words in use, summed over pools: the memory shape, for tests and benchmarks. */
    long[] structureSize() {
        long nodes = 0;
        long words = 0;
        for (PoolState<O> ps : pools) {
            nodes += ps.used.nodeCount();
            words += ps.used.wordCount();
        }
        return new long[] {nodes, words};
    }

    private record Found<O>(PoolState<O> pool, long index, Address address) {}

    private Found<O> find(AddressPattern pattern, Collection<String> requiredFlags) {
        checkSpace(pattern.space(), "pattern", pattern);
        Objects.requireNonNull(requiredFlags, "requiredFlags");
        long[] index = new long[1];
        Found<O> best = null;
        for (PoolState<O> ps : pools) {
            if (!requiredFlags.isEmpty() && !ps.pool.hasFlags(requiredFlags)) {
                continue;
            }
            if (ps.firstFree(pattern, index)) {
                Address a = ps.addressOf(index[0]);
                if (best == null || a.compareTo(best.address) < 0) {
                    best = new Found<>(ps, index[0], a);
                }
            }
        }
        return best;
    }

    private PoolState<O> poolOf(Address address) {
        for (PoolState<O> ps : pools) {
            if (ps.pool.contains(address)) {
                return ps;
            }
        }
        return null;
    }

    private List<PoolMiss> closestPools(Address address) {
        List<PoolMiss> best = new ArrayList<>();
        for (PoolState<O> ps : pools) {
            PoolMiss m = PoolMiss.of(ps.pool, address);
            if (!best.isEmpty()) {
                PoolMiss b = best.get(0);
                int c = Integer.compare(m.outOfRange().size(), b.outOfRange().size());
                if (c == 0) {
                    c = Integer.compare(b.leadingFieldsInRange(), m.leadingFieldsInRange());
                }
                if (c > 0) {
                    continue;
                }
                if (c < 0) {
                    best.clear();
                }
            }
            best.add(m);
        }
        return best;
    }

    private Holding<O> hold(PoolState<O> ps, long index, O owner) {
        Holding<O> h = new Holding<>(ps, index, owner);
        ps.used.add(index);
        ps.holdings.putNew(index, h);
        Holding<O> head = byOwner.put(owner, h);
        if (head != null) {
            h.next = head;
            head.previous = h;
        }
        usedCount++;
        return h;
    }

    private void unlink(Holding<O> h) {
        if (h.previous != null) {
            h.previous.next = h.next;
        } else if (h.next != null) {
            byOwner.put(h.owner, h.next);
        } else {
            byOwner.remove(h.owner);
        }
        if (h.next != null) {
            h.next.previous = h.previous;
        }
    }

    private void checkSpace(AddressSpace other, String kind, Object value) {
        if (!other.equals(space)) {
            throw new IllegalArgumentException(kind + " " + value + " belongs to address space " + other.name()
                    + ", not to this allocator's space " + space.name());
        }
    }
}
