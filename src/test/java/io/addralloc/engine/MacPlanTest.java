package io.addralloc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MacPlanTest {

    private static String domain(String name, String... nics) {
        StringBuilder sb = new StringBuilder("<domain type='qemu'>\n  <name>" + name + "</name>\n"
                + "  <memory>131072</memory>\n  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n  </os>\n"
                + "  <devices>\n");
        for (String mac : nics) {
            sb.append("    <interface type='user'>\n");
            if (!mac.isEmpty()) {
                sb.append("      <mac address='").append(mac).append("'/>\n");
            }
            sb.append("      <model type='virtio'/>\n    </interface>\n");
        }
        return sb.append("  </devices>\n</domain>\n").toString();
    }

    private static FileResult facts(String path, String xml) {
        return new FileResult(path, FileKind.DOMAIN, List.of(), FileFacts.read(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyInterfaceWithoutMacGetsAUniqueQemuMacThatDependsOnlyOnNameAndPosition() {
        List<FileResult> files = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            files.add(facts("vm" + i + ".xml", domain("vm" + i, "", "", "")));
        }
        MacPlan plan = MacPlan.of(files);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<String> macs = plan.macsFor("vm" + i + ".xml");
            assertEquals(3, macs.size());
            for (String m : macs) {
                assertTrue(m.matches("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"), m);
                assertTrue(all.add(m), "given twice: " + m);
            }
        }
        List<FileResult> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(plan.macsFor("vm17.xml"), MacPlan.of(shuffled).macsFor("vm17.xml"));
        // the same domain alone gets the same MACs: nothing else in the build collided with them
        assertEquals(plan.macsFor("vm3.xml"), MacPlan.of(List.of(files.get(3))).macsFor("vm3.xml"));
    }

    @Test
    void aDerivedMacThatIsTakenMovesToTheNextFreeOneAbove() {
        long[] d = MacPlan.derived("web01", 0);
        String taken = String.format("52:54:00:%02x:%02x:%02x", d[0], d[1], d[2]);
        String next = String.format("52:54:00:%02x:%02x:%02x", d[0], d[1], d[2] + 1);
        MacPlan plan = MacPlan.of(List.of(facts("a.xml", domain("other", taken, next)), facts("b.xml",
                domain("web01", ""))));
        long expectedLast = (d[2] + 2) & 0xff;
        // d[2] + 2 may wrap into the next byte; the plan then continues in the fifth byte
        String got = plan.macsFor("b.xml").get(0);
        assertFalse(got.equals(taken) || got.equals(next), got);
        if (d[2] + 2 <= 255) {
            assertEquals(String.format("52:54:00:%02x:%02x:%02x", d[0], d[1], expectedLast), got);
        }
        assertTrue(plan.macsFor("a.xml").isEmpty());
    }

    @Test
    void assignWritesThePlannedMacAsTheFirstChildAndASecondRunKeepsIt() {
        String xml = domain("web01", "", "52:54:00:aa:bb:cc");
        FileResult f = facts("web01.xml", xml);
        MacPlan plan = MacPlan.of(List.of(f));
        String mac = plan.macsFor("web01.xml").get(0);
        FileAssigner assigner = new FileAssigner();
        FileAssigner.Outcome first = assigner.assign("web01.xml", xml.getBytes(StandardCharsets.UTF_8),
                plan.macsFor("web01.xml"));
        String out = new String(first.newContent(), StandardCharsets.UTF_8);
        assertTrue(out.contains("    <interface type='user'>\n      <mac address='" + mac + "'/>\n"
                + "      <model type='virtio'/>\n"), out);
        assertEquals(1, out.split("<mac ", -1).length - 2, "one MAC added, one kept");
        FileResult again = facts("web01.xml", out);
        assertEquals(0, again.facts().nicsWithoutMac());
        FileAssigner.Outcome second = assigner.assign("web01.xml", first.newContent(),
                MacPlan.of(List.of(again)).macsFor("web01.xml"));
        assertFalse(second.changed());
    }
}
