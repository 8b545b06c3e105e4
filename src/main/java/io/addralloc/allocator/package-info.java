/**
 * A generic address allocator, after libvirt's design for abstracting device address
 * allocation: one implementation serves PCI ({@code domain:bus:slot.function}), drive
 * ({@code controller:bus:target:unit}), virtio-serial, IPv4 and IPv6 addresses alike.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>An {@link io.addralloc.allocator.AddressSpace} names its fields and their widths (1 to 64
 *       bits each, any number of fields, so IPv6 is 8 fields of 16 bits). An
 *       {@link io.addralloc.allocator.Address} is a tuple of unsigned longs, one per field,
 *       ordered lexicographically.</li>
 *   <li>A {@link io.addralloc.allocator.Pool} is a box, the product of one inclusive range per
 *       field, printed {@code {0..0}:{0..31}.{0..7}}, carrying free-form string flags. Pools of an
 *       allocator are disjoint (an overlapping pool is rejected). A pool of more than 2^64
 *       addresses (an IPv6 /32) is split at a field boundary into a prefix and an inner box of at
 *       most 2^64 each; a box that splits no such way is rejected.</li>
 *   <li>An {@link io.addralloc.allocator.AddressPattern} gives each field a value, a range or
 *       "any"; it is itself a box.</li>
 *   <li>{@link io.addralloc.allocator.AddressAllocator} reserves exact addresses (answering with a
 *       {@link io.addralloc.allocator.ReserveResult}: reserved, conflict naming the owner, or outside
 *       every pool naming the closest pools), the first free address matching a pattern (optionally
 *       only in pools carrying given flags, in address order or in the order the pools were added),
 *       any free address; releases by address or by owner; answers who owns an address, the used
 *       values next to an address ({@code usedMask}: a PCI slot's functions), the first prefix whose
 *       inner box is entirely free ({@code firstEmpty}: a slot with no function in use), counts,
 *       and lists reservations in address order. {@code mark()} and {@code rollback(mark)} undo
 *       everything since the mark (libvirt's dry run and real pass on one allocator).</li>
 *   <li>An {@link io.addralloc.allocator.AllocatorTemplate} holds pools checked once (a machine
 *       type's buses) and makes allocators of them in time proportional to the pools.</li>
 *   <li>Bad calls (wrong number of fields, a value beyond its field's width, an inverted range, an
 *       empty pool, an unknown field name) throw {@link java.lang.IllegalArgumentException} whose
 *       message names the field and the value.</li>
 * </ul>
 *
 * <h2>Data structure</h2>
 * Each pool's box is linearised in mixed radix: the index of an address is
 * {@code sum((v[i] - first[i]) * stride[i])}, monotone with address order inside the box, and an
 * unsigned long because an index range holds at most 2^64 addresses. The strides are computed once,
 * when the {@code Pool} is made, in long arithmetic, and shared by every allocator that holds the
 * pool. Per pool the allocator keeps a small state and, from the pool's first reservation on:
 * <ul>
 *   <li>the used indices in a 64-ary radix trie ({@code OccupancyTrie}) whose nodes hold two
 *       64-bit masks over their child blocks, "full" and "mixed"; full and empty blocks store
 *       nothing (they collapse), mixed children live in a compact array ranked by popcount, and
 *       the bottom level is plain 64-bit bitmap words;</li>
 *   <li>who holds each used index, in an open-addressing map keyed by block of 64 indices
 *       ({@code HolderMap}): per block a mask and either one value or a chunk of values in a
 *       shared {@code long[]} arena (ranked by the mask when the block holds up to 16, by position
 *       above). A value is the holder's id and the index's position in the holder's list;</li>
 *   <li>per owner that holds addresses in the pool, a holder ({@code Holder}) with the list of
 *       its indices; release by address moves the list's last entry into the freed position.</li>
 * </ul>
 * A pool of at most 512 indices (a PCI bus, a root port, a USB hub's or a virtio-serial
 * controller's ports) keeps no trie, no holder map and no holders: its used indices are a bitmap
 * of up to eight words and the owners an array ranked by it ({@code SmallOccupancy}), two objects
 * and about 40 bytes at its first reservation where the trie and the map take five and 350; a
 * search there scans at most eight words. Keeping the owner in place makes a new owner's first
 * reservation there cost no holder, no owner-table entry and no id (most owners of a domain hold
 * one address: 14 reservations of a q35 file went from 655 to 293 ns); asking for all of one
 * owner's addresses then scans the small pools' reservations. A larger pool keeps its first 16
 * reservations the same way, sorted in an array with their owners ({@code SparseOccupancy}): a
 * disk bus, a MAC or DHCP range mostly holds a few per file, for which the trie, the holder map and
 * the holders cost eight objects; the 17th reservation moves them all into those.
 * A pool wider than 2^64 keeps one such state (a chunk) per value of its prefix fields that has
 * been used, in a sorted map; a prefix without a chunk is entirely free.
 * Across the other pools, an owner table maps each owner (by {@code equals}) to its holders; it is
 * made at the first reservation in such a pool. A reservation
 * made with an owner object that is equal to the holder's but not the same object gets an alias
 * record of its own, so that it reports the object it was made with. While a mark is live, every
 * change is appended to a journal (state, index, and the owner for a release), which
 * {@code rollback} replays backwards; back to a mark set while nothing was reserved (libvirt's dry
 * run) it empties the pools in place instead, so while every live mark is such a mark only the
 * pools added are recorded. A new owner's holder goes into the owner table at the empty slot its
 * lookup ended on, one probe. The allocator keeps the highest address of its
 * pools, so that a pool added above all of them needs no check against each.
 *
 * <p>The per-index records are numbers, not object references. A reference stored into a
 * long-lived structure costs G1 a card to dirty and later rescan; with one holding object per
 * reservation, linked to its owner's others, that work took more time than the search itself.
 * The block map also keeps neighbouring reservations in one entry, so filling a pool touches few
 * cache lines, and a random lookup reads about two (the slot, then the value in the arena).
 *
 * <p>libvirt's design splits free boxes on each reservation; a list of boxes makes the first
 * free address cheap to read but turns fragmentation into many boxes to search and merge. The
 * trie keeps a summary at every level instead, so "the lowest free index at or after x" is a
 * descent and at most one ascent of {@code numberOfTrailingZeros} steps.
 *
 * <h2>Costs</h2>
 * With {@code d = ceil(log64(pool size))} (2 for up to 4,096 addresses, 4 for 2^20, 6 for 2^32,
 * 11 for 2^64), {@code P} pools, {@code F} fields:
 * <ul>
 *   <li>making a pool: {@code O(F)} long arithmetic ({@code O(F^2)} for one wider than 2^64, to
 *       find the split); {@code Pool.size()} and the counts use {@code BigInteger}, nothing else
 *       does;</li>
 *   <li>{@code AllocatorTemplate.of}: {@code O(P^2 F)} once; {@code newAllocator()}: {@code O(P)},
 *       one small state per pool (about 100 bytes; the last search pattern's cut, about 50 more,
 *       is made at the pool's first {@code firstFree}); a pool's trie root and holder map (about
 *       350 bytes), or a small pool's bitmap (about 40), are made at its first reservation;
 *       {@code addPool}: {@code O(F)} for a pool whose lowest address lies above every pool's highest
 *       (a topology growing bus by bus) or that a rollback removed from the same position, else
 *       {@code O(P*F)};</li>
 *   <li>reserve exact, release by address, owner lookup, {@code isReserved}: {@code O(P*F)} to find
 *       the pool (the pool of the previous lookup is tried first), plus {@code O(d)} in the trie and
 *       expected {@code O(1)} in the maps (in a small pool, a rank over at most eight words); in a pool
 *       wider than 2^64, {@code O(log c)} more to find the chunk among {@code c};</li>
 *   <li>{@code usedMask}: {@code O(F + d)}, two leaf words read, when the last pool looked up holds
 *       the whole window (a PCI bus); else {@code O(P*F + d)} per pool it meets;</li>
 *   <li>reserve first free (or any): per eligible pool, {@code O(d)} when the pattern cut to the
 *       pool is one contiguous index interval (fields fixed, then one ranged field, then fields
 *       left at "any"; "any address" is such a pattern). Otherwise the search probes the sub-box's
 *       lowest candidate, and when the trie's next free index lies outside the sub-box it jumps to
 *       the sub-box's next address at or after it; each probe skips a whole run of used indices, so
 *       the worst case is {@code O((r + 1) * (d + F))} with {@code r} the number of maximal used runs
 *       inside the sub-box's span (for example every function 3 taken in a bus whose other functions
 *       are free). It never visits used addresses one by one. In {@code Order.POOLS_AS_ADDED} the
 *       search stops at the first pool with a match; in a pool wider than 2^64 it tries the chunks
 *       under the pattern in order, each one that has no match costing a search, and the first
 *       prefix without a chunk ends it;</li>
 *   <li>{@code firstEmpty}: per eligible pool that holds the pattern's inner box and could hold a
 *       lower answer, one trie query per prefix tried when the inner fields are whole and the cut
 *       is one index run (a PCI bus with all functions asked for), so {@code O((b + 1) * d)} with
 *       {@code b} the blocked prefixes before the answer, after {@code O(F)} to cut the pattern, which
 *       each pool keeps for its last pattern across allocators (so a template's allocators cut it
 *       once); otherwise each prefix tried is a search
 *       for a used index in a sub-box, as above. Across the chunks of a pool wider than 2^64,
 *       {@code O(c log c)} for its {@code c} chunks;</li>
 *   <li>the operations that name their pool by position ({@code reserveInPool},
 *       {@code usedMaskInPool}, {@code firstEmptyInPools} over a run of positions), for a caller
 *       with one pool per bus in bus order: as above without the {@code O(P*F)} search for the pool,
 *       so a PCI domain with a root port per device does not pay for every bus on each operation.
 *       Their forms that take field values in a caller's array ({@code tryReserveInPool},
 *       {@code usedMaskInPool(int, long[])}, {@code firstEmptyInPool}, {@code ownerInPool}) make
 *       no object at all: no {@code Address}, result or {@code Optional};</li>
 *   <li>{@code mark()}: {@code O(1)}; while a mark is live each change appends three words to the
 *       journal, except that reservations and releases are not recorded while every live mark
 *       was set on an empty allocator (a rollback to such a mark empties the pools and needs only
 *       the pools added); {@code rollback}: {@code O(d)} per change undone, or {@code O(P)} back to a mark set
 *       on an empty allocator; {@code commit}: {@code O(1)},
 *       and the journal is dropped when no mark is left;</li>
 *   <li>release and list by owner: {@code O(k * d)} for the owner's {@code k} reservations in
 *       the trie pools, plus {@code O(s + P)} for the {@code s} reservations kept in place (small
 *       pools, and the first 16 of the others) (plus sorting them);</li>
 *   <li>listing: {@code O(n log n)} for {@code n} reservations; counts: {@code O(P)} (plus the
 *       chunks of pools wider than 2^64).</li>
 * </ul>
 * Every call that returns an address or a reservation creates it ({@code Address} with its
 * values array, {@code Reservation}, {@code Optional}): about 100 bytes, which in the benchmarks
 * costs more than the search; the array forms above avoid it. Measured ({@code docs/benchmarks.md},
 * "The core for a small domain", "PCI through the allocator core" and "Issue 18's cost, third
 * round"): a q35 domain's whole PCI bookkeeping through a template (846 ns in JMH), its
 * operations one by one, and verify's per-file cost with PCI kept here.
 *
 * <h2>Memory</h2>
 * Proportional to reservations, owners and partially used trie blocks, never to the size of the
 * space: an empty pool is its small state alone; a used pool of at most 512 indices adds a bitmap
 * of at most 64 bytes and 4 to 8 bytes per reservation (its owner reference); a larger one keeps
 * its first 16 reservations in two arrays (12 bytes each, about 100 bytes in all), then one trie
 * node and what follows; a pool wider than 2^64 adds a chunk per prefix value used. In the trie
 * pools, per reservation: 8 to 16
 * bytes of block-map value in dense runs (an isolated one pays a slot of about 40 bytes instead)
 * and 8 bytes of list entry;
 * per owner and pool, a holder of 48 bytes and its table slots. The trie adds at most two partial
 * blocks per level for a run of used indices (a leaf word of 8 bytes and a node of about 40 bytes
 * plus array slots), and reservations close together share blocks. Measured with one owner per
 * reservation (the worst case for owners): the same 200,000 reservations take 106 bytes each in a
 * 2^20 and in a 2^32 pool, apart from one trie node per extra level on the path to the root; a
 * million reservations scattered over 2^32 addresses take about 160 MB. Half of a 2^20 pool
 * reserved takes 84 bytes per reservation, or 29 when 4,096 owners share them. The worst case is
 * isolated reservations in a huge pool, each of which pays a chain of single-child nodes: a
 * million random hosts in an IPv6 /64 take about 460 MB (see {@code docs/benchmarks.md},
 * "Allocator core"). Block-map chunks that are freed are reused, not returned: that arena
 * follows the largest number of reservations held at once.
 *
 * <h2>Shortcuts</h2>
 * The trie remembers the lowest free index (so "any address" and filling from the bottom need
 * no search), the last leaf node reached and the last leaf word changed (so a change or a search
 * next to the previous one needs no descent). Each pool remembers the last pattern's cut and
 * where its next search resumes (every sub-box address below that point is used; a release
 * below it resets it), so filling through a pattern does not re-cross what it already filled; a
 * new pattern object equal to the last one keeps that state. The block map remembers its last
 * slot, and the allocator its last pool and its last owner's holder.
 *
 * <h2>Invariants</h2>
 * Every public method leaves these true; package-private {@code checkInvariants()} methods on the
 * allocator, the pool state and the trie check them, and the property tests call them after every
 * step: pools are pairwise disjoint; a pool's trie and holder map hold the same indices, all
 * within the pool; the trie's full and mixed masks are disjoint, no stored block is entirely free
 * or entirely used, and its node and word counts are right; every holder's list agrees with the
 * holder map (holder id and position); reservations and releases are recorded exactly when some
 * live mark was set while something was reserved; {@code usedCount} equals the reservations in the pools and
 * in the holders; the journal reaches every live mark; every sub-box address below a pool's
 * resume point is used (checked for pools of up to 4,096 addresses).
 *
 * <p>Nothing here is thread-safe, except that pools, patterns, addresses and templates are
 * immutable and may be shared.
 */
package io.addralloc.allocator;
