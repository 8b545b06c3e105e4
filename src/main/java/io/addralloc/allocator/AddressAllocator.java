package io.addralloc.allocator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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
    private final OwnerTable<O> owners = new OwnerTable<>();
    private final HolderRegistry registry = new HolderRegistry();
    private long usedCount;
    // The two caches below are only written when they change: a reference store into a
    // long-lived object costs a G1 barrier.
    /** The pool that took the last address looked up: callers tend to stay in one pool. */
    private PoolState<O> lastPool;
    /** The holder that took the last reservation: callers tend to reserve many addresses for one owner. */
    private Holder<O> lastHolder;
    /** Field values of two candidates, when {@link #find} compares pools. */
    private final long[] candidateValues;
    private final long[] bestValues;

    public AddressAllocator(AddressSpace space) {
        this.space = Objects.requireNonNull(space, "space");
        candidateValues = new long[space.fieldCount()];
        bestValues = new long[space.fieldCount()];
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
        long held = ps.holders.get(index);
        if (held >= 0) {
            return new ReserveResult.Conflict<>(address, new Reservation<>(address, ownerOf(held), ps.pool));
        }
        hold(ps, index, owner);
        return new ReserveResult.Reserved<>(new Reservation<>(address, owner, ps.pool));
    }

    /** The lowest free address matching {@code pattern} in a pool carrying {@code requiredFlags}, without reserving it. */
    public Optional<Address> firstFree(AddressPattern pattern, Collection<String> requiredFlags) {
        PoolState<O> ps = find(pattern, requiredFlags);
        return ps == null ? Optional.empty() : Optional.of(ps.addressOf(ps.found()));
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
        PoolState<O> ps = find(pattern, requiredFlags);
        if (ps == null) {
            return Optional.empty();
        }
        long index = ps.found();
        hold(ps, index, owner);
        return Optional.of(new Reservation<>(ps.addressOf(index), owner, ps.pool));
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
        long index = ps.indexOf(address);
        long held = ps.holders.remove(index);
        if (held < 0) {
            return Optional.empty();
        }
        O owner = unhold(ps, index, held);
        return Optional.of(new Reservation<>(address, owner, ps.pool));
    }

    /** Frees every address held by an owner equal to {@code owner}; returns them in address order. */
    public List<Reservation<O>> releaseAll(O owner) {
        Holder<O> first = owners.get(owner, Objects.requireNonNull(owner, "owner").hashCode());
        List<Reservation<O>> released = new ArrayList<>();
        if (first == null) {
            return released;
        }
        owners.remove(first);
        for (Holder<O> h = first; h != null; h = h.nextPool) {
            if (h == lastHolder) {
                lastHolder = null;
            }
            PoolState<O> ps = h.pool;
            for (int i = 0; i < h.size(); i++) {
                long index = h.entry(i);
                long held = ps.holders.remove(index);
                ps.release(index);
                usedCount--;
                released.add(new Reservation<>(ps.addressOf(index), ownerOf(held), ps.pool));
                if (HolderMap.id(held) != h.id) {
                    registry.remove(HolderMap.id(held));
                }
            }
            registry.remove(h.id);
        }
        released.sort(Comparator.comparing(Reservation::address));
        return released;
    }

    /** The reservation holding {@code address}, if any. */
    public Optional<Reservation<O>> reservationAt(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = poolOf(address);
        long held = ps == null ? -1 : ps.holders.get(ps.indexOf(address));
        return held < 0 ? Optional.empty() : Optional.of(new Reservation<>(address, ownerOf(held), ps.pool));
    }

    public Optional<O> ownerOf(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = poolOf(address);
        long held = ps == null ? -1 : ps.holders.get(ps.indexOf(address));
        return held < 0 ? Optional.empty() : Optional.of(ownerOf(held));
    }

    public boolean isReserved(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = poolOf(address);
        return ps != null && ps.holders.get(ps.indexOf(address)) >= 0;
    }

    /** Every reservation, in address order. */
    public List<Reservation<O>> reservations() {
        List<Reservation<O>> all = new ArrayList<>(Math.toIntExact(usedCount));
        for (PoolState<O> ps : pools) {
            ps.holders.forEach((index, held) -> all.add(new Reservation<>(ps.addressOf(index), ownerOf(held), ps.pool)));
        }
        all.sort(Comparator.comparing(Reservation::address));
        return all;
    }

    /** The reservations of an owner equal to {@code owner}, in address order. */
    public List<Reservation<O>> reservationsOf(O owner) {
        List<Reservation<O>> held = new ArrayList<>();
        Holder<O> first = owner == null ? null : owners.get(owner, owner.hashCode());
        for (Holder<O> h = first; h != null; h = h.nextPool) {
            PoolState<O> ps = h.pool;
            for (int i = 0; i < h.size(); i++) {
                long index = h.entry(i);
                held.add(new Reservation<>(ps.addressOf(index), ownerOf(ps.holders.get(index)), ps.pool));
            }
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

    /**
     * The memory shape, summed over pools, for tests and benchmarks: trie nodes, leaf words,
     * holder-map blocks and owners.
     */
    long[] structureSize() {
        long nodes = 0;
        long words = 0;
        long blocks = 0;
        for (PoolState<O> ps : pools) {
            nodes += ps.used.nodeCount();
            words += ps.used.wordCount();
            blocks += ps.holders.blockCount();
        }
        return new long[] {nodes, words, blocks, owners.size()};
    }

    /**
     * The pool holding the lowest free address that matches the pattern among eligible pools,
     * its index left in {@link PoolState#found()}; null when there is none.
     */
    private PoolState<O> find(AddressPattern pattern, Collection<String> requiredFlags) {
        checkSpace(pattern.space(), "pattern", pattern);
        Objects.requireNonNull(requiredFlags, "requiredFlags");
        boolean anyPool = requiredFlags.isEmpty();
        PoolState<O> best = null;
        for (int i = 0, n = pools.size(); i < n; i++) {
            PoolState<O> ps = pools.get(i);
            if (!anyPool && !ps.pool.hasFlags(requiredFlags)) {
                continue;
            }
            if (ps.firstFree(pattern)
                    && (best == null || ps.compareAddresses(ps.found(), best, best.found(), candidateValues, bestValues) < 0)) {
                best = ps;
            }
        }
        return best;
    }

    private PoolState<O> poolOf(Address address) {
        PoolState<O> last = lastPool;
        if (last != null && last.contains(address)) {
            return last;
        }
        for (PoolState<O> ps : pools) {
            if (ps.contains(address)) {
                lastPool = ps;
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

    private void hold(PoolState<O> ps, long index, O owner) {
        Holder<O> h = lastHolder;
        if (h == null || h.owner != owner || h.pool != ps) {
            h = holderFor(owner, ps);
        }
        int id = owner == h.owner ? h.id : registry.add(new OwnerAlias<>(h, owner));
        ps.holders.putNew(index, HolderMap.held(id, h.add(index)));
        ps.used.add(index);
        usedCount++;
    }

    /** Ends the reservation of {@code index}, already removed from the pool's map, whose held value was {@code held}; returns its owner. */
    private O unhold(PoolState<O> ps, long index, long held) {
        ps.release(index);
        usedCount--;
        int id = HolderMap.id(held);
        Holder<O> h = registry.holder(id);
        O owner = registry.owner(id);
        if (id != h.id) {
            registry.remove(id);
        }
        int position = HolderMap.position(held);
        h.removeAt(position);
        if (h.size() == 0) {
            forget(h);
        } else if (position < h.size()) {
            ps.holders.setPosition(h.entry(position), position);
        }
        return owner;
    }

    private O ownerOf(long held) {
        return registry.owner(HolderMap.id(held));
    }

    /** The holder of {@code owner} in {@code ps} found through the owner table, made and registered when the owner holds nothing there. */
    private Holder<O> holderFor(O owner, PoolState<O> ps) {
        int hash = owner.hashCode();
        Holder<O> first = owners.get(owner, hash);
        for (Holder<O> h = first; h != null; h = h.nextPool) {
            if (h.pool == ps) {
                lastHolder = h;
                return h;
            }
        }
        Holder<O> h = new Holder<>(owner, hash, ps);
        h.id = registry.add(h);
        if (first == null) {
            owners.add(h);
        } else {
            h.nextPool = first.nextPool;
            first.nextPool = h;
        }
        lastHolder = h;
        return h;
    }

    /** Drops a holder that holds nothing any more from its owner's chain. */
    private void forget(Holder<O> h) {
        if (h == lastHolder) {
            lastHolder = null;
        }
        registry.remove(h.id);
        Holder<O> first = owners.get(h.owner, h.hash);
        if (first == h) {
            if (h.nextPool == null) {
                owners.remove(h);
            } else {
                owners.replace(h, h.nextPool);
            }
            return;
        }
        Holder<O> p = first;
        while (p.nextPool != h) {
            p = p.nextPool;
        }
        p.nextPool = h.nextPool;
    }

    private void checkSpace(AddressSpace other, String kind, Object value) {
        if (other != space && !other.equals(space)) {
            throw wrongSpace(other, kind, value);
        }
    }

    private IllegalArgumentException wrongSpace(AddressSpace other, String kind, Object value) {
        return new IllegalArgumentException(kind + " " + value + " belongs to address space " + other.name()
                + ", not to this allocator's space " + space.name());
    }
}
