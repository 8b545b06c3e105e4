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
 *       allocator are disjoint (an overlapping pool is rejected), and each holds at most 2^64
 *       addresses (a larger box must be split).</li>
 *   <li>An {@link io.addralloc.allocator.AddressPattern} gives each field a value, a range or
 *       "any"; it is itself a box.</li>
 *   <li>{@link io.addralloc.allocator.AddressAllocator} reserves exact addresses (answering with a
 *       {@link io.addralloc.allocator.ReserveResult}: reserved, conflict naming the owner, or outside
 *       every pool naming the closest pools), the first free address matching a pattern (optionally
 *       only in pools carrying given flags), any free address; releases by address or by owner;
 *       answers who owns an address, counts, and lists reservations in address order.</li>
 *   <li>Bad calls (wrong number of fields, a value beyond its field's width, an inverted range, an
 *       empty pool, an unknown field name) throw {@link java.lang.IllegalArgumentException} whose
 *       message names the field and the value.</li>
 * </ul>
 *
 * <h2>Data structure</h2>
 * Each pool's box is linearised in mixed radix: the index of an address is
 * {@code sum((v[i] - first[i]) * stride[i])}, monotone with address order inside the box, and an
 * unsigned long because a pool holds at most 2^64 addresses. Per pool the allocator keeps:
 * <ul>
 *   <li>the used indices in a 64-ary radix trie ({@code OccupancyTrie}) whose nodes hold two
 *       64-bit masks over their child blocks, "full" and "mixed"; full and empty blocks store
 *       nothing (they collapse), mixed children live in a compact array ranked by popcount, and
 *       the bottom level is plain 64-bit bitmap words;</li>
 *   <li>the holders, in an open-addressing map from index to holding record;</li>
 * </ul>
 * and across pools an owner-to-holdings map whose holdings form a doubly linked list per owner.
 *
 * <p>libvirt's design splits free boxes on each reservation; a list of boxes makes the first
 * free address cheap to read but turns fragmentation into many boxes to search and merge. The
 * trie keeps a summary at every level instead, so "the lowest free index at or after x" is a
 * descent and at most one ascent of {@code numberOfTrailingZeros} steps.
 *
 * <h2>Costs</h2>
 * With {@code d = ceil(log64(pool size))} (4 for 2^20, 6 for 2^32, 11 for 2^64), {@code P} pools,
 * {@code F} fields:
 * <ul>
 *   <li>reserve exact, release by address, owner lookup: {@code O(P*F)} to find the pool, plus
 *       {@code O(d)} in the trie and expected {@code O(1)} in the maps;</li>
 *   <li>reserve first free (or any): per eligible pool, {@code O(d)} when the pattern cut to the
 *       pool is one contiguous index interval (fields fixed, then one ranged field, then fields
 *       left at "any"; "any address" is such a pattern). Otherwise the search probes the sub-box's
 *       lowest candidate, and when the trie's next free index lies outside the sub-box it jumps to
 *       the sub-box's next address at or after it; each probe skips a whole run of used indices, so
 *       the worst case is {@code O((r + 1) * (d + F))} with {@code r} the number of maximal used runs
 *       inside the sub-box's span (for example every function 3 taken in a bus whose other functions
 *       are free). It never visits used addresses one by one;</li>
 *   <li>release by owner: {@code O(k * d)} for the owner's {@code k} reservations (plus sorting them);</li>
 *   <li>listing: {@code O(n log n)} for {@code n} reservations; counts: {@code O(P)}.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Proportional to reservations and to partially used trie blocks, never to the size of the
 * space: an empty 2^64 pool is one trie node. Per reservation about 40 bytes of holding record
 * and 16-24 bytes of map slots, plus the trie: a run of used indices costs at most two partial
 * blocks per level (a leaf word of 8 bytes and a node of about 40 bytes plus array slots), and
 * reservations close together share blocks. Measured: a million reservations scattered over
 * 2^32 addresses take about 100 MB; the same reservations take the same memory in a 2^20 and a
 * 2^32 pool, apart from one node per extra trie level on the path to the root. The worst case is
 * isolated reservations in a huge pool, each of which pays a chain of single-child nodes: a
 * million random hosts in an IPv6 /64 take about 345 MB (see {@code docs/benchmarks.md},
 * "Allocator core").
 *
 * <h2>Shortcuts</h2>
 * The trie remembers the lowest free index (so "any address" and filling from the bottom need
 * no search) and the last leaf node reached (so a change next to the previous one needs no
 * descent). Each pool remembers the last pattern's cut and where its next search resumes (every
 * sub-box address below that point is used; a release below it resets it), so filling through
 * a pattern does not re-cross what it already filled.
 *
 * <p>Nothing here is thread-safe.
 */
package io.addralloc.allocator;
