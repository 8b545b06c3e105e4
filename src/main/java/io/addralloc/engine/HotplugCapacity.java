package io.addralloc.engine;

import io.addralloc.libvirt.addr.PciTopology;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.result.FileFacts;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a domain leaves room to hot-plug a device into the running guest. A PCI Express
 * device can only be hot-plugged into an empty pcie-root-port or pcie-switch-downstream-port
 * (the root bus of q35 and aarch64 virt takes no hot-plug), so those domains need a free port;
 * on pc, any free slot of a hot-pluggable bus (pci-root, pci-bridge) will do. libvirt adds one
 * spare root port only to a new q35 domain whose PCI controllers it manages itself, and a
 * hot-plug, or a device added to the file, uses it up.
 *
 * <p>What is free is measured per file after libvirt's own assignment ({@link #measure}) and
 * kept in the file's facts, so it is cached with them; the threshold is a setting of the build
 * and is applied to every file's facts afterwards ({@link #apply}).
 */
public final class HotplugCapacity {
    private HotplugCapacity() {}

    /**
     * What the simulated domain leaves for hot-plugging; null when libvirt would refuse it (there
     * is no assignment to count) or its machine is none of q35, aarch64 virt and pc.
     */
    static FileFacts.Hotplug measure(DefineSimulation.Outcome sim, LocatedElement root) {
        Domain domain = sim.domain();
        if (domain == null || !sim.accepted()) {
            return null;
        }
        LocatedElement devices = (LocatedElement) root.element("devices");
        FileFacts.Position at = FileFacts.Position.of(devices != null ? devices : root);
        return switch (domain.machine()) {
            case Q35, VIRT -> new FileFacts.Hotplug(true, domain.machine() == Domain.Machine.Q35 ? "q35"
                    : "aarch64 virt", PciTopology.freeHotplugPorts(domain, sim.pciAddresses()), pciPinned(domain), at);
            case PC -> new FileFacts.Hotplug(false, "pc", PciTopology.freeHotplugSlots(domain, sim.pciAddresses()), pciPinned(domain), at);
            default -> null;
        };
    }

    /**
     * Whether a port added to the file would stay free: the file itself gives every PCI controller
     * libvirt ends up with and the PCI address of every device that could take a port. A root
     * port or bridge the file names without an address only takes a slot of the root bus.
     */
    private static boolean pciPinned(Domain domain) {
        for (Device d : domain.all()) {
            Addr.Pci a = d.pci();
            if (a == null || (!d.isImplicit() && d.isController("pci") && ON_ROOT_BUS.contains(d.model))) {
                continue;
            }
            if (d.isImplicit() || !(d.xmlAddr instanceof Addr.Pci x) || !x.isPresent() || !x.sameSlot(a)
                    || x.function() != a.function()) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.Set<String> ON_ROOT_BUS = java.util.Set.of("pcie-root-port", "dmi-to-pci-bridge",
            "pcie-expander-bus", "pci-expander-bus");

    /**
     * The results with an {@link Rule#PCI_NO_HOTPLUG_PORT} warning added to every domain that
     * leaves fewer than {@code minFree} ports (or slots) free; 0 checks nothing.
     */
    public static List<FileResult> apply(List<FileResult> results, int minFree) {
        if (minFree <= 0) {
            return results;
        }
        List<FileResult> out = new ArrayList<>(results.size());
        for (FileResult r : results) {
            FileFacts.Hotplug hp = r.facts().hotplug();
            out.add(hp == null || hp.free() >= minFree ? r : r.plus(List.of(finding(r.path(), hp, minFree))));
        }
        return out;
    }

    static Finding finding(String path, FileFacts.Hotplug hp, int minFree) {
        int missing = minFree - hp.free();
        String message;
        if (hp.ports()) {
            String add = "add " + missing + " <controller type='pci' model='pcie-root-port'/>";
            message = "this " + hp.machine() + " domain has " + count(hp.free(), "free hot-pluggable PCIe port")
                    + " once libvirt has placed every device, and at least " + minFree + " " + (minFree == 1 ? "is"
                    : "are") + " wanted (minFreeHotplugPorts) to hot-plug devices into the running guest; "
                    + (hp.pinned()
                            ? add + " and run addralloc:assign, which pins " + (missing == 1 ? "it" : "them")
                                    + " so that no device takes " + (missing == 1 ? "it" : "them")
                            : "run addralloc:assign first, so that the devices and ports libvirt places itself are"
                                    + " pinned (a port added now would go to one of them), then " + add
                                    + " and run addralloc:assign again to pin " + (missing == 1 ? "it" : "them"));
        } else {
            message = "this " + hp.machine() + " domain has " + count(hp.free(), "free hot-pluggable PCI slot")
                    + " once libvirt has placed every device, and at least " + minFree + " " + (minFree == 1 ? "is"
                    : "are") + " wanted (minFreeHotplugPorts) to hot-plug devices into the running guest; add a <controller type='pci' model='pci-bridge'/> (it takes"
                    + " one slot and gives 31 hot-pluggable ones) and run addralloc:assign to pin it";
        }
        FileFacts.Position at = hp.at();
        return new Finding(Rule.PCI_NO_HOTPLUG_PORT, Rule.PCI_NO_HOTPLUG_PORT.severity(), path,
                at == null ? 0 : at.line(), at == null ? 0 : at.column(), message);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
