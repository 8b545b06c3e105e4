package io.addralloc.allocator;

import java.lang.ref.Reference;
import java.util.Random;

/**
 * Retained heap of an allocator, measured as the difference in used heap after repeated
 * {@code System.gc()} before and after building it (JOL is not available). Owners and the
 * addresses to reserve are created before the first measurement, so only the allocator counts.
 * Run: {@code java -Xmx2g -cp target-jmh/benchmarks.jar io.addralloc.allocator.AllocatorMemoryHarness}.
 */
public final class AllocatorMemoryHarness {
    private static final AddressSpace U64 = AddressSpace.of("u64", new Field("x", 64));

    private AllocatorMemoryHarness() {}

    public static void main(String[] args) throws InterruptedException {
        Random rnd = new Random(1);
        int n = 200_000;
        long[] inSmall = distinct(rnd, n, 1L << 20);
        Integer[] owners = new Integer[1_000_000];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = Integer.valueOf(i);
        }
        System.out.println("case                                             reservations   retained MB   bytes/reservation"
                + "   trie nodes   leaf words  holder blocks   owners");
        measure("same 200k reservations, 2^20 pool", U64.pool(FieldRange.of(0, (1L << 20) - 1)), U64, inSmall, owners);
        measure("same 200k reservations, 2^32 pool", U64.pool(FieldRange.of(0, (1L << 32) - 1)), U64, inSmall, owners);
        measure("200k scattered over 2^32, 2^32 pool", U64.pool(FieldRange.of(0, (1L << 32) - 1)), U64,
                distinct(rnd, n, 1L << 32), owners);
        measure("1M scattered over 2^32, 2^32 pool", U64.pool(FieldRange.of(0, (1L << 32) - 1)), U64,
                distinct(rnd, 1_000_000, 1L << 32), owners);
        long[] half = half(rnd);
        measure("50% of 2^20 (524288 random), 2^20 pool", U64.pool(FieldRange.of(0, (1L << 20) - 1)), U64, half, owners);
        Integer[] shared = new Integer[owners.length];
        for (int i = 0; i < shared.length; i++) {
            shared[i] = owners[i & 4095];
        }
        measure("same, 4096 owners (as in the benchmarks)", U64.pool(FieldRange.of(0, (1L << 20) - 1)), U64, half, shared);

        AddressSpace.Builder b = AddressSpace.builder("ipv6");
        for (int i = 0; i < 8; i++) {
            b.field("h" + i, 16);
        }
        AddressSpace ipv6 = b.build();
        Pool slash64 = ipv6.pool(FieldRange.single(0x2001), FieldRange.single(0x0db8), FieldRange.single(0),
                FieldRange.single(1), FieldRange.of(0, 0xffff), FieldRange.of(0, 0xffff), FieldRange.of(0, 0xffff),
                FieldRange.of(0, 0xffff));
        measure("IPv6 /64 pool, empty", slash64, ipv6, new long[0], owners);
        long[] hosts = new long[1_000_000];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = rnd.nextLong();
        }
        measure("IPv6 /64 pool, 1M random hosts", slash64, ipv6, hosts, owners);
    }

    private static long[] distinct(Random rnd, int n, long bound) {
        long[] out = rnd.longs(n * 2L, 0, bound).distinct().limit(n).toArray();
        if (out.length < n) {
            throw new IllegalStateException("not enough distinct values");
        }
        return out;
    }

    private static long[] half(Random rnd) {
        return java.util.stream.LongStream.range(0, 1L << 20).filter(i -> rnd.nextBoolean()).toArray();
    }

    private static void measure(String name, Pool pool, AddressSpace space, long[] values, Integer[] owners)
            throws InterruptedException {
        // Addresses are made up front and stay reachable through both readings, so that only the
        // allocator is counted (it keeps indices, not the Address objects).
        Address[] addresses = new Address[values.length];
        for (int i = 0; i < values.length; i++) {
            addresses[i] = space.fieldCount() == 1 ? space.address(values[i]) : ipv6Host(space, values[i]);
        }
        long before = usedHeap();
        AddressAllocator<Integer> alloc = new AddressAllocator<>(space);
        alloc.addPool(pool);
        for (int i = 0; i < addresses.length; i++) {
            alloc.reserve(addresses[i], owners[i]);
        }
        long after = usedHeap();
        Reference.reachabilityFence(addresses);
        long bytes = after - before;
        long[] shape = alloc.structureSize();
        System.out.printf("%-48s %12d %13.1f %19s %12d %12d %14d %8d%n", name, alloc.usedCount(), bytes / 1e6,
                values.length == 0 ? "-" : String.format("%.1f", bytes / (double) values.length), shape[0], shape[1],
                shape[2], shape[3]);
        if (alloc.usedCount() != values.length) {
            throw new IllegalStateException("lost reservations");
        }
    }

    private static Address ipv6Host(AddressSpace space, long host) {
        return space.address(0x2001, 0x0db8, 0, 1, host >>> 48, (host >>> 32) & 0xffff, (host >>> 16) & 0xffff, host & 0xffff);
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
