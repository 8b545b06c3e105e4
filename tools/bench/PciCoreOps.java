import io.addralloc.allocator.*;
import java.util.*;

/**
 * The allocator core's PCI operations alone, as a q35 file's PCI pass makes them: {@code PciCoreOps}
 * times, per simulated file, an allocator from a template of pcie-root and seven root ports with
 * a mark, 14 reservations of new owners (seven on bus 0, one per root port), 15 used-function
 * masks, 23 first-empty-slot queries, 4 buses added (the dry run's growth), the rollback and the
 * same 4 buses added again, and the 14 reservations again. Prints the mean per file of each group
 * over 200,000 files, eight rounds (the last ones are warm). Compile it against a build like the
 * other tools (see docs/benchmarks.md, issue 18); run it with and without -XX:TieredStopAtLevel=1.
 */
public class PciCoreOps {
    static final AddressSpace SPACE = AddressSpace.builder("pci").field("domain", 16).field("bus", 16).field("slot", 5).field("function", 3, ".").build();
    static Pool pool(int bus, int lo, int hi) { return SPACE.pool(Set.of(), FieldRange.single(0), FieldRange.single(bus), FieldRange.of(lo, hi), FieldRange.of(0, 7)); }
    public static void main(String[] a) {
        List<Pool> ps = new ArrayList<>();
        ps.add(pool(0, 0, 31));
        for (int b = 1; b < 8; b++) ps.add(pool(b, 0, 0));
        Pool[] grown = new Pool[6];
        for (int i = 0; i < 6; i++) grown[i] = pool(8 + i, 0, 0);
        AllocatorTemplate t = AllocatorTemplate.of(SPACE, ps);
        AddressPattern any = SPACE.anyAddress();
        int N = 200_000;
        Object[] owners = new Object[40];
        for (int r = 0; r < 8; r++) {
            long tNew = 0, tRes = 0, tMask = 0, tEmpty = 0, tAdd = 0, tRoll = 0, tRes2 = 0;
            long sink = 0;
            long[] v = new long[4], out = new long[4];
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < owners.length; k++) owners[k] = new Object();
                long t0 = System.nanoTime();
                AddressAllocator<Object> al = t.newAllocator();
                AddressAllocator.Mark m = al.mark();
                long t1 = System.nanoTime();
                // reserve: chipset in bus 0 slot 0, devices one per root port, a few in bus 0
                for (int k = 0; k < 14; k++) { v[1] = k < 7 ? 0 : k - 6; v[2] = k < 7 ? k + 1 : 0; v[3] = 0; al.tryReserveInPool((int) v[1], v, owners[k]); }
                long t2 = System.nanoTime();
                for (int k = 0; k < 15; k++) { v[1] = k % 8; v[2] = 0; v[3] = 0; sink += al.usedMaskInPool((int) v[1], v); }
                long t3 = System.nanoTime();
                for (int k = 0; k < 23; k++) { if (al.firstEmptyInPool(k % 8, any, 1, out)) sink += out[2]; }
                long t4 = System.nanoTime();
                for (int k = 0; k < 4; k++) al.addPool(grown[k]);
                long t5 = System.nanoTime();
                al.rollback(m);
                for (int k = 0; k < 4; k++) al.addPool(grown[k]);
                long t6 = System.nanoTime();
                for (int k = 0; k < 14; k++) { v[1] = k < 7 ? 0 : k - 6; v[2] = k < 7 ? k + 1 : 0; v[3] = 0; al.tryReserveInPool((int) v[1], v, owners[k]); }
                long t7 = System.nanoTime();
                tNew += t1 - t0; tRes += t2 - t1; tMask += t3 - t2; tEmpty += t4 - t3; tAdd += t5 - t4; tRoll += t6 - t5; tRes2 += t7 - t6;
            }
            System.out.printf("new+mark %.0f | 14 reserve %.0f | 15 mask %.0f | 23 empty %.0f | 4 addPool %.0f | rollback+4 addPool %.0f | 14 reserve again %.0f ns  (%d)%n",
                tNew / (double) N, tRes / (double) N, tMask / (double) N, tEmpty / (double) N, tAdd / (double) N, tRoll / (double) N, tRes2 / (double) N, sink);
        }
    }
}
