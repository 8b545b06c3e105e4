package io.addralloc.libvirt.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Address numbers read with libvirt's rules (C strtoul, unsigned 32 bits). */
class NumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x1f|0|31", "010|0|8", "10|0|10", "' +5'|0|5", "0X1F|0|31", "4294967295|0|4294967295",
        "4294967296|0|-1", "-1|0|-1", "'5 '|0|-1", "abc|0|-1", "''|0|-1", "08|0|-1", "0x|0|-1",
        "010|10|10", "0x1|10|-1", "12|10|12", "+7|10|7",
        "4096|16|16534", "0x2000|16|8192", "ff|16|255", "0x99999999999999999999|0|-1"})
    void readsLikeLibvirt(String text, int base, long expected) {
        assertEquals(expected, Numbers.parseUnsigned(text, base));
    }
}
