package io.addralloc.engine;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressPattern;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldPattern;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Pool;
import io.addralloc.allocator.Reservation;
import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MACs for the interfaces of a build that have none, so assign can pin them as it pins
 * addresses. libvirt draws a random {@code 52:54:00:xx:xx:xx} at each define; here each MAC is
 * derived from the domain's name and the interface's position, so the same file gets the same
 * MAC on every machine, and it is unique across the build: MACs the files already use are
 * reserved first (in the MAC address space of the allocator core), and a derived MAC that is
 * taken moves to the next free one above it, wrapping around.
 */
public final class MacPlan {
    private static final AddressSpace MAC = AddressSpace.builder("mac")
            .field("b0", 8).field("b1", 8, ":").field("b2", 8, ":").field("b3", 8, ":").field("b4", 8, ":")
            .field("b5", 8, ":").build();
    private static final Pool QEMU_RANGE = MAC.pool(FieldRange.single(0x52), FieldRange.single(0x54),
            FieldRange.single(0x00), FieldRange.of(0, 255), FieldRange.of(0, 255), FieldRange.of(0, 255));

    private final Map<String, List<String>> byPath;

    private MacPlan(Map<String, List<String>> byPath) {
        this.byPath = byPath;
    }

    /** The MACs to give the file at {@code path}, in the document order of its interfaces without one. */
    public List<String> macsFor(String path) {
        return byPath.getOrDefault(path, List.of());
    }

    /**
     * Plans MACs for every domain of the build. Deterministic: the files are taken in path order
     * whatever order {@code results} has.
     */
    public static MacPlan of(List<FileResult> results) {
        AddressAllocator<String> macs = new AddressAllocator<>(MAC);
        macs.addPool(QEMU_RANGE);
        List<FileResult> domains = results.stream().filter(r -> r.facts().kind() == FileKind.DOMAIN)
                .sorted(Comparator.comparing(FileResult::path)).toList();
        for (FileResult r : domains) {
            for (FileFacts.Nic nic : r.facts().nics()) {
                if (nic.mac() != null) {
                    // Outside 52:54:00 or already taken: nothing to reserve; verify reports clashes.
                    macs.reserve(parse(nic.mac()), r.path());
                }
            }
        }
        Map<String, List<String>> byPath = new HashMap<>();
        for (FileResult r : domains) {
            int missing = r.facts().nicsWithoutMac();
            if (missing == 0) {
                continue;
            }
            List<String> given = new ArrayList<>(missing);
            String seed = r.facts().name() != null ? r.facts().name() : r.path();
            for (int i = 0; i < missing; i++) {
                Optional<Reservation<String>> got = reserveFrom(macs, derived(seed, i), r.path());
                if (got.isEmpty()) {
                    break; // all 2^24 taken: leave the rest to libvirt
                }
                given.add(format(got.get().address()));
            }
            byPath.put(r.path(), List.copyOf(given));
        }
        return new MacPlan(byPath);
    }

    /**
     * The first free MAC at or above {@code start}, else the first free one at all. "At or
     * above" in field order is three boxes: the rest of start's last byte, the rest of its
     * fifth byte, then everything above its fourth byte.
     */
    private static Optional<Reservation<String>> reserveFrom(AddressAllocator<String> macs, long[] start,
            String owner) {
        List<AddressPattern> order = List.of(
                prefix(FieldPattern.value(start[0]), FieldPattern.value(start[1]), FieldPattern.range(start[2], 255)),
                prefix(FieldPattern.value(start[0]), FieldPattern.range(Math.min(start[1] + 1, 255), 255),
                        FieldPattern.any()),
                prefix(FieldPattern.range(Math.min(start[0] + 1, 255), 255), FieldPattern.any(), FieldPattern.any()),
                prefix(FieldPattern.any(), FieldPattern.any(), FieldPattern.any()));
        for (int i = 0; i < order.size(); i++) {
            if ((i == 1 && start[1] == 255) || (i == 2 && start[0] == 255)) {
                continue;
            }
            Optional<Reservation<String>> r = macs.reserveFirstFree(order.get(i), owner);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static AddressPattern prefix(FieldPattern b3, FieldPattern b4, FieldPattern b5) {
        return MAC.pattern(FieldPattern.value(0x52), FieldPattern.value(0x54), FieldPattern.value(0), b3, b4, b5);
    }

    /** Three bytes of SHA-256 of the domain name and the interface's position among those without a MAC. */
    static long[] derived(String domain, int position) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((domain + "\u0000" + position).getBytes(StandardCharsets.UTF_8));
            return new long[] {h[0] & 0xff, h[1] & 0xff, h[2] & 0xff};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Address parse(String mac) {
        String[] p = mac.split(":");
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
            v[i] = Long.parseLong(p[i], 16);
        }
        return MAC.address(v);
    }

    private static String format(Address a) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            sb.append(i > 0 ? ":" : "").append(String.format(Locale.ROOT, "%02x", a.get(i)));
        }
        return sb.toString();
    }
}
