package io.addralloc.libvirt.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.engine.FileChecker;
import io.addralloc.engine.HotplugCapacity;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NoHotplugPort rule on the hot-plug probes of corpus-probes ({@code hp-*}): each was defined
 * on libvirt 9.0 and its dumpxml kept, and the free ports (or slots) the rule counts must be the
 * ones libvirt's output leaves. The probes also show the advice in the message to be right: a
 * root port added to a domain whose layout libvirt still manages takes the place of the spare
 * port libvirt would have added (hp-q35-managed-plus-port: still none free), while one added after
 * addralloc:assign stays free (hp-q35-assigned-plus-port: two free).
 */
class HotplugCapacityTest {
    /** Probe to the free ports (q35, virt) or slots (pc) libvirt's own dumpxml leaves. */
    private static final Map<String, Integer> FREE_IN_LIBVIRTS_OUTPUT = Map.of(
            "hp-q35-no-port", 0, // no PCIe device, so libvirt adds no root port at all
            "hp-q35-port-off", 0, // the empty port says hotplug='off'
            "hp-q35-managed", 1, // the spare root port libvirt adds to a domain it manages
            "hp-q35-managed-plus-port", 0, // an explicit port means libvirt adds no spare
            "hp-q35-assigned-plus-port", 2, // the spare, pinned by assign, and the one added after it
            "hp-q35-switch", 1, // one free downstream port; the other empty one says hotplug='off'
            "hp-virt-managed", 1,
            "hp-pc-root-off", 31); // pci-root takes no hot-plug (the NIC still goes there); the bridge's 31 slots

    private static Corpus probes() throws Exception {
        return Corpus.load(Paths.get("src", "test", "resources", "libvirt", "corpus-probes"));
    }

    @Test
    void theRuleCountsWhatLibvirtsOutputLeavesFree() throws Exception {
        int seen = 0;
        for (Corpus.Case c : probes().cases()) {
            Integer expected = FREE_IN_LIBVIRTS_OUTPUT.get(c.id());
            if (expected == null) {
                continue;
            }
            seen++;
            Domain.Machine machine = "pc".equals(c.machine()) ? Domain.Machine.PC : Domain.Machine.Q35;
            assertEquals(expected, PciTopologyCorpusTest.Libvirt.read(c.outputBytes()).freeHotplug(machine,
                    machine != Domain.Machine.PC), c.id() + ": the expectation is not what libvirt's output says");
            FileResult r = new FileChecker().check(c.id() + ".xml", c.inputBytes());
            assertEquals(expected, r.facts().hotplug().free(), c.id());
            List<Finding> warned = HotplugCapacity.apply(List.of(r), expected + 1).get(0).findings().stream()
                    .filter(f -> f.rule() == Rule.PCI_NO_HOTPLUG_PORT).toList();
            assertEquals(1, warned.size(), c.id() + " with one more wanted than it has");
            assertTrue(HotplugCapacity.apply(List.of(r), Math.max(1, expected)).get(0).findings().stream()
                    .noneMatch(f -> f.rule() == Rule.PCI_NO_HOTPLUG_PORT) == (expected >= 1), c.id());
        }
        assertEquals(FREE_IN_LIBVIRTS_OUTPUT.size(), seen, "a hot-plug probe is missing from corpus-probes");
    }

    @Test
    void theMessageSaysHowManyToAddWhereAndThatAssignPinsThem() throws Exception {
        FileResult managed = check("hp-q35-managed");
        Finding f = only(HotplugCapacity.apply(List.of(managed), 3).get(0));
        assertEquals("hp-q35-managed.xml:5:3: warning: this q35 domain has 1 free hot-pluggable PCIe port once"
                + " libvirt has placed every device, and at least 3 are wanted (minFreeHotplugPorts) to hot-plug"
                + " devices into the running guest; run addralloc:assign first, so that the devices and ports libvirt"
                + " places itself are pinned (a port added now would go to one of them), then add 2 <controller"
                + " type='pci' model='pcie-root-port'/> and run addralloc:assign again to pin them"
                + " [addralloc.pci.NoHotplugPort]", f.toConsoleLine());
        Finding pinned = only(HotplugCapacity.apply(List.of(check("hp-q35-assigned-plus-port")), 3).get(0));
        assertTrue(pinned.message().endsWith("and at least 3 are wanted (minFreeHotplugPorts) to hot-plug devices"
                + " into the running guest; add 1 <controller type='pci' model='pcie-root-port'/> and run"
                + " addralloc:assign, which pins it so that no device takes it"), pinned.message());
        Finding pc = only(HotplugCapacity.apply(List.of(check("hp-pc-root-off")), 32).get(0));
        assertTrue(pc.message().startsWith("this pc domain has 31 free hot-pluggable PCI slots"), pc.message());
        assertTrue(pc.message().contains("add a <controller type='pci' model='pci-bridge'/>"), pc.message());
    }

    @Test
    void zeroTurnsTheRuleOffAndDomainsLibvirtRefusesAreNotCounted() throws Exception {
        FileResult none = check("hp-q35-no-port");
        assertEquals(none.findings(), HotplugCapacity.apply(List.of(none), 0).get(0).findings());
        assertEquals(1, HotplugCapacity.apply(List.of(none), 1).get(0).findings().size());
        String refused = "<domain type='qemu'><name>x</name><memory>1</memory><os><type arch='x86_64' machine='q35'>hvm"
                + "</type></os><devices><interface type='user'><model type='virtio'/><address type='pci' domain='0'"
                + " bus='0' slot='0x22' function='0'/></interface></devices></domain>";
        FileResult r = new FileChecker().check("r.xml", refused.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(r.hasErrors());
        assertEquals(null, r.facts().hotplug(), "libvirt refuses it, so there is no assignment to count");
    }

    private static FileResult check(String id) throws Exception {
        for (Corpus.Case c : probes().cases()) {
            if (c.id().equals(id)) {
                return new FileChecker().check(id + ".xml", c.inputBytes());
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static Finding only(FileResult r) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule() == Rule.PCI_NO_HOTPLUG_PORT).toList();
        assertEquals(1, f.size(), r.findings().toString());
        return f.get(0);
    }
}
