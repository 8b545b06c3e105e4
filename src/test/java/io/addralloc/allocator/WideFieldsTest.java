package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** 64-bit fields at their extremes and an IPv6 /64: unsigned values, 2^64-sized and larger pools, BigInteger counts. */
class WideFieldsTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final AddressSpace U64 = AddressSpace.of("u64", new Field("x", 64));
    private static final AddressSpace IPV6;

    static {
        AddressSpace.Builder b = AddressSpace.builder("ipv6");
        for (int i = 0; i < 8; i++) {
            b.field("h" + i, 16);
        }
        IPV6 = b.build();
    }

    @Test
    void fullSixtyFourBitPoolUsesBothExtremes() {
        AddressAllocator<String> a = new AddressAllocator<>(U64);
        a.addPool(U64.pool(FieldRange.of(0, -1L)));
        assertEquals(TWO_64, a.totalCount());
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(U64.address(-1L), "top"));
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(U64.address(-2L), "below top"));
        assertEquals(0, a.reserveAny("bottom").orElseThrow().address().get(0));
        assertEquals(TWO_64.subtract(BigInteger.valueOf(3)), a.freeCount());
        assertEquals("18446744073709551615", U64.address(-1L).toString());
        assertEquals(Optional.of("top"), a.ownerOf(U64.address(-1L)));
    }

    @Test
    void firstFreeNearTheTopOfASixtyFourBitField() {
        AddressAllocator<String> a = new AddressAllocator<>(U64);
        a.addPool(U64.pool(FieldRange.of(0, -1L)));
        AddressPattern top = U64.pattern(FieldPattern.range(-3L, -1L));
        assertEquals(-3L, a.reserveFirstFree(top, "a").orElseThrow().address().get(0));
        assertEquals(-2L, a.reserveFirstFree(top, "b").orElseThrow().address().get(0));
        assertEquals(-1L, a.reserveFirstFree(top, "c").orElseThrow().address().get(0));
        assertEquals(Optional.empty(), a.reserveFirstFree(top, "d"));
        a.release(U64.address(-2L));
        assertEquals(-2L, a.reserveFirstFree(top, "e").orElseThrow().address().get(0));
    }

    @Test
    void firstFreeAfterATopPoolOfOneAddress() {
        AddressAllocator<String> a = new AddressAllocator<>(U64);
        a.addPool(U64.pool(FieldRange.single(-1L)));
        assertEquals(-1L, a.reserveAny("only").orElseThrow().address().get(0));
        assertEquals(Optional.empty(), a.reserveAny("none"));
    }

    @Test
    void twoSixtyFourBitFieldsWithOneFixed() {
        AddressSpace pair = AddressSpace.of("pair", new Field("hi", 64), new Field("lo", 64));
        AddressAllocator<String> a = new AddressAllocator<>(pair);
        a.addPool(pair.pool(FieldRange.single(-1L), FieldRange.of(0, -1L)));
        a.addPool(pair.pool(FieldRange.single(0), FieldRange.of(0, -1L)));
        assertEquals(TWO_64.shiftLeft(1), a.totalCount());
        assertEquals(pair.address(0, 0), a.reserveAny("a").orElseThrow().address());
        AddressPattern topLo = pair.pattern(FieldPattern.any(), FieldPattern.value(-1L));
        assertEquals(pair.address(0, -1L), a.reserveFirstFree(topLo, "b").orElseThrow().address());
        assertEquals(pair.address(-1L, -1L), a.reserveFirstFree(topLo, "c").orElseThrow().address());
        assertEquals(Optional.empty(), a.firstFree(topLo));
    }

    @Test
    void aPoolOfTwoToTheSixtyFiveAddressesIsSplitInTwoChunks() {
        AddressSpace pair = AddressSpace.of("pair", new Field("hi", 64), new Field("lo", 64));
        AddressAllocator<String> a = new AddressAllocator<>(pair);
        Pool both = a.addPool(pair.pool(FieldRange.of(0, 1), FieldRange.of(0, -1L)));
        assertEquals(TWO_64.shiftLeft(1), both.size());
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(pair.address(0, -1L), "end of the first"));
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(pair.address(1, 0), "start of the second"));
        AddressPattern around = pair.pattern(FieldPattern.any(), FieldPattern.range(-1L, -1L));
        assertEquals(pair.address(1, -1L), a.reserveFirstFree(around, "next").orElseThrow().address());
        assertEquals(pair.address(0, 0), a.reserveAny("bottom").orElseThrow().address());
        assertEquals(TWO_64.shiftLeft(1).subtract(BigInteger.valueOf(4)), a.freeCount());
        a.checkInvariants();
    }

    @Test
    void ipv6SlashSixtyFourPool() {
        AddressAllocator<String> a = new AddressAllocator<>(IPV6);
        // 2001:db8:0:1::/64, in decimal per field.
        Pool lan = a.addPool(IPV6.pool(FieldRange.single(0x2001), FieldRange.single(0x0db8), FieldRange.single(0),
                FieldRange.single(1), FieldRange.of(0, 0xffff), FieldRange.of(0, 0xffff), FieldRange.of(0, 0xffff),
                FieldRange.of(0, 0xffff)));
        assertEquals(TWO_64, lan.size());
        assertEquals(TWO_64, a.freeCount());

        a.reserve(IPV6.address(0x2001, 0x0db8, 0, 1, 0, 0, 0, 0), "subnet-router anycast");
        Address first = a.reserveAny("router").orElseThrow().address();
        assertEquals(IPV6.address(0x2001, 0x0db8, 0, 1, 0, 0, 0, 1), first);

        Address nearTop = IPV6.address(0x2001, 0x0db8, 0, 1, 0xffff, 0xffff, 0xffff, 0xfffe);
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(nearTop, "high"));
        Address top = IPV6.address(0x2001, 0x0db8, 0, 1, 0xffff, 0xffff, 0xffff, 0xffff);
        AddressPattern upper = IPV6.patternBuilder().value("h4", 0xffff).value("h5", 0xffff).value("h6", 0xffff)
                .range("h7", 0xfff0, 0xffff).build();
        assertEquals(IPV6.address(0x2001, 0x0db8, 0, 1, 0xffff, 0xffff, 0xffff, 0xfff0),
                a.reserveFirstFree(upper, "x").orElseThrow().address());
        assertInstanceOf(ReserveResult.Reserved.class, a.reserve(top, "top"));
        assertInstanceOf(ReserveResult.Conflict.class, a.reserve(top, "again"));
        assertEquals(5, a.usedCount());
        assertEquals(TWO_64.subtract(BigInteger.valueOf(5)), a.freeCount());

        // A pattern fixing a middle field of the /64: the lowest free address with h5 = 7.
        AddressPattern middle = IPV6.patternBuilder().value("h5", 7).build();
        assertEquals(IPV6.address(0x2001, 0x0db8, 0, 1, 0, 7, 0, 0), a.firstFree(middle).orElseThrow());

        ReserveResult<String> outside = a.reserve(IPV6.address(0x2001, 0x0db8, 0, 2, 0, 0, 0, 1), "x");
        assertTrue(outside.toString().contains("h3 2 not in {1..1}"), outside.toString());
    }
}
