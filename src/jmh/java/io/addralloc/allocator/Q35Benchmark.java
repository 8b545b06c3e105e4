package io.addralloc.allocator;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One q35 domain's PCI bookkeeping through the core, per file: pcie-root (bus 0, slots 0..31,
 * functions 0..7) and seven pcie-root-ports (buses 1..7, slot 0 each); sixteen devices reserved
 * (the host bridge at 00:00.0, video at 00:01.0, eight root ports at 00:02.0-7, SATA at 00:1f.2,
 * five devices at slot 0 of buses 1..5); then the placement questions a policy asks: the first slot of bus 0 with every
 * function free, the first free hotplug port, the used functions of two slots.
 *
 * <ul>
 *   <li>{@code template}: the buses made into a template once; per file an allocator from it, the
 *       reservations, {@code firstEmpty} and {@code usedMask}. The target is at most 1 us.</li>
 *   <li>{@code templateDryRun}: the same with libvirt's two passes sharing one allocator: mark,
 *       reserve, roll back, reserve again.</li>
 *   <li>{@code perFilePools}: what the core cost a caller before templates and the queries: the
 *       pools built per file, {@code addPool} each, the reservations, and "functions of a slot" as
 *       eight {@code isReserved} calls per slot searched. Runs against old and new code.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Q35Benchmark {
    static final AddressSpace PCI = AddressSpace.builder("pci")
            .field("domain", 16).field("bus", 8).field("slot", 5).field("function", 3, ".").build();
    static final int PORTS = 7;
    static final String[] ROOT_PORTS = {"port0", "port1", "port2", "port3", "port4", "port5", "port6", "port7"};
    static final String[] ON_PORTS = {"net0", "scsi0", "disk0", "balloon0", "rng0"};
    static final Set<String> HOTPLUG = Set.of("hotplug");
    static final AddressPattern BUS0 = PCI.pattern(FieldPattern.value(0), FieldPattern.value(0), FieldPattern.any(),
            FieldPattern.any());
    static final Address SLOT2 = PCI.address(0, 0, 2, 0);
    static final Address SLOT31 = PCI.address(0, 0, 0x1f, 0);
    // template-start
    static final AllocatorTemplate Q35 = AllocatorTemplate.of(PCI, pools());

    static List<Pool> pools() {
        Pool[] pools = new Pool[PORTS + 1];
        pools[0] = root();
        for (int bus = 1; bus <= PORTS; bus++) {
            pools[bus] = port(bus);
        }
        return List.of(pools);
    }
    // template-end

    static Pool root() {
        return PCI.pool(Set.of("pcie"), FieldRange.single(0), FieldRange.single(0), FieldRange.of(0, 31), FieldRange.of(0, 7));
    }

    static Pool port(int bus) {
        return PCI.pool(Set.of("pcie", "hotplug"), FieldRange.single(0), FieldRange.single(bus), FieldRange.single(0),
                FieldRange.of(0, 7));
    }

    /** The sixteen reservations; the addresses are made per file, as a parser makes them. */
    static void reserveDevices(AddressAllocator<String> a) {
        a.reserve(PCI.address(0, 0, 0, 0), "host-bridge");
        a.reserve(PCI.address(0, 0, 1, 0), "video0");
        for (int f = 0; f < 8; f++) {
            a.reserve(PCI.address(0, 0, 2, f), ROOT_PORTS[f]);
        }
        a.reserve(PCI.address(0, 0, 0x1f, 2), "sata0");
        for (int i = 0; i < ON_PORTS.length; i++) {
            a.reserve(PCI.address(0, i + 1, 0, 0), ON_PORTS[i]);
        }
    }
    // template-start

    @Benchmark
    public long template() {
        return templateFile();
    }

    @Benchmark
    public long templateDryRun() {
        return templateDryRunFile();
    }

    static long templateFile() {
        AddressAllocator<String> a = Q35.newAllocator();
        reserveDevices(a);
        return ask(a);
    }

    static long templateDryRunFile() {
        AddressAllocator<String> a = Q35.newAllocator();
        AddressAllocator.Mark dryRun = a.mark();
        reserveDevices(a);
        long seen = a.firstEmpty(BUS0, 1).orElseThrow().get(2);
        a.rollback(dryRun);
        reserveDevices(a);
        return seen + ask(a);
    }

    /** The placement questions: first empty slot of bus 0 (3), first empty hotplug port (bus 6), two slots' functions. */
    private static long ask(AddressAllocator<String> a) {
        return a.firstEmpty(BUS0, 1).orElseThrow().get(2) + a.firstEmpty(PCI.anyAddress(), 1, HOTPLUG).orElseThrow().get(1)
                + a.usedMask(SLOT2) + a.usedMask(SLOT31);
    }
    // template-end

    @Benchmark
    public long perFilePools() {
        return perFilePoolsFile();
    }

    static long perFilePoolsFile() {
        AddressAllocator<String> a = new AddressAllocator<>(PCI);
        a.addPool(root());
        for (int bus = 1; bus <= PORTS; bus++) {
            a.addPool(port(bus));
        }
        reserveDevices(a);
        long seen = firstEmptySlot(a, 0).orElseThrow();
        int freePort = -1;
        for (int bus = 1; bus <= PORTS && freePort < 0; bus++) {
            if (functionsUsed(a, bus, 0) == 0) {
                freePort = bus;
            }
        }
        return seen + freePort + functionsUsed(a, 0, 2) + functionsUsed(a, 0, 0x1f);
    }

    private static Optional<Integer> firstEmptySlot(AddressAllocator<String> a, int bus) {
        for (int slot = 0; slot < 32; slot++) {
            if (functionsUsed(a, bus, slot) == 0) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    private static int functionsUsed(AddressAllocator<String> a, int bus, int slot) {
        int mask = 0;
        for (int f = 0; f < 8; f++) {
            if (a.isReserved(PCI.address(0, bus, slot, f))) {
                mask |= 1 << f;
            }
        }
        return mask;
    }
}
