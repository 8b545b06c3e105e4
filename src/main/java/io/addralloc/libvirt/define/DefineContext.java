package io.addralloc.libvirt.define;

import io.addralloc.libvirt.addr.PciAddressSet;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problems;
import java.util.Objects;

/**
 * What the passes of one define share: the domain they complete, the problems they find, and
 * what a pass leaves for later ones and for the outcome (the PCI address set, which the topology
 * of the report reads). One per simulated file.
 */
public final class DefineContext {
    private final Domain domain;
    private final Problems problems;
    private PciAddressSet pciAddresses;

    public DefineContext(Domain domain, Problems problems) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    public Domain domain() {
        return domain;
    }

    public Problems problems() {
        return problems;
    }

    /** The PCI address set as the PCI pass left it; null before that pass ran. */
    public PciAddressSet pciAddresses() {
        return pciAddresses;
    }

    void pciAddresses(PciAddressSet set) {
        this.pciAddresses = set;
    }
}
