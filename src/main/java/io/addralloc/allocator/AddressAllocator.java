package io.addralloc.allocator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li>"First free" means lowest in address order ({@link Order#ADDRESS}): lexicographic by
 *       field, each field unsigned, across all eligible pools; or, with
 *       {@link Order#POOLS_AS_ADDED}, the lowest of the first eligible pool (in the order pools
 *       were added) that has one. Results are deterministic.</li>
 *   <li>A request for flags only considers pools carrying all of them; no flags means every
 *       pool. {@link #reserve(Address, Object)} places an exact address and ignores flags.</li>
 *   <li>{@link #mark()} and {@link #rollback(Mark)} undo everything since the mark: reservations
 *       made are released, reservations released are made again for the same owner object, pools
 *       added are removed.</li>
 *   <li>Expected failures ({@link ReserveResult.Conflict}, {@link ReserveResult.OutsidePools},
 *       nothing free) are results. Programming errors (an address, pattern or pool of another
 *       space, a null owner, an overlapping pool, a mark that is no longer live) throw.</li>
 * </ul>
 *
 * <p>Not thread-safe. An allocator made by {@link AllocatorTemplate#newAllocator()} shares the
 * template's immutable pools and layouts, nothing mutable.
 *
 * @param <O> the type of owners
 */
public final class AddressAllocator<O> {
    /** Which free address a first-free request takes when several pools have one. */
    public enum Order {
        /** The lowest in address order across all eligible pools. */
        ADDRESS,
        /**
         * The lowest of the first eligible pool, in the order the pools were added, that has one:
         * a policy adds its pools in its preference order (a USB hub's own ports before its child
         * hubs') and stops at the first pool with room.
         */
        POOLS_AS_ADDED
    }

    /**
     * A point to return to with {@link #rollback(Mark)}. Live from {@link #mark()} until it, or an
     * earlier mark, is rolled back or committed. Marks nest.
     */
    public static final class Mark {
        private final AddressAllocator<?> allocator;
        private final int position;
        /** Whether the allocator held no reservation when the mark was set: rolling back to it empties the pools. */
        private final boolean empty;
        /** The pools' highest address when the mark was set: the pools a rollback leaves are those. */
        private final long[] highest;

        private Mark(AddressAllocator<?> allocator, int position, boolean empty, long[] highest) {
            this.allocator = allocator;
            this.position = position;
            this.empty = empty;
            this.highest = highest;
        }
    }

    private final AddressSpace space;
    /** The space's number of fields, and the largest value of its innermost field. */
    private final int fieldCount;
    private final long lastFieldMax;
    /**
     * The pools' states in the order added, {@link #poolCount} of them: an array rather than a
     * list, since every operation that names its pool reads it, and without the JIT's inlining
     * (C1, which the README advises for verify runs) a list's get is three calls.
     */
    private PoolState<O>[] pools;
    private int poolCount;
    /**
     * The holders of the pools that are not small, by owner and by id; both made at the first
     * reservation in such a pool, since small pools keep their owners in place and most allocators
     * (a file's PCI buses, a disk bus's units) have no other.
     */
    private OwnerTable<O> owners;
    private HolderRegistry registry;
    private long usedCount;
    // The two caches below are only written when they change: a reference store into a
    // long-lived object costs a G1 barrier.
    /** The pool that took the last address looked up: callers tend to stay in one pool. */
    private PoolState<O> lastPool;
    /** The holder that took the last reservation: callers tend to reserve many addresses for one owner. */
    private Holder<O> lastHolder;
    /** Field values of two candidates, when {@link #find} compares pools; made when first needed. */
    private long[] candidateValues;
    private long[] bestValues;
    /** Five arrays of one value per field for the searches of {@link #firstEmpty}; made when first needed. */
    private long[][] scratch;
    /** Live marks, oldest first; null when there are none, and then nothing is recorded. */
    private List<Mark> marks;
    /**
     * What to undo, since the oldest live mark: a reservation (state, index, no owner), a release
     * (state, index, the owner it had) or a pool added (no state).
     */
    private Object[] journalState;
    /**
     * The pools the last rollback that removed pools removed, in the positions they had from
     * {@link #removedFrom} on; null once a pool is added that is not the next of them. Each was
     * found disjoint from every pool before it when it was first added, and those pools are still
     * there, so {@link #addPool} adding it again at its position needs no check (libvirt's dry
     * run grows buses, is rolled back, and the real pass adds the same buses), and takes the state
     * it had, emptied, instead of a new one.
     */
    private PoolState<O>[] removed;
    private int removedFrom;
    /** The highest address of any pool (unsigned, lexicographic), null when there is no pool. */
    private long[] highest;
    private Object[] journalOwner;
    private long[] journalIndex;
    private int journalSize;
    /**
     * Whether reservations and releases are recorded: some live mark was set while something was
     * reserved. Back to a mark set on an empty allocator a rollback empties the pools and reads
     * only the pools added, so while every live mark is such a mark (libvirt's dry run) the
     * reservations are not recorded.
     */
    private boolean journalChanges;

    public AddressAllocator(AddressSpace space) {
        this.space = Objects.requireNonNull(space, "space");
        this.fieldCount = space.fieldCount();
        this.lastFieldMax = space.field(fieldCount - 1).maxValue();
        this.pools = newStates(4);
    }

    @SuppressWarnings("unchecked")
    private static <O> PoolState<O>[] newStates(int length) {
        return (PoolState<O>[]) new PoolState<?>[length];
    }

    /** The state of the pool at {@code position}, or {@link IndexOutOfBoundsException}. */
    private PoolState<O> state(int position) {
        if (position < 0 || position >= poolCount) {
            throw noPoolAt(position);
        }
        return pools[position];
    }

    private IndexOutOfBoundsException noPoolAt(int position) {
        return new IndexOutOfBoundsException("pool position " + position + " out of 0.." + (poolCount - 1));
    }

    private void append(PoolState<O> ps) {
        if (poolCount == pools.length) {
            pools = Arrays.copyOf(pools, poolCount * 2 + 2);
        }
        pools[poolCount++] = ps;
    }

    /** An allocator holding the template's pools, whose disjointness the template checked; {@code highest} is their highest address. */
    AddressAllocator(AddressSpace space, Pool[] templatePools, long[] highest) {
        this.space = space;
        this.fieldCount = space.fieldCount();
        this.lastFieldMax = space.field(fieldCount - 1).maxValue();
        this.pools = newStates(templatePools.length + 2);
        for (Pool p : templatePools) {
            pools[poolCount++] = new PoolState<>(p);
        }
        this.highest = highest;
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
        int at = poolCount;
        int k = at - removedFrom;
        PoolState<O> state = null;
        if (removed != null && k >= 0 && k < removed.length && (removed[k].pool == pool || removed[k].pool.equals(pool))) {
            // Added again where a rollback removed it, after the same pools: checked then.
            state = removed[k];
            removed[k] = null;
            state.clear();
        } else {
            removed = null;
            // A pool whose lowest address lies above every pool's highest shares no address with them
            // (a topology growing bus by bus); any other is checked against each.
            if (highest != null && Pool.compareValues(pool.lows(), highest) <= 0) {
                for (int i = 0; i < poolCount; i++) {
                    checkDisjoint(pools[i].pool, pool);
                }
            }
        }
        if (highest == null || Pool.compareValues(pool.highs(), highest) > 0) {
            highest = pool.highs();
        }
        append(state != null ? state : new PoolState<>(pool));
        if (marks != null) {
            record(null, 0, null);
        }
        return pool;
    }

    /** Throws {@link IllegalArgumentException} naming both pools and a shared address when they overlap. */
    static void checkDisjoint(Pool existing, Pool pool) {
        if (!existing.overlaps(pool)) {
            return;
        }
        long[] shared = new long[pool.space().fieldCount()];
        for (int i = 0; i < shared.length; i++) {
            long a = pool.range(i).first();
            long b = existing.range(i).first();
            shared[i] = Long.compareUnsigned(a, b) > 0 ? a : b;
        }
        throw new IllegalArgumentException("pool " + pool + " overlaps pool " + existing + " (both contain "
                + new Address(pool.space(), shared) + "); pools must be disjoint");
    }

    /** The pools in the order they were added. */
    public List<Pool> pools() {
        return Arrays.stream(pools, 0, poolCount).map(p -> p.pool).toList();
    }

    // Query methods

    /** Whether {@code address} is reserved; false when it lies outside every pool. */
    public boolean isReserved(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = leafOf(address);
        return ps != null && ps.isHeld(ps.indexOf(address));
    }

    /** The reservation holding {@code address}, if any. */
    public Optional<Reservation<O>> reservationAt(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = leafOf(address);
        O owner = ps == null ? null : ownerAt(ps, ps.indexOf(address));
        return owner == null ? Optional.empty() : Optional.of(new Reservation<>(address, owner, ps.pool));
    }

    public Optional<O> ownerOf(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = leafOf(address);
        return Optional.ofNullable(ps == null ? null : ownerAt(ps, ps.indexOf(address)));
    }

    /**
     * The reserved values of the innermost field next to {@code address}: bit {@code i} is set
     * when the address equal to {@code address} but for an innermost value {@code v + i} is
     * reserved, {@code v} being {@code address}'s innermost value, for {@code i} from 0 to 63.
     * Values beyond the field's width and addresses outside every pool read as not reserved. So
     * {@code usedMask(0:0:2.0)} in a PCI space is the slot's used functions, bit {@code f} for
     * function {@code f}: one call where eight {@link #isReserved} calls would each build an
     * address.
     */
    public long usedMask(Address address) {
        checkSpace(address.space(), "address", address);
        int last = fieldCount - 1;
        long v = address.get(last);
        long max = lastFieldMax;
        long end = Long.compareUnsigned(max - v, 63) <= 0 ? max : v + 63;
        PoolState<O> ps = lastPool;
        // Pools are disjoint: one that holds the whole window holds every address it asks about.
        if (ps != null && covers(ps.pool, address, v, end)) {
            return usedMaskIn(ps, address.raw(), v, end);
        }
        long mask = 0;
        for (int i = 0; i < poolCount; i++) {
            ps = pools[i];
            if (covers(ps.pool, address, v, end)) {
                lastPool = ps;
                return usedMaskIn(ps, address.raw(), v, end);
            }
            mask |= usedMaskIn(ps, address.raw(), v, end);
        }
        return mask;
    }

    private static boolean covers(Pool pool, Address address, long from, long to) {
        FieldRange r = pool.range(address.size() - 1);
        return r.contains(from) && r.contains(to) && pool.containsLeading(address.raw(), address.size() - 1);
    }

    /** {@link #usedMask}'s answer from the pool of {@code ps}, for the window {@code v..end} of the address of {@code values}. */
    private long usedMaskIn(PoolState<O> ps, long[] values, long v, long end) {
        if (ps.isWide()) {
            if (!ps.pool.containsLeading(values, values.length - 1)) {
                return 0;
            }
            ps = ps.leaf(values, false);
            if (ps == null) {
                return 0;
            }
        }
        return ps.usedWindow(values, v, end);
    }

    /** The lowest free address matching {@code pattern} in a pool carrying {@code requiredFlags}, without reserving it. */
    public Optional<Address> firstFree(AddressPattern pattern, Collection<String> requiredFlags) {
        return firstFree(pattern, requiredFlags, Order.ADDRESS);
    }

    /** The first free address matching {@code pattern} in a pool carrying {@code requiredFlags}, in {@code order}, without reserving it. */
    public Optional<Address> firstFree(AddressPattern pattern, Collection<String> requiredFlags, Order order) {
        PoolState<O> ps = find(pattern, requiredFlags, order);
        return ps == null ? Optional.empty() : Optional.of(ps.addressOf(ps.found()));
    }

    public Optional<Address> firstFree(AddressPattern pattern) {
        return firstFree(pattern, Set.of(), Order.ADDRESS);
    }

    /**
     * The lowest address {@code p} followed by the pattern's lowest values in its last
     * {@code innerFields} fields, over prefixes {@code p} (values of the other, leading fields)
     * that match {@code pattern}, such that the box {@code p} times the pattern's last
     * {@code innerFields} fields lies inside one pool carrying {@code requiredFlags} and holds no
     * reservation. With a PCI pattern {@code 0:3:*.*} and one inner field: the first slot of bus 3
     * with all eight functions free, as {@code 0:3:slot.0} (libvirt's "next slot with no function
     * in use"). Throws when {@code innerFields} is not between 0 and the number of fields.
     */
    public Optional<Address> firstEmpty(AddressPattern pattern, int innerFields, Collection<String> requiredFlags) {
        checkSpace(pattern.space(), "pattern", pattern);
        checkInnerFields(innerFields);
        return firstEmptyAmong(0, poolCount - 1, pattern, innerFields, requiredFlags);
    }

    private void checkInnerFields(int innerFields) {
        if (innerFields < 0 || innerFields > fieldCount) {
            throw wrongInnerFields(innerFields);
        }
    }

    private IllegalArgumentException wrongInnerFields(int innerFields) {
        return new IllegalArgumentException("innerFields " + innerFields + " is outside 0.." + fieldCount
                + " for address space " + space.name());
    }

    /** {@link #firstEmpty(AddressPattern, int, Collection)} over the pools at positions {@code from..to}. */
    private Optional<Address> firstEmptyAmong(int from, int to, AddressPattern pattern, int innerFields,
            Collection<String> requiredFlags) {
        boolean anyPool = requiredFlags.isEmpty();
        long[][] scratch = scratch();
        long[] candidate = scratch[4];
        long[] best = null;
        for (int i = from; i <= to; i++) {
            PoolState<O> ps = pools[i];
            if (best != null && !mayHoldBelow(ps.pool, pattern, best)) {
                continue;
            }
            if ((anyPool || ps.pool.hasFlags(requiredFlags)) && ps.firstEmpty(pattern, fieldCount - innerFields, candidate, scratch)
                    && (best == null || Arrays.compareUnsigned(candidate, best) < 0)) {
                if (best == null) {
                    best = new long[fieldCount];
                }
                System.arraycopy(candidate, 0, best, 0, fieldCount);
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Address(space, best));
    }

    /** Four arrays for {@link PoolState#firstEmpty}'s searches and a fifth for a candidate answer. */
    private long[][] scratch() {
        if (scratch == null) {
            scratch = new long[5][space.fieldCount()];
        }
        return scratch;
    }

    /** Whether the pool's part of the pattern starts below {@code bound}: its lowest corner does. */
    private static boolean mayHoldBelow(Pool pool, AddressPattern pattern, long[] bound) {
        for (int i = 0; i < bound.length; i++) {
            long a = pattern.low(i);
            long f = pool.range(i).first();
            long corner = Long.compareUnsigned(a, f) > 0 ? a : f;
            if (corner != bound[i]) {
                return Long.compareUnsigned(corner, bound[i]) < 0;
            }
        }
        return false;
    }

    public Optional<Address> firstEmpty(AddressPattern pattern, int innerFields) {
        return firstEmpty(pattern, innerFields, Set.of());
    }

    /** Every reservation, in address order. */
    @SuppressWarnings("unchecked")
    public List<Reservation<O>> reservations() {
        List<Reservation<O>> all = new ArrayList<>(Math.toIntExact(usedCount));
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> top = pools[i];
            top.forEachLeaf(ps -> forEachReservation(ps,
                    (index, owner) -> all.add(new Reservation<>(ps.addressOf(index), (O) owner, ps.pool))));
        }
        all.sort(Comparator.comparing(Reservation::address));
        return all;
    }

    /** The reservations of an owner equal to {@code owner}, in address order. */
    public List<Reservation<O>> reservationsOf(O owner) {
        List<Reservation<O>> held = new ArrayList<>();
        if (owner == null) {
            return held;
        }
        for (Holder<O> h = owners == null ? null : owners.get(owner, owner.hashCode()); h != null; h = h.nextPool) {
            PoolState<O> ps = h.pool;
            for (int i = 0; i < h.size(); i++) {
                long index = h.entry(i);
                held.add(new Reservation<>(ps.addressOf(index), ownerOf(ps.held(index)), ps.pool));
            }
        }
        forEachInPlaceReservationOf(owner, (ps, index, heldBy) -> held.add(new Reservation<>(ps.addressOf(index), heldBy, ps.pool)));
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
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
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
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
            if (ps.pool.equals(pool)) {
                return pool.size().subtract(BigInteger.valueOf(ps.usedCount()));
            }
        }
        throw new IllegalArgumentException("pool " + pool + " was not added to this allocator");
    }

    // Pools by position: for a caller that adds one pool per bus, in bus order, and so knows
    // which pool an address or a search is about (PCI). Finding the pool is then O(1) instead of a
    // scan of every pool, which a domain with a root port per device pays on every operation.

    /** The pool added {@code position}-th, from 0 (the order of {@link #pools()}). */
    public Pool pool(int position) {
        return state(position).pool;
    }

    /**
     * As {@link #reserve(Address, Object)}, looking only in the pool at {@code position}: an
     * address outside it is {@link ReserveResult.OutsidePools} naming that pool alone.
     */
    public ReserveResult<O> reserveInPool(int position, Address address, O owner) {
        checkSpace(address.space(), "address", address);
        Objects.requireNonNull(owner, "owner");
        PoolState<O> top = state(position);
        if (!top.contains(address)) {
            return new ReserveResult.OutsidePools<>(address, List.of(PoolMiss.of(top.pool, address)));
        }
        return reserveIn(top, address, owner);
    }

    /** As {@link #usedMask(Address)}, reading only the pool at {@code position}. */
    public long usedMaskInPool(int position, Address address) {
        checkSpace(address.space(), "address", address);
        return usedMaskInPool(position, address.raw());
    }

    /**
     * As {@link #usedMaskInPool(int, Address)} for the address of these field values, one per
     * field of the space, which are read and not kept: a caller asking about many addresses
     * reuses one array instead of making an {@code Address} each time. Values beyond their
     * fields' widths lie in no pool and read as not reserved.
     */
    public long usedMaskInPool(int position, long[] values) {
        checkValueCount(values);
        PoolState<O> ps = state(position);
        long v = values[values.length - 1];
        long max = lastFieldMax;
        if (Long.compareUnsigned(v, max) > 0) {
            return 0;
        }
        long end = Long.compareUnsigned(max - v, 63) <= 0 ? max : v + 63;
        return ps.isSmall() ? ps.usedWindow(values, v, end) : usedMaskIn(ps, values, v, end);
    }

    /**
     * The owner of the address of these field values (read, not kept) in the pool at
     * {@code position}: the object the reservation was made with, or null when the address is
     * free or outside that pool. As {@link #ownerOf(Address)} without an {@code Address} or an
     * {@code Optional}.
     */
    public O ownerInPool(int position, long[] values) {
        PoolState<O> ps = locate(position, values, false);
        return ps == null ? null : ownerAt(ps, ps.located());
    }

    /**
     * The state of the pool at {@code position} that holds the address of {@code values}, with
     * the address's index in {@link PoolState#located()}; null when the pool does not contain it
     * or (unless {@code create}) it lies in a chunk of a wide pool that is not made yet.
     */
    private PoolState<O> locate(int position, long[] values, boolean create) {
        checkValueCount(values);
        PoolState<O> ps = state(position);
        if (!ps.locate(values)) {
            return null;
        }
        if (ps.isWide()) {
            ps = ps.leaf(values, create);
            if (ps != null) {
                ps.locate(values);
            }
        }
        return ps;
    }

    /**
     * As {@link #reserveInPool(int, Address, Object)} for the address of these field values (read,
     * not kept), without making a result: true when the address is now reserved for
     * {@code owner}; false, changing nothing, when it is taken or lies outside the pool at
     * {@code position} ({@link #reserveInPool(int, Address, Object)} then says which, and who
     * holds it). For a caller that reserves often and fails seldom.
     */
    public boolean tryReserveInPool(int position, long[] values, O owner) {
        Objects.requireNonNull(owner, "owner");
        checkValueCount(values);
        PoolState<O> small = state(position);
        if (small.isSmall()) {
            // A small pool (a PCI bus) takes its own short path: the JIT then compiles it apart from
            // the branches of the larger pools the other address kinds reserve in.
            if (!small.locate(values) || !small.holdSmall(small.located(), owner)) {
                return false;
            }
            usedCount++;
            if (journalChanges) {
                record(small, small.located(), null);
            }
            return true;
        }
        PoolState<O> ps = locate(position, values, true);
        if (ps == null) {
            return false;
        }
        long index = ps.located();
        if (ps.isHeld(index)) {
            return false;
        }
        hold(ps, index, owner);
        return true;
    }

    /**
     * As {@link #firstEmptyInPools(int, int, AddressPattern, int)} over the one pool at
     * {@code position}, writing the address's values into {@code out} (one per field) instead of
     * making an {@code Address}: false when there is none, and then {@code out} may have been
     * written all the same.
     */
    public boolean firstEmptyInPool(int position, AddressPattern pattern, int innerFields, long[] out) {
        checkSpace(pattern.space(), "pattern", pattern);
        checkInnerFields(innerFields);
        checkValueCount(out);
        PoolState<O> ps = state(position);
        return ps.isSmall() ? ps.firstEmptySmall(pattern, out.length - innerFields, out, scratch())
                : ps.firstEmpty(pattern, out.length - innerFields, out, scratch());
    }

    // The checks on the paths that name a pool (this one, checkInnerFields, state) build their
    // messages in methods of their own: a check this small is inlined even by C1, which inlines no
    // method larger than 35 bytes of bytecode.

    private void checkValueCount(long[] values) {
        if (values.length != fieldCount) {
            throw wrongValueCount(values);
        }
    }

    private IllegalArgumentException wrongValueCount(long[] values) {
        return new IllegalArgumentException("address space " + space.name() + " has " + space.fieldCount()
                + " fields, got " + values.length + " values");
    }

    /**
     * As {@link #firstEmpty(AddressPattern, int)}, over the pools at positions {@code from} to
     * {@code to} (inclusive) only: with PCI's pools, the first empty slot of a run of buses.
     */
    public Optional<Address> firstEmptyInPools(int from, int to, AddressPattern pattern, int innerFields) {
        checkSpace(pattern.space(), "pattern", pattern);
        Objects.checkFromToIndex(from, to + 1, poolCount);
        checkInnerFields(innerFields);
        return firstEmptyAmong(from, to, pattern, innerFields, Set.of());
    }

    // Modification

    /** Reserves exactly {@code address} for {@code owner}, or says why not. */
    public ReserveResult<O> reserve(Address address, O owner) {
        checkSpace(address.space(), "address", address);
        Objects.requireNonNull(owner, "owner");
        PoolState<O> top = poolOf(address);
        if (top == null) {
            return new ReserveResult.OutsidePools<>(address, closestPools(address));
        }
        return reserveIn(top, address, owner);
    }

    /** Reserves {@code address}, which {@code top} contains, for {@code owner}, or names who holds it. */
    private ReserveResult<O> reserveIn(PoolState<O> top, Address address, O owner) {
        PoolState<O> ps = top.leaf(address.raw(), true);
        long index = ps.indexOf(address);
        O holder = ownerAt(ps, index);
        if (holder != null) {
            return new ReserveResult.Conflict<>(address, new Reservation<>(address, holder, ps.pool));
        }
        hold(ps, index, owner);
        return new ReserveResult.Reserved<>(new Reservation<>(address, owner, ps.pool));
    }

    /**
     * Reserves the lowest free address matching {@code pattern} in a pool carrying every flag in
     * {@code requiredFlags}; empty when there is none.
     */
    public Optional<Reservation<O>> reserveFirstFree(AddressPattern pattern, Collection<String> requiredFlags, O owner) {
        return reserveFirstFree(pattern, requiredFlags, Order.ADDRESS, owner);
    }

    /**
     * Reserves the first free address matching {@code pattern} in a pool carrying every flag in
     * {@code requiredFlags}, in {@code order}; empty when there is none.
     */
    public Optional<Reservation<O>> reserveFirstFree(AddressPattern pattern, Collection<String> requiredFlags, Order order,
            O owner) {
        Objects.requireNonNull(owner, "owner");
        PoolState<O> ps = find(pattern, requiredFlags, order);
        if (ps == null) {
            return Optional.empty();
        }
        long index = ps.found();
        hold(ps, index, owner);
        return Optional.of(new Reservation<>(ps.addressOf(index), owner, ps.pool));
    }

    public Optional<Reservation<O>> reserveFirstFree(AddressPattern pattern, O owner) {
        return reserveFirstFree(pattern, Set.of(), Order.ADDRESS, owner);
    }

    /** Reserves the lowest free address of any pool. */
    public Optional<Reservation<O>> reserveAny(O owner) {
        return reserveFirstFree(space.anyAddress(), Set.of(), Order.ADDRESS, owner);
    }

    /** Reserves the lowest free address of any pool carrying every flag in {@code requiredFlags}. */
    public Optional<Reservation<O>> reserveAny(Collection<String> requiredFlags, O owner) {
        return reserveFirstFree(space.anyAddress(), requiredFlags, Order.ADDRESS, owner);
    }

    /** Frees {@code address}; returns the reservation it ended, empty when the address was free or outside every pool. */
    public Optional<Reservation<O>> release(Address address) {
        checkSpace(address.space(), "address", address);
        PoolState<O> ps = leafOf(address);
        if (ps == null) {
            return Optional.empty();
        }
        long index = ps.indexOf(address);
        O owner = free(ps, index);
        if (owner == null) {
            return Optional.empty();
        }
        if (journalChanges) {
            record(ps, index, owner);
        }
        return Optional.of(new Reservation<>(address, owner, ps.pool));
    }

    /** Frees every address held by an owner equal to {@code owner}; returns them in address order. */
    public List<Reservation<O>> releaseAll(O owner) {
        Objects.requireNonNull(owner, "owner");
        Holder<O> first = owners == null ? null : owners.get(owner, owner.hashCode());
        List<Reservation<O>> released = new ArrayList<>();
        releaseInPlace(owner, released);
        if (first == null) {
            released.sort(Comparator.comparing(Reservation::address));
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
                long held = ps.take(index);
                usedCount--;
                O heldBy = ownerOf(held);
                released.add(new Reservation<>(ps.addressOf(index), heldBy, ps.pool));
                if (journalChanges) {
                    record(ps, index, heldBy);
                }
                if (HolderMap.id(held) != h.id) {
                    registry.remove(HolderMap.id(held));
                }
            }
            registry.remove(h.id);
        }
        released.sort(Comparator.comparing(Reservation::address));
        return released;
    }

    /** Starts recording, so that {@link #rollback(Mark)} can return to this point. O(1). */
    public Mark mark() {
        if (marks == null) {
            marks = new ArrayList<>(2);
            journalState = new Object[16];
            journalOwner = new Object[16];
            journalIndex = new long[16];
        }
        if (usedCount != 0) {
            journalChanges = true;
        }
        Mark m = new Mark(this, journalSize, usedCount == 0, highest);
        marks.add(m);
        return m;
    }

    /**
     * Undoes everything since {@code mark}, newest first: releases what was reserved, reserves
     * again for the same owner object what was released, removes the pools added. The mark and
     * every later one stop being live. Costs O(d) per change undone (the trie's depth), or, back to
     * a mark set while nothing was reserved (libvirt's dry run), O(P) for the {@code P} pools that
     * stay, which are emptied in place. Throws {@link IllegalArgumentException} for a mark that is
     * not live here.
     */
    public void rollback(Mark mark) {
        int live = liveIndex(mark);
        int added = 0;
        for (int i = mark.position; i < journalSize; i++) {
            added += journalState[i] == null ? 1 : 0;
        }
        if (added > 0) {
            removedFrom = poolCount - added;
            removed = newStates(added);
            for (int k = 0; k < added; k++) {
                removed[k] = pools[removedFrom + k];
            }
            highest = mark.highest;
        }
        if (mark.empty) {
            empty(poolCount - added);
            Arrays.fill(journalState, mark.position, journalSize, null);
            Arrays.fill(journalOwner, mark.position, journalSize, null);
        } else {
            for (int i = journalSize - 1; i >= mark.position; i--) {
                undo(i);
            }
        }
        journalSize = mark.position;
        endMarks(live);
    }

    /** Keeps everything since {@code mark}; the mark and every later one stop being live. */
    public void commit(Mark mark) {
        endMarks(liveIndex(mark));
    }

    private int liveIndex(Mark mark) {
        Objects.requireNonNull(mark, "mark");
        for (int i = marks == null ? -1 : marks.size() - 1; i >= 0; i--) {
            if (marks.get(i) == mark) {
                return i;
            }
        }
        throw new IllegalArgumentException(mark.allocator == this
                ? "the mark was already rolled back or committed, or an earlier mark was"
                : "the mark belongs to another allocator");
    }

    private void endMarks(int from) {
        marks.subList(from, marks.size()).clear();
        journalChanges = false;
        for (Mark m : marks) {
            journalChanges |= !m.empty;
        }
        if (marks.isEmpty()) {
            marks = null;
            journalState = null;
            journalOwner = null;
            journalIndex = null;
            journalSize = 0;
        }
    }

    private void record(PoolState<O> state, long index, O owner) {
        if (journalSize == journalIndex.length) {
            int n = journalSize * 2;
            journalState = Arrays.copyOf(journalState, n);
            journalOwner = Arrays.copyOf(journalOwner, n);
            journalIndex = Arrays.copyOf(journalIndex, n);
        }
        journalState[journalSize] = state;
        journalOwner[journalSize] = owner;
        journalIndex[journalSize] = index;
        journalSize++;
    }

    /** Back to no reservation and the first {@code keep} pools: what a rollback to a mark set on an empty allocator leaves. */
    private void empty(int keep) {
        Arrays.fill(pools, keep, this.poolCount, null);
        this.poolCount = keep;
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
            ps.clear();
        }
        if (owners != null) {
            owners.clear();
            registry.clear();
        }
        usedCount = 0;
        lastPool = null;
        lastHolder = null;
    }

    @SuppressWarnings("unchecked")
    private void undo(int i) {
        PoolState<O> ps = (PoolState<O>) journalState[i];
        long index = journalIndex[i];
        O owner = (O) journalOwner[i];
        journalState[i] = null;
        journalOwner[i] = null;
        if (ps == null) {
            PoolState<O> removed = pools[--poolCount];
            pools[poolCount] = null;
            if (removed == lastPool) {
                lastPool = null;
            }
        } else if (owner == null) {
            free(ps, index);
        } else {
            holdQuietly(ps, index, owner);
        }
    }

    /**
     * Throws {@link IllegalStateException} unless the allocator is consistent: pools disjoint,
     * each pool's trie and holder map agreeing (see {@code PoolState.checkInvariants}), every
     * holder's list matching the holder map, the counts right, the journal covering every live
     * mark. For tests, after every change.
     */
    void checkInvariants() {
        for (int i = 0; i < poolCount; i++) {
            for (int j = i + 1; j < poolCount; j++) {
                if (pools[i].pool.overlaps(pools[j].pool)) {
                    throw new IllegalStateException("pools " + pools[i].pool + " and " + pools[j].pool + " overlap");
                }
            }
        }
        Pool[] all = new Pool[poolCount];
        for (int i = 0; i < all.length; i++) {
            all[i] = pools[i].pool;
        }
        long[] top = Pool.highest(all, all.length);
        if (top == null ? highest != null : highest == null || !Arrays.equals(top, highest)) {
            throw new IllegalStateException("the highest address of the pools is " + Arrays.toString(top) + ", recorded "
                    + Arrays.toString(highest));
        }
        long inPools = 0;
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
            inPools += ps.checkInvariants();
        }
        long[] inHolders = {0};
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> p = pools[i];
            p.forEachLeaf(ps -> inHolders[0] += ps.ownersInPlace() ? ps.usedCount() : 0);
        }
        if (owners != null) {
            owners.forEach(first -> {
                for (Holder<O> h = first; h != null; h = h.nextPool) {
                    if (h.pool.ownersInPlace()) {
                        throw new IllegalStateException("holder of " + h.owner + " in a pool that keeps owners in place");
                    }
                    if (!h.owner.equals(first.owner) || registry.holder(h.id) != h || h.size() == 0) {
                        throw new IllegalStateException("holder of " + h.owner + " is not registered or holds nothing");
                    }
                    for (int k = 0; k < h.size(); k++) {
                        long held = h.pool.held(h.entry(k));
                        if (held < 0 || registry.holder(HolderMap.id(held)) != h || HolderMap.position(held) != k) {
                            throw new IllegalStateException("holder of " + h.owner + ": entry " + k + " disagrees with the map");
                        }
                    }
                    inHolders[0] += h.size();
                }
            });
        }
        if (inPools != usedCount || inHolders[0] != usedCount) {
            throw new IllegalStateException("usedCount " + usedCount + ", " + inPools + " in pools, " + inHolders[0]
                    + " in holders and kept in place");
        }
        if (marks != null && (marks.isEmpty() || marks.get(marks.size() - 1).position > journalSize)) {
            throw new IllegalStateException("the journal ends before the last live mark");
        }
        boolean nonEmptyMark = false;
        for (Mark m : marks == null ? List.<Mark>of() : marks) {
            nonEmptyMark |= !m.empty;
        }
        if (journalChanges != nonEmptyMark) {
            throw new IllegalStateException("changes " + (journalChanges ? "" : "not ") + "recorded, but "
                    + (nonEmptyMark ? "a" : "no") + " live mark was set while something was reserved");
        }
    }

    /**
     * The memory shape, summed over pools, for tests and benchmarks: trie nodes, leaf words,
     * holder-map blocks and owners.
     */
    long[] structureSize() {
        long[] size = new long[4];
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> top = pools[i];
            top.forEachLeaf(ps -> {
                if (ps.used != null) {
                    size[0] += ps.used.nodeCount();
                    size[1] += ps.used.wordCount();
                    size[2] += ps.holders.blockCount();
                } else if (ps.small != null) {
                    // A small pool's bitmap stands for one node; its used words for leaf words and blocks.
                    size[0]++;
                    size[1] += ps.small.wordCount();
                    size[2] += ps.small.wordCount();
                } else if (ps.sparse != null) {
                    // A pool's first reservations, kept in one array, stand for one node and one word each.
                    size[0]++;
                    size[1] += ps.sparse.size();
                    size[2] += ps.sparse.size();
                } else {
                    // An untouched pool stands for the one empty node it would have.
                    size[0]++;
                }
            });
        }
        java.util.Set<Object> distinct = new java.util.HashSet<>();
        if (owners != null) {
            owners.forEach(first -> distinct.add(first.owner));
        }
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> top = pools[i];
            top.forEachLeaf(ps -> forEachReservation(ps, (index, owner) -> distinct.add(owner)));
        }
        size[3] = distinct.size();
        return size;
    }

    /**
     * The state holding the first free address that matches the pattern among eligible pools,
     * its index left in {@link PoolState#found()}; null when there is none.
     */
    private PoolState<O> find(AddressPattern pattern, Collection<String> requiredFlags, Order order) {
        checkSpace(pattern.space(), "pattern", pattern);
        Objects.requireNonNull(requiredFlags, "requiredFlags");
        boolean inAddressOrder = Objects.requireNonNull(order, "order") == Order.ADDRESS;
        boolean anyPool = requiredFlags.isEmpty();
        PoolState<O> best = null;
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
            if (!anyPool && !ps.pool.hasFlags(requiredFlags)) {
                continue;
            }
            PoolState<O> leaf = ps.isWide() ? ps.firstFreeLeaf(pattern) : ps.firstFree(pattern) ? ps : null;
            if (leaf == null) {
                continue;
            }
            if (!inAddressOrder) {
                return leaf;
            }
            if (best == null) {
                best = leaf;
            } else {
                if (candidateValues == null) {
                    candidateValues = new long[space.fieldCount()];
                    bestValues = new long[space.fieldCount()];
                }
                if (leaf.compareAddresses(leaf.found(), best, best.found(), candidateValues, bestValues) < 0) {
                    best = leaf;
                }
            }
        }
        return best;
    }

    /** The pool containing {@code address}, or null. */
    private PoolState<O> poolOf(Address address) {
        PoolState<O> last = lastPool;
        if (last != null && last.contains(address)) {
            return last;
        }
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
            if (ps.contains(address)) {
                lastPool = ps;
                return ps;
            }
        }
        return null;
    }

    /** The state holding {@code address} if it has one yet (a wide pool's chunk is made by a reservation), or null. */
    private PoolState<O> leafOf(Address address) {
        PoolState<O> ps = poolOf(address);
        return ps == null ? null : ps.leaf(address.raw(), false);
    }

    private List<PoolMiss> closestPools(Address address) {
        List<PoolMiss> best = new ArrayList<>();
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> ps = pools[i];
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
        holdQuietly(ps, index, owner);
        if (journalChanges) {
            record(ps, index, null);
        }
    }

    /** {@link #hold} without recording it: for undoing a release. */
    private void holdQuietly(PoolState<O> ps, long index, O owner) {
        usedCount++;
        if (ps.ownersInPlace()) {
            if (ps.roomInPlace()) {
                ps.holdOwner(index, owner);
                return;
            }
            moveToHolders(ps);
        }
        holdInHolders(ps, index, owner);
    }

    /** Moves the reservations a pool keeps in place, its first ones, to its trie and its owners' holders. */
    @SuppressWarnings("unchecked")
    private void moveToHolders(PoolState<O> ps) {
        SparseOccupancy first = ps.leaveInPlace();
        for (int r = 0; r < first.size(); r++) {
            holdInHolders(ps, first.index(r), (O) first.owner(r));
        }
    }

    /** Records the reservation in the pool's trie and the owner's holder for it. */
    private void holdInHolders(PoolState<O> ps, long index, O owner) {
        Holder<O> h = lastHolder;
        if (h == null || h.owner != owner || h.pool != ps) {
            h = holderFor(owner, ps);
        }
        int id = owner == h.owner ? h.id : registry.add(new OwnerAlias<>(h, owner));
        ps.hold(index, HolderMap.held(id, h.add(index)));
    }

    /** Frees {@code index} in {@code ps} without recording it; returns its owner, or null when it was free. */
    @SuppressWarnings("unchecked")
    private O free(PoolState<O> ps, long index) {
        if (ps.ownersInPlace()) {
            O owner = (O) ps.takeOwner(index);
            if (owner != null) {
                usedCount--;
            }
            return owner;
        }
        long held = ps.take(index);
        return held < 0 ? null : unhold(ps, held);
    }

    /** The owner of {@code index} in {@code ps}, or null when it is free. */
    @SuppressWarnings("unchecked")
    private O ownerAt(PoolState<O> ps, long index) {
        if (ps.ownersInPlace()) {
            return (O) ps.ownerAt(index);
        }
        long held = ps.held(index);
        return held < 0 ? null : ownerOf(held);
    }

    /** Calls {@code visitor} with every reservation of {@code ps}, a leaf, in index order. */
    private void forEachReservation(PoolState<O> ps, SmallOccupancy.Visitor visitor) {
        if (ps.ownersInPlace()) {
            ps.forEachInPlace(visitor);
        } else {
            ps.forEachHeld((index, held) -> visitor.visit(index, ownerOf(held)));
        }
    }

    /** What {@link #forEachInPlaceReservationOf} calls. */
    @FunctionalInterface
    private interface InPlaceReservationVisitor<O> {
        void visit(PoolState<O> ps, long index, O owner);
    }

    /**
     * Calls {@code visitor} with every reservation of an owner equal to {@code owner} in the pools
     * that keep owners in place rather than in holders (small pools, and the first reservations
     * of the others): a scan of their reservations.
     */
    @SuppressWarnings("unchecked")
    private void forEachInPlaceReservationOf(O owner, InPlaceReservationVisitor<O> visitor) {
        for (int i = 0; i < poolCount; i++) {
            PoolState<O> top = pools[i];
            top.forEachLeaf(ps -> {
                if (ps.ownersInPlace() && ps.touched()) {
                    ps.forEachInPlace((index, heldBy) -> {
                        if (heldBy == owner || heldBy.equals(owner)) {
                            visitor.visit(ps, index, (O) heldBy);
                        }
                    });
                }
            });
        }
    }

    /** Frees the addresses kept in place (see {@link #forEachInPlaceReservationOf}) held by an owner equal to {@code owner}, adding them to {@code released}. */
    private void releaseInPlace(O owner, List<Reservation<O>> released) {
        List<PoolState<O>> states = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        forEachInPlaceReservationOf(owner, (ps, index, heldBy) -> {
            states.add(ps);
            indices.add(index);
        });
        for (int i = 0; i < states.size(); i++) {
            PoolState<O> ps = states.get(i);
            long index = indices.get(i);
            O heldBy = free(ps, index);
            released.add(new Reservation<>(ps.addressOf(index), heldBy, ps.pool));
            if (journalChanges) {
                record(ps, index, heldBy);
            }
        }
    }

    /** Ends a reservation already taken out of {@code ps} ({@link PoolState#take}), whose held value was {@code held}; returns its owner. */
    private O unhold(PoolState<O> ps, long held) {
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
            ps.setPosition(h.entry(position), position);
        }
        return owner;
    }

    private O ownerOf(long held) {
        return registry.owner(HolderMap.id(held));
    }

    /** The holder of {@code owner} in {@code ps} found through the owner table, made and registered when the owner holds nothing there. */
    private Holder<O> holderFor(O owner, PoolState<O> ps) {
        if (owners == null) {
            owners = new OwnerTable<>();
            registry = new HolderRegistry();
        }
        int hash = owner.hashCode();
        int slot = owners.find(owner, hash);
        Holder<O> first = null;
        if (slot >= 0) {
            first = owners.at(slot);
            for (Holder<O> h = first; h != null; h = h.nextPool) {
                if (h.pool == ps) {
                    lastHolder = h;
                    return h;
                }
            }
        }
        Holder<O> h = new Holder<>(owner, hash, ps);
        h.id = registry.add(h);
        if (first == null) {
            owners.addAt(slot, h);
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
