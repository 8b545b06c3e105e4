package io.addralloc.libvirt.define;

import io.addralloc.libvirt.addr.PciAddressSet;
import io.addralloc.libvirt.assign.CcwAssigner;
import io.addralloc.libvirt.assign.CharDevicePorts;
import io.addralloc.libvirt.assign.DimmAssigner;
import io.addralloc.libvirt.assign.PciAssigner;
import io.addralloc.libvirt.assign.SpaprVioAssigner;
import io.addralloc.libvirt.assign.UsbAssigner;
import io.addralloc.libvirt.assign.VirtioDevices;
import io.addralloc.libvirt.assign.VirtioSerialAssigner;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.LocatedElement;
import java.util.List;

/**
 * What {@code virsh define} would do with a domain on libvirt 9.0 / QEMU 7.2, run offline:
 * parse, post-parse, assign addresses (virtio-serial, spapr-vio, CCW, virtio-mmio, PCI, USB), validate. The outcome holds
 * every problem (libvirt would report only the first) and the domain with every address and
 * implicit controller libvirt would add, which {@code assign} writes back.
 */
public final class DefineSimulation {

    /**
     * @param domain the domain after the simulation, or null when its machine is not modelled
     * @param unsupportedReason why the domain was not simulated, or null
     * @param problems every problem, in the order found, without repeats
     * @param pciAddresses the PCI addresses as the assignment reserved them, or null when not simulated
     */
    public record Outcome(Domain domain, String unsupportedReason, List<Problem> problems,
            PciAddressSet pciAddresses) {
        public boolean accepted() {
            return domain != null && problems.stream().noneMatch(p -> p.severity() == io.addralloc.rules.Severity.ERROR);
        }
    }

    /**
     * The passes after parsing, in libvirt's order: the post-parse callbacks, then
     * qemuDomainAssignAddresses (virtio-serial, spapr-vio, CCW, virtio-mmio, PCI, USB, memory
     * slots, in its order), then validation.
     */
    public static final List<DefinePass> PASSES = List.of(
            new DefinePass("post-parse", "virDomainDefPostParse", c -> PostParse.run(c.domain(), c.problems())),
            new DefinePass("virtio-serial", "qemuDomainAssignVirtioSerialAddresses",
                    c -> VirtioSerialAssigner.run(c.domain(), c.problems())),
            new DefinePass("spapr-vio", "qemuDomainAssignSpaprVIOAddresses",
                    c -> SpaprVioAssigner.run(c.domain(), c.problems())),
            new DefinePass("ccw", "qemuDomainAssignS390Addresses", c -> CcwAssigner.run(c.domain(), c.problems())),
            // After the VIO pass, which retypes some PCI addresses in place.
            new DefinePass("missing-bus", "virDomainDefPostParse (controllers a device needs)",
                    c -> MissingBusWarnings.run(c.domain(), c.problems())),
            new DefinePass("virtio-mmio", "qemuDomainAssignVirtioMMIOAddresses",
                    c -> VirtioDevices.primeVirtioMmio(c.domain())),
            new DefinePass("pci", "qemuDomainAssignPCIAddresses",
                    c -> c.pciAddresses(PciAssigner.run(c.domain(), c.problems()))),
            new DefinePass("usb", "qemuDomainAssignUSBAddresses", c -> UsbAssigner.run(c.domain(), c.problems())),
            new DefinePass("dimm", "qemuDomainAssignMemorySlots", c -> DimmAssigner.run(c.domain(), c.problems())),
            new DefinePass("zero-pci", "qemuDomainAssignPCIAddresses (all-zero addresses)",
                    c -> MissingBusWarnings.zeroPciAddresses(c.domain(), c.problems())),
            new DefinePass("validate", "virDomainDefValidate", c -> Validation.run(c.domain(), c.problems())),
            new DefinePass("char-ports", "virDomainDefAddConsoleCompat and serial port numbering",
                    c -> CharDevicePorts.assign(c.domain())));

    private DefineSimulation() {}

    public static Outcome run(LocatedElement root) {
        DomainReader.Result read = DomainReader.read(root);
        Domain domain = read.domain();
        if (domain == null) {
            return new Outcome(null, read.unsupportedReason(), List.copyOf(read.problems()), null);
        }
        DefineContext context = context(read);
        for (DefinePass pass : PASSES) {
            pass.run(context);
        }
        return new Outcome(domain, null, context.problems().distinct(), context.pciAddresses());
    }

    /**
     * The context the passes start from: the parsed domain, and the problems parsing found. Tests and
     * the benchmark of one pass start from it too, to run the passes one at a time.
     */
    static DefineContext context(DomainReader.Result read) {
        Problems problems = new Problems();
        problems.addAll(read.problems());
        return new DefineContext(read.domain(), problems);
    }

}
