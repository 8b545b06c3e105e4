package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A build drafts each file once and completes it with the build's MACs: the same outcome as assigning at once. */
class FileAssignerDraftTest {
    private static final byte[] TWO_NICS_WITHOUT_MAC = ("""
            <domain type='qemu'>
              <name>web01</name>
              <memory>131072</memory>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <interface type='network'><source network='lan'/><model type='virtio'/></interface>
                <interface type='network'>
                  <mac address='52:54:00:00:00:01'/>
                  <source network='lan'/>
                </interface>
                <interface type='user'/>
              </devices>
            </domain>
            """).getBytes(StandardCharsets.UTF_8);

    private static final List<String> MACS = List.of("52:54:00:aa:bb:01", "52:54:00:aa:bb:02");

    private static void assertSameOutcome(FileAssigner.Outcome want, FileAssigner.Outcome got) {
        assertArrayEquals(want.newContent(), got.newContent());
        assertEquals(want.result(), got.result());
        assertEquals(want.addresses(), got.addresses());
        assertEquals(want.elements(), got.elements());
        assertEquals(want.replacements(), got.replacements());
        assertEquals(want.diff(), got.diff());
    }

    @Test
    void aCompletedDraftEqualsAssigningWithTheMacsAtOnce() {
        FileAssigner.Draft draft = new FileAssigner().draft("web01.xml", TWO_NICS_WITHOUT_MAC, true);
        assertTrue(draft.wantsMacs());
        FileAssigner.Outcome got = draft.complete(MACS);
        assertSameOutcome(new FileAssigner().assign("web01.xml", TWO_NICS_WITHOUT_MAC, MACS), got);
        String text = new String(got.newContent(), StandardCharsets.UTF_8);
        assertTrue(text.contains("<mac address='52:54:00:aa:bb:01'/>"), text);
        assertTrue(text.contains("<mac address='52:54:00:aa:bb:02'/>"), text);
        assertFalse(text.contains("\0"), text);
    }

    @Test
    void fewerMacsThanInterfacesLeaveTheRestWithoutOne() {
        List<String> one = MACS.subList(0, 1);
        FileAssigner.Outcome got = new FileAssigner().draft("web01.xml", TWO_NICS_WITHOUT_MAC, true).complete(one);
        assertSameOutcome(new FileAssigner().assign("web01.xml", TWO_NICS_WITHOUT_MAC, one), got);
        assertFalse(new String(got.newContent(), StandardCharsets.UTF_8).contains("\0"));
    }

    @Test
    void theDiffIsMadeOnlyWhenAskedFor() {
        FileAssigner.Outcome without = new FileAssigner().draft("web01.xml", TWO_NICS_WITHOUT_MAC, false)
                .complete(MACS);
        assertTrue(without.changed());
        assertNull(without.diff());
        FileAssigner.Outcome with = new FileAssigner().draft("web01.xml", TWO_NICS_WITHOUT_MAC, true).complete(MACS);
        assertNotNull(with.diff());
        assertArrayEquals(with.newContent(), without.newContent());
    }

    @Test
    void aFileWithEveryMacWaitsForNothing() {
        byte[] pinned = new FileAssigner().assign("web01.xml", TWO_NICS_WITHOUT_MAC, MACS).newContent();
        FileAssigner.Draft draft = new FileAssigner().draft("web01.xml", pinned, false);
        assertFalse(draft.wantsMacs());
        assertFalse(draft.complete(List.of()).changed());
    }
}
