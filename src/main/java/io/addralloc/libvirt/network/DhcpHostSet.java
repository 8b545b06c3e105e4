package io.addralloc.libvirt.network;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressPattern;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The IP addresses of one {@code <ip>}'s subnet and the static DHCP hosts that hold them, in the
 * allocator core: the subnet, from its network address to its last, is one pool. An IPv4 address
 * is one 32-bit field; an IPv6 address two 64-bit fields (high and low half), so that a subnet of
 * a prefix below 64 is a pool wider than 2^64, split by the core at the halves.
 *
 * <p>Vocabulary: {@link #reserve} (exact), {@link #reserveNext} (the lowest free address of a
 * range, as dnsmasq hands out a DHCP range's), {@link #release}, {@link #ownerOf}.
 *
 * @param <O> the type of owners
 */
final class DhcpHostSet<O> {
    private static final AddressSpace V4 = AddressSpace.builder("ipv4").field("address", 32).build();
    private static final AddressSpace V6 = AddressSpace.builder("ipv6").field("high", 64).field("low", 64, ":")
            .build();
    private static final long ALL = -1L;

    private final boolean v6;
    private final AddressAllocator<O> hosts;

    /** The addresses from {@code first} to {@code last}, a subnet: the same family, and a box in the halves for IPv6. */
    DhcpHostSet(IpAddress first, IpAddress last) {
        this.v6 = first.v6();
        AddressSpace space = v6 ? V6 : V4;
        hosts = new AddressAllocator<>(space);
        if (v6) {
            hosts.addPool(space.pool(FieldRange.of(high(first), high(last)), FieldRange.of(low(first), low(last))));
        } else {
            hosts.addPool(space.pool(FieldRange.of(low(first), low(last))));
        }
    }

    /** Reserves {@code ip} for {@code owner}: a conflict names the holder; an address outside the subnet is outside the pool. */
    ReserveResult<O> reserve(IpAddress ip, O owner) {
        return hosts.reserve(addressOf(ip), owner);
    }

    /**
     * Reserves the lowest free address from {@code from} to {@code to}, both in the subnet; empty
     * when all are taken. An IPv6 range is up to three boxes in the halves: the rest of
     * {@code from}'s high half, the high halves between, and {@code to}'s high half up to it.
     */
    Optional<IpAddress> reserveNext(IpAddress from, IpAddress to, O owner) {
        if (from.compareTo(to) > 0) {
            return Optional.empty();
        }
        if (!v6) {
            return next(V4.patternBuilder().range("address", low(from), low(to)).build(), owner);
        }
        long hi = high(from);
        long hiTo = high(to);
        if (hi == hiTo) {
            return next(V6.patternBuilder().value("high", hi).range("low", low(from), low(to)).build(), owner);
        }
        Optional<IpAddress> got = next(V6.patternBuilder().value("high", hi).range("low", low(from), ALL).build(),
                owner);
        if (got.isEmpty() && hiTo - hi != 1) {
            got = next(V6.patternBuilder().range("high", hi + 1, hiTo - 1).build(), owner);
        }
        if (got.isEmpty()) {
            got = next(V6.patternBuilder().value("high", hiTo).range("low", 0, low(to)).build(), owner);
        }
        return got;
    }

    /** Frees {@code ip}; returns its owner, empty when it was free. */
    Optional<O> release(IpAddress ip) {
        return hosts.release(addressOf(ip)).map(Reservation::owner);
    }

    /** Who holds {@code ip}; empty when it is free or outside the subnet. */
    Optional<O> ownerOf(IpAddress ip) {
        return hosts.ownerOf(addressOf(ip));
    }

    private Optional<IpAddress> next(AddressPattern pattern, O owner) {
        return hosts.reserveFirstFree(pattern, owner).map(r -> ipOf(r.address()));
    }

    private IpAddress ipOf(Address a) {
        if (!v6) {
            return new IpAddress(BigInteger.valueOf(a.get(0)), false);
        }
        BigInteger high = new BigInteger(Long.toUnsignedString(a.get(0)));
        return new IpAddress(high.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(a.get(1)))), true);
    }

    /** Throws for an address of the other family. */
    private Address addressOf(IpAddress ip) {
        if (ip.v6() != v6) {
            throw new IllegalArgumentException(ip + " is not an IPv" + (v6 ? "6" : "4") + " address");
        }
        return v6 ? V6.address(high(ip), low(ip)) : V4.address(low(ip));
    }

    private static long high(IpAddress ip) {
        return ip.value().shiftRight(64).longValue();
    }

    private static long low(IpAddress ip) {
        return ip.value().longValue();
    }
}
