package io.addralloc.allocator;

/**
 * The used indices {@code 0..lastIndex} (unsigned, up to 2^64) of one pool, as a 64-ary radix
 * trie whose blocks collapse when they are entirely free or entirely used.
 *
 * <p>A node of height {@code h} covers 2^(6h) indices as 64 child blocks. For each child it keeps
 * two bits: {@code full} (every index used; nothing stored) and {@code mixed} (some used, some
 * free; the child is stored). A child with neither bit is entirely free and stores nothing.
 * Mixed children sit in a compact array ranked by {@code bitCount(mixed & below)}; at height 2
 * they are 64-bit words of the leaf bitmap, higher up they are nodes. So memory is proportional
 * to the number of partially used blocks, never to the size of the range, and a run of used
 * indices costs at most two partial blocks per level whatever its length.
 *
 * <p>Every operation walks one root-to-leaf path: {@code O(log64 size)} steps (at most 11 for
 * 2^64), each a few word operations. {@link #nextFree} descends to the block holding
 * {@code from}, and if that block has no free index at or after it, backs up one level at a time
 * and takes the lowest non-full sibling with one {@code numberOfTrailingZeros}; it never looks at
 * used indices one by one.
 *
 * <p>Shortcuts keep the common cases at a few word operations, as with a flat bitmap: the lowest
 * free index is remembered (so "first free from the bottom" usually needs no search), and so are
 * the last leaf node reached and the last leaf word changed in place (so reserving, releasing or
 * searching next to the previous change skips the descent, and in the same word even the rank,
 * unless a word fills or empties).
 *
 * <p>Not thread-safe; the result of {@link #nextFree} is passed back through {@link #found()} so
 * that every unsigned long, including 2^64-1, can be an answer.
 */
final class OccupancyTrie {
    private final int height;
    /** The root digit of {@code lastIndex}: root children after it lie beyond the range. */
    private final int maxRootDigit;
    private final Node root = new Node();
    private long found;
    private long nodes = 1;
    private long words;
    /** Every index below this one (unsigned) is used; see {@link #nextFree}. */
    private long lowFree;
    /** Whether {@link #lowFree} itself is known to be free. */
    private boolean lowFreeKnown = true;
    /**
     * The height-2 node last reached, and which 4096-index block it covers. Adding or removing
     * an index there that neither fills nor empties its word changes one word and nothing
     * above it, so it needs no descent. Cleared whenever a height-2 node leaves the trie.
     */
    private Node cachedLeaf;
    private long cachedLeafBlock;
    /**
     * The leaf word last changed in place, as its array and slot, and its 64-index block
     * ({@code index >>> 6}; -1, which no index gives, for none): changing or searching that word
     * again needs not even the leaf node. Set only while the word is mixed; cleared by every
     * change that moves or drops words.
     */
    private long[] cachedWords;
    private int cachedWordSlot;
    private long cachedWordBlock = -1;

    /** Covers indices {@code 0..lastIndex}, read unsigned. */
    OccupancyTrie(long lastIndex) {
        int bits = 64 - Long.numberOfLeadingZeros(lastIndex);
        height = Math.max(2, (bits + 5) / 6);
        maxRootDigit = (int) (lastIndex >>> (6 * (height - 1)));
        // Root children beyond lastIndex count as used, so no search can wander past 2^64.
        if (maxRootDigit < 63) {
            root.full = -1L << (maxRootDigit + 1);
        }
    }

    private static final class Node {
        long full;
        long mixed;
        /** long[] at height 2, Node[] above; ranked by mixed, possibly longer than bitCount(mixed). */
        Object children;
    }

    private static int digit(long index, int h) {
        return (int) (index >>> (6 * (h - 1))) & 63;
    }

    private static int rank(long mask, int digit) {
        return Long.bitCount(mask & ((1L << digit) - 1));
    }

    boolean contains(long index) {
        Node n = root;
        for (int h = height; ; h--) {
            int d = digit(index, h);
            long bit = 1L << d;
            if ((n.full & bit) != 0) {
                return true;
            }
            if ((n.mixed & bit) == 0) {
                return false;
            }
            int r = rank(n.mixed, d);
            if (h == 2) {
                return (((long[]) n.children)[r] >>> index & 1) != 0;
            }
            n = ((Node[]) n.children)[r];
        }
    }

    /** Marks {@code index} used; it must be free. */
    void add(long index) {
        if (index == lowFree) {
            lowFreeKnown = false;
        }
        if (index >>> 6 == cachedWordBlock) {
            long[] ws = cachedWords;
            long w = ws[cachedWordSlot];
            if ((w & 1L << index) == 0 && (w | 1L << index) != -1L) {
                ws[cachedWordSlot] = w | 1L << index;
                return;
            }
        }
        addNear(index);
    }

    private void addNear(long index) {
        Node leaf = cachedLeaf;
        if (leaf != null && index >>> 12 == cachedLeafBlock) {
            long bit = 1L << (index >>> 6);
            if ((leaf.mixed & bit) != 0) {
                long[] ws = (long[]) leaf.children;
                int r = rank(leaf.mixed, (int) (index >>> 6) & 63);
                long w = ws[r];
                if ((w & 1L << index) == 0 && (w | 1L << index) != -1L) {
                    ws[r] = w | 1L << index;
                    cacheWord(ws, r, index);
                    return;
                }
            }
        }
        addIn(root, height, index);
    }

    /** Marks {@code index} free; it must be used. */
    void remove(long index) {
        if (Long.compareUnsigned(index, lowFree) <= 0) {
            lowFree = index;
            lowFreeKnown = true;
        }
        if (index >>> 6 == cachedWordBlock) {
            long[] ws = cachedWords;
            long w = ws[cachedWordSlot];
            if ((w & 1L << index) != 0 && (w & ~(1L << index)) != 0) {
                ws[cachedWordSlot] = w & ~(1L << index);
                return;
            }
        }
        removeNear(index);
    }

    private void removeNear(long index) {
        Node leaf = cachedLeaf;
        if (leaf != null && index >>> 12 == cachedLeafBlock) {
            long bit = 1L << (index >>> 6);
            if ((leaf.mixed & bit) != 0) {
                long[] ws = (long[]) leaf.children;
                int r = rank(leaf.mixed, (int) (index >>> 6) & 63);
                long w = ws[r];
                if ((w & 1L << index) != 0 && (w & ~(1L << index)) != 0) {
                    ws[r] = w & ~(1L << index);
                    cacheWord(ws, r, index);
                    return;
                }
            }
        }
        removeIn(root, height, index);
    }

    /**
     * Looks for the lowest free index at or after {@code from} (unsigned) within the trie's
     * reach; on success {@link #found()} holds it. The answer may exceed {@code lastIndex} when
     * that is not the last index of a block; callers compare.
     */
    boolean nextFree(long from) {
        // Searches from the bottom (the common case: "any address", filling a pool) start at the
        // lowest free index, which is often known outright, instead of walking the used prefix.
        boolean fromBottom = Long.compareUnsigned(from, lowFree) <= 0;
        if (fromBottom) {
            if (lowFreeKnown) {
                found = lowFree;
                return true;
            }
            from = lowFree;
        }
        if (!inCachedWord(from) && !search(from)) {
            return false;
        }
        if (fromBottom) {
            lowFree = found;
            lowFreeKnown = true;
        }
        return true;
    }

    /**
     * The search's first step, small enough to be inlined into callers: filling goes on next to
     * the previous change, so the answer is usually in the same leaf word.
     */
    private boolean inCachedWord(long from) {
        if (from >>> 6 == cachedWordBlock) {
            long free = ~cachedWords[cachedWordSlot] & (-1L << from);
            if (free != 0) {
                found = (from & ~63L) | Long.numberOfTrailingZeros(free);
                return true;
            }
            return false;
        }
        Node leaf = cachedLeaf;
        if (leaf == null || from >>> 12 != cachedLeafBlock) {
            return false;
        }
        long bit = 1L << (from >>> 6);
        if ((leaf.full & bit) != 0) {
            return false;
        }
        if ((leaf.mixed & bit) == 0) {
            found = from;
            return true;
        }
        long free = ~((long[]) leaf.children)[rank(leaf.mixed, (int) (from >>> 6) & 63)] & (-1L << from);
        if (free == 0) {
            return false;
        }
        found = (from & ~63L) | Long.numberOfTrailingZeros(free);
        return true;
    }

    private boolean search(long from) {
        // Next, the rest of the cached leaf node, before descending from the root.
        Node leaf = cachedLeaf;
        if (leaf != null && from >>> 12 == cachedLeafBlock) {
            int d = (int) (from >>> 6) & 63;
            long later = ~leaf.full & (-1L << d) & ~(1L << d);
            if (later != 0) {
                int e = Long.numberOfTrailingZeros(later);
                long base = (from & ~4095L) | ((long) e << 6);
                long eBit = 1L << e;
                found = (leaf.mixed & eBit) == 0 ? base
                        : base | Long.numberOfTrailingZeros(~((long[]) leaf.children)[rank(leaf.mixed, e)]);
                return true;
            }
        }
        return nextFreeIn(root, height, from);
    }

    long found() {
        return found;
    }

    /**
     * Looks for the lowest used index at or after {@code from} (unsigned); on success
     * {@link #found()} holds it. Past {@code lastIndex} only when {@code from} is (the root marks
     * the blocks beyond it as used).
     */
    boolean nextUsed(long from) {
        return nextUsedIn(root, height, from);
    }

    private boolean nextUsedIn(Node n, int h, long from) {
        int d = digit(from, h);
        long bit = 1L << d;
        if ((n.full & bit) != 0) {
            found = from;
            return true;
        }
        if ((n.mixed & bit) != 0) {
            int r = rank(n.mixed, d);
            if (h == 2) {
                long usedBits = ((long[]) n.children)[r] & (-1L << from);
                if (usedBits != 0) {
                    found = (from & ~63L) | Long.numberOfTrailingZeros(usedBits);
                    return true;
                }
            } else if (nextUsedIn(((Node[]) n.children)[r], h - 1, from)) {
                return true;
            }
        }
        long later = (n.full | n.mixed) & (-1L << d) & ~bit;
        if (h == height && maxRootDigit < 63) {
            // The root's blocks beyond lastIndex are marked used but hold nothing (and may lie past 2^64).
            later &= (1L << (maxRootDigit + 1)) - 1;
        }
        if (later == 0) {
            return false;
        }
        int e = Long.numberOfTrailingZeros(later);
        long base = (6 * h >= 64 ? 0 : from & (-1L << (6 * h))) | ((long) e << (6 * (h - 1)));
        long eBit = 1L << e;
        if ((n.full & eBit) != 0) {
            found = base;
        } else if (h == 2) {
            found = base | Long.numberOfTrailingZeros(((long[]) n.children)[rank(n.mixed, e)]);
        } else {
            found = lowestUsed(((Node[]) n.children)[rank(n.mixed, e)], h - 1, base);
        }
        return true;
    }

    /** Lowest used index in a mixed node of height {@code h} whose block starts at {@code base}. */
    private static long lowestUsed(Node n, int h, long base) {
        while (true) {
            int e = Long.numberOfTrailingZeros(n.full | n.mixed);
            long at = base | ((long) e << (6 * (h - 1)));
            if ((n.full & (1L << e)) != 0) {
                return at;
            }
            int r = rank(n.mixed, e);
            if (h == 2) {
                return at | Long.numberOfTrailingZeros(((long[]) n.children)[r]);
            }
            n = ((Node[]) n.children)[r];
            base = at;
            h--;
        }
    }

    /** The used bits of indices {@code from..from+count-1} (count 1 to 64), from bit 0; blocks beyond the range read as used. */
    long bits(long from, int count) {
        long block = from >>> 6;
        int offset = (int) from & 63;
        long result = word(block) >>> offset;
        if (offset != 0 && count > 64 - offset && block != -1L >>> 6) {
            result |= word(block + 1) << (64 - offset);
        }
        return count == 64 ? result : result & ((1L << count) - 1);
    }

    /** The 64 used bits of the indices {@code block * 64 ..}. */
    private long word(long block) {
        return block == cachedWordBlock ? cachedWords[cachedWordSlot] : storedWord(block);
    }

    /** {@link #word} read from the root down. */
    private long storedWord(long block) {
        long index = block << 6;
        Node n = root;
        for (int h = height; ; h--) {
            int d = digit(index, h);
            long bit = 1L << d;
            if ((n.full & bit) != 0) {
                return -1L;
            }
            if ((n.mixed & bit) == 0) {
                return 0;
            }
            int r = rank(n.mixed, d);
            if (h == 2) {
                return ((long[]) n.children)[r];
            }
            n = ((Node[]) n.children)[r];
        }
    }

    /**
     * Throws {@link IllegalStateException} unless the structure is sound: full and mixed masks
     * disjoint, a stored child neither entirely free nor entirely used, children arrays large
     * enough, node and word counts right, and the remembered lowest free index and last word
     * true. Returns the number of used indices up to {@code lastIndex}. For tests.
     */
    long checkInvariants() {
        long[] counts = new long[2];
        long usedCount = 0;
        for (int d = 0; d < 64; d++) {
            // Root children beyond lastIndex are marked full from the start and stay so.
            if (d > maxRootDigit) {
                continue;
            }
            usedCount += childUsed(root, height, d, counts);
        }
        if (counts[0] + 1 != nodes || counts[1] != words) {
            throw new IllegalStateException("counted " + (counts[0] + 1) + " nodes and " + counts[1] + " words, recorded "
                    + nodes + " and " + words);
        }
        if (Long.compareUnsigned(lowFree, 0) > 0 && !contains(lowFree - 1)) {
            // Only the index just below is checked here; the property tests compare searches with a model.
            throw new IllegalStateException("index " + Long.toUnsignedString(lowFree - 1) + " below lowFree is free");
        }
        if (lowFreeKnown && contains(lowFree)) {
            throw new IllegalStateException("lowFree " + Long.toUnsignedString(lowFree) + " is known free but used");
        }
        if (cachedWordBlock != -1 && cachedWords[cachedWordSlot] != storedWord(cachedWordBlock)) {
            throw new IllegalStateException("the cached word of block " + cachedWordBlock + " is stale");
        }
        return usedCount;
    }

    /** Used indices under child {@code d} of {@code n} (height {@code h}), checking the subtree. */
    private long childUsed(Node n, int h, int d, long[] counts) {
        long bit = 1L << d;
        if ((n.full & n.mixed) != 0) {
            throw new IllegalStateException("a block is both full and mixed");
        }
        int stored = Long.bitCount(n.mixed);
        if (stored > 0 && (n.children == null || java.lang.reflect.Array.getLength(n.children) < stored)) {
            throw new IllegalStateException("children array shorter than the mixed mask");
        }
        long blockSize = 1L << (6 * (h - 1));
        if ((n.full & bit) != 0) {
            return blockSize;
        }
        if ((n.mixed & bit) == 0) {
            return 0;
        }
        int r = rank(n.mixed, d);
        if (h == 2) {
            long w = ((long[]) n.children)[r];
            counts[1]++;
            if (w == 0 || w == -1L) {
                throw new IllegalStateException("a stored leaf word is entirely " + (w == 0 ? "free" : "used"));
            }
            return Long.bitCount(w);
        }
        Node kid = ((Node[]) n.children)[r];
        counts[0]++;
        if (kid.full == -1L || (kid.full == 0 && kid.mixed == 0)) {
            throw new IllegalStateException("a stored node is entirely " + (kid.full == -1L ? "used" : "free"));
        }
        long sum = 0;
        for (int e = 0; e < 64; e++) {
            sum += childUsed(kid, h - 1, e, counts);
        }
        return sum;
    }

    /** Trie nodes currently allocated, the root included (for memory-shape checks). */
    long nodeCount() {
        return nodes;
    }

    /** Leaf bitmap words currently stored (for memory-shape checks). */
    long wordCount() {
        return words;
    }

    private void cacheWord(long[] ws, int slot, long index) {
        // Written only when it changes: a reference store into a long-lived object costs a G1 barrier.
        if (cachedWords != ws) {
            cachedWords = ws;
        }
        cachedWordSlot = slot;
        cachedWordBlock = index >>> 6;
    }

    private void cacheLeaf(Node leaf, long index) {
        // Written only when it changes: a reference store into a long-lived object costs a G1 barrier.
        if (cachedLeaf != leaf) {
            cachedLeaf = leaf;
        }
        cachedLeafBlock = index >>> 12;
    }

    /** Returns whether {@code n} became full. */
    private boolean addIn(Node n, int h, long index) {
        int d = digit(index, h);
        long bit = 1L << d;
        if ((n.full & bit) != 0) {
            throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is already used");
        }
        if (h == 2) {
            cacheLeaf(n, index);
            long b = 1L << index;
            if ((n.mixed & bit) != 0) {
                int r = rank(n.mixed, d);
                long[] ws = (long[]) n.children;
                if ((ws[r] & b) != 0) {
                    throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is already used");
                }
                long w = ws[r] | b;
                if (w == -1L) {
                    removeWord(n, r);
                    n.mixed &= ~bit;
                    n.full |= bit;
                } else {
                    ws[r] = w;
                    cacheWord(ws, r, index);
                }
            } else {
                int r = rank(n.mixed, d);
                insertWord(n, r, b);
                n.mixed |= bit;
                cacheWord((long[]) n.children, r, index);
            }
        } else if ((n.mixed & bit) != 0) {
            int r = rank(n.mixed, d);
            if (addIn(((Node[]) n.children)[r], h - 1, index)) {
                removeKid(n, r);
                n.mixed &= ~bit;
                n.full |= bit;
            }
        } else {
            Node kid = new Node();
            nodes++;
            addIn(kid, h - 1, index);
            insertKid(n, rank(n.mixed, d), kid);
            n.mixed |= bit;
        }
        return n.full == -1L;
    }

    /** Returns whether {@code n} became empty. */
    private boolean removeIn(Node n, int h, long index) {
        int d = digit(index, h);
        long bit = 1L << d;
        if ((n.full & bit) != 0) {
            // Split the collapsed full block: materialise it as all-used, then clear one index.
            n.full &= ~bit;
            if (h == 2) {
                int r = rank(n.mixed, d);
                insertWord(n, r, ~(1L << index));
                cacheWord((long[]) n.children, r, index);
            } else {
                Node kid = new Node();
                nodes++;
                kid.full = -1L;
                removeIn(kid, h - 1, index);
                insertKid(n, rank(n.mixed, d), kid);
            }
            n.mixed |= bit;
        } else if ((n.mixed & bit) != 0) {
            int r = rank(n.mixed, d);
            if (h == 2) {
                cacheLeaf(n, index);
                long[] ws = (long[]) n.children;
                long b = 1L << index;
                if ((ws[r] & b) == 0) {
                    throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is not used");
                }
                long w = ws[r] & ~b;
                if (w == 0) {
                    removeWord(n, r);
                    n.mixed &= ~bit;
                } else {
                    ws[r] = w;
                    cacheWord(ws, r, index);
                }
            } else if (removeIn(((Node[]) n.children)[r], h - 1, index)) {
                removeKid(n, r);
                n.mixed &= ~bit;
            }
        } else {
            throw new IllegalStateException("index " + Long.toUnsignedString(index) + " is not used");
        }
        return n.full == 0 && n.mixed == 0;
    }

    private boolean nextFreeIn(Node n, int h, long from) {
        int d = digit(from, h);
        long bit = 1L << d;
        if ((n.full & bit) == 0) {
            if ((n.mixed & bit) == 0) {
                found = from;
                return true;
            }
            int r = rank(n.mixed, d);
            if (h == 2) {
                long free = ~((long[]) n.children)[r] & (-1L << from);
                if (free != 0) {
                    found = (from & ~63L) | Long.numberOfTrailingZeros(free);
                    return true;
                }
            } else if (nextFreeIn(((Node[]) n.children)[r], h - 1, from)) {
                return true;
            }
        }
        long later = ~n.full & (-1L << d) & ~bit;
        if (later == 0) {
            return false;
        }
        int e = Long.numberOfTrailingZeros(later);
        long base = (6 * h >= 64 ? 0 : from & (-1L << (6 * h))) | ((long) e << (6 * (h - 1)));
        long eBit = 1L << e;
        if ((n.mixed & eBit) == 0) {
            found = base;
        } else if (h == 2) {
            found = base | Long.numberOfTrailingZeros(~((long[]) n.children)[rank(n.mixed, e)]);
        } else {
            found = lowestFree(((Node[]) n.children)[rank(n.mixed, e)], h - 1, base);
        }
        return true;
    }

    /** Lowest free index in a mixed node of height {@code h} whose block starts at {@code base}. */
    private static long lowestFree(Node n, int h, long base) {
        while (true) {
            int e = Long.numberOfTrailingZeros(~n.full);
            long at = base | ((long) e << (6 * (h - 1)));
            if ((n.mixed & (1L << e)) == 0) {
                return at;
            }
            int r = rank(n.mixed, e);
            if (h == 2) {
                return at | Long.numberOfTrailingZeros(~((long[]) n.children)[r]);
            }
            n = ((Node[]) n.children)[r];
            base = at;
            h--;
        }
    }

    private void insertWord(Node n, int r, long w) {
        cachedWordBlock = -1;
        int count = Long.bitCount(n.mixed);
        long[] a = (long[]) n.children;
        if (a == null || count == a.length) {
            long[] b = new long[count == 0 ? 1 : Math.min(64, count * 2)];
            if (a != null) {
                System.arraycopy(a, 0, b, 0, r);
                System.arraycopy(a, r, b, r + 1, count - r);
            }
            a = b;
            n.children = a;
        } else {
            System.arraycopy(a, r, a, r + 1, count - r);
        }
        a[r] = w;
        words++;
    }

    private void removeWord(Node n, int r) {
        cachedWordBlock = -1;
        int count = Long.bitCount(n.mixed);
        long[] a = (long[]) n.children;
        words--;
        if (count == 1) {
            n.children = null;
            return;
        }
        if ((count - 1) * 4 <= a.length) {
            long[] b = new long[(count - 1) * 2];
            System.arraycopy(a, 0, b, 0, r);
            System.arraycopy(a, r + 1, b, r, count - r - 1);
            n.children = b;
        } else {
            System.arraycopy(a, r + 1, a, r, count - r - 1);
        }
    }

    private void insertKid(Node n, int r, Node kid) {
        int count = Long.bitCount(n.mixed);
        Node[] a = (Node[]) n.children;
        if (a == null || count == a.length) {
            Node[] b = new Node[count == 0 ? 1 : Math.min(64, count * 2)];
            if (a != null) {
                System.arraycopy(a, 0, b, 0, r);
                System.arraycopy(a, r, b, r + 1, count - r);
            }
            a = b;
            n.children = a;
        } else {
            System.arraycopy(a, r, a, r + 1, count - r);
        }
        a[r] = kid;
    }

    private void removeKid(Node n, int r) {
        int count = Long.bitCount(n.mixed);
        Node[] a = (Node[]) n.children;
        nodes--;
        cachedLeaf = null;
        cachedWordBlock = -1;
        if (count == 1) {
            n.children = null;
            return;
        }
        if ((count - 1) * 4 <= a.length) {
            Node[] b = new Node[(count - 1) * 2];
            System.arraycopy(a, 0, b, 0, r);
            System.arraycopy(a, r + 1, b, r, count - r - 1);
            n.children = b;
        } else {
            System.arraycopy(a, r + 1, a, r, count - r - 1);
            a[count - 1] = null;
        }
    }
}
