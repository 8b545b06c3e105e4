package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinCheckTest {
    private static final byte[] UNPINNED = ("""
            <domain type='kvm'>
              <name>web01</name>
              <memory>1048576</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <interface type='network'>
                  <mac address='52:54:00:00:00:01'/>
                  <source network='default'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
                </interface>
                <interface type='network'>
                  <mac address='52:54:00:00:00:02'/>
                  <source network='default'/>
                </interface>
              </devices>
            </domain>
            """).getBytes(StandardCharsets.UTF_8);

    @Test
    void anUnpinnedFileGetsOneFindingAtTheFirstElementAssignWouldChange() {
        FileAssigner.Outcome o = new FileAssigner().assign("vms/web01.xml", UNPINNED, List.of());
        assertTrue(o.changed());
        Finding f = PinCheck.unpinned("vms/web01.xml", UNPINNED, o, false);
        assertEquals(Rule.PIN_UNPINNED, f.rule());
        assertEquals(Severity.WARNING, f.severity());
        // The first insertion is a controller at the top of <devices>: the element assign changes first.
        String before = new String(UNPINNED, StandardCharsets.UTF_8);
        String after = new String(o.newContent(), StandardCharsets.UTF_8);
        int first = 0;
        while (before.charAt(first) == after.charAt(first)) {
            first++;
        }
        assertTrue(first > before.indexOf("<devices>") && first <= before.indexOf("<interface") + 1, after);
        assertEquals("/domain/devices", f.element());
        assertEquals(5, f.line());
        assertEquals(3, f.column());
        assertTrue(f.message().startsWith("not pinned: assign would add " + PinCheck.changes(o) .substring(4)),
                f.message());
        assertTrue(f.message().endsWith("Run mvn addralloc:assign and commit the result"), f.message());
        assertEquals(Severity.ERROR, PinCheck.unpinned("vms/web01.xml", UNPINNED, o, true).severity());
        // Once assigned, the file is pinned.
        assertNull(PinCheck.unpinned("vms/web01.xml", o.newContent(),
                new FileAssigner().assign("vms/web01.xml", o.newContent(), List.of()), true));
    }

    @Test
    void anAddressMissingInsideADeviceIsFoundAtThatDevice() {
        byte[] pinned = new FileAssigner().assign("a.xml", UNPINNED, List.of()).newContent();
        String text = new String(pinned, StandardCharsets.UTF_8);
        int second = text.indexOf("52:54:00:00:00:02");
        int address = text.indexOf("<address", second);
        String unpinned = text.substring(0, address) + text.substring(text.indexOf("/>", address) + 2);
        byte[] bytes = unpinned.getBytes(StandardCharsets.UTF_8);
        FileAssigner.Outcome o = new FileAssigner().assign("a.xml", bytes, List.of());
        Finding f = PinCheck.unpinned("a.xml", bytes, o, false);
        assertEquals("/domain/devices/interface[2]", f.element());
        assertEquals(unpinned.substring(0, unpinned.lastIndexOf("<interface", second)).split("\n", -1).length,
                f.line());
        assertTrue(f.message().startsWith("not pinned: assign would add 1 address, starting here"), f.message());
    }

    @Test
    void theChangesAreCountedInWords() {
        FileResult r = new FileResult("a.xml", FileKind.DOMAIN, List.of());
        byte[] x = {1};
        assertEquals("add 6 addresses and 4 elements", PinCheck.changes(new FileAssigner.Outcome(r, x, 6, 4, 0, null)));
        assertEquals("add 1 address", PinCheck.changes(new FileAssigner.Outcome(r, x, 1, 0, 0, null)));
        assertEquals("add 1 element and change 2 values",
                PinCheck.changes(new FileAssigner.Outcome(r, x, 0, 1, 2, null)));
        assertEquals("change this file", PinCheck.changes(new FileAssigner.Outcome(r, x, 0, 0, 0, null)));
    }
}
