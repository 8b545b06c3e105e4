package io.addralloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSpaceTest {
    static final AddressSpace PCI = AddressSpace.builder("pci")
            .field("domain", 16).field("bus", 8).field("slot", 5).field("function", 3, ".").build();

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message '" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void addressPrintsWithTheSpaceSeparators() {
        assertEquals("0:0:31.7", PCI.address(0, 0, 31, 7).toString());
        assertEquals(31, PCI.address(0, 0, 31, 7).get("slot"));
        assertEquals(4, PCI.fieldCount());
        assertEquals(new Field("slot", 5), PCI.field(2));
    }

    @Test
    void poolPrintsAsRangesAndFlags() {
        assertEquals("{0..0}:{0..0}:{0..31}.{0..7}", PCI.pool(FieldRange.single(0), FieldRange.of(0, 0),
                FieldRange.of(0, 31), FieldRange.of(0, 7)).toString());
        Pool flagged = PCI.pool(Set.of("pcie", "hotplug"), FieldRange.single(0), FieldRange.of(1, 2),
                FieldRange.of(0, 31), FieldRange.of(0, 7));
        assertEquals("{0..0}:{1..2}:{0..31}.{0..7} [hotplug, pcie]", flagged.toString());
        assertEquals(BigInteger.valueOf(512), flagged.size());
        assertTrue(flagged.hasFlags(Set.of("pcie")));
        assertFalse(flagged.hasFlags(Set.of("pcie", "legacy")));
    }

    @Test
    void addressesOrderLexicographicallyAndUnsigned() {
        AddressSpace wide = AddressSpace.of("wide", new Field("hi", 64), new Field("lo", 64));
        assertTrue(wide.address(1, 0).compareTo(wide.address(0, -1L)) > 0);
        assertTrue(wide.address(-1L, 0).compareTo(wide.address(Long.MAX_VALUE, 5)) > 0);
        assertEquals(0, wide.address(3, 4).compareTo(wide.address(3, 4)));
        assertEquals(wide.address(3, 4), wide.address(3, 4));
        assertEquals(wide.address(3, 4).hashCode(), wide.address(3, 4).hashCode());
    }

    @Test
    void addressValuesAreCopied() {
        long[] values = {0, 1, 2, 3};
        Address a = PCI.address(values);
        values[2] = 9;
        a.values()[2] = 9;
        assertEquals(2, a.get(2));
    }

    @Test
    void patternBuilderLeavesUnnamedFieldsOpen() {
        AddressPattern p = PCI.patternBuilder().value("bus", 0).range("slot", 1, 31).build();
        assertEquals("*:0:{1..31}.*", p.toString());
        assertTrue(p.matches(PCI.address(7, 0, 3, 5)));
        assertFalse(p.matches(PCI.address(7, 1, 3, 5)));
        assertFalse(p.matches(PCI.address(7, 0, 0, 5)));
        assertEquals(p, PCI.pattern(FieldPattern.any(), FieldPattern.value(0), FieldPattern.range(1, 31), FieldPattern.any()));
    }

    @Test
    void wrongNumberOfValuesNamesTheFieldsAndTheCount() {
        assertMentions(message(() -> PCI.address(0, 0, 1)), "[domain, bus, slot, function]", "got 3 values");
    }

    @Test
    void wrongNumberOfPatternsNamesTheCount() {
        assertMentions(message(() -> PCI.pattern(FieldPattern.any())), "4 fields", "got 1 field patterns");
    }

    @Test
    void wrongNumberOfRangesNamesTheCount() {
        assertMentions(message(() -> PCI.pool(FieldRange.of(0, 1), FieldRange.of(0, 1))), "got 2 ranges");
    }

    @ParameterizedTest
    @ValueSource(longs = {32, 40, 1L << 40, -1L})
    void valueBeyondWidthNamesFieldAndValue(long slot) {
        assertMentions(message(() -> PCI.address(0, 0, slot, 0)), "field slot", "value " + Long.toUnsignedString(slot),
                "5-bit", "max 31");
    }

    @Test
    void poolRangeBeyondWidthNamesFieldAndValue() {
        assertMentions(message(() -> PCI.pool(FieldRange.single(0), FieldRange.single(0), FieldRange.of(0, 31),
                FieldRange.of(0, 8))), "field function", "value 8");
    }

    @Test
    void patternValueBeyondWidthNamesFieldAndValue() {
        assertMentions(message(() -> PCI.patternBuilder().value("bus", 256)), "field bus", "value 256");
        assertMentions(message(() -> PCI.pattern(FieldPattern.value(0), FieldPattern.value(256), FieldPattern.any(),
                FieldPattern.any())), "field bus", "value 256");
    }

    @Test
    void invertedPoolRangeNamesFieldAndValues() {
        assertMentions(message(() -> PCI.pool(FieldRange.single(0), FieldRange.of(5, 3), FieldRange.of(0, 31),
                FieldRange.of(0, 7))), "field bus", "inverted range 5..3");
    }

    @Test
    void invertedPatternRangeNamesFieldAndValues() {
        assertMentions(message(() -> PCI.patternBuilder().range("slot", 9, 2).build()), "field slot", "inverted range 9..2");
    }

    @Test
    void invertedRangeOfA64BitFieldPrintsUnsigned() {
        AddressSpace wide = AddressSpace.of("wide", new Field("x", 64));
        assertMentions(message(() -> wide.pool(FieldRange.of(-1L, 0))), "field x", "inverted range 18446744073709551615..0");
    }

    @Test
    void emptyPoolIsRejected() {
        assertMentions(message(() -> PCI.pool()), "empty pool", "domain");
    }

    @Test
    void unknownFieldNameIsNamed() {
        assertMentions(message(() -> PCI.patternBuilder().value("port", 1)), "unknown field 'port'", "pci", "slot");
        assertMentions(message(() -> PCI.address(0, 0, 0, 0).get("unit")), "unknown field 'unit'");
    }

    @Test
    void fieldWidthOutside1To64IsRejected() {
        assertMentions(message(() -> new Field("x", 0)), "field x", "width 0");
        assertMentions(message(() -> new Field("y", 65)), "field y", "width 65");
        assertMentions(message(() -> new Field(" ", 8)), "blank");
    }

    @Test
    void duplicateAndMissingFieldsAreRejected() {
        assertMentions(message(() -> AddressSpace.builder("d").field("unit", 4).field("unit", 4)), "field unit", "twice");
        assertMentions(message(() -> AddressSpace.builder("e").build()), "no fields");
    }

    @Test
    void blankPoolFlagIsRejected() {
        assertMentions(message(() -> PCI.pool(List.of(" "), FieldRange.single(0), FieldRange.single(0),
                FieldRange.single(0), FieldRange.single(0))), "flag");
    }

    @Test
    void poolsAndSpacesAreValues() {
        AddressSpace again = AddressSpace.builder("pci")
                .field("domain", 16).field("bus", 8).field("slot", 5).field("function", 3, ".").build();
        assertEquals(PCI, again);
        assertEquals(PCI.hashCode(), again.hashCode());
        Pool a = PCI.pool(Set.of("x"), FieldRange.single(0), FieldRange.single(0), FieldRange.of(0, 31), FieldRange.of(0, 7));
        Pool b = again.pool(Set.of("x"), FieldRange.single(0), FieldRange.single(0), FieldRange.of(0, 31), FieldRange.of(0, 7));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("pci(domain/16:bus/8:slot/5.function/3)", PCI.toString());
    }
}
