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
import io.addralloc.libvirt.parse.DomainReader;
import io.addralloc.libvirt.xml.LocatedElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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

    private DefineSimulation() {}

    public static Outcome run(LocatedElement root) {
        DomainReader.Result read = DomainReader.read(root);
        List<Problem> problems = new ArrayList<>(read.problems());
        Domain domain = read.domain();
        if (domain == null) {
            return new Outcome(null, read.unsupportedReason(), problems, null);
        }
        beforePci(domain, problems);
        PciAddressSet pci = PciAssigner.run(domain, problems);
        UsbAssigner.run(domain, problems);
        DimmAssigner.run(domain, problems);
        MissingBusWarnings.zeroPciAddresses(domain, problems);
        Validation.run(domain, problems);
        CharDevicePorts.assign(domain);
        return new Outcome(domain, null, List.copyOf(new LinkedHashSet<>(problems)), pci);
    }

    /** The phases before the PCI pass; tools/bench/PciPass.java runs them to time that pass alone. */
    static void beforePci(Domain domain, List<Problem> problems) {
        PostParse.run(domain, problems);
        VirtioSerialAssigner.run(domain, problems);
        SpaprVioAssigner.run(domain, problems);
        CcwAssigner.run(domain, problems);
        // After the VIO pass, which retypes some PCI addresses in place.
        MissingBusWarnings.run(domain, problems);
        VirtioDevices.primeVirtioMmio(domain);
    }
}
